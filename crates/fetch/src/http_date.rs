//! HTTP dates (`Last-Modified`, `Retry-After`).
//!
//! A publisher's `Last-Modified` is the best publication date a downloaded file
//! has when its content carries none, and `Retry-After` may be a date too. HTTP
//! allows three spellings (RFC 9110 §5.6.7); servers use the first almost
//! always, but a date that cannot be read must never fail a download, so the
//! parser returns `None` rather than an error.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

/// Parses an HTTP date in any of its three forms, as UTC:
/// IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`, RFC 850
/// `Sunday, 06-Nov-94 08:49:37 GMT`, asctime `Sun Nov  6 08:49:37 1994`.
/// The weekday is not checked against the date (some servers get it wrong).
///
/// ```
/// use interdict_fetch::parse_http_date;
/// let date = parse_http_date("Thu, 28 Dec 2023 21:05:11 GMT").unwrap();
/// assert_eq!(date.to_string(), "2023-12-28 21:05:11");
/// ```
pub fn parse_http_date(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    if let Some((_weekday, rest)) = text.split_once(", ") {
        let rest = rest.trim();
        if let Some(stripped) = rest
            .strip_suffix("GMT")
            .or_else(|| rest.strip_suffix("UTC"))
        {
            let stripped = stripped.trim_end();
            // IMF-fixdate (also tolerates a one-digit day).
            if let Ok(date) = NaiveDateTime::parse_from_str(stripped, "%d %b %Y %H:%M:%S") {
                return Some(date);
            }
            // RFC 850, two-digit year: chrono maps 00–68 to 20xx, 69–99 to 19xx.
            if let Ok(date) = NaiveDateTime::parse_from_str(stripped, "%d-%b-%y %H:%M:%S") {
                return Some(date);
            }
        }
        return None;
    }
    // asctime: "Sun Nov  6 08:49:37 1994"
    let (_weekday, rest) = text.split_once(' ')?;
    let rest = rest.split_whitespace().collect::<Vec<_>>().join(" ");
    NaiveDateTime::parse_from_str(&rest, "%b %d %H:%M:%S %Y").ok()
}

/// The UTC calendar day of an HTTP date, if it can be read.
pub fn http_date_day(text: &str) -> Option<NaiveDate> {
    parse_http_date(text).map(|date| date.date())
}

/// Formats a time as IMF-fixdate, the form servers send.
pub fn format_http_date(date: NaiveDateTime) -> String {
    DateTime::<Utc>::from_naive_utc_and_offset(date, Utc)
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_three_forms() {
        let expected = NaiveDate::from_ymd_opt(1994, 11, 6)
            .unwrap()
            .and_hms_opt(8, 49, 37)
            .unwrap();
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(expected)
        );
        assert_eq!(
            parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"),
            Some(expected)
        );
        assert_eq!(parse_http_date("Sun Nov  6 08:49:37 1994"), Some(expected));
        // Wrong weekday: still the date the server meant.
        assert_eq!(
            parse_http_date("Mon, 06 Nov 1994 08:49:37 GMT"),
            Some(expected)
        );
        assert_eq!(
            http_date_day("Fri, 27 Feb 2026 00:00:01 GMT"),
            NaiveDate::from_ymd_opt(2026, 2, 27)
        );
    }

    #[test]
    fn garbage_is_none() {
        for text in [
            "",
            "yesterday",
            "Sun, 32 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 25:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 CET",
            "120",
            ", GMT",
        ] {
            assert_eq!(parse_http_date(text), None, "{text:?}");
        }
    }

    proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,64}") {
            let _ = parse_http_date(&text);
        }

        #[test]
        fn format_then_parse_round_trips(seconds in 0i64..4_102_444_800) {
            let date = DateTime::from_timestamp(seconds, 0).unwrap().naive_utc();
            prop_assert_eq!(parse_http_date(&format_http_date(date)), Some(date));
        }
    }
}
