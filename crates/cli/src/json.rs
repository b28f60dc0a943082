//! JSON output shapes. Documented in `docs/cli-json.md`; change both together.
//!
//! The model has no serde on purpose: output shapes are a surface's contract,
//! not an accident of struct layout, so they are written out here by hand.

use interdict_engine::store::ImportOutcome;
use interdict_engine::store::{Diff, History, VersionInfo};
use interdict_engine::{report_to_json, ImportSummary, UpdateOutcome};
use interdict_model::{Entity, EntityId, SourceId};
use serde_json::{json, Map, Value};

use crate::Lookup;

pub fn version(version: &VersionInfo) -> Value {
    json!({
        "source": version.source.as_str(),
        "version": version.seq,
        "published": version.published.to_string(),
        "imported_at": version.imported_at.to_rfc3339(),
        "entities": version.entities,
        "sha256": version.sha256,
        "format": version.format,
    })
}

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

pub fn update_results(
    results: &[(
        SourceId,
        Result<UpdateOutcome, interdict_engine::EngineError>,
    )],
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
                json!({"source": source.as_str(), "status": "failed", "error": crate::error_chain(err)})
            }
        })
        .collect();
    Value::Array(items)
}

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

pub fn show(id: &EntityId, lookup: &Lookup) -> Value {
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
