//! Sanctions semantics: what a list's program code *means*.
//!
//! Lists write their own codes (`SDGT`, `IRGC`, UN list type `Iran`, UK regime
//! `Iran (Nuclear)`, EU programme `PRK`); screening alone cannot say whether a
//! listed person may enter France, or whether an OFAC listing binds a Russian
//! border guard. This crate is the one place that answers it, from a data table
//! kept in the repository and embedded in the binary:
//!
//! - `data/regimes.toml`: each regime (id, name, authority, who it binds, the
//!   periods it was in force, and its measures, each measure with its own
//!   periods, legal basis and citation: a UN travel ban is not the same
//!   paragraph in 2010 and in 2016);
//! - `data/codes.csv`: one row per (source, code as the list writes it) → regime,
//!   with a citation for what the code means;
//! - `data/embargoes.toml`: comprehensive country and territory embargoes with
//!   ISO codes and place names, for payment screening.
//!
//! A code with no row is reported as [`Classified::Unmapped`], never guessed.
//! The table is validated when parsed (and by a test): every row cites a
//! source, dates parse and periods are ordered, codes are unique per source,
//! every code names a regime that exists.
//!
//! Architecture invariant: pure data and lookups: no I/O beyond the embedded
//! text, no clock (callers pass the date).

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use chrono::NaiveDate;
use interdict_model::{Sanction, SourceId};
use serde::{Deserialize, Serialize};

mod embargo;
mod jurisdiction;

pub use embargo::Embargo;
pub use jurisdiction::{is_eu_member, is_un_member};

const REGIMES_TOML: &str = include_str!("../data/regimes.toml");
const CODES_CSV: &str = include_str!("../data/codes.csv");
const EMBARGOES_TOML: &str = include_str!("../data/embargoes.toml");

/// Who a regime's obligations bind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Binds {
    /// Every UN member state (UN Charter Art. 25 and Chapter VII).
    UnMemberStates,
    /// The EU member states, and EU persons anywhere (CFSP decisions and
    /// Art. 215 TFEU regulations).
    EuMemberStatesAndEuPersons,
    /// US persons, and (for entry) the United States.
    UsPersons,
    /// The United Kingdom and UK persons.
    Uk,
}

impl Binds {
    /// The snake_case name used in the data file and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Binds::UnMemberStates => "un_member_states",
            Binds::EuMemberStatesAndEuPersons => "eu_member_states_and_eu_persons",
            Binds::UsPersons => "us_persons",
            Binds::Uk => "uk",
        }
    }

    /// Whether the state with this ISO 3166-1 alpha-2 code is bound on
    /// `date` (EU membership and the UK's transition period are dated).
    pub fn binds_state(self, country: &str, date: NaiveDate) -> bool {
        let country = country.trim().to_ascii_uppercase();
        match self {
            Binds::UnMemberStates => is_un_member(&country, date),
            Binds::EuMemberStatesAndEuPersons => is_eu_member(&country, date),
            Binds::UsPersons => country == "US",
            Binds::Uk => country == "GB",
        }
    }
}

/// A kind of restrictive measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureKind {
    /// Freezing of funds and economic resources (blocking).
    AssetFreeze,
    /// A ban on entry into or transit through the bound states.
    TravelBan,
    /// Travel vigilance or notification only: states are called upon to watch
    /// or report travel, not to refuse entry. Not a ban.
    TravelNotification,
    /// An embargo on arms and related materiel.
    ArmsEmbargo,
    /// Sectoral restrictions (finance, energy, defence, ...).
    Sectoral,
    /// Sanctions on non-nationals who deal with the target.
    SecondarySanctions,
    /// Export controls (licence requirements, denials).
    ExportControl,
    /// Debarment from procurement or defence trade.
    Debarment,
    /// A comprehensive embargo on the country or territory.
    Embargo,
}

impl MeasureKind {
    /// The snake_case name used in the data file and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            MeasureKind::AssetFreeze => "asset_freeze",
            MeasureKind::TravelBan => "travel_ban",
            MeasureKind::TravelNotification => "travel_notification",
            MeasureKind::ArmsEmbargo => "arms_embargo",
            MeasureKind::Sectoral => "sectoral",
            MeasureKind::SecondarySanctions => "secondary_sanctions",
            MeasureKind::ExportControl => "export_control",
            MeasureKind::Debarment => "debarment",
            MeasureKind::Embargo => "embargo",
        }
    }
}

