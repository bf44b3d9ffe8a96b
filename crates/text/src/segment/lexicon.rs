//! Word lists of the segmenter: abbreviations by behaviour, words that
//! typically open a sentence, month names and the words of a fronted Russian
//! date phrase.
//!
//! Entries written in lower case also match with a capital first letter
//! (`См.`, `Etc.`); entries written with a capital match only as written, so
//! that `No.` (number) does not catch the word `no.` and `Art.` not `art.`.

use crate::chars::{is_lower, is_upper};
use crate::Lang;

/// How a word followed by a full stop behaves at a possible sentence end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Abbrev {
    /// Stands before a name, a number or a phrase (`Mr.`, `т.е.`, `ул.`,
    /// `z.B.`): the full stop never ends a sentence.
    Prefix,
    /// Stands before a number (`No. 6998`, `Art. 5`) but is also a word: no
    /// end before a digit, an end before a capital.
    NumPrefix,
    /// Often the last word of a sentence (`etc.`, `и т.д.`, `млн.`, `Aug.`):
    /// ends a sentence when a capital follows.
    EndCapable,
    /// Usually followed by a capitalised name (`U.S. President`, initials,
    /// `Jr.`, `Inc.`): ends a sentence only before a word that typically
    /// opens one (`The`, `It`, `Это`, `В`).
    StarterOnly,
    /// Russian `г.`/`гг.`/`в.`/`вв.` after a number (year, century): ends a
    /// sentence before a capital unless it closes a fronted date phrase
    /// (`В июле 2016 г. Россия внесла…`).
    Year,
    /// `a.m.`/`p.m.`: like [`Abbrev::EndCapable`], but not before a short
    /// all-capital word (a time zone: `5 p.m. ET`).
    Time,
}

/// Russian, lower case. Never end a sentence.
#[rustfmt::skip]
const RU_PREFIX: &[&str] = &[
    "т.е", "т.к", "т.н", "т.о", "т.ч", "и.о", "напр", "ср", "ст", "ул", "пер", "просп", "пл", "корп",
    "стр", "пп", "гл", "табл", "прим", "проф", "акад", "доц", "адм", "лейт", "тов", "гр", "св", "англ",
    "франц", "фр", "греч", "итал", "исп", "яп", "букв", "рус", "укр", "зам", "нач", "пос", "дер", "оз",
    "ок", "вкл", "ориг", "ред", "сост", "изд", "юж", "сев", "зап", "вост",
    // Places and addresses: `пгт. Октябрьский`, `мкр. Северный`, `кв. 12`.
    "пгт", "мкр", "мкрн", "наб", "респ", "кв", "оф", "эт", "каб", "тел",
    // Parts of a legal text before their number: `абз. 2`, `подп. 4`.
    "абз", "подп", "разд", "прил", "вып", "кн", "илл",
    // Ranks and degrees before a name: `мл. сержант`, `канд. техн. наук`.
    "мл", "канд", "докт", "засл", "нар", "техн", "т.наз",
];

/// Russian, lower case: abbreviations that are also ordinary words (`им.`
/// "имени" and `им` "to them", `рис.` and `рис` "rice") or that stand before
/// a capitalised word (`долл. США`): they end a sentence only before a
/// typical sentence opener.
#[rustfmt::skip]
const RU_AMBIGUOUS: &[&str] = &["им", "рис", "ген", "полк", "род", "кап", "долл"];

/// Russian, lower case. Often close a sentence.
#[rustfmt::skip]
const RU_END: &[&str] = &[
    "т.д", "т.п", "др", "млн", "млрд", "трлн", "тыс", "руб", "коп", "чел", "шт", "мин", "сек",
    "обл", "н.э", "экз", "ед", "гг", "вв", "кв.м", "куб.м", "г.р", "п.п", "изм", "доп",
];

/// Russian single letters and units: after a number they are units or
/// years and may close a sentence (`100 м.`, `2017 г.`); elsewhere they
/// stand before a name (`г. Москва`, `м. Арбатская`, `с. 45`, `д. 5`).
#[rustfmt::skip]
const RU_UNIT_OR_PREFIX: &[&str] = &[
    "г", "гг", "в", "вв", "с", "т", "м", "ч", "д", "р", "л", "п", "о", "см", "мм", "км", "кг", "га",
];

