//! Countries and places under comprehensive embargoes, from the regime table.
//!
//! The table and its matching rules (codes, country names, cities and regions in the
//! spellings payments use; case, accents and scripts folded) belong to `interdict-regimes`
//! (`data/embargoes.toml`); this module only turns its answer into what a message report
//! shows, and finds place names in free-text lines.

use chrono::NaiveDate;
use interdict_regimes::Regimes;
use serde::Serialize;

/// A comprehensive embargo that covers a place, as a message report shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Embargo {
    /// The regime table's id (`us-iran`, `eu-crimea`).
    pub id: String,
    /// Its name.
    pub name: String,
    /// The authority that imposes it.
    pub authority: String,
    /// The country covered, or the state a covered territory belongs to (ISO 3166-1
    /// alpha-2).
    pub country: String,
    /// Whether it covers a territory (Crimea, ...) rather than a whole country.
    pub territory: bool,
    /// The legal basis in force on the date checked.
    pub basis: String,
    /// Where the basis is published.
    pub citation: String,
}

/// The comprehensive embargoes in force on `on` that cover `place`: a country as an ISO code or
/// a name ("IR", "IRN", "Iran"), or a city or region ("Tehran", "Sevastopol").
///
/// ```
/// use chrono::NaiveDate;
/// use interdict_messages::embargoes_for;
/// let day = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
/// assert_eq!(embargoes_for("IR", day)[0].id, "us-iran");
/// assert_eq!(embargoes_for("TEHRAN", day)[0].country, "IR");
/// assert!(embargoes_for("Madrid", day).is_empty());
/// ```
pub fn embargoes_for(place: &str, on: NaiveDate) -> Vec<Embargo> {
    Regimes::embedded()
        .embargoes_for(place, on)
        .into_iter()
        .map(|embargo| {
            let period = embargo.period_on(on);
            let country = embargo
                .territory_of
                .clone()
                .or_else(|| embargo.countries.iter().find(|c| c.len() == 2).cloned())
                .unwrap_or_default();
            Embargo {
                id: embargo.id.clone(),
                name: embargo.name.clone(),
                authority: embargo.authority.clone(),
                country,
                territory: embargo.territory_of.is_some(),
                basis: period.map(|p| p.basis.clone()).unwrap_or_default(),
                citation: period.map(|p| p.citation.clone()).unwrap_or_default(),
            }
        })
        .collect()
}

/// The embargoed places named in a line of free text or an address line, as (place as
/// written, embargoes). Phrases of one to five words are tried, longest first; phrases of
/// three characters or fewer are skipped, since in prose "IR" or "CUB" is not a country.
pub(crate) fn places_in(text: &str, on: NaiveDate) -> Vec<(String, Vec<Embargo>)> {
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let mut matched = 0;
        for len in (1..=5).rev() {
            if i + len > words.len() {
                continue;
            }
            let phrase = words[i..i + len].join(" ");
            if phrase.chars().count() <= 3 {
                continue;
            }
            let found = embargoes_for(&phrase, on);
            if !found.is_empty() {
                out.push((phrase, found));
                matched = len;
                break;
            }
        }
        i += matched.max(1);
    }
    out
}
