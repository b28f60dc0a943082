//! Which states a regime binds on a date: UN and EU membership, dated.
//!
//! A UN travel ban binds every UN member state (Russia included); an EU ban
//! binds the EU member states of the day, and bound the United Kingdom until
//! the end of the Brexit transition period (EU law applied in the UK until
//! 2020-12-31, Withdrawal Agreement Art. 126–127).

use chrono::NaiveDate;

/// A date written as (year, month, day).
type Ymd = (i32, u32, u32);

/// UN members that joined on or after 2000, with the admission date; every
/// other code in [`UN_MEMBERS`] was a member before 2000.
const UN_LATE: [(&str, Ymd); 5] = [
    ("TV", (2000, 9, 5)),
    ("CH", (2002, 9, 10)),
    ("TL", (2002, 9, 27)),
    ("ME", (2006, 6, 28)),
    ("SS", (2011, 7, 14)),
];

/// The 193 UN member states, ISO 3166-1 alpha-2
/// (<https://www.un.org/en/about-us/member-states>). Observers (the Holy
/// See, Palestine) and non-members (Kosovo, Taiwan) are not bound by
/// Security Council decisions as members.
const UN_MEMBERS: [&str; 193] = [
    "AF", "AL", "DZ", "AD", "AO", "AG", "AR", "AM", "AU", "AT", "AZ", "BS", "BH", "BD", "BB", "BY",
    "BE", "BZ", "BJ", "BT", "BO", "BA", "BW", "BR", "BN", "BG", "BF", "BI", "CV", "KH", "CM", "CA",
    "CF", "TD", "CL", "CN", "CO", "KM", "CG", "CR", "CI", "HR", "CU", "CY", "CZ", "KP", "CD", "DK",
    "DJ", "DM", "DO", "EC", "EG", "SV", "GQ", "ER", "EE", "SZ", "ET", "FJ", "FI", "FR", "GA", "GM",
    "GE", "DE", "GH", "GR", "GD", "GT", "GN", "GW", "GY", "HT", "HN", "HU", "IS", "IN", "ID", "IR",
    "IQ", "IE", "IL", "IT", "JM", "JP", "JO", "KZ", "KE", "KI", "KW", "KG", "LA", "LV", "LB", "LS",
    "LR", "LY", "LI", "LT", "LU", "MG", "MW", "MY", "MV", "ML", "MT", "MH", "MR", "MU", "MX", "FM",
    "MC", "MN", "ME", "MA", "MZ", "MM", "NA", "NR", "NP", "NL", "NZ", "NI", "NE", "NG", "MK", "NO",
    "OM", "PK", "PW", "PA", "PG", "PY", "PE", "PH", "PL", "PT", "QA", "KR", "MD", "RO", "RU", "RW",
    "KN", "LC", "VC", "WS", "SM", "ST", "SA", "SN", "RS", "SC", "SL", "SG", "SK", "SI", "SB", "SO",
    "ZA", "SS", "ES", "LK", "SD", "SR", "SE", "CH", "SY", "TJ", "TH", "TL", "TG", "TO", "TT", "TN",
    "TR", "TM", "TV", "UG", "UA", "AE", "GB", "TZ", "US", "UY", "UZ", "VU", "VE", "VN", "YE", "ZM",
    "ZW",
];

/// EU member states with accession (and, for the UK, end of EU law's
/// application) dates. <https://european-union.europa.eu/principles-countries-history/eu-countries_en>
const EU_MEMBERS: [(&str, Ymd, Option<Ymd>); 28] = [
    ("BE", (1958, 1, 1), None),
    ("DE", (1958, 1, 1), None),
    ("FR", (1958, 1, 1), None),
    ("IT", (1958, 1, 1), None),
    ("LU", (1958, 1, 1), None),
    ("NL", (1958, 1, 1), None),
    ("DK", (1973, 1, 1), None),
    ("IE", (1973, 1, 1), None),
    // The UK left on 2020-01-31; EU law applied until the end of the
    // transition period, 2020-12-31.
    ("GB", (1973, 1, 1), Some((2021, 1, 1))),
    ("GR", (1981, 1, 1), None),
    ("ES", (1986, 1, 1), None),
    ("PT", (1986, 1, 1), None),
    ("AT", (1995, 1, 1), None),
    ("FI", (1995, 1, 1), None),
    ("SE", (1995, 1, 1), None),
    ("CY", (2004, 5, 1), None),
    ("CZ", (2004, 5, 1), None),
    ("EE", (2004, 5, 1), None),
    ("HU", (2004, 5, 1), None),
    ("LV", (2004, 5, 1), None),
    ("LT", (2004, 5, 1), None),
    ("MT", (2004, 5, 1), None),
    ("PL", (2004, 5, 1), None),
    ("SK", (2004, 5, 1), None),
    ("SI", (2004, 5, 1), None),
    ("BG", (2007, 1, 1), None),
    ("RO", (2007, 1, 1), None),
    ("HR", (2013, 7, 1), None),
];

fn ymd((y, m, d): Ymd) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("the tables hold valid dates")
}

/// Whether the state (ISO alpha-2, upper case) was a UN member on `date`.
pub fn is_un_member(country: &str, date: NaiveDate) -> bool {
    if !UN_MEMBERS.contains(&country) {
        return false;
    }
    match UN_LATE.iter().find(|(c, _)| *c == country) {
        Some((_, joined)) => date >= ymd(*joined),
        None => true,
    }
}

/// Whether EU law bound the state (ISO alpha-2, upper case) on `date`.
pub fn is_eu_member(country: &str, date: NaiveDate) -> bool {
    EU_MEMBERS.iter().any(|(c, from, until)| {
        *c == country && date >= ymd(*from) && until.is_none_or(|u| date < ymd(u))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn membership_is_dated() {
        assert!(is_un_member("RU", d("2015-07-24")));
        assert!(!is_un_member("VA", d("2015-07-24")));
        assert!(!is_un_member("SS", d("2011-07-13")));
        assert!(is_un_member("SS", d("2011-07-14")));
        assert!(is_eu_member("GB", d("2020-12-31")));
        assert!(!is_eu_member("GB", d("2021-01-01")));
        assert!(!is_eu_member("HR", d("2013-06-30")));
        assert!(is_eu_member("FR", d("2015-07-24")));
        assert!(!is_eu_member("RU", d("2015-07-24")));
        let mut sorted = UN_MEMBERS.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 193, "no code twice");
    }
}
