//! Explanations: why a hit scored what it scored, feature by feature.
//!
//! A screening decision is reviewed by a person and audited later, so every hit carries what
//! matched and how: token pairs with the kind of match, tokens left over, the rules that capped
//! the name score, and the agreement of birth date, country, identifiers, gender and schema.

/// How a query token (or run of tokens) matched a list token (or run).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MatchKind {
    /// The same text.
    Exact,
    /// The same or a close text after transliterating the query from another script.
    Transliterated,
    /// The same consonant skeleton: a spelling variant (Soleimani / Sulaimani).
    Phonetic,
    /// Within a small edit distance: a typo.
    Typo,
    /// An initial standing for a full name (J. / John).
    Initial,
    /// Spellings of one given name from the variant table (Mohammed / Muhammad, Yusuf / Joseph).
    Variant,
    /// Tokens written together on one side and apart on the other (AlisherUsmanov).
    Joined,
    /// An acronym of a run of words (PLA / People's Liberation Army), or a contraction of one
    /// word (Intl / International).
    Acronym,
    /// Equivalent legal forms (OOO / LLC).
    LegalForm,
    /// A particle (al, bin, de, van).
    Particle,
}

/// One aligned token pair.
#[derive(Clone, Debug, PartialEq)]
pub struct TokenMatch {
    /// The query token(s), space-separated.
    pub query: String,
    /// The list token(s), space-separated.
    pub list: String,
    /// How they matched.
    pub kind: MatchKind,
    /// Their similarity in `[0, 1]`.
    pub similarity: f64,
}

/// A rule that capped the name score.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NameRule {
    /// Numbers on both sides differ ("Trust 2004-1" vs "Trust 2004-2"), or an organisation's
    /// Roman numeral is on one side only ("Solutions II" vs "Solutions").
    NumberMismatch,
    /// Only initials, particles, generic words or legal forms matched.
    NothingDistinctive,
    /// Of person names with several words, only one word matched.
    OneWordOnly,
    /// The query is a lone given name ("Mohammed").
    LoneGivenName,
    /// The name is a weak alias, which may not alert on its own.
    WeakAlias,
    /// A given name on one side was matched to a father's name (after bin, ibn, ben) on the
    /// other: such pairs count half.
    PatronymicOrder,
    /// Both names are written in the same syllabic or logographic script (Han, Hangul, kana)
    /// with as many characters, and some characters differ: their Latin readings may be equal
    /// (김종은 / 김정은 are both "kim jong un"), the names are not.
    DifferentCharacters,
}

/// The name comparison behind a score.
#[derive(Clone, Debug, PartialEq)]
pub struct NameExplanation {
    /// The name score in `[0, 1]`, after the rules.
    pub score: f64,
    /// The aligned token pairs, sorted by query token.
    pub pairs: Vec<TokenMatch>,
    /// Query tokens that matched nothing.
    pub missing: Vec<String>,
    /// List tokens that matched nothing.
    pub extra: Vec<String>,
    /// Titles dropped from either name (not part of a name).
    pub dropped_titles: Vec<String>,
    /// Rules that capped the score.
    pub rules: Vec<NameRule>,
}

/// Whether a fact given with the query agrees with the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Agreement {
    /// Compatible: the same value (partial dates: every part both know agrees).
    Agree,
    /// Conflicting: both sides know it and no value agrees.
    Conflict,
    /// One side does not know it.
    Unknown,
}

/// The full explanation of a hit (or of a [`crate::score_pair`] comparison).
#[derive(Clone, Debug, PartialEq)]
pub struct Explanation {
    /// The name comparison of the best-matching name.
    pub name: NameExplanation,
    /// Birth date.
    pub birth_date: Agreement,
    /// On a birth date conflict: whether some listed birth year is within one year of the
    /// query's (a weaker conflict: calendar conversions and typos).
    pub birth_year_near: bool,
    /// Country (nationality, citizenship, country, birth country).
    pub country: Agreement,
    /// Gender.
    pub gender: Agreement,
    /// The identifiers given with the query that the entity also has (normalized).
    pub identifiers: Vec<String>,
    /// The query's schema cannot be the entity's (a person query against a company).
    pub schema_mismatch: bool,
    /// The best-matching name is a weak alias.
    pub weak_alias: bool,
}
