//! `POST /v1/screen/message`: a payment message (ISO 20022 pacs.008 or
//! pain.001 XML, SWIFT FIN MT103/MT101) screened field by field
//! (`interdict-messages`), recorded in the audit log (channel `message`). A
//! damaged message is refused whole with the place of the damage: screening
//! half a payment would pass the other half unscreened.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::Json;
use interdict_app::{check_text, parse_date, Channel, Findings, QueryError, Threshold};
use interdict_messages::MessageConfig;
use serde::Deserialize;
use serde_json::{json, Value};
use utoipa::IntoParams;

use crate::api::blocking;
use crate::api::bodies::{media_type, sha256_hex, unsupported};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::AppState;

/// Options of a message screening.
#[derive(Debug, Deserialize, IntoParams)]
pub struct MessageParams {
    /// Alert threshold in [0, 1] (default 0.7).
    pub threshold: Option<f64>,
    /// The date embargoes are checked on when the message states none
    /// (`YYYY-MM-DD`; default today).
    pub date: Option<String>,
    /// The name errors and the report give the message (default `message`).
    pub file: Option<String>,
    /// At most this many hits per screened name (default 5, at most 50).
    pub limit: Option<usize>,
    /// The caller's reference for the payment (alert decisions follow it);
    /// default: the SHA-256 of the body.
    pub subject_ref: Option<String>,
}

const ACCEPTED: [&str; 4] = [
    "application/xml",
    "text/xml",
    "text/plain",
    "application/octet-stream",
];

/// `POST /v1/screen/message`.
#[utoipa::path(
    post, path = "/v1/screen/message", tag = "screening",
    params(MessageParams),
    request_body(content = String, description = "The raw message: ISO 20022 XML (application/xml) or SWIFT FIN (text/plain)", content_type = "application/xml"),
    responses(
        (status = 200, description = "The message report (docs/messages.md): file, threshold, versions, alert, messages, hits (with field paths and alerts), embargoes, bics; plus screening_id"),
        (status = 400, description = "bad_request (bad threshold, date, limit)"),
        (status = 413, description = "payload_too_large"),
        (status = 415, description = "unsupported_media_type"),
        (status = 422, description = "invalid_message: not UTF-8, not well formed, not a payment message; the message says where"),
        (status = 503, description = "unavailable: no index loaded yet"),
    ),
    security(("bearer" = []))
)]
pub async fn screen_message(
    State(state): State<Arc<AppState>>,
    principal: Principal,
    Query(params): Query<MessageParams>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let media = media_type(&headers);
    if !ACCEPTED.contains(&media.as_str()) {
        return Err(unsupported(&media, &ACCEPTED));
    }
    let threshold = Threshold::or_default(params.threshold).map_err(QueryError::from)?;
    let date = match &params.date {
        Some(text) => parse_date("date", text)?,
        None => chrono::Utc::now().date_naive(),
    };
    let limit = params.limit.unwrap_or(5);
    if limit == 0 || limit > 50 {
        return Err(ApiError::bad_request("limit must be between 1 and 50"));
    }
    let file = params.file.unwrap_or_else(|| "message".to_string());
    check_text("file", &file, 200)?;
    if let Some(reference) = &params.subject_ref {
        check_text("subject_ref", reference, 200)?;
    }
    state.ready()?;
    let subject_ref = params.subject_ref;
    blocking(move || {
        let world = state.host.ready()?;
        let config = MessageConfig {
            threshold,
            date,
            limit,
        };
        let report = interdict_app::screen_message(&world, &config, &file, &body)?;
        let digest = sha256_hex(&body);
        let ids: Vec<Option<&str>> = report.messages.iter().map(|m| m.id.as_deref()).collect();
        let subject_key = interdict_audit::subject_key_for_ref(
            &subject_ref.unwrap_or_else(|| format!("message:sha256:{digest}")),
        );
        let findings = Findings {
            world: &world,
            channel: Channel::Message,
            subject_key,
            received: json!({
                "file": file, "sha256": digest, "bytes": body.len(), "message_ids": ids,
                "threshold": threshold.value(), "date": date.to_string(),
            }),
            hits: report.hits.iter().map(|h| &h.hit).collect(),
        };
        let recorded = state.host.record_findings(findings, &principal.id)?;
        state
            .metrics
            .screening(Channel::Message.as_str(), &recorded);
        let mut answer = interdict_json::domain::message_report(world.set(), &report);
        answer["screening_id"] = json!(recorded.seq);
        if let Some(items) = answer["hits"].as_array_mut() {
            interdict_json::attach_alerts(&recorded, items.iter_mut());
        }
        Ok(Json(answer))
    })
    .await
}