/// English, exact case: titles and other words before a name.
#[rustfmt::skip]
const EN_TITLES: &[&str] = &[
    "Mr", "Mrs", "Ms", "Messrs", "Mmes", "Mx", "Dr", "Drs", "Prof", "Profs", "Gen", "Gens", "Sen",
    "Sens", "Rep", "Reps", "Gov", "Lt", "Col", "Capt", "Sgt", "Maj", "Adm", "Cmdr", "Cdr", "Rev",
    "Hon", "Pres", "Supt", "Atty", "Insp", "Det", "Cpl", "Pvt", "Brig", "Msgr", "Fr", "St", "Ste",
    "Mt", "Ft", "Pt", "Amb", "Lieut", "Comdr", "Cmdt",
];

/// English titles as chat and social posts type them (`mr. Smith`): in
/// lower case they are still nothing but titles. Those that are also words
/// or units (`gen`, `rep`, `ms`) are left out.
const EN_TITLES_TYPED_LOWER: &[&str] = &["mr", "mrs", "messrs", "dr", "drs", "prof", "profs"];

/// English, exact case: before a number (`No. 5`, `N°. 7`, `art. 17`, and
/// the law reporters of a citation: `129 S. Ct. 1937`, `9th Cir. 2010`),
/// but also words: they end a sentence before a capital (`he said no.
/// Then…`).
#[rustfmt::skip]
const EN_NUM_PREFIX: &[&str] = &[
    "No", "Nos", "Art", "Nr", "Vol", "Vols", "Fig", "Figs", "Ch", "Sec", "Para", "Pp", "Ex", "Rs", "Tel",
    "N°", "Nº", "no", "nos", "art", "arts", "Ct", "Cir", "Supp", "App",
];

/// English, lower case: never end a sentence.
#[rustfmt::skip]
const EN_PREFIX: &[&str] = &[
    "e.g", "i.e", "vs", "cf", "viz", "approx", "ca", "pp", "p", "para", "ch", "sec", "fig", "figs",
    "vol", "vols", "esp", "incl", "excl", "v", "c", "nos", "resp", "n.b", "op", "cit",
];

/// English, lower case: often close a sentence.
#[rustfmt::skip]
const EN_END: &[&str] = &["etc", "ibid", "dept", "mln", "bln", "bn", "mn", "yrs", "hrs", "lbs", "pcs", "al"];

/// English, exact case: may close a sentence before a capital.
#[rustfmt::skip]
const EN_END_TITLE: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mon",
    "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun", "Ave", "Blvd", "Rd", "Hwy",
    "Dept", "Univ", "Assn", "Ibid",
];

/// English, exact case: close a sentence only before a typical sentence
/// opener: company suffixes, name suffixes, degrees and US state names
/// (`Apple Inc. CEO…`, `Martin Luther King Jr. Day`, `Calif. The…`).
#[rustfmt::skip]
const EN_STARTER_ONLY: &[&str] = &[
    "Inc", "Ltd", "Co", "Corp", "Bros", "Plc", "Jr", "Sr", "Ph.D", "Esq", "Ala", "Ariz", "Ark",
    "Calif", "Colo", "Conn", "Del", "Fla", "Ga", "Ill", "Ind", "Kan", "Kans", "Ky", "La", "Md",
    "Mass", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nev", "Okla", "Ore", "Pa", "Penn", "Tenn",
    "Tex", "Vt", "Va", "Wash", "Wis", "Wyo",
];

