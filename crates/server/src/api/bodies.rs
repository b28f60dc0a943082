//! What the raw-body endpoints (batch, message, text, ownership) share: the
//! media type sent, the body as UTF-8, and a digest to name a subject by.

use axum::http::{header, HeaderMap, StatusCode};
use sha2::{Digest, Sha256};

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

/// A copy of a long text for the audit entry: the first `max` characters and
/// whether it was cut.
pub fn excerpt(text: &str, max: usize) -> (String, bool) {
    match text.char_indices().nth(max) {
        Some((at, _)) => (text[..at].to_string(), true),
        None => (text.to_string(), false),
    }
}
