//! Greek transliteration, ELOT 743-like without diacritics, as Greek names appear in Latin
//! documents (Kyriakos Mitsotakis, Georgios Papadopoulos).

/// Writes a run of Greek characters in Latin.
pub(crate) fn transliterate(run: &[char], out: &mut String) {
    let lower: Vec<char> = run.iter().map(|&c| base(c)).collect();
    let mut i = 0;
    while i < lower.len() {
        let c = lower[i];
        let next = lower.get(i + 1).copied();
        let word_start = i == 0 || !lower[i - 1].is_alphabetic();
        // Digraphs first.
        let digraph = match (c, next) {
            ('ο', Some('υ')) => Some("ou"),
            ('α' | 'ε' | 'η', Some('υ')) => {
                let voiceless = matches!(
                    lower.get(i + 2),
                    None | Some('θ' | 'κ' | 'ξ' | 'π' | 'σ' | 'ς' | 'τ' | 'φ' | 'χ' | 'ψ')
                );
                Some(match (c, voiceless) {
                    ('α', true) => "af",
                    ('α', false) => "av",
                    ('ε', true) => "ef",
                    ('ε', false) => "ev",
                    (_, true) => "if",
                    (_, false) => "iv",
                })
            }
            ('μ', Some('π')) => Some(if word_start { "b" } else { "mb" }),
            ('ν', Some('τ')) => Some(if word_start { "d" } else { "nt" }),
            ('γ', Some('γ')) => Some("ng"),
            ('γ', Some('κ')) => Some(if word_start { "g" } else { "ng" }),
            ('γ', Some('ξ')) => Some("nx"),
            ('γ', Some('χ')) => Some("nch"),
            _ => None,
        };
        if let Some(digraph) = digraph {
            out.push_str(digraph);
            i += 2;
            continue;
        }
        let piece = match c {
            'α' => "a",
            'β' => "v",
            'γ' => "g",
            'δ' => "d",
            'ε' => "e",
            'ζ' => "z",
            'η' | 'ι' => "i",
            'θ' => "th",
            'κ' => "k",
            'λ' => "l",
            'μ' => "m",
            'ν' => "n",
            'ξ' => "x",
            'ο' | 'ω' => "o",
            'π' => "p",
            'ρ' => "r",
            'σ' | 'ς' => "s",
            'τ' => "t",
            'υ' => "y",
            'φ' => "f",
            'χ' => "ch",
            'ψ' => "ps",
            other => {
                for b in any_ascii::any_ascii_char(other).bytes() {
                    if b.is_ascii_alphanumeric() {
                        out.push(b.to_ascii_lowercase() as char);
                    }
                }
                ""
            }
        };
        out.push_str(piece);
        i += 1;
    }
}

/// Lowercase without tonos or dialytika.
fn base(c: char) -> char {
    let lower = c.to_lowercase().next().unwrap_or(c);
    match lower {
        'ά' => 'α',
        'έ' => 'ε',
        'ή' => 'η',
        'ί' | 'ϊ' | 'ΐ' => 'ι',
        'ό' => 'ο',
        'ύ' | 'ϋ' | 'ΰ' => 'υ',
        'ώ' => 'ω',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use crate::to_latin;

    #[test]
    fn greek_names() {
        let cases = [
            ("Κυριάκος Μητσοτάκης", "kyriakos mitsotakis"),
            ("Γεώργιος Παπαδόπουλος", "georgios papadopoulos"),
            ("ΑΛΈΞΗΣ ΤΣΊΠΡΑΣ", "alexis tsipras"),
            ("Ευάγγελος Βενιζέλος", "evangelos venizelos"),
            ("Μπακογιάννη", "bakogianni"),
        ];
        for (greek, latin) in cases {
            assert_eq!(to_latin(greek), latin, "{greek}");
        }
    }
}
