//! Finding and running the real clients that the client tests check our
//! tables against: Python 3 (its `csv` module and translate-toolkit),
//! LibreOffice Calc, and Chromium for the review page.
//!
//! A missing client skips the test with a note on stderr saying why, unless
//! the environment has `SVERKA_REQUIRE_CLIENTS=1` (as `.ci/run` sets), where
//! it fails the test: CI must never pass by skipping.
//!
//! Shared by the table crate's and the CLI's tests (the CLI includes this
//! file by path), so not every test binary uses every helper.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Whether a missing client is a failure rather than a skip.
pub fn clients_required() -> bool {
    std::env::var("SVERKA_REQUIRE_CLIENTS").as_deref() == Ok("1")
}

/// Whether `program args` runs and exits 0. If not, skips (prints why and
/// returns false) or, under `SVERKA_REQUIRE_CLIENTS=1`, panics.
fn have(client: &str, program: &str, args: &[&str], install: &str) -> bool {
    let why = match Command::new(program).args(args).output() {
        Ok(out) if out.status.success() => return true,
        Ok(out) => format!(
            "`{program} {}` failed: {}",
            args.join(" "),
            // The last line of a Python traceback says what is missing.
            String::from_utf8_lossy(&out.stderr)
                .trim()
                .lines()
                .last()
                .unwrap_or("")
        ),
        Err(e) => format!("`{program}` cannot be run: {e}"),
    };
    if clients_required() {
        panic!(
            "{client} is required (SVERKA_REQUIRE_CLIENTS=1) but {why}; install with: {install}"
        );
    }
    // Straight to the process's stderr, in one write: the test harness
    // captures `eprintln!`, and a skip should show in a normal `cargo test`.
    let test = std::thread::current()
        .name()
        .unwrap_or("a test")
        .to_string();
    let note = format!(
        "skipped {test}: {client} is not available ({why}); install with: {install}, \
         and set SVERKA_REQUIRE_CLIENTS=1 to make a missing client a failure\n"
    );
    let _ = std::io::stderr().write_all(note.as_bytes());
    false
}

/// Python 3.
pub fn python3() -> bool {
    have(
        "python3",
        "python3",
        &["--version"],
        "apt-get install python3",
    )
}

/// Python 3 with translate-toolkit's TMX reader.
pub fn translate_toolkit() -> bool {
    python3()
        && have(
            "translate-toolkit",
            "python3",
            &["-c", "import translate.storage.tmx"],
            "python3 -m pip install translate-toolkit",
        )
}

/// Chromium and its WebDriver server (`chromedriver`), for the review
/// page's browser tests.
pub fn chromium() -> bool {
    const INSTALL: &str = "apt-get install --no-install-recommends chromium chromium-driver";
    have("Chromium", "chromium", &["--version"], INSTALL)
        && have("chromedriver", "chromedriver", &["--version"], INSTALL)
}

/// LibreOffice (`soffice`), for headless conversions.
pub fn libreoffice() -> bool {
    have(
        "LibreOffice",
        "soffice",
        &["--version"],
        "apt-get install --no-install-recommends libreoffice-calc-nogui",
    )
}

