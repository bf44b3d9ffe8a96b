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
/// A path that exists and is neither a regular file nor a directory (a
/// device such as `/dev/null` or `/dev/stdout`, a named pipe) is written in
/// place instead: it cannot be replaced by renaming, and must not be.
///
/// A write that fails on disk (the disk full, a quota or file-size limit)
/// is returned as [`TableError::Output`] naming `path`, even when the
/// closure turned it into another error.
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
    let (pending, value) = write_pending(path, sync, write)?;
    pending.commit()?;
    Ok(value)
}

/// A file written completely under a temporary name, not yet renamed into
/// place: [`Pending::commit`] puts it there, dropping it removes it. For a
/// run with several outputs, which writes them all before committing any,
/// so that a failure on one leaves none.
#[derive(Debug)]
pub struct Pending {
    /// `None` for a device or pipe, written in place already.
    temp: Option<tempfile::NamedTempFile>,
    path: PathBuf,
}

impl Pending {
    /// Where the file goes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A device or named pipe, written in place already (nothing to rename).
    pub fn is_in_place(&self) -> bool {
        self.temp.is_none()
    }

    /// Renames the file into place.
    ///
    /// Errors: [`TableError::Output`] naming the path.
    pub fn commit(self) -> Result<(), TableError> {
        match self.temp {
            Some(temp) => temp
                .persist(&self.path)
                .map(drop)
                .map_err(|e| TableError::Output {
                    path: self.path,
                    error: e.error,
                }),
            None => Ok(()),
        }
    }
}

/// Like [`write_atomically`] (`sync`: synced to disk), but leaves the file
/// under its temporary name until [`Pending::commit`]. A device or named
/// pipe is written in place at once, as [`write_atomically`] does.
pub fn write_pending<T, E, F>(
    path: impl AsRef<Path>,
    sync: bool,
    write: F,
) -> Result<(Pending, T), E>
where
    F: FnOnce(&mut dyn Write) -> Result<T, E>,
    E: From<TableError>,
{
    let path = path.as_ref();
    let output = |source: std::io::Error| TableError::Output {
        path: path.to_path_buf(),
        error: source,
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
    // A device or FIFO (`/dev/null`, `/dev/stdout`, a named pipe) cannot be
    // replaced by renaming, and must not be: as root, renaming a temporary
    // file over `/dev/full` would turn the device into a regular file. Such
    // a path is written in place.
    if let Ok(metadata) = std::fs::metadata(path) {
        if !metadata.is_file() && !metadata.is_dir() {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(output)?;
            let mut writer = Recording::new(BufWriter::new(file));
            let value = write(&mut writer).map_err(|e| writer.failure(path).map_or(e, E::from))?;
            if let Some(failure) = writer.failure(path) {
                return Err(failure.into());
            }
            writer.inner.flush().map_err(output)?;
            let pending = Pending {
                temp: None,
                path: path.to_path_buf(),
            };
            return Ok((pending, value));
        }
    }
    let name = path.file_name().ok_or_else(|| {
        output(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a file name",
        ))
    })?;
    let prefix = temporary_prefix(name);
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
    let mut writer = Recording::new(BufWriter::new(temp));
    // A write that failed on disk (full, over a quota or size limit) is
    // reported as such, naming the output, whatever the writer made of it.
    let value = write(&mut writer).map_err(|e| writer.failure(path).map_or(e, E::from))?;
    // A closure that ignored a failed write still must not leave a short file.
    if let Some(failure) = writer.failure(path) {
        return Err(failure.into());
    }
    let temp = writer
        .inner
        .into_inner()
        .map_err(|e| output(e.into_error()))?;
    if sync {
        temp.as_file().sync_all().map_err(output)?;
    }
    let pending = Pending {
        temp: Some(temp),
        path: path.to_path_buf(),
    };
    Ok((pending, value))
}

/// The longest part of an output's name that its temporary name keeps: the
/// temporary name adds a dot before and 12 bytes after (`.XXXXXX.tmp`), and
/// must still fit the usual 255-byte limit on a file name when the output's
/// own name does.
pub const TEMPORARY_NAME_KEEPS: usize = 200;

