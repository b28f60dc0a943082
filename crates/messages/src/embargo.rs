//! Countries and places under comprehensive embargoes.
//!
//! The regimes engineer's `interdict_regimes::Regimes::embedded().embargoes_for(place, date)`
//! is the authority on this; until it is merged, this one function holds an interim table of
//! the comprehensive embargoes of the US (OFAC) on the countries and regions every screening
//! policy flags, with the dates they apply from (and until, for Syria's, lifted on
//! 2025-06-30 by E.O. 14312). Every caller goes through [`embargoes_for`], so the switch is
//! one function body.

use chrono::NaiveDate;
use interdict_engine::index::normalize_country;
use serde::Serialize;

/// A comprehensive embargo that covers a place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Embargo {
    /// The embargoed country (ISO 3166-1 alpha-2) or region (`UA-43` Crimea, `UA-14`
    /// Donetsk, `UA-09` Luhansk: ISO 3166-2).
    pub territory: &'static str,
    /// Its name.
    pub name: &'static str,
    /// The programme.
    pub program: &'static str,
}

struct Row {
    territory: &'static str,
    name: &'static str,
    program: &'static str,
    from: (i32, u32, u32),
    until: Option<(i32, u32, u32)>,
    /// Lowercase names of the territory and its main cities.
    places: &'static [&'static str],
}

const TABLE: &[Row] = &[
    Row {
        territory: "CU",
        name: "Cuba",
        program: "CUBA (31 CFR 515)",
        from: (1963, 7, 8),
        until: None,
        places: &["cuba", "havana", "la habana", "santiago de cuba", "mariel"],
    },
    Row {
        territory: "IR",
        name: "Iran",
        program: "IRAN (31 CFR 560)",
        from: (1995, 5, 6),
        until: None,
        places: &[
            "iran",
            "islamic republic of iran",
            "tehran",
            "teheran",
            "isfahan",
            "esfahan",
            "mashhad",
            "tabriz",
            "shiraz",
            "bandar abbas",
            "bandar-e abbas",
            "kish",
            "qeshm",
        ],
    },
    Row {
        territory: "KP",
        name: "North Korea",
        program: "DPRK (31 CFR 510)",
        from: (2016, 3, 16),
        until: None,
        places: &[
            "north korea",
            "dprk",
            "democratic people's republic of korea",
            "pyongyang",
            "nampo",
            "rason",
            "sinuiju",
        ],
    },
    Row {
        territory: "SY",
        name: "Syria",
        program: "SYRIA (31 CFR 542)",
        from: (2011, 8, 18),
        until: Some((2025, 6, 30)),
        places: &[
            "syria",
            "syrian arab republic",
            "damascus",
            "aleppo",
            "latakia",
            "tartus",
            "homs",
        ],
    },
    Row {
        territory: "UA-43",
        name: "Crimea region of Ukraine",
        program: "UKRAINE-EO13685",
        from: (2014, 12, 19),
        until: None,
        places: &[
            "crimea",
            "sevastopol",
            "simferopol",
            "yalta",
            "kerch",
            "feodosia",
        ],
    },
    Row {
        territory: "UA-14",
        name: "so-called Donetsk People's Republic",
        program: "UKRAINE-EO14065",
        from: (2022, 2, 21),
        until: None,
        places: &["donetsk", "mariupol", "dnr"],
    },
    Row {
        territory: "UA-09",
        name: "so-called Luhansk People's Republic",
        program: "UKRAINE-EO14065",
        from: (2022, 2, 21),
        until: None,
        places: &["luhansk", "lugansk", "lnr"],
    },
];

fn date((y, m, d): (i32, u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid table date")
}

/// The comprehensive embargoes in force on `on` that cover `place`: a country as a name or
/// ISO code ("IR", "Iran", "Islamic Republic of Iran"), or a city or region ("Tehran",
/// "Sevastopol").
///
/// ```
/// use chrono::NaiveDate;
/// use interdict_messages::embargoes_for;
/// let day = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
/// assert_eq!(embargoes_for("IR", day)[0].territory, "IR");
/// assert_eq!(embargoes_for("TEHRAN", day)[0].territory, "IR");
/// assert!(embargoes_for("Damascus", day).is_empty(), "lifted on 2025-06-30");
/// assert!(embargoes_for("Madrid", day).is_empty());
/// ```
pub fn embargoes_for(place: &str, on: NaiveDate) -> Vec<Embargo> {
    let lower = place.trim().to_lowercase();
    let country = normalize_country(place);
    TABLE
        .iter()
        .filter(|row| date(row.from) <= on && row.until.is_none_or(|until| on <= date(until)))
        .filter(|row| {
            row.places.contains(&lower.as_str())
                || (row.territory.len() == 2 && country.as_deref() == Some(row.territory))
        })
        .map(|row| Embargo {
            territory: row.territory,
            name: row.name,
            program: row.program,
        })
        .collect()
}

/// The embargoed places named in a line of free text or an address line, as
/// (place as written, embargoes). Words are matched whole, one to three at a time.
pub(crate) fn places_in(text: &str, on: NaiveDate) -> Vec<(String, Vec<Embargo>)> {
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let mut matched = 0;
        for len in (1..=3).rev() {
            if i + len > words.len() {
                continue;
            }
            let phrase = words[i..i + len].join(" ");
            let lower = phrase.to_lowercase();
            // Only place names here: a two-letter word in prose is not a country code.
            if TABLE.iter().any(|row| row.places.contains(&lower.as_str())) {
                let found = embargoes_for(&phrase, on);
                if !found.is_empty() {
                    out.push((phrase, found));
                    matched = len;
                    break;
                }
            }
        }
        i += matched.max(1);
    }
    out
}