/// Runs a Python snippet with arguments; returns its stdout, panicking with
/// its stderr if it fails.
pub fn run_python(script: &str, args: &[&OsStr]) -> Vec<u8> {
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("run python3");
    assert!(
        out.status.success(),
        "python3 failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Our CSV as LibreOffice opens it: comma, double quote, UTF-8 (76),
/// from line 1. Without the 76, LibreOffice 7.4 headless reads the file as
/// Latin-1 even when it starts with a byte-order mark.
pub const CSV_IMPORT: &str = "CSV:44,34,76,1";

/// CSV as a reviewer saves it from LibreOffice with the defaults of the
/// "Text CSV" dialog and character set UTF-8: comma, quotes only where
/// needed, cells as shown. (Headless with no options at all writes the
/// system's legacy character set, turning Cyrillic into `?`.)
pub const CSV_EXPORT_COMMA: &str = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true";

/// CSV as saved with `;` (what a Russian locale suggests) and "Quote all
/// text cells" ticked.
pub const CSV_EXPORT_SEMICOLON_QUOTED: &str =
    "csv:Text - txt - csv (StarCalc):59,34,76,1,,0,true,true,true";

/// An XLSX workbook.
pub const XLSX_EXPORT: &str = "xlsx:Calc MS Excel 2007 XML";

/// Converts `inputs` with headless LibreOffice into `outdir` (one output per
/// input, named after it with the new extension), in one run. `infilter`
/// applies to every input. Each call gets its own LibreOffice profile, so
/// tests running in parallel do not share (and lock) one.
pub fn soffice_convert(
    inputs: &[PathBuf],
    convert_to: &str,
    infilter: Option<&str>,
    outdir: &Path,
) {
    let profile = tempfile::tempdir().expect("profile dir");
    let mut command = Command::new("soffice");
    command
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--norestore", "--convert-to", convert_to]);
    if let Some(filter) = infilter {
        command.arg(format!("--infilter={filter}"));
    }
    command
        .arg("--outdir")
        .arg(outdir)
        .args(inputs)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("start soffice");
    // A first start with a fresh profile takes a few seconds; a hung
    // LibreOffice must not hang the test suite.
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        if child.try_wait().expect("wait for soffice").is_some() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("soffice did not finish converting {inputs:?} within 180 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = child.wait_with_output().expect("soffice output");
    let extension = convert_to.split(':').next().unwrap_or(convert_to);
    for input in inputs {
        let stem = input.file_stem().expect("input has a name");
        let output = outdir.join(stem).with_extension(extension);
        assert!(
            out.status.success() && output.is_file(),
            "soffice did not write {} ({}): {}{}",
            output.display(),
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Reads a CSV file's raw cells (no unescaping), as any CSV reader would,
/// after a UTF-8 byte-order mark if there is one.
pub fn raw_cells(path: &Path, delimiter: u8) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).expect("read CSV");
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text)
        .records()
        .map(|r| r.expect("CSV record").iter().map(str::to_string).collect())
        .collect()
}

/// An entry of a zip file (XLSX) as text.
pub fn zip_entry(path: &Path, name: &str) -> String {
    use std::io::Read;
    let file = std::fs::File::open(path).expect("open zip");
    let mut zip = zip::ZipArchive::new(file).expect("a zip file");
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|e| panic!("{name} in {}: {e}", path.display()))
        .read_to_string(&mut text)
        .expect("UTF-8 entry");
    text
}

/// The value of attribute `name` in the start tag that `element` begins with.
fn attr<'x>(element: &'x str, name: &str) -> Option<&'x str> {
    let tag = &element[..element.find('>')?];
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// The `tag` elements inside the first `container` element, each as the text
/// from just after `<tag` on.
fn children<'x>(xml: &'x str, container: &str, tag: &str) -> Vec<&'x str> {
    let Some(start) = xml.find(&format!("<{container}")) else {
        return Vec::new();
    };
    let end = xml[start..]
        .find(&format!("</{container}>"))
        .map_or(xml.len(), |e| start + e);
    let inner = &xml[start..end];
    // "<fill>" but not "<fills"; "<xf " and so on.
    let mut out = Vec::new();
    let mut rest = inner;
    while let Some(pos) = rest.find(&format!("<{tag}")) {
        let after = &rest[pos + tag.len() + 1..];
        if after.starts_with([' ', '>', '/']) {
            out.push(after);
        }
        rest = after;
    }
    out
}

/// What a spreadsheet shows of one cell's style: wrapping and fill colour.
#[derive(Debug, PartialEq)]
pub struct CellLook {
    pub wrap: bool,
    pub fill: Option<String>,
}

/// The look of cell `reference` (like `D2`) in an XLSX sheet: its own
/// style, or its column's when the cell is not in the file (an empty cell
/// the reviewer may type into).
pub fn cell_look(sheet: &str, styles: &str, reference: &str) -> CellLook {
    let cell = sheet
        .split("<c ")
        .skip(1)
        .map(|c| format!(" {c}"))
        .find(|c| attr(c, "r") == Some(reference));
    let style: usize = match cell {
        Some(cell) => attr(&cell, "s").map_or(0, |s| s.parse().unwrap()),
        None => {
            let letters = reference.trim_end_matches(|c: char| c.is_ascii_digit());
            let number = letters
                .bytes()
                .fold(0, |n, b| n * 26 + usize::from(b - b'A' + 1));
            column(sheet, number)
                .and_then(|col| attr(col, "style"))
                .map_or(0, |s| s.parse().unwrap())
        }
    };
    let xf = children(styles, "cellXfs", "xf")[style];
    let wrap = xf[..xf.find("</xf>").unwrap_or(xf.len())]
        .split("<alignment")
        .nth(1)
        .and_then(|a| attr(a, "wrapText"))
        .is_some_and(|w| w == "1" || w == "true");
    let fill_id: usize = attr(xf, "fillId").map_or(0, |f| f.parse().unwrap());
    let fill = children(styles, "fills", "fill")[fill_id];
    let fill = fill[..fill.find("</fill>").unwrap_or(fill.len())]
        .split("<fgColor")
        .nth(1)
        .and_then(|c| attr(c, "rgb"))
        .map(|argb| argb[argb.len().saturating_sub(6)..].to_string())
        .filter(|_| fill.contains("patternType=\"solid\""));
    CellLook { wrap, fill }
}

/// The `<col>` element covering 1-based column `number`.
fn column(sheet: &str, number: usize) -> Option<&str> {
    children(sheet, "cols", "col").into_iter().find(|col| {
        let bound = |name| attr(col, name).unwrap().parse::<usize>().unwrap();
        bound("min") <= number && number <= bound("max")
    })
}

/// Width of 1-based column `number` in an XLSX sheet.
pub fn column_width(sheet: &str, number: usize) -> f64 {
    column(sheet, number)
        .and_then(|col| attr(col, "width"))
        .map_or(0.0, |w| w.parse().unwrap())
}