/// German, French and Latin, exact case (language-neutral rules).
#[rustfmt::skip]
const NEUTRAL_TITLES: &[&str] = &[
    "Dr", "Prof", "Hr", "Hrn", "Fr", "St", "Ste", "Mlle", "Mme", "MM", "M", "Me", "Mgr", "Pr", "Mr",
    "Mrs", "Ms",
];
#[rustfmt::skip]
const NEUTRAL_NUM_PREFIX: &[&str] = &[
    "Nr", "No", "N°", "Nº", "Art", "Abs", "Bd", "Bde", "Fig", "Vol", "Ziff", "Kap", "Tab",
];
#[rustfmt::skip]
const NEUTRAL_PREFIX: &[&str] = &[
    "z.b", "d.h", "u.a", "o.a", "o.ä", "u.ä", "u.u", "v.a", "z.t", "z.z", "z.zt", "bzw", "ca", "vgl",
    "ggf", "evtl", "inkl", "exkl", "sog", "bspw", "insb", "gem", "lt", "zzgl", "abzgl", "cf", "p",
    "pp", "env", "av", "apr", "ex", "vol", "chap", "vs", "e.g", "i.e", "resp", "v", "s", "u", "n",
    "mind", "max", "geb", "gest", "verh", "jun", "sen", "hl",
];
#[rustfmt::skip]
const NEUTRAL_END: &[&str] = &[
    "usw", "etc", "u.s.w", "ff", "bzgl", "janv", "févr", "avr", "juil", "sept", "oct", "nov", "déc",
];
#[rustfmt::skip]
const NEUTRAL_END_TITLE: &[&str] = &[
    "Jh", "Jhd", "Jhs", "Mio", "Mrd", "Tsd", "Chr", "Str", "Std", "Min", "Jan", "Febr", "Feb", "Apr",
    "Aug", "Sept", "Okt", "Nov", "Dez",
];
#[rustfmt::skip]
const NEUTRAL_STARTER_ONLY: &[&str] = &["Jr", "Sr", "Inc", "Ltd", "Co", "Corp", "GmbH"];

/// Words that typically open a sentence, exact case.
#[rustfmt::skip]
const EN_STARTERS: &[&str] = &[
    "A", "An", "The", "This", "That", "These", "Those", "It", "Its", "He", "She", "They", "We", "You",
    "His", "Her", "Their", "Our", "My", "Your", "In", "On", "At", "By", "For", "From", "To", "With",
    "Without", "After", "Before", "During", "Since", "Until", "But", "And", "Or", "So", "Yet", "If",
    "When", "While", "Where", "Why", "How", "What", "Who", "Which", "As", "Although", "Though",
    "However", "Meanwhile", "Moreover", "Furthermore", "Nevertheless", "Still", "Also", "Then",
    "Now", "There", "Here", "Some", "Many", "Most", "Several", "All", "Both", "Each", "Every", "No",
    "Not", "One", "According", "Despite", "Last", "Earlier", "Later", "Today", "Yesterday",
    "Instead", "Thus", "Therefore", "Indeed", "Such", "Other", "Another", "Under", "Over", "About",
    "Among", "Against", "Is", "Are", "Was", "Were", "Do", "Does", "Did", "Has", "Have", "Had", "Can",
    "Could", "Will", "Would", "Should", "Might", "Must", "Let", "Please", "Yes", "I", "Of",
    "Officials", "Police", "Neither", "Nor", "Once", "Even", "Only",
];
#[rustfmt::skip]
const RU_STARTERS: &[&str] = &[
    "Это", "Эта", "Этот", "Эти", "Этого", "Этом", "Этой", "Он", "Она", "Оно", "Они", "Мы", "Я", "Вы",
    "Ты", "Его", "Ее", "Её", "Их", "Но", "А", "И", "Или", "Да", "Нет", "Не", "Ни", "В", "Во", "На",
    "По", "С", "Со", "К", "Ко", "О", "Об", "У", "Из", "За", "Для", "При", "После", "До", "От", "Без",
    "Под", "Над", "Перед", "Через", "Так", "Как", "Что", "Чтобы", "Когда", "Если", "Хотя", "Однако",
    "Тогда", "Там", "Тут", "Здесь", "Теперь", "Сейчас", "Сегодня", "Вчера", "Кроме", "Также", "Тем",
    "Впрочем", "Поэтому", "Ранее", "Позже", "Затем", "Потом", "Кстати", "Все", "Всё", "Весь", "Вся",
    "Наш", "Наша", "Наши", "Кто", "Где", "Почему", "Зачем", "Вот", "Уже", "Еще", "Ещё", "Ведь",
    "Между", "Среди", "Около", "Более", "Менее", "Один", "Одна", "Вместе", "Напомним", "Отметим",
    "Причем", "Причём", "Тот", "Та", "То", "Те", "Мой", "Моя", "Мои", "Сам", "Сама", "Сами",
];
#[rustfmt::skip]
const DE_STARTERS: &[&str] = &[
    "Der", "Die", "Das", "Den", "Dem", "Des", "Ein", "Eine", "Er", "Sie", "Es", "Wir", "Ich", "Ihr",
    "In", "Im", "Am", "Auf", "Mit", "Nach", "Bei", "Von", "Vom", "Zu", "Zum", "Zur", "Und", "Aber",
    "Doch", "Dann", "Da", "Dort", "Hier", "Wenn", "Als", "Auch", "So", "Nun", "Noch", "Schon", "Dies",
    "Diese", "Dieser", "Dieses", "Man", "Was", "Wer", "Wie", "Wo", "Warum", "Jetzt", "Heute",
];
#[rustfmt::skip]
const FR_STARTERS: &[&str] = &[
    "Le", "La", "Les", "Un", "Une", "Des", "Il", "Elle", "Ils", "Elles", "On", "Nous", "Vous", "Je",
    "Ce", "Cette", "Ces", "Cela", "Ceci", "Dans", "Pour", "Par", "Sur", "Avec", "Mais", "Et", "Puis",
    "Alors", "Donc", "Quand", "Si", "En", "Au", "Aux", "Du", "Selon", "Après", "Avant", "Depuis",
];

