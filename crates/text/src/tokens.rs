//! Tokens with roles: what the index stores and the matcher compares.

use crate::legal::{self, LegalForm};
use crate::to_latin;

/// What kind of party a name belongs to; it decides which words can be titles or legal forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NameKind {
    /// A natural person: leading titles are flagged, legal forms are not looked for.
    Person,
    /// A company or other organisation: legal forms are mapped, no titles.
    Organization,
    /// A vessel: a leading M/V, MT, ... is flagged as a title; legal forms are mapped (vessel
    /// names on the lists sometimes carry their owner's).
    Vessel,
    /// Not known (a query without a schema): legal forms are mapped, and leading titles are
    /// flagged only when the name has no legal form ("General Electric Co" keeps "general").
    Unknown,
}

/// What a token is, for weighting and explanations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// An ordinary name word.
    Word,
    /// A particle: al, el, bin, ibn, abu, abd, de, van, ... Kept, since "bin Laden" is not
    /// "Laden", but weighted low by the matcher.
    Particle,
    /// A title or honorific (Gen., Sheikh, Ayatollah, Dr., Hajji, M/V): not part of the name;
    /// kept so an explanation can say it was ignored.
    Title,
    /// A legal form; the token's text is the form's canonical id.
    LegalForm(LegalForm),
    /// A run of digits; numbers must match exactly ("Trust 2004-1" is not "Trust 2004-2").
    Number,
    /// A single letter, usually an initial ("J. Smith").
    Initial,
}

/// One token of a name.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Token {
    /// Lowercase ASCII letters or digits, no punctuation. For a legal form, its canonical id.
    pub text: String,
    /// What the token is.
    pub role: Role,
}

/// A tokenized name: its tokens in written order, with helpers for order- and
/// spacing-insensitive comparison.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct NameTokens {
    tokens: Vec<Token>,
}

impl NameTokens {
    /// All tokens, in written order, titles and legal forms included.
    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// The tokens that make up the name proper: words, particles, initials and numbers
    /// (titles and legal forms left out).
    pub fn body(&self) -> impl Iterator<Item = &Token> + '_ {
        self.tokens
            .iter()
            .filter(|t| !matches!(t.role, Role::Title | Role::LegalForm(_)))
    }

    /// The legal forms in the name.
    pub fn legal_forms(&self) -> impl Iterator<Item = LegalForm> + '_ {
        self.tokens.iter().filter_map(|t| match t.role {
            Role::LegalForm(form) => Some(form),
            _ => None,
        })
    }

    /// The body tokens joined without spaces: the form in which "abd al-rahman",
    /// "abdalrahman" and "abd alrahman", or "xi jinping" and "xi jin ping", are equal.
    /// Compare `skeleton(compact())` to also meet "abdul rahman".
    pub fn compact(&self) -> String {
        let mut out = String::new();
        for token in self.body() {
            out.push_str(&token.text);
        }
        out
    }

    /// The body tokens sorted and joined with single spaces: equal for the same words in any
    /// order ("putin vladimir" and "vladimir putin").
    pub fn sorted_key(&self) -> String {
        let mut words: Vec<&str> = self.body().map(|t| t.text.as_str()).collect();
        words.sort_unstable();
        words.join(" ")
    }
}

/// Splits a name into tokens with roles.
///
/// The name is first passed through [`to_latin`]. Then:
/// - whitespace, hyphens and other punctuation separate tokens; apostrophes (and the
///   transliterated ayn) are dropped inside a word ("al-Qa'ida" → `al` `qaida`);
/// - dotted abbreviations are joined when they spell a legal form ("L.L.C.", "S.A."), or in
///   organisation and vessel names ("U.S.A.", "M/V"); in a person's name they are initials;
/// - letters and digits are split ("A320" → `a` `320`), and digit runs are [`Role::Number`];
/// - legal forms (one word or a phrase like "limited liability company") become one token
///   whose text is the canonical id, so "OOO Romashka" and "Romashka LLC" have equal tokens;
/// - leading titles are flagged [`Role::Title`] (person or unknown names; M/V etc. for
///   vessels); particles are flagged [`Role::Particle`]; single letters are
///   [`Role::Initial`].
///
/// ```
/// use interdict_text::{tokenize, LegalForm, NameKind, Role};
/// let org = tokenize("ООО «Ромашка»", NameKind::Organization);
/// assert_eq!(org.sorted_key(), "romashka");
/// assert_eq!(org.legal_forms().collect::<Vec<_>>(), [LegalForm::Llc]);
/// let llc = tokenize("Romashka, L.L.C.", NameKind::Organization);
/// assert_eq!(llc.sorted_key(), org.sorted_key());
/// assert_eq!(llc.legal_forms().collect::<Vec<_>>(), [LegalForm::Llc]);
/// let trust = tokenize("Trust 2004-1", NameKind::Unknown);
/// assert_eq!(trust.tokens()[2].role, Role::Number);
/// ```
pub fn tokenize(name: &str, kind: NameKind) -> NameTokens {
    let latin = to_latin(name);
    let mut pieces: Vec<Piece> = Vec::with_capacity(8);
    for chunk in latin.split(|c: char| c.is_ascii_whitespace() || c == ',' || c == ';') {
        split_chunk(chunk, kind, &mut pieces);
    }
    classify(pieces, kind)
}

