//! Sentence segmentation of one paragraph.
//!
//! Rule-based, for Russian and English, with language-neutral rules for any
//! other language. The paragraph is cut into tokens at whitespace, and a
//! sentence can only end between two tokens, never inside one: URLs, e-mail
//! addresses, `С.В.Лавров`, `27.10.14`, `3.5%` and `interview:[1]` are never
//! split. Each gap between tokens is decided once, from a few tokens around
//! it, so the time is linear in the length of the paragraph.
//!
//! The rules, as applied at a gap (word lists in `segment/lexicon.rs`):
//!
//! - **Closers attach left**: never end before a token made only of closing
//!   quotes, brackets, end marks or a comma (`Bonjour ! »`, `( trop ?) ,`);
//!   the gap after it decides, and a comma there cancels the end.
//! - **List item**: a line that starts with `1.`, `2)`, `а)`, `(3)`, `-`,
//!   `*`, `•`, a footnote mark `[2]`, or with a dash before a capital (a
//!   dialogue line), starts a sentence, also after a line ending in a colon.
//!   Inside a line, a lettered item (`a.`, `б.` before a capital) starts a
//!   sentence after an end mark (`…the red box. b. The blue box.`) unless
//!   the letter completes an abbreviation (`т. д.`, `кв. м.`).
//! - **Chat**: emoji, emoticons (`:)`, `:-D`) and footnote marks set off by
//!   a space (`untested." [14]`) belong to the sentence before them and keep
//!   its end mark; in Russian, `))` after a word ends a sentence before a
//!   capital (`Спасибо)) Завтра…`).
//! - **Label**: never end right after the speaker label that opens the
//!   paragraph (`Q:`, `С.В.Лавров:`), even at a line break: the label
//!   belongs to the first sentence.
//! - **Item number**: `1.`, `2)` at the start of a line or sentence or after
//!   a colon (`Пункты: 1. Бюджет.`) is a marker, not an end.
//! - **Strong end** (`!`, `?`, `?!`, `!..`, `?..`, with closing quotes,
//!   brackets and footnote marks after them, as in `out."`, `this"?`,
//!   `end.[1]`): ends the sentence unless the next word starts with a small
//!   letter, also after a dash: `— Так ты кусаться? — слышит вдруг Очумелов.`
//!   is one sentence, `— Да! — Нет.` two (the capital after the dash decides).
//!   After a closing quote, a capitalised name followed by a verb of saying
//!   does not start a sentence (`“…brute?” Otchumyelov hears suddenly.`).
//! - **Ellipsis** (`…`, `...`, `. . .`, `....`): ends the sentence only
//!   before a capital (`Кругом тишина… На площади…`); not before a small
//!   letter or a digit (`А… а!`), nor before the word it follows said again
//!   (a stammer: `I... I don't know`). Same exception for quotes and verbs of
//!   saying. A dash before a closing quote is speech cut off and ends like
//!   an ellipsis (`"I thought—" She stopped.`).
//! - **Quoted dialogue**: inside a quotation opened in the same sentence
//!   (`«`, `„`, or a straight or curly double quote at the start of a
//!   word), an end mark before a dash does not end it: the author's words
//!   interrupt the remark (`«Ты идёшь? – спросил он. – Уже поздно».`).
//! - **Citation**: after an end mark, a bracket that closes within a few
//!   tokens with an end mark or a comma right after it belongs to the
//!   sentence before (`…"plainly unenforceable." (Brown 2004, p. 12).`); a
//!   bracket with its own end mark inside (`(See Annex 2.)`) or nothing
//!   after it (`(Applause) Now…`) does not.
//! - **Full stop** after an ordinary word: ends the sentence before a
//!   capital, a digit or a symbol (`$5`), never before a small letter.
//! - **Full stop after a number** (`2017.`, `27.10.14.`): as after a word,
//!   but not before another number, nor before a month name (`am 3. Mai`);
//!   in languages that write ordinals with a dot (de, da, cs, pl, fi, …) a
//!   1–3 digit number with a dot is an ordinal and ends a sentence only
//!   before a typical sentence opener (`im 19. Jahrhundert`, but
//!   `…wurde 85. Im Mai…`).
//! - **Abbreviations**, by class: *prefix* (`Mr.`, `Dr.`, `St.`, `e.g.`,
//!   `т.е.`, `т.к.`, `т.н.`, `см.`, `ул.`, `пгт.`, `кв.`, `абз.`, `мл.`,
//!   `проф.`, `z.B.`, French `M.`) never end a sentence; *number prefix*
//!   (`No.`, `no.`, `N°.`, `Art.`, `art.`, `Nr.`, the reporters `Ct.`,
//!   `Cir.`, `Supp.`) not before a number (`No. 6998`); *end-capable* (`etc.`, `и т.д.`, `и т.п.`,
//!   `и др.`, `млн.`, `руб.`, `Aug.`, `usw.`) end before a capital
//!   (`…миссию ООН и т.д. И вот…`, `…mission, etc. And yet…`);
//!   *starter-only* (initials `J.`, `В.`, dotted capitals `U.S.`, `С.В.`,
//!   `Jr.`, `Inc.`, US states, words that are also abbreviations such as
//!   `им.`, `долл.`) end only before a word that typically opens a sentence
//!   (`The`, `It`, `Это`, `В`) and not before another initial, so
//!   `U.S. Secretary of State`, `В. В. Путин`, `МГУ им. М.В.Ломоносова` and
//!   `50 долл. США` stay whole while `…moved to the U.S. The move…` splits.
//!   Unknown single letters (`b. 1958`) are starter-only, Russian ones stand
//!   before a name (`х. Весёлый`) except the pronoun `я`; unknown dotted
//!   groups of small letters are end-capable. A full stop after a closing
//!   quote or bracket is never an abbreviation's (`пункт «б».`).
//! - **Time of day** (`a.m.`, `p.m.`): the sentence goes on before what
//!   belongs to a time (`5 p.m. ET`, `9:30 a.m. Eastern time`, `10 a.m.
//!   Tuesday`, `5 p.m. Jan. 15`); after a fronted time phrase (only time
//!   words and numbers before it: `At 9 a.m. Mr. Lee called`) it goes on
//!   unless a typical sentence opener follows; elsewhere the time closes
//!   its clause and a capital starts a sentence (`We met at 9 a.m. The rest
//!   came later.`, `The hearing ended at 4 p.m. Ms. Ortiz left.`).
//! - **Year and century**: `г.`, `гг.`, `в.`, `вв.` after a number of at
//!   most four digits or a Roman numeral end the sentence before a capital,
//!   except when they close a fronted date phrase (only date words before the
//!   number: `В июле 2016 г. Россия внесла…`) and the capital word is not a
//!   typical opener (`В 2016 г. В Сочи…` splits). Without a number before it
//!   (or after a comma: `350000, г. Краснодар`), `г.` means "город" and never
//!   ends a sentence. Other Russian letters and units (`м.`, `с.`, `т.`,
//!   `ч.`, `см.`, `км.`) are units after a number (end-capable: `500 км.
//!   Строительство…`) and prefixes elsewhere (`м. Арбатская`, `д. 5`).
//! - **Dateline**: a sentence that opens with a place name in capitals does
//!   not end at the full stop of the dateline: `СИЭТЛ.`, `ОРОРА, Колорадо.`,
//!   `ХУРУПА-ВАЛЛИ (CBSLA).`, `VIRGINIA BEACH, Va. -- The city…`.
//! - **Line breaks** inside a paragraph: after a line with no end mark, a
//!   line that starts with a capital or a digit starts a sentence when the
//!   ended line is short (under 50 characters: a caption, a heading, a date
//!   line such as `July 8, 2017`); a longer line is taken as hard-wrapped
//!   text and the sentence goes on. A line ending in a comma, a hyphen or a
//!   dash always goes on. After an end mark the ordinary rules apply.
//!
//! Returned spans are trimmed of whitespace and invisible characters.

