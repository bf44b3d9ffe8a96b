//! From a reviewed table to a translation memory (TMX) or a parallel corpus.
//!
//! Every export keeps the same rows: those not marked `reject` whose both
//! sides hold text. A sentence the translator moved has a row of its own
//! and its translation another (both flagged `moved`, each naming the
//! other in its details): an export writes them as one pair. Each returns
//! [`ExportCounts`] so the caller can report what was left out. Texts are trimmed of surrounding whitespace and
//! control characters (an accidental trailing space or line break from a
//! spreadsheet edit has no place in a segment), and a side left with nothing
//! counts as empty; nothing else is changed except as each format documents.

use std::collections::BTreeMap;
use std::io::Write;
use std::ops::RangeInclusive;

use crate::read::ReviewedRow;
use sverka_core::one_line;

use crate::row::{Side, Status, TableMeta};
use crate::TableError;

/// How many rows an export kept and why the others were left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ExportCounts {
    /// Rows written.
    pub kept: usize,
    /// Rows left out because their status is `reject`.
    pub rejected: usize,
    /// Rows left out because one side (or both) is empty or only spaces
    /// (and the status is not `reject`).
    pub empty_side: usize,
    /// Pairs written (counted in `kept`) that join the rows of a sentence
    /// the translator moved with the rows of its translation.
    pub moved_pairs: usize,
    /// Rows joined into such a pair beyond its first.
    pub joined: usize,
}

impl ExportCounts {
    /// All rows considered.
    pub fn total(&self) -> usize {
        self.kept + self.rejected + self.empty_side + self.joined
    }

    /// Adds another table's counts.
    pub fn add(&mut self, other: ExportCounts) {
        self.kept += other.kept;
        self.rejected += other.rejected;
        self.empty_side += other.empty_side;
        self.moved_pairs += other.moved_pairs;
        self.joined += other.joined;
    }
}

/// The side and partner rows of a row that holds a sentence the translator
/// moved: flagged `moved`, text on one side only, and its details naming
/// the rows of its translation as the table writes them (`moved:
/// translated in rows 31-32 (en lines 40-41)` on a Russian row, `moved:
/// translates row 24 (ru line 11)` on an English one).
fn moved_role(row: &ReviewedRow) -> Option<(Side, RangeInclusive<usize>)> {
    row.row?;
    if !row.flags.split(';').any(|f| f.trim() == "moved") {
        return None;
    }
    let (ru, en) = (has_text(&row.ru), has_text(&row.en));
    let details = row.details.trim_start();
    let (side, rest) = if ru && !en {
        (Side::Source, details.strip_prefix("moved: translated in ")?)
    } else if en && !ru {
        (Side::Target, details.strip_prefix("moved: translates ")?)
    } else {
        return None;
    };
    let numbers = rest
        .strip_prefix("rows ")
        .or_else(|| rest.strip_prefix("row "))?
        .split(' ')
        .next()?;
    let (first, last) = numbers.split_once('-').unwrap_or((numbers, numbers));
    let (first, last) = (first.parse().ok()?, last.parse().ok()?);
    (first <= last && last - first < MOST_MOVED_ROWS).then_some((side, first..=last))
}

/// Most rows on one side of a move the table can name (the aligner moves
/// beads of up to two sentences a side, a row each at most); a larger
/// range is not one the table wrote.
const MOST_MOVED_ROWS: usize = 8;

/// A cell's text without the whitespace and control characters around it.
fn trimmed(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_whitespace() || c.is_control())
}

fn has_text(text: &str) -> bool {
    !trimmed(text).is_empty()
}

/// Pairs the rows of moved sentences with the rows of their translations,
/// for an export that sees one row at a time: such a row is held until
/// every row of its move has come, and the move is then one pair (the
/// Russian rows' texts, the English rows' texts), given where its last row
/// was. Rows whose partners never come, or do not name them back, are
/// given as they were at the end (and left out as rows with an empty
/// side, as before the pairing).
#[derive(Default)]
struct MovedRows {
    held: BTreeMap<usize, (Side, RangeInclusive<usize>, ReviewedRow)>,
}

