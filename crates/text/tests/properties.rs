//! Properties over arbitrary strings: no panics, lowercase ASCII out, idempotence.

use interdict_text::{detect_script, skeleton, to_latin, tokenize, variant_group, NameKind};
use proptest::prelude::*;

/// Arbitrary text, plus text drawn from the scripts the crate has tables for, so the
/// script-specific paths are exercised and not only random code points.
fn names() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zA-Z0-9 .,'/-]{0,40}",
        "[\u{0600}-\u{06FF}\u{200C} ]{0,30}",
        "[\u{0400}-\u{04FF} -]{0,30}",
        "[\u{0370}-\u{03FF} ]{0,30}",
        "[\u{AC00}-\u{D7A3}\u{4E00}-\u{9FFF}\u{3040}-\u{30FF} ]{0,20}",
        "[\u{05D0}-\u{05EA}\u{0900}-\u{097F}\u{10D0}-\u{10FF}\u{0530}-\u{058F} ]{0,20}",
    ]
}

fn kinds() -> impl Strategy<Value = NameKind> {
    prop_oneof![
        Just(NameKind::Person),
        Just(NameKind::Organization),
        Just(NameKind::Vessel),
        Just(NameKind::Unknown),
    ]
}

fn is_lower_ascii(s: &str) -> bool {
    s.is_ascii() && !s.bytes().any(|b| b.is_ascii_uppercase())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn to_latin_is_lowercase_ascii_and_idempotent(name in names()) {
        let latin = to_latin(&name);
        prop_assert!(is_lower_ascii(&latin), "{latin:?}");
        prop_assert_eq!(to_latin(&latin), latin.clone());
        let _ = detect_script(&name);
    }

    #[test]
    fn tokens_are_lowercase_alphanumeric_and_stable(name in names(), kind in kinds()) {
        let tokens = tokenize(&name, kind);
        for token in tokens.tokens() {
            prop_assert!(!token.text.is_empty());
            prop_assert!(
                token.text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
                "{:?}", token.text
            );
            let _ = variant_group(&token.text);
        }
        // Tokenizing the Latin form again gives the same tokens.
        prop_assert_eq!(&tokenize(&to_latin(&name), kind), &tokens);
        // The compact form is one token's worth of text; tokenizing it is stable.
        let compact = tokens.compact();
        prop_assert!(is_lower_ascii(&compact));
    }

    #[test]
    fn skeleton_is_lowercase_ascii_and_idempotent_on_tokens(name in names()) {
        for token in tokenize(&name, NameKind::Unknown).tokens() {
            let key = skeleton(&token.text);
            prop_assert!(key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()), "{key:?}");
            prop_assert!(key.len() <= 2 * token.text.len());
        }
        // Arbitrary input never panics either.
        let key = skeleton(&name);
        prop_assert!(is_lower_ascii(&key));
    }
}
