//! Dates as OFAC writes them.
//!
//! OFAC's legacy files write dates in English day-month-year form with
//! abbreviated months (`11 Mar 1957`), often with only the month and year or the
//! year, and birth dates additionally as `circa 1957`, as ranges (`1960 to 1962`,
//! `01 Jan 1961 to 31 Dec 1963`) and, in the XML files, as `MM/DD/YYYY`
//! publication dates. A birth date must stay as precise as the list states it:
//! `1957` must not become `1957-01-01`, so everything here yields
//! [`PartialDate`]s. A range becomes every year (or, within one year, every
//! month) it covers, because a matcher compares a candidate date with each of
//! them.

use interdict_model::PartialDate;

use crate::common;

/// The longest year range expanded into single years. OFAC's widest birth-year
/// range is six years; a wider one is more likely a typo than a statement.
const MAX_RANGE_YEARS: u16 = 30;

const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Reads a month name: the three-letter abbreviation OFAC uses, the full
/// English name, or `Sept`, in any case; a trailing period is ignored.
fn month(word: &str) -> Option<u8> {
    common::month_number(word.trim_end_matches('.'))
}

fn number(word: &str, min_len: usize, max_len: usize) -> Option<u16> {
    common::digits(word, min_len, max_len).and_then(|n| u16::try_from(n).ok())
}

