//! Comprehensive country and territory embargoes, for payment screening.
//!
//! A payment to Sevastopol is caught by no name list: the place is the
//! sanction. Each embargo names the countries it covers (ISO alpha-2 and
//! alpha-3) or, for a territory, the places in it that a payment message
//! writes (cities, regions, in the spellings they come in), with the periods
//! it was in force and their legal basis.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{invalid, validate_periods, Binds, Period, TableError};

/// A comprehensive embargo on a country or a territory.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Embargo {
    /// Stable id, `<authority>-<target>`: `us-cuba`, `eu-crimea`.
    pub id: String,
    /// Human name.
    pub name: String,
    /// The authority that imposes it.
    pub authority: String,
    /// Who it binds.
    pub binds: Vec<Binds>,
    /// Whole countries covered: ISO 3166-1 alpha-2 and alpha-3 codes.
    #[serde(default)]
    pub countries: Vec<String>,
    /// Names of the covered countries (`Cuba`, `North Korea`, ...).
    #[serde(default)]
    pub names: Vec<String>,
    /// For a territory, the ISO alpha-2 code of the state it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub territory_of: Option<String>,
    /// Regions and cities covered (for a territory, these define it).
    #[serde(default)]
    pub places: Vec<String>,
    /// When it was in force, with basis and citation.
    pub periods: Vec<Period>,
    /// Anything a reader must know (exemptions, general licences, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Embargo {
    /// Whether the embargo was in force on `date`.
    pub fn in_force(&self, date: NaiveDate) -> bool {
        self.periods.iter().any(|p| p.contains(date))
    }

    /// The period in force on `date`, if any.
    pub fn period_on(&self, date: NaiveDate) -> Option<&Period> {
        self.periods.iter().find(|p| p.contains(date))
    }

    /// Whether a folded country code, country name or place name is covered.
    pub(crate) fn covers(&self, folded: &str) -> bool {
        self.countries
            .iter()
            .chain(&self.names)
            .chain(&self.places)
            .any(|name| fold(name) == folded)
    }

    pub(crate) fn validate(&self) -> Result<(), TableError> {
        let file = "embargoes.toml";
        let at = self.id.as_str();
        if self.id.is_empty() || self.name.is_empty() || self.authority.is_empty() {
            return Err(invalid(file, at, "id, name and authority are required"));
        }
        if self.binds.is_empty() {
            return Err(invalid(file, at, "binds is empty"));
        }
        if self.countries.is_empty() && self.places.is_empty() {
            return Err(invalid(file, at, "neither countries nor places"));
        }
        if self.territory_of.is_some() != self.countries.is_empty() {
            return Err(invalid(
                file,
                at,
                "a country embargo has countries; a territory embargo has territory_of and places",
            ));
        }
        for code in &self.countries {
            let ok = matches!(code.len(), 2 | 3) && code.bytes().all(|b| b.is_ascii_uppercase());
            if !ok {
                return Err(invalid(
                    file,
                    at,
                    &format!("{code:?} is not an ISO 3166-1 alpha-2 or alpha-3 code"),
                ));
            }
        }
        validate_periods(file, at, &self.periods)
    }
}

/// The comparison key of a place or country: transliterated to lowercase
/// ASCII, with punctuation and spaces removed (`Simferopol'` = `SIMFEROPOL`,
/// `Севастополь` = `Sevastopol`).
pub(crate) fn fold(text: &str) -> String {
    interdict_text::to_latin(text.trim())
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect()
}
