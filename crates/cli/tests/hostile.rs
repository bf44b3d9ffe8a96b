//! The hostile-input catalogue (`tests/hostile.toml`): every case builds
//! its inputs in a fresh temporary folder, runs the `sverka` binary, and
//! checks the exit code, the message on stderr (which must name the file and
//! say what to do), and that a refused run leaves no output file, partial or
//! temporary, behind.
//!
//! Inputs are generated here, not committed: `parts` are concatenated, each
//! a text (`@ru` and `@en` stand for short Russian and English interview
//! passages), a corpus file or part of one, or raw bytes in hex, encoded as
//! asked and repeated as asked. Placeholders in `args`: `{NAME}` is the path
//! of the input NAME, `{out}` the output path (`out` in the case, relative to
//! the folder unless absolute), `{dir}` the folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde::Deserialize;

#[derive(Deserialize)]
struct Catalogue {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    /// What the case guards against.
    #[allow(dead_code)]
    why: String,
    args: Vec<String>,
    #[serde(default)]
    files: BTreeMap<String, Input>,
    /// The output path (`{out}`).
    out: Option<String>,
    /// Expected exit code; absent when the process must be killed by a signal.
    exit: Option<i32>,
    /// The process must die of a signal (a write killed midway).
    #[serde(default)]
    killed: bool,
    /// Fragments that must all appear on stderr.
    #[serde(default)]
    stderr: Vec<String>,
    /// What must be at `{out}` afterwards.
    #[serde(default)]
    output: Expect,
    /// Exact number of data rows in the table written.
    rows: Option<usize>,
    /// At least this many data rows.
    min_rows: Option<usize>,
    /// At least this many rows of kind 1-0 (omissions).
    min_omissions: Option<usize>,
    /// The run must finish within this many seconds.
    max_seconds: Option<u64>,
    /// Limit on the size of files the process writes (`ulimit -f`, KiB).
    file_limit_kb: Option<u64>,
    /// Ignore SIGXFSZ, so that exceeding the limit fails the write
    /// (EFBIG) instead of killing the process.
    #[serde(default)]
    ignore_sigxfsz: bool,
    /// Send standard output to this path.
    stdout: Option<String>,
    /// Run as an unprivileged user (root reads files whatever their mode).
    #[serde(default)]
    unprivileged: bool,
    /// Read `{out}` (a named pipe) in the background while the command runs.
    #[serde(default)]
    reader: bool,
    /// A case that must have passed earlier in the run (a safety probe).
    requires: Option<String>,
    /// What to send on standard input (as the parts of a file).
    stdin: Option<Input>,
}

#[derive(Deserialize, Default, PartialEq)]
#[serde(rename_all = "snake_case")]
enum Expect {
    /// Nothing at `{out}`, and no temporary file left in the folder.
    #[default]
    None,
    /// Nothing at `{out}`; a hidden temporary file may be left (a process
    /// killed mid-write cannot clean up).
    NoneButTemporary,
    /// A review table at `{out}`.
    Table,
    /// `{out}` is a device and must still be one.
    Device,
    /// `{out}` is a named pipe, still one, and a table came through it.
    Fifo,
    /// `{out}` is an input file and must still hold what it held.
    Unchanged,
    /// `{out}` is a batch's output folder, with its summary.
    Folder,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Input {
    #[serde(default)]
    kind: Kind,
    #[serde(default)]
    parts: Vec<Part>,
    /// For `symlink` and `hardlink`: the input it links to.
    to: Option<String>,
}

#[derive(Deserialize, Default, PartialEq)]
#[serde(rename_all = "snake_case")]
enum Kind {
    #[default]
    File,
    Dir,
    Fifo,
    Missing,
    /// A file with mode 000.
    Unreadable,
    /// A folder with mode 000 (make it after what goes inside).
    UnreadableDir,
    /// A symbolic link to the input `to`.
    Symlink,
    /// A hard link to the input `to`.
    Hardlink,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Part {
    text: Option<String>,
    /// A file of the workspace (`corpora/…`).
    corpus: Option<String>,
    /// Only the first lines of `corpus`.
    lines: Option<usize>,
    /// Raw bytes, in hex.
    hex: Option<String>,
    /// Encode the text in this encoding (encoding_rs label; `utf-16le` and
    /// `utf-16be` write UTF-16 without a BOM).
    encoding: Option<String>,
    #[serde(default = "one")]
    repeat: usize,
}

fn one() -> usize {
    1
}

const RU: &str = "Вопрос: Как Москва относится к сближению Белоруссии и Евросоюза?\n\nС.В.Лавров: У нас нет никакой ревности. Это естественное желание любой страны.\n";
const EN: &str = "Q: How does Moscow view the rapprochement between Belarus and the EU?\n\nSergey Lavrov: We are not jealous. It is a natural desire of any country.\n";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn build(part: &Part) -> Vec<u8> {
    let one = if let Some(hex) = &part.hex {
        let digits: Vec<u8> = hex.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
        digits
            .chunks(2)
            .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).unwrap(), 16).unwrap())
            .collect()
    } else {
        let text = if let Some(corpus) = &part.corpus {
            let full = std::fs::read_to_string(workspace().join(corpus)).unwrap();
            match part.lines {
                Some(n) => full.split_inclusive('\n').take(n).collect(),
                None => full,
            }
        } else {
            let text = part
                .text
                .as_deref()
                .expect("a part needs text, corpus or hex");
            text.replace("@ru", RU).replace("@en", EN)
        };
        match part.encoding.as_deref() {
            None | Some("utf-8") => text.into_bytes(),
            Some("utf-16le") => text.encode_utf16().flat_map(u16::to_le_bytes).collect(),
            Some("utf-16be") => text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
            Some(label) => {
                let encoding = encoding_rs::Encoding::for_label(label.as_bytes()).unwrap();
                let (bytes, _, lossy) = encoding.encode(&text);
                assert!(!lossy, "{label} cannot encode the text");
                bytes.into_owned()
            }
        }
    };
    one.repeat(part.repeat)
}

