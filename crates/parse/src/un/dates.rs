//! Reading the dates the UN and EU lists write, into [`PartialDate`]s.
//!
//! The XML schemas promise `xs:date`, but real files carry time-zone suffixes
//! (`1960-01-01-05:00`), bare years, and, in free-text notes, dates such as
//! `expires on 21 Jan. 2019` or `Nov. 1973`. These small parsers are total:
//! they return `None` for anything they do not recognise (the caller then keeps
//! the text in notes) and never panic on any input.

use chrono::NaiveDate;
use interdict_model::PartialDate;

use crate::common;

/// Reads an ISO date as the XML files write it: `YYYY-MM-DD`, `YYYY-MM` or
/// `YYYY`, optionally followed by a time (`T...`) or a time-zone suffix (`Z`,
/// `+02:00`, `-05:00`), which is ignored: the date is the one written.
pub(crate) fn iso_date(text: &str) -> Option<PartialDate> {
    let text = text.trim();
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u16> {
        let part = bytes.get(range)?;
        if part.iter().all(u8::is_ascii_digit) {
            part.iter().try_fold(0u16, |acc, d| {
                acc.checked_mul(10)?.checked_add(u16::from(d - b'0'))
            })
        } else {
            None
        }
    };
    let year = digits(0..4)?;
    let rest = &bytes[4..];
    if rest.is_empty() {
        return PartialDate::year(year);
    }
    if rest[0] != b'-' {
        return None;
    }
    let month = u8::try_from(digits(5..7)?).ok()?;
    let rest = &bytes[7..];
    if rest.is_empty() {
        return PartialDate::year_month(year, month);
    }
    if rest[0] != b'-' {
        return None;
    }
    let day = u8::try_from(digits(8..10)?).ok()?;
    let tail = &bytes[10..];
    let tail_ok = tail.is_empty()
        || tail == b"Z"
        || tail[0] == b'T'
        || (matches!(tail[0], b'+' | b'-') && is_zone_offset(&tail[1..]));
    if !tail_ok {
        return None;
    }
    PartialDate::ymd(year, month, day)
}

fn is_zone_offset(bytes: &[u8]) -> bool {
    matches!(bytes, [h1, h2, b':', m1, m2] if [h1, h2, m1, m2].iter().all(|b| b.is_ascii_digit()))
}

/// A four-digit year.
pub(crate) fn year(text: &str) -> Option<u16> {
    let text = text.trim();
    if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) {
        PartialDate::year(text.parse().ok()?).map(|date| date.get_year())
    } else {
        None
    }
}

/// The calendar date of an `xs:dateTime` as written (its local date).
pub(crate) fn date_of_datetime(text: &str) -> Option<NaiveDate> {
    let date = iso_date(text)?;
    NaiveDate::from_ymd_opt(
        i32::from(date.get_year()),
        u32::from(date.get_month()?),
        u32::from(date.get_day()?),
    )
}

/// The most years a range of birth years may span before it is treated as an
/// error rather than expanded year by year.
pub(crate) const MAX_YEAR_RANGE: u16 = 100;

/// Every year from `from` to `to`, inclusive; `None` if the range is reversed,
/// invalid, or wider than [`MAX_YEAR_RANGE`].
pub(crate) fn year_range(from: u16, to: u16) -> Option<Vec<PartialDate>> {
    if to < from || to - from > MAX_YEAR_RANGE {
        return None;
    }
    (from..=to).map(PartialDate::year).collect()
}

/// The number of an English month name or abbreviation (`Jan`, `Jan.`,
/// `January`, `Sept.`), case-insensitive.
pub(crate) fn month(text: &str) -> Option<u8> {
    common::month_number(text.trim().trim_end_matches(['.', ',']))
}

/// A date written in words: `21 Jan. 2019`, `21 January 2019`, `Nov. 1973`,
/// `August 1961`, or an ISO date. Surrounding punctuation is ignored.
pub(crate) fn text_date(text: &str) -> Option<PartialDate> {
    let words: Vec<&str> = text
        .split_whitespace()
        .map(|word| word.trim_matches(|c: char| matches!(c, ',' | ';' | '(' | ')')))
        .filter(|word| !word.is_empty())
        .collect();
    match words.as_slice() {
        [single] => iso_date(single.trim_end_matches('.')),
        [month_word, year_word] => {
            PartialDate::year_month(year(year_word.trim_end_matches('.'))?, month(month_word)?)
        }
        [day_word, month_word, year_word] => {
            let day = day_word.trim_end_matches('.');
            if day.is_empty() || day.len() > 2 || !day.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            PartialDate::ymd(
                year(year_word.trim_end_matches('.'))?,
                month(month_word)?,
                day.parse().ok()?,
            )
        }
        _ => None,
    }
}

