//! Refusing an output that is the same file as an input or as another
//! output, before any work: `align ru.txt en.txt -o ru.txt` must not replace
//! the Russian source with the table.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

/// What a path is, for telling whether two paths are one file: the device
/// and inode of an existing file (so hard links and symlinks match), else
/// the canonical path it would be created at.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Identity {
    Inode(u64, u64),
    Path(PathBuf),
}

/// The identity of `path`, or `None` for what writing cannot harm: a
/// character device (`/dev/null`, a terminal), which many outputs may share.
fn identity(path: &Path) -> Option<Identity> {
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    match std::fs::metadata(path) {
        Ok(meta) if meta.file_type().is_char_device() => None,
        Ok(meta) => Some(Identity::Inode(meta.dev(), meta.ino())),
        Err(_) => Some(Identity::Path(would_be(path))),
    }
}

/// Where a file that does not exist yet would be: its folder resolved (so
/// `./t.csv`, `d/../t.csv` and a symlinked folder agree), its name kept.
fn would_be(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match (absolute.parent(), absolute.file_name()) {
        (Some(dir), Some(name)) => std::fs::canonicalize(dir)
            .map(|dir| dir.join(name))
            .unwrap_or(absolute),
        _ => absolute,
    }
}

/// The identity of standard output when it is a regular file (`> f`,
/// `>> f`), which a command writing there could be reading too.
fn stdout_identity() -> Option<Identity> {
    use std::os::fd::AsFd;
    use std::os::unix::fs::MetadataExt;
    let fd = std::io::stdout().as_fd().try_clone_to_owned().ok()?;
    let meta = std::fs::File::from(fd).metadata().ok()?;
    meta.is_file()
        .then(|| Identity::Inode(meta.dev(), meta.ino()))
}

/// One file a command reads or writes, as the user named it.
pub struct Named<'a> {
    /// What it is to the command: `the Russian input`, `-o`, `--beads`.
    pub role: Cow<'a, str>,
    /// The path given; `-` is standard input or output.
    pub path: &'a Path,
}

impl<'a> Named<'a> {
    pub fn new(role: impl Into<Cow<'a, str>>, path: &'a Path) -> Self {
        Named {
            role: role.into(),
            path,
        }
    }
}

/// Refuses outputs that are the same file as an input or as an earlier
/// output. An output of `-` stands for standard output, which is checked
/// when it is a regular file (redirected with `>`).
pub fn refuse_overlaps(inputs: &[Named], outputs: &[Named]) -> Result<()> {
    let stdin = Path::new("-");
    // First of each identity: batch checks thousands of files.
    let mut read: HashMap<Identity, &Named> = HashMap::new();
    for named in inputs.iter().filter(|named| named.path != stdin) {
        if let Some(id) = identity(named.path) {
            read.entry(id).or_insert(named);
        }
    }
    let mut written: HashMap<Identity, &Named> = HashMap::new();
    for output in outputs {
        let id = if output.path == stdin {
            stdout_identity()
        } else {
            identity(output.path)
        };
        let Some(id) = id else { continue };
        if let Some(input) = read.get(&id) {
            bail!(
                "{} is the same file as {}: writing it would destroy the input; give another output path",
                shown(output),
                shown(input)
            );
        }
        if let Some(earlier) = written.get(&id) {
            bail!(
                "{} is the same file as {}: one would overwrite the other; give each output its own path",
                shown(output),
                shown(earlier)
            );
        }
        written.entry(id).or_insert(output);
    }
    Ok(())
}

/// `-o t.csv`, `-o (standard output)`, `standard output`.
fn shown(named: &Named) -> String {
    match (named.path == Path::new("-"), named.role.as_ref()) {
        (true, "standard output") => "standard output".to_string(),
        (true, role) => format!("{role} (standard output)"),
        (false, role) => format!("{role} {}", named.path.display()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_spellings_of_one_file_are_one_file() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("ru.txt");
        std::fs::write(&input, "текст").unwrap();
        let hard = dir.path().join("hard.txt");
        std::fs::hard_link(&input, &hard).unwrap();
        let soft = dir.path().join("soft.txt");
        std::os::unix::fs::symlink(&input, &soft).unwrap();
        let dotted = dir.path().join("sub/../ru.txt");
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        for output in [&input, &hard, &soft, &dotted] {
            let err = refuse_overlaps(
                &[Named::new("the Russian input", &input)],
                &[Named::new("-o", output)],
            )
            .unwrap_err()
            .to_string();
            assert!(
                err.contains("is the same file as the Russian input"),
                "{err}"
            );
        }
        let other = dir.path().join("t.csv");
        refuse_overlaps(
            &[Named::new("the Russian input", &input)],
            &[Named::new("-o", &other)],
        )
        .unwrap();
    }

    #[test]
    fn two_outputs_not_yet_written_are_one_file() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("t.csv");
        let b = dir.path().join("./sub/../t.csv");
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let err = refuse_overlaps(&[], &[Named::new("-o", &a), Named::new("--beads", &b)])
            .unwrap_err()
            .to_string();
        assert!(err.contains("--beads"), "{err}");
        assert!(err.contains("one would overwrite the other"), "{err}");
        let null = Path::new("/dev/null");
        refuse_overlaps(&[], &[Named::new("-o", null), Named::new("--beads", null)]).unwrap();
    }
}