/// A token before classification; `hyphen_after` remembers "al-" for the sun-letter
/// particles ("ash-Shami", "ad-Din"), which are particles only when hyphenated.
struct Piece {
    text: String,
    hyphen_after: bool,
}

fn split_chunk(chunk: &str, kind: NameKind, pieces: &mut Vec<Piece>) {
    let chunk = chunk.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    if chunk.is_empty() {
        return;
    }
    // Dotted abbreviations: "s.a.", "l.l.c", "g.m.b.h.", "m/v", "j.p.".
    if chunk.contains(['.', '/'])
        && chunk
            .bytes()
            .all(|b| b.is_ascii_alphabetic() || b == b'.' || b == b'/')
    {
        let segments = chunk.split(['.', '/']).filter(|s| !s.is_empty());
        if segments.clone().all(|s| s.len() <= 2) {
            let joined: String = segments.clone().collect();
            let join = legal::single(&joined).is_some()
                || is_vessel_prefix(&joined)
                || matches!(kind, NameKind::Organization | NameKind::Vessel);
            if join {
                pieces.push(Piece {
                    text: joined,
                    hyphen_after: false,
                });
                return;
            }
        }
    }
    let chunk = if kind == NameKind::Person {
        unleet(chunk)
    } else {
        std::borrow::Cow::Borrowed(chunk)
    };
    let mut current = String::new();
    let mut current_is_digit = false;
    for c in chunk.chars() {
        if c.is_ascii_alphanumeric() {
            let is_digit = c.is_ascii_digit();
            if !current.is_empty() && is_digit != current_is_digit {
                pieces.push(Piece {
                    text: std::mem::take(&mut current),
                    hyphen_after: false,
                });
            }
            current_is_digit = is_digit;
            current.push(c);
        } else if c == '\'' || c == '`' {
            // Dropped inside a word: Qa'ida, Sa'id, Ma'ruf.
        } else if !current.is_empty() {
            pieces.push(Piece {
                text: std::mem::take(&mut current),
                hyphen_after: c == '-',
            });
        }
    }
    if !current.is_empty() {
        pieces.push(Piece {
            text: current,
            hyphen_after: false,
        });
    }
}

/// A person's name has no digits: a lone digit between two letters is a letter typed as its
/// look-alike ("Ig0r Sech1n", "I9or"), read back as that letter.
fn unleet(chunk: &str) -> std::borrow::Cow<'_, str> {
    let bytes = chunk.as_bytes();
    let look_alike = |i: usize| -> Option<u8> {
        let letter = match bytes[i] {
            b'0' => b'o',
            b'1' => b'i',
            b'3' => b'e',
            b'4' => b'a',
            b'5' => b's',
            b'7' => b't',
            b'8' => b'b',
            b'9' => b'g',
            _ => return None,
        };
        let around = i > 0
            && i + 1 < bytes.len()
            && bytes[i - 1].is_ascii_alphabetic()
            && bytes[i + 1].is_ascii_alphabetic();
        around.then_some(letter)
    };
    if !(0..bytes.len()).any(|i| look_alike(i).is_some()) {
        return std::borrow::Cow::Borrowed(chunk);
    }
    let out: Vec<u8> = (0..bytes.len())
        .map(|i| look_alike(i).unwrap_or(bytes[i]))
        .collect();
    std::borrow::Cow::Owned(String::from_utf8(out).unwrap_or_else(|_| chunk.to_owned()))
}