/// A period `[from, until)`: `until` is the first day the thing no longer
/// applied; `None` while it still applies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// The first day in force.
    pub from: NaiveDate,
    /// The first day no longer in force, if it ended.
    #[serde(default)]
    pub until: Option<NaiveDate>,
    /// The legal act(s) that started (and, if any, ended) the period, with
    /// article or paragraph.
    pub basis: String,
    /// URL of the official document, with the section or paragraph.
    pub citation: String,
}

impl Period {
    /// Whether `date` falls in the period.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && self.until.is_none_or(|until| date < until)
    }
}

/// One measure of a regime, in force over its own periods.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measure {
    /// What the measure does.
    pub kind: MeasureKind,
    /// When it applied, each period with its basis and citation.
    pub periods: Vec<Period>,
    /// Anything a reader must know (who exactly it covers, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Measure {
    /// The period in force on `date`, if any.
    pub fn period_on(&self, date: NaiveDate) -> Option<&Period> {
        self.periods.iter().find(|p| p.contains(date))
    }
}

/// A sanctions regime: one legal framework of one authority.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Regime {
    /// Stable id, `<authority>-<topic>`: `un-iran`, `us-sdgt`, `uk-russia`.
    pub id: String,
    /// Human name.
    pub name: String,
    /// The authority: `UN Security Council`, `US Treasury (OFAC)`, ...
    pub authority: String,
    /// Who its obligations bind.
    pub binds: Vec<Binds>,
    /// When the regime itself was in force.
    pub in_force: Vec<Period>,
    /// Its measures.
    pub measures: Vec<Measure>,
    /// Anything a reader must know.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Regime {
    /// The measure of this kind, if the regime has one.
    pub fn measure(&self, kind: MeasureKind) -> Option<&Measure> {
        self.measures.iter().find(|m| m.kind == kind)
    }
}

/// One row of `codes.csv`: a list's code and the regime it belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CodeRow {
    /// The source whose records carry the code.
    #[serde(serialize_with = "serialize_source")]
    pub source: SourceId,
    /// The code as the list writes it.
    pub code: String,
    /// The regime id.
    pub regime: String,
    /// Where the code's meaning is documented.
    pub citation: String,
}

fn serialize_source<S: serde::Serializer>(source: &SourceId, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(source.as_str())
}

/// What one code on a sanction is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Classified<'r> {
    /// The code has a row.
    Mapped {
        /// The code as the list writes it.
        code: String,
        /// Its regime.
        regime: &'r Regime,
    },
    /// The code has no row: reported, never guessed.
    Unmapped {
        /// The source.
        #[serde(serialize_with = "serialize_source")]
        source: SourceId,
        /// The code as the list writes it.
        code: String,
    },
}

/// Why the embedded table is not valid.
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    /// A data file does not parse.
    #[error("{file}: {reason}")]
    Parse {
        /// The data file.
        file: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// A row breaks a rule of the table.
    #[error("{file}: {row}: {reason}")]
    Invalid {
        /// The data file.
        file: &'static str,
        /// The row (line, regime id, code).
        row: String,
        /// What is wrong.
        reason: String,
    },
}

