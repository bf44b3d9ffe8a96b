//! Numbers compared by value, not spelling: `9 тыс.` = `9,000`,
//! `1,5 млн` = `1.5 million`, `семнадцать` = `17`, `23.06.2017` =
//! `June 23, 2017`, `2016–17` = `2016-2017`.
//!
//! A sentence's numbers are [`Mention`]s: written in digits they are *hard*
//! (they should be found on the other side), written in words (or a month
//! name) they are *soft* (they satisfy a hard number of the other side but
//! demand nothing, since "one" and «один» are as often pronouns as numbers).

use std::sync::OnceLock;

use sverka_text::hash::TextMap;
use sverka_text::{Token, TokenKind};

/// A number in a sentence with every value it may stand for.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Values this mention may stand for (`9 тыс.`: 9 and 9000; `17` in a
    /// year span: 17, 1917 and 2017).
    pub values: Vec<f64>,
    /// How it is written, for the review table's details.
    pub surface: String,
    /// Written in digits.
    pub hard: bool,
    /// The measure in metric units when written in imperial ones (`27-foot`:
    /// 8.23 m), matched within 5 % since translators round.
    pub converted: Option<f64>,
    /// Index of its token in the sentence.
    token: usize,
}

/// Multipliers written after a number.
fn multiplier(word: &str) -> Option<f64> {
    const TABLE: &[(&str, f64)] = &[
        ("тыс", 1e3),
        ("тысяч", 1e3),
        ("тысячи", 1e3),
        ("тысяча", 1e3),
        ("тысячу", 1e3),
        ("тысячами", 1e3),
        ("тысячам", 1e3),
        ("млн", 1e6),
        ("миллион", 1e6),
        ("миллиона", 1e6),
        ("миллионов", 1e6),
        ("миллионам", 1e6),
        ("миллионами", 1e6),
        ("млрд", 1e9),
        ("миллиард", 1e9),
        ("миллиарда", 1e9),
        ("миллиардов", 1e9),
        ("трлн", 1e12),
        ("триллион", 1e12),
        ("триллиона", 1e12),
        ("триллионов", 1e12),
        ("thousand", 1e3),
        ("thousands", 1e3),
        ("k", 1e3),
        ("million", 1e6),
        ("millions", 1e6),
        ("mln", 1e6),
        ("m", 1e6),
        ("mn", 1e6),
        ("billion", 1e9),
        ("billions", 1e9),
        ("bn", 1e9),
        ("b", 1e9),
        ("trillion", 1e12),
        ("tn", 1e12),
        ("сотни", 1e2),
        ("lakh", 1e5),
        ("lakhs", 1e5),
        ("crore", 1e7),
        ("crores", 1e7),
        ("hundred", 1e2),
        ("hundreds", 1e2),
    ];
    TABLE.iter().find(|(w, _)| *w == word).map(|&(_, v)| v)
}

/// Imperial and US units a translation converts: factor to the metric unit.
fn conversion(word: &str) -> Option<f64> {
    const TABLE: &[(&str, f64)] = &[
        ("foot", 0.3048),
        ("feet", 0.3048),
        ("ft", 0.3048),
        ("inch", 2.54),
        ("inches", 2.54),
        ("mile", 1.609),
        ("miles", 1.609),
        ("mph", 1.609),
        ("yard", 0.9144),
        ("yards", 0.9144),
        ("pound", 0.4536),
        ("pounds", 0.4536),
        ("lb", 0.4536),
        ("lbs", 0.4536),
        ("acre", 0.4047),
        ("acres", 0.4047),
        ("gallon", 3.785),
        ("gallons", 3.785),
        ("ounce", 28.35),
        ("ounces", 28.35),
    ];
    TABLE.iter().find(|(w, _)| *w == word).map(|&(_, v)| v)
}

/// Words after an hour that say the afternoon or evening (`3 p.m.`, `5
/// вечера`): the hour may be written as 15 or 17 on the other side.
fn clock_word(word: &str) -> bool {
    matches!(
        word,
        "p" | "pm" | "a" | "am" | "вечера" | "дня" | "утра" | "ночи"
    )
}

