//! Small helpers every source family needs in the same form.
//!
//! The parsers were written one source at a time, and each grew its own copy
//! of a few chores: refusing a file set where one file is expected, gunzipping,
//! turning a byte offset into the line an error should cite, reading an
//! English month name or a run of digits. The copies did the same thing, so
//! they live here once; what is particular to a format stays in its module.

use std::borrow::Cow;
use std::io::Read;

use interdict_model::SourceId;

use crate::{Input, Location, ParseError};

/// The single file of a one-file publication. No file is
/// [`ParseError::NoInput`]; several are [`ParseError::FileSet`], whose reason
/// says that `what` (`"the ConList"`) is one file and names those given.
pub(crate) fn single_input<'i>(
    list: SourceId,
    inputs: &'i [Input],
    what: &str,
) -> Result<&'i Input, ParseError> {
    match inputs {
        [] => Err(ParseError::NoInput { list }),
        [input] => Ok(input),
        _ => Err(ParseError::FileSet {
            list,
            reason: format!(
                "{what} is one file, {} were given: {}",
                inputs.len(),
                file_names(inputs)
            ),
        }),
    }
}

/// The names of `inputs`, comma-separated, for error messages.
pub(crate) fn file_names<'i>(inputs: impl IntoIterator<Item = &'i Input>) -> String {
    inputs
        .into_iter()
        .map(|input| input.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether `bytes` start with the gzip magic.
pub(crate) fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// Whether `bytes` start with the zip magic (an `.xlsx` is a zip archive).
pub(crate) fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Decompresses gzip input (also several concatenated members); other input
/// is returned as is. A gzip stream that ends early is
/// [`ParseError::Truncated`], a corrupt one [`ParseError::Malformed`], both
/// naming the file `name`.
pub(crate) fn gunzip<'a>(name: &str, bytes: &'a [u8]) -> Result<Cow<'a, [u8]>, ParseError> {
    if !is_gzip(bytes) {
        return Ok(Cow::Borrowed(bytes));
    }
    let mut out = Vec::with_capacity(bytes.len().saturating_mul(4));
    let mut decoder = flate2::read::MultiGzDecoder::new(bytes);
    match decoder.read_to_end(&mut out) {
        Ok(_) => Ok(Cow::Owned(out)),
        Err(err) if err.kind() == std::io::ErrorKind::UnexpectedEof => Err(ParseError::Truncated {
            location: Location::file(name),
            reason: format!(
                "the gzip stream ends early, after {} bytes of content",
                out.len()
            ),
        }),
        Err(err) => Err(ParseError::Malformed {
            location: Location::file(name),
            reason: format!("corrupt gzip stream: {err}"),
        }),
    }
}

fn count_newlines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

/// The 1-based line of byte `offset` in `bytes` (the last line past the end).
pub(crate) fn line_of(bytes: &[u8], offset: usize) -> u64 {
    1 + count_newlines(&bytes[..offset.min(bytes.len())])
}

/// Maps byte offsets to 1-based line numbers while a file is streamed,
/// counting newlines incrementally since offsets mostly grow. An offset before
/// the last one asked restarts the count from the top.
pub(crate) struct LineCounter<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        LineCounter {
            bytes,
            pos: 0,
            line: 1,
        }
    }

    /// The offset counted up to so far.
    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    /// The line of byte `offset` (the last line past the end).
    pub(crate) fn line_at(&mut self, offset: usize) -> u64 {
        let offset = offset.min(self.bytes.len());
        if offset < self.pos {
            self.pos = 0;
            self.line = 1;
        }
        self.line += count_newlines(&self.bytes[self.pos..offset]);
        self.pos = offset;
        self.line
    }
}

/// The number (1 to 12) of an English month name or of any prefix of it at
/// least three letters long (`Mar`, `Sept`, `January`), in any case. The
/// caller trims punctuation such as a trailing `.`.
pub(crate) fn month_number(word: &str) -> Option<u8> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if word.len() < 3 {
        return None;
    }
    let word = word.to_ascii_lowercase();
    let index = MONTHS.iter().position(|name| name.starts_with(&word))?;
    u8::try_from(index + 1).ok()
}

/// A run of `min..=max` ASCII digits (`max` at most 9), as a number.
pub(crate) fn digits(text: &str, min: usize, max: usize) -> Option<u32> {
    let len = text.len();
    if len < min || len > max || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_file_only() {
        let a = Input::new("a.xml", b"x".to_vec());
        let b = Input::new("b.xml", b"y".to_vec());
        assert!(matches!(
            single_input(SourceId::UnSc, &[], "x"),
            Err(ParseError::NoInput { .. })
        ));
        assert_eq!(
            single_input(SourceId::UnSc, std::slice::from_ref(&a), "x")
                .unwrap()
                .name,
            "a.xml"
        );
        let err = single_input(SourceId::UnSc, &[a, b], "the list").unwrap_err();
        assert!(
            matches!(&err, ParseError::FileSet { reason, .. }
                if reason == "the list is one file, 2 were given: a.xml, b.xml"),
            "{err}"
        );
    }

    #[test]
    fn gzip_round_trip_and_truncation() {
        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(&b"hello, world\n".repeat(1000)).unwrap();
        let gz = encoder.finish().unwrap();
        assert_eq!(gunzip("g", &gz).unwrap().len(), 13_000);
        let err = gunzip("g.gz", &gz[..gz.len() / 2]).unwrap_err();
        assert!(matches!(err, ParseError::Truncated { .. }), "{err}");
        assert_eq!(gunzip("p", b"plain").unwrap().as_ref(), b"plain");
    }

    #[test]
    fn lines() {
        let text = b"a\nb\nc";
        assert_eq!(line_of(text, 0), 1);
        assert_eq!(line_of(text, 2), 2);
        assert_eq!(line_of(text, 99), 3);
        let mut counter = LineCounter::new(text);
        assert_eq!(counter.line_at(4), 3);
        assert_eq!(counter.line_at(1), 1);
        assert_eq!(counter.line_at(99), 3);
    }

    #[test]
    fn months_and_digits() {
        assert_eq!(month_number("Mar"), Some(3));
        assert_eq!(month_number("SEPT"), Some(9));
        assert_eq!(month_number("january"), Some(1));
        assert_eq!(month_number("Ma"), None);
        assert_eq!(month_number("Mars"), None);
        assert_eq!(month_number("Mär"), None);
        assert_eq!(digits("07", 1, 2), Some(7));
        assert_eq!(digits("007", 1, 2), None);
        assert_eq!(digits("1a", 1, 2), None);
    }
}