mod lexicon;

use std::ops::Range;

use crate::chars::{is_alnum, is_dash, is_invisible, is_letter, is_lower, is_upper};
use crate::structure::{speaker_label, trim_span};
use crate::Lang;
use lexicon::{Abbrev, Lexicon};

/// A line at least this long (in characters) that ends without an end mark
/// is taken as hard-wrapped: the sentence goes on on the next line.
const WRAPPED_LINE_CHARS: usize = 50;

/// A word longer than this (in bytes) is never taken as an abbreviation.
const MAX_ABBREV_BYTES: usize = 48;

/// How many tokens of pure punctuation the look-ahead skips.
const LOOKAHEAD_TOKENS: usize = 4;

/// How many words a fronted time phrase may have before `a.m.`/`p.m.`.
const MAX_FRONTED_WORDS: usize = 8;

/// How many tokens a bracketed citation after an end mark may span.
const CITATION_TOKENS: usize = 12;

/// Splits a paragraph into sentences. Returned ranges are byte ranges into
/// `text`, trimmed of surrounding whitespace and invisible characters,
/// non-empty, in order and not overlapping; together with the gaps between
/// them they give back `text`.
///
/// ```
/// use sverka_text::{segment::split, Lang};
/// let text = "Т.е. в 2017 г. или позже? — спросил он. В.В.Путин ответил: «Да».";
/// let got: Vec<&str> = split(text, &Lang::Ru).into_iter().map(|r| &text[r]).collect();
/// assert_eq!(got, ["Т.е. в 2017 г. или позже? — спросил он.", "В.В.Путин ответил: «Да»."]);
/// ```
pub fn split(text: &str, lang: &Lang) -> Vec<Range<usize>> {
    let tokens = tokenize(text);
    let first_line = text.split(is_line_break).next().unwrap_or("");
    let splitter = Splitter {
        text,
        tokens: &tokens,
        lex: Lexicon::new(lang),
        label_end: speaker_label(first_line).map(|(len, _)| len),
    };
    splitter.run()
}

