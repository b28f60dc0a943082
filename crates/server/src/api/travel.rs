//! `POST /v1/travel-check`: may this person enter that state on that date?
//! The name is screened against the versions in force on the travel date
//! (the earliest held where none was yet) and joined to the regime table
//! (`interdict-travel`, `interdict-regimes`).

use std::sync::Arc;

use axum::extract::State;
use axum::Json;
use interdict_app::{
    check_text, parse_date, parse_partial_date, QueryError, Threshold, MAX_ITEM_CHARS,
    MAX_LIST_ITEMS, MAX_NAME_CHARS,
};
use interdict_travel::TravelRequest;
use serde::Deserialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::api::{blocking, ApiJson};
use crate::error::ApiError;
use crate::AppState;

/// A travel question.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TravelCheckRequest {
    /// The traveller's name, any script.
    #[schema(example = "Qasem Soleimani")]
    pub name: String,
    /// The destination: ISO 3166-1 alpha-2 code or country name.
    #[schema(example = "RU")]
    pub to: String,
    /// The date of travel, `YYYY-MM-DD`.
    #[schema(example = "2015-07-24")]
    pub date: String,
    /// Birth date, possibly partial.
    pub birth_date: Option<String>,
    /// Nationalities (names or ISO codes).
    #[serde(default)]
    pub nationality: Vec<String>,
    /// Match threshold in [0, 1] (default 0.7).
    pub threshold: Option<f64>,
}

/// `POST /v1/travel-check`.
#[utoipa::path(
    post, path = "/v1/travel-check", tag = "semantics",
    request_body = TravelCheckRequest,
    responses(
        (status = 200, description = "{outcome: violation|no_binding_ban|not_listed|unknown, destination, date, inference, bans, matches, reasons, versions, unknown} (docs/regimes.md)"),
        (status = 400, description = "bad_request / invalid_json"),
        (status = 503, description = "unavailable: no index loaded yet"),
    ),
    security(("bearer" = []))
)]
pub async fn travel_check(
    State(state): State<Arc<AppState>>,
    ApiJson(request): ApiJson<TravelCheckRequest>,
) -> Result<Json<Value>, ApiError> {
    let name = request.name.trim();
    if name.is_empty() {
        return Err(ApiError::bad_request("name is empty"));
    }
    check_text("name", name, MAX_NAME_CHARS)?;
    check_text("to", &request.to, 100)?;
    let date = parse_date("date", &request.date)?;
    // The destination as the regime table knows it: an ISO code, from a code or a name.
    let mut question = TravelRequest::new(name, &request.to, date);
    if !(question.destination.len() == 2
        && question
            .destination
            .bytes()
            .all(|b| b.is_ascii_alphabetic()))
    {
        return Err(ApiError::bad_request(format!(
            "to {:?}: want an ISO 3166-1 alpha-2 code or a country name",
            request.to
        )));
    }
    let birth_date = match &request.birth_date {
        Some(text) if !text.trim().is_empty() => Some(parse_partial_date("birth_date", text)?),
        _ => None,
    };
    if request.nationality.len() > MAX_LIST_ITEMS {
        return Err(ApiError::bad_request(format!(
            "nationality has more than {MAX_LIST_ITEMS} items"
        )));
    }
    for item in &request.nationality {
        check_text("nationality", item, MAX_ITEM_CHARS)?;
    }
    question.birth_date = birth_date;
    question.nationalities = request.nationality;
    question.threshold = Threshold::or_default(request.threshold).map_err(QueryError::from)?;
    state.ready()?;
    blocking(move || {
        let world = state.host.travel_world(date)?;
        let report = interdict_app::travel_check(&world, &question);
        Ok(Json(interdict_json::domain::travel_report(
            world.set(),
            &report,
        )))
    })
    .await
}
