//! yente-compatible endpoints, so a client written for OpenSanctions' yente
//! (`nomenklatura`, the yente Python client, compliance tools that speak it)
//! can point at interdict unchanged: `POST /match/{dataset}`,
//! `GET /search/{dataset}`, `GET /entities/{id}`, `GET /catalog`,
//! `GET /algorithms`.
//!
//! Shapes follow yente 5.5's pydantic models (`yente/data/common.py`):
//! `EntityMatchQuery` in, `EntityMatchResponse` out, `ScoredEntityResponse`
//! per result with `explanations` (name → `{score, detail}`, nomenklatura's
//! `FeatureResult`) and the older `features` map (name → float). Errors carry
//! yente's `detail` beside our `error` object. Datasets: `default` and
//! `sanctions` are every source; each source name is itself. Matches are
//! screenings: they go to the audit log with channel `yente`.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use interdict_app::{
    check_text, Agreement, Channel, Explanation, Floor, Lookup, Query, QueryInput, ScoredHit,
    ScreeningSet, Threshold, VersionSelector, MAX_ITEM_CHARS,
};
use interdict_model::{Entity, SourceId};
use serde::Deserialize;
use serde_json::{json, Map, Value};
use utoipa::ToSchema;

use crate::api::{blocking, ApiJson};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::AppState;

/// The algorithm name interdict answers to (`best` and yente's names are
/// accepted too and served by the same matcher).
pub const ALGORITHM: &str = "interdict";
/// yente's own algorithm names, accepted as aliases.
const YENTE_ALGORITHMS: [&str; 7] = [
    "best",
    "default",
    "logic-v2",
    "logic-v1",
    "name-based",
    "name-qualified",
    "regression-v1",
];
/// Most results per match query (yente's `MAX_MATCHES`).
const MAX_MATCHES: usize = 500;
/// Most queries in one match request.
const MAX_QUERIES: usize = 1000;
/// Lowest score a `/search` result may have.
const SEARCH_MIN_SCORE: f64 = 0.5;

/// The yente routes (authentication is layered on by the caller).
pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/match/{dataset}", post(match_entities))
        .route("/search/{dataset}", get(search))
        .route("/entities/{id}", get(entity))
        .route("/catalog", get(catalog))
        .route("/algorithms", get(algorithms))
}

/// An error as yente sends it (`detail`) and as we do (`error`).
pub struct YenteError(pub ApiError);

impl From<ApiError> for YenteError {
    fn from(error: ApiError) -> Self {
        YenteError(error)
    }
}

impl IntoResponse for YenteError {
    fn into_response(self) -> Response {
        let mut body = self.0.body();
        body["detail"] = json!(self.0.message);
        (self.0.status, Json(body)).into_response()
    }
}

/// yente's `EntityExample`: a query entity.
#[derive(Clone, Debug, Deserialize, ToSchema)]
pub struct EntityExample {
    /// The caller's id, echoed back (and used as the audit subject).
    pub id: Option<String>,
    /// FtM schema: Person, Organization, Company, LegalEntity, Vessel, Airplane, Thing.
    pub schema: String,
    /// FtM properties, each a string or a list.
    #[schema(value_type = Object)]
    pub properties: BTreeMap<String, Value>,
}

/// yente's `EntityMatchQuery`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct MatchRequest {
    /// Accepted for compatibility; interdict's matcher has no tunable weights.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub weights: BTreeMap<String, f64>,
    /// Algorithm configuration: interdict takes none, so any key is refused (as yente refuses unknown keys).
    #[serde(default)]
    #[schema(value_type = Object)]
    pub config: BTreeMap<String, Value>,
    /// Query entities by the caller's names for them.
    #[schema(value_type = Object)]
    pub queries: BTreeMap<String, Option<EntityExample>>,
}

/// Query parameters, repeated keys kept (`include_dataset=a&include_dataset=b`).
struct Params(Vec<(String, String)>);

impl Params {
    fn parse(raw: Option<String>) -> Params {
        let raw = raw.unwrap_or_default();
        Params(
            form_urlencoded::parse(raw.as_bytes())
                .into_owned()
                .collect(),
        )
    }