/// A maximal run of non-whitespace characters.
#[derive(Debug, Clone, Copy)]
struct Token {
    start: usize,
    end: usize,
    /// Byte offset where the token's line starts.
    line_start: usize,
    /// Whether a line break separates it from the previous token.
    newline_before: bool,
}

fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn tokenize(text: &str) -> Vec<Token> {
    // About a word to six bytes of English, fewer of Russian.
    let mut tokens = Vec::with_capacity(crate::token::room_for(text.len(), 6));
    let mut line_start = 0;
    let mut newline_before = false;
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                tokens.push(Token {
                    start: s,
                    end: i,
                    line_start,
                    newline_before,
                });
                newline_before = false;
            }
            if is_line_break(c) {
                line_start = i + c.len_utf8();
                newline_before = !tokens.is_empty();
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        tokens.push(Token {
            start: s,
            end: text.len(),
            line_start,
            newline_before,
        });
    }
    tokens
}

/// The end mark found at the end of a token, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum End {
    None,
    Period,
    Ellipsis,
    Strong,
}

fn is_strong(c: char) -> bool {
    matches!(c, '!' | '?' | '‼' | '⁇' | '⁈' | '⁉' | '؟')
}

/// Quotes and brackets that may close something at the end of a token.
const CLOSERS: &str = "\"'»«”“’‘›‹)]}";

/// Quotes, brackets and bullets that may open a token.
const OPENERS: &str = "\"'«»„“”‘’‚‹›([{¿¡*•";

/// What a token that belongs to the word before it may be made of: end
/// marks, closing quotes and brackets, and a comma or colon after them.
const ATTACHING: &str = ".…!?»›”’)]}\"',;:";

fn is_closer(c: char) -> bool {
    CLOSERS.contains(c)
}

fn is_opener(c: char) -> bool {
    OPENERS.contains(c)
}

/// A token made only of end marks, closing quotes and brackets, commas and
/// invisible characters (`!`, `»`, `?)`, `,` in spaced typography): it
/// belongs to the token before it.
fn attaches_left(token: &str) -> bool {
    // Most tokens are words, whose first character (a Latin or Cyrillic
    // letter or a digit) is none of those: only `xD` starts so and attaches.
    let plain = |c: char| c.is_ascii_alphanumeric() || ('А'..='ё').contains(&c);
    if token.starts_with(plain) && !matches!(token, "xD" | "XD") {
        return false;
    }
    token
        .chars()
        .all(|c| is_strong(c) || ATTACHING.contains(c) || is_invisible(c) || is_emoji(c))
        || keeps_end(token)
}

/// A token that belongs to the sentence before it without taking away its
/// end mark: an emoticon (`:)`, `:-D`, `;(`) or a footnote mark set off by
/// a space (`…untested." [14] Later…`).
fn keeps_end(token: &str) -> bool {
    is_emoticon(token) || is_footnote_mark(token)
}

/// `[1]`, `[14]`, `[*]`.
fn is_footnote_mark(token: &str) -> bool {
    footnote_open(token.strip_suffix(']').unwrap_or("")) == Some(0)
}

/// Pictographs, dingbats and their modifiers, as chat puts them after (or
/// instead of) an end mark: `ever!!! 🎉`.
fn is_emoji(c: char) -> bool {
    matches!(c, '\u{1F000}'..='\u{1FAFF}' | '\u{2600}'..='\u{27BF}' | '\u{2B50}' | '\u{2B55}' | '\u{FE0F}')
}

/// `:)`, `:-(`, `;D`, `=P`, `xD`: eyes, an optional nose, a mouth.
fn is_emoticon(token: &str) -> bool {
    if matches!(token, "xD" | "XD" | "<3" | "^^" | "^_^") {
        return true;
    }
    let mut chars = token.chars().peekable();
    if !chars.next().is_some_and(|c| matches!(c, ':' | ';' | '=')) {
        return false;
    }
    chars.next_if(|&c| matches!(c, '-' | '\'' | '^'));
    let mouth: Vec<char> = chars.collect();
    !mouth.is_empty()
        && mouth.len() <= 3
        && mouth.iter().all(|&c| {
            matches!(
                c,
                ')' | '(' | 'D' | 'P' | 'p' | 'O' | 'o' | '/' | '|' | '*' | '3' | ']' | '['
            )
        })
}

/// The tail of a token: end marks, closing quotes and brackets, footnote
/// marks (`[1]`, `*`) and invisible characters.
#[derive(Debug, Clone, Copy)]
struct TailMarks {
    /// Length of the rest of the token (the core).
    core_len: usize,
    /// The strongest end mark in the tail.
    end: End,
    /// A closing quote follows the end mark (`?”`, `!"`).
    quoted: bool,
}

fn is_quote(c: char) -> bool {
    c != ')' && c != ']' && c != '}' && is_closer(c)
}