fn classify(pieces: Vec<Piece>, kind: NameKind) -> NameTokens {
    let words: Vec<&str> = pieces.iter().map(|p| p.text.as_str()).collect();
    let mut roles: Vec<Option<Role>> = vec![None; pieces.len()];
    // Legal forms, longest phrase first.
    let mut has_legal_form = false;
    let mut spans: Vec<(usize, usize)> = Vec::new();
    if kind != NameKind::Person {
        let mut i = 0;
        while i < words.len() {
            match legal::at(&words[i..]) {
                Some((form, len)) => {
                    roles[i] = Some(Role::LegalForm(form));
                    spans.push((i, len));
                    has_legal_form = true;
                    i += len;
                }
                None => i += 1,
            }
        }
    }
    // A legal form that is the whole name is a word ("Limited", "Company").
    if spans.len() == 1 && spans[0] == (0, words.len()) {
        roles[0] = None;
        spans.clear();
        has_legal_form = false;
    }
    // Leading titles.
    let titles_apply = match kind {
        NameKind::Person => true,
        NameKind::Unknown => !has_legal_form,
        NameKind::Organization | NameKind::Vessel => false,
    };
    let mut lead = 0;
    while lead < words.len() {
        let is_title = if kind == NameKind::Vessel {
            is_vessel_prefix(words[lead])
        } else {
            titles_apply && is_title(words[lead])
        };
        if !is_title {
            break;
        }
        lead += 1;
    }
    // Never flag the whole name away.
    if lead < words.len() {
        for role in roles.iter_mut().take(lead) {
            *role = Some(Role::Title);
        }
    }
    let n_words = words.len();
    drop(words);
    let mut tokens = Vec::with_capacity(pieces.len());
    let mut skip_until = 0;
    for (i, piece) in pieces.into_iter().enumerate() {
        if i < skip_until {
            continue;
        }
        let role = match roles[i] {
            Some(Role::LegalForm(form)) => {
                let len = spans.iter().find(|s| s.0 == i).map_or(1, |s| s.1);
                skip_until = i + len;
                tokens.push(Token {
                    text: form.id().to_owned(),
                    role: Role::LegalForm(form),
                });
                continue;
            }
            Some(role) => role,
            None if piece.text.bytes().all(|b| b.is_ascii_digit()) => Role::Number,
            // A particle introduces the name part after it; last in the name, it is a name
            // itself ("Li Bin", "Ko Tae Bin").
            // First in a person's name, "ben" is the given name (Ben, Benjamin), not "son of".
            None if is_particle(&piece.text, piece.hyphen_after)
                && i + 1 < n_words
                && !(i == 0 && kind == NameKind::Person && piece.text == "ben") =>
            {
                Role::Particle
            }
            None if piece.text.len() == 1 => Role::Initial,
            None => Role::Word,
        };
        tokens.push(Token {
            text: piece.text,
            role,
        });
    }
    NameTokens { tokens }
}

/// Particles of Arabic, Persian and European names. The Arabic article before a sun letter
/// is assimilated in some spellings (ash-Shami, ad-Din, az-Zawahiri); those forms are also
/// ordinary words or English words, so they count only when hyphenated.
fn is_particle(word: &str, hyphen_after: bool) -> bool {
    let always = matches!(
        word,
        "al" | "el"
            | "ul"
            | "bin"
            | "ibn"
            | "ben"
            | "bint"
            | "binti"
            | "bte"
            | "abu"
            | "abou"
            | "abi"
            | "bou"
            | "ould"
            | "ag"
            | "abd"
            | "abdul"
            | "abdel"
            | "abdal"
            | "abdoul"
            | "abdu"
            | "abdur"
            | "de"
            | "da"
            | "di"
            | "del"
            | "della"
            | "der"
            | "den"
            | "van"
            | "von"
            | "la"
            | "le"
            | "du"
            | "dos"
            | "das"
            | "do"
            | "y"
            | "zu"
            | "ter"
            | "ten"
    );
    always
        || (hyphen_after
            && matches!(
                word,
                "ad" | "adh"
                    | "an"
                    | "ar"
                    | "as"
                    | "ash"
                    | "at"
                    | "ath"
                    | "az"
                    | "ud"
                    | "un"
                    | "ur"
                    | "us"
                    | "ut"
                    | "uz"
            ))
}

