//! The merged view of one party: every record, every authority that lists it,
//! since when and under what, and per source whether it is listed, delisted
//! or not listed, so "delisted by one, kept by another" shows at a glance.
//!
//! `interdict show` renders it as text and JSON; `GET /v1/entities/{id}`
//! returns the same JSON. Dates come from two places and both are shown: the
//! listing date the record states, and the versions held (the first version
//! holding the record, the first version without it after it was dropped).

use chrono::NaiveDate;
use interdict_model::{Entity, EntityId, PartialDate, SourceId};
use interdict_regimes::{Classified, Regimes};
use interdict_store::{HistoryEntry, Store, VersionInfo};
use serde::Serialize;

use crate::cluster::{Clusters, Refusal};
use crate::evidence::Link;
use crate::LinkageError;

/// Whether a source lists the party.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The version in force holds a record of the party.
    Listed,
    /// An earlier version held a record of the party; the version in force
    /// does not.
    Delisted,
    /// No version held has a record of the party.
    NotListed,
    /// No version of the source was in force on the date: unknown, never
    /// "not listed".
    Unknown,
}

impl Status {
    /// Stable lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Listed => "listed",
            Status::Delisted => "delisted",
            Status::NotListed => "not_listed",
            Status::Unknown => "unknown",
        }
    }
}

/// A program code of a listing and the regime it belongs to
/// (`crates/regimes`), with the measures in force on the view's date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RegimeView {
    /// The code as the list writes it.
    pub code: String,
    /// The regime id (`un-iran`, `us-sdgt`), `None` when the code has no row
    /// in the regime table (reported, never guessed).
    pub regime: Option<String>,
    /// The regime's name.
    pub name: Option<String>,
    /// Whether the regime was in force on the view's date.
    pub in_force: Option<bool>,
    /// The measures in force on the view's date (`asset_freeze`, `travel_ban`, ...).
    pub measures: Vec<String>,
}

fn regimes_of(entity: &Entity, date: NaiveDate) -> Vec<RegimeView> {
    let table = Regimes::embedded();
    let mut out: Vec<RegimeView> = Vec::new();
    for sanction in &entity.sanctions {
        for classified in table.classify(sanction) {
            let view = match classified {
                Classified::Mapped { code, regime } => RegimeView {
                    code,
                    regime: Some(regime.id.clone()),
                    name: Some(regime.name.clone()),
                    in_force: Some(table.in_force(regime, date)),
                    measures: regime
                        .measures
                        .iter()
                        .filter(|m| m.period_on(date).is_some())
                        .map(|m| m.kind.as_str().to_string())
                        .collect(),
                },
                Classified::Unmapped { code, .. } => RegimeView {
                    code,
                    regime: None,
                    name: None,
                    in_force: None,
                    measures: Vec::new(),
                },
            };
            if !out.contains(&view) {
                out.push(view);
            }
        }
    }
    out
}

/// One record of the party.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MemberView {
    /// The record id.
    pub id: String,
    /// Its source.
    pub source: String,
    /// The listing authority.
    pub authority: String,
    /// FtM schema.
    pub schema: String,
    /// Display name.
    pub caption: String,
    /// Whether the version of its source in force holds it.
    pub in_force: bool,
    /// The earliest listing date the record states.
    pub listing_date: Option<String>,
    /// The publication date of the first version held that holds the record.
    pub first_held: Option<String>,
    /// The publication date of the first version of the record's latest run
    /// of versions holding it.
    pub held_since: Option<String>,
    /// When no longer in force: the publication date of the first version
    /// without it.
    pub delisted_on: Option<String>,
    /// Programs as the list writes them.
    pub programs: Vec<String>,
    /// Lists within the source (UN list type, CSL list, EU regulation).
    pub lists: Vec<String>,
    /// The programs' regimes and the measures in force on the view's date
    /// (`as_of`, else today).
    pub regimes: Vec<RegimeView>,
    /// The version the record is shown from: the one in force, or the last
    /// holding it (written by `interdict-json` in the `version` shape of
    /// `interdict lists --json`).
    #[serde(skip)]
    pub version: VersionInfo,
    /// The listing's content hash ([`interdict_model::Entity::content_hash`]) as that
    /// version states it: the hash alert decisions are kept against.
    pub entity_hash: String,
}

