//! `GET /v1/entities/{id}` with the party across the lists: the lookup of
//! [`crate::api::data::entity`] plus a `party` key, the merged
//! cross-jurisdiction view of `interdict-linkage` (the same as
//! `interdict show --json`): every record of the party, who lists it since
//! when, who delisted it, and the evidence linking the records.

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::Json;
use interdict_linkage::{party_view, Clusters, DeclaredLinks, LinkageError, Options};
use serde_json::Value;

use crate::api::blocking;
use crate::api::data::{parse_entity_id, VersionParams};
use crate::api::screen::parse_date;
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
        let view = match as_of {
            // The clusters of the index in force, built once per index in
            // the background; until they are, the party of this one record.
            None => {
                let derived = state.derived.for_index(&state)?;
                match derived.clusters_if_built() {
                    Some(clusters) => state.with_store(|store| {
                        view_json(party_view(store, clusters, &entity_id, None))
                    })?,
                    None => state.with_store(|store| {
                        let declared = DeclaredLinks::open(state.data_dir())
                            .and_then(|d| d.in_force())
                            .map_err(linkage_error)?;
                        let clusters = Clusters::around(
                            store,
                            derived.set(),
                            &entity_id,
                            None,
                            &declared,
                            &Options::default(),
                        )
                        .map_err(linkage_error)?;
                        view_json(party_view(store, &clusters, &entity_id, None))
                    })?,
                }
            }
            // A past date: clustered for this request.
            Some(day) => state.with_store(|store| {
                let declared = DeclaredLinks::open(state.data_dir())
                    .and_then(|d| d.in_force())
                    .map_err(linkage_error)?;
                let clusters = Clusters::load(store, Some(day), &declared, &Options::default())
                    .map_err(linkage_error)?;
                view_json(party_view(store, &clusters, &entity_id, Some(day)))
            })?,
        };
        Ok(view)
    })
    .await?;
    if let Value::Object(map) = &mut lookup {
        map.insert("party".into(), party);
    }
    Ok(Json(lookup))
}

fn view_json(view: Result<interdict_linkage::PartyView, LinkageError>) -> Result<Value, ApiError> {
    match view {
        Ok(view) => serde_json::to_value(view)
            .map_err(|e| ApiError::internal(format!("serializing a party view: {e}"))),
        Err(LinkageError::NotHeld { .. }) => Ok(Value::Null),
        Err(error) => Err(linkage_error(error)),
    }
}

fn linkage_error(error: LinkageError) -> ApiError {
    ApiError::internal(format!(
        "linkage: {}",
        interdict_engine::error_chain(&error)
    ))
}