/// Titles and honorifics seen before names on the UN, OFAC and UK lists, and the common
/// civil and military ones. Words that are also given names (Amir, Sultan, Sayyid, Hafiz,
/// Malik) are deliberately absent.
fn is_title(word: &str) -> bool {
    matches!(
        word,
        "mr" | "mrs"
            | "ms"
            | "miss"
            | "mister"
            | "madam"
            | "mme"
            | "mlle"
            | "sir"
            | "dame"
            | "lord"
            | "lady"
            | "dr"
            | "doctor"
            | "prof"
            | "professor"
            | "gen"
            | "general"
            | "lt"
            | "ltgen"
            | "maj"
            | "major"
            | "majgen"
            | "col"
            | "colonel"
            | "capt"
            | "captain"
            | "cpt"
            | "cmdr"
            | "cdr"
            | "commander"
            | "brig"
            | "brigadier"
            | "adm"
            | "admiral"
            | "marshal"
            | "sgt"
            | "sergeant"
            | "lieut"
            | "lieutenant"
            | "sheikh"
            | "shaikh"
            | "shaykh"
            | "sheik"
            | "cheikh"
            | "sheikha"
            | "shaikha"
            | "ayatollah"
            | "ayatullah"
            | "grand"
            | "hojatoleslam"
            | "hojjatoleslam"
            | "hojatolislam"
            | "mullah"
            | "mulla"
            | "molla"
            | "mawlawi"
            | "maulvi"
            | "mawlavi"
            | "molvi"
            | "maulana"
            | "mawlana"
            | "mufti"
            | "imam"
            | "qari"
            | "haji"
            | "hajji"
            | "hajj"
            | "hadji"
            | "hadj"
            | "alhaji"
            | "alhaj"
            | "rev"
            | "reverend"
            | "father"
            | "fr"
            | "bishop"
            | "archbishop"
            | "patriarch"
            | "pastor"
            | "rabbi"
            | "ustadh"
            | "ustaz"
            | "ustad"
            | "eng"
            | "engr"
            | "engineer"
            | "mohandes"
            | "muhandis"
            | "prince"
            | "princess"
            | "king"
            | "queen"
            | "he"
            | "his"
            | "her"
            | "excellency"
            | "hon"
            | "honourable"
            | "honorable"
            | "president"
            | "minister"
            | "senator"
            | "governor"
            | "judge"
            | "justice"
            | "ambassador"
            | "monsieur"
            | "messrs"
            | "madame"
            | "mademoiselle"
            | "herr"
            | "frau"
            | "praesident"
            | "prasident"
            | "presidente"
            | "senor"
            | "senora"
            | "signor"
            | "signora"
            | "gospodin"
            | "gospozha"
            | "chairman"
            | "chairwoman"
            | "premier"
    )
}

