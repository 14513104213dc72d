//! Documents as HTTP answers, for the public site and the admin area alike.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use base64::Engine;

/// A PDF shown in the browser (`inline`) and saved under `filename`;
/// `Repr-Digest` (RFC 9530) carries its SHA-256 (`sha256`, lower-case hex), as the page shows it.
pub fn pdf(bytes: Vec<u8>, sha256: &str, filename: &str) -> Response {
    let digest: Vec<u8> = (0..sha256.len())
        .step_by(2)
        .filter_map(|i| sha256.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()))
        .collect();
    let repr_digest = format!("sha-256=:{}:", base64::engine::general_purpose::STANDARD.encode(digest));
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (header::CONTENT_DISPOSITION, format!("inline; filename=\"{filename}\"")),
            (header::HeaderName::from_static("repr-digest"), repr_digest),
        ],
        bytes,
    )
        .into_response()
}