    fn one(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn all(&self, key: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    fn number<T: std::str::FromStr>(&self, key: &str, default: T) -> Result<T, ApiError> {
        match self.one(key) {
            None => Ok(default),
            Some(text) => text
                .parse()
                .map_err(|_| ApiError::bad_request(format!("{key}: {text:?} is not a number"))),
        }
    }
}

/// A source's yente dataset name: FtM dataset names are slugs with `_`
/// (`ofac_sdn`); the source name (`ofac-sdn`) is accepted in paths too.
pub fn dataset_name(source: SourceId) -> String {
    source.as_str().replace('-', "_")
}

/// The sources a dataset name stands for; `None` for every source.
fn dataset_sources(dataset: &str) -> Result<Option<Vec<SourceId>>, ApiError> {
    match dataset {
        "default" | "sanctions" => Ok(None),
        name => name
            .replace('_', "-")
            .parse::<SourceId>()
            .map(|s| Some(vec![s]))
            .map_err(|_| ApiError::not_found("No such dataset.")),
    }
}

/// Narrows `sources` by `include_dataset` / `exclude_dataset`.
fn narrow(
    sources: Option<Vec<SourceId>>,
    params: &Params,
) -> Result<Option<Vec<SourceId>>, ApiError> {
    let mut wanted: Vec<SourceId> = sources.unwrap_or_else(|| SourceId::ALL.to_vec());
    let include = params.all("include_dataset");
    let exclude = params.all("exclude_dataset");
    if include.is_empty() && exclude.is_empty() {
        return Ok((wanted.len() < SourceId::ALL.len()).then_some(wanted));
    }
    let named = |list: &[&str], s: &SourceId| {
        list.iter()
            .any(|n| *n == s.as_str() || *n == dataset_name(*s))
    };
    if !include.is_empty() {
        wanted.retain(|s| named(&include, s));
    }
    wanted.retain(|s| !named(&exclude, s));
    Ok(Some(wanted))
}

fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items
            .iter()
            .filter_map(|v| match v {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .collect(),
        Value::Number(n) => vec![n.to_string()],
        _ => Vec::new(),
    }
}

const COUNTRY_PROPS: [&str; 7] = [
    "country",
    "nationality",
    "citizenship",
    "jurisdiction",
    "birthCountry",
    "mainCountry",
    "registrationCountry",
];
const ID_PROPS: [&str; 14] = [
    "idNumber",
    "passportNumber",
    "registrationNumber",
    "taxNumber",
    "vatCode",
    "leiCode",
    "innCode",
    "ogrnCode",
    "swiftBic",
    "imoNumber",
    "mmsi",
    "callSign",
    "socialSecurityNumber",
    "serialNumber",
];

/// One example, understood: the query (every name of the example, the facts, the
/// subject) short of what the endpoint decides (limit, threshold, floor), and its echo.
struct Example {
    input: QueryInput,
    echo: Value,
}

impl Example {
    /// The checked query of this example with the endpoint's terms.
    fn query(
        &self,
        limit: usize,
        threshold: Threshold,
        floor: Floor,
        configure: impl FnOnce(&mut QueryInput),
    ) -> Result<Query, ApiError> {
        let mut input = self.input.clone();
        input.limit = Some(limit);
        input.threshold = Some(threshold.value());
        input.floor = floor;
        configure(&mut input);
        Query::new(input).map_err(|e| cannot(e.to_string()))
    }
}

fn cannot(why: String) -> ApiError {
    ApiError::bad_request(format!("Cannot parse example entity: {why}"))
}

fn understand(example: &EntityExample) -> Result<Example, ApiError> {
    check_text("schema", &example.schema, 64).map_err(|e| cannot(e.to_string()))?;
    let props = &example.properties;
    let get = |key: &str| props.get(key).map(strings).unwrap_or_default();
    let mut names = get("name");
    names.extend(get("alias"));
    names.extend(get("previousName"));
    names.retain(|n| !n.trim().is_empty());
    names.dedup();
    let countries: Vec<String> = COUNTRY_PROPS.iter().flat_map(|p| get(p)).take(50).collect();
    let identifiers: Vec<String> = ID_PROPS.iter().flat_map(|p| get(p)).take(50).collect();
    for text in countries.iter().chain(&identifiers) {
        check_text("property", text, MAX_ITEM_CHARS).map_err(|e| cannot(e.to_string()))?;
    }
    let mut input = QueryInput::name("", Channel::Yente);
    input.names = names;
    input.schema = match example.schema.as_str() {
        "Thing" => None,
        other => Some(other.to_string()),
    };
    input.birth_date = get("birthDate")
        .iter()
        .find_map(|d| d.trim().parse::<interdict_model::PartialDate>().ok());
    input.countries = countries;
    input.identifiers = identifiers;
    input.genders = get("gender");
    input.subject_ref.clone_from(&example.id);
    let echo_props: Map<String, Value> = props
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                Value::Array(strings(v).into_iter().map(Value::String).collect()),
            )
        })
        .collect();
    let echo = json!({"id": example.id, "schema": example.schema, "properties": echo_props});
    let example = Example { input, echo };
    // Checked now, with any terms, so a bad example is refused before screening starts.
    example.query(1, Threshold::DEFAULT, Floor::NearMisses, |_| {})?;
    Ok(example)
}

