//! Arabic-script transliteration, consonant-oriented.
//!
//! Arabic and Persian names are written without short vowels, so "محمد" is m-h-m-d whether it is
//! read Muhammad, Mohammed or Mehmet. We therefore write every consonant as the lists spell it
//! (ح h, خ kh, ش sh, ق q, غ gh, ...), the long-vowel letters as vowels or as w/y by position,
//! and let [`crate::skeleton`] drop vowels on both sides. The values were checked against the
//! `NAME_ORIGINAL_SCRIPT` of the UN consolidated list and the Latin names in the same records.

/// Whether the string uses letters found in Persian, Pashto or Urdu but not Arabic. Those
/// languages pronounce ذ ض ظ as z and و as v, and the lists spell them so (Alireza, Vahid).
pub(crate) fn is_persian(chars: &[char]) -> bool {
    chars.iter().any(|&c| {
        matches!(
            c,
            'پ' | 'چ'
                | 'ژ'
                | 'گ'
                | 'ک'
                | 'ی'
                | 'ټ'
                | 'ځ'
                | 'څ'
                | 'ډ'
                | 'ړ'
                | 'ږ'
                | 'ښ'
                | 'ګ'
                | 'ڼ'
                | 'ٹ'
                | 'ڈ'
                | 'ڑ'
                | 'ں'
                | 'ے'
                | 'ھ'
                | 'ہ'
        )
    })
}