/// The expiry date a document note states, as in `expires on 21 Jan. 2019`,
/// `Date of expiration: 7 May 2022`, `expired 3 Oct. 2005`, `valid until 10
/// April 2018`. The first date within a few words after the keyword wins.
pub(crate) fn expiry_in_note(note: &str) -> Option<PartialDate> {
    let lower = note.to_ascii_lowercase();
    let at = ["expir", "valid until"]
        .iter()
        .filter_map(|key| lower.find(key))
        .min()?;
    // `to_ascii_lowercase` keeps byte offsets, so `at` is a char boundary of `note`.
    let words: Vec<&str> = note.get(at..)?.split_whitespace().skip(1).take(8).collect();
    // Longest window first, so `21 Jan. 2019` is not read as `21` or `Jan. 2019`.
    (0..words.len()).find_map(|start| {
        [3, 2, 1].iter().find_map(|&len| {
            let window = words.get(start..start + len)?;
            text_date(&window.join(" "))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(text: &str) -> PartialDate {
        text.parse().unwrap()
    }

    #[test]
    fn iso_dates_as_the_files_write_them() {
        assert_eq!(iso_date("1957-03-11"), Some(d("1957-03-11")));
        assert_eq!(iso_date(" 1960-01-01-05:00 "), Some(d("1960-01-01")));
        assert_eq!(iso_date("2026-02-27T00:00:09.554Z"), Some(d("2026-02-27")));
        assert_eq!(iso_date("2015-04-14Z"), Some(d("2015-04-14")));
        assert_eq!(iso_date("1971"), Some(d("1971")));
        assert_eq!(iso_date("1971-13-01"), None);
        assert_eq!(iso_date("1971-02-30"), None);
        assert_eq!(iso_date("1971-02-03x"), None);
        assert_eq!(iso_date("71"), None);
        assert_eq!(iso_date("٢٠٢٠"), None);
        assert_eq!(
            date_of_datetime("2018-10-29T19:09:49.856-04:00"),
            NaiveDate::from_ymd_opt(2018, 10, 29)
        );
    }

    #[test]
    fn dates_in_words() {
        assert_eq!(text_date("Nov. 1973 "), Some(d("1973-11")));
        assert_eq!(text_date("August 1961"), Some(d("1961-08")));
        assert_eq!(text_date("21 Jan. 2019"), Some(d("2019-01-21")));
        assert_eq!(text_date("7 Sept. 2001"), Some(d("2001-09-07")));
        assert_eq!(text_date("30-35 years old"), None);
        assert_eq!(text_date("24/06/1402 (Hijri Calendar)"), None);
        assert_eq!(text_date("Between Aug. and Sep. 1977"), None);
        assert_eq!(month("Ma"), None);
        assert_eq!(month("mar"), Some(3));
    }

    #[test]
    fn expiry_from_real_notes() {
        for (note, date) in [
            ("expiration date 14 Feb. 2023", "2023-02-14"),
            ("Date of expiration: 7 May 2022", "2022-05-07"),
            ("expired on 13 Feb. 2000", "2000-02-13"),
            ("Expiration date: 2026-12-11. ", "2026-12-11"),
            ("letter O followed by 3 zeros), expires 30 Dec. 2019", "2019-12-30"),
            ("valid until 10 April 2018", "2018-04-10"),
            (
                "issued by the Minister of Foreign Affairs, in Juba, South Sudan. Expires on 11\nJun. 2017. Diplomatic",
                "2017-06-11",
            ),
            ("Issued 15 October 2000; expired 15 October 2005  Iran", "2005-10-15"),
        ] {
            assert_eq!(expiry_in_note(note), Some(d(date)), "{note}");
        }
        assert_eq!(expiry_in_note("issued in 2018"), None);
        assert_eq!(expiry_in_note("expired"), None);
    }

    #[test]
    fn year_ranges() {
        assert_eq!(year_range(1973, 1974).unwrap().len(), 2);
        assert_eq!(year_range(1974, 1973), None);
        assert_eq!(year_range(1800, 2000), None);
    }

    proptest! {
        #[test]
        fn date_parsers_never_panic(text in "\\PC{0,40}") {
            let _ = iso_date(&text);
            let _ = text_date(&text);
            let _ = expiry_in_note(&text);
            let _ = year(&text);
            let _ = month(&text);
            let _ = date_of_datetime(&text);
        }

        #[test]
        fn date_like_text_never_panics(text in "[0-9 .:TZ+-]{0,30}|[0-9]{1,2} [A-Za-z]{3,9}\\.? [0-9]{4}") {
            let _ = iso_date(&text);
            let _ = text_date(&text);
            let _ = expiry_in_note(&format!("expires {text}"));
        }

        #[test]
        fn iso_dates_round_trip(year in 1u16..=9999, month in 1u8..=12, day in 1u8..=31, zone in prop_oneof![Just(""), Just("Z"), Just("-05:00"), Just("T12:00:00+02:00")]) {
            if let Some(date) = PartialDate::ymd(year, month, day) {
                prop_assert_eq!(iso_date(&format!("{date}{zone}")), Some(date));
                let words = format!("{day} {} {year:04}", ["Jan.", "Feb.", "Mar.", "Apr.", "May", "Jun.", "Jul.", "Aug.", "Sep.", "Oct.", "Nov.", "Dec."][usize::from(month - 1)]);
                prop_assert_eq!(text_date(&words), Some(date));
                prop_assert_eq!(expiry_in_note(&format!("expires on {words}.")), Some(date));
            }
            let partial = PartialDate::year_month(year, month).unwrap();
            prop_assert_eq!(iso_date(&partial.to_string()), Some(partial));
        }

        #[test]
        fn year_ranges_cover_every_year(from in 1u16..=9000, span in 0u16..=120) {
            let to = from + span;
            match year_range(from, to) {
                Some(years) => {
                    prop_assert!(span <= MAX_YEAR_RANGE);
                    prop_assert_eq!(years.len(), usize::from(span) + 1);
                    prop_assert_eq!(years.first().map(PartialDate::get_year), Some(from));
                    prop_assert_eq!(years.last().map(PartialDate::get_year), Some(to));
                }
                None => prop_assert!(span > MAX_YEAR_RANGE),
            }
        }
    }
}
