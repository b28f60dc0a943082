//! The JSON shapes every surface shares: the command line's `--json`, the HTTP
//! API, and batch output. One shape per concept, so a program that reads
//! `interdict show --json` reads `GET /v1/entities/{id}` too.
//!
//! The model has no serde on purpose: output shapes are a contract, not an
//! accident of struct layout, so they are written out here by hand. They are
//! documented in `docs/cli-json.md`; change both together.
//!
//! This crate renders at the top: the domain crates (mentions, messages, travel,
//! linkage, ownership) return typed results and know nothing of JSON; their
//! answer documents are written here ([`domain`]), with the shared shapes
//! (versions, hits) filled in. No hash is computed from these shapes: what a
//! listing says is hashed from the model (`Entity::content_hash`), so a field
//! added here never changes an alert's suppression.

mod answer;
pub mod domain;

pub use answer::{
    alert_of, AlertShape, ExplanationShape, HitShape, QueryEcho, ScreeningAnswer, UnknownShape,
    VersionShape,
};

use std::fmt::Debug;

use interdict_lists::{report_to_json, ImportSummary, Lookup, UpdateOutcome};
use interdict_matcher::{Agreement, Explanation};
use interdict_model::{Entity, EntityId, SourceId};
use interdict_screening::{ScoredHit, ScreeningSet};
use interdict_store::ImportOutcome;
use interdict_store::{Diff, History, VersionInfo};
use serde_json::{json, Map, Value};

/// The `Value` of a shape written by [`answer`]'s `Serialize` implementations.
fn value_of(shape: impl serde::Serialize) -> Value {
    serde_json::to_value(shape).expect("answer shapes serialize")
}

/// A list version.
pub fn version(version: &VersionInfo) -> Value {
    value_of(VersionShape(version))
}

/// What an import did.
pub fn import_summary(summary: &ImportSummary) -> Value {
    let (status, info) = match &summary.outcome {
        ImportOutcome::Added(info) => ("added", info),
        ImportOutcome::Unchanged(info) => ("unchanged", info),
    };
    json!({
        "status": status,
        "version": version(info),
        "format": summary.format,
        "report": report_to_json(&summary.report),
    })
}

/// What an update did, per source.
pub fn update_results(
    results: &[(SourceId, Result<UpdateOutcome, interdict_lists::ListsError>)],
) -> Value {
    let items: Vec<Value> = results
        .iter()
        .map(|(source, result)| match result {
            Ok(UpdateOutcome::NotModified) => {
                json!({"source": source.as_str(), "status": "not_modified"})
            }
            Ok(UpdateOutcome::Imported(summary)) => {
                let mut value = import_summary(summary);
                value["source"] = json!(source.as_str());
                value
            }
            Err(err) => {
                json!({"source": source.as_str(), "status": "failed", "error": interdict_lists::error_chain(err)})
            }
        })
        .collect();
    Value::Array(items)
}

/// An entity as its source listed it, with FtM property names.
pub fn entity(entity: &Entity) -> Value {
    let mut properties = Map::new();
    for (prop, values) in &entity.props {
        properties.insert(prop.as_str().to_string(), json!(values));
    }
    let identifiers: Vec<Value> = entity
        .identifiers
        .iter()
        .map(|id| {
            json!({
                "kind": id.kind.as_str(),
                "label": id.label,
                "number": id.number,
                "country": id.country,
                "issued": id.issued.map(|d| d.to_string()),
                "expires": id.expires.map(|d| d.to_string()),
                "note": id.note,
            })
        })
        .collect();
    let sanctions: Vec<Value> = entity
        .sanctions
        .iter()
        .map(|s| {
            json!({
                "source": s.source.as_str(),
                "authority": s.authority,
                "authority_id": s.authority_id,
                "programs": s.programs,
                "listing_date": s.listing_date.map(|d| d.to_string()),
                "modified_at": s.modified_at.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
                "provisions": s.provisions,
                "reason": s.reason,
                "summary": s.summary,
                "flags": s.flags,
                "unsc_id": s.unsc_id,
                "list_name": s.list_name,
            })
        })
        .collect();
    let links: Vec<Value> = entity
        .links
        .iter()
        .map(|link| {
            json!({
                "relation": link.relation.as_str(),
                "target_id": link.target_id.as_ref().map(EntityId::as_str),
                "target_name": link.target_name,
                "note": link.note,
            })
        })
        .collect();
    json!({
        "id": entity.id.as_str(),
        "schema": entity.schema.as_str(),
        "caption": entity.caption(),
        "properties": properties,
        "identifiers": identifiers,
        "sanctions": sanctions,
        "links": links,
    })
}

