//! Script detection: which writing system a name is in.
//!
//! The matcher uses it to decide how much to trust a token comparison (an Arabic-script query
//! against a Latin list name can only meet on skeletons), and explanations report it.

use unicode_script::{Script as UScript, UnicodeScript};

/// The dominant script of a string, as far as name matching cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Script {
    /// Latin letters, with or without diacritics.
    Latin,
    /// Arabic script (Arabic, Persian, Pashto, Urdu, ...).
    Arabic,
    /// Cyrillic (Russian, Ukrainian, Belarusian, Serbian, Kazakh, ...).
    Cyrillic,
    /// Greek.
    Greek,
    /// Hebrew.
    Hebrew,
    /// Han ideographs (Chinese; Japanese kanji alone also land here).
    Han,
    /// Korean Hangul (with or without Hanja).
    Hangul,
    /// Japanese kana (with or without kanji).
    Kana,
    /// Devanagari.
    Devanagari,
    /// Georgian.
    Georgian,
    /// Armenian.
    Armenian,
    /// Letters of two or more scripts, none clearly dominant (for example a Latin name followed
    /// by its Arabic original).
    Mixed,
    /// Letters only of scripts not listed above.
    Other,
    /// No letters at all (empty, digits, punctuation).
    None,
}

/// Returns the dominant script of `s`, counting letters only.
///
/// A script dominates when it has at least three quarters of the letters; otherwise the result
/// is [`Script::Mixed`]. Han mixed with kana is Japanese ([`Script::Kana`]) and Han mixed with
/// Hangul is Korean ([`Script::Hangul`]), because that is how those languages are written.
///
/// ```
/// use interdict_text::{detect_script, Script};
/// assert_eq!(detect_script("Qasem Soleimani"), Script::Latin);
/// assert_eq!(detect_script("قاسم سليماني"), Script::Arabic);
/// assert_eq!(detect_script("山田たろう"), Script::Kana);
/// assert_eq!(detect_script("2004-1"), Script::None);
/// ```
pub fn detect_script(s: &str) -> Script {
    // Indexed by `slot`; a fixed array keeps this allocation-free.
    let mut counts = [0u32; 13];
    let mut total = 0u32;
    for ch in s.chars() {
        if ch.is_ascii() {
            if ch.is_ascii_alphabetic() {
                counts[0] += 1;
                total += 1;
            }
            continue;
        }
        if !ch.is_alphabetic() {
            continue;
        }
        let slot = match ch.script() {
            UScript::Latin => 0,
            UScript::Arabic => 1,
            UScript::Cyrillic => 2,
            UScript::Greek => 3,
            UScript::Hebrew => 4,
            UScript::Han => 5,
            UScript::Hangul => 6,
            UScript::Hiragana | UScript::Katakana => 7,
            UScript::Devanagari => 8,
            UScript::Georgian => 9,
            UScript::Armenian => 10,
            // Combining marks and the like carry no script of their own.
            UScript::Common | UScript::Inherited => continue,
            _ => 11,
        };
        counts[slot] += 1;
        total += 1;
    }
    if total == 0 {
        return Script::None;
    }
    // Japanese and Korean mix Han with their own script.
    if counts[7] > 0 {
        counts[7] += std::mem::take(&mut counts[5]);
    } else if counts[6] > 0 {
        counts[6] += std::mem::take(&mut counts[5]);
    }
    let (best, &best_count) = counts
        .iter()
        .enumerate()
        .max_by_key(|&(slot, count)| (count, std::cmp::Reverse(slot)))
        .expect("counts is not empty");
    if best_count * 4 < total * 3 {
        return Script::Mixed;
    }
    const SCRIPTS: [Script; 12] = [
        Script::Latin,
        Script::Arabic,
        Script::Cyrillic,
        Script::Greek,
        Script::Hebrew,
        Script::Han,
        Script::Hangul,
        Script::Kana,
        Script::Devanagari,
        Script::Georgian,
        Script::Armenian,
        Script::Other,
    ];
    SCRIPTS[best]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_of_real_names() {
        let cases = [
            ("SADDAM HUSSEIN AL-TIKRITI", Script::Latin),
            ("Łukasz Żółć", Script::Latin),
            ("صدام حسين التكريتي", Script::Arabic),
            ("علی خامنه‌ای", Script::Arabic),
            ("Владимир Путин", Script::Cyrillic),
            ("Κυριάκος Μητσοτάκης", Script::Greek),
            ("בנימין נתניהו", Script::Hebrew),
            ("习近平", Script::Han),
            ("김정은", Script::Hangul),
            ("ヤマダ タロウ", Script::Kana),
            ("नरेन्द्र मोदी", Script::Devanagari),
            ("მიხეილ სააკაშვილი", Script::Georgian),
            ("Նիկոլ Փաշինյան", Script::Armenian),
            ("Saddam صدام حسين", Script::Mixed),
            ("ስም", Script::Other),
            ("", Script::None),
            ("2004-1", Script::None),
        ];
        for (name, expected) in cases {
            assert_eq!(detect_script(name), expected, "{name}");
        }
    }
}
