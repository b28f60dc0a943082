//! Exact percentages.
//!
//! The ownership rules turn on sharp lines (50% or more; more than 50%), and a
//! sum such as 33.3 + 16.7 must land exactly on 50. Floating point does not
//! promise that, so a share is kept as a whole number of millionths of a
//! percent and sums are integer sums.

use std::fmt;

use serde::{Serialize, Serializer};

/// A share of an entity, 0–100%, exact to a millionth of a percent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Percent(u32);

/// Millionths of a percent in one percent.
const UNIT: u64 = 1_000_000;

/// Why a text is not a percentage.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PercentError {
    /// Not a decimal number.
    #[error("{0:?} is not a percentage (want a number from 0 to 100, e.g. 25 or 33.5)")]
    NotANumber(String),
    /// More than six decimal places.
    #[error("{0:?} has more than 6 decimal places; round it to millionths of a percent")]
    TooPrecise(String),
    /// Above 100.
    #[error("{0:?} is more than 100%")]
    OverHundred(String),
}

impl Percent {
    /// 0%.
    pub const ZERO: Percent = Percent(0);
    /// 50%: the line of every rule here.
    pub const FIFTY: Percent = Percent(50 * UNIT as u32);
    /// 100%.
    pub const HUNDRED: Percent = Percent(100 * UNIT as u32);

    /// Reads a decimal percentage in 0–100 (`25`, `33.5`, `12.345678`; an
    /// optional trailing `%`). At most six decimal places; no exponent, sign
    /// or thousands separator.
    pub fn parse(text: &str) -> Result<Percent, PercentError> {
        let trimmed = text.trim();
        let number = trimmed.strip_suffix('%').unwrap_or(trimmed).trim_end();
        let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() && fraction.is_empty() || !digits(whole) || !digits(fraction) {
            return Err(PercentError::NotANumber(text.to_string()));
        }
        if fraction.len() > 6 {
            return Err(PercentError::TooPrecise(text.to_string()));
        }
        let whole = whole.trim_start_matches('0');
        if whole.len() > 3 {
            return Err(PercentError::OverHundred(text.to_string()));
        }
        let whole: u64 = if whole.is_empty() {
            0
        } else {
            whole.parse().unwrap_or(u64::MAX)
        };
        let mut micros: u64 = 0;
        for (i, b) in fraction.bytes().enumerate() {
            micros += u64::from(b - b'0') * 10u64.pow(5 - i as u32);
        }
        let total = whole * UNIT + micros;
        if total > 100 * UNIT {
            return Err(PercentError::OverHundred(text.to_string()));
        }
        Ok(Percent(total as u32))
    }

    /// From millionths of a percent; `None` above 100%.
    pub fn from_micros(micros: u64) -> Option<Percent> {
        (micros <= 100 * UNIT).then_some(Percent(micros as u32))
    }

    /// Millionths of a percent.
    pub fn micros(self) -> u64 {
        u64::from(self.0)
    }

    /// As a floating-point number of percent, for display and JSON.
    pub fn as_f64(self) -> f64 {
        f64::from(self.0) / UNIT as f64
    }
}

/// A sum of shares, which may exceed 100% when the data over-states holdings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Share(pub u64);

impl Share {
    /// Adds a percentage.
    pub fn add(&mut self, percent: Percent) {
        self.0 += percent.micros();
    }

    /// Whether the sum is 50% or more.
    pub fn at_least_half(self) -> bool {
        self.0 >= Percent::FIFTY.micros()
    }

    /// Whether the sum is more than 50%.
    pub fn more_than_half(self) -> bool {
        self.0 > Percent::FIFTY.micros()
    }

    /// As a floating-point number of percent.
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / UNIT as f64
    }
}

fn write_micros(f: &mut fmt::Formatter<'_>, micros: u64) -> fmt::Result {
    let whole = micros / UNIT;
    let fraction = micros % UNIT;
    if fraction == 0 {
        write!(f, "{whole}%")
    } else {
        let digits = format!("{fraction:06}");
        write!(f, "{whole}.{}%", digits.trim_end_matches('0'))
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_micros(f, self.micros())
    }
}

impl fmt::Display for Share {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_micros(f, self.0)
    }
}

impl Serialize for Percent {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(self.as_f64())
    }
}

impl Serialize for Share {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(self.as_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn exact_decimal_sums() {
        let mut sum = Share::default();
        sum.add(Percent::parse("33.3").unwrap());
        sum.add(Percent::parse("16.7").unwrap());
        assert_eq!(sum.0, Percent::FIFTY.micros());
        assert!(sum.at_least_half() && !sum.more_than_half());
        assert_eq!(sum.to_string(), "50%");
        assert_eq!(
            Percent::parse("12.345678%").unwrap().to_string(),
            "12.345678%"
        );
        assert_eq!(Percent::parse("100").unwrap(), Percent::HUNDRED);
        assert_eq!(Percent::parse(".5").unwrap().to_string(), "0.5%");
        assert_eq!(Percent::parse("007").unwrap().to_string(), "7%");
    }

    #[test]
    fn refuses_what_is_not_a_share() {
        for bad in [
            "",
            ".",
            "-1",
            "100.000001",
            "101",
            "1e2",
            "50,5",
            "1.1234567",
            "abc",
            "+5",
        ] {
            assert!(Percent::parse(bad).is_err(), "{bad:?}");
        }
    }

    proptest! {
        #[test]
        fn display_round_trips(micros in 0u64..=100_000_000) {
            let percent = Percent::from_micros(micros).unwrap();
            prop_assert_eq!(Percent::parse(&percent.to_string()).unwrap(), percent);
        }

        #[test]
        fn never_panics(text in "\\PC{0,12}") {
            let _ = Percent::parse(&text);
        }
    }
}