/// The value of a number word (cardinal or ordinal, any case form), in
/// matching form (lowercase, `ё` folded).
fn word_value(word: &str) -> Option<f64> {
    // Whole English words first: they do not inflect.
    const ENGLISH: &[(&str, f64)] = &[
        ("zero", 0.0),
        ("one", 1.0),
        ("first", 1.0),
        ("two", 2.0),
        ("second", 2.0),
        ("three", 3.0),
        ("third", 3.0),
        ("four", 4.0),
        ("fourth", 4.0),
        ("five", 5.0),
        ("fifth", 5.0),
        ("six", 6.0),
        ("sixth", 6.0),
        ("seven", 7.0),
        ("seventh", 7.0),
        ("eight", 8.0),
        ("eighth", 8.0),
        ("nine", 9.0),
        ("ninth", 9.0),
        ("ten", 10.0),
        ("tenth", 10.0),
        ("eleven", 11.0),
        ("eleventh", 11.0),
        ("twelve", 12.0),
        ("twelfth", 12.0),
        ("thirteen", 13.0),
        ("fourteen", 14.0),
        ("fifteen", 15.0),
        ("sixteen", 16.0),
        ("seventeen", 17.0),
        ("eighteen", 18.0),
        ("nineteen", 19.0),
        ("twenty", 20.0),
        ("thirty", 30.0),
        ("forty", 40.0),
        ("fifty", 50.0),
        ("sixty", 60.0),
        ("seventy", 70.0),
        ("eighty", 80.0),
        ("ninety", 90.0),
        ("hundred", 100.0),
        ("thousand", 1e3),
        ("million", 1e6),
        ("billion", 1e9),
        ("dozen", 12.0),
        ("dozens", 12.0),
        ("half", 0.5),
        ("twice", 2.0),
        ("double", 2.0),
        ("triple", 3.0),
        ("once", 1.0),
        ("single", 1.0),
        ("both", 2.0),
        ("pair", 2.0),
        ("couple", 2.0),
        ("january", 1.0),
        ("february", 2.0),
        ("april", 4.0),
        ("june", 6.0),
        ("july", 7.0),
        ("august", 8.0),
        ("september", 9.0),
        ("october", 10.0),
        ("november", 11.0),
        ("december", 12.0),
        ("jan", 1.0),
        ("feb", 2.0),
        ("apr", 4.0),
        ("jun", 6.0),
        ("jul", 7.0),
        ("aug", 8.0),
        ("sept", 9.0),
        ("sep", 9.0),
        ("oct", 10.0),
        ("nov", 11.0),
        ("dec", 12.0),
    ];
    // Every word of every sentence passes here: look up in maps built once
    // rather than scanning the tables (the first entry of a word wins, as a
    // scan would find it).
    // With the longest English word: longer words are not looked up.
    static ENGLISH_MAP: OnceLock<(TextMap<&str, f64>, usize)> = OnceLock::new();
    let (english, longest_english) = ENGLISH_MAP.get_or_init(|| {
        let mut map = TextMap::default();
        for &(w, v) in ENGLISH {
            map.entry(w).or_insert(v);
        }
        let longest = ENGLISH.iter().map(|(w, _)| w.len()).max().unwrap_or(0);
        (map, longest)
    });
    if word.len() <= *longest_english {
        if let Some(&v) = english.get(word) {
            return Some(v);
        }
    }
    // Russian number words inflect: match by stem, longest first, and
    // accept only the endings a number word takes.
    const RUSSIAN: &[(&str, f64)] = &[
        // `3D` in English is «трёхмерный».
        ("четырехмерн", 4.0),
        ("трехмерн", 3.0),
        ("двухмерн", 2.0),
        ("двумерн", 2.0),
        ("девятнадцат", 19.0),
        ("восемнадцат", 18.0),
        ("семнадцат", 17.0),
        ("шестнадцат", 16.0),
        ("пятнадцат", 15.0),
        ("четырнадцат", 14.0),
        ("тринадцат", 13.0),
        ("двенадцат", 12.0),
        ("одиннадцат", 11.0),
        ("двадцат", 20.0),
        ("тридцат", 30.0),
        ("сорок", 40.0),
        ("пятьдесят", 50.0),
        ("пятидесят", 50.0),
        ("шестьдесят", 60.0),
        ("шестидесят", 60.0),
        ("семьдесят", 70.0),
        ("семидесят", 70.0),
        ("восемьдесят", 80.0),
        ("восьмидесят", 80.0),
        ("девяност", 90.0),
        ("двухсот", 200.0),
        ("двест", 200.0),
        ("трехсот", 300.0),
        ("триста", 300.0),
        ("сто", 100.0),
        ("сот", 100.0),
        ("тысяч", 1e3),
        ("миллион", 1e6),
        ("миллиард", 1e9),
        ("десят", 10.0),
        ("девят", 9.0),
        ("восьм", 8.0),
        ("восем", 8.0),
        ("седьм", 7.0),
        ("сем", 7.0),
        ("шест", 6.0),
        ("пят", 5.0),
        ("четвер", 4.0),
        ("четыр", 4.0),
        ("трет", 3.0),
        ("тре", 3.0),
        ("три", 3.0),
        ("втор", 2.0),
        ("два", 2.0),
        ("две", 2.0),
        ("двух", 2.0),
        ("двум", 2.0),
        ("перв", 1.0),
        ("один", 1.0),
        ("одна", 1.0),
        ("одно", 1.0),
        ("одного", 1.0),
        ("одной", 1.0),
        ("одному", 1.0),
        ("одним", 1.0),
        ("одну", 1.0),
        ("полтор", 1.5),
        ("половин", 0.5),
        ("пол", 0.5),
        ("оба", 2.0),
        ("обе", 2.0),
        ("пар", 2.0),
        ("дюжин", 12.0),
        ("сутк", 24.0),
        ("суток", 24.0),
        ("январ", 1.0),
        ("феврал", 2.0),
        ("март", 3.0),
        ("апрел", 4.0),
        ("ма", 5.0),
        ("июн", 6.0),
        ("июл", 7.0),
        ("август", 8.0),
        ("сентябр", 9.0),
        ("октябр", 10.0),
        ("ноябр", 11.0),
        ("декабр", 12.0),
    ];
    const ENDINGS: &[&str] = &[
        "",
        "ь",
        "и",
        "ью",
        "ый",
        "ого",
        "ому",
        "ым",
        "ом",
        "ая",
        "ой",
        "ую",
        "ое",
        "ые",
        "ых",
        "ыми",
        "ий",
        "ьи",
        "ье",
        "ьего",
        "ьему",
        "ьим",
        "ьем",
        "ья",
        "ьей",
        "ью",
        "ьих",
        "ьими",
        "ем",
        "ех",
        "ем",
        "ам",
        "ами",
        "ах",
        "а",
        "у",
        "е",
        "я",
        "ю",
        "ей",
        "ями",
        "ях",
        "ов",
        "ух",
        "ум",
        "умя",
        "ести",
        "емя",
        "ого",
        "ырех",
        "ырем",
        "ырьмя",
        "ьми",
        "ьмью",
        "ох",
        "оих",
        "ти",
        "тью",
        "ста",
        "стам",
        "стами",
        "стах",
        "й",
        "х",
        "мя",
    ];
    // Words that begin like a number word but are not one.
    const NOT_NUMBERS: &[&str] = &[
        "семья",
        "семьи",
        "семье",
        "семью",
        "семьей",
        "семей",
        "семьям",
        "семьях",
        "семьями",
        "пара",
        "пар",
        "шест",
        "пята",
        "пяты",
        "пятах",
        "пятам",
        "пол",
        "пола",
        "полу",
        "поле",
        "трем",
    ];
    // Every prefix of a stem, with the stem's place in the table and value
    // when it is one: of the stems a word begins with, the earliest in the
    // table wins, as a scan of the table would. A word's prefixes are
    // looked up from the shortest and only while they begin a stem, so
    // most words are ruled out by their first letters.
    static RUSSIAN_PREFIXES: OnceLock<TextMap<&'static str, Option<(usize, f64)>>> =
        OnceLock::new();
    let prefixes = RUSSIAN_PREFIXES.get_or_init(|| {
        let mut map = TextMap::default();
        for (place, &(stem, value)) in RUSSIAN.iter().enumerate() {
            for (at, _) in stem.char_indices().skip(1) {
                map.entry(&stem[..at]).or_insert(None);
            }
            let entry = map.entry(stem).or_insert(None);
            if entry.is_none() {
                *entry = Some((place, value));
            }
        }
        map
    });
    let mut best: Option<(usize, f64)> = None;
    for at in word
        .char_indices()
        .map(|(at, _)| at)
        .chain(std::iter::once(word.len()))
        .skip(1)
    {
        let (stem, rest) = word.split_at(at);
        let Some(entry) = prefixes.get(stem) else {
            break;
        };
        if let Some((place, value)) = *entry {
            if ENDINGS.contains(&rest) && best.is_none_or(|(first, _)| place < first) {
                best = Some((place, value));
            }
        }
    }
    // Words that begin like a number word only: asked of those alone.
    if best.is_some() && NOT_NUMBERS.contains(&word) {
        return None;
    }
    best.map(|(_, value)| value)
}