/// Parses one date as OFAC writes it: `11 Mar 1957`, `Mar 1957`, `1957`, also
/// ISO `1957-03-11` and the XML files' `03/11/1957` (month first). A trailing
/// period is ignored. Returns `None` for anything else, and for impossible
/// dates (`31 Feb 1957`).
pub fn parse_date(text: &str) -> Option<PartialDate> {
    let text = text.trim().trim_end_matches('.').trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(date) = text.parse::<PartialDate>() {
        return Some(date);
    }
    if let Some(date) = parse_us_slashed(text) {
        return Some(date);
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    match words.as_slice() {
        [year] => PartialDate::year(number(year, 4, 4)?),
        [mon, year] => PartialDate::year_month(number(year, 4, 4)?, month(mon)?),
        [day, mon, year] => {
            PartialDate::ymd(number(year, 4, 4)?, month(mon)?, number(day, 1, 2)? as u8)
        }
        _ => None,
    }
}

/// `MM/DD/YYYY`, as in the `sdnList` XML's `Publish_Date`.
fn parse_us_slashed(text: &str) -> Option<PartialDate> {
    let mut parts = text.split('/');
    let (m, d, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    PartialDate::ymd(
        number(y, 4, 4)?,
        number(m, 1, 2)? as u8,
        number(d, 1, 2)? as u8,
    )
}

/// Writes a date the way OFAC does: `11 Mar 1957`, `Mar 1957` or `1957`.
/// [`parse_date`] reads it back.
pub fn format_date(date: PartialDate) -> String {
    match (date.get_month(), date.get_day()) {
        (Some(m), Some(d)) => format!(
            "{d:02} {} {:04}",
            MONTH_NAMES[m as usize - 1],
            date.get_year()
        ),
        (Some(m), None) => format!("{} {:04}", MONTH_NAMES[m as usize - 1], date.get_year()),
        _ => format!("{:04}", date.get_year()),
    }
}

/// A birth date (or other date statement) read from a remark.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateStatement {
    /// The dates to record: one, or every year / month a range covers.
    pub dates: Vec<PartialDate>,
    /// The list said `circa`.
    pub approximate: bool,
    /// The statement was a range whose bounds are not whole months or years,
    /// so `dates` covers somewhat more than the list states.
    pub widened: bool,
}

/// Parses a date statement: a date ([`parse_date`]), `circa <date>`, or a
/// range `<date> to <date>` (also `circa 1979-1982`). Ranges become every year
/// they cover, or, when both ends fall in one year, every month. Returns
/// `None` when the text is not such a statement, when the range runs
/// backwards, or when it spans more than thirty years.
pub fn parse_date_statement(text: &str) -> Option<DateStatement> {
    let mut text = text.trim().trim_end_matches('.').trim();
    let mut approximate = false;
    for prefix in ["circa ", "approximately ", "ca. ", "c. "] {
        if let Some(rest) = strip_prefix_ignore_case(text, prefix) {
            text = rest.trim();
            approximate = true;
            break;
        }
    }
    if let Some(date) = parse_date(text) {
        return Some(DateStatement {
            dates: vec![date],
            approximate,
            widened: false,
        });
    }
    let (from, to) = split_range(text)?;
    let (from, to) = (parse_date(from)?, parse_date(to)?);
    let (dates, widened) = expand_range(from, to)?;
    Some(DateStatement {
        dates,
        approximate,
        widened,
    })
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

fn split_range(text: &str) -> Option<(&str, &str)> {
    if let Some((from, to)) = text.split_once(" to ") {
        return Some((from, to));
    }
    // `1979-1982`: two bare years.
    let (from, to) = text.split_once('-')?;
    let (from, to) = (from.trim(), to.trim());
    (number(from, 4, 4).is_some() && number(to, 4, 4).is_some()).then_some((from, to))
}

fn last_day(year: u16, month: u8) -> u8 {
    (28..=31)
        .rev()
        .find(|&d| PartialDate::ymd(year, month, d).is_some())
        .unwrap_or(28)
}

/// Every year from `from` to `to`, or every month when both lie in one year.
/// The flag says whether that covers more than the range.
fn expand_range(from: PartialDate, to: PartialDate) -> Option<(Vec<PartialDate>, bool)> {
    let (y1, y2) = (from.get_year(), to.get_year());
    if y2 < y1 || y2 - y1 > MAX_RANGE_YEARS {
        return None;
    }
    let starts_cleanly = |d: PartialDate, whole_year: bool| match (d.get_month(), d.get_day()) {
        (None, _) => true,
        (Some(m), day) => (!whole_year || m == 1) && day.is_none_or(|day| day == 1),
    };
    let ends_cleanly = |d: PartialDate, whole_year: bool| match (d.get_month(), d.get_day()) {
        (None, _) => true,
        (Some(m), day) => {
            (!whole_year || m == 12) && day.is_none_or(|day| day == last_day(d.get_year(), m))
        }
    };
    if y1 == y2 {
        if let (Some(m1), Some(m2)) = (from.get_month(), to.get_month()) {
            if m2 < m1 {
                return None;
            }
            if m1 == 1 && m2 == 12 && starts_cleanly(from, true) && ends_cleanly(to, true) {
                return Some((vec![PartialDate::year(y1)?], false));
            }
            let months = (m1..=m2)
                .filter_map(|m| PartialDate::year_month(y1, m))
                .collect();
            let exact = starts_cleanly(from, false) && ends_cleanly(to, false);
            return Some((months, !exact));
        }
    }
    let years = (y1..=y2).filter_map(PartialDate::year).collect();
    let exact = starts_cleanly(from, true) && ends_cleanly(to, true);
    Some((years, !exact))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> PartialDate {
        text.parse().unwrap()
    }

    #[test]
    fn single_dates() {
        assert_eq!(parse_date("11 Mar 1957"), Some(d("1957-03-11")));
        assert_eq!(parse_date("Mar 1957."), Some(d("1957-03")));
        assert_eq!(parse_date("1957"), Some(d("1957")));
        assert_eq!(parse_date("04/06/2018"), Some(d("2018-04-06")));
        assert_eq!(parse_date("2025-01-10"), Some(d("2025-01-10")));
        assert_eq!(parse_date("1 September 2001"), Some(d("2001-09-01")));
        assert_eq!(parse_date("31 Feb 1957"), None);
        assert_eq!(parse_date("Mars 1957"), None);
        assert_eq!(parse_date("57"), None);
    }

    #[test]
    fn statements() {
        let circa = parse_date_statement("circa 1957").unwrap();
        assert!(circa.approximate);
        assert_eq!(circa.dates, [d("1957")]);
        let range = parse_date_statement("1960 to 1962").unwrap();
        assert_eq!(range.dates, [d("1960"), d("1961"), d("1962")]);
        assert!(!range.widened);
        let whole = parse_date_statement("01 Jan 1961 to 31 Dec 1963").unwrap();
        assert_eq!(whole.dates, [d("1961"), d("1962"), d("1963")]);
        assert!(!whole.widened);
        let months = parse_date_statement("26 Sep 1946 to 07 Dec 1946").unwrap();
        assert_eq!(months.dates.len(), 4);
        assert!(months.widened);
        let one_month = parse_date_statement("01 Oct 1992 to 31 Oct 1992").unwrap();
        assert_eq!(one_month.dates, [d("1992-10")]);
        assert!(!one_month.widened);
        let iranian = parse_date_statement("21 Mar 1965 to 20 Mar 1966").unwrap();
        assert_eq!(iranian.dates, [d("1965"), d("1966")]);
        assert!(iranian.widened);
        let dashed = parse_date_statement("circa 1979-1982").unwrap();
        assert_eq!(dashed.dates.len(), 4);
        assert_eq!(parse_date_statement("1962 to 1960"), None);
        assert_eq!(parse_date_statement("1900 to 1990"), None);
    }

    #[test]
    fn formatting() {
        assert_eq!(format_date(d("1957-03-11")), "11 Mar 1957");
        assert_eq!(format_date(d("1957-03")), "Mar 1957");
        assert_eq!(format_date(d("0957")), "0957");
    }
}