#[rustfmt::skip]
const MONTHS: &[&str] = &[
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Januar", "Jänner", "Februar", "März", "Mai", "Juni", "Juli",
    "Oktober", "Dezember", "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
    "septembre", "octobre", "novembre", "décembre", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug",
    "Sep", "Sept", "Oct", "Nov", "Dec", "Okt", "Dez",
];

/// Words that may precede the number of a fronted English time phrase
/// (`At 9 a.m.`, `Shortly after 7 a.m.`, `On Monday at 10 p.m.`),
/// lower-cased.
#[rustfmt::skip]
const EN_TIME_WORDS: &[&str] = &[
    "at", "by", "on", "from", "until", "till", "after", "before", "since", "around", "about",
    "shortly", "just", "soon", "then", "and", "but", "so", "today", "yesterday", "tomorrow",
    "tonight", "early", "late", "the", "next", "last", "this", "that", "every", "each", "morning",
    "afternoon", "evening", "night", "day", "of", "as", "roughly", "approximately", "nearly",
    "almost", "exactly", "precisely", "sometime", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

/// What may follow a time of day in the same sentence: a weekday (`10 a.m.
/// Tuesday`) or a time zone named in words (`9:30 a.m. Eastern time`).
#[rustfmt::skip]
const EN_AFTER_TIME: &[&str] = &[
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Mon", "Tue",
    "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun", "Eastern", "Central", "Mountain",
    "Pacific", "Atlantic", "Alaska", "Hawaii", "Greenwich", "Moscow", "Universal", "Coordinated",
];

/// Lower-case words that may precede the number of a fronted date phrase
/// (`в июле 2016 г.`, `с 1 января 2016 г.`, `еще в конце 1990-х гг.`).
#[rustfmt::skip]
const RU_DATE_WORDS: &[&str] = &[
    "в", "во", "с", "со", "к", "до", "по", "от", "на", "около", "после", "за", "уже", "еще", "ещё",
    "лишь", "только", "летом", "осенью", "зимой", "весной", "начале", "конце", "середине", "течение",
    "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
    "ноября", "декабря", "январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе",
    "сентябре", "октябре", "ноябре", "декабре", "и", "а", "же", "тогда", "период", "году", "года",
];

/// Languages that mark ordinal numbers with a full stop (`am 3. Mai`).
#[rustfmt::skip]
const ORDINAL_DOT_LANGS: &[&str] = &[
    "de", "da", "no", "nb", "nn", "fi", "is", "fo", "cs", "sk", "sl", "hr", "sr", "bs", "hu", "pl",
    "lv", "et", "tr", "lb", "gsw",
];

/// The lists that apply to one language.
pub(super) struct Lexicon {
    lang: Family,
    ordinal_dot: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Family {
    Ru,
    En,
    Other,
}

impl Lexicon {
    pub(super) fn new(lang: &Lang) -> Lexicon {
        let (family, ordinal_dot) = match lang {
            Lang::Ru => (Family::Ru, false),
            Lang::En => (Family::En, false),
            Lang::Other(code) => (Family::Other, ORDINAL_DOT_LANGS.contains(&code.as_str())),
        };
        Lexicon {
            lang: family,
            ordinal_dot,
        }
    }

    /// Whether the text is Russian (chat conventions such as `))`).
    pub(super) fn is_russian(&self) -> bool {
        self.lang == Family::Ru
    }

    /// Whether a number followed by a full stop is an ordinal in this language.
    pub(super) fn ordinal_dot(&self) -> bool {
        self.ordinal_dot
    }

    /// The behaviour of `word` (the core of a token, without its final
    /// full stop) or `None` for an ordinary word. `after_number`: the
    /// previous token is a number; `prev`: the previous token without its
    /// final full stop, to join `т. д.` and `et al.`.
    pub(super) fn abbrev(
        &self,
        word: &str,
        prev: Option<&str>,
        after_number: bool,
    ) -> Option<Abbrev> {
        let cyrillic = word.chars().any(is_cyrillic);
        if cyrillic {
            return ru_abbrev(word, prev, after_number);
        }
        match self.lang {
            Family::Ru | Family::En => en_abbrev(word, prev),
            Family::Other => neutral_abbrev(word),
        }
    }

    /// Whether `word` typically opens a sentence.
    pub(super) fn is_starter(&self, word: &str) -> bool {
        let latin = match self.lang {
            Family::En | Family::Ru => EN_STARTERS.contains(&word),
            Family::Other => {
                EN_STARTERS.contains(&word)
                    || DE_STARTERS.contains(&word)
                    || FR_STARTERS.contains(&word)
            }
        };
        latin || RU_STARTERS.contains(&word)
    }
}

/// English verbs of saying, for `"Why?" John asked.`
#[rustfmt::skip]
const SPEECH_VERBS: &[&str] = &[
    "says", "said", "asks", "asked", "replies", "replied", "answers", "answered", "cries", "cried",
    "shouts", "shouted", "exclaims", "exclaimed", "hears", "heard", "begins", "began", "continues",
    "continued", "adds", "added", "whispers", "whispered", "mutters", "muttered", "tells", "told",
    "tweets", "tweeted", "writes", "wrote", "explains", "explained", "notes", "noted", "recalls",
    "recalled", "insists", "insisted", "demands", "demanded", "inquires", "inquired", "sighs",
    "sighed", "laughs", "laughed", "yells", "yelled", "screams", "screamed", "responds", "responded",
    "declares", "declared", "remarks", "remarked", "observes", "observed", "thinks", "thought",
    "wonders", "wondered", "shrieks", "shrieked", "groans", "groaned", "growls", "growled",
];

/// Whether `word` is an English verb of saying.
pub(super) fn is_speech_verb(word: &str) -> bool {
    SPEECH_VERBS.contains(&word)
}

/// Whether `word` names a month (for `am 3. Mai`).
pub(super) fn is_month(word: &str) -> bool {
    MONTHS.contains(&word)
}

/// Whether `word` (lower-cased) may stand in a fronted English time phrase.
pub(super) fn is_time_word(word: &str) -> bool {
    EN_TIME_WORDS.contains(&word)
}

/// Whether `word` may follow a time of day in the same sentence: a weekday,
/// a month or a time zone named in words.
pub(super) fn may_follow_time(word: &str) -> bool {
    EN_AFTER_TIME.contains(&word) || is_month(word)
}

/// Whether `word` (lower-cased) may stand in a fronted Russian date phrase.
pub(super) fn is_date_word(word: &str) -> bool {
    RU_DATE_WORDS.contains(&word)
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{400}'..='\u{52F}')
}

/// `word` with its first letter lowered, when only that letter is a
/// capital (`См` → `см`, `Т.е` → `т.е`, but not `СМ`).
fn lowered_first(word: &str) -> Option<String> {
    let mut chars = word.chars();
    let first = chars.next()?;
    if !is_upper(first) || chars.clone().any(is_upper) {
        return None;
    }
    let mut out: String = first.to_lowercase().collect();
    out.push_str(chars.as_str());
    Some(out)
}

/// Looks a lower-case entry up as written or with a capital first letter
/// (single letters only as written: a capital letter is an initial);
/// dotted entries in any case (`z.B.`, `Т.е.`).
fn in_lower(list: &[&str], word: &str) -> bool {
    list.contains(&word)
        || (word.chars().nth(1).is_some()
            && lowered_first(word).is_some_and(|w| list.contains(&w.as_str())))
        || (word.contains('.') && list.contains(&word.to_lowercase().as_str()))
}

fn ru_abbrev(word: &str, prev: Option<&str>, after_number: bool) -> Option<Abbrev> {
    // `т. д.`, `т. е.`, `н. э.` written with a space.
    if word.chars().count() == 1 {
        if let Some(p) = prev.filter(|p| p.chars().count() == 1) {
            let joined = format!("{p}.{word}");
            if let Some(found) = ru_listed(&joined.to_lowercase(), None, false) {
                return Some(found);
            }
        }
        if word.chars().all(is_upper) {
            return None;
        }
    }
    ru_listed(word, prev, after_number)
}

fn ru_listed(word: &str, prev: Option<&str>, after_number: bool) -> Option<Abbrev> {
    if in_lower(RU_UNIT_OR_PREFIX, word) {
        // `кв. м.`, `куб. м.`: a unit after a unit prefix.
        let after_number = after_number || matches!(prev, Some("кв" | "куб"));
        return Some(match (after_number, word) {
            (true, "г" | "гг" | "в" | "вв") => Abbrev::Year,
            (true, _) => Abbrev::EndCapable,
            (false, "гг" | "вв") => Abbrev::EndCapable,
            (false, _) => Abbrev::Prefix,
        });
    }
    if in_lower(&["пр"], word) {
        // `и пр.` is "etc."; alone it is `проспект`.
        return Some(if prev == Some("и") {
            Abbrev::EndCapable
        } else {
            Abbrev::Prefix
        });
    }
    if in_lower(RU_PREFIX, word) {
        return Some(Abbrev::Prefix);
    }
    if in_lower(RU_AMBIGUOUS, word) {
        return Some(Abbrev::StarterOnly);
    }
    if in_lower(RU_END, word) {
        return Some(Abbrev::EndCapable);
    }
    // Any other single lower-case letter: after a number a unit we do not
    // know (end-capable); elsewhere it stands before a name or a number
    // (`х. Весёлый`, `ф. 5446`), except the pronoun `я`, which may close a
    // sentence (`Это был я.`).
    if word.chars().count() == 1 && word.chars().all(is_lower) && word != "я" {
        return Some(if after_number {
            Abbrev::EndCapable
        } else {
            Abbrev::Prefix
        });
    }
    None
}

fn en_abbrev(word: &str, prev: Option<&str>) -> Option<Abbrev> {
    if matches!(word, "a.m" | "p.m" | "A.M" | "P.M") {
        return Some(Abbrev::Time);
    }
    if word == "al" && prev != Some("et") {
        return None;
    }
    if EN_STARTER_ONLY.contains(&word) {
        return Some(Abbrev::StarterOnly);
    }
    if EN_TITLES.contains(&word) || EN_TITLES_TYPED_LOWER.contains(&word) {
        return Some(Abbrev::Prefix);
    }
    if EN_NUM_PREFIX.contains(&word) {
        return Some(Abbrev::NumPrefix);
    }
    if EN_END_TITLE.contains(&word) {
        return Some(Abbrev::EndCapable);
    }
    if in_lower(EN_PREFIX, word) {
        return Some(Abbrev::Prefix);
    }
    if in_lower(EN_END, word) {
        return Some(Abbrev::EndCapable);
    }
    None
}

fn neutral_abbrev(word: &str) -> Option<Abbrev> {
    if NEUTRAL_STARTER_ONLY.contains(&word) {
        return Some(Abbrev::StarterOnly);
    }
    if NEUTRAL_TITLES.contains(&word) {
        return Some(Abbrev::Prefix);
    }
    if NEUTRAL_NUM_PREFIX.contains(&word) {
        return Some(Abbrev::NumPrefix);
    }
    if NEUTRAL_END_TITLE.contains(&word) || in_lower(NEUTRAL_END, word) {
        return Some(Abbrev::EndCapable);
    }
    if in_lower(NEUTRAL_PREFIX, word) {
        return Some(Abbrev::Prefix);
    }
    // German street names before a house number: `Porschestr. 7`.
    if word.len() > 3 && word.ends_with("str") {
        return Some(Abbrev::NumPrefix);
    }
    None
}
