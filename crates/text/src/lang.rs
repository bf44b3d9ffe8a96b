use std::fmt;
use std::str::FromStr;

/// The language of one side of a pair; decides segmentation rules and which
/// evidence the aligner may use.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Russian.
    Ru,
    /// English.
    En,
    /// Any other language, by its code (`de`, `fr`, …): language-neutral rules only.
    Other(String),
}

impl Lang {
    /// The ISO 639-1 style code of the language.
    pub fn code(&self) -> &str {
        match self {
            Lang::Ru => "ru",
            Lang::En => "en",
            Lang::Other(code) => code,
        }
    }

    /// Whether the language is written in Cyrillic (only Russian is known here).
    pub fn is_cyrillic(&self) -> bool {
        matches!(self, Lang::Ru)
            || matches!(self, Lang::Other(c) if ["uk", "be", "bg", "sr", "mk"].contains(&c.as_str()))
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let code = s.trim().to_ascii_lowercase();
        match code.as_str() {
            "ru" | "rus" | "russian" => Ok(Lang::Ru),
            "en" | "eng" | "english" => Ok(Lang::En),
            c if (2..=3).contains(&c.len()) && c.chars().all(|ch| ch.is_ascii_lowercase()) => {
                Ok(Lang::Other(code))
            }
            _ => Err(format!(
                "unknown language '{s}': give a two-letter code such as ru, en, de or fr"
            )),
        }
    }
}
