//! The web UI's static files under `/ui/`, from `interdict-webui`'s embedded
//! assets; `/` redirects there. The files need no key (the data calls do).

use axum::extract::Path;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

use interdict_webui::asset;

use crate::error::ApiError;

/// `GET /`: to the UI.
pub async fn root() -> Redirect {
    Redirect::temporary("/ui/")
}

/// `GET /ui/`.
pub async fn index(headers: HeaderMap) -> Response {
    serve("", &headers)
}

/// `GET /ui/{*path}`.
pub async fn file(Path(path): Path<String>, headers: HeaderMap) -> Response {
    serve(&path, &headers)
}

fn serve(path: &str, headers: &HeaderMap) -> Response {
    // The asset table is a fixed map of names: `..` or an absolute path finds
    // nothing, whatever the encoding.
    let Some(asset) = asset(path) else {
        return ApiError::not_found(format!("no UI file {path:?}")).into_response();
    };
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == asset.etag);
    if matches {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, asset.etag)]).into_response();
    }
    (
        [
            (header::CONTENT_TYPE, asset.content_type),
            (header::ETAG, asset.etag),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        asset.bytes,
    )
        .into_response()
}