fn day_time(date: chrono::NaiveDate) -> String {
    format!("{date}T00:00:00")
}

/// yente's `EntityResponse` for an entity of `set` (or of a lookup).
fn entity_response(entity: &Entity, published: Option<chrono::NaiveDate>) -> Value {
    let shape = interdict_json::entity(entity);
    let first_seen = entity
        .sanctions
        .iter()
        .filter_map(|s| s.listing_date.as_ref())
        .map(|d| d.to_string())
        .min();
    json!({
        "id": entity.id.as_str(),
        "caption": entity.caption(),
        "schema": entity.schema.as_str(),
        "properties": shape["properties"],
        "datasets": [dataset_name(entity.id.source())],
        "referents": [],
        "target": true,
        "first_seen": first_seen.and_then(|d| d.parse::<chrono::NaiveDate>().ok()).map(day_time),
        "last_seen": published.map(day_time),
        "last_change": Value::Null,
    })
}

fn agreement_feature(features: &mut Vec<(String, f64, String)>, name: &str, agreement: Agreement) {
    match agreement {
        Agreement::Agree => features.push((format!("{name}_match"), 1.0, format!("{name} agrees"))),
        Agreement::Conflict => {
            features.push((format!("{name}_mismatch"), 1.0, format!("{name} conflicts")))
        }
        Agreement::Unknown => {}
    }
}

/// Our explanation as yente's per-feature results.
fn features(explanation: &Explanation) -> Vec<(String, f64, String)> {
    let name = &explanation.name;
    let pairs: Vec<String> = name
        .pairs
        .iter()
        .map(|p| {
            format!(
                "{}~{} ({})",
                p.query,
                p.list,
                interdict_json::snake(&p.kind)
            )
        })
        .collect();
    let mut out = vec![(
        "name".to_string(),
        interdict_json::round(name.score),
        pairs.join(", "),
    )];
    agreement_feature(&mut out, "birth_date", explanation.birth_date);
    agreement_feature(&mut out, "country", explanation.country);
    agreement_feature(&mut out, "gender", explanation.gender);
    if !explanation.identifiers.is_empty() {
        out.push((
            "identifier_match".into(),
            1.0,
            explanation.identifiers.join(", "),
        ));
    }
    if explanation.weak_alias {
        out.push((
            "weak_alias".into(),
            1.0,
            "the best name is a weak alias".into(),
        ));
    }
    if explanation.schema_mismatch {
        out.push((
            "schema_mismatch".into(),
            1.0,
            "the query's type cannot be the entity's".into(),
        ));
    }
    for rule in &name.rules {
        out.push((
            format!("rule_{}", interdict_json::snake(rule)),
            1.0,
            "a cap on the name score".into(),
        ));
    }
    out
}

fn published_of(set: &ScreeningSet, source: SourceId) -> Option<chrono::NaiveDate> {
    set.versions
        .iter()
        .find(|v| v.source == source)
        .map(|v| v.published)
}

