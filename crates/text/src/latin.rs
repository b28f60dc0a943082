//! `to_latin`: one pass over the NFKC form, dispatching runs of each script to its table.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

use crate::{arabic, cyrillic, greek, hangul};

/// Transliterates `s` to lowercase Latin ASCII.
///
/// Steps: NFKC (so presentation forms, ligatures, full-width letters and compatibility
/// characters become their ordinary letters), then each character or run of one script is
/// written in Latin:
/// - ASCII is lowercased; punctuation, digits and spaces are kept for [`crate::tokenize`].
/// - Cyrillic: a BGN/PCGN-like table as the sanctions lists use it (ж zh, х kh, ц ts, ч ch,
///   ш sh, щ shch, ю yu, я ya, й y, ё e), with Ukrainian (г h, и y, і i, ї yi, є ye, ґ g),
///   Belarusian (ў w), Serbian/Macedonian (ђ dj, ћ c, џ dz, љ lj, њ nj; č/š/ž as c/s/z, as
///   ASCII list spellings write them) and Kazakh letters, chosen per string.
/// - Arabic script: consonants as the lists spell them, long vowels (ا و ي) as a/u/i or w/y by
///   position, short-vowel marks when present, the article as `al-`, Persian values (ذ ض ظ as
///   z, و as v) when the string has Persian letters. The result keeps every consonant, which is
///   what [`crate::skeleton`] compares against Latin spellings.
/// - Greek: ELOT-like, with the digraphs ου, αυ, ευ, μπ, ντ, γγ, γκ.
/// - Hangul: DPRK-style romanisation, one word per syllable ("kim jong un").
/// - Han: pinyin, surname apart and given name joined ("xi jinping").
/// - Anything else (Latin with diacritics, Hebrew, kana, Devanagari, Georgian, Armenian, ...):
///   `any_ascii`, lowercased.
///
/// Returns the input borrowed when it is already lowercase ASCII. The output is always
/// lowercase ASCII, and `to_latin(&to_latin(s)) == to_latin(s)`.
///
/// ```
/// use interdict_text::to_latin;
/// assert_eq!(to_latin("Віталій Кличко"), "vitaliy klychko");
/// assert_eq!(to_latin("习近平"), "xi jinping");
/// assert_eq!(to_latin("김정은"), "kim jong un");
/// assert_eq!(to_latin("Κυριάκος Μητσοτάκης"), "kyriakos mitsotakis");
/// assert_eq!(to_latin("صدام حسين التكريتي"), "sdam hsin al-tkriti");
/// assert_eq!(to_latin("José MARÍA Straße"), "jose maria strasse");
/// ```
pub fn to_latin(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        if s.bytes().any(|b| b.is_ascii_uppercase()) {
            return Cow::Owned(s.to_ascii_lowercase());
        }
        return Cow::Borrowed(s);
    }
    let chars: Vec<char> = s.nfkc().collect();
    let mut out = String::with_capacity(s.len() + 8);
    let cyrillic_flavour = cyrillic::Flavour::of(&chars);
    let persian = arabic::is_persian(&chars);
    let mut i = 0;
    while i < chars.len() {
        let ch = chars[i];
        if ch.is_ascii() {
            out.push(ch.to_ascii_lowercase());
            i += 1;
            continue;
        }
        let block = Block::of(ch);
        if block == Block::Other {
            push_fallback(ch, &mut out);
            i += 1;
            continue;
        }
        let end = i + chars[i..]
            .iter()
            .position(|&c| Block::of(c) != block)
            .unwrap_or(chars.len() - i);
        let run = &chars[i..end];
        match block {
            Block::Arabic => arabic::transliterate(run, persian, &mut out),
            Block::Cyrillic => cyrillic::transliterate(run, cyrillic_flavour, &mut out),
            Block::Greek => greek::transliterate(run, &mut out),
            Block::Hangul => hangul::transliterate(run, &mut out),
            Block::Han => push_han(run, &mut out),
            Block::Other => unreachable!("handled above"),
        }
        i = end;
    }
    Cow::Owned(out)
}

/// The scripts that get their own table, by code point range.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Block {
    Arabic,
    Cyrillic,
    Greek,
    Hangul,
    Han,
    Other,
}

impl Block {
    fn of(ch: char) -> Block {
        match ch as u32 {
            // Arabic, Arabic Supplement, Extended-A; ZWNJ/ZWJ belong to the word they are in.
            0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0x200C | 0x200D => Block::Arabic,
            0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => {
                Block::Cyrillic
            }
            0x0370..=0x03FF => Block::Greek,
            0xAC00..=0xD7A3 => Block::Hangul,
            0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F => Block::Han,
            _ => Block::Other,
        }
    }
}

/// `any_ascii`, lowercased. Whitespace of any kind becomes one space.
fn push_fallback(ch: char, out: &mut String) {
    if ch.is_whitespace() {
        out.push(' ');
        return;
    }
    // Hebrew bet without points is most often b at the start of names (Binyamin, Baruch);
    // any_ascii reads it as v.
    if ch == '\u{05D1}' {
        out.push('b');
        return;
    }
    // Hebrew vav inside a word is mostly the vowel o/u (Netanyahu), v only word-initially.
    if ch == '\u{05D5}' {
        let inside = out.bytes().last().is_some_and(|b| b.is_ascii_alphabetic());
        out.push(if inside { 'u' } else { 'v' });
        return;
    }
    for b in any_ascii::any_ascii_char(ch).bytes() {
        out.push(b.to_ascii_lowercase() as char);
    }
}

/// Chinese names are a one-syllable surname and a given name written as one word in pinyin
/// ("Xi Jinping", "Wang Yi"); the run is written that way. Compare [`crate::NameTokens::compact`]
/// for "xi jin ping" spellings.
fn push_han(run: &[char], out: &mut String) {
    for (idx, &ch) in run.iter().enumerate() {
        if idx == 1 {
            out.push(' ');
        }
        for b in any_ascii::any_ascii_char(ch).bytes() {
            out.push(b.to_ascii_lowercase() as char);
        }
    }
}