/// What one source says of the party.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SourceStatus {
    /// The source.
    pub source: String,
    /// Its authority.
    pub authority: String,
    /// Listed, delisted, not listed, unknown.
    pub status: Status,
    /// The party's records on this source.
    pub records: Vec<String>,
    /// Listed: the earliest listing date stated, else the first version held
    /// holding a record.
    pub since: Option<String>,
    /// Where `since` comes from: `listing_date` (stated by the list) or
    /// `first_version_held` (the list states none).
    pub since_basis: Option<&'static str>,
    /// Delisted: the first version without the record.
    pub delisted_on: Option<String>,
    /// Programs, of the records in force (delisted: of the last listing).
    pub programs: Vec<String>,
    /// Their regimes and measures (see [`MemberView::regimes`]).
    pub regimes: Vec<RegimeView>,
    /// The version of the source in force (unknown: the first held); written by
    /// `interdict-json` in the shared `version` shape.
    #[serde(skip)]
    pub version: VersionInfo,
}

/// One piece of evidence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LinkView {
    /// One record.
    pub a: String,
    /// The other.
    pub b: String,
    /// `declared`, `cross_reference`, `identifier`, `name_birth_date`, `name_country`.
    pub kind: String,
    /// What exactly.
    pub detail: String,
    /// Confidence in `[0, 1]`.
    pub score: f64,
    /// For refused evidence: why it was not applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refused: Option<String>,
}

/// The merged view of the party of one record.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PartyView {
    /// The record asked about.
    pub id: String,
    /// The date the view is as of (`None`: the latest versions).
    pub as_of: Option<String>,
    /// Every record of the party.
    pub members: Vec<MemberView>,
    /// Per source held (OpenSanctions, an aggregator, is not an authority and
    /// has no status): listed, delisted, not listed or unknown.
    pub status: Vec<SourceStatus>,
    /// Why the records are one party.
    pub links: Vec<LinkView>,
    /// Evidence found and not applied, and why.
    pub refused: Vec<LinkView>,
}

impl LinkView {
    fn new(link: &Link, refused: Option<String>) -> LinkView {
        LinkView {
            a: link.a.to_string(),
            b: link.b.to_string(),
            kind: link.evidence.kind.as_str().to_string(),
            detail: link.evidence.detail.clone(),
            score: (link.evidence.score * 1000.0).round() / 1000.0,
            refused,
        }
    }
}

