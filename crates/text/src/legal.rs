//! Legal forms, mapped to one canonical id across languages and scripts.
//!
//! "ООО Ромашка", "OOO Romashka", "Romashka LLC" and "Romashka Limited Liability Company" are
//! one name; the legal form is a weak signal (the matcher weights it low) but must not make
//! two spellings of one company differ. Cyrillic forms arrive here already transliterated by
//! [`crate::to_latin`] (ООО → ooo, АО → ao, ТОВ → tov).

/// A legal form, with one canonical id per concept.
///
/// Forms that are the same concept in another language or jurisdiction share a variant:
/// Russian ООО, Ukrainian ТОВ, Kazakh ТОО, Uzbek MChJ and Latin-American Ltda are all
/// [`LegalForm::Llc`]; Russian АО/ОАО/ЗАО/ПАО and Ukrainian ПАТ/ПрАТ are [`LegalForm::Jsc`].
/// Forms that are a different concept keep their own id (GmbH, AG, SA, SARL, PLC, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LegalForm {
    /// Limited liability company: LLC, OOO, TOV, TOO, MChJ, Ltda.
    Llc,
    /// Joint-stock company: JSC, AO, OAO, ZAO, PAO, OJSC, CJSC, PJSC, PAT, PrAT.
    Jsc,
    /// Private limited company: Ltd, Limited, Pte, Pvt.
    Ltd,
    /// Gesellschaft mit beschränkter Haftung.
    Gmbh,
    /// Aktiengesellschaft.
    Ag,
    /// Société anonyme, sociedad anónima, S.p.A., S.A.S.
    Sa,
    /// SARL, S.R.L., S. de R.L.
    Sarl,
    /// Inc., Incorporated, Corp., Corporation.
    Inc,
    /// Co., Company, Compañía, Cia.
    Co,
    /// Public limited company.
    Plc,
    /// Limited liability partnership.
    Llp,
    /// Limited partnership.
    Lp,
    /// Dutch/Belgian B.V.
    Bv,
    /// Dutch/Belgian N.V.
    Nv,
    /// UAE free-zone forms: FZE, FZCO, FZC, FZ-LLC.
    FreeZone,
    /// Malaysian Sdn. Bhd. / Bhd.
    Bhd,
}

impl LegalForm {
    /// The canonical id, lowercase ASCII: the text of a legal-form token.
    pub fn id(self) -> &'static str {
        match self {
            LegalForm::Llc => "llc",
            LegalForm::Jsc => "jsc",
            LegalForm::Ltd => "ltd",
            LegalForm::Gmbh => "gmbh",
            LegalForm::Ag => "ag",
            LegalForm::Sa => "sa",
            LegalForm::Sarl => "sarl",
            LegalForm::Inc => "inc",
            LegalForm::Co => "co",
            LegalForm::Plc => "plc",
            LegalForm::Llp => "llp",
            LegalForm::Lp => "lp",
            LegalForm::Bv => "bv",
            LegalForm::Nv => "nv",
            LegalForm::FreeZone => "fze",
            LegalForm::Bhd => "bhd",
        }
    }
}

/// A legal form written as one word (abbreviations already stripped of their dots).
pub(crate) fn single(word: &str) -> Option<LegalForm> {
    use LegalForm::*;
    Some(match word {
        "llc" | "ooo" | "tov" | "too" | "mchj" | "ltda" => Llc,
        "jsc" | "ao" | "oao" | "zao" | "pao" | "ojsc" | "cjsc" | "pjsc" | "pat" | "prat"
        | "jsco" => Jsc,
        "ltd" | "limited" | "pte" | "pvt" => Ltd,
        "gmbh" => Gmbh,
        "ag" | "aktiengesellschaft" => Ag,
        "sa" | "spa" | "sas" | "sab" => Sa,
        "sarl" | "srl" => Sarl,
        "inc" | "incorporated" | "corp" | "corporation" => Inc,
        "co" | "company" | "compania" | "cia" => Co,
        "plc" => Plc,
        "llp" => Llp,
        "lp" => Lp,
        "bv" => Bv,
        "nv" => Nv,
        "fze" | "fzco" | "fzc" | "fzllc" => FreeZone,
        "bhd" | "berhad" => Bhd,
        _ => return None,
    })
}

/// Legal forms written as several words, longest first within each form.
const PHRASES: &[(&[&str], LegalForm)] = &[
    (&["limited", "liability", "company"], LegalForm::Llc),
    (&["limited", "liability", "partnership"], LegalForm::Llp),
    (
        &["obshchestvo", "s", "ogranichennoy", "otvetstvennostyu"],
        LegalForm::Llc,
    ),
    (
        &["obshchestvo", "s", "ogranichennoi", "otvetstvennostiu"],
        LegalForm::Llc,
    ),
    (
        &["tovarystvo", "z", "obmezhenoyu", "vidpovidalnistyu"],
        LegalForm::Llc,
    ),
    (&["open", "joint", "stock", "company"], LegalForm::Jsc),
    (&["closed", "joint", "stock", "company"], LegalForm::Jsc),
    (&["public", "joint", "stock", "company"], LegalForm::Jsc),
    (&["joint", "stock", "company"], LegalForm::Jsc),
    (&["otkrytoe", "aktsionernoe", "obshchestvo"], LegalForm::Jsc),
    (&["zakrytoe", "aktsionernoe", "obshchestvo"], LegalForm::Jsc),
    (
        &["publichnoe", "aktsionernoe", "obshchestvo"],
        LegalForm::Jsc,
    ),
    (&["aktsionernoe", "obshchestvo"], LegalForm::Jsc),
    (&["public", "limited", "company"], LegalForm::Plc),
    (&["private", "limited", "company"], LegalForm::Ltd),
    (&["private", "limited"], LegalForm::Ltd),
    (&["company", "limited"], LegalForm::Ltd),
    (&["limited", "partnership"], LegalForm::Lp),
    (
        &["gesellschaft", "mit", "beschrankter", "haftung"],
        LegalForm::Gmbh,
    ),
    (&["societe", "anonyme"], LegalForm::Sa),
    (&["sociedad", "anonima"], LegalForm::Sa),
    (&["societa", "per", "azioni"], LegalForm::Sa),
    (&["s", "de", "rl"], LegalForm::Sarl),
    (&["sdn", "bhd"], LegalForm::Bhd),
    (&["sendirian", "berhad"], LegalForm::Bhd),
    (&["fz", "llc"], LegalForm::FreeZone),
];

/// The legal form starting at `words[0]`, and how many words it spans.
pub(crate) fn at(words: &[&str]) -> Option<(LegalForm, usize)> {
    let first = *words.first()?;
    for (phrase, form) in PHRASES {
        if phrase[0] == first && words.len() >= phrase.len() && words[..phrase.len()] == **phrase {
            return Some((*form, phrase.len()));
        }
    }
    single(first).map(|form| (form, 1))
}