/// Ship prefixes: motor vessel, motor tanker, steamship, fishing vessel.
fn is_vessel_prefix(word: &str) -> bool {
    matches!(
        word,
        "mv" | "mt" | "ms" | "ss" | "fv" | "mtv" | "mvs" | "tanker"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(name: &NameTokens) -> Vec<(&str, Role)> {
        name.tokens()
            .iter()
            .map(|t| (t.text.as_str(), t.role))
            .collect()
    }

    #[test]
    fn titles_are_flagged() {
        let name = tokenize("Gen. Qasem Soleimani", NameKind::Person);
        assert_eq!(
            texts(&name),
            [
                ("gen", Role::Title),
                ("qasem", Role::Word),
                ("soleimani", Role::Word)
            ]
        );
        assert_eq!(name.compact(), "qasemsoleimani");
        let sheikh = tokenize("Sheikh Dr. Ayman al-Zawahiri", NameKind::Person);
        assert_eq!(sheikh.compact(), "aymanalzawahiri");
        // A title alone is kept as a word rather than leaving an empty name.
        assert_eq!(
            texts(&tokenize("General", NameKind::Person)),
            [("general", Role::Word)]
        );
        // Unknown kind with a legal form: "General" is part of the company's name.
        let company = tokenize("General Trading Co.", NameKind::Unknown);
        assert_eq!(company.tokens()[0].role, Role::Word);
    }

    #[test]
    fn legal_forms_are_canonical() {
        let forms = [
            ("ООО «Ромашка»", "Romashka LLC"),
            ("OOO Romashka", "Romashka Limited Liability Company"),
            ("АО Ромашка", "Romashka JSC"),
            ("Romashka Joint Stock Company", "ZAO Romashka"),
            ("Romashka Ltd.", "ROMASHKA LIMITED"),
            ("Romashka S.A.", "Romashka SA"),
            ("Romashka G.m.b.H.", "Romashka GmbH"),
        ];
        for (a, b) in forms {
            let a_tokens = tokenize(a, NameKind::Organization);
            let b_tokens = tokenize(b, NameKind::Organization);
            assert_eq!(a_tokens.sorted_key(), b_tokens.sorted_key(), "{a} vs {b}");
            assert_eq!(
                a_tokens.legal_forms().collect::<Vec<_>>(),
                b_tokens.legal_forms().collect::<Vec<_>>(),
                "{a} vs {b}"
            );
        }
        assert_eq!(
            tokenize("ООО «Ромашка»", NameKind::Organization)
                .legal_forms()
                .collect::<Vec<_>>(),
            [LegalForm::Llc]
        );
    }

    #[test]
    fn numbers_stay_significant() {
        let a = tokenize("Trust 2004-1", NameKind::Unknown);
        let b = tokenize("Trust 2004-2", NameKind::Unknown);
        assert_ne!(a.compact(), b.compact());
        assert_eq!(
            texts(&a),
            [
                ("trust", Role::Word),
                ("2004", Role::Number),
                ("1", Role::Number)
            ]
        );
    }

    #[test]
    fn arabic_particles() {
        let name = tokenize("Abu Bakr al-Baghdadi", NameKind::Person);
        assert_eq!(
            texts(&name),
            [
                ("abu", Role::Particle),
                ("bakr", Role::Word),
                ("al", Role::Particle),
                ("baghdadi", Role::Word)
            ]
        );
        let qaida = tokenize("al-Qa'ida", NameKind::Organization);
        assert_eq!(
            texts(&qaida),
            [("al", Role::Particle), ("qaida", Role::Word)]
        );
        assert_eq!(qaida.compact(), "alqaida");
        let sun = tokenize("Abd ar-Rahman ash-Shami", NameKind::Person);
        assert_eq!(
            texts(&sun),
            [
                ("abd", Role::Particle),
                ("ar", Role::Particle),
                ("rahman", Role::Word),
                ("ash", Role::Particle),
                ("shami", Role::Word)
            ]
        );
        // Hyphenated, spaced and joined spellings meet in the compact form.
        assert_eq!(
            tokenize("Abd-al-Rahman", NameKind::Person).compact(),
            tokenize("ABDALRAHMAN", NameKind::Person).compact()
        );
        assert_eq!(
            crate::skeleton(&tokenize("Abd al-Rahman", NameKind::Person).compact()),
            crate::skeleton(&tokenize("Abdul Rahman", NameKind::Person).compact())
        );
        // Bin is a particle, kept: "bin Laden" is not "Laden".
        let osama = tokenize("Usama bin Muhammad bin Awad BIN LADIN", NameKind::Person);
        assert_eq!(osama.body().count(), 7);
        assert_eq!(osama.tokens()[1].role, Role::Particle);
    }

    #[test]
    fn initials_and_order() {
        let name = tokenize("PUTIN, Vladimir V.", NameKind::Person);
        assert_eq!(
            texts(&name),
            [
                ("putin", Role::Word),
                ("vladimir", Role::Word),
                ("v", Role::Initial)
            ]
        );
        assert_eq!(
            tokenize("Vladimir Putin", NameKind::Person).sorted_key(),
            tokenize("PUTIN Vladimir", NameKind::Person).sorted_key()
        );
        // Dotted initials in a person's name stay initials.
        let initials = tokenize("J.P. Morgan", NameKind::Person);
        assert_eq!(initials.tokens().len(), 3);
        assert_eq!(
            tokenize("J.P. Morgan", NameKind::Organization).compact(),
            "jpmorgan"
        );
    }

    #[test]
    fn vessels() {
        let ship = tokenize("M/V Adrian Darya 1", NameKind::Vessel);
        assert_eq!(
            texts(&ship),
            [
                ("mv", Role::Title),
                ("adrian", Role::Word),
                ("darya", Role::Word),
                ("1", Role::Number)
            ]
        );
    }
}
