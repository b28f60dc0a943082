//! The answer documents of the domain crates: text mentions (`docs/mentions.md`), payment
//! messages (`docs/messages.md`), travel checks (`docs/regimes.md`), the party across lists
//! (`docs/linkage.md`) and ownership exposure (`docs/ownership.md`).
//!
//! The domain crates return typed results; their own records (a ban, a BIC, a path) derive
//! `Serialize` where that is their whole shape, and this module adds what every surface shares:
//! the versions screened and each hit in the [`crate::hit`] shape.

use interdict_linkage::PartyView;
use interdict_mentions::Mention;
use interdict_messages::MessageReport;
use interdict_ownership::{ExposureReport, Snapshot};
use interdict_screening::{ScreeningSet, Threshold};
use interdict_travel::TravelReport;
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::{hit, round, screened_versions, version};

/// A typed record's own JSON (its `Serialize` derive).
fn serialized(value: &impl Serialize) -> Value {
    serde_json::to_value(value).expect("typed reports serialize")
}

/// Writes the fields of `extra` (an object) into `target` (an object).
fn merge(target: &mut Value, extra: Value) {
    if let (Value::Object(target), Value::Object(extra)) = (target, extra) {
        target.extend(extra);
    }
}

/// One mention: its place in the text and the hit's fields.
pub fn mention(set: &ScreeningSet, mention: &Mention) -> Value {
    let mut value = json!({
        "start": mention.start,
        "end": mention.end,
        "start_byte": mention.start_byte,
        "end_byte": mention.end_byte,
        "text": mention.text,
        "coverage": round(mention.coverage),
    });
    merge(&mut value, hit(set, &mention.hit));
    value
}

/// The answer document of text screening (`interdict text --json`, `POST /v1/screen/text`):
/// the threshold, the versions screened, the sources unknown on the as-of date, the length
/// of the screened text, and the mentions.
pub fn mentions(
    set: &ScreeningSet,
    mentions: &[Mention],
    threshold: Threshold,
    text: &str,
) -> Value {
    let (versions, unknown) = screened_versions(set);
    json!({
        "threshold": threshold.value(),
        "versions": versions,
        "unknown_sources": unknown,
        "text_chars": text.chars().count(),
        "text_bytes": text.len(),
        "mentions": mentions.iter().map(|m| self::mention(set, m)).collect::<Vec<_>>(),
    })
}

/// The message report (`interdict message --json`, `POST /v1/screen/message`): the report's
/// own fields, the versions screened, and each hit with the shared hit fields.
pub fn message_report(set: &ScreeningSet, report: &MessageReport) -> Value {
    let mut value = serialized(report);
    let (versions, unknown) = screened_versions(set);
    value["versions"] = versions;
    value["unknown_sources"] = unknown;
    if let Some(items) = value["hits"].as_array_mut() {
        for (item, located) in items.iter_mut().zip(&report.hits) {
            merge(item, hit(set, &located.hit));
        }
    }
    value
}

/// The travel report: `outcome`, `destination`, `date`, `inference`, `bans`, `matches`
/// (screening hits with the listing date and inference), `reasons`, `versions`, `unknown`.
pub fn travel_report(set: &ScreeningSet, report: &TravelReport) -> Value {
    let (versions, unknown) = screened_versions(set);
    let matches: Vec<Value> = report
        .matches
        .iter()
        .map(|m| {
            let mut value = hit(set, &m.hit);
            merge(
                &mut value,
                json!({
                    "listing_date": m.listing_date.map(|d| d.to_string()),
                    "version_published": m.version_published.to_string(),
                    "inference": m.inference.is_some(),
                    "inference_reason": m.inference,
                }),
            );
            value
        })
        .collect();
    json!({
        "outcome": report.outcome,
        "destination": report.destination,
        "date": report.date.to_string(),
        "inference": report.inference(),
        "bans": report.bans,
        "matches": matches,
        "reasons": report.reasons,
        "versions": versions,
        "unknown": unknown,
    })
}

/// The party across the lists (`interdict show --json`'s `party`, `GET /v1/entities/{id}`):
/// the view's own fields with each record's and each source's version in the shared shape.
pub fn party_view(view: &PartyView) -> Value {
    let mut value = serialized(view);
    if let Some(members) = value["members"].as_array_mut() {
        for (item, member) in members.iter_mut().zip(&view.members) {
            item["version"] = version(&member.version);
        }
    }
    if let Some(status) = value["status"].as_array_mut() {
        for (item, source) in status.iter_mut().zip(&view.status) {
            item["version"] = version(&source.version);
        }
    }
    value
}

/// The exposure document (`interdict exposure --json`, `POST /v1/exposure`): the report's
/// keys plus the list versions read (the shared version shape), the sources unknown on the
/// as-of date, and the user's ownership imports.
pub fn exposure(snapshot: &Snapshot, report: &ExposureReport) -> Value {
    let mut document = serialized(report);
    let Some(object) = document.as_object_mut() else {
        return document;
    };
    let unknown: Vec<Value> = snapshot
        .unknown
        .iter()
        .map(|(source, first)| {
            json!({"source": source.as_str(), "first_published": first.published.to_string()})
        })
        .collect();
    let fields: Map<String, Value> = Map::from_iter([
        (
            "as_of".to_string(),
            json!(snapshot.as_of.map(|d| d.to_string())),
        ),
        (
            "versions".to_string(),
            Value::Array(snapshot.versions.iter().map(version).collect()),
        ),
        ("unknown".to_string(), Value::Array(unknown)),
        (
            "ownership_imports".to_string(),
            serialized(&snapshot.imports),
        ),
        (
            "ownership_rows_in_force".to_string(),
            json!(snapshot.user_rows),
        ),
    ]);
    object.extend(fields);
    document
}