impl MovedRows {
    /// What to write for `row`: itself, nothing while it waits for the
    /// rest of its move, or the pair its move makes.
    fn take(&mut self, row: &ReviewedRow) -> Taken {
        // A row number met twice (a reviewer's copy of a row) is not paired.
        let role = moved_role(row).filter(|_| !row.row.is_some_and(|n| self.held.contains_key(&n)));
        let Some((side, partners)) = role else {
            return Taken::Itself;
        };
        let number = row.row.expect("a moved row has a number");
        self.held.insert(number, (side, partners, row.clone()));
        let Some(move_rows) = self.complete_move(number) else {
            return Taken::Held;
        };
        let mut ru = Vec::new();
        let mut en = Vec::new();
        let mut rows: Vec<ReviewedRow> = Vec::new();
        for n in &move_rows {
            let (side, _, row) = self.held.remove(n).expect("a complete move is held");
            match side {
                Side::Source => ru.push(trimmed(&row.ru).to_string()),
                Side::Target => en.push(trimmed(&row.en).to_string()),
            }
            rows.push(row);
        }
        Taken::Joined(
            Box::new(joined_row(&rows, ru.join(" "), en.join(" "))),
            rows.len(),
        )
    }

    /// The rows of the move `number` belongs to, in order, when all of
    /// them are held and each names the others.
    fn complete_move(&self, number: usize) -> Option<Vec<usize>> {
        let (side, partners, _) = &self.held[&number];
        let first_partner = self.held.get(partners.start())?;
        let own = first_partner.1.clone();
        if first_partner.0 == *side || !own.contains(&number) {
            return None;
        }
        let names = |rows: &RangeInclusive<usize>, side: Side, others: &RangeInclusive<usize>| {
            rows.clone().all(|n| {
                self.held
                    .get(&n)
                    .is_some_and(|(s, named, _)| *s == side && named == others)
            })
        };
        let other_side = first_partner.0;
        (names(&own, *side, partners) && names(partners, other_side, &own)).then(|| {
            let mut rows: Vec<usize> = own.chain(partners.clone()).collect();
            rows.sort_unstable();
            rows
        })
    }

    /// The rows still held, in table order.
    fn rest(&mut self) -> Vec<ReviewedRow> {
        std::mem::take(&mut self.held)
            .into_values()
            .map(|(_, _, row)| row)
            .collect()
    }
}

/// What [`MovedRows::take`] makes of a row.
enum Taken {
    /// The row is written as it is.
    Itself,
    /// The row waits for the other rows of its move.
    Held,
    /// The pair of a move, and how many rows it joins.
    Joined(Box<ReviewedRow>, usize),
}

/// One row for a move's rows (in table order): its texts, the first row's
/// number and details, the notes joined, and `reject` when any row is
/// rejected (else `fix` when any is fixed, else `ok` when all are).
fn joined_row(rows: &[ReviewedRow], ru: String, en: String) -> ReviewedRow {
    let first = &rows[0];
    let any = |status: Status| rows.iter().any(|r| r.status == status);
    let status = if any(Status::Reject) {
        Status::Reject
    } else if any(Status::Fix) {
        Status::Fix
    } else if rows.iter().all(|r| r.status == Status::Ok) {
        Status::Ok
    } else {
        Status::Unreviewed
    };
    let notes: Vec<&str> = rows
        .iter()
        .map(|r| r.note.trim())
        .filter(|n| !n.is_empty())
        .collect();
    let time = |side: fn(&ReviewedRow) -> &String| {
        rows.iter()
            .map(side)
            .find(|t| !t.is_empty())
            .cloned()
            .unwrap_or_default()
    };
    ReviewedRow {
        ru,
        en,
        status,
        note: notes.join("; "),
        ru_time: time(|r| &r.ru_time),
        en_time: time(|r| &r.en_time),
        ..first.clone()
    }
}

/// Applies the export rule to one row, counting it; `Some((ru, en))` (trimmed)
/// for a kept row.
fn keep<'r>(row: &'r ReviewedRow, counts: &mut ExportCounts) -> Option<(&'r str, &'r str)> {
    let (ru, en) = (trimmed(&row.ru), trimmed(&row.en));
    if row.status == Status::Reject {
        counts.rejected += 1;
        None
    } else if ru.is_empty() || en.is_empty() {
        counts.empty_side += 1;
        None
    } else {
        counts.kept += 1;
        Some((ru, en))
    }
}

/// [`keep`] for a row made of `rows` rows of the table (a moved
/// sentence's pair when more than one).
fn keep_joined<'r>(
    row: &'r ReviewedRow,
    rows: usize,
    counts: &mut ExportCounts,
) -> Option<(&'r str, &'r str)> {
    let kept = keep(row, counts);
    if rows > 1 {
        counts.joined += rows - 1;
        counts.moved_pairs += usize::from(kept.is_some());
    }
    kept
}

/// Whether XML 1.0 forbids the character anywhere in a document.
fn forbidden_in_xml(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}'
}

