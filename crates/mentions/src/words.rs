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

/// The words of `text`, in order.
pub fn words(text: &str) -> Vec<Word> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::with_capacity(text.len() / 6);
    let mut i = 0;
    let mut gap_breaks = false;
    let mut newlines = 0;
    while i < chars.len() {
        let (byte, c) = chars[i];
        if is_ideograph(c) {
            out.push(Word {
                byte_start: byte,
                byte_end: byte + c.len_utf8(),
                char_start: i,
                char_end: i + 1,
                kind: WordKind::Ideograph,
                capitalised: true,
                break_before: gap_breaks || newlines >= 2,
            });
            gap_breaks = false;
            newlines = 0;
            i += 1;
            continue;
        }
        if !is_word_char(c) || is_mark(c) {
            if breaks_name(c) {
                gap_breaks = true;
            }
            if c == '\n' {
                newlines += 1;
            }
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        while end < chars.len() {
            let c = chars[end].1;
            if is_word_char(c) {
                end += 1;
                continue;
            }
            if is_apostrophe(c) && end + 1 < chars.len() && is_word_char(chars[end + 1].1) {
                // "'s" at the end of a word is a possessive: the word stops before it.
                let s = chars[end + 1].1;
                let after_s = chars.get(end + 2).map(|p| p.1);
                if (s == 's' || s == 'S') && !after_s.is_some_and(is_word_char) {
                    break;
                }
                end += 2;
                continue;
            }
            break;
        }
        let first = chars[start].1;
        let capitalised = first.is_uppercase() || first.is_numeric() || !first.is_lowercase();
        out.push(Word {
            byte_start: chars[start].0,
            byte_end: chars.get(end).map_or(text.len(), |p| p.0),
            char_start: start,
            char_end: end,
            kind: WordKind::Spaced,
            capitalised,
            break_before: gap_breaks || newlines >= 2,
        });
        gap_breaks = false;
        newlines = 0;
        // Skip a possessive "'s" so that its "s" is not a word.
        if end + 1 < chars.len() && is_apostrophe(chars[end].1) {
            let s = chars[end + 1].1;
            if (s == 's' || s == 'S') && !chars.get(end + 2).is_some_and(|p| is_word_char(p.1)) {
                end += 2;
            }
        }
        i = end;
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
}
