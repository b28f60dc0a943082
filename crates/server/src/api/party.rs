//! `GET /v1/entities/{id}` with the party across the lists: the lookup of
//! [`crate::api::data::entity`] plus a `party` key, the merged
//! cross-jurisdiction view of `interdict-linkage` (the same as
//! `interdict show --json`): every record of the party, who lists it since
//! when, who delisted it, and the evidence linking the records.

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::Json;
use interdict_app::parse_date;
use serde_json::Value;

use crate::api::blocking;
use crate::api::data::{parse_entity_id, VersionParams};
use crate::error::ApiError;
use crate::AppState;

/// `GET /v1/entities/{id}`.
#[utoipa::path(get, path = "/v1/entities/{id}", tag = "data",
    params(("id" = String, Path, description = "Entity id, <source>:<native id>"), VersionParams),
    responses((status = 200, description = "The lookup shape (status listed / not_listed / unknown, version, entity) plus party: the merged view across the lists (docs/linkage.md), null when no version held has the record"),
              (status = 400, description = "bad_request"), (status = 404, description = "not_found: no such version")),
    security(("bearer" = [])))]
pub async fn entity(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    params: Result<Query<VersionParams>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let Query(params) = params?;
    let as_of = params
        .as_of
        .as_deref()
        .map(|t| parse_date("as_of", t))
        .transpose()?;
    let entity_id = parse_entity_id(&id)?;
    let Json(mut lookup) = crate::api::data::entity(
        State(state.clone()),
        Path(id),
        Ok(Query(VersionParams {
            as_of: params.as_of,
            version: params.version,
        })),
    )
    .await?;
    let party = blocking(move || {
        let data = state.host.data();
        let view = match as_of {
            // The clusters of the World in force, built once per World in the background;
            // until they are, the party of this one record.
            None => {
                let world = state.ready()?;
                state
                    .host
                    .with_lists(|lists| lists.party_in(data, &world, &entity_id))?
            }
            // A past date: clustered for this request.
            Some(day) => state
                .host
                .with_lists(|lists| lists.party_on(data, &entity_id, day))?,
        };
        Ok(view.map_or(Value::Null, |view| {
            interdict_json::domain::party_view(&view)
        }))
    })
    .await?;
    if let Value::Object(map) = &mut lookup {
        map.insert("party".into(), party);
    }
    Ok(Json(lookup))
}