fn scored(set: &ScreeningSet, scored: &ScoredHit) -> Value {
    let hit = &scored.hit;
    let entity = set.entity(hit);
    let mut result = entity_response(entity, published_of(set, hit.entity_id.source()));
    let features = features(&hit.explanation);
    result["score"] = json!(interdict_json::round(hit.score));
    result["match"] = json!(scored.is_match);
    result["explanations"] = Value::Object(
        features
            .iter()
            .map(|(k, v, d)| (k.clone(), json!({"score": v, "detail": d})))
            .collect(),
    );
    result["features"] = Value::Object(
        features
            .iter()
            .map(|(k, v, _)| (k.clone(), json!(v)))
            .collect(),
    );
    result
}

/// `POST /match/{dataset}`: yente's query-by-example matcher.
#[utoipa::path(post, path = "/match/{dataset}", tag = "yente",
    params(("dataset" = String, Path, description = "default, sanctions, or a source name (ofac-sdn, un-sc, ...)"),
           ("limit" = Option<usize>, Query, description = "results per query (default 5, at most 500)"),
           ("threshold" = Option<f64>, Query, description = "match threshold (default 0.7)"),
           ("cutoff" = Option<f64>, Query, description = "results above this score are returned (default: threshold)"),
           ("algorithm" = Option<String>, Query, description = "interdict, or best/logic-v2/... (all served by interdict's matcher)")),
    request_body = MatchRequest,
    responses((status = 200, description = "yente's EntityMatchResponse"), (status = 400, description = "bad query"), (status = 404, description = "No such dataset.")),
    security(("bearer" = [])))]
pub async fn match_entities(
    State(state): State<Arc<AppState>>,
    principal: Principal,
    Path(dataset): Path<String>,
    RawQuery(raw): RawQuery,
    ApiJson(request): ApiJson<MatchRequest>,
) -> Result<Response, YenteError> {
    let params = Params::parse(raw);
    let sources = narrow(dataset_sources(&dataset)?, &params)?;
    let limit: usize = params.number("limit", 5)?;
    if limit == 0 || limit > MAX_MATCHES {
        return Err(
            ApiError::bad_request(format!("limit must be between 1 and {MAX_MATCHES}")).into(),
        );
    }
    let threshold: f64 = params.number("threshold", Threshold::DEFAULT.value())?;
    let cutoff: f64 = params.number("cutoff", threshold)?;
    if !(0.0..=1.0).contains(&threshold) || !(0.0..=1.0).contains(&cutoff) {
        return Err(ApiError::bad_request("threshold and cutoff must be in [0, 1]").into());
    }
    let cutoff = cutoff.min(threshold);
    let threshold = Threshold::new(threshold).map_err(|e| ApiError::bad_request(e.to_string()))?;
    let algorithm = params.one("algorithm").unwrap_or("best");
    if algorithm != ALGORITHM
        && !YENTE_ALGORITHMS.contains(&algorithm.to_ascii_lowercase().as_str())
    {
        return Err(ApiError::bad_request(format!("Invalid algorithm: {algorithm}")).into());
    }
    if let Some(key) = request.config.keys().next() {
        return Err(ApiError::bad_request(format!(
            "Invalid configuration parameter: {key} for algorithm {ALGORITHM}"
        ))
        .into());
    }
    if request.queries.len() > MAX_QUERIES {
        return Err(ApiError::bad_request(format!(
            "Too many queries in one batch (limit: {MAX_QUERIES})"
        ))
        .into());
    }
    let exclude_schema: Vec<String> = params
        .all("exclude_schema")
        .iter()
        .map(|s| s.to_string())
        .collect();
    let exclude_ids: Vec<String> = params
        .all("exclude_entity_ids")
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut examples = Vec::new();
    for (key, example) in &request.queries {
        let Some(example) = example else { continue };
        let understood = understand(example)?;
        examples.push((key.clone(), understood));
    }
    if examples.is_empty() {
        return Err(ApiError::bad_request("No queries provided.").into());
    }
    state.ready()?;
    let batch = examples.len();
    let responses = blocking(move || {
        let world = state.ready()?;
        let set = world.set();
        let mut responses = Map::new();
        for (key, example) in examples {
            let query = example.query(limit, threshold, Floor::Above(cutoff), |input| {
                input.sources.clone_from(&sources);
                input.exclude_entities.clone_from(&exclude_ids);
                input.exclude_schemas.clone_from(&exclude_schema);
            })?;
            let screening = interdict_app::screen(&world, query);
            let recorded = state
                .host
                .record(&screening, &principal.id, example.echo.clone())?;
            state.metrics.screening(Channel::Yente.as_str(), &recorded);
            let matches = screening.results().iter().filter(|h| h.is_match).count();
            let results: Vec<Value> = screening
                .results()
                .iter()
                .map(|hit| {
                    let mut result = scored(set, hit);
                    let alert = interdict_json::alert_of(&recorded, hit.hit.entity_id.as_str());
                    if let Some(alert) = alert {
                        result["alert"] = interdict_json::alert(alert);
                    }
                    result
                })
                .collect();
            responses.insert(
                key,
                json!({
                    "status": 200,
                    "results": results,
                    "total": {"value": matches, "relation": "eq"},
                    "query": example.echo,
                    "screening_id": recorded.seq,
                }),
            );
        }
        Ok::<_, ApiError>(responses)
    })
    .await?;
    let mut response = Json(json!({"responses": responses, "limit": limit})).into_response();
    response.headers_mut().insert("x-batch-size", batch.into());
    Ok(response)
}