/// The answer to "is this entity in that version?" (`show`, `GET /v1/entities/{id}`).
pub fn lookup(id: &EntityId, lookup: &Lookup) -> Value {
    match lookup {
        Lookup::Found(info, found) => json!({
            "id": id.as_str(), "status": "listed", "version": version(info), "entity": entity(found),
        }),
        Lookup::NotListed(info) => json!({
            "id": id.as_str(), "status": "not_listed", "version": version(info), "entity": null,
        }),
        Lookup::BeforeFirst { date, first } => json!({
            "id": id.as_str(), "status": "unknown", "as_of": date.to_string(),
            "reason": format!("{date} is before the first version of {} held ({})", first.source, first.published),
            "first_version": version(first), "entity": null,
        }),
        Lookup::NoVersions => json!({
            "id": id.as_str(), "status": "unknown",
            "reason": format!("no version of {} is held", id.source()), "entity": null,
        }),
    }
}

/// What changed between two versions of a source.
pub fn diff(from: &VersionInfo, to: &VersionInfo, diff: &Diff) -> Value {
    fn ids(ids: &[EntityId]) -> Vec<&str> {
        ids.iter().map(EntityId::as_str).collect()
    }
    let changed: Vec<Value> = diff
        .changed
        .iter()
        .map(|change| {
            let fields: Vec<Value> = change
                .fields
                .iter()
                .map(|f| json!({"field": f.field, "before": f.before, "after": f.after}))
                .collect();
            json!({"id": change.id.as_str(), "fields": fields})
        })
        .collect();
    json!({
        "source": to.source.as_str(),
        "from": version(from),
        "to": version(to),
        "added": ids(&diff.added),
        "removed": ids(&diff.removed),
        "changed": changed,
    })
}

/// Every version of the entity's source, whether it held the entity, and the intervals.
pub fn history(id: &EntityId, history: &History) -> Value {
    let held: Vec<Value> = history
        .versions
        .iter()
        .filter(|entry| entry.hash.is_some())
        .map(|entry| json!({"version": entry.version.seq, "published": entry.version.published.to_string(), "content_hash": entry.hash}))
        .collect();
    let not_held: Vec<Value> = history
        .versions
        .iter()
        .filter(|entry| entry.hash.is_none())
        .map(|entry| json!({"version": entry.version.seq, "published": entry.version.published.to_string()}))
        .collect();
    let intervals: Vec<Value> = history
        .intervals
        .iter()
        .map(|interval| json!({"from": interval.from.to_string(), "until": interval.until.map(|d| d.to_string())}))
        .collect();
    json!({
        "id": id.as_str(),
        "source": id.source().as_str(),
        "versions": held,
        "not_held": not_held,
        "intervals": intervals,
    })
}

/// `LegalForm` → `legal_form`: enum variant names as stable JSON strings.
pub fn snake(value: &dyn Debug) -> String {
    let text = format!("{value:?}");
    let mut out = String::with_capacity(text.len() + 4);
    for (i, c) in text.chars().take_while(|c| c.is_alphanumeric()).enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// An agreement as its stable JSON string.
pub fn agreement(value: Agreement) -> &'static str {
    match value {
        Agreement::Agree => "agree",
        Agreement::Conflict => "conflict",
        Agreement::Unknown => "unknown",
    }
}

/// Why a hit scored as it did, feature by feature.
pub fn explanation(explanation: &Explanation) -> Value {
    value_of(ExplanationShape(explanation))
}

/// Scores rounded to four places: stable output, no float noise.
pub fn round(value: f64) -> f64 {
    (value * 10_000.0).round() / 10_000.0
}

/// One screening result: the entity, its score, whether it alerts, and why.
pub fn hit(set: &ScreeningSet, scored: &ScoredHit) -> Value {
    value_of(HitShape {
        set,
        scored,
        alert: None,
    })
}

/// The versions screened and the sources whose answer is unknown on the
/// as-of date: what every screening answer must name.
pub fn screened_versions(set: &ScreeningSet) -> (Value, Value) {
    let versions = set.versions.iter().map(version).collect::<Vec<_>>();
    let unknown = set
        .unknown
        .iter()
        .map(|(source, first)| {
            value_of(UnknownShape {
                source: *source,
                first,
            })
        })
        .collect::<Vec<_>>();
    (Value::Array(versions), Value::Array(unknown))
}

/// An alert as answers show it: `{"id", "status", "reason"}`.
pub fn alert(alert: &interdict_audit::AlertOutcome) -> Value {
    value_of(AlertShape(alert))
}

/// Puts `"alert": {id, status, reason}` on every matched item of `items` (objects with the
/// hit's `id` and `match`) from what the audit log recorded.
pub fn attach_alerts<'a>(
    recorded: &interdict_audit::RecordedScreening,
    items: impl IntoIterator<Item = &'a mut Value>,
) {
    for item in items {
        if item["match"] != Value::Bool(true) {
            continue;
        }
        let found = item["id"].as_str().and_then(|id| alert_of(recorded, id));
        if let Some(found) = found {
            item["alert"] = alert(found);
        }
    }
}