/// The start of the temporary name of an output called `name`:
/// `.NAME.`, with NAME cut to [`TEMPORARY_NAME_KEEPS`] bytes (at a
/// character boundary), followed by six random characters and `.tmp`.
pub fn temporary_prefix(name: &std::ffi::OsStr) -> std::ffi::OsString {
    use std::os::unix::ffi::OsStrExt;
    let bytes = name.as_bytes();
    let mut keep = bytes.len().min(TEMPORARY_NAME_KEEPS);
    if let Ok(text) = std::str::from_utf8(bytes) {
        while !text.is_char_boundary(keep) {
            keep -= 1;
        }
    }
    let mut prefix = std::ffi::OsString::from(".");
    prefix.push(std::ffi::OsStr::from_bytes(&bytes[..keep]));
    prefix.push(".");
    prefix
}

/// A writer that keeps the first error of the writer it wraps.
struct Recording<W> {
    inner: W,
    error: Option<(std::io::ErrorKind, Option<i32>, String)>,
}

impl<W: Write> Recording<W> {
    fn new(inner: W) -> Self {
        Recording { inner, error: None }
    }

    fn record<T>(&mut self, result: std::io::Result<T>) -> std::io::Result<T> {
        if let Err(e) = &result {
            // An interrupted call is retried by the caller (`write_all`): not a failure.
            if self.error.is_none() && e.kind() != std::io::ErrorKind::Interrupted {
                self.error = Some((e.kind(), e.raw_os_error(), e.to_string()));
            }
        }
        result
    }

    /// The recorded error as a [`TableError::Output`] naming `path`.
    fn failure(&self, path: &Path) -> Option<TableError> {
        let (kind, os, message) = self.error.clone()?;
        let source = match os {
            Some(code) => std::io::Error::from_raw_os_error(code),
            None => std::io::Error::new(kind, message),
        };
        Some(TableError::Output {
            path: path.to_path_buf(),
            error: source,
        })
    }
}

impl<W: Write> Write for Recording<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let result = self.inner.write(buf);
        self.record(result)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let result = self.inner.flush();
        self.record(result)
    }
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
    fn pending_files_appear_only_when_committed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        let (pending, ()) = write_pending(&path, false, |w| -> Result<(), TableError> {
            Ok(w.write_all(b"table")?)
        })
        .unwrap();
        assert!(!path.exists());
        pending.commit().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"table");
        let (dropped, ()) = write_pending(
            dir.path().join("b.txt"),
            false,
            |w| -> Result<(), TableError> { Ok(w.write_all(b"beads")?) },
        )
        .unwrap();
        drop(dropped);
        assert_eq!(entries(dir.path()), ["t.csv"]);
    }

    /// A name of 248 bytes once failed: the temporary name added 16.
    #[test]
    fn long_names_get_short_temporary_names() {
        let dir = tempfile::tempdir().unwrap();
        let name = format!("{}.csv", "д".repeat(122));
        assert_eq!(name.len(), 248);
        let path = dir.path().join(&name);
        write_atomically(&path, |w| -> Result<(), TableError> {
            Ok(w.write_all(b"long")?)
        })
        .unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"long");
        let prefix = temporary_prefix(std::ffi::OsStr::new(&name));
        assert_eq!(prefix.len(), 1 + 200 + 1);
        assert!(prefix.to_str().is_some(), "cut at a character boundary");
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

    /// A named pipe stands in for a device: it is written in place and
    /// stays a pipe (renaming over `/dev/full` as root once replaced the
    /// device with a regular file).
    #[cfg(unix)]
    #[test]
    fn a_pipe_is_written_in_place() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("skipped: mkfifo is not available");
            return;
        }
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(fifo).unwrap())
        };
        write_atomically(&fifo, |w| -> Result<(), TableError> {
            Ok(w.write_all(b"through the pipe")?)
        })
        .unwrap();
        assert_eq!(reader.join().unwrap(), b"through the pipe");
        assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
        assert_eq!(entries(dir.path()), ["pipe"]);
    }

    /// A write failing underneath the closure (here a full disk) is kept,
    /// even if the closure swallows it, and reported naming the file and
    /// saying the disk is full.
    #[test]
    fn a_failed_write_is_kept_and_explained() {
        struct Failing;
        impl Write for Failing {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::ErrorKind::StorageFull.into())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut recording = Recording::new(Failing);
        let _ignored = recording.write_all(b"lost");
        let message = recording.failure(Path::new("t.csv")).unwrap().to_string();
        assert!(message.contains("the disk is full"), "{message}");
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