fn parse_tail(token: &str) -> TailMarks {
    let mut end = End::None;
    let mut pos = token.len();
    let mut dots = 0;
    let mut quote_seen = false;
    let mut quoted = false;
    while let Some(c) = token[..pos].chars().next_back() {
        let at = pos - c.len_utf8();
        match c {
            '.' => {
                dots += 1;
                end = end.max(if dots >= 2 {
                    End::Ellipsis
                } else {
                    End::Period
                });
            }
            '…' => end = end.max(End::Ellipsis),
            c if is_strong(c) => end = end.max(End::Strong),
            ']' => {
                if let Some(open) = footnote_open(&token[..at]) {
                    pos = open;
                    dots = 0;
                    continue;
                }
            }
            c if is_closer(c) || is_invisible(c) || is_emoji(c) || c == '*' => {
                quote_seen |= is_quote(c) && end == End::None;
            }
            // Speech cut off by a dash: `"I thought—" She stopped.`
            c if is_dash(c) && quote_seen && end == End::None => {
                end = End::Ellipsis;
                quoted = true;
            }
            _ => break,
        }
        quoted |= quote_seen && end != End::None;
        if c != '.' {
            dots = 0;
        }
        pos = at;
    }
    TailMarks {
        core_len: pos,
        end,
        quoted,
    }
}

/// If `before` ends with `[` and one to four digits or asterisks (the inside
/// of a footnote mark whose `]` was just seen), the offset of that `[`.
fn footnote_open(before: &str) -> Option<usize> {
    let inner = before.len()
        - before
            .trim_end_matches(|c: char| c.is_ascii_digit() || c == '*')
            .len();
    if inner == 0 || inner > 4 || inner == before.len() {
        return None;
    }
    let open = before.len() - inner - 1;
    (before.as_bytes().get(open) == Some(&b'[')).then_some(open)
}

fn strip_openers(s: &str) -> &str {
    s.trim_start_matches(|c: char| is_opener(c) || is_dash(c) || is_invisible(c))
}

/// The end of the current sentence candidate: the strongest end mark seen
/// at the end of the last word and the closers attached to it.
#[derive(Debug, Clone)]
struct Tail {
    end: End,
    /// A closing quote follows the end mark.
    quoted: bool,
    /// Index of the token whose core word precedes the end mark.
    anchor: usize,
    /// Byte range of that core word (openers not yet stripped).
    core: Range<usize>,
}

/// What the splitter knows of the text before a gap besides its tail.
#[derive(Debug, Clone, Copy)]
struct Context {
    /// A quotation opened in the current sentence is still open.
    in_quote: bool,
    /// The letter of the last lettered item of the paragraph.
    item_letter: Option<char>,
}

/// What starts the next sentence candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Upper,
    Lower,
    Digit,
    Other,
    Nothing,
}

/// The first word after a gap, past opening quotes, brackets and dashes.
#[derive(Debug, Clone, Copy)]
struct Next<'a> {
    class: Class,
    /// Its first run of letters.
    word: &'a str,
    /// A single capital letter with a full stop (an initial).
    initial: bool,
    /// A dash stands between the gap and the word.
    dash: bool,
    /// Index of the token that holds the word.
    index: usize,
}

/// How the core word before a full stop behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Core {
    Word,
    Number { short: bool },
    Abbrev(Abbrev),
}

struct Splitter<'a> {
    text: &'a str,
    tokens: &'a [Token],
    lex: Lexicon,
    /// End of the speaker label that opens the paragraph.
    label_end: Option<usize>,
}

