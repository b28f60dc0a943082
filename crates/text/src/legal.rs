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

/// Legal forms long enough that a misspelling of them is still recognisable: one edit (two
/// from twelve letters on) away, with the first letter right, is the same form
/// ("Aktiengeselschaft", "Incorparated").
const LONG_FORMS: &[(&str, LegalForm)] = &[
    ("aktiengesellschaft", LegalForm::Ag),
    ("incorporated", LegalForm::Inc),
    ("corporation", LegalForm::Inc),
    ("limited", LegalForm::Ltd),
    ("company", LegalForm::Co),
    ("compania", LegalForm::Co),
];

/// A legal form written as one word (abbreviations already stripped of their dots).
pub(crate) fn single(word: &str) -> Option<LegalForm> {
    exact(word).or_else(|| misspelled(word))
}

fn misspelled(word: &str) -> Option<LegalForm> {
    if word.len() < 7 {
        return None;
    }
    LONG_FORMS.iter().find_map(|(form_word, form)| {
        let budget = if form_word.len() >= 12 { 2 } else { 1 };
        (word.len().abs_diff(form_word.len()) <= budget
            && word.as_bytes()[0] == form_word.as_bytes()[0]
            && edit_distance(word.as_bytes(), form_word.as_bytes()) <= budget)
            .then_some(*form)
    })
}

/// Plain Levenshtein distance; the words compared here are short and few.
fn edit_distance(a: &[u8], b: &[u8]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

fn exact(word: &str) -> Option<LegalForm> {
    use LegalForm::*;
    Some(match word {
        "llc" | "ooo" | "tov" | "too" | "mchj" | "ltda" => Llc,
        "jsc" | "ao" | "oao" | "zao" | "pao" | "ojsc" | "cjsc" | "pjsc" | "pat" | "prat"
        | "jsco" => Jsc,
        "ltd" | "limited" | "pte" | "pvt" => Ltd,
        "gmbh" => Gmbh,
        "ag" | "aktiengesellschaft" => Ag,
        "sa" | "spa" | "sas" | "sab" => Sa,
        "sarl" | "srl" | "sprl" => Sarl,
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
    // Polish spolka z ograniczona odpowiedzialnoscia, "Sp. z o.o." (dots split "o.o." into
    // one piece or two, depending on spacing).
    (&["sp", "z", "oo"], LegalForm::Llc),
    (&["sp", "z", "o", "o"], LegalForm::Llc),
    (
        &["spolka", "z", "ograniczona", "odpowiedzialnoscia"],
        LegalForm::Llc,
    ),
    // Polish spolka akcyjna, "S.A." already being one word.
    (&["spolka", "akcyjna"], LegalForm::Sa),
    // Romanian and Moldovan SRL and SA spelled out.
    (
        &["societatea", "cu", "raspundere", "limitata"],
        LegalForm::Sarl,
    ),
    (
        &["societate", "cu", "raspundere", "limitata"],
        LegalForm::Sarl,
    ),
    (&["societatea", "pe", "actiuni"], LegalForm::Sa),
    // Italian S.r.l. spelled out, and French SARL.
    (
        &["societa", "a", "responsabilita", "limitata"],
        LegalForm::Sarl,
    ),
    (
        &["societe", "a", "responsabilite", "limitee"],
        LegalForm::Sarl,
    ),
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
