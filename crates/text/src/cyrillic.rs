//! Cyrillic transliteration as the sanctions lists spell Russian, Ukrainian, Belarusian,
//! Serbian, Macedonian and Kazakh names.
//!
//! The base is BGN/PCGN without diacritics or apostrophes (ж zh, х kh, ц ts, ч ch, ш sh,
//! щ shch, ю yu, я ya, й y, ё e, ь and ъ dropped), which is what OFAC, the UN and the UK write
//! ("Vladimir Vladimirovich PUTIN", "Sergey Viktorovich LAVROV"). Languages differ on a few
//! letters, so the flavour is chosen once per string from the letters only that language has.

/// Which language's values to use for the letters the languages disagree on.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Flavour {
    Russian,
    /// і ї є ґ: г is h, и is y (Oleksandr Zelenskyy, Volodymyr).
    Ukrainian,
    /// ў: г is h (Alyaksandr Lukashenka).
    Belarusian,
    /// ђ ј љ њ ћ џ ѓ ќ ѕ: ч ћ ц are c, ш s, ж z, х h, as ASCII Serbian Latin (Vucic).
    Serbian,
    /// ә ғ қ ң ө ұ ү һ.
    Kazakh,
}

impl Flavour {
    pub(crate) fn of(chars: &[char]) -> Flavour {
        let mut flavour = Flavour::Russian;
        for &c in chars {
            match c.to_lowercase().next().unwrap_or(c) {
                'ә' | 'ғ' | 'қ' | 'ң' | 'ө' | 'ұ' | 'ү' | 'һ' => return Flavour::Kazakh,
                'ђ' | 'ј' | 'љ' | 'њ' | 'ћ' | 'џ' | 'ѓ' | 'ќ' | 'ѕ' => {
                    return Flavour::Serbian
                }
                'ў' => flavour = Flavour::Belarusian,
                'ї' | 'є' | 'ґ' if flavour == Flavour::Russian => flavour = Flavour::Ukrainian,
                // і alone is Ukrainian or Belarusian; ы or э means Belarusian.
                'і' if flavour == Flavour::Russian => flavour = Flavour::Ukrainian,
                'ы' | 'э' if flavour == Flavour::Ukrainian => flavour = Flavour::Belarusian,
                _ => {}
            }
        }
        flavour
    }
}

/// Writes a run of Cyrillic characters in Latin.
pub(crate) fn transliterate(run: &[char], flavour: Flavour, out: &mut String) {
    use Flavour::*;
    for &upper in run {
        let c = upper.to_lowercase().next().unwrap_or(upper);
        let piece = match (c, flavour) {
            ('а', _) => "a",
            ('б', _) => "b",
            ('в', _) => "v",
            ('г', Ukrainian | Belarusian) => "h",
            ('г', _) => "g",
            ('ґ', _) => "g",
            ('д', _) => "d",
            ('е', _) | ('ё', _) | ('э', _) => "e",
            ('є', _) => "ye",
            ('ж', Serbian) => "z",
            ('ж', _) => "zh",
            ('з', _) => "z",
            ('и', Ukrainian) => "y",
            ('и', _) => "i",
            ('і', _) => "i",
            ('ї', _) => "yi",
            ('й', _) | ('ј', _) => {
                if flavour == Serbian {
                    "j"
                } else {
                    "y"
                }
            }
            ('к', _) => "k",
            ('л', _) => "l",
            ('м', _) => "m",
            ('н', _) => "n",
            ('о', _) => "o",
            ('п', _) => "p",
            ('р', _) => "r",
            ('с', _) => "s",
            ('т', _) => "t",
            ('у', _) | ('ў', _) => "u",
            ('ф', _) => "f",
            ('х', Serbian) => "h",
            ('х', _) => "kh",
            ('ц', Serbian) => "c",
            ('ц', _) => "ts",
            ('ч', Serbian) => "c",
            ('ч', _) => "ch",
            ('ш', Serbian) => "s",
            ('ш', _) => "sh",
            ('щ', _) => "shch",
            ('ъ', _) | ('ь', _) => "",
            ('ы', _) => "y",
            ('ю', _) => "yu",
            ('я', _) => "ya",
            ('ђ', _) => "dj",
            ('ћ', _) => "c",
            ('џ', _) => "dz",
            ('љ', _) => "lj",
            ('њ', _) => "nj",
            ('ѓ', _) => "gj",
            ('ќ', _) => "kj",
            ('ѕ', _) => "dz",
            ('ә', _) => "a",
            ('ғ', _) => "gh",
            ('қ', _) => "q",
            ('ң', _) => "ng",
            ('ө', _) => "o",
            ('ұ', _) | ('ү', _) => "u",
            ('һ', _) => "h",
            (other, _) => {
                for b in any_ascii::any_ascii_char(other).bytes() {
                    if b.is_ascii_alphanumeric() {
                        out.push(b.to_ascii_lowercase() as char);
                    }
                }
                ""
            }
        };
        out.push_str(piece);
    }
}

#[cfg(test)]
mod tests {
    use crate::to_latin;

    #[test]
    fn flavours() {
        let cases = [
            (
                "Владимир Владимирович Путин",
                "vladimir vladimirovich putin",
            ),
            ("Сергей Викторович Лавров", "sergey viktorovich lavrov"),
            ("Евгений Пригожин", "evgeniy prigozhin"),
            ("Михаил Ходорковский", "mikhail khodorkovskiy"),
            // No Ukrainian-only letter: read as Russian; the skeleton is the same (zlnsk).
            ("Олександр Зеленський", "oleksandr zelenskiy"),
            ("Віталій Кличко", "vitaliy klychko"),
            ("Володимир Гнатович", "volodimir gnatovich"),
            ("Юлія Тимошенко", "yuliya tymoshenko"),
            ("Аляксандр Лукашэнка", "alyaksandr lukashenka"),
            ("Александр Вучић", "aleksandr vucic"),
            ("Љубиша Ђорђевић", "ljubisa djordjevic"),
            (
                "Нұрсұлтан Әбішұлы Назарбаев",
                "nursultan abishuly nazarbaev",
            ),
            ("ООО «Ромашка»", "ooo <<romashka>>"),
        ];
        for (cyrillic, latin) in cases {
            assert_eq!(to_latin(cyrillic), latin, "{cyrillic}");
        }
    }
}
