//! Hangul romanisation in the style of the DPRK entries of the sanctions lists.
//!
//! The lists write North Korean names McCune-Reischauer-like without breves and one word per
//! syllable ("KIM Jong Un", "CHOE Ryong Hae", "PAK Pong Ju", "RI Su Yong"). South Korea's
//! Revised Romanisation ("Gim Jeong-eun") differs in the letters but mostly not in the
//! consonant skeleton; the rest is for the matcher's fuzzy comparison and the variant table
//! (Ri/Lee/Yi, Pak/Park).
//!
//! A syllable is decomposed arithmetically (Unicode §3.12: index = (L * 21 + V) * 28 + T).

const INITIALS: [&str; 19] = [
    "k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p",
    "h",
];
const VOWELS: [&str; 21] = [
    "a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we",
    "wi", "yu", "u", "ui", "i",
];
const FINALS: [&str; 28] = [
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p",
    "t", "t", "ng", "t", "t", "k", "t", "p", "t",
];

/// Writes a run of Hangul syllables, separated by spaces.
pub(crate) fn transliterate(run: &[char], out: &mut String) {
    for (idx, &ch) in run.iter().enumerate() {
        if idx > 0 {
            out.push(' ');
        }
        let index = ch as u32 - 0xAC00;
        let initial = (index / (21 * 28)) as usize;
        let vowel = ((index % (21 * 28)) / 28) as usize;
        let fin = (index % 28) as usize;
        out.push_str(INITIALS[initial]);
        out.push_str(VOWELS[vowel]);
        out.push_str(FINALS[fin]);
    }
}

#[cfg(test)]
mod tests {
    use crate::to_latin;

    #[test]
    fn dprk_names() {
        let cases = [
            ("김정은", "kim jong un"),
            ("최룡해", "choe ryong hae"),
            ("박봉주", "pak pong ju"),
            ("리수용", "ri su yong"),
        ];
        for (korean, latin) in cases {
            assert_eq!(to_latin(korean), latin, "{korean}");
        }
    }
}