/// `GET /search/{dataset}?q=`: name search, best first.
#[utoipa::path(get, path = "/search/{dataset}", tag = "yente",
    params(("dataset" = String, Path, description = "default, sanctions, or a source name"),
           ("q" = Option<String>, Query, description = "the name searched"),
           ("limit" = Option<usize>, Query, description = "default 10, at most 500"),
           ("offset" = Option<usize>, Query, description = "default 0"),
           ("schema" = Option<String>, Query, description = "FtM schema (default Thing: any)")),
    responses((status = 200, description = "yente's SearchResponse"), (status = 404, description = "No such dataset.")),
    security(("bearer" = [])))]
pub async fn search(
    State(state): State<Arc<AppState>>,
    principal: Principal,
    Path(dataset): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, YenteError> {
    let params = Params::parse(raw);
    let sources = narrow(dataset_sources(&dataset)?, &params)?;
    let limit: usize = params.number("limit", 10)?;
    let offset: usize = params.number("offset", 0)?;
    if limit > 500 || offset > 9500 {
        return Err(ApiError::bad_request("limit is at most 500 and offset at most 9500").into());
    }
    let q = params.one("q").unwrap_or("").trim().to_string();
    let schema = params.one("schema").unwrap_or("Thing").to_string();
    let mut properties = BTreeMap::new();
    properties.insert("name".to_string(), json!([q]));
    for country in params.all("countries") {
        properties
            .entry("country".to_string())
            .or_insert_with(|| json!([]))
            .as_array_mut()
            .expect("an array")
            .push(json!(country));
    }
    state.ready()?;
    if q.is_empty() {
        return Ok(Json(json!({
            "limit": limit, "offset": offset, "total": {"value": 0, "relation": "eq"},
            "results": [], "facets": {},
        })));
    }
    let example = understand(&EntityExample {
        id: None,
        schema,
        properties,
    })?;
    if offset + limit == 0 {
        return Ok(Json(json!({
            "limit": limit, "offset": offset, "total": {"value": 0, "relation": "eq"},
            "results": [], "facets": {},
        })));
    }
    let query = example.query(
        offset + limit,
        Threshold::DEFAULT,
        Floor::AtLeast(SEARCH_MIN_SCORE),
        |input| input.sources.clone_from(&sources),
    )?;
    let answer = blocking(move || {
        let world = state.ready()?;
        let set = world.set();
        let screening = interdict_app::screen(&world, query);
        let recorded = state
            .host
            .record(&screening, &principal.id, example.echo.clone())?;
        state.metrics.screening(Channel::Yente.as_str(), &recorded);
        let total = screening.results().len();
        let page: Vec<Value> = screening
            .results()
            .iter()
            .skip(offset)
            .map(|scored| {
                let hit = &scored.hit;
                entity_response(set.entity(hit), published_of(set, hit.entity_id.source()))
            })
            .collect();
        Ok::<_, ApiError>(json!({
            "limit": limit, "offset": offset, "total": {"value": total, "relation": "eq"},
            "results": page, "facets": {},
        }))
    })
    .await?;
    Ok(Json(answer))
}

/// `GET /entities/{id}`: the entity as the latest version of its list holds it.
#[utoipa::path(get, path = "/entities/{id}", tag = "yente",
    params(("id" = String, Path, description = "Entity id, e.g. ofac-sdn:10481")),
    responses((status = 200, description = "yente's EntityResponse"), (status = 404, description = "No such entity!")),
    security(("bearer" = [])))]