impl<'a> Splitter<'a> {
    fn token(&self, i: usize) -> &'a str {
        let t = self.tokens[i];
        &self.text[t.start..t.end]
    }

    /// Whether token `i` belongs to the word before it; a footnote mark
    /// that opens a line starts the footnote instead (`[2] Text.`).
    fn attaches(&self, i: usize) -> bool {
        let token = self.token(i);
        attaches_left(token) && !(self.tokens[i].newline_before && is_footnote_mark(token))
    }

    fn run(&self) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        let mut first = 0;
        // Quotations opened and not yet closed in the current sentence.
        let mut open_quotes = 0i32;
        // The letter of the last lettered item (`a.`, `б.`) of the paragraph.
        let mut item_letter = None;
        let mut tail = Tail {
            end: End::None,
            quoted: false,
            anchor: 0,
            core: 0..0,
        };
        for i in 0..self.tokens.len() {
            let token = self.token(i);
            let TailMarks {
                core_len,
                end,
                quoted,
            } = parse_tail(token);
            open_quotes += quote_balance(token);
            item_letter = self.letter_item(i).or(item_letter);
            if i > 0 && self.attaches(i) {
                tail.quoted =
                    tail.quoted || quoted || (tail.end != End::None && token.contains(is_quote));
                // A comma or a colon after the end mark (`( trop ?) , je`)
                // means the sentence goes on.
                tail.end = if keeps_end(token) {
                    tail.end
                } else if core_len > 0 {
                    end
                } else if tail.end == End::Period && end == End::Period {
                    End::Ellipsis
                } else {
                    tail.end.max(end)
                };
            } else {
                let at = self.tokens[i].start;
                tail = Tail {
                    end: end.max(self.bracket_smiley(token)),
                    quoted,
                    anchor: i,
                    core: at..at + core_len,
                };
            }
            if i + 1 == self.tokens.len() || self.attaches(i + 1) {
                continue;
            }
            let context = Context {
                in_quote: open_quotes > 0,
                item_letter,
            };
            if self.ends_sentence(i, &tail, first, context) {
                push_span(&mut out, self.text, start..self.tokens[i].end);
                start = self.tokens[i + 1].start;
                first = i + 1;
                open_quotes = 0;
            }
        }
        push_span(&mut out, self.text, start..self.text.len());
        out
    }

    /// Whether a sentence ends between token `i` and token `i + 1`; the
    /// current sentence starts at token `first`.
    fn ends_sentence(&self, i: usize, tail: &Tail, first: usize, context: Context) -> bool {
        let newline = self.tokens[i + 1].newline_before;
        if newline && self.is_list_item(i + 1) {
            return true;
        }
        if Some(self.tokens[i].end) == self.label_end {
            return false;
        }
        if self.is_item_marker(i, first) {
            return false;
        }
        // `Спасибо (Аплодисменты)`: a transcript's note of the audience
        // ends the sentence before it, full stop or not, unless the
        // sentence goes on after it in lowercase (`…my career (Laughter)
        // that were new…`). Transcripts keep a note together with the
        // sentence after it (`(Laughter) So I asked…`).
        if is_stage_direction(self.token(i + 1))
            && (i + 2 == self.tokens.len()
                || self.tokens[i + 2].newline_before
                || self.next(i + 2).class != Class::Lower)
        {
            return true;
        }
        if tail.end == End::None {
            return newline && self.ends_at_line_break(i);
        }
        // `…the box. b. The blue box.`: a lettered item starts a sentence,
        // unless the letter completes an abbreviation (`т. д.`, `кв. м.`).
        if self.next_item_follows(i + 1, context.item_letter)
            && (tail.end != End::Period || self.closes_item(tail, first))
        {
            return true;
        }
        // `…"plainly unenforceable." (Brown 2004, p. 12).`: a bracket that
        // has its own end mark after it belongs to the sentence before.
        if self.citation_follows(i + 1) {
            return false;
        }
        let next = self.next(i + 1);
        // `«Ты идёшь? – спросил он. – Уже поздно».`, `"Это не та страна, —
        // заявила она. — У меня…"`: inside a quotation the author's words set
        // off by dashes do not end the quoted remark.
        if context.in_quote && next.dash {
            return false;
        }
        match tail.end {
            End::None => unreachable!("handled above"),
            End::Strong | End::Ellipsis => {
                let starts = match tail.end {
                    End::Strong => matches!(next.class, Class::Upper | Class::Digit | Class::Other),
                    _ => matches!(next.class, Class::Upper | Class::Other),
                };
                // `“So you bite?” Otchumyelov hears suddenly.`
                starts
                    && !(tail.quoted && self.speech_verb_follows(next.index))
                    && !(tail.end == End::Ellipsis && self.repeats(tail, &next))
            }
            End::Period => self.ends_at_period(tail, first, i + 1),
        }
    }

    /// A word said again after an ellipsis is a stammer or a hesitation,
    /// not a new sentence: `I... I don't know`, `Мы... Мы не были готовы`.
    fn repeats(&self, tail: &Tail, next: &Next) -> bool {
        let before = strip_openers(&self.text[tail.core.clone()]);
        let before = before.trim_end_matches(|c: char| !is_letter(c));
        !before.is_empty() && before.to_lowercase() == next.word.to_lowercase()
    }

    /// The letter of token `i` when it is a lettered list item (`a.`, `б.`)
    /// before a capitalised word: `Choose one: a. The red box. b. The blue
    /// box.`
    fn letter_item(&self, i: usize) -> Option<char> {
        let mut chars = self.token_opt(i)?.strip_suffix('.')?.chars();
        let letter = chars.next().filter(|c| is_lower(*c))?;
        let next = self.next(i + 1);
        (chars.next().is_none() && next.class == Class::Upper && next.index == i + 1)
            .then_some(letter)
    }

    /// Whether token `i` is the next lettered item of a list: the first
    /// (`a.`, `а.`) or the one after the last item seen (`b.` after `a.`), so
    /// that a unit such as the `m.` of `40 sq. m. According…` is not taken
    /// for one.
    fn next_item_follows(&self, i: usize, last: Option<char>) -> bool {
        self.letter_item(i).is_some_and(|letter| {
            matches!(letter, 'a' | 'а')
                || last.and_then(|l| char::from_u32(l as u32 + 1)) == Some(letter)
        })
    }

    /// Whether the word before a full stop may end the item before a
    /// lettered one: neither a single letter nor an abbreviation that
    /// stands before a word (`кв.` of `кв. м.`).
    fn closes_item(&self, tail: &Tail, first: usize) -> bool {
        let core = strip_openers(&self.text[tail.core.clone()]);
        core.chars().nth(1).is_some() && self.classify(tail, first) != Core::Abbrev(Abbrev::Prefix)
    }

    fn token_opt(&self, i: usize) -> Option<&'a str> {
        (i < self.tokens.len()).then(|| self.token(i))
    }

    /// Whether token `i` opens a bracket that closes within a few tokens
    /// and is followed right away by an end mark or a comma, with no end
    /// mark of its own before the closing bracket: a citation or a
    /// reference (`(Brown 2004, p. 12).`, `[12].`), not a bracketed
    /// sentence (`(See Annex 2.)`) or a stage direction (`(Applause) Now`).
    fn citation_follows(&self, i: usize) -> bool {
        let Some(open) = self.token_opt(i).and_then(|t| t.chars().next()) else {
            return false;
        };
        let close = match open {
            '(' => ')',
            '[' => ']',
            _ => return false,
        };
        for k in i..(i + CITATION_TOKENS).min(self.tokens.len()) {
            let token = self.token(k);
            let from = if k == i { open.len_utf8() } else { 0 };
            if let Some(at) = token[from..].find(close) {
                let inside = &token[from..from + at];
                let after = &token[from + at + close.len_utf8()..];
                return !inside.ends_with(['.', '!', '?', '…'])
                    && after.starts_with(['.', '!', '?', ',', ';', ':']);
            }
            if token[from..].contains(open) {
                return false;
            }
        }
        false
    }

    /// A Russian chat smiley made of closing brackets (`Спасибо))`) with no
    /// opening bracket in the word: it ends the sentence like an ellipsis
    /// (before a capital).
    fn bracket_smiley(&self, token: &str) -> End {
        let smiley = self.lex.is_russian()
            && token.ends_with("))")
            && !token.contains('(')
            && token
                .trim_end_matches(')')
                .chars()
                .next_back()
                .is_some_and(is_letter);
        if smiley {
            End::Ellipsis
        } else {
            End::None
        }
    }

    /// The full-stop rules.
    fn ends_at_period(&self, tail: &Tail, first: usize, next_index: usize) -> bool {
        let next = self.next(next_index);
        if matches!(next.class, Class::Lower | Class::Nothing) {
            return false;
        }
        if self.in_dateline(first, tail.anchor, next.dash) {
            return false;
        }
        let upper = next.class == Class::Upper;
        match self.classify(tail, first) {
            Core::Word => true,
            Core::Number { short } => {
                if next.class == Class::Digit || (short && lexicon::is_month(next.word)) {
                    false
                } else if short && self.lex.ordinal_dot() {
                    upper && self.lex.is_starter(next.word)
                } else {
                    true
                }
            }
            Core::Abbrev(Abbrev::Prefix) => false,
            Core::Abbrev(Abbrev::NumPrefix) => upper && !is_roman(next.word),
            Core::Abbrev(Abbrev::EndCapable) => upper,
            Core::Abbrev(Abbrev::StarterOnly) => {
                upper && !next.initial && self.lex.is_starter(next.word)
            }
            Core::Abbrev(Abbrev::Year) => {
                upper
                    && (self.lex.is_starter(next.word) || !self.in_fronted_date(first, tail.anchor))
            }
            Core::Abbrev(Abbrev::Time) => upper && !self.time_goes_on(&next, first, tail.anchor),
        }
    }

    /// After `a.m.`/`p.m.` (at token `anchor`) and before a capitalised
    /// word: whether the sentence goes on. It does before what belongs to a
    /// time (a zone `ET`, `Eastern time`, a weekday, a date), and after a
    /// fronted time phrase (`At 9 a.m. Mr. Lee called`) before anything but
    /// a word that typically opens a sentence (`At 9 a.m. The rest…`
    /// splits). Elsewhere the time closes its clause: `We met at 9 a.m.
    /// The rest came later.`, `The hearing ended at 4 p.m. Ms. Ortiz left.`
    fn time_goes_on(&self, next: &Next, first: usize, anchor: usize) -> bool {
        let zone = (2..=4).contains(&next.word.chars().count()) && next.word.chars().all(is_upper);
        if zone || lexicon::may_follow_time(next.word) {
            return true;
        }
        let fronted = anchor > first
            && anchor - first <= MAX_FRONTED_WORDS
            && (first..anchor).all(|k| {
                let word = self.token(k).trim_matches(|c: char| !is_alnum(c));
                word.is_empty()
                    || word.starts_with(|c: char| c.is_ascii_digit())
                    || lexicon::is_time_word(&word.to_lowercase())
            });
        fronted && !next.initial && !self.lex.is_starter(next.word)
    }

    /// Classifies the word before a full stop.
    fn classify(&self, tail: &Tail, first: usize) -> Core {
        let core = strip_openers(&self.text[tail.core.clone()]);
        let Some(c) = core.chars().next() else {
            return Core::Word;
        };
        if core.len() > MAX_ABBREV_BYTES || is_url_or_email(core) {
            return Core::Word;
        }
        if c.is_numeric() && !core.chars().any(is_letter) {
            let short = core.len() <= 3 && core.bytes().all(|b| b.is_ascii_digit());
            return Core::Number { short };
        }
        // `пункт «б».`: a full stop after a closing quote or bracket is not
        // the dot of an abbreviation.
        if !self.text[tail.core.end..].starts_with('.') {
            return Core::Word;
        }
        let prev_token = (tail.anchor > first).then(|| strip_openers(self.token(tail.anchor - 1)));
        let prev = prev_token.map(|p| p.strip_suffix('.').unwrap_or(p));
        // `2017 г.`, `1990-х гг.`, `XIX в.`, `100 м.`, but not `350000, г. Краснодар`.
        let after_number =
            prev_token.is_some_and(|p| is_number_like(p) && !p.ends_with([',', ';', ':']));
        if let Some(found) = self.lex.abbrev(core, prev, after_number) {
            return Core::Abbrev(found);
        }
        if core.contains('.') {
            let mut parts = core.split('.');
            // Initials and dotted capitals: `U.S`, `С.В`, `J.-P`.
            if parts
                .clone()
                .all(|p| is_single_upper(p.trim_start_matches('-')))
            {
                return Core::Abbrev(Abbrev::StarterOnly);
            }
            if parts.all(|p| (1..=3).contains(&p.chars().count()) && p.chars().all(is_lower)) {
                return Core::Abbrev(Abbrev::EndCapable);
            }
            return Core::Word;
        }
        if core.chars().nth(1).is_none() {
            // An initial, or an unknown one-letter abbreviation (`b. 1958`,
            // the `z.` of `z. B.`).
            return Core::Abbrev(Abbrev::StarterOnly);
        }
        Core::Word
    }

    /// The first word after token `from - 1`, skipping tokens made only of
    /// opening quotes, brackets and dashes.
    fn next(&self, from: usize) -> Next<'a> {
        let mut dash = false;
        for i in from..(from + LOOKAHEAD_TOKENS).min(self.tokens.len()) {
            let token = self.token(i);
            let rest = token.trim_start_matches(|c: char| {
                dash |= is_dash(c);
                is_opener(c) || is_dash(c) || is_invisible(c)
            });
            let Some(c) = rest.chars().next() else {
                continue;
            };
            let class = if is_upper(c) {
                Class::Upper
            } else if is_lower(c) {
                Class::Lower
            } else if c.is_numeric() {
                Class::Digit
            } else {
                Class::Other
            };
            let word = &rest[..rest.find(|c: char| !is_letter(c)).unwrap_or(rest.len())];
            let initial = class == Class::Upper
                && word.chars().count() == 1
                && rest[word.len()..].starts_with('.');
            return Next {
                class,
                word,
                initial,
                dash,
                index: i,
            };
        }
        Next {
            class: Class::Nothing,
            word: "",
            initial: false,
            dash,
            index: self.tokens.len(),
        }
    }

    /// Whether a speech verb follows a capitalised name of one or two words
    /// that starts at token `name` (`Otchumyelov hears`, `Mr Chouhan said`).
    fn speech_verb_follows(&self, name: usize) -> bool {
        for k in name + 1..(name + 3).min(self.tokens.len()) {
            let word = self.token(k).trim_end_matches(|c: char| !is_letter(c));
            if lexicon::is_speech_verb(word) {
                return true;
            }
            if !word.starts_with(is_upper) {
                return false;
            }
        }
        false
    }

    /// Whether token `i`, the first on its line, opens a list item or a
    /// dialogue line.
    fn is_list_item(&self, i: usize) -> bool {
        let token = self.token(i).trim_start_matches(is_invisible);
        let Some(c) = token.chars().next() else {
            return false;
        };
        if matches!(
            c,
            '•' | '·'
                | '▪'
                | '●'
                | '◦'
                | '■'
                | '□'
                | '►'
                | '▸'
                | '‣'
                | '⁃'
                | '✓'
                | '✔'
                | '➢'
        ) {
            return true;
        }
        // Bullets, and footnote marks opening a note (`[2] Ibid.`).
        if matches!(token, "-" | "*" | "+" | "--") || is_footnote_mark(token) {
            return true;
        }
        if matches!(c, '—' | '–' | '―') {
            return self.next(i).class == Class::Upper;
        }
        is_item_number(token)
    }

    /// `1.`, `2)` opening a line or a sentence or after a colon
    /// (`Пункты: 1. Бюджет. 2. Разное.`): an item number, not an end.
    fn is_item_marker(&self, i: usize, first: usize) -> bool {
        let opens = i == first || self.tokens[i].newline_before;
        let after_colon = i > 0 && self.token(i - 1).ends_with(':');
        (opens || after_colon) && (is_item_number(self.token(i)) || self.letter_item(i).is_some())
    }

    /// The line-break rule after a line that has no end mark.
    fn ends_at_line_break(&self, i: usize) -> bool {
        let token = self.token(i);
        let Some(last) = token.chars().rev().find(|&c| !is_invisible(c)) else {
            return false;
        };
        if last == ','
            || is_dash(last)
            || matches!(last, '(' | '«' | '„' | '“' | '/' | '&' | '+' | '\\')
        {
            return false;
        }
        let t = self.tokens[i];
        let line = self.text[t.line_start..t.end].trim_start();
        if line.chars().nth(WRAPPED_LINE_CHARS - 1).is_some() {
            return false;
        }
        matches!(self.next(i + 1).class, Class::Upper | Class::Digit)
    }

    /// A news dateline: the sentence so far opens with a place name in
    /// capitals and is either that name alone (`СИЭТЛ.`), the name with a
    /// comma and one more word (`ОРОРА, Колорадо.`), the name and a
    /// bracketed source (`ХУРУПА-ВАЛЛИ (CBSLA).`), or up to six words before
    /// a dash (`VIRGINIA BEACH, Va. -- The city…`).
    fn in_dateline(&self, first: usize, anchor: usize, dash: bool) -> bool {
        let raw = self.token(first);
        let head = raw.trim_end_matches([',', '.']);
        let letters = head.chars().filter(|c| is_letter(*c)).count();
        if letters < 2 || !head.chars().all(|c| !is_letter(c) || is_upper(c)) {
            return false;
        }
        let words = anchor - first;
        if dash {
            return words <= 5;
        }
        letters >= 3
            && (words == 0
                || (words == 1 && (raw.ends_with(',') || self.token(anchor).starts_with('('))))
    }

    /// Whether the sentence so far is a date phrase ending in the number at
    /// `anchor - 1` (`В июле 2016`, `С 1 января 2016`).
    fn in_fronted_date(&self, first: usize, anchor: usize) -> bool {
        if anchor == first || anchor - first > 7 {
            return false;
        }
        (first..anchor - 1).all(|k| {
            let word = self.token(k).trim_matches(|c: char| !is_alnum(c));
            word.is_empty() || is_number_like(word) || lexicon::is_date_word(&word.to_lowercase())
        })
    }
}

