//! Dates that may be partial.

use std::fmt;
use std::str::FromStr;

/// A calendar date of which only the year, or the year and month, may be known.
/// Lists routinely give "1957" or "Mar 1957"; that must not become 1957-01-01.
///
/// Invariant: `day` is only set when `month` is, and both are in range for the
/// year (leap years included).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    year: u16,
    month: Option<u8>,
    day: Option<u8>,
}

/// Why a date was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartialDateError {
    /// The text that was refused.
    pub input: String,
}

impl fmt::Display for PartialDateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "not a date (want YYYY, YYYY-MM or YYYY-MM-DD): {:?}",
            self.input
        )
    }
}

impl std::error::Error for PartialDateError {}

impl PartialDate {
    /// A year only.
    pub fn year(year: u16) -> Option<PartialDate> {
        (1..=9999).contains(&year).then_some(PartialDate {
            year,
            month: None,
            day: None,
        })
    }

    /// A year and month.
    pub fn year_month(year: u16, month: u8) -> Option<PartialDate> {
        let date = PartialDate::year(year)?;
        (1..=12).contains(&month).then_some(PartialDate {
            month: Some(month),
            ..date
        })
    }

    /// A full date.
    pub fn ymd(year: u16, month: u8, day: u8) -> Option<PartialDate> {
        let date = PartialDate::year_month(year, month)?;
        (1..=days_in_month(year, month))
            .contains(&day)
            .then_some(PartialDate {
                day: Some(day),
                ..date
            })
    }

    /// The year.
    pub fn get_year(&self) -> u16 {
        self.year
    }

    /// The month, if known.
    pub fn get_month(&self) -> Option<u8> {
        self.month
    }

    /// The day, if known.
    pub fn get_day(&self) -> Option<u8> {
        self.day
    }

    /// Whether the day is known.
    pub fn is_full(&self) -> bool {
        self.day.is_some()
    }

    /// Whether `self` could denote the same day as `other`: every part that both
    /// know agrees. `1957` is compatible with `1957-03-11`; `1957-04` is not.
    pub fn is_compatible(&self, other: &PartialDate) -> bool {
        fn agree(a: Option<u8>, b: Option<u8>) -> bool {
            a.zip(b).is_none_or(|(a, b)| a == b)
        }
        self.year == other.year && agree(self.month, other.month) && agree(self.day, other.day)
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ => {
            let leap =
                (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
            if leap {
                29
            } else {
                28
            }
        }
    }
}

impl FromStr for PartialDate {
    type Err = PartialDateError;

    /// Reads ISO 8601 `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let error = || PartialDateError {
            input: s.to_string(),
        };
        let mut parts = s.split('-');
        let number = |part: Option<&str>, width: usize| -> Result<Option<u16>, PartialDateError> {
            match part {
                None => Ok(None),
                Some(p) if p.len() == width && p.bytes().all(|b| b.is_ascii_digit()) => {
                    Ok(Some(p.parse().map_err(|_| error())?))
                }
                Some(_) => Err(error()),
            }
        };
        let year = number(parts.next(), 4)?.ok_or_else(error)?;
        let month = number(parts.next(), 2)?;
        let day = number(parts.next(), 2)?;
        if parts.next().is_some() {
            return Err(error());
        }
        let date = match (month, day) {
            (None, _) => PartialDate::year(year),
            (Some(m), None) => PartialDate::year_month(year, m as u8),
            (Some(m), Some(d)) => PartialDate::ymd(year, m as u8, d as u8),
        };
        date.ok_or_else(error)
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_stay_partial() {
        for text in ["1957", "1957-03", "1957-03-11", "2000-02-29"] {
            assert_eq!(text.parse::<PartialDate>().unwrap().to_string(), text);
        }
        for bad in [
            "",
            "57",
            "1957-3",
            "1957-13",
            "1957-02-29",
            "1957-03-11-1",
            "abcd",
            "0000",
        ] {
            assert!(bad.parse::<PartialDate>().is_err(), "{bad}");
        }
    }

    #[test]
    fn compatibility() {
        let year: PartialDate = "1957".parse().unwrap();
        let full: PartialDate = "1957-03-11".parse().unwrap();
        let other_month: PartialDate = "1957-04".parse().unwrap();
        assert!(year.is_compatible(&full));
        assert!(full.is_compatible(&year));
        assert!(!other_month.is_compatible(&full));
    }
}