pub async fn entity(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<Value>, YenteError> {
    let id = crate::api::data::parse_entity_id(&id)
        .map_err(|_| ApiError::not_found("No such entity!"))?;
    let answer = blocking(move || {
        let lookup = state
            .host
            .with_lists(|lists| lists.lookup(&id, &VersionSelector::Latest))?;
        match lookup {
            Lookup::Found(version, entity) => Ok(entity_response(&entity, Some(version.published))),
            _ => Err(ApiError::not_found("No such entity!")),
        }
    })
    .await?;
    Ok(Json(answer))
}

/// `GET /catalog`: one dataset per source held, and the `default` collection.
#[utoipa::path(get, path = "/catalog", tag = "yente",
    responses((status = 200, description = "yente's DataCatalogModel")),
    security(("bearer" = [])))]
pub async fn catalog(State(state): State<Arc<AppState>>) -> Result<Json<Value>, YenteError> {
    let world = state.ready()?;
    let mut datasets = Vec::new();
    let mut names = Vec::new();
    for version in world.versions() {
        let name = dataset_name(version.source);
        names.push(name.clone());
        let stamp = version.imported_at.format("%Y%m%d%H%M%S").to_string();
        datasets.push(json!({
            "name": name,
            "title": version.source.authority(),
            "version": stamp,
            "updated_at": day_time(version.published),
            "last_export": day_time(version.published),
            "entity_count": version.entities,
            "load": true,
            "namespace": false,
            "index_version": stamp,
            "index_current": true,
            "children": [],
        }));
    }
    datasets.push(json!({
        "name": "default",
        "title": "Every list interdict holds",
        "version": format!("generation-{}", world.generation()),
        "load": false,
        "namespace": false,
        "index_version": format!("generation-{}", world.generation()),
        "index_current": true,
        "children": names,
    }));
    let mut current = names;
    current.push("default".into());
    Ok(Json(json!({
        "datasets": datasets, "current": current, "outdated": [], "index_stale": false,
    })))
}

fn feature_docs() -> Value {
    let doc = |description: &str| json!({"description": description, "coefficient": 1.0, "url": "/openapi.json"});
    json!({
        "name": doc("Name score: query and list tokens aligned in any order, each pair scored by how it matched (exact, transliterated, phonetic, typo, initial, variant, joined, acronym, legal form, particle)"),
        "birth_date_match": doc("A listed birth date agrees with the query's (partial dates compared at their precision)"),
        "birth_date_mismatch": doc("Every listed birth date conflicts with the query's"),
        "country_match": doc("A listed country agrees"),
        "country_mismatch": doc("The listed countries conflict"),
        "gender_match": doc("The gender agrees"),
        "gender_mismatch": doc("The gender conflicts"),
        "identifier_match": doc("An identifier of the query is listed"),
        "weak_alias": doc("The best name is a weak alias: never an alert alone"),
        "schema_mismatch": doc("The query's type cannot be the entity's"),
    })
}

/// `GET /algorithms`.
#[utoipa::path(get, path = "/algorithms", tag = "yente",
    responses((status = 200, description = "yente's AlgorithmResponse")),
    security(("bearer" = [])))]
pub async fn algorithms() -> Json<Value> {
    let description = "interdict's matcher: transliteration-aware token alignment with per-feature explanations; birth date, country, identifiers and gender adjust the name score";
    Json(json!({
        "algorithms": [{
            "name": ALGORITHM,
            "description": description,
            "features": feature_docs(),
            "docs": {"name": ALGORITHM, "description": description, "config": {}, "features": feature_docs()},
        }],
        "default": ALGORITHM,
        "best": ALGORITHM,
    }))
}