/// Quotations a token opens minus those it closes: guillemets and `„`
/// by their shape, straight and curly double quotes by their place (at the
/// start of a word they open, elsewhere they close: `"Это`, `назад."`).
fn quote_balance(token: &str) -> i32 {
    let mut word_started = false;
    let mut balance = 0;
    for c in token.chars() {
        balance += match c {
            '«' | '„' => 1,
            '»' | '”' => -1,
            '"' | '“' if !word_started => 1,
            '"' | '“' => -1,
            _ => 0,
        };
        word_started |= is_alnum(c);
    }
    balance
}

fn push_span(out: &mut Vec<Range<usize>>, text: &str, span: Range<usize>) {
    let span = trim_span(text, span);
    if !span.is_empty() {
        out.push(span);
    }
}

/// A transcript's bracketed note of what the audience does (`(Applause)`,
/// `(Смех)`), as TED and most subtitle transcripts write it.
fn is_stage_direction(token: &str) -> bool {
    let Some(inner) = token
        .trim_end_matches(['.', ','])
        .strip_prefix('(')
        .and_then(|t| t.strip_suffix(')'))
    else {
        return false;
    };
    const NOTES: &[&str] = &[
        "applause",
        "laughter",
        "laughs",
        "music",
        "cheers",
        "cheering",
        "аплодисменты",
        "смех",
        "музыка",
        "овации",
    ];
    NOTES.contains(&inner.to_lowercase().as_str())
}