/// Escapes text for XML element content (`attribute == false`) or a
/// double-quoted attribute value.
///
/// `&`, `<`, `>` and `"` become entities; a carriage return becomes `&#13;`
/// (a parser would otherwise turn CRLF into LF); in attributes tab and line
/// feed become character references too (a parser would otherwise turn them
/// into spaces). Control characters that XML 1.0 forbids (U+0000–U+001F
/// other than tab, LF, CR, and U+FFFE, U+FFFF) cannot be written at all;
/// each becomes a space, because in real text they separate words: vertical
/// tab is Word's manual line break, form feed a page break.
fn escape_xml(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            c if forbidden_in_xml(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Writes a TMX 1.4b translation memory of the kept rows.
///
/// The document is UTF-8 XML with LF line ends:
///
/// ```xml
/// <?xml version="1.0" encoding="UTF-8"?>
/// <tmx version="1.4">
///   <header creationtool="sverka" creationtoolversion="0.1.0" datatype="plaintext"
///           segtype="sentence" adminlang="en" srclang="ru" o-tmf="sverka">
///     <prop type="x-ru-file">ru.txt</prop>      (x-en-file, x-options likewise, when known)
///   </header>
///   <body>
///     <tu>
///       <prop type="x-row">12</prop>            (the bead number, when the row has one)
///       <prop type="x-status">ok</prop>         (when the row has a status)
///       <prop type="x-details">…</prop>         (when the row has details)
///       <prop type="x-ru-time">00:00:01,000–00:00:04,200</prop>  (x-en-time likewise; subtitles)
///       <note>…</note>                           (when the row has a note)
///       <tuv xml:lang="ru"><seg>…</seg></tuv>    (the source language first)
///       <tuv xml:lang="en"><seg>…</seg></tuv>
///     </tu>
///   </body>
/// </tmx>
/// ```
///
/// Rows marked `reject` and rows with an empty side are left out and
/// counted.
///
/// The `details` cell goes into a property, not a `<note>`: it is what the
/// aligner found when the table was written, possibly about text the
/// reviewer has since corrected, so a CAT tool showing notes to translators
/// should show only the reviewer's note. TMX 1.4b allows any number of
/// `<prop>` and `<note>` elements before the `<tuv>`s, and user-defined
/// property types start with `x-`.
///
/// Escaping: `&`, `<`, `>` and `"` become entities; a carriage return
/// becomes `&#13;` (a parser would otherwise turn CRLF into LF); in
/// attributes tab and line feed become character references too. Control
/// characters that XML 1.0 forbids (U+0000–U+001F other than tab, LF and
/// CR; U+FFFE; U+FFFF) cannot appear in XML at all: each becomes a space,
/// since in real text they separate words (vertical tab is Word's manual
/// line break, form feed a page break). Refusing instead would make one
/// stray control character from a converted PDF fail a whole export.
pub fn write_tmx<W: Write>(
    rows: &[ReviewedRow],
    meta: &TableMeta,
    srclang: Side,
    writer: W,
) -> Result<ExportCounts, TableError> {
    let mut tmx = TmxWriter::new(writer, meta, srclang)?;
    tmx.write_rows(rows)?;
    tmx.finish()
}

/// A TMX document written a batch of rows at a time, for a translation
/// memory too large to hold in memory at once (a whole corpus). The output
/// is the same as [`write_tmx`] of all the rows together.
///
/// ```
/// use sverka_table::*;
/// let rows = |ru: &str, en: &str| vec![ReviewedRow { ru: ru.into(), en: en.into(), ..ReviewedRow::default() }];
/// let mut out = Vec::new();
/// let mut tmx = TmxWriter::new(&mut out, &TableMeta::default(), Side::Source)?;
/// tmx.write_rows(&rows("Да.", "Yes."))?;
/// tmx.write_rows(&rows("Нет.", ""))?;
/// let counts = tmx.finish()?;
/// assert_eq!((counts.kept, counts.empty_side), (1, 1));
/// assert_eq!(String::from_utf8(out).unwrap().matches("<tu>").count(), 1);
/// # Ok::<(), TableError>(())
/// ```
pub struct TmxWriter<W: Write> {
    w: std::io::BufWriter<W>,
    srclang: Side,
    ru_lang: String,
    en_lang: String,
    counts: ExportCounts,
    moved: MovedRows,
}

impl<W: Write> TmxWriter<W> {
    /// Starts the document: writes the XML declaration and the header.
    pub fn new(writer: W, meta: &TableMeta, srclang: Side) -> Result<TmxWriter<W>, TableError> {
        let mut w = std::io::BufWriter::new(writer);
        let attr = |s: &str| escape_xml(s, true);
        let text = |s: &str| escape_xml(s, false);
        writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(w, r#"<tmx version="1.4">"#)?;
        writeln!(
            w,
            r#"  <header creationtool="sverka" creationtoolversion="{}" datatype="plaintext" segtype="sentence" adminlang="en" srclang="{}" o-tmf="sverka">"#,
            attr(&meta.version),
            attr(meta.lang(srclang)),
        )?;
        for (kind, value) in [
            ("x-ru-file", meta.ru_file.as_deref()),
            ("x-en-file", meta.en_file.as_deref()),
            (
                "x-options",
                Some(meta.options.as_str()).filter(|o| !o.is_empty()),
            ),
        ] {
            if let Some(value) = value {
                writeln!(w, r#"    <prop type="{kind}">{}</prop>"#, text(value))?;
            }
        }
        writeln!(w, "  </header>")?;
        writeln!(w, "  <body>")?;
        Ok(TmxWriter {
            w,
            srclang,
            ru_lang: meta.lang(Side::Source).to_string(),
            en_lang: meta.lang(Side::Target).to_string(),
            counts: ExportCounts::default(),
            moved: MovedRows::default(),
        })
    }

    /// Writes a `<tu>` for each kept row. The rows are one table's (a
    /// document's): a moved sentence's rows are paired within them, and
    /// what is still held at the end is left out as rows with an empty
    /// side before the next table's rows, whose numbers start again.
    pub fn write_rows(&mut self, rows: &[ReviewedRow]) -> Result<(), TableError> {
        rows.iter().try_for_each(|row| self.write_row(row))?;
        for row in self.moved.rest() {
            self.write_kept(&row, 1)?;
        }
        Ok(())
    }

    /// Writes a `<tu>` for the row if it is kept (one row at a time, for
    /// rows read by [`crate::visit_table`]). The row of a moved sentence
    /// waits for the rows of its translation and is written with them as
    /// one pair (see [`write_parallel`]).
    pub fn write_row(&mut self, row: &ReviewedRow) -> Result<(), TableError> {
        match self.moved.take(row) {
            Taken::Itself => self.write_kept(row, 1),
            Taken::Held => Ok(()),
            Taken::Joined(pair, rows) => self.write_kept(&pair, rows),
        }
    }

    /// Writes a `<tu>` for `row`, made of `rows` rows of the table, if it
    /// is kept.
    fn write_kept(&mut self, row: &ReviewedRow, rows: usize) -> Result<(), TableError> {
        let w = &mut self.w;
        let attr = |s: &str| escape_xml(s, true);
        let text = |s: &str| escape_xml(s, false);
        let Some((ru, en)) = keep_joined(row, rows, &mut self.counts) else {
            return Ok(());
        };
        writeln!(w, "    <tu>")?;
        if let Some(n) = row.row {
            writeln!(w, r#"      <prop type="x-row">{n}</prop>"#)?;
        }
        if row.status != Status::Unreviewed {
            writeln!(w, r#"      <prop type="x-status">{}</prop>"#, row.status)?;
        }
        if !row.details.trim().is_empty() {
            writeln!(
                w,
                r#"      <prop type="x-details">{}</prop>"#,
                text(row.details.trim())
            )?;
        }
        for (kind, time) in [("x-ru-time", &row.ru_time), ("x-en-time", &row.en_time)] {
            if !time.is_empty() {
                writeln!(w, r#"      <prop type="{kind}">{}</prop>"#, text(time))?;
            }
        }
        if !row.note.trim().is_empty() {
            writeln!(w, "      <note>{}</note>", text(row.note.trim()))?;
        }
        let ru = (self.ru_lang.as_str(), ru);
        let en = (self.en_lang.as_str(), en);
        let ordered = match self.srclang {
            Side::Source => [ru, en],
            Side::Target => [en, ru],
        };
        for (lang, seg) in ordered {
            writeln!(
                w,
                r#"      <tuv xml:lang="{}"><seg>{}</seg></tuv>"#,
                attr(lang),
                text(seg)
            )?;
        }
        writeln!(w, "    </tu>")?;
        Ok(())
    }

    /// Closes the document and flushes it; what was kept and left out.
    pub fn finish(mut self) -> Result<ExportCounts, TableError> {
        for row in self.moved.rest() {
            self.write_kept(&row, 1)?;
        }
        writeln!(self.w, "  </body>")?;
        writeln!(self.w, "</tmx>")?;
        self.w.flush()?;
        Ok(self.counts)
    }
}

/// Format of a parallel-corpus export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParallelFormat {
    /// `ru<TAB>en` per line, LF line ends, no header, no quoting, no
    /// escaping. So that every pair stays on one line with exactly one tab,
    /// each run of tabs and line breaks inside a text (tab, LF, CR, vertical
    /// tab, form feed, U+001C–U+001E, U+0085, U+2028, U+2029: everything
    /// Python's `str.splitlines` splits on) becomes one space. Quotes are
    /// literal: read with `csv.reader(f, delimiter="\t",
    /// quoting=csv.QUOTE_NONE)` or `pandas.read_csv(sep="\t",
    /// quoting=3, header=None)`, or just split each line on its tab.
    Tsv,
    /// `{"ru": "…", "en": "…"}` per line, LF line ends; texts otherwise unchanged.
    Jsonl,
}

/// Writes the kept rows as a parallel corpus (Russian first, then English).
pub fn write_parallel<W: Write>(
    rows: &[ReviewedRow],
    format: ParallelFormat,
    writer: W,
) -> Result<ExportCounts, TableError> {
    let mut out = ParallelWriter::new(writer, format);
    rows.iter().try_for_each(|row| out.write_row(row))?;
    out.finish()
}

/// A parallel corpus written one row at a time; the output is the same as
/// [`write_parallel`] of all the rows together.
///
/// ```
/// use sverka_table::*;
/// let row = |ru: &str, en: &str| ReviewedRow { ru: ru.into(), en: en.into(), ..ReviewedRow::default() };
/// let mut out = Vec::new();
/// let mut corpus = ParallelWriter::new(&mut out, ParallelFormat::Tsv);
/// corpus.write_row(&row("Да.", "Yes."))?;
/// corpus.write_row(&row("Нет.", ""))?;
/// let counts = corpus.finish()?;
/// assert_eq!((counts.kept, counts.empty_side), (1, 1));
/// assert_eq!(out, "Да.\tYes.\n".as_bytes());
/// # Ok::<(), TableError>(())
/// ```
pub struct ParallelWriter<W: Write> {
    w: std::io::BufWriter<W>,
    format: ParallelFormat,
    counts: ExportCounts,
    moved: MovedRows,
}

impl<W: Write> ParallelWriter<W> {
    /// Starts the corpus (nothing is written before the first kept row).
    pub fn new(writer: W, format: ParallelFormat) -> ParallelWriter<W> {
        ParallelWriter {
            w: std::io::BufWriter::new(writer),
            format,
            counts: ExportCounts::default(),
            moved: MovedRows::default(),
        }
    }

    /// Writes the row if it is kept; the row of a moved sentence waits for
    /// the rows of its translation (see [`write_parallel`]).
    pub fn write_row(&mut self, row: &ReviewedRow) -> Result<(), TableError> {
        match self.moved.take(row) {
            Taken::Itself => self.write_kept(row, 1),
            Taken::Held => Ok(()),
            Taken::Joined(pair, rows) => self.write_kept(&pair, rows),
        }
    }

    fn write_kept(&mut self, row: &ReviewedRow, rows: usize) -> Result<(), TableError> {
        #[derive(serde::Serialize)]
        struct Pair<'a> {
            ru: &'a str,
            en: &'a str,
        }
        let Some((ru, en)) = keep_joined(row, rows, &mut self.counts) else {
            return Ok(());
        };
        let w = &mut self.w;
        match self.format {
            ParallelFormat::Tsv => writeln!(w, "{}\t{}", one_line(ru), one_line(en))?,
            ParallelFormat::Jsonl => {
                serde_json::to_writer(&mut *w, &Pair { ru, en }).map_err(std::io::Error::from)?;
                w.write_all(b"\n")?;
            }
        }
        Ok(())
    }

    /// Flushes the corpus; what was kept and left out.
    pub fn finish(mut self) -> Result<ExportCounts, TableError> {
        for row in self.moved.rest() {
            self.write_kept(&row, 1)?;
        }
        self.w.flush()?;
        Ok(self.counts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quick_xml::events::Event;

    fn row(n: usize, ru: &str, en: &str, status: Status, note: &str) -> ReviewedRow {
        ReviewedRow {
            data_row: n,
            line: n as u64 + 1,
            row: Some(n),
            ru: ru.into(),
            en: en.into(),
            status,
            note: note.into(),
            ..ReviewedRow::default()
        }
    }

    fn rows() -> Vec<ReviewedRow> {
        let mut rows = vec![
            row(1, "- Да.", "- Yes.", Status::Ok, ""),
            row(2, "Нет.", "No.", Status::Reject, ""),
            row(3, "Только русский.", "  ", Status::Unreviewed, ""),
            row(
                4,
                "A & B <c> \"q\"\u{0B}next\u{0}",
                " line1\r\nline2\tx ",
                Status::Fix,
                "проверить <имя>",
            ),
            row(5, "", "", Status::Reject, ""),
        ];
        rows[0].details = "numbers: 640 ≠ 460; names: <Grybauskaite>?".into();
        rows[3].details = " length: ru 84 / en 424 chars\n".into();
        rows
    }

    fn meta() -> TableMeta {
        TableMeta {
            ru_file: Some("ru & co.txt".into()),
            en_file: Some("en.txt".into()),
            options: "--lexicon \"x\"".into(),
            version: "9.9.9".into(),
            ..TableMeta::default()
        }
    }

    #[test]
    fn tmx_golden() {
        let mut out = Vec::new();
        let counts = write_tmx(&rows()[..2], &meta(), Side::Source, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="sverka" creationtoolversion="9.9.9" datatype="plaintext" segtype="sentence" adminlang="en" srclang="ru" o-tmf="sverka">
    <prop type="x-ru-file">ru &amp; co.txt</prop>
    <prop type="x-en-file">en.txt</prop>
    <prop type="x-options">--lexicon &quot;x&quot;</prop>
  </header>
  <body>
    <tu>
      <prop type="x-row">1</prop>
      <prop type="x-status">ok</prop>
      <prop type="x-details">numbers: 640 ≠ 460; names: &lt;Grybauskaite&gt;?</prop>
      <tuv xml:lang="ru"><seg>- Да.</seg></tuv>
      <tuv xml:lang="en"><seg>- Yes.</seg></tuv>
    </tu>
  </body>
</tmx>
"#
        );
        assert_eq!((counts.kept, counts.rejected, counts.empty_side), (1, 1, 0));
    }

    /// A `<tu>` as parsed back: (props, notes, [(lang, seg)]).
    type Unit = (Vec<(String, String)>, Vec<String>, Vec<(String, String)>);

    fn parse_tmx(xml: &str) -> (Vec<(String, String)>, Vec<Unit>) {
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut header = Vec::new();
        let mut units: Vec<Unit> = Vec::new();
        let mut stack: Vec<String> = Vec::new();
        let mut attr = String::new();
        let mut lang = String::new();
        let mut text = String::new();
        loop {
            match reader.read_event().unwrap() {
                Event::Start(e) => {
                    let name = e.name().as_ref().to_string();
                    for a in e.attributes() {
                        let a = a.unwrap();
                        let value = a
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .unwrap()
                            .into_owned();
                        match a.key.as_ref() {
                            "type" => attr = value,
                            "xml:lang" => lang = value,
                            "srclang" => header.push(("srclang".into(), value)),
                            _ => {}
                        }
                    }
                    if name == "tu" {
                        units.push(Default::default());
                    }
                    text.clear();
                    stack.push(name);
                }
                Event::Text(t) => text.push_str(&t.xml10_content()),
                Event::GeneralRef(r) => {
                    let name = r.xml10_content();
                    if let Some(c) = r.resolve_char_ref().unwrap() {
                        text.push(c);
                    } else {
                        text.push_str(match name.as_ref() {
                            "amp" => "&",
                            "lt" => "<",
                            "gt" => ">",
                            "quot" => "\"",
                            "apos" => "'",
                            other => panic!("entity {other}"),
                        });
                    }
                }
                Event::End(_) => {
                    let name = stack.pop().unwrap();
                    let in_tu = stack.iter().any(|s| s == "tu");
                    match (name.as_str(), in_tu) {
                        ("prop", false) => header.push((attr.clone(), text.clone())),
                        ("prop", true) => units
                            .last_mut()
                            .unwrap()
                            .0
                            .push((attr.clone(), text.clone())),
                        ("note", true) => units.last_mut().unwrap().1.push(text.clone()),
                        ("seg", true) => units
                            .last_mut()
                            .unwrap()
                            .2
                            .push((lang.clone(), text.clone())),
                        _ => {}
                    }
                    text.clear();
                }
                Event::Eof => break,
                _ => {}
            }
        }
        assert!(stack.is_empty());
        (header, units)
    }

    #[test]
    fn tmx_parses_back() {
        let mut out = Vec::new();
        let counts = write_tmx(&rows(), &meta(), Side::Target, &mut out).unwrap();
        assert_eq!(
            counts,
            ExportCounts {
                kept: 2,
                rejected: 2,
                empty_side: 1,
                ..ExportCounts::default()
            }
        );
        assert_eq!(counts.total(), 5);
        let xml = String::from_utf8(out).unwrap();
        let (header, units) = parse_tmx(&xml);
        assert_eq!(header[0], ("srclang".to_string(), "en".to_string()));
        assert!(header.contains(&("x-ru-file".into(), "ru & co.txt".into())));
        assert!(header.contains(&("x-options".into(), "--lexicon \"x\"".into())));
        assert_eq!(units.len(), 2);
        let (props, notes, segs) = &units[1];
        assert_eq!(
            props,
            &vec![
                ("x-row".to_string(), "4".to_string()),
                ("x-status".into(), "fix".into()),
                ("x-details".into(), "length: ru 84 / en 424 chars".into()),
            ]
        );
        // The details are a property; the reviewer's note stays the only note.
        assert_eq!(notes, &vec!["проверить <имя>".to_string()]);
        // The source language comes first; VT and NUL became spaces; CR survived.
        assert_eq!(
            segs,
            &vec![
                ("en".to_string(), "line1\r\nline2\tx".to_string()),
                ("ru".to_string(), "A & B <c> \"q\" next".to_string()),
            ]
        );
        assert_eq!(units[0].2[1], ("ru".to_string(), "- Да.".to_string()));
    }

    #[test]
    fn parallel_tsv_and_jsonl() {
        let mut out = Vec::new();
        let counts = write_parallel(&rows(), ParallelFormat::Tsv, &mut out).unwrap();
        assert_eq!(
            counts,
            ExportCounts {
                kept: 2,
                rejected: 2,
                empty_side: 1,
                ..ExportCounts::default()
            }
        );
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "- Да.\t- Yes.\nA & B <c> \"q\" next\tline1 line2 x\n"
        );
        let mut out = Vec::new();
        write_parallel(&rows(), ParallelFormat::Jsonl, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], r#"{"ru":"- Да.","en":"- Yes."}"#);
        let v: serde_json::Value = serde_json::from_str(lines[1]).unwrap();
        assert_eq!(v["en"], "line1\r\nline2\tx");
    }

    /// A row of a moved sentence (`ru` or `en` empty) naming its partners.
    fn moved(n: usize, ru: &str, en: &str, details: &str) -> ReviewedRow {
        ReviewedRow {
            flags: "moved".into(),
            details: details.into(),
            ..row(n, ru, en, Status::Unreviewed, "")
        }
    }

    fn tsv(rows: &[ReviewedRow]) -> (String, ExportCounts) {
        let mut out = Vec::new();
        let counts = write_parallel(rows, ParallelFormat::Tsv, &mut out).unwrap();
        (String::from_utf8(out).unwrap(), counts)
    }

    #[test]
    fn a_moved_sentence_and_its_translation_are_one_pair() {
        let rows = [
            row(1, "Один.", "One.", Status::Ok, ""),
            moved(2, "Два.", "", "moved: translated in row 4 (en line 5)"),
            row(3, "Три.", "Three.", Status::Unreviewed, ""),
            moved(
                4,
                "",
                "Two.",
                "moved: translates row 2 (ru line 2); numbers: 2",
            ),
            row(5, "Пять.", "Five.", Status::Unreviewed, ""),
        ];
        let (out, counts) = tsv(&rows);
        assert_eq!(out, "Один.\tOne.\nТри.\tThree.\nДва.\tTwo.\nПять.\tFive.\n");
        let expected = ExportCounts {
            kept: 4,
            moved_pairs: 1,
            joined: 1,
            ..ExportCounts::default()
        };
        assert_eq!((counts, counts.total()), (expected, rows.len()));
        // The translation may come first; a TMX unit keeps the first row's
        // number and details.
        let swapped = [
            moved(7, "", "Two.", "moved: translates row 9 (ru line 9)"),
            moved(9, "Два.", "", "moved: translated in row 7 (en line 7)"),
        ];
        assert_eq!(tsv(&swapped).0, "Два.\tTwo.\n");
        let mut tmx = Vec::new();
        write_tmx(&swapped, &meta(), Side::Source, &mut tmx).unwrap();
        let tmx = String::from_utf8(tmx).unwrap();
        let (_, units) = parse_tmx(&tmx);
        assert_eq!(units.len(), 1, "{tmx}");
        let (props, _, segs) = &units[0];
        let seg = |lang: &str, text: &str| (lang.to_string(), text.to_string());
        assert_eq!(segs, &[seg("ru", "Два."), seg("en", "Two.")]);
        assert!(props.contains(&seg("x-row", "7")), "{props:?}");
    }

    #[test]
    fn a_move_of_several_rows_joins_their_texts_and_verdicts() {
        let mut rows = [
            moved(2, "Два.", "", "moved: translated in row 6 (en line 7)"),
            moved(3, "Три.", "", "moved: translated in row 6 (en line 7)"),
            row(4, "Четыре.", "Four.", Status::Unreviewed, ""),
            moved(
                6,
                "",
                "Two, three.",
                "moved: translates rows 2-3 (ru lines 2-3)",
            ),
        ];
        rows[0].status = Status::Ok;
        rows[0].note = "порядок".into();
        rows[3].status = Status::Fix;
        rows[3].note = "order".into();
        let (out, counts) = tsv(&rows);
        assert_eq!(out, "Четыре.\tFour.\nДва. Три.\tTwo, three.\n");
        assert_eq!((counts.kept, counts.moved_pairs, counts.joined), (2, 1, 2));
        let mut tmx = Vec::new();
        write_tmx(&rows, &meta(), Side::Source, &mut tmx).unwrap();
        let tmx = String::from_utf8(tmx).unwrap();
        assert!(tmx.contains(r#"<prop type="x-status">fix</prop>"#), "{tmx}");
        assert!(tmx.contains("<note>порядок; order</note>"), "{tmx}");
        // A rejected row rejects the pair.
        rows[1].status = Status::Reject;
        let (out, counts) = tsv(&rows);
        assert_eq!(out, "Четыре.\tFour.\n");
        assert_eq!((counts.kept, counts.rejected, counts.joined), (1, 1, 2));
        assert_eq!(counts.total(), rows.len());
    }

    #[test]
    fn rows_that_do_not_name_each_other_are_left_out_as_before() {
        let cases: [&[ReviewedRow]; 4] = [
            // The translation's row is missing.
            &[moved(
                2,
                "Два.",
                "",
                "moved: translated in row 4 (en line 4)",
            )],
            // It names another row.
            &[
                moved(2, "Два.", "", "moved: translated in row 4 (en line 4)"),
                moved(4, "", "Two.", "moved: translates row 3 (ru line 3)"),
            ],
            // Both are on one side.
            &[
                moved(2, "Два.", "", "moved: translated in row 4 (en line 4)"),
                moved(4, "Четыре.", "", "moved: translated in row 2 (en line 2)"),
            ],
            // Details a reviewer rewrote.
            &[
                moved(2, "Два.", "", "see row 4"),
                moved(4, "", "Two.", "moved: translates row 2 (ru line 2)"),
            ],
        ];
        for rows in cases {
            let (out, counts) = tsv(rows);
            assert_eq!(out, "", "{rows:?}");
            assert_eq!(
                (counts.kept, counts.empty_side, counts.moved_pairs),
                (0, rows.len(), 0)
            );
        }
        // A row whose translation the reviewer typed in is kept as it is;
        // its partner, alone, is left out.
        let rows = [
            moved(2, "Два.", "Two.", "moved: translated in row 4 (en line 4)"),
            moved(4, "", "Two.", "moved: translates row 2 (ru line 2)"),
        ];
        let (out, counts) = tsv(&rows);
        assert_eq!(out, "Два.\tTwo.\n");
        assert_eq!(
            (counts.kept, counts.empty_side, counts.moved_pairs),
            (1, 1, 0)
        );
    }

    #[test]
    fn moves_are_paired_within_one_table_of_a_corpus() {
        // Two documents' tables, whose row numbers start again: a row left
        // waiting in the first is not paired with the second's.
        let first = [moved(
            2,
            "Два.",
            "",
            "moved: translated in row 4 (en line 4)",
        )];
        let second = [
            moved(4, "", "Four.", "moved: translates row 2 (ru line 2)"),
            row(5, "Пять.", "Five.", Status::Unreviewed, ""),
        ];
        let mut out = Vec::new();
        let mut tmx = TmxWriter::new(&mut out, &meta(), Side::Source).unwrap();
        tmx.write_rows(&first).unwrap();
        tmx.write_rows(&second).unwrap();
        let counts = tmx.finish().unwrap();
        assert_eq!(
            (counts.kept, counts.empty_side, counts.moved_pairs),
            (1, 2, 0)
        );
    }
}