fn make(dir: &Path, name: &str, input: &Input) {
    let path = dir.join(name);
    match input.kind {
        Kind::Missing => {}
        Kind::Dir => std::fs::create_dir(&path).unwrap(),
        Kind::UnreadableDir => {
            std::fs::create_dir(&path).unwrap();
            set_mode(&path, 0o000);
        }
        Kind::Fifo => {
            let status = Command::new("mkfifo").arg(&path).status().unwrap();
            assert!(status.success(), "mkfifo");
        }
        Kind::Symlink | Kind::Hardlink => {
            let target = dir.join(
                input
                    .to
                    .as_deref()
                    .expect("a link names its target in `to`"),
            );
            if input.kind == Kind::Symlink {
                std::os::unix::fs::symlink(target, &path).unwrap();
            } else {
                std::fs::hard_link(target, &path).unwrap();
            }
        }
        Kind::File | Kind::Unreadable => {
            let bytes: Vec<u8> = input.parts.iter().flat_map(build).collect();
            std::fs::write(&path, bytes).unwrap();
            if input.kind == Kind::Unreadable {
                set_mode(&path, 0o000);
            }
        }
    }
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn is_root() -> bool {
    let out = Command::new("id").arg("-u").output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim() == "0"
}

fn has(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn substitute(
    arg: &str,
    dir: &Path,
    out: Option<&Path>,
    files: &BTreeMap<String, Input>,
) -> String {
    let mut arg = arg.replace("{dir}", &dir.display().to_string());
    if let Some(out) = out {
        arg = arg.replace("{out}", &out.display().to_string());
    }
    for name in files.keys() {
        arg = arg.replace(
            &format!("{{{name}}}"),
            &dir.join(name).display().to_string(),
        );
    }
    arg
}

/// Runs one case; `Err` describes the first failed expectation, `Ok(None)`
/// a pass, `Ok(Some(reason))` a skip.
fn run(case: &Case) -> Result<Option<String>, String> {
    let dir = tempfile::tempdir().unwrap();
    // Links last: their targets must exist.
    let is_link = |input: &Input| matches!(input.kind, Kind::Symlink | Kind::Hardlink);
    for links in [false, true] {
        for (name, input) in case.files.iter().filter(|(_, i)| is_link(i) == links) {
            make(dir.path(), name, input);
        }
    }
    let out = case.out.as_deref().map(|o| dir.path().join(o));
    // Every input but the output itself must come out of the run as it
    // went in (an output that is an input is checked below).
    let hashed: Vec<(PathBuf, Option<u64>)> = case
        .files
        .keys()
        .map(|name| dir.path().join(name))
        .filter(|path| out.as_deref() != Some(path.as_path()) || case.output == Expect::Unchanged)
        .map(|path| {
            let hash = content_hash(&path);
            (path, hash)
        })
        .collect();
    let args: Vec<String> = case
        .args
        .iter()
        .map(|a| substitute(a, dir.path(), out.as_deref(), &case.files))
        .collect();
    let mut wrapper = String::new();
    if case.ignore_sigxfsz {
        wrapper.push_str("trap '' XFSZ; ");
    }
    if let Some(kb) = case.file_limit_kb {
        wrapper.push_str(&format!("ulimit -f {kb}; "));
    }
    let mut command = if case.unprivileged && is_root() {
        if !has("setpriv") {
            return Ok(Some(
                "running as root, which reads files of any mode, and setpriv is missing to drop privileges"
                    .to_string(),
            ));
        }
        // The unprivileged user must reach the binary and the folder; a
        // checkout under a private home folder may not let it.
        set_mode(dir.path(), 0o777);
        let probe = Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .args(["sh", "-c", "test -x \"$0\" && test -w \"$1\""])
            .arg(env!("CARGO_BIN_EXE_sverka"))
            .arg(dir.path())
            .status();
        if !probe.is_ok_and(|s| s.success()) {
            return Ok(Some(
                "running as root, and an unprivileged user cannot run the binary or write the temporary folder"
                    .to_string(),
            ));
        }
        let mut c = Command::new("setpriv");
        c.args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--",
            "sh",
            "-c",
        ]);
        c
    } else {
        let mut c = Command::new("sh");
        c.arg("-c");
        c
    };
    command
        .arg(format!("{wrapper}exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_sverka"))
        .args(&args)
        .current_dir(dir.path())
        .stdin(if case.stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(path) = &case.stdout {
        let path = substitute(path, dir.path(), out.as_deref(), &case.files);
        // Appending, as `>>` does: the file keeps what it held until written.
        let file = std::fs::OpenOptions::new().append(true).open(path).unwrap();
        command.stdout(file);
    }
    let reader = case.reader.then(|| {
        let fifo = out.clone().expect("a reader needs {out}");
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    });
    let started = Instant::now();
    let mut child = command.spawn().unwrap();
    let feeder = child.stdin.take().map(|mut pipe| {
        let bytes: Vec<u8> = case
            .stdin
            .as_ref()
            .unwrap()
            .parts
            .iter()
            .flat_map(build)
            .collect();
        // sverka may stop reading early (over the limit): a broken pipe is fine.
        std::thread::spawn(move || {
            let _ = std::io::Write::write_all(&mut pipe, &bytes);
        })
    });
    let output: Output = child.wait_with_output().unwrap();
    if let Some(feeder) = feeder {
        feeder.join().unwrap();
    }
    let took = started.elapsed();
    let piped = reader.map(|reader| {
        // If sverka never opened the pipe, the reader still waits in open():
        // open the other end to release it.
        let waited = Instant::now();
        while !reader.is_finished() && waited.elapsed() < Duration::from_secs(2) {
            std::thread::sleep(Duration::from_millis(10));
        }
        if !reader.is_finished() {
            let _ = std::fs::OpenOptions::new()
                .write(true)
                .open(out.as_ref().unwrap());
        }
        reader.join().unwrap()
    });
    let message = String::from_utf8_lossy(&output.stderr).into_owned();
    let context = || format!("\nargs: {args:?}\nstderr: {message}");

    if case.killed {
        if output.status.code().is_some() {
            return Err(format!(
                "expected death by a signal, got {}{}",
                output.status,
                context()
            ));
        }
    } else if output.status.code() != case.exit {
        return Err(format!(
            "exit {:?}, expected {:?}{}",
            output.status.code(),
            case.exit,
            context()
        ));
    }
    for fragment in &case.stderr {
        let fragment = substitute(fragment, dir.path(), out.as_deref(), &case.files);
        if !message.contains(&fragment) {
            return Err(format!("stderr lacks {fragment:?}{}", context()));
        }
    }
    if message.contains("panicked") {
        return Err(format!("a panic{}", context()));
    }
    if case.exit == Some(2) && !message.lines().any(|l| l.starts_with("sverka: ")) {
        return Err(format!("no `sverka: ` error line{}", context()));
    }
    if let Some(limit) = case.max_seconds {
        if took > Duration::from_secs(limit) {
            return Err(format!("took {took:?}, over {limit} s{}", context()));
        }
    }
    for (path, before) in &hashed {
        if content_hash(path) != *before {
            return Err(format!("input {} was changed{}", path.display(), context()));
        }
    }
    let inputs: Vec<String> = case.files.keys().cloned().collect();
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !inputs.contains(name))
        .collect();
    left.sort();
    match case.output {
        Expect::None | Expect::NoneButTemporary => {
            if let Some(out) = &out {
                if out.exists() {
                    return Err(format!(
                        "{} exists after a failed run{}",
                        out.display(),
                        context()
                    ));
                }
            }
            let temporary_ok = case.output == Expect::NoneButTemporary;
            let stray: Vec<&String> = left
                .iter()
                .filter(|n| !(temporary_ok && n.starts_with('.') && n.ends_with(".tmp")))
                .collect();
            if !stray.is_empty() {
                return Err(format!("left behind: {stray:?}{}", context()));
            }
        }
        Expect::Device => {
            use std::os::unix::fs::FileTypeExt;
            let out = out.as_ref().expect("a device case names its output");
            let kind = std::fs::metadata(out).unwrap().file_type();
            if !(kind.is_char_device() || kind.is_block_device()) {
                return Err(format!(
                    "{} is no longer a device{}",
                    out.display(),
                    context()
                ));
            }
            if !left.is_empty() {
                return Err(format!("left behind: {left:?}{}", context()));
            }
        }
        Expect::Fifo => {
            use std::os::unix::fs::FileTypeExt;
            let out = out.as_ref().expect("a pipe case names its output");
            if !std::fs::metadata(out).unwrap().file_type().is_fifo() {
                return Err(format!(
                    "{} is no longer a pipe{}",
                    out.display(),
                    context()
                ));
            }
            let through =
                String::from_utf8_lossy(piped.as_deref().unwrap_or_default()).into_owned();
            if !through.contains("row,ru_lines,en_lines") {
                return Err(format!(
                    "no table came through the pipe: {through:?}{}",
                    context()
                ));
            }
            if !left.is_empty() {
                return Err(format!("left behind: {left:?}{}", context()));
            }
        }
        Expect::Unchanged => {
            let out = out.as_ref().expect("an unchanged case names its output");
            let name = out.file_name().unwrap().to_string_lossy().into_owned();
            let before: Vec<u8> = case.files[&name].parts.iter().flat_map(build).collect();
            if std::fs::read(out).unwrap() != before {
                return Err(format!("{} was changed{}", out.display(), context()));
            }
            if !left.is_empty() {
                return Err(format!("left behind: {left:?}{}", context()));
            }
        }
        Expect::Folder => {
            let out = out.as_ref().expect("a folder case names its output");
            if !out.join("summary.csv").is_file() {
                return Err(format!("no summary in {}{}", out.display(), context()));
            }
            let name = out.file_name().unwrap().to_string_lossy().into_owned();
            if left != [name] {
                return Err(format!("left behind: {left:?}{}", context()));
            }
        }
        Expect::Table => {
            let out = out.as_ref().expect("a table case names its output");
            let text = std::fs::read_to_string(out)
                .map_err(|e| format!("no table at {}: {e}{}", out.display(), context()))?;
            let table = sverka_table_rows(&text);
            if let Some(n) = case.rows {
                if table.len() != n {
                    return Err(format!("{} rows, expected {n}{}", table.len(), context()));
                }
            }
            if let Some(n) = case.min_rows {
                if table.len() < n {
                    return Err(format!(
                        "{} rows, expected at least {n}{}",
                        table.len(),
                        context()
                    ));
                }
            }
            if let Some(n) = case.min_omissions {
                let omissions = table.iter().filter(|kind| kind.as_str() == "1-0").count();
                if omissions < n {
                    return Err(format!(
                        "{omissions} omissions, expected at least {n}{}",
                        context()
                    ));
                }
            }
        }
    }
    Ok(None)
}

