//! Replays the inputs kept in `fuzz/regressions/<target>/` through the same
//! checks the fuzz targets run, so every past finding (and every
//! interesting input) stays a test of the ordinary `cargo test` run.

use std::path::{Path, PathBuf};

use sverka_checks::TARGETS;

fn regressions() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions")
}

#[test]
fn every_kept_input_passes_its_check() {
    let root = regressions();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", root.display()))
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    let mut seen = Vec::new();
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let check = TARGETS
            .iter()
            .find(|(target, _)| *target == name)
            .unwrap_or_else(|| panic!("{}: no fuzz target of that name", dir.display()))
            .1;
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for file in &files {
            let bytes = std::fs::read(file).unwrap();
            // A panic names the file, then the breach.
            eprintln!("replaying {}", file.display());
            check(&bytes);
        }
        seen.push((name, files.len()));
    }
    for (target, _) in TARGETS {
        assert!(
            seen.iter().any(|(name, n)| name == target && *n > 0),
            "fuzz/regressions/{target}/ holds no input"
        );
    }
}
