//! Names compared across scripts: `Грибаускайте` = `Grybauskaite`,
//! `Джорджия` = `Georgia`, `Лаврова` = `Lavrov`.
//!
//! Both sides are brought to one rough phonetic spelling (transliterated,
//! accents dropped, spellings that transliteration schemes disagree on
//! merged: `dzh`/`j`/`g` before e and i, `kh`/`h`, `ts`/`tz`/`c`, `y`/`i`,
//! `w`/`v` …) and compared with Jaro–Winkler similarity, which forgives the
//! Russian case endings at the end of a name. A capitalised word that a
//! dictionary translates is a word, not a name: it matches through its
//! translations instead.

use unicode_normalization::UnicodeNormalization;

/// A capitalised word inside a sentence that may be a name.
#[derive(Debug, Clone, PartialEq)]
pub struct Name {
    /// As written.
    pub surface: String,
    /// Rough phonetic spelling (see [`phonetic`]).
    pub phonetic: String,
    /// Lexicon key ids of the word alone: empty for a true name.
    pub translations: Vec<u32>,
    /// Key id of its consonant skeleton, if it has one.
    pub key: Option<u32>,
}

/// Rough phonetic spelling of a word in matching form, in ASCII letters.
pub fn phonetic(norm: &str) -> String {
    let transliterated = sverka_text::normalize::transliterate(norm);
    // Room for every letter at once: collected, the string grew by letters.
    let mut latin = String::with_capacity(transliterated.len());
    latin.extend(
        transliterated
            .nfd()
            .filter(char::is_ascii_alphabetic)
            .map(|c| c.to_ascii_lowercase()),
    );
    // Russian writes an English initial w as у before a vowel (Уайли,
    // Уоллес): one sound.
    let latin = match latin.strip_prefix('u') {
        Some(rest) if rest.starts_with(['a', 'e', 'o', 'i']) => format!("v{rest}"),
        _ => latin,
    };
    let bytes = latin.as_bytes();
    let mut out = String::with_capacity(latin.len());
    let mut i = 0;
    while i < bytes.len() {
        let rest = &latin[i..];
        let (sound, used) = if rest.starts_with("shch") {
            ('s', 4)
        } else if rest.starts_with("dzh") {
            ('j', 3)
        } else if rest.starts_with("zh") || rest.starts_with("dj") {
            ('j', 2)
        } else if rest.starts_with("kh") {
            // Х is written h or kh, and h is dropped below.
            i += 2;
            continue;
        } else if rest.starts_with("ch") && i == 0 {
            ('k', 2)
        } else if rest.starts_with("ts") || rest.starts_with("tz") || rest.starts_with("ch") {
            // Sibilants are written many ways across languages (Mechichi /
            // Машиши): one class.
            ('s', 2)
        } else if rest.starts_with("sh") || rest.starts_with("sch") {
            ('s', if rest.starts_with("sch") { 3 } else { 2 })
        } else if rest.starts_with("ew") {
            // English ew is Russian ью (Newcastle / Ньюкасл, Andrew / Эндрю).
            out.push('i');
            ('u', 2)
        } else if rest.starts_with("ow") && !rest[2..].starts_with(['a', 'e', 'i', 'o', 'u', 'y']) {
            // English ow before a consonant sounds as Russian writes ау
            // (Brown / Браун, Down / Даун); before a vowel it stays ov
            // (Kowalski, Nowak).
            if !out.ends_with('a') {
                out.push('a');
            }
            ('u', 2)
        } else if rest.starts_with("dg") && rest[2..].starts_with(['e', 'i', 'y']) {
            // English dge is Russian дж (Hedgecoe / Хеджкоу).
            ('j', 2)
        } else if rest.starts_with("ph") {
            ('f', 2)
        } else if rest.starts_with("th") {
            ('t', 2)
        } else if rest.starts_with("ck") {
            ('k', 2)
        } else {
            let c = bytes[i] as char;
            let next = bytes.get(i + 1).map(|&b| b as char);
            let sound = match c {
                'g' if matches!(next, Some('e' | 'i' | 'y')) && i == 0 => 'j',
                'y' => 'i',
                'w' => 'v',
                // Names that came through Greek have в where English has
                // b (Lebanon / Ливан, Babylon / Вавилон, Barbara / Варвара).
                'b' => 'v',
                'q' => 'k',
                'x' => 'k',
                'z' => 's',
                'c' if matches!(next, Some('e' | 'i' | 'y')) => 's',
                'c' => 'k',
                'h' => {
                    i += 1;
                    continue;
                }
                other => other,
            };
            (sound, 1)
        };
        if out.ends_with(sound) {
            // Double letters are one sound (Tillerson / Тиллерсон / Тилерсон).
        } else {
            out.push(sound);
        }
        i += used;
    }
    out
}