/// The numbers of a sentence, from its tokens (`text` is what the tokens'
/// spans point into).
pub fn mentions(text: &str, tokens: &[Token]) -> Vec<Mention> {
    let mut out = Vec::new();
    // The next word after token `i`, skipping one abbreviation dot.
    let next_word = |i: usize| -> Option<&Token> {
        let mut k = i + 1;
        if tokens
            .get(k)
            .is_some_and(|t| t.norm == "." || t.norm == "-")
        {
            k += 1;
        }
        tokens.get(k).filter(|t| t.kind == TokenKind::Word)
    };
    for (i, token) in tokens.iter().enumerate() {
        match token.kind {
            TokenKind::Number => {
                let surface = &text[token.span.clone()];
                let indian = indian_grouping(surface);
                let norm = if indian {
                    surface.replace(',', "")
                } else {
                    token.norm.clone()
                };
                let parts: Vec<&str> = norm.split(['.', ':', '/']).collect();
                let decimal = parts.len() == 2 && norm.contains('.');
                let scale = next_word(i).and_then(|w| multiplier(&w.norm));
                if parts.len() == 1 || decimal {
                    let Ok(value) = norm.parse::<f64>() else {
                        continue;
                    };
                    let mut values = vec![value];
                    // `0,001` is a decimal even where the tokenizer took the
                    // comma for a thousands separator.
                    if let Some(alternative) = comma_decimal(surface) {
                        values.push(alternative);
                    }
                    if let Some(scale) = scale {
                        values.push(value * scale);
                    }
                    let unit = next_word(i).map(|w| w.norm.as_str());
                    if unit.is_some_and(clock_word) && value <= 12.0 {
                        values.push(value + 12.0);
                    }
                    let factor = unit.and_then(conversion);
                    if decimal && looks_like_day_month(parts[0], parts[1]) {
                        // `23.06` may be a date: its parts stand too.
                        values.extend(parts.iter().filter_map(|p| p.parse::<f64>().ok()));
                    }
                    add_year_forms(&token.norm, value, &mut values);
                    out.push(Mention {
                        values,
                        surface: surface.to_string(),
                        hard: true,
                        converted: factor.map(|f| value * f),
                        token: i,
                    });
                } else {
                    // A date or time: each part is a number of its own; the
                    // digits together may also be one number (Indian
                    // grouping, `2,06,737`).
                    let joined: Option<f64> = parts.concat().parse().ok();
                    let afternoon = next_word(i).is_some_and(|w| clock_word(&w.norm));
                    for (k, part) in parts.iter().enumerate() {
                        let Ok(value) = part.parse::<f64>() else {
                            continue;
                        };
                        let mut values = vec![value];
                        values.extend(joined);
                        if k == 0 && afternoon && value <= 12.0 {
                            values.push(value + 12.0);
                        }
                        add_year_forms(part, value, &mut values);
                        out.push(Mention {
                            values,
                            surface: surface.to_string(),
                            hard: true,
                            converted: None,
                            token: i,
                        });
                    }
                }
            }
            TokenKind::Word => {
                // `тыс.` in `9 тыс.` belongs to the number before it.
                let after_number = i > 0
                    && (tokens[i - 1].kind == TokenKind::Number
                        || (tokens[i - 1].norm == "-"
                            && i > 1
                            && tokens[i - 2].kind == TokenKind::Number));
                if after_number && multiplier(&token.norm).is_some() {
                    continue;
                }
                if let Some(value) = word_value(&token.norm) {
                    let mut values = vec![value];
                    // `two and a half`, «двух с половиной»: the half belongs
                    // to the number, and so does a multiplier after it.
                    let words: Vec<&str> = tokens[i + 1..]
                        .iter()
                        .take(4)
                        .map(|t| t.norm.as_str())
                        .collect();
                    let half_words = if words.starts_with(&["and", "a", "half"]) {
                        3
                    } else if words.starts_with(&["с", "половиной"]) {
                        2
                    } else {
                        0
                    };
                    let last = i + half_words;
                    if half_words > 0 {
                        values.push(value + 0.5);
                    }
                    if let Some(scale) = next_word(last).and_then(|w| multiplier(&w.norm)) {
                        values.push(value * scale);
                        if half_words > 0 {
                            values.push((value + 0.5) * scale);
                        }
                    }
                    let factor = next_word(i).and_then(|w| conversion(&w.norm));
                    out.push(Mention {
                        converted: factor.map(|f| value * f),
                        values,
                        surface: text[token.span.clone()].to_string(),
                        hard: false,
                        token: i,
                    });
                }
            }
            TokenKind::Punct => {}
        }
    }
    join_neighbours(&mut out);
    // Kept per sentence for the whole alignment: without the room left by
    // growing.
    for mention in &mut out {
        mention.values.shrink_to_fit();
    }
    out.shrink_to_fit();
    out
}