/// The merged view of the party of `id`. History is read up to `as_of` (pass
/// the date the clusters were built for; `None`: every version held).
/// A record the clusters do not hold gives [`LinkageError::NotHeld`].
pub fn party_view(
    store: &Store,
    clusters: &Clusters,
    id: &EntityId,
    as_of: Option<NaiveDate>,
) -> Result<PartyView, LinkageError> {
    let party = clusters
        .party(id)
        .ok_or_else(|| LinkageError::NotHeld { id: id.clone() })?;
    let date = as_of.unwrap_or_else(|| chrono::Utc::now().date_naive());
    let mut members = Vec::new();
    for &position in &party.members {
        let member = &clusters.members[position as usize];
        let history = store.history(&member.id)?;
        let entries: Vec<&HistoryEntry> = history
            .versions
            .iter()
            .filter(|e| as_of.is_none_or(|date| e.version.published <= date))
            .collect();
        let runs = runs(&entries);
        let shown: Option<&VersionInfo> = if member.in_force {
            clusters
                .versions
                .iter()
                .find(|v| v.source == member.id.source())
        } else {
            entries
                .iter()
                .rev()
                .find(|e| e.hash.is_some())
                .map(|e| &e.version)
        };
        let Some(shown) = shown else { continue };
        let Some(entity) = store.entity(&member.id, shown)? else {
            continue;
        };
        let listing_date: Option<PartialDate> =
            entity.sanctions.iter().filter_map(|s| s.listing_date).min();
        let mut programs: Vec<String> = Vec::new();
        let mut lists: Vec<String> = Vec::new();
        for sanction in &entity.sanctions {
            for program in &sanction.programs {
                if !programs.contains(program) {
                    programs.push(program.clone());
                }
            }
            if let Some(list) = &sanction.list_name {
                if !lists.contains(list) {
                    lists.push(list.clone());
                }
            }
        }
        members.push(MemberView {
            id: member.id.to_string(),
            source: member.id.source().to_string(),
            authority: entity
                .sanctions
                .first()
                .map(|s| s.authority.clone())
                .unwrap_or_else(|| member.id.source().authority().to_string()),
            schema: member.schema.to_string(),
            caption: member.caption.clone(),
            in_force: member.in_force,
            listing_date: listing_date.map(|d| d.to_string()),
            first_held: runs.first().map(|r| r.0.to_string()),
            held_since: runs.last().map(|r| r.0.to_string()),
            delisted_on: if member.in_force {
                None
            } else {
                runs.last().and_then(|r| r.1).map(|d| d.to_string())
            },
            programs,
            lists,
            regimes: regimes_of(&entity, date),
            version: shown.clone(),
            entity_hash: entity.content_hash().to_hex(),
        });
    }

    let mut status = Vec::new();
    let mut sources: Vec<(SourceId, &VersionInfo, bool)> = clusters
        .versions
        .iter()
        .map(|v| (v.source, v, false))
        .chain(clusters.unknown.iter().map(|(s, v)| (*s, v, true)))
        .filter(|(s, _, _)| *s != SourceId::OpenSanctions)
        .collect();
    sources.sort_by_key(|(s, _, _)| *s);
    for (source, version, unknown) in sources {
        let mine: Vec<&MemberView> = members
            .iter()
            .filter(|m| m.source == source.as_str())
            .collect();
        let listed: Vec<&&MemberView> = mine.iter().filter(|m| m.in_force).collect();
        let (state, shown): (Status, Vec<&&MemberView>) = if unknown {
            (Status::Unknown, Vec::new())
        } else if !listed.is_empty() {
            (Status::Listed, listed)
        } else if !mine.is_empty() {
            (Status::Delisted, mine.iter().collect())
        } else {
            (Status::NotListed, Vec::new())
        };
        let stated = shown.iter().filter_map(|m| m.listing_date.clone()).min();
        let (since, since_basis) = match (state, stated) {
            (Status::Listed, Some(date)) => (Some(date), Some("listing_date")),
            (Status::Listed, None) => (
                shown.iter().filter_map(|m| m.first_held.clone()).min(),
                Some("first_version_held"),
            ),
            _ => (None, None),
        };
        let delisted_on = match state {
            Status::Delisted => shown.iter().filter_map(|m| m.delisted_on.clone()).max(),
            _ => None,
        };
        let mut programs: Vec<String> = Vec::new();
        let mut regimes: Vec<RegimeView> = Vec::new();
        for member in &shown {
            for program in &member.programs {
                if !programs.contains(program) {
                    programs.push(program.clone());
                }
            }
            for regime in &member.regimes {
                if !regimes.contains(regime) {
                    regimes.push(regime.clone());
                }
            }
        }
        status.push(SourceStatus {
            source: source.to_string(),
            authority: source.authority().to_string(),
            status: state,
            records: shown.iter().map(|m| m.id.clone()).collect(),
            since,
            since_basis,
            delisted_on,
            programs,
            regimes,
            version: version.clone(),
        });
    }

    let refusal = |refusal: &Refusal| match refusal {
        Refusal::DeclaredNotSame { a, b } => {
            format!("declared by hand: {a} and {b} are not the same party")
        }
        Refusal::SameSource(source) => {
            format!("both sides already hold a record of {source}; only a declaration joins two records of one source")
        }
    };
    Ok(PartyView {
        id: id.to_string(),
        as_of: as_of.map(|d| d.to_string()),
        members,
        status,
        links: party.links.iter().map(|l| LinkView::new(l, None)).collect(),
        refused: party
            .refused
            .iter()
            .map(|r| LinkView::new(&r.link, Some(refusal(&r.refusal))))
            .collect(),
    })
}

/// The runs of versions holding the record: (first version of the run, first
/// version after it without the record).
fn runs(entries: &[&HistoryEntry]) -> Vec<(NaiveDate, Option<NaiveDate>)> {
    let mut out: Vec<(NaiveDate, Option<NaiveDate>)> = Vec::new();
    let mut open: Option<NaiveDate> = None;
    for entry in entries {
        match (open, entry.hash.is_some()) {
            (None, true) => open = Some(entry.version.published),
            (Some(from), false) => {
                out.push((from, Some(entry.version.published)));
                open = None;
            }
            _ => {}
        }
    }
    if let Some(from) = open {
        out.push((from, None));
    }
    out
}
