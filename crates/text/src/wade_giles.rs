//! Wade–Giles romanization of Mandarin read as Hanyu Pinyin.
//!
//! Older and Taiwanese spellings of Chinese names use Wade–Giles (Hsi Chin-p'ing, Mao
//! Tse-tung, Chiang Ching-kuo); lists and newer sources use pinyin (Xi Jinping, Mao Zedong).
//! Tokens have lost the aspiration apostrophe, so an unaspirated and an aspirated reading are
//! both returned (tung: dong or tong). Only syllables with a spelling pinyin never uses are
//! read (hs-, ts-, tz-, ss-, sz-, ch- before i, -ung, -ieh, -ien, -ih, -eh): "tao" or "ping"
//! are already pinyin, and reading them again would merge distinct names (Tang / Dang).

/// The pinyin readings of a Wade–Giles syllable, or an empty list when `token` is not
/// recognisably Wade–Giles.
///
/// ```
/// use interdict_text::wade_giles;
/// assert!(wade_giles("hsi").contains(&"xi".to_owned()));
/// assert!(wade_giles("tung").contains(&"dong".to_owned()));
/// assert!(wade_giles("chin").contains(&"jin".to_owned()));
/// assert!(wade_giles("tse").contains(&"ze".to_owned()));
/// assert!(wade_giles("ping").is_empty());
/// ```
pub fn wade_giles(token: &str) -> Vec<String> {
    if token.len() < 2 || token.len() > 6 || !token.bytes().all(|b| b.is_ascii_lowercase()) {
        return Vec::new();
    }
    // Initial: (Wade–Giles spelling, unaspirated pinyin, aspirated pinyin).
    let (initial, rest) = split_initial(token);
    let marked_initial = matches!(initial, "hs" | "ts" | "tz" | "ss" | "sz")
        || (initial == "ch" && rest.starts_with('i') && rest.len() > 1);
    let marked_final =
        !initial.is_empty() && matches!(rest, "ung" | "iung" | "ieh" | "ien" | "ih" | "eh");
    if (!marked_initial && !marked_final) || !FINALS.contains(&rest) {
        return Vec::new();
    }
    let palatal = rest.starts_with('i') || (rest.starts_with('u') && initial == "hs");
    let initials: Vec<&str> = match initial {
        "hs" => vec!["x"],
        "ch" if palatal => vec!["j", "q"],
        "ch" => vec!["zh", "ch"],
        "ts" | "tz" => vec!["z", "c"],
        "ss" | "sz" => vec!["s"],
        "k" => vec!["g", "k"],
        "p" => vec!["b", "p"],
        "t" => vec!["d", "t"],
        "j" => vec!["r"],
        other => vec![other],
    };
    let sibilant = matches!(initial, "ts" | "tz" | "ss" | "sz");
    let fin = match rest {
        "u" if sibilant => "i".to_owned(),
        "ih" => "i".to_owned(),
        "eh" => "e".to_owned(),
        "ieh" => "ie".to_owned(),
        "ien" => "ian".to_owned(),
        "iung" => "iong".to_owned(),
        "ung" => "ong".to_owned(),
        _ => rest.to_owned(),
    };
    initials.iter().map(|i| format!("{i}{fin}")).collect()
}

/// The finals of Wade–Giles syllables (ü written u, as tokens have no diacritics).
const FINALS: [&str; 35] = [
    "a", "ai", "an", "ang", "ao", "e", "eh", "ei", "en", "eng", "erh", "i", "ia", "iang", "iao",
    "ieh", "ien", "ih", "in", "ing", "iu", "iung", "o", "ou", "u", "ua", "uai", "uan", "uang",
    "ue", "ueh", "ui", "un", "ung", "uo",
];

fn split_initial(token: &str) -> (&str, &str) {
    for two in ["hs", "ch", "ts", "tz", "ss", "sz", "sh"] {
        if let Some(rest) = token.strip_prefix(two) {
            return (two, rest);
        }
    }
    let first = &token[..1];
    if "aeiou".contains(first) {
        ("", token)
    } else {
        (first, &token[1..])
    }
}