/// Values that come from two mentions together: a range whose multiplier
/// is written once (`600–700 тысяч`: 600 is 600,000 too) and compound
/// number words (`thirty-one`, «тридцать один»).
fn join_neighbours(mentions: &mut [Mention]) {
    for k in 1..mentions.len() {
        let (before, after) = mentions.split_at_mut(k);
        let (first, second) = (&mut before[k - 1], &after[0]);
        if second.token > first.token + 3 {
            continue;
        }
        if first.hard && second.hard && second.values.len() > 1 && first.values.len() == 1 {
            let scale = second.values[1] / second.values[0];
            if scale >= 1e3 && second.values[0] != 0.0 && scale.fract() == 0.0 {
                let value = first.values[0] * scale;
                first.values.push(value);
            }
        }
        if !first.hard && !second.hard {
            let (tens, unit) = (first.values[0], second.values[0]);
            if (20.0..100.0).contains(&tens) && tens % 10.0 == 0.0 && (1.0..10.0).contains(&unit) {
                first.values.push(tens + unit);
            }
        }
    }
}

/// A two-digit number may be a year (`'17`, `2016–17`).
fn add_year_forms(norm: &str, value: f64, values: &mut Vec<f64>) {
    if norm.len() == 2 && value.fract() == 0.0 {
        values.push(1900.0 + value);
        values.push(2000.0 + value);
    }
}