/// The regime table: regimes, codes and embargoes.
#[derive(Debug)]
pub struct Regimes {
    regimes: Vec<Regime>,
    codes: Vec<CodeRow>,
    embargoes: Vec<Embargo>,
    by_id: HashMap<String, usize>,
    by_code: HashMap<(SourceId, String), usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RegimesFile {
    regime: Vec<Regime>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EmbargoesFile {
    embargo: Vec<Embargo>,
}

impl Regimes {
    /// The table embedded in the binary, parsed once.
    ///
    /// # Panics
    /// If the embedded table is invalid; the crate's tests make sure it is not.
    pub fn embedded() -> &'static Regimes {
        static TABLE: OnceLock<Regimes> = OnceLock::new();
        TABLE.get_or_init(|| {
            Regimes::parse(REGIMES_TOML, CODES_CSV, EMBARGOES_TOML)
                .unwrap_or_else(|err| panic!("the embedded regime table is invalid: {err}"))
        })
    }

    /// Parses and validates a table from the text of its three files.
    pub fn parse(regimes: &str, codes: &str, embargoes: &str) -> Result<Regimes, TableError> {
        let regimes: RegimesFile = toml::from_str(regimes).map_err(|e| TableError::Parse {
            file: "regimes.toml",
            reason: e.to_string(),
        })?;
        let embargoes: EmbargoesFile =
            toml::from_str(embargoes).map_err(|e| TableError::Parse {
                file: "embargoes.toml",
                reason: e.to_string(),
            })?;
        let codes = parse_codes(codes)?;
        let mut by_id = HashMap::new();
        for (i, regime) in regimes.regime.iter().enumerate() {
            validate_regime(regime)?;
            if by_id.insert(regime.id.clone(), i).is_some() {
                return Err(invalid("regimes.toml", &regime.id, "duplicate regime id"));
            }
        }
        let mut by_code = HashMap::new();
        for (i, row) in codes.iter().enumerate() {
            let at = format!("{} {:?}", row.source, row.code);
            if !by_id.contains_key(&row.regime) {
                return Err(invalid(
                    "codes.csv",
                    &at,
                    &format!("no regime {:?} in regimes.toml", row.regime),
                ));
            }
            if by_code.insert((row.source, row.code.clone()), i).is_some() {
                return Err(invalid(
                    "codes.csv",
                    &at,
                    "code listed twice for the source",
                ));
            }
        }
        for embargo in &embargoes.embargo {
            embargo.validate()?;
        }
        Ok(Regimes {
            regimes: regimes.regime,
            codes,
            embargoes: embargoes.embargo,
            by_id,
            by_code,
        })
    }

    /// Every regime, in file order.
    pub fn regimes(&self) -> &[Regime] {
        &self.regimes
    }

    /// Every code row, in file order.
    pub fn codes(&self) -> &[CodeRow] {
        &self.codes
    }

    /// Every embargo, in file order.
    pub fn embargoes(&self) -> &[Embargo] {
        &self.embargoes
    }

    /// The regime with this id.
    pub fn regime(&self, id: &str) -> Option<&Regime> {
        self.by_id.get(id).map(|&i| &self.regimes[i])
    }

    /// The regime a source's code belongs to, if the code has a row.
    pub fn lookup(&self, source: SourceId, code: &str) -> Option<&Regime> {
        let row = self.by_code.get(&(source, code.trim().to_string()))?;
        self.regime(&self.codes[*row].regime)
    }

    /// The codes a sanction carries: its programs, and for the US CSL the
    /// source list's name when the row has no program (Entity List, DPL, ...).
    pub fn codes_of(sanction: &Sanction) -> Vec<&str> {
        let mut codes: Vec<&str> = sanction.programs.iter().map(|p| p.trim()).collect();
        if codes.is_empty() && sanction.source == SourceId::UsCsl {
            if let Some(list) = &sanction.list_name {
                codes.push(list.trim());
            }
        }
        codes.retain(|c| !c.is_empty());
        codes
    }

    /// Each code of the sanction, mapped to its regime or reported unmapped.
    pub fn classify(&self, sanction: &Sanction) -> Vec<Classified<'_>> {
        Regimes::codes_of(sanction)
            .into_iter()
            .map(|code| match self.lookup(sanction.source, code) {
                Some(regime) => Classified::Mapped {
                    code: code.to_string(),
                    regime,
                },
                None => Classified::Unmapped {
                    source: sanction.source,
                    code: code.to_string(),
                },
            })
            .collect()
    }

    /// Whether the regime was in force on `date`.
    pub fn in_force(&self, regime: &Regime, date: NaiveDate) -> bool {
        regime.in_force.iter().any(|p| p.contains(date))
    }

    /// Whether the regime binds the state with this ISO alpha-2 code on
    /// `date`.
    pub fn binds(&self, regime: &Regime, country: &str, date: NaiveDate) -> bool {
        regime.binds.iter().any(|b| b.binds_state(country, date))
    }