/// A hash of a regular file's bytes (through symlinks), `None` for what is
/// not one (a folder, a pipe, a missing or unreadable file).
fn content_hash(path: &Path) -> Option<u64> {
    use std::hash::Hasher;
    if !std::fs::metadata(path).ok()?.is_file() {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    hasher.write(&bytes);
    Some(hasher.finish())
}

/// The `kind` of every row of a JSONL table.
fn sverka_table_rows(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| {
            let row: serde_json::Value = serde_json::from_str(line).expect("a JSONL table");
            row["kind"].as_str().unwrap().to_string()
        })
        .collect()
}

#[test]
fn hostile_inputs() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile.toml");
    let catalogue: Catalogue = toml::from_str(&std::fs::read_to_string(&path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let only = std::env::var("HOSTILE_CASE").ok();
    let mut failures = Vec::new();
    let mut passed: Vec<&str> = Vec::new();
    let mut ran = 0;
    for case in &catalogue.case {
        if only.as_deref().is_some_and(|o| !case.name.contains(o)) {
            continue;
        }
        if let Some(required) = &case.requires {
            if !passed.contains(&required.as_str()) {
                eprintln!("skip  {}: needs \"{required}\" to pass first", case.name);
                continue;
            }
        }
        let started = Instant::now();
        match run(case) {
            Ok(None) => {
                ran += 1;
                passed.push(&case.name);
                eprintln!("ok    {} ({:.1?})", case.name, started.elapsed());
            }
            Ok(Some(reason)) => eprintln!("skip  {}: {reason}", case.name),
            Err(why) => {
                eprintln!("FAIL  {}", case.name);
                failures.push(format!("--- {}: {why}", case.name));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(ran > 0, "no case ran");
}