/// Indian digit grouping: `2,06,737` (lakhs), `1,20,00,000`.
fn indian_grouping(surface: &str) -> bool {
    let groups: Vec<&str> = surface.split(',').collect();
    groups.len() >= 3
        && groups
            .iter()
            .all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()))
        && groups[0].len() <= 2
        && groups[1..groups.len() - 1].iter().all(|g| g.len() == 2)
        && groups[groups.len() - 1].len() == 3
}

/// The value of a number with one comma read as a decimal comma (`0,001`).
fn comma_decimal(surface: &str) -> Option<f64> {
    let (whole, fraction) = surface.split_once(',')?;
    if fraction.contains(',') || whole.is_empty() || fraction.is_empty() {
        return None;
    }
    format!("{whole}.{fraction}").parse().ok()
}

/// `23.06`: a day and a month rather than a decimal.
fn looks_like_day_month(day: &str, month: &str) -> bool {
    let (Ok(d), Ok(m)) = (day.parse::<u32>(), month.parse::<u32>()) else {
        return false;
    };
    month.len() == 2 && (1..=31).contains(&d) && (1..=12).contains(&m)
}

fn exactly(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn roughly(converted: f64, b: f64) -> bool {
    (converted - b).abs() <= 0.05 * converted.abs().max(b.abs())
}

/// Pairs the mentions of two sides one to one, exact values first, then
/// converted measures; returns which mentions of each side found a partner.
fn pair_up(a: &[Mention], b: &[Mention]) -> (Vec<bool>, Vec<bool>) {
    let mut used_a = vec![false; a.len()];
    let mut used_b = vec![false; b.len()];
    // Hard mentions choose first, and prefer a hard partner: a number in
    // digits should find its digits on the other side.
    let order = |side: &[Mention]| -> Vec<usize> {
        let mut idx: Vec<usize> = (0..side.len()).collect();
        idx.sort_by_key(|&i| !side[i].hard);
        idx
    };
    let (order_a, order_b) = (order(a), order(b));
    for rough in [false, true] {
        for &i in &order_a {
            if used_a[i] {
                continue;
            }
            let fits = |m: &Mention, o: &Mention| -> bool {
                if rough {
                    m.converted
                        .is_some_and(|c| o.values.iter().any(|&w| roughly(c, w)))
                        || o.converted
                            .is_some_and(|c| m.values.iter().any(|&v| roughly(c, v)))
                } else {
                    m.values
                        .iter()
                        .any(|&v| o.values.iter().any(|&w| exactly(v, w)))
                }
            };
            if let Some(&j) = order_b.iter().find(|&&j| !used_b[j] && fits(&a[i], &b[j])) {
                used_a[i] = true;
                used_b[j] = true;
            }
        }
    }
    (used_a, used_b)
}

/// Numbers written in digits on one side and no number at all, in digits
/// or words, on the other.
pub fn one_side_only(a: &[Mention], b: &[Mention]) -> bool {
    let digits = |side: &[Mention]| side.iter().any(|m| m.hard);
    (a.is_empty() && digits(b)) || (b.is_empty() && digits(a))
}

/// Numbers that differ: a number written in digits on one side that finds
/// no partner on the other side, while the other side has a number (in
/// digits, or a number word above one) left without a partner too. Each
/// number pairs with one number at most (`400 … 400` against `400 … 500`
/// differ). A number on one side only is common in good translations ("this
/// year" for «в 2017 году») and is not enough. Returns the differing numbers
/// of each side, for the details.
pub fn differ(a: &[Mention], b: &[Mention]) -> Option<(Vec<String>, Vec<String>)> {
    let (used_a, used_b) = pair_up(a, b);
    let left = |side: &[Mention], used: &[bool], hard: bool| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (m, &u) in side.iter().zip(used) {
            let counts = m.hard == hard && (hard || m.values.iter().all(|&v| v > 1.0));
            if !u && counts && !out.contains(&m.surface) {
                out.push(m.surface.clone());
            }
        }
        out
    };
    let (hard_a, hard_b) = (left(a, &used_a, true), left(b, &used_b, true));
    let (soft_a, soft_b) = (left(a, &used_a, false), left(b, &used_b, false));
    let a_left = !hard_a.is_empty();
    let b_left = !hard_b.is_empty() || !soft_b.is_empty();
    let conflict = (a_left && b_left) || (!hard_b.is_empty() && !soft_a.is_empty());
    if !conflict {
        return None;
    }
    let join = |mut hard: Vec<String>, soft: Vec<String>| {
        for s in soft {
            if !hard.contains(&s) {
                hard.push(s);
            }
        }
        hard
    };
    Some((join(hard_a, soft_a), join(hard_b, soft_b)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sverka_text::tokenize;

    fn of(text: &str) -> Vec<Mention> {
        mentions(text, &tokenize(text))
    }

    #[test]
    fn values_not_spelling() {
        for (ru, en) in [
            ("9 тыс. человек", "9,000 people"),
            ("1,5 млн рублей", "1.5 million roubles"),
            ("семнадцать лет", "17 years"),
            ("23 июня 2017 г.", "June 23, 2017"),
            ("23.06.2017", "June 23, 2017"),
            ("в 2016-2017 годах", "in 2016-17"),
            ("25-й съезд", "the 25th congress"),
            ("3,5%", "3.5 percent"),
            ("в 23:30", "at 11:30 p.m."),
            ("в 17 часов 47 минут", "at 5:47 p.m."),
            ("14 лакхов, 1 400 000", "14 lakh"),
            ("2,5-метровый робот", "an eight-foot robot"),
            ("600–700 тысяч лет назад", "600,000 to 700,000 years ago"),
            ("31 человек", "Thirty-one people"),
            ("206 737 случаев", "2,06,737 cases"),
            (
                "высотой 27 футов (8,2 метра)",
                "the 27-foot (8.2-meter) monument",
            ),
            ("за сутки", "in a 24-hour period"),
            ("разделило 0,001 секунды", "separated by 0.001 seconds"),
            ("2,5 года", "two and a half years"),
            (
                "более двух с половиной миллионов тенге",
                "more than 2.5 million tenge",
            ),
        ] {
            assert_eq!(differ(&of(ru), &of(en)), None, "{ru} / {en}");
        }
        assert_eq!(
            differ(&of("погибли 640 человек"), &of("460 people died")),
            Some((vec!["640".to_string()], vec!["460".to_string()]))
        );
        for (ru, en) in [
            (
                "высотой 27 футов (8,2 метра)",
                "the 27-foot (8.8-meter) monument",
            ),
            (
                "заработали 65,9 миллионов долларов",
                "generated $67.9 million",
            ),
            ("до 250 акров", "to roughly 260 acres"),
            ("набрал 400 баллов. 400 баллов", "400 points. 500 points"),
            ("Детей среди них - 7,3%.", "Children make up 7.4%."),
            (
                "площадь пожара - 1 тыс. кв. метров",
                "the fire is 2 thousand square meters",
            ),
            ("со счетом 1:2", "with a score of 2–2"),
            ("почти на 200 футов", "almost 600 feet"),
        ] {
            assert!(differ(&of(ru), &of(en)).is_some(), "{ru} / {en}");
        }
    }

    #[test]
    fn digits_against_no_number_at_all() {
        assert!(one_side_only(
            &of("866 million rubles will be spent on the construction."),
            &of("В ходе акции протеста в Калифорнии подожгли здание суда")
        ));
        assert!(one_side_only(
            &of("Когда он открылся в 1820 году, это был самый длинный мост."),
            &of("And together we can apply them to safer cars.")
        ));
        for (ru, en) in [
            // A number in words answers one in digits.
            ("срок в пять лет", "a 5-year term"),
            ("Погибли 3 человека", "Three people died"),
            ("Погибли 3 человека", "Two people died"),
            // Numbers only in words, or none.
            ("пять лет", "no time at all"),
            ("Кошка спит.", "The cat sleeps."),
        ] {
            assert!(!one_side_only(&of(ru), &of(en)), "{ru} / {en}");
        }
    }
}
