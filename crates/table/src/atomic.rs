//! Writing an output file all at once or not at all.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::TableError;

/// Writes `path` through `write`, atomically.
///
/// The closure writes into a hidden temporary file in the same directory
/// (`.NAME.XXXXXX.tmp`); only when it returns `Ok` and everything is flushed
/// and synced to disk is the temporary file renamed over `path`. If the
/// closure fails, or any step does, the temporary file is removed and `path`
/// is left as it was: a failed write never leaves partial output, and an
/// existing file is never half-overwritten. (A process killed mid-write can
/// leave the hidden temporary file behind, but still never a partial
/// `path`.)
///
/// The new file gets the permissions of the file it replaces, or else those
/// a newly created file would get (0666 less the umask on Unix).
///
/// Errors: [`TableError::MissingDirectory`] if the directory does not exist
/// (naming it), [`TableError::Output`] if the temporary file cannot be
/// created, written or renamed, and whatever the closure returns. `E` can be
/// [`TableError`] itself or any error type that converts from it, such as
/// `anyhow::Error`.
///
/// ```
/// use std::io::Write;
/// use sverka_table::{write_atomically, TableError};
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("out.txt");
/// write_atomically(&path, |w| -> Result<(), TableError> { Ok(w.write_all(b"hello")?) })?;
/// assert_eq!(std::fs::read(&path)?, b"hello");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_atomically<T, E, F>(path: impl AsRef<Path>, write: F) -> Result<T, E>
where
    F: FnOnce(&mut dyn Write) -> Result<T, E>,
    E: From<TableError>,
{
    write_renamed(path.as_ref(), true, write)
}

/// Like [`write_atomically`], but without syncing the file to disk before
/// the rename.
///
/// Every process (and a process killed at any moment) still sees either
/// the old file or the complete new one, never a partial one. What is lost
/// is durability across a power failure or an operating-system crash: the
/// file may then come back short or empty. Syncing costs a disk flush per
/// file (milliseconds each, more than aligning a short document), so this
/// is for writers of many files that can tell a damaged file from a good
/// one and remake it, as `sverka batch --resume` does by checking each
/// table's size and hash against its record.
pub fn write_atomically_unsynced<T, E, F>(path: impl AsRef<Path>, write: F) -> Result<T, E>
where
    F: FnOnce(&mut dyn Write) -> Result<T, E>,
    E: From<TableError>,
{
    write_renamed(path.as_ref(), false, write)
}

fn write_renamed<T, E, F>(path: &Path, sync: bool, write: F) -> Result<T, E>
where
    F: FnOnce(&mut dyn Write) -> Result<T, E>,
    E: From<TableError>,
{
    let output = |source: std::io::Error| TableError::Output {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(TableError::MissingDirectory {
            path: path.to_path_buf(),
            dir,
        }
        .into());
    }
    let name = path.file_name().ok_or_else(|| {
        output(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a file name",
        ))
    })?;
    let prefix = {
        let mut p = std::ffi::OsString::from(".");
        p.push(name);
        p.push(".");
        p
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let permissions = std::fs::metadata(path)
            .map(|m| m.permissions())
            .unwrap_or_else(|_| std::fs::Permissions::from_mode(0o666));
        builder.permissions(permissions);
    }
    let temp = builder.tempfile_in(&dir).map_err(output)?;
    let mut writer = BufWriter::new(temp);
    let value = write(&mut writer)?;
    let temp = writer.into_inner().map_err(|e| output(e.into_error()))?;
    if sync {
        temp.as_file().sync_all().map_err(output)?;
    }
    temp.persist(path).map_err(|e| output(e.error))?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn writes_and_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        let n = write_atomically(&path, |w| -> Result<usize, TableError> {
            w.write_all(b"one")?;
            Ok(3)
        })
        .unwrap();
        assert_eq!(n, 3);
        write_atomically(&path, |w| -> Result<(), TableError> {
            Ok(w.write_all(b"two")?)
        })
        .unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(entries(dir.path()), ["t.csv"]);
    }

    #[test]
    fn unsynced_writes_and_replaces_too() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, b"old").unwrap();
        write_atomically_unsynced(&path, |w| -> Result<(), TableError> {
            Ok(w.write_all(b"new")?)
        })
        .unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        let result = write_atomically_unsynced(&path, |w| -> Result<(), TableError> {
            w.write_all(&vec![b'x'; 100_000])?;
            Err(TableError::Empty)
        });
        assert!(result.is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(entries(dir.path()), ["t.csv"]);
    }

    #[test]
    fn failure_midway_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        // Large enough to have gone past the buffer into the temporary file.
        let err = write_atomically(&path, |w| -> Result<(), TableError> {
            w.write_all(&vec![b'x'; 100_000])?;
            Err(TableError::Empty)
        })
        .unwrap_err();
        assert!(matches!(err, TableError::Empty));
        assert!(entries(dir.path()).is_empty());
    }

    #[test]
    fn failure_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, b"old").unwrap();
        let result = write_atomically(&path, |w| -> Result<(), TableError> {
            w.write_all(b"new, partial")?;
            Err(TableError::Empty)
        });
        assert!(result.is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        assert_eq!(entries(dir.path()), ["t.csv"]);
    }

    #[test]
    fn missing_directory_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no/such/t.csv");
        let err = write_atomically(&path, |_| -> Result<(), TableError> { Ok(()) }).unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains(&dir.path().join("no/such").display().to_string()),
            "{message}"
        );
        assert!(message.contains("does not exist"));
    }

    #[cfg(unix)]
    #[test]
    fn permissions_are_those_of_a_new_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        write_atomically(&path, |w| -> Result<(), TableError> {
            Ok(w.write_all(b"x")?)
        })
        .unwrap();
        let reference = dir.path().join("reference");
        std::fs::File::create(&reference).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode();
        assert_eq!(mode(&path), mode(&reference), "same as File::create");
    }
}