    /// The embargoes in force on `date` that cover `country_or_place`: an ISO
    /// alpha-2 or alpha-3 code, a country name, or a city or region name
    /// (`Sevastopol`, `Donetsk`); case, accents and punctuation are ignored.
    pub fn embargoes_for(&self, country_or_place: &str, date: NaiveDate) -> Vec<&Embargo> {
        let key = embargo::fold(country_or_place);
        if key.is_empty() {
            return Vec::new();
        }
        self.embargoes
            .iter()
            .filter(|e| e.covers(&key) && e.in_force(date))
            .collect()
    }
}

fn invalid(file: &'static str, row: &str, reason: &str) -> TableError {
    TableError::Invalid {
        file,
        row: row.to_string(),
        reason: reason.to_string(),
    }
}

pub(crate) fn validate_periods(
    file: &'static str,
    at: &str,
    periods: &[Period],
) -> Result<(), TableError> {
    if periods.is_empty() {
        return Err(invalid(file, at, "no period"));
    }
    let mut previous: Option<&Period> = None;
    for period in periods {
        if period.basis.trim().is_empty() {
            return Err(invalid(file, at, "a period without basis"));
        }
        validate_citation(file, at, &period.citation)?;
        if let Some(until) = period.until {
            if until <= period.from {
                return Err(invalid(file, at, "a period ends before it starts"));
            }
        }
        if let Some(prev) = previous {
            match prev.until {
                Some(until) if until <= period.from => {}
                _ => return Err(invalid(file, at, "periods overlap or are out of order")),
            }
        }
        previous = Some(period);
    }
    Ok(())
}

pub(crate) fn validate_citation(
    file: &'static str,
    at: &str,
    citation: &str,
) -> Result<(), TableError> {
    if !citation.starts_with("https://") {
        return Err(invalid(
            file,
            at,
            "the citation must start with the https:// URL of the official document",
        ));
    }
    Ok(())
}

fn validate_regime(regime: &Regime) -> Result<(), TableError> {
    let at = regime.id.as_str();
    let file = "regimes.toml";
    if regime.id.is_empty() || regime.name.is_empty() || regime.authority.is_empty() {
        return Err(invalid(file, at, "id, name and authority are required"));
    }
    if regime.binds.is_empty() {
        return Err(invalid(file, at, "binds is empty"));
    }
    validate_periods(file, at, &regime.in_force)?;
    if regime.measures.is_empty() {
        return Err(invalid(file, at, "no measures"));
    }
    for measure in &regime.measures {
        let at = format!("{at} {}", measure.kind.as_str());
        validate_periods(file, &at, &measure.periods)?;
        if regime
            .measures
            .iter()
            .filter(|m| m.kind == measure.kind)
            .count()
            > 1
        {
            return Err(invalid(file, &at, "the measure is listed twice"));
        }
    }
    Ok(())
}

fn parse_codes(text: &str) -> Result<Vec<CodeRow>, TableError> {
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| TableError::Parse {
        file: "codes.csv",
        reason: e.to_string(),
    })?;
    if headers.iter().collect::<Vec<_>>() != ["sources", "code", "regime", "citation"] {
        return Err(TableError::Parse {
            file: "codes.csv",
            reason: "the header must be sources,code,regime,citation".to_string(),
        });
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| TableError::Parse {
            file: "codes.csv",
            reason: e.to_string(),
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let at = format!("line {line}");
        let field = |i: usize| record.get(i).unwrap_or("").trim().to_string();
        let (sources, code, regime, citation) = (field(0), field(1), field(2), field(3));
        if code.is_empty() || regime.is_empty() {
            return Err(invalid("codes.csv", &at, "code and regime are required"));
        }
        validate_citation("codes.csv", &at, &citation)?;
        for source in sources.split(';') {
            let source: SourceId = source
                .trim()
                .parse()
                .map_err(|e| invalid("codes.csv", &at, &format!("{e}")))?;
            rows.push(CodeRow {
                source,
                code: code.clone(),
                regime: regime.clone(),
                citation: citation.clone(),
            });
        }
    }
    Ok(rows)
}

impl fmt::Display for Binds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for MeasureKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
