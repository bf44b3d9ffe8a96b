//! For any command and any assignment of the same path to several of its
//! inputs and outputs, no input file changes (issue 16: `align ru.txt
//! en.txt -o ru.txt` replaced the Russian source with the table).

use std::process::Command;

use proptest::prelude::*;

const RU: &str = "Вопрос: Как Москва относится к сближению Белоруссии и Евросоюза?\n\nС.В.Лавров: У нас нет никакой ревности. Это естественное желание любой страны.\n";
const EN: &str = "Q: How does Moscow view the rapprochement between Belarus and the EU?\n\nSergey Lavrov: We are not jealous. It is a natural desire of any country.\n";
const TABLE: &str = "row,ru,en,status,note\n1,Да.,Yes.,ok,checked\n";
const BEADS: &str = "[0]:[0]\n[1]:[1]\n[2]:[2]\n";

/// What a slot of a command is: an input with the text it needs to work,
/// or an output.
#[derive(Debug, Clone, Copy)]
enum Slot {
    In(&'static str),
    Out,
}

/// A command with its slots, and how to build its arguments from the
/// paths given to them.
struct Shape {
    name: &'static str,
    slots: &'static [Slot],
    args: fn(&[String]) -> Vec<String>,
}

fn shapes() -> Vec<Shape> {
    use Slot::{In, Out};
    vec![
        Shape {
            name: "align",
            slots: &[In(RU), In(EN), Out, Out],
            args: |p| {
                let mut a = vec!["align", "--no-lexicon", "-q", &p[0], &p[1], "-o", &p[2]];
                a.extend(["--beads", &p[3]]);
                a.into_iter().map(String::from).collect()
            },
        },
        Shape {
            name: "export",
            slots: &[In(TABLE), Out],
            args: |p| {
                ["export", "-q", &p[0], "--to", "tsv", "-o", &p[1]]
                    .into_iter()
                    .map(String::from)
                    .collect()
            },
        },
        Shape {
            name: "eval",
            slots: &[In(BEADS), In(BEADS), Out],
            args: |p| {
                [
                    "eval",
                    "-q",
                    "--gold",
                    &p[0],
                    "--test",
                    &p[1],
                    "--markdown",
                    &p[2],
                ]
                .into_iter()
                .map(String::from)
                .collect()
            },
        },
        Shape {
            // The manifest names the document files; --corpus is an output.
            name: "batch",
            slots: &[In(RU), In(EN), Out],
            args: |p| {
                [
                    "batch",
                    "--no-lexicon",
                    "-q",
                    "list.tsv",
                    "-o",
                    "out",
                    "--corpus",
                    &p[2],
                ]
                .into_iter()
                .map(String::from)
                .collect()
            },
        },
    ]
}

/// Paths the slots draw from: few, so that they often coincide, and one
/// a symlink to another and one a hard link to another.
const POOL: [&str; 5] = ["a.tsv", "b.tsv", "c.tsv", "sym.tsv", "hard.tsv"];

fn run_case(shape: &Shape, picks: &[usize]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let path = |i: usize| dir.path().join(POOL[i]);
    // The real file behind each pool entry: the links stand for a.tsv and b.tsv.
    let real = |i: usize| match i {
        3 => 0,
        4 => 1,
        other => other,
    };
    // Each file holds what the first input slot on it needs.
    let mut content: [Option<&str>; 3] = [None; 3];
    for (slot, &pick) in shape.slots.iter().zip(picks) {
        if let Slot::In(text) = slot {
            content[real(pick)].get_or_insert(text);
        }
    }
    for (i, text) in content.iter().enumerate() {
        std::fs::write(path(i), text.unwrap_or("what was here before\n")).unwrap();
    }
    std::os::unix::fs::symlink(path(0), path(3)).unwrap();
    std::fs::hard_link(path(1), path(4)).unwrap();
    let given: Vec<String> = picks
        .iter()
        .map(|&i| path(i).display().to_string())
        .collect();
    if shape.name == "batch" {
        std::fs::write(
            dir.path().join("list.tsv"),
            format!("name\tru\ten\ndoc\t{}\t{}\n", given[0], given[1]),
        )
        .unwrap();
    }
    let inputs: Vec<usize> = shape
        .slots
        .iter()
        .zip(picks)
        .filter(|(slot, _)| matches!(slot, Slot::In(_)))
        .map(|(_, &pick)| real(pick))
        .collect();
    let before: Vec<Vec<u8>> = inputs
        .iter()
        .map(|&i| std::fs::read(path(i)).unwrap())
        .collect();
    let output = Command::new(env!("CARGO_BIN_EXE_sverka"))
        .args((shape.args)(&given))
        .current_dir(dir.path())
        .output()
        .unwrap();
    let message = String::from_utf8_lossy(&output.stderr);
    prop_assert!(!message.contains("panicked"), "{message}");
    for (&i, old) in inputs.iter().zip(&before) {
        let now = std::fs::read(path(i)).unwrap_or_default();
        prop_assert!(
            &now == old,
            "{} {:?}: input {} changed (exit {:?}, {message})",
            shape.name,
            given,
            POOL[i],
            output.status.code()
        );
    }
    // A clash is refused, not half done: when an output is one file with
    // another slot the run fails and says so. (Two inputs may be one file.)
    let clash = shape
        .slots
        .iter()
        .zip(picks)
        .enumerate()
        .any(|(i, (slot, &p))| {
            matches!(slot, Slot::Out)
                && picks
                    .iter()
                    .enumerate()
                    .any(|(j, &q)| j != i && real(q) == real(p))
        });
    if clash {
        prop_assert_eq!(
            output.status.code(),
            Some(2),
            "{} {:?}: {}",
            shape.name,
            given,
            message
        );
        prop_assert!(message.contains("is the same file as"), "{message}");
    }
    Ok(())
}

fn case() -> impl Strategy<Value = (usize, Vec<usize>)> {
    (0..shapes().len()).prop_flat_map(|s| {
        let n = shapes()[s].slots.len();
        (Just(s), proptest::collection::vec(0..POOL.len(), n))
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn no_command_changes_an_input_named_as_an_output((shape, picks) in case()) {
        let shapes = shapes();
        run_case(&shapes[shape], &picks)?;
    }
}

/// The cases that once destroyed an input, always run.
#[test]
fn the_reported_cases() {
    let shapes = shapes();
    let by_name = |name: &str| shapes.iter().find(|s| s.name == name).unwrap();
    // align ru en -o ru; align … -o t --beads t; export r -o r.
    run_case(by_name("align"), &[0, 1, 0, 2]).unwrap();
    run_case(by_name("align"), &[0, 1, 2, 2]).unwrap();
    run_case(by_name("export"), &[0, 0]).unwrap();
    run_case(by_name("eval"), &[0, 1, 4]).unwrap();
    run_case(by_name("batch"), &[0, 1, 3]).unwrap();
}
