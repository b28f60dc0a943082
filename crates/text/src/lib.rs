//! Name normalisation for sanctions screening.
//!
//! Every query name and every list name passes through this crate before the index and the
//! matcher see it, so it does one job: turn a name as written (any script, any casing, with
//! titles, punctuation, legal forms and particles) into comparable pieces of lowercase ASCII.
//!
//! - [`to_latin`]: NFKC, case folding, diacritics, and script-aware transliteration to Latin.
//!   Cyrillic, Arabic/Persian/Pashto/Urdu, Greek and Hangul use our own tables, tuned to the
//!   spellings the sanctions lists use (BGN/PCGN-like Cyrillic, consonant-oriented Arabic,
//!   DPRK-style Korean); Han is read as pinyin (surname apart, given name joined, as in
//!   "xi jinping"); everything else goes through `any_ascii`. Compared on the same names,
//!   `any_ascii` gave better Latin than `deunicode` for Greek (Kyriakos Mitsotakis, not
//!   Kuriakos Metsotakes), Georgian and Devanagari, and marks Han/Hangul syllable boundaries;
//!   both write Arabic as bare consonants, which is why Arabic has its own table.
//! - [`tokenize`]: tokens with a [`Role`] each: titles flagged, particles flagged, legal forms
//!   mapped to a canonical [`LegalForm`], numbers and initials recognised.
//! - [`skeleton`]: a vowel-insensitive consonant key with the usual transliteration
//!   alternations folded (q/gh/k, kh/h, sh/ch, dj/j/zh, th/t, ph/f, y/i, doubled letters). It is
//!   the bridge between an Arabic-script name (written without short vowels) and its many Latin
//!   spellings.
//! - [`variant_group`]: given-name variant groups (Muhammad/Mohammed/Mehmet,
//!   Yusuf/Joseph/Iosif, ...) from a data table shipped with the crate.
//! - [`nickname_groups`]: familiar forms of given names (Bill/William, Bibi/Benjamin), from a
//!   data table shipped with the crate.
//! - [`detect_script`]: the dominant script of a string.
//!
//! Everything is pure: no I/O, no clock, no randomness, and the same input always gives the
//! same output. Tables are compiled in (`match` arms, or a `.tsv` parsed once on first use).
//!
//! ```
//! use interdict_text::{skeleton, to_latin, tokenize, variant_group, NameKind, Role};
//!
//! assert_eq!(to_latin("Владимир Путин"), "vladimir putin");
//! assert_eq!(skeleton("soleimani"), skeleton("sulaimani"));
//! assert_eq!(skeleton("qasem"), skeleton("ghasem"));
//! assert_eq!(variant_group("mohammed"), variant_group("muhammad"));
//!
//! let name = tokenize("Gen. Qasem SOLEIMANI", NameKind::Person);
//! assert_eq!(name.tokens()[0].role, Role::Title);
//! assert_eq!(name.compact(), "qasemsoleimani");
//! ```

#![deny(missing_docs)]

mod arabic;
mod cyrillic;
mod greek;
mod hangul;
mod latin;
mod legal;
mod nicknames;
mod script;
mod skeleton;
mod tokens;
mod variants;
mod wade_giles;

pub use latin::to_latin;
pub use legal::LegalForm;
pub use nicknames::nickname_groups;
pub use script::{detect_script, Script};
pub use skeleton::skeleton;
pub use tokens::{tokenize, NameKind, NameTokens, Role, Token};
pub use variants::{variant_group, variant_spellings};
pub use wade_giles::wade_giles;