/// Writes a run of Arabic-block characters (one word, possibly holding a ZWNJ) in Latin.
pub(crate) fn transliterate(run: &[char], persian: bool, out: &mut String) {
    // Whole words with a fixed reading: the particles the tokenizer recognises, and Allah.
    let letters: Vec<char> = run
        .iter()
        .copied()
        .filter(|&c| !is_mark(c) && c != '\u{0640}')
        .collect();
    let fixed = match letters.as_slice() {
        ['ب', 'ن'] => Some("bin"),
        ['ا' | 'إ', 'ب', 'ن'] => Some("ibn"),
        ['ب', 'ن', 'ت'] => Some("bint"),
        ['ا' | 'أ', 'ب', 'و'] => Some("abu"),
        ['ا' | 'أ', 'ب', 'ي'] => Some("abi"),
        ['ع', 'ب', 'د'] => Some("abd"),
        // Mauritanian "son of", written Ould on the lists.
        ['و', 'ل', 'د'] => Some("ould"),
        ['ا', 'ل', 'ل', 'ه'] => Some("allah"),
        ['ع', 'ب', 'د', 'ا', 'ل', 'ل', 'ه'] => Some("abdallah"),
        _ => None,
    };
    if let Some(fixed) = fixed {
        out.push_str(fixed);
        return;
    }
    let mut start = 0;
    // The article: "al-" before the rest of the word, as the Latin lists hyphenate it.
    if letters.len() > 3 && matches!(letters[0], 'ا' | 'أ' | 'ٱ') && letters[1] == 'ل' {
        out.push_str("al-");
        start = 2;
    } else if letters.len() > 6 && letters[..5] == ['ع', 'ب', 'د', 'ا', 'ل'] {
        // عبدالرحمن: "abd al-rhmn", as the lists write Abd al-Rahman.
        out.push_str("abd al-");
        start = 5;
    }
    // Marks are dropped from `letters`, so read them from `run` again for vowels.
    let mut last_was_vowel_letter = false;
    let word_start = start;
    let mut idx_in_run = 0;
    let mut letter_idx = 0;
    while idx_in_run < run.len() {
        let ch = run[idx_in_run];
        idx_in_run += 1;
        if is_mark(ch) || ch == '\u{0640}' {
            if letter_idx > start {
                match ch {
                    '\u{064E}' | '\u{0670}' => out.push('a'),
                    '\u{064F}' => out.push('u'),
                    '\u{0650}' => out.push('i'),
                    _ => {}
                }
            }
            continue;
        }
        let k = letter_idx;
        letter_idx += 1;
        if k < start {
            continue;
        }
        let prev = if k > word_start {
            letters.get(k - 1).copied()
        } else {
            None
        };
        let next = letters.get(k + 1).copied();
        let at_start = k == word_start;
        let at_end = next.is_none() || next == Some('\u{200C}') || next == Some('\u{200D}');
        let piece: &str = match ch {
            '\u{200C}' | '\u{200D}' => "",
            'ا' | 'أ' | 'آ' | 'ٱ' | 'ى' => "a",
            'إ' => "i",
            'ء' | 'ؤ' | 'ئ' => "'",
            'ب' => "b",
            'پ' => "p",
            'ت' | 'ط' | 'ټ' | 'ٹ' => "t",
            'ث' => {
                if persian {
                    "s"
                } else {
                    "th"
                }
            }
            'ج' => "j",
            'چ' => "ch",
            'ح' => "h",
            'خ' => "kh",
            'د' | 'ډ' | 'ڈ' => "d",
            'ذ' => {
                if persian {
                    "z"
                } else {
                    "dh"
                }
            }
            'ض' => {
                if persian {
                    "z"
                } else {
                    "d"
                }
            }
            'ظ' | 'ز' => "z",
            'ر' | 'ړ' | 'ڑ' | 'ڕ' => "r",
            'ژ' | 'ږ' => "zh",
            'س' | 'ص' => "s",
            'ش' | 'ښ' => "sh",
            'ع' => {
                if at_start {
                    "a"
                } else {
                    "'"
                }
            }
            'غ' => "gh",
            'ف' => "f",
            'ڤ' => "v",
            'ق' => "q",
            'ك' | 'ک' => "k",
            'گ' | 'ګ' => "g",
            'ل' | 'ڵ' => "l",
            'م' => "m",
            'ن' | 'ں' | 'ڼ' => "n",
            // Pashto ځ: Zadran, as the lists spell it.
            'ځ' => "z",
            'څ' => "ts",
            'ه' | 'ھ' | 'ہ' | 'ە' => {
                if next == Some('\u{200C}') {
                    // Persian silent final h before a joiner break: خامنه‌ای, Khamenei.
                    "e"
                } else if at_end && k == word_start + 1 && !last_was_vowel_letter {
                    // Two-letter words: طه is Taha.
                    "aha"
                } else if at_end && !at_start && !last_was_vowel_letter {
                    // Final h after a consonant is a vowel ending: Abdallah, Zadeh, Hamzah.
                    "ah"
                } else {
                    "h"
                }
            }
            'ة' => "a",
            'و' => {
                let consonantal = at_start
                    || matches!(prev, Some('ا' | 'آ'))
                    || matches!(next, Some('ا' | 'آ' | 'ي' | 'ی' | 'و'));
                // Persian reads an initial و as v (Vahid); inside a word the lists write the
                // Afghan and Pakistani names with w (Shinwari, Jawad, Nawaz).
                match (consonantal, persian && at_start) {
                    (true, true) => "v",
                    (true, false) => "w",
                    (false, _) => "u",
                }
            }
            'ي' | 'ی' | 'ې' | 'ۍ' | 'ے' | 'ێ' => {
                let consonantal = (at_start && !at_end)
                    || matches!(prev, Some('ا' | 'آ'))
                    || matches!(next, Some('ا' | 'آ' | 'و'));
                if consonantal {
                    "y"
                } else {
                    "i"
                }
            }
            'ۆ' => "o",
            '٠'..='٩' => {
                out.push((b'0' + (ch as u32 - 0x0660) as u8) as char);
                ""
            }
            '۰'..='۹' => {
                out.push((b'0' + (ch as u32 - 0x06F0) as u8) as char);
                ""
            }
            '،' => ",",
            '؛' => ";",
            '؟' => "?",
            other => {
                for b in any_ascii::any_ascii_char(other).bytes() {
                    if b.is_ascii_alphanumeric() || b == b'\'' || b == b'-' {
                        out.push(b.to_ascii_lowercase() as char);
                    }
                }
                ""
            }
        };
        out.push_str(piece);
        last_was_vowel_letter = matches!(
            ch,
            'ا' | 'أ' | 'آ' | 'إ' | 'ٱ' | 'ى' | 'و' | 'ي' | 'ی' | 'ے'
        );
    }
}

/// Harakat, Quranic annotation marks and other combining marks of the Arabic block.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED)
}