/// Two phonetic spellings name the same person or place.
pub fn similar(a: &str, b: &str) -> bool {
    if a.len() < 3 || b.len() < 3 {
        return a == b;
    }
    if a == b {
        return true;
    }
    // A Russian ending on one side only: `lavrova` / `lavrov`.
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.len() >= 4 && long.starts_with(short) && long.len() - short.len() <= 2 {
        return true;
    }
    if strsim::jaro_winkler(a, b) >= 0.85 {
        return true;
    }
    // Vowels are where spellings differ most (Leicester / Лестер).
    let (ca, cb) = (consonants(a), consonants(b));
    if ca.len() >= 3 && cb.len() >= 3 && (ca.starts_with(&cb) || cb.starts_with(&ca)) {
        return true;
    }
    // Short names: the same consonants and a fair overall likeness.
    ca.len() >= 2 && ca == cb && strsim::jaro_winkler(a, b) >= 0.7
}

/// Closeness of two phonetic spellings, 0..1, to tell a variant spelling
/// from another name altogether.
pub fn closeness(a: &str, b: &str) -> f64 {
    strsim::jaro_winkler(a, b).max(strsim::jaro_winkler(&consonants(a), &consonants(b)))
}

/// The consonants of a phonetic spelling, repeats merged.
fn consonants(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s
        .chars()
        .filter(|c| !matches!(c, 'a' | 'e' | 'i' | 'o' | 'u'))
    {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// Months and days of the week, capitalized in English but never names.
pub fn is_calendar_word(norm: &str) -> bool {
    const WEEKDAYS: &[&str] = &[
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    sverka_core::ENGLISH_MONTHS.contains(&norm) || WEEKDAYS.contains(&norm)
}

/// Titles and ranks abbreviated before a name ("Capt Samuel Brown",
/// "Gen. Milley"): a translation spells them out as words (капитан).
pub fn is_title_abbreviation(surface: &str) -> bool {
    const TITLES: &[&str] = &[
        "Adm", "Capt", "Cmdr", "Col", "Cpl", "Dr", "Gen", "Gov", "Lt", "Maj", "Mr", "Mrs", "Ms",
        "Mme", "Prof", "Rep", "Rev", "Sen", "Sgt", "Supt",
    ];
    TITLES.contains(&surface)
}

/// US state abbreviations as newspapers write them after a city
/// ("Virginia Beach, Va."); a translation spells the state out or drops it.
pub fn is_state_abbreviation(surface: &str) -> bool {
    const STATES: &[&str] = &[
        "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ga", "Ill", "Ind", "Kan",
        "Kans", "Ky", "La", "Md", "Mass", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nev",
        "Okla", "Ore", "Pa", "Tenn", "Tex", "Vt", "Va", "Wash", "Wis", "Wyo",
    ];
    STATES.contains(&surface)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_meet_across_scripts() {
        for (ru, en) in [
            ("грибаускайте", "grybauskaite"),
            ("лаврова", "lavrov"),
            ("тиллерсон", "tillerson"),
            ("джорджия", "georgia"),
            ("хабаровск", "khabarovsk"),
            ("цхинвали", "tskhinvali"),
            ("шойгу", "shoigu"),
            ("чикаго", "chicago"),
            ("зеленский", "zelensky"),
            ("юрий", "yuri"),
            ("машиши", "mechichi"),
            ("лестера", "leicester"),
            ("техрик", "tehreek"),
            ("хаджар", "hajar"),
            ("боуэна", "bowen"),
            ("уайли", "wiley"),
            ("уоллеса", "wallace"),
            ("брауном", "brown"),
            ("дауна", "down"),
            ("хеджкоу", "hedgecoe"),
            ("ковальский", "kowalski"),
        ] {
            assert!(
                similar(&phonetic(ru), &phonetic(en)),
                "{ru} {en}: {} {}",
                phonetic(ru),
                phonetic(en)
            );
        }
        for (a, b) in [
            ("лукашенко", "putin"),
            ("минск", "moscow"),
            ("бостон", "austin"),
        ] {
            assert!(!similar(&phonetic(a), &phonetic(b)), "{a} {b}");
        }
    }
}
