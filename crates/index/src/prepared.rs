//! Prepared names: tokens with everything the matcher compares precomputed once.
//!
//! The same preparation runs on list names (at build) and on query names (per query), so the
//! two sides are always comparable: a skeleton computed by one rule on one side and another rule
//! on the other would silently never meet.

use interdict_text::{
    detect_script, nickname_groups, skeleton, tokenize, variant_group, NameKind, Role, Script,
};

/// One token of a prepared name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameToken {
    /// Lowercase ASCII text (for a legal form, its canonical id).
    pub text: String,
    /// The token's role (word, particle, title, legal form, number, initial).
    pub role: Role,
    /// The consonant skeleton of `text` (empty for numbers, legal forms and titles).
    pub skeleton: String,
    /// The given-name variant group of `text`, if any.
    pub variant: Option<u32>,
    /// The nickname groups of `text` (Bill and William share one); empty if none.
    pub nicknames: &'static [u32],
}

impl NameToken {
    /// Whether the token is part of the name proper (not a title or legal form).
    pub fn is_body(&self) -> bool {
        !matches!(self.role, Role::Title | Role::LegalForm(_))
    }
}

/// A name ready for comparison: its tokens in written order, with skeletons and variant groups.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreparedName {
    /// The name as written.
    pub original: String,
    /// The tokens, titles and legal forms included, in written order.
    pub tokens: Vec<NameToken>,
    /// Whether the name was written in a non-Latin script (its tokens are a transliteration).
    pub transliterated: bool,
    /// The dominant script the name was written in.
    pub script: Script,
}

impl PreparedName {
    /// Prepares `name` as a name of the given kind.
    ///
    /// ```
    /// use interdict_index::PreparedName;
    /// use interdict_text::NameKind;
    /// let name = PreparedName::new("Gen. Qasem SOLEIMANI", NameKind::Person);
    /// assert_eq!(name.body().count(), 2);
    /// assert!(!name.transliterated);
    /// ```
    pub fn new(name: &str, kind: NameKind) -> PreparedName {
        let tokens = tokenize(name, kind)
            .tokens()
            .iter()
            .map(|token| {
                let computed = matches!(token.role, Role::Word | Role::Particle | Role::Initial);
                NameToken {
                    skeleton: if computed {
                        skeleton(&token.text)
                    } else {
                        String::new()
                    },
                    variant: if token.role == Role::Word {
                        variant_group(&token.text)
                    } else {
                        None
                    },
                    nicknames: if token.role == Role::Word {
                        nickname_groups(&token.text)
                    } else {
                        &[]
                    },
                    text: token.text.clone(),
                    role: token.role,
                }
            })
            .collect();
        let script = detect_script(name);
        let transliterated = !matches!(script, Script::Latin | Script::None);
        PreparedName {
            original: name.to_owned(),
            tokens,
            transliterated,
            script,
        }
    }

    /// Whether the script is logographic (Han, kana): its transliteration loses which character
    /// was written (李, 理 and 里 are all "li"), so equal Latin is weaker evidence.
    pub fn is_logographic(&self) -> bool {
        matches!(self.script, Script::Han | Script::Kana)
    }

    /// Whether the script leaves short vowels unwritten (Arabic, Hebrew): its transliteration
    /// has the consonants right and the vowels missing ("qasm" for Qasem), so the consonant
    /// skeleton is the bridge to the Latin spellings, whatever the token's length.
    pub fn is_abjad(&self) -> bool {
        matches!(self.script, Script::Arabic | Script::Hebrew)
    }

    /// The body tokens: words, particles, initials and numbers.
    pub fn body(&self) -> impl Iterator<Item = &NameToken> + '_ {
        self.tokens.iter().filter(|token| token.is_body())
    }
}

/// The [`NameKind`] a schema's names are tokenized as.
pub fn name_kind(schema: &interdict_model::Schema) -> NameKind {
    use interdict_model::Schema;
    match schema {
        Schema::Person => NameKind::Person,
        Schema::Organization | Schema::Company => NameKind::Organization,
        Schema::Vessel | Schema::Airplane => NameKind::Vessel,
        Schema::LegalEntity | Schema::Other(_) => NameKind::Unknown,
    }
}
