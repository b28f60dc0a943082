//! The OpenAPI 3 document, generated from the handlers' annotations.

use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "interdict",
        description = "Sanctions screening over versioned official lists. Errors are {\"error\": {\"code\", \"message\"}}; every route but /healthz, /readyz and /ui/* needs Authorization: Bearer <key>."
    ),
    paths(
        crate::api::screen::screen,
        crate::api::party::entity,
        crate::api::bulk::screen_batch,
        crate::api::message::screen_message,
        crate::api::text::screen_text,
        crate::api::travel::travel_check,
        crate::api::exposure::exposure,
        crate::api::exposure::import_ownership,
        crate::api::data::history,
        crate::api::data::lists,
        crate::api::data::diff,
        crate::api::alerts::list,
        crate::api::alerts::one,
        crate::api::alerts::decide,
        crate::api::admin::whoami,
        crate::api::admin::reload,
        crate::ops::healthz,
        crate::ops::readyz,
        crate::ops::metrics,
        crate::ops::openapi,
        crate::yente::match_entities,
        crate::yente::search,
        crate::yente::entity,
        crate::yente::catalog,
        crate::yente::algorithms,
    ),
    components(schemas(
        crate::api::screen::ScreenRequest,
        crate::api::screen::BatchRequest,
        crate::api::alerts::DecisionRequest,
        crate::api::text::TextRequest,
        crate::api::travel::TravelCheckRequest,
        crate::api::exposure::ExposureBody,
        crate::yente::MatchRequest,
        crate::yente::EntityExample,
    )),
    modifiers(&BearerAuth)
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

/// The document served at `/openapi.json`.
pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}
