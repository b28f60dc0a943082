//! `POST /v1/screen/text`: the listed parties a text or a web page mentions
//! (`interdict-mentions`), with the dictionary of the index in force, each
//! screening recorded in the audit log (channel `text`).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::Json;
use interdict_app::{check_text, Channel, Findings, QueryError, Threshold, MAX_ITEM_CHARS};
use serde::Deserialize;
use serde_json::{json, Value};
use utoipa::{IntoParams, ToSchema};

use crate::api::blocking;
use crate::api::bodies::{excerpt, media_type, sha256_hex, unsupported, utf8};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::AppState;

/// The text as JSON.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TextRequest {
    /// The text, or an HTML page when `html` is true.
    #[schema(example = "Gen. Qassem Suleimani's visit to Moscow")]
    pub text: String,
    /// The text is HTML: screen what a reader sees.
    #[serde(default)]
    pub html: bool,
    /// Alert threshold in [0, 1] (default 0.7).
    pub threshold: Option<f64>,
    /// The caller's reference for the document (alert decisions follow it);
    /// default: the SHA-256 of the text.
    pub subject_ref: Option<String>,
}

/// Options of a plain-text or HTML body.
#[derive(Debug, Deserialize, IntoParams)]
pub struct TextParams {
    /// Alert threshold in [0, 1] (default 0.7).
    pub threshold: Option<f64>,
    /// The caller's reference for the document.
    pub subject_ref: Option<String>,
}

const ACCEPTED: [&str; 3] = ["text/plain", "text/html", "application/json"];

/// `POST /v1/screen/text`.
#[utoipa::path(
    post, path = "/v1/screen/text", tag = "screening",
    params(TextParams),
    request_body(content = TextRequest, description = "text/plain, text/html, or JSON {\"text\", \"html\"?, \"threshold\"?, \"subject_ref\"?}"),
    responses(
        (status = 200, description = "{threshold, versions, unknown_sources, text_chars, text_bytes, mentions: [{start, end, start_byte, end_byte, text, coverage, ...hit, alert}], screening_id}; offsets into the reduced text for HTML"),
        (status = 400, description = "bad_request / invalid_json (not UTF-8, bad threshold)"),
        (status = 413, description = "payload_too_large"),
        (status = 415, description = "unsupported_media_type"),
        (status = 503, description = "unavailable: no index loaded yet"),
    ),
    security(("bearer" = []))
)]
pub async fn screen_text(
    State(state): State<Arc<AppState>>,
    principal: Principal,
    Query(params): Query<TextParams>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let media = media_type(&headers);
    let (text, html, threshold, subject_ref) = match media.as_str() {
        "text/plain" | "text/html" => (
            utf8(&body)?.to_string(),
            media == "text/html",
            params.threshold,
            params.subject_ref,
        ),
        "application/json" => {
            let request: TextRequest = serde_json::from_slice(&body).map_err(|e| {
                ApiError::invalid_json(format!("the body is not a text request: {e}"))
            })?;
            (
                request.text,
                request.html,
                request.threshold.or(params.threshold),
                request.subject_ref.or(params.subject_ref),
            )
        }
        other => return Err(unsupported(other, &ACCEPTED)),
    };
    let threshold = Threshold::or_default(threshold).map_err(QueryError::from)?;
    if let Some(reference) = &subject_ref {
        check_text("subject_ref", reference, MAX_ITEM_CHARS)?;
    }
    state.ready()?;
    blocking(move || {
        let world = state.host.ready()?;
        let screened = interdict_app::screen_text(&world, &text, html, threshold);
        let mut answer = interdict_json::domain::mentions(
            world.set(),
            &screened.mentions,
            threshold,
            &screened.text,
        );
        let digest = sha256_hex(text.as_bytes());
        let subject_key = interdict_audit::subject_key_for_ref(
            &subject_ref.unwrap_or_else(|| format!("text:sha256:{digest}")),
        );
        let (kept, truncated) = excerpt(&text, 2000);
        let findings = Findings {
            world: &world,
            channel: Channel::Text,
            subject_key,
            received: json!({
                "html": html, "threshold": threshold.value(), "sha256": digest,
                "chars": text.chars().count(), "text": kept, "truncated": truncated,
            }),
            hits: screened.mentions.iter().map(|m| &m.hit).collect(),
        };
        let recorded = state.host.record_findings(findings, &principal.id)?;
        state.metrics.screening(Channel::Text.as_str(), &recorded);
        answer["screening_id"] = json!(recorded.seq);
        if let Some(items) = answer["mentions"].as_array_mut() {
            interdict_json::attach_alerts(&recorded, items.iter_mut());
        }
        Ok(Json(answer))
    })
    .await
}
