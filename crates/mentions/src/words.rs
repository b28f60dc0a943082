//! Words of running text with their offsets, by script.
//!
//! Names in prose sit among ordinary words, punctuation and possessives, so the text is cut
//! into words first and a name is then looked for as a run of words. Letters and digits make
//! words; combining marks (Arabic harakat, Latin accents written apart) stay in their word; an
//! apostrophe followed by a letter stays inside a word ("O'Brien", "Qa'ida"), but a possessive
//! "'s" is cut off ("Suleimani's" is the word "Suleimani"). Han and kana are written without
//! spaces, so each of their characters is a word of its own; the caller groups them.

/// How a word is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WordKind {
    /// An alphabetic (or abjad, syllabic, ...) word separated by spaces or punctuation.
    Spaced,
    /// One Han or kana character.
    Ideograph,
}

/// One word of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Word {
    /// UTF-8 byte offset of the first byte.
    pub byte_start: usize,
    /// UTF-8 byte offset just past the word.
    pub byte_end: usize,
    /// Character (Unicode scalar value) offset of the first character.
    pub char_start: usize,
    /// Character offset just past the word.
    pub char_end: usize,
    /// How the word is written.
    pub kind: WordKind,
    /// Whether a name may start or end at this word as far as case goes: it begins with an
    /// uppercase letter, a digit, or a letter of a script without case.
    pub capitalised: bool,
    /// Whether the gap before this word (since the previous word) holds punctuation that ends
    /// a name: `. , ; : ! ? ( ) [ ] "` quotes, or a blank line.
    pub break_before: bool,
}

/// Han (CJK ideographs) and kana: scripts written without spaces between words.
pub fn is_ideograph(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

/// Combining marks that belong to the word they follow.
fn is_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670
            | 0x06D6..=0x06ED | 0x0900..=0x0903 | 0x093A..=0x094F | 0x200C | 0x200D)
}

fn is_word_char(c: char) -> bool {
    (c.is_alphanumeric() && !is_ideograph(c)) || is_mark(c)
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

fn breaks_name(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '('
            | ')'
            | '['
            | ']'
            | '"'
            | '\u{201C}'
            | '\u{201D}'
            | '\u{060C}'
            | '\u{061B}'
            | '\u{06D4}'
            | '\u{3001}'
            | '\u{3002}'
            | '\u{FF0C}'
    )
}

/// The char at byte offset `at` of `text` (which must be a char boundary), if any.
#[inline]
fn char_at(text: &str, at: usize) -> Option<char> {
    match text.as_bytes().get(at) {
        None => None,
        Some(&b) if b < 0x80 => Some(char::from(b)),
        Some(_) => text[at..].chars().next(),
    }
}

