//! Fuzzes the text side of mention finding: word splitting and HTML reduction must never
//! panic, and word offsets must always slice the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        for word in interdict_mentions::words::words(text) {
            assert!(text.is_char_boundary(word.byte_start) && text.is_char_boundary(word.byte_end));
            assert_eq!(
                text[word.byte_start..word.byte_end].chars().count(),
                word.char_end - word.char_start
            );
        }
        let reduced = interdict_mentions::html_to_text(text);
        let _ = interdict_mentions::words::words(&reduced);
    }
});
