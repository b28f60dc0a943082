//! `POST /v1/screen/text`: the listed parties a text or a web page mentions
//! (`interdict-mentions`), with the dictionary of the index in force, each
//! screening recorded in the audit log (channel `text`).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::Json;
use interdict_engine::matcher::DEFAULT_THRESHOLD;
use serde::Deserialize;
use serde_json::{json, Value};
use utoipa::{IntoParams, ToSchema};

use crate::api::blocking;
use crate::api::bodies::{
    attach_alerts, audit_results, excerpt, media_type, sha256_hex, unsupported, utf8,
};
use crate::error::ApiError;
use crate::guard::{Principal, ResultScreening};
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
    let threshold = threshold.unwrap_or(DEFAULT_THRESHOLD);
    if !(0.0..=1.0).contains(&threshold) {
        return Err(ApiError::bad_request(format!(
            "threshold must be in [0, 1], not {threshold}"
        )));
    }
    if let Some(reference) = &subject_ref {
        crate::api::screen::check_text("subject_ref", reference, 200)?;
    }
    state.ready()?;
    blocking(move || {
        let derived = state.derived.for_index(&state)?;
        let screened = if html {
            interdict_mentions::html_to_text(&text)
        } else {
            text.clone()
        };
        let set = derived.set();
        let mentions =
            interdict_mentions::find_mentions_in(set, derived.dictionary(), &screened, threshold);
        let mut answer = interdict_mentions::mentions_json(set, &mentions, threshold, &screened);
        let subject_key = interdict_audit::subject_key_for_ref(
            &subject_ref.unwrap_or_else(|| format!("text:sha256:{}", sha256_hex(text.as_bytes()))),
        );
        let (kept, truncated) = excerpt(&text, 2000);
        let recorded = state.guard.record_results(ResultScreening {
            principal: &principal,
            channel: "text",
            subject_key,
            query: json!({
                "html": html, "threshold": threshold, "sha256": sha256_hex(text.as_bytes()),
                "chars": text.chars().count(), "text": kept, "truncated": truncated,
            }),
            set,
            results: audit_results(&derived, mentions.iter().map(|m| &m.hit)),
        })?;
        state.metrics.screening("text", &recorded);
        answer["screening_id"] = json!(recorded.seq);
        if let Some(items) = answer["mentions"].as_array_mut() {
            attach_alerts(&recorded, items.iter_mut());
        }
        Ok(Json(answer))
    })
    .await
}