fn is_single_upper(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(is_upper) && chars.next().is_none()
}

/// A number of at most four digits, possibly with a suffix or a range
/// (`2017`, `1990-х`, `2014–2016`), or a Roman numeral (`XIX`).
fn is_number_like(s: &str) -> bool {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    (1..=4).contains(&digits) || is_roman(s)
}

fn is_roman(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 7
        && s.chars()
            .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C' | 'M'))
}

fn is_url_or_email(s: &str) -> bool {
    s.contains("://") || s.starts_with("www.") || (s.contains('@') && s.contains('.'))
}

/// `1.`, `12)`, `2.3.`, `(4)`, `а)`, `b)`, `(c)`.
fn is_item_number(token: &str) -> bool {
    let inner = token.strip_prefix('(').unwrap_or(token);
    let Some(body) = inner.strip_suffix(['.', ')']) else {
        return false;
    };
    if token.starts_with('(') && !inner.ends_with(')') {
        return false;
    }
    let mut chars = body.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if is_letter(c) {
            return inner.ends_with(')');
        }
    }
    !body.is_empty()
        && body.len() <= 11
        && body
            .split('.')
            .all(|p| (1..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words are told apart by their first character before anything else
    /// is looked at: the answer is the one the whole test gives.
    #[test]
    fn a_word_attaches_to_nothing_and_marks_still_attach() {
        let whole = |token: &str| {
            token
                .chars()
                .all(|c| is_strong(c) || ATTACHING.contains(c) || is_invisible(c) || is_emoji(c))
                || keeps_end(token)
        };
        for token in [
            "слово",
            "Ёлка",
            "ёж",
            "word",
            "1999",
            "xD",
            "XD",
            "xd",
            "x",
            "!",
            "?!",
            "»,",
            ":)",
            ":-D",
            "[14]",
            "🎉",
            "❶",
            "🄰",
            ")",
            "…",
            "ѐ",
            "Ωmega",
            "\u{200b}",
        ] {
            assert_eq!(attaches_left(token), whole(token), "{token}");
        }
    }
}
