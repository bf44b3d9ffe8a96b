//! `sverka doctor` and `sverka --version`: what they report about the
//! dictionaries and the cache folder, and the exit status of a broken
//! lexicon.

use std::path::Path;
use std::process::{Command, Output};

fn sverka(args: &[&str], cache: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sverka"))
        .args(args)
        .env("SVERKA_CACHE_DIR", cache)
        .output()
        .expect("sverka runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn version_names_the_dictionaries_and_the_cache_folder() {
    let dir = tempfile::tempdir().unwrap();
    let output = sverka(&["--version"], dir.path());
    assert!(output.status.success());
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], concat!("sverka ", env!("CARGO_PKG_VERSION")));
    let installed = sverka_lexicon::installed_dictionaries();
    let dictionaries = lines[1].strip_prefix("dictionaries: ").expect(&text);
    if installed.is_empty() {
        assert!(dictionaries.starts_with("none installed"), "{text}");
    } else {
        for path in &installed {
            assert!(dictionaries.contains(&path.display().to_string()), "{text}");
        }
    }
    assert_eq!(lines[2], format!("cache folder: {}", dir.path().display()));
    // -V stays one line, for scripts.
    let short = stdout(&sverka(&["-V"], dir.path()));
    assert_eq!(short.trim_end(), lines[0]);
}

#[test]
fn doctor_loads_the_lexicons_given_and_fails_on_a_broken_one() {
    let dir = tempfile::tempdir().unwrap();
    let glossary = dir.path().join("terms.tsv");
    std::fs::write(&glossary, "Лавров\tLavrov\nминистр\tminister\n").unwrap();
    let output = sverka(
        &["doctor", "--lexicon", glossary.to_str().unwrap()],
        dir.path(),
    );
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(
        text.contains(&format!("  {}: 2 translation pairs", glossary.display())),
        "{text}"
    );
    // Dictionaries were chosen by flag, so none is reported missing.
    assert!(!text.contains("missing:"), "{text}");

    let nowhere = dir.path().join("nowhere.index");
    let output = sverka(
        &["doctor", "--lexicon", nowhere.to_str().unwrap()],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stdout(&output).contains(&format!("cannot be loaded: {}", nowhere.display())),
        "{}",
        stdout(&output)
    );
}

#[test]
fn doctor_says_how_to_add_the_dictionaries_that_are_missing() {
    let dir = tempfile::tempdir().unwrap();
    let output = sverka(&["doctor"], dir.path());
    assert!(output.status.success());
    let text = stdout(&output);
    let installed = sverka_lexicon::installed_dictionaries();
    for name in sverka_lexicon::KNOWN_DICTIONARIES {
        let found = installed
            .iter()
            .any(|p| p.file_name() == Some(format!("{name}.index").as_ref()));
        let advice = text
            .lines()
            .any(|l| l.starts_with(&format!("  {name}: apt-get install ")));
        assert_eq!(advice, !found, "{name}: {text}");
    }
    let no_lexicon = stdout(&sverka(&["doctor", "--no-lexicon"], dir.path()));
    assert!(
        no_lexicon.contains("lexicon: none (--no-lexicon)"),
        "{no_lexicon}"
    );
    assert!(!no_lexicon.contains("missing:"), "{no_lexicon}");
}