/// The words of `text`, in order.
///
/// One pass over the text, no allocation but the result: ASCII bytes (the bulk of news in
/// Latin script) are classified without decoding, other characters are decoded in place.
pub fn words(text: &str) -> Vec<Word> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 6);
    let mut pos = 0; // byte offset
    let mut chars = 0; // character offset of `pos`
    let mut gap_breaks = false;
    let mut newlines = 0;
    while pos < bytes.len() {
        let b = bytes[pos];
        let c = if b < 0x80 {
            if !b.is_ascii_alphanumeric() {
                if breaks_name(char::from(b)) {
                    gap_breaks = true;
                } else if b == b'\n' {
                    newlines += 1;
                }
                pos += 1;
                chars += 1;
                continue;
            }
            char::from(b)
        } else {
            let c = char_at(text, pos).expect("a char at a boundary");
            if is_ideograph(c) {
                out.push(Word {
                    byte_start: pos,
                    byte_end: pos + c.len_utf8(),
                    char_start: chars,
                    char_end: chars + 1,
                    kind: WordKind::Ideograph,
                    capitalised: true,
                    break_before: gap_breaks || newlines >= 2,
                });
                gap_breaks = false;
                newlines = 0;
                pos += c.len_utf8();
                chars += 1;
                continue;
            }
            if !is_word_char(c) || is_mark(c) {
                if breaks_name(c) {
                    gap_breaks = true;
                }
                pos += c.len_utf8();
                chars += 1;
                continue;
            }
            c
        };
        let (start_byte, start_char) = (pos, chars);
        pos += c.len_utf8();
        chars += 1;
        // Possessive "'s" after the word: the apostrophe's length when it is one.
        let mut possessive = None;
        while pos < bytes.len() {
            let b = bytes[pos];
            if b.is_ascii_alphanumeric() {
                pos += 1;
                chars += 1;
                continue;
            }
            if b < 0x80 && b != b'\'' {
                break;
            }
            let c = char_at(text, pos).expect("a char at a boundary");
            if is_word_char(c) {
                pos += c.len_utf8();
                chars += 1;
                continue;
            }
            if is_apostrophe(c) {
                let after = pos + c.len_utf8();
                if let Some(s) = char_at(text, after).filter(|s| is_word_char(*s)) {
                    // "'s" at the end of a word is a possessive: the word stops before it.
                    let after_s = char_at(text, after + s.len_utf8());
                    if (s == 's' || s == 'S') && !after_s.is_some_and(is_word_char) {
                        possessive = Some(c.len_utf8());
                        break;
                    }
                    pos = after + s.len_utf8();
                    chars += 2;
                    continue;
                }
            }
            break;
        }
        out.push(Word {
            byte_start: start_byte,
            byte_end: pos,
            char_start: start_char,
            char_end: chars,
            kind: WordKind::Spaced,
            capitalised: c.is_uppercase() || c.is_numeric() || !c.is_lowercase(),
            break_before: gap_breaks || newlines >= 2,
        });
        gap_breaks = false;
        newlines = 0;
        // Skip a possessive "'s" so that its "s" is not a word.
        if let Some(apostrophe) = possessive {
            pos += apostrophe + 1;
            chars += 2;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        words(text)
            .iter()
            .map(|w| &text[w.byte_start..w.byte_end])
            .collect()
    }

    #[test]
    fn possessives_apostrophes_and_breaks() {
        let text = "Gen. Qassem Suleimani's visit to O'Brien’s office, al-Qa'ida.";
        assert_eq!(
            texts(text),
            [
                "Gen",
                "Qassem",
                "Suleimani",
                "visit",
                "to",
                "O'Brien",
                "office",
                "al",
                "Qa'ida"
            ]
        );
        let words = words(text);
        assert!(words[1].break_before, "after 'Gen.'");
        assert!(!words[2].break_before);
        assert!(words[7].break_before, "after the comma");
        assert!(!words[4].capitalised);
        assert_eq!((words[2].char_start, words[2].char_end), (12, 21));
    }

    #[test]
    fn scripts() {
        assert_eq!(texts("قاسم سليماني، في"), ["قاسم", "سليماني", "في"]);
        assert_eq!(texts("习近平说"), ["习", "近", "平", "说"]);
        let cyrillic = words("Владимир Путин");
        assert_eq!(cyrillic.len(), 2);
        assert_eq!((cyrillic[1].char_start, cyrillic[1].char_end), (9, 14));
        assert_eq!((cyrillic[1].byte_start, cyrillic[1].byte_end), (17, 27));
        assert!(cyrillic[1].capitalised);
    }

    proptest::proptest! {
        #[test]
        fn char_offsets_follow_byte_offsets(text in "[a-zA-Z0-9 .,'’ś\u{301}é金Ж\n]{0,40}") {
            for word in words(&text) {
                proptest::prop_assert_eq!(word.char_start, text[..word.byte_start].chars().count());
                proptest::prop_assert_eq!(word.char_end, text[..word.byte_end].chars().count());
                proptest::prop_assert!(word.byte_start < word.byte_end);
            }
        }
    }
}
