//! Every `--help` page ends with examples, and they run as written: each
//! example line is run by `sh` in a folder holding a copy of the shipped
//! `corpora/`, with this build's `sverka` first on the PATH.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn help(page: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_sverka"))
        .args(page)
        .arg("--help")
        .output()
        .expect("sverka runs");
    assert!(output.status.success(), "sverka {page:?} --help failed");
    String::from_utf8(output.stdout).expect("help is UTF-8")
}

/// The subcommands `sverka --help` lists, in its order (without `help`).
fn subcommands(top: &str) -> Vec<String> {
    top.lines()
        .skip_while(|line| *line != "Commands:")
        .skip(1)
        .take_while(|line| !line.trim().is_empty())
        // A description wrapped onto the next line starts with spaces only.
        .filter(|line| line.starts_with("  ") && !line.starts_with("   "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect()
}

/// The example lines at the end of a help page: the indented lines after the
/// last line starting with `Examples`.
fn examples(page: &str, help: &str) -> Vec<String> {
    let lines: Vec<&str> = help.lines().collect();
    let start = lines
        .iter()
        .rposition(|line| line.starts_with("Examples"))
        .unwrap_or_else(|| panic!("`sverka {page} --help` has no Examples section:\n{help}"));
    let examples: Vec<String> = lines[start + 1..]
        .iter()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            // An unindented line would be a wrapped example or other text.
            assert!(
                line.starts_with("  "),
                "`sverka {page} --help`: not an example line: {line:?}"
            );
            line.trim().to_string()
        })
        .collect();
    assert!(
        (2..=3).contains(&examples.len()),
        "`sverka {page} --help` should end with two or three examples: {examples:?}"
    );
    for example in &examples {
        // Words before `sverka` may only set variables (`NAME=value`).
        let command = example
            .split_whitespace()
            .find(|word| !word.contains('='))
            .unwrap_or("");
        assert_eq!(command, "sverka", "`sverka {page} --help`: {example}");
    }
    examples
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn every_help_page_ends_with_examples_that_run_as_written() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&workspace().join("corpora"), &dir.path().join("corpora"));
    let bin = Path::new(env!("CARGO_BIN_EXE_sverka")).parent().unwrap();
    let path = std::env::join_paths(std::iter::once(bin.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();

    let top = help(&[]);
    let commands = subcommands(&top);
    for expected in ["align", "batch", "split", "export", "eval", "doctor"] {
        assert!(
            commands.iter().any(|c| c == expected),
            "{expected} missing from {commands:?}"
        );
    }
    // The top page first: its first example writes the review.csv that the
    // export examples read.
    let mut pages = vec![(String::new(), top)];
    pages.extend(commands.iter().map(|c| (c.clone(), help(&[c.as_str()]))));
    for (page, text) in &pages {
        for example in examples(page, text) {
            let output = Command::new("sh")
                .args(["-c", &example])
                .current_dir(dir.path())
                .env("PATH", &path)
                .output()
                .expect("sh runs");
            assert!(
                output.status.success(),
                "`sverka {page} --help` example failed ({}): {example}\n{}",
                output.status,
                String::from_utf8_lossy(&output.stderr)
            );
            // What an example says it writes must be there.
            let words: Vec<&str> = example.split_whitespace().collect();
            for pair in words.windows(2) {
                if matches!(pair[0], "-o" | ">" | "--corpus" | "--markdown") {
                    let written = dir.path().join(pair[1]);
                    assert!(written.exists(), "{example}: {} was not written", pair[1]);
                }
            }
        }
    }
}
