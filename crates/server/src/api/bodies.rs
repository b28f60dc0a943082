//! What the raw-body endpoints (batch, message, text, ownership) share: the
//! media type sent, the body as UTF-8, a digest to name a subject by, and
//! turning shared-shape hits (`interdict_json::hit` objects) into audit
//! results and back into answers carrying their alerts.

use std::collections::BTreeMap;

use axum::http::{header, HeaderMap, StatusCode};
use interdict_audit::{RecordedScreening, ScreenedResult};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::api::derived::ForIndex;
use crate::error::ApiError;

/// The media type of the request (`text/plain`), lower case, without
/// parameters; empty when none was sent.
pub fn media_type(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default()
}

/// 415 naming the media types accepted.
pub fn unsupported(got: &str, want: &[&str]) -> ApiError {
    ApiError::unsupported_media_type(format!(
        "Content-Type {:?} is not accepted here: send one of {}",
        got,
        want.join(", ")
    ))
}

/// 422 with a code of the endpoint's own (`invalid_message`, ...).
pub fn unprocessable(code: &'static str, message: impl Into<String>) -> ApiError {
    ApiError {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        code,
        message: message.into(),
        retry_after: None,
    }
}

/// The body as UTF-8, or 400 naming the first bad byte.
pub fn utf8(bytes: &[u8]) -> Result<&str, ApiError> {
    std::str::from_utf8(bytes).map_err(|e| {
        ApiError::bad_request(format!(
            "the body is not UTF-8 (bad byte at offset {})",
            e.valid_up_to()
        ))
    })
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The audit results of shared-shape hits: one per entity (its best score),
/// with the hash of the entity as screened.
pub fn audit_results<'a>(
    derived: &ForIndex,
    hits: impl IntoIterator<Item = &'a serde_json::Map<String, Value>>,
) -> Vec<ScreenedResult> {
    let mut best: BTreeMap<String, ScreenedResult> = BTreeMap::new();
    for hit in hits {
        let Some(id) = hit.get("id").and_then(Value::as_str) else {
            continue;
        };
        let score = hit.get("score").and_then(Value::as_f64).unwrap_or(0.0);
        let is_match = hit.get("match") == Some(&Value::Bool(true));
        let entity_hash = derived
            .entity(id)
            .map(interdict_json::entity_hash)
            .unwrap_or_default();
        let result = ScreenedResult {
            entity_id: id.to_string(),
            caption: hit
                .get("caption")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            score,
            is_match,
            entity_hash,
            matched_name: is_match
                .then(|| hit.get("matched_name").and_then(Value::as_str))
                .flatten()
                .map(str::to_owned),
            explanation: is_match.then(|| hit.get("explanation").cloned()).flatten(),
        };
        match best.get_mut(id) {
            Some(held) => {
                // The reasons of the best matching mention.
                if result.is_match && (!held.is_match || result.score > held.score) {
                    held.matched_name = result.matched_name;
                    held.explanation = result.explanation;
                }
                held.is_match |= result.is_match;
                if result.score > held.score {
                    held.score = result.score;
                }
            }
            None => {
                best.insert(id.to_string(), result);
            }
        }
    }
    best.into_values().collect()
}

/// Puts `"alert": {id, status, reason}` on every matched hit of `items` (by
/// entity id) from what the audit log recorded.
pub fn attach_alerts<'a>(
    recorded: &RecordedScreening,
    items: impl IntoIterator<Item = &'a mut Value>,
) {
    for item in items {
        if item["match"] != json!(true) {
            continue;
        }
        let alert = recorded
            .alerts
            .iter()
            .find(|a| item["id"].as_str() == Some(a.entity_id.as_str()));
        if let Some(alert) = alert {
            item["alert"] = json!({
                "id": alert.alert_id, "status": alert.status.as_str(), "reason": alert.reason,
            });
        }
    }
}

/// A copy of a long text for the audit entry: the first `max` characters and
/// whether it was cut.
pub fn excerpt(text: &str, max: usize) -> (String, bool) {
    match text.char_indices().nth(max) {
        Some((at, _)) => (text[..at].to_string(), true),
        None => (text.to_string(), false),
    }
}
