//! The review page (`-o review.html`) in a real browser: headless Chromium
//! driven through WebDriver opens the page of the shipped Lavrov interview
//! and of hostile input, filters, jumps from the map, keeps a review across
//! a reload, and downloads a table that `sverka export` takes to TMX; the
//! load time of a 10,000-row page is measured; the README's screenshots in
//! docs/img are made here.
//!
//! Skipped (with a message) when Chromium or chromedriver is missing,
//! unless `SVERKA_REQUIRE_CLIENTS=1`, in which case that fails the test.

#[path = "../../table/tests/common/mod.rs"]
mod common;

mod browser;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;
use std::time::Instant;

use browser::Browser;
use serde_json::json;

/// One browser at a time: each test starts its own, and two Chromiums on
/// a small machine make the timings meaningless.
static ONE_BROWSER: Mutex<()> = Mutex::new(());

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn sverka(args: &[&OsStr]) -> Output {
    sverka_in(&workspace(), args)
}

fn sverka_in(dir: &Path, args: &[&OsStr]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_sverka"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("sverka runs");
    assert!(
        output.status.success(),
        "sverka {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// `sverka align -q [--presegmented] RU EN -o OUT` for each output.
fn align(ru: &Path, en: &Path, outputs: &[&Path], presegmented: bool) {
    for out in outputs {
        let mut args: Vec<&OsStr> = vec!["align".as_ref(), "-q".as_ref()];
        if presegmented {
            args.push("--presegmented".as_ref());
        }
        args.extend([
            ru.as_os_str(),
            en.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ]);
        sverka(&args);
    }
}

/// The data rows of a CSV table, raw cells.
fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let mut rows = common::raw_cells(path, b',');
    rows.remove(0);
    rows
}

/// Whether a row's `flags` cell asks for review (a flag other than the
/// gaps), as the page and `sverka align`'s summary count them.
fn flagged_for_review(flags: &str) -> bool {
    flags
        .split(';')
        .any(|f| !f.is_empty() && f != "omission" && f != "addition")
}

/// `data-row` of every row in the DOM (only rows near the window are).
fn rendered_rows(b: &Browser) -> Vec<String> {
    b.js(
        "return Array.from(document.querySelectorAll('#spacer .row')).map(e => e.dataset.row);",
        json!([]),
    )
    .as_array()
    .unwrap()
    .iter()
    .map(|v| v.as_str().unwrap().to_string())
    .collect()
}

/// Whether row `n` is in the DOM and inside the scrolling pane's window.
fn row_in_window(b: &Browser, n: usize) -> bool {
    b.js(
        "const e = document.querySelector(`#spacer .row[data-row=\"${arguments[0]}\"]`);
         if (!e) return false;
         const r = e.getBoundingClientRect(), p = document.getElementById('pane').getBoundingClientRect();
         return r.top >= p.top - 1 && r.top < p.bottom - 20;",
        json!([n.to_string()]),
    ) == json!(true)
}

/// The last row up to `last` whose map mark is the one a click on the
/// whole pixel nearest its centre selects (nearest centre among the marks
/// under the pointer, as the page decides).
fn clickable_mark(b: &Browser, last: usize) -> usize {
    let row = b.js(
        "const map = document.getElementById('map'), box = map.getBoundingClientRect();
         const size = map.viewBox.baseVal.width;
         const marks = [...document.querySelectorAll('#map rect.m')].map(m => ({
           row: Number(m.dataset.row), x: +m.getAttribute('x'), y: +m.getAttribute('y'),
           w: +m.getAttribute('width'), h: +m.getAttribute('height') }));
         const picked = (px, py) => {
           let best = null, dist = Infinity;
           for (const b of marks) {
             const dx = Math.max(b.x - px, 0, px - b.x - b.w), dy = Math.max(b.y - py, 0, py - b.y - b.h);
             const cx = b.x + b.w / 2 - px, cy = b.y + b.h / 2 - py;
             const d = (dx * dx + dy * dy) * 1e6 + cx * cx + cy * cy;
             if (d < dist) { dist = d; best = b.row; }
           }
           return best;
         };
         for (const m of marks.filter(m => m.row <= arguments[0]).reverse()) {
           const x = Math.round(box.left + (m.x + m.w / 2) / size * box.width);
           const y = Math.round(box.top + (m.y + m.h / 2) / size * box.height);
           if (picked((x - box.left) / box.width * size, (y - box.top) / box.height * size) === m.row) return m.row;
         }
         return 0;",
        json!([last]),
    );
    row.as_u64().expect("a row number") as usize
}

/// A click on the map at the whole pixel nearest the centre of row `row`'s
/// mark.
fn click_map_at(b: &Browser, row: usize) {
    b.js(
        "const m = document.querySelector(`#map rect.m[data-row=\"${arguments[0]}\"]`);
         const r = m.getBoundingClientRect();
         document.getElementById('map').dispatchEvent(new MouseEvent('click', {
           bubbles: true, clientX: Math.round(r.left + r.width / 2), clientY: Math.round(r.top + r.height / 2) }));",
        json!([row.to_string()]),
    );
}

fn select(b: &Browser, id: &str, value: &str) {
    b.js(
        "const s = document.getElementById(arguments[0]); s.value = arguments[1];
         s.dispatchEvent(new Event('change', {bubbles: true}));",
        json!([id, value]),
    );
}

fn shown(b: &Browser) -> String {
    b.text("#shown")
}

fn assert_no_console_errors(b: &Browser, page: &str) {
    let errors = b.console_errors();
    assert!(errors.is_empty(), "{page}: console errors: {errors:#?}");
}

/// Milliseconds from navigation to the first rendered rows, as the page
/// records it.
fn ready_ms(b: &Browser) -> f64 {
    b.js("return window.sverkaReadyMs;", json!([]))
        .as_f64()
        .expect("sverkaReadyMs")
}

fn tmx_of(table: &Path) -> String {
    let out = table.with_extension("tmx");
    sverka(&[
        "export".as_ref(),
        table.as_os_str(),
        "--to".as_ref(),
        "tmx".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    std::fs::read_to_string(out).expect("TMX")
}

#[test]
fn lavrov_page_filters_maps_keeps_the_review_and_exports_it() {
    if !common::chromium() {
        return;
    }
    let _one = ONE_BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    // The page shows the command and the paths as given: run as in the
    // README, in a folder with the corpus, so the screenshots are the same
    // on every run.
    let corpus = dir.path().join("corpora/lavrov-belarus-2017");
    std::fs::create_dir_all(&corpus).unwrap();
    for side in ["ru.txt", "en.txt"] {
        std::fs::copy(
            workspace().join("corpora/lavrov-belarus-2017").join(side),
            corpus.join(side),
        )
        .unwrap();
    }
    for out in ["review.html", "review.csv"] {
        sverka_in(
            dir.path(),
            &[
                "align".as_ref(),
                "corpora/lavrov-belarus-2017/ru.txt".as_ref(),
                "corpora/lavrov-belarus-2017/en.txt".as_ref(),
                "-o".as_ref(),
                out.as_ref(),
            ],
        );
    }
    let page = dir.path().join("review.html");
    let csv = dir.path().join("review.csv");
    let table = csv_rows(&csv);
    let flagged: Vec<&Vec<String>> = table.iter().filter(|r| flagged_for_review(&r[7])).collect();
    assert!(!flagged.is_empty(), "the Lavrov table has flagged rows");

    let b = Browser::start(1400, 900);
    let started = Instant::now();
    b.open(&page);
    let wall = started.elapsed().as_secs_f64() * 1000.0;
    println!(
        "review page of lavrov-belarus-2017 ({} rows): ready {:.0} ms after navigation ({wall:.0} ms with WebDriver)",
        table.len(),
        ready_ms(&b)
    );

    // Header: counts as in the table.
    assert_eq!(b.text("#row-count"), table.len().to_string());
    assert_eq!(b.text("#flagged-count"), flagged.len().to_string());
    assert_eq!(b.text("#verdict"), "ok");
    assert_eq!(
        b.text("#command"),
        "sverka align corpora/lavrov-belarus-2017/ru.txt corpora/lavrov-belarus-2017/en.txt -o review.html"
    );
    assert_eq!(
        shown(&b),
        format!("Showing {} of {}", table.len(), table.len())
    );
    // Virtualised: far fewer rows in the DOM than in the table.
    let in_dom = rendered_rows(&b).len();
    assert!(
        in_dom > 3 && in_dom < table.len(),
        "{in_dom} rows in the DOM"
    );

    // The flagged filter leaves exactly the flagged rows.
    select(&b, "show", "review");
    assert_eq!(
        shown(&b),
        format!("Showing {} of {}", flagged.len(), table.len())
    );
    let wanted: Vec<String> = flagged.iter().map(|r| r[0].clone()).collect();
    assert_eq!(rendered_rows(&b), wanted);
    // A flag filter: only additions.
    select(&b, "show", "all");
    select(&b, "flag", "addition");
    let additions: Vec<String> = table
        .iter()
        .filter(|r| r[7].split(';').any(|f| f == "addition"))
        .map(|r| r[0].clone())
        .collect();
    assert_eq!(
        shown(&b),
        format!("Showing {} of {}", additions.len(), table.len())
    );
    for row in rendered_rows(&b) {
        assert!(additions.contains(&row), "row {row} is not an addition");
    }
    select(&b, "flag", "");
    // Confidence below 0.5: every row shown is under it.
    b.js(
        "const s = document.getElementById('conf'); s.value = '0.5';
         s.dispatchEvent(new Event('input', {bubbles: true}));",
        json!([]),
    );
    let unsure = table
        .iter()
        .filter(|r| r[6].parse::<f64>().is_ok_and(|c| c < 0.5))
        .count();
    assert_eq!(shown(&b), format!("Showing {unsure} of {}", table.len()));
    b.js(
        "const s = document.getElementById('conf'); s.value = '1';
         s.dispatchEvent(new Event('input', {bubbles: true}));",
        json!([]),
    );
    // Search looks in both columns.
    b.type_into("#search", "Грибаускайте");
    let hits = table
        .iter()
        .filter(|r| r[3].to_lowercase().contains("грибаускайте"))
        .count();
    assert!(hits > 0);
    assert_eq!(shown(&b), format!("Showing {hits} of {}", table.len()));
    b.clear("#search");
    b.type_into("#search", "x");
    b.js(
        "const s = document.getElementById('search'); s.value = '';
         s.dispatchEvent(new Event('input', {bubbles: true}));",
        json!([]),
    );
    assert_eq!(
        shown(&b),
        format!("Showing {} of {}", table.len(), table.len())
    );

    // Clicking a map mark far down brings its row into the window. Marks
    // of short sentences lie less than a pixel apart on a small map, and a
    // click lands on a whole pixel: the target is the last mark, from ten
    // rows before the end, whose nearest whole pixel is its own.
    let target = clickable_mark(&b, table.len() - 10);
    assert!(target + 30 > table.len(), "no clickable mark near the end");
    assert!(!row_in_window(&b, target));
    click_map_at(&b, target);
    assert!(
        row_in_window(&b, target),
        "row {target} not in the window after the map click"
    );
    assert_eq!(
        b.js(
            "return document.querySelector('.row.cur').dataset.row;",
            json!([])
        ),
        json!(target.to_string())
    );

    // Keyboard: j goes to the next row with a flag after the current one.
    b.js(
        "document.activeElement && document.activeElement.blur();",
        json!([]),
    );
    let first_flag = table
        .iter()
        .find(|r| !r[7].is_empty())
        .map(|r| r[0].clone())
        .unwrap();
    b.click_at(&format!("#map rect.m[data-row=\"{first_flag}\"]"));
    b.js(
        "document.activeElement && document.activeElement.blur();",
        json!([]),
    );
    let next_flag = table
        .iter()
        .filter(|r| !r[7].is_empty())
        .nth(1)
        .map(|r| r[0].clone())
        .unwrap();
    b.press("j");
    assert_eq!(
        b.js(
            "return document.querySelector('.row.cur').dataset.row;",
            json!([])
        ),
        json!(next_flag)
    );
    b.press("k");
    assert_eq!(
        b.js(
            "return document.querySelector('.row.cur').dataset.row;",
            json!([])
        ),
        json!(first_flag)
    );

    // Screenshots for the README: a stretch with a flagged row, at desktop
    // and at phone width.
    // With the dictionaries the table flags differing names; without
    // them, the pairs learned from the texts connect its names, and the
    // first flagged row stands in (the marks are then not checked).
    let names_differ = flagged.iter().find(|r| r[7].contains("names-differ"));
    if names_differ.is_none() {
        println!("no names-differ row (no dictionary installed?): the marks of differing names are not checked");
    }
    let names_row = names_differ
        .or(flagged.first())
        .map(|r| r[0].parse::<usize>().unwrap())
        .unwrap()
        .max(2);
    let shots = workspace().join("docs/img");
    std::fs::create_dir_all(&shots).unwrap();
    b.click_at(&format!(
        "#map rect.m[data-row=\"{}\"]",
        names_row.saturating_sub(2).max(1)
    ));
    if names_differ.is_some() {
        assert_eq!(
            b.js(
                &format!("return document.querySelectorAll('.row[data-row=\"{names_row}\"] mark.diff').length;"),
                json!([])
            ),
            json!(2),
            "the differing names are marked on both sides"
        );
    }
    std::fs::write(shots.join("review-page.png"), b.screenshot()).unwrap();
    b.set_window(420, 860);
    b.wait_for("document.getElementById('side').offsetParent === null", 10);
    b.click(".mapbtn");
    b.click_at(&format!(
        "#map rect.m[data-row=\"{}\"]",
        names_row.saturating_sub(1).max(1)
    ));
    b.wait_for("document.getElementById('side').offsetParent === null", 10);
    std::fs::write(shots.join("review-page-narrow.png"), b.screenshot()).unwrap();
    b.set_window(1400, 900);
    assert_no_console_errors(&b, "the Lavrov page");

    // The download of an unreviewed page is the table sverka writes, byte for byte.
    b.click("#download");
    let untouched = b.downloaded("review.reviewed.csv");
    assert_eq!(
        String::from_utf8_lossy(&untouched),
        String::from_utf8_lossy(&std::fs::read(&csv).unwrap())
    );
    std::fs::remove_file(b.downloads.join("review.reviewed.csv")).unwrap();

    // Review: edit the English of the names row, reject the next row, note
    // on the one before; all of it survives a reload.
    let edited_row = names_row;
    let rejected_row = names_row + 1;
    let noted_row = names_row - 1;
    b.click_at(&format!("#map rect.m[data-row=\"{noted_row}\"]"));
    let row = |n: usize| format!("#spacer .row[data-row=\"{n}\"]");
    b.click(&format!("{} button.edit-en", row(edited_row)));
    let edit = format!("{} textarea.edit-en-text", row(edited_row));
    // Select all (Control+A, then release Control) and type over it. (WebDriver's
    // element clear would also take the focus away, which ends the edit.)
    b.type_into(
        &edit,
        "\u{E009}a\u{E000}- Edited by the reviewer: Grybauskaite, 2017.",
    );
    b.click(&format!("{} .meta", row(noted_row)));
    b.click(&format!(
        "{} button[data-status=\"reject\"]",
        row(rejected_row)
    ));
    b.type_into(&format!("{} input.note", row(noted_row)), "check the names");
    // A date a spreadsheet would convert: escaped in the download as sverka
    // escapes it.
    b.type_into(&format!("{} input.note", row(rejected_row)), "23.06.2017");
    b.refresh();
    b.click_at(&format!("#map rect.m[data-row=\"{noted_row}\"]"));
    assert!(b
        .text(&format!("{} .side.en .text", row(edited_row)))
        .contains("Edited by the reviewer: Grybauskaite, 2017."));
    let pressed = |n: usize, status: &str| {
        b.js(
            &format!(
                "return document.querySelector('{} button[data-status=\"{status}\"]').getAttribute('aria-pressed');",
                row(n).replace('"', "\\\"")
            ),
            json!([]),
        )
    };
    // Editing a row marks it "fix".
    assert_eq!(pressed(edited_row, "fix"), json!("true"));
    assert_eq!(pressed(rejected_row, "reject"), json!("true"));
    assert_eq!(
        b.js(
            &format!(
                "return document.querySelector('{} input.note').value;",
                row(noted_row).replace('"', "\\\"")
            ),
            json!([])
        ),
        json!("check the names")
    );
    assert!(b.text("#progress").starts_with("Reviewed: 2 of"));

    // The reviewed table goes through `sverka export` to TMX with the edit.
    b.click("#download");
    let reviewed = dir.path().join("reviewed.csv");
    std::fs::write(&reviewed, b.downloaded("review.reviewed.csv")).unwrap();
    let back = csv_rows(&reviewed);
    assert_eq!(back.len(), table.len());
    assert_eq!(back[edited_row - 1][9], "fix");
    assert_eq!(back[rejected_row - 1][9], "reject");
    assert_eq!(back[noted_row - 1][10], "check the names");
    assert_eq!(back[rejected_row - 1][10], "'23.06.2017");
    let read_back = sverka_table::read_table(std::fs::File::open(&reviewed).unwrap()).unwrap();
    assert_eq!(read_back[rejected_row - 1].note, "23.06.2017");
    assert_eq!(
        read_back[edited_row - 1].en,
        "- Edited by the reviewer: Grybauskaite, 2017."
    );
    let tmx = tmx_of(&reviewed);
    assert!(
        tmx.contains("<seg>- Edited by the reviewer: Grybauskaite, 2017.</seg>"),
        "{tmx}"
    );
    let rejected_en = &table[rejected_row - 1][4];
    assert!(
        !tmx.contains(rejected_en.trim_start_matches('\'')),
        "the rejected row is left out"
    );
    assert_no_console_errors(&b, "the Lavrov page after review");
}

#[test]
fn hostile_text_shows_as_text_and_runs_nothing() {
    if !common::chromium() {
        return;
    }
    let _one = ONE_BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        (
            "<script>alert(1)</script> Первая строка.",
            "<script>alert(1)</script> The first line.",
        ),
        (
            "\"><img src=x onerror=alert(2)> Вторая строка.",
            "\"><img src=x onerror=alert(2)> The second line.",
        ),
        (
            "</style><svg onload=alert(3)> Третья строка.",
            "</style><svg onload=alert(3)> The third line.",
        ),
        (
            "Четвёртая\u{2028}строка </script><!-- &amp; &lt;b&gt;.",
            "Fourth\u{2028}line </script><!-- &amp; &lt;b&gt;.",
        ),
        ("- Да, 12 человек.", "- Yes, 11 people."),
        ("23 июня 2017", "July 8, 2017"),
        ("=1+1", "'Tis 007."),
        // Cells a spreadsheet would convert: the download escapes them as
        // sverka's CSV does.
        ("1/2", "Jun 23"),
        ("\u{2212}5 €", "1."),
        ("Сентябрь 2017", "'- quoted"),
        (
            "Министр иностранных дел России ответил на вопросы журналистов.",
            "The Russian Foreign Minister answered questions from journalists.",
        ),
        (
            "Мы никогда не просили Белоруссию выбирать между Россией и Западом.",
            "We never asked Belarus to choose between Russia and the West.",
        ),
    ];
    let ru = dir.path().join("ru <b>.txt");
    // A line separator in a name reaches the page (in text, sverka puts
    // sentences on one line).
    let en = dir.path().join("en\u{2028}.txt");
    let join = |side: usize| -> String {
        lines
            .iter()
            .map(|l| if side == 0 { l.0 } else { l.1 })
            .collect::<Vec<_>>()
            .join("\n")
            + "\n"
    };
    std::fs::write(&ru, join(0)).unwrap();
    std::fs::write(&en, join(1)).unwrap();
    let page = dir.path().join("hostile.html");
    let csv = dir.path().join("hostile.csv");
    align(&ru, &en, &[&page, &csv], true);

    // Tall enough for every row to be in the DOM (only rows near the
    // window are).
    let b = Browser::start(1200, 3000);
    b.open(&page);
    assert_eq!(b.alert_text(), None, "a script from the input ran");
    let page_state = b.js(
        "return {
           scripts: document.scripts.length,
           imgs: document.images.length,
           svgs: document.querySelectorAll('svg:not(#map):not(#mapwin)').length,
           handlers: document.querySelectorAll('[onload], [onerror]').length,
           styles: document.querySelectorAll('style').length,
           texts: Array.from(document.querySelectorAll('#spacer .text')).map(e => e.textContent),
           title: document.title,
           h1: document.querySelector('h1').textContent,
         };",
        json!([]),
    );
    // The data, the shared DOM helpers and the page script: no other.
    assert_eq!(page_state["scripts"], json!(3), "{page_state}");
    assert_eq!(page_state["imgs"], json!(0), "{page_state}");
    assert_eq!(page_state["svgs"], json!(0), "only the map's: {page_state}");
    assert_eq!(page_state["handlers"], json!(0), "{page_state}");
    assert_eq!(page_state["styles"], json!(1), "{page_state}");
    let texts: Vec<String> = page_state["texts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap().to_string())
        .collect();
    for (ru_line, en_line) in lines {
        let (ru_line, en_line) = (
            ru_line.replace('\u{2028}', " "),
            en_line.replace('\u{2028}', " "),
        );
        assert!(
            texts.contains(&ru_line),
            "{ru_line:?} not shown as text in {texts:#?}"
        );
        assert!(
            texts.contains(&en_line),
            "{en_line:?} not shown as text in {texts:#?}"
        );
    }
    assert!(page_state["h1"].as_str().unwrap().contains("ru <b>.txt"));
    assert!(page_state["h1"]
        .as_str()
        .unwrap()
        .contains("en\u{2028}.txt"));
    assert!(page_state["title"].as_str().unwrap().contains("ru <b>.txt"));
    // The download escapes these cells exactly as sverka's CSV does.
    b.click("#download");
    assert_eq!(
        String::from_utf8_lossy(&b.downloaded("hostile.reviewed.csv")),
        String::from_utf8_lossy(&std::fs::read(&csv).unwrap())
    );
    assert_eq!(b.alert_text(), None);
    assert_no_console_errors(&b, "the hostile page");
}

#[test]
fn batch_index_lists_sorts_and_links_the_pages() {
    if !common::chromium() {
        return;
    }
    let _one = ONE_BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let lavrov = workspace().join("corpora/lavrov-belarus-2017");
    for side in ["ru", "en"] {
        std::fs::copy(
            lavrov.join(format!("{side}.txt")),
            corpus.join(format!("lavrov #1.{side}.txt")),
        )
        .unwrap();
    }
    std::fs::write(
        corpus.join("short.ru.txt"),
        "Министр ответил на вопросы журналистов.\nМы никогда не просили Белоруссию выбирать.\n",
    )
    .unwrap();
    std::fs::write(
        corpus.join("short.en.txt"),
        "The minister answered questions from journalists.\nWe never asked Belarus to choose.\n",
    )
    .unwrap();
    // Empty: fails, and is listed without a page.
    std::fs::write(corpus.join("empty.ru.txt"), "").unwrap();
    std::fs::write(corpus.join("empty.en.txt"), "").unwrap();
    let out = dir.path().join("out");
    let run = Command::new(env!("CARGO_BIN_EXE_sverka"))
        .args(["batch", "-q", "--html"])
        .arg(&corpus)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "one document fails: {stderr}");
    assert!(stderr.contains("sverka: empty: "), "{stderr}");
    assert!(out.join("lavrov #1.html").is_file());
    assert!(out.join("short.html").is_file());
    assert!(!out.join("empty.html").exists());

    let b = Browser::start(1200, 800);
    b.open(&out.join("index.html"));
    assert_eq!(b.text("#doc-count"), "3");
    let names = |b: &Browser| {
        b.js(
            "return Array.from(document.querySelectorAll('tbody tr')).map(r => r.dataset.name);",
            json!([]),
        )
    };
    assert_eq!(names(&b), json!(["empty", "lavrov #1", "short"]));
    // Sort by rows: largest first, then the other way.
    b.click("th[data-key=\"rows\"] button");
    assert_eq!(names(&b), json!(["lavrov #1", "short", "empty"]));
    b.click("th[data-key=\"rows\"] button");
    assert_eq!(names(&b), json!(["empty", "short", "lavrov #1"]));
    assert_eq!(
        b.js(
            "return document.querySelector('tr[data-name=\"empty\"] a');",
            json!([])
        ),
        json!(null),
        "a failed document has no link"
    );
    // The link (a name with a space and #) opens the document's page.
    b.click("tr[data-name=\"lavrov #1\"] a");
    b.wait_for("document.body && document.body.dataset.ready === '1' && document.getElementById('row-count')", 30);
    // As many rows as `sverka align` writes for the same pair.
    let table = dir.path().join("lavrov.tsv");
    let align = Command::new(env!("CARGO_BIN_EXE_sverka"))
        .args(["align", "-q"])
        .arg(lavrov.join("ru.txt"))
        .arg(lavrov.join("en.txt"))
        .arg("-o")
        .arg(&table)
        .output()
        .unwrap();
    assert!(align.status.success());
    let rows = std::fs::read_to_string(&table).unwrap().lines().count() - 1;
    assert_eq!(b.text("#row-count"), rows.to_string());
    assert!(b.text("#command").starts_with("sverka batch -q --html"));
    assert_no_console_errors(&b, "the batch index and a page");
}

/// WMT21 en-ru ×3 as one pre-segmented pair: about 11,000 rows.
#[test]
fn a_10000_row_page_loads_and_scrolls() {
    let Some(data) = sverka_eval::data::shared_data_or_skip(&["wmt21-en-ru"]) else {
        return;
    };
    if !common::chromium() {
        return;
    }
    let _one = ONE_BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let (mut ru, mut en) = (Vec::new(), Vec::new());
    for (pair, src, tgt) in [
        ("docs-en-ru", "en", "ru.refA"),
        ("docs-ru-en", "ru", "en.refA"),
    ] {
        let folder = data.join("wmt21-en-ru").join(pair);
        let mut golds: Vec<PathBuf> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "gold"))
            .collect();
        golds.sort();
        for gold in golds {
            let name = gold.file_stem().unwrap().to_string_lossy().to_string();
            let read = |ext: &str| -> Vec<String> {
                std::fs::read_to_string(folder.join(format!("{name}.{ext}")))
                    .unwrap()
                    .lines()
                    .map(str::to_string)
                    .collect()
            };
            let (s, t) = (read(src), read(tgt));
            if s.len() != t.len() {
                continue;
            }
            let (r, e) = if src == "en" { (t, s) } else { (s, t) };
            ru.extend(r);
            en.extend(e);
        }
    }
    let times = 3;
    let ru_file = dir.path().join("wmt21x3.ru.txt");
    let en_file = dir.path().join("wmt21x3.en.txt");
    let repeated = |side: &[String]| (side.join("\n") + "\n").repeat(times);
    std::fs::write(&ru_file, repeated(&ru)).unwrap();
    std::fs::write(&en_file, repeated(&en)).unwrap();
    let page = dir.path().join("wmt21x3.html");
    align(&ru_file, &en_file, &[&page], true);

    let b = Browser::start(1400, 900);
    b.open(&page);
    let rows: usize = b.text("#row-count").parse().unwrap();
    assert!(rows >= 10_000, "{rows} rows");
    let ready = ready_ms(&b);
    // Scroll as a wheel does, 120 px a frame for 300 frames, timing the
    // frames; then jump through the whole document in 40 steps.
    let scroll = b.js(
        "return (async () => {
         const pane = document.getElementById('pane');
         const frame = () => new Promise(r => requestAnimationFrame(r));
         const frames = [];
         await frame();
         let t = performance.now();
         for (let s = 0; s < 300; s++) {
           pane.scrollTop += 120;
           await frame();
           const now = performance.now(); frames.push(now - t); t = now;
         }
         frames.sort((a, b) => a - b);
         const jumps = [];
         for (let s = 1; s <= 40; s++) {
           const t0 = performance.now();
           pane.scrollTop = pane.scrollHeight * s / 40;
           await frame(); await frame();
           jumps.push(performance.now() - t0);
         }
         jumps.sort((a, b) => a - b);
         const rows = Array.from(document.querySelectorAll('#spacer .row'));
         return {frame: frames[150], frame95: frames[285], jump: jumps[20], dom: rows.length,
                 last: rows.map(e => +e.dataset.row).reduce((a, b) => Math.max(a, b), 0)};
         })();",
        json!([]),
    );
    let size = std::fs::metadata(&page).unwrap().len();
    println!(
        "review page of WMT21 ×{times} ({rows} rows, {:.1} MB): ready {ready:.0} ms after navigation; \
         scrolling 120 px a frame: median frame {:.0} ms, 95th percentile {:.0} ms; a jump across \
         the document: {:.0} ms (two frames); {} rows in the DOM",
        size as f64 / 1e6,
        scroll["frame"].as_f64().unwrap(),
        scroll["frame95"].as_f64().unwrap(),
        scroll["jump"].as_f64().unwrap(),
        scroll["dom"]
    );
    assert_eq!(scroll["last"], json!(rows), "scrolled to the end: {scroll}");
    assert!(
        scroll["dom"].as_u64().unwrap() < 200,
        "rows are virtualised: {scroll}"
    );
    // The map shows every row (on a canvas at this length).
    assert_eq!(
        b.js(
            "const m = document.getElementById('map'); return [m.tagName, m.dataset.marks];",
            json!([])
        ),
        json!(["CANVAS", rows.to_string()])
    );
    assert_no_console_errors(&b, "the 10,000-row page");
}
