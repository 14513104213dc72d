//! The public site: one router per area, merged here. The layers every response
//! shares (error pages, compression, security headers, page cache) are added
//! where the application is composed, in [`crate::app`].

mod action_fields;
pub(crate) mod archive;
mod catalog;
mod crawl;
mod downloads;
mod feeds;
mod health;
mod inquiries;
mod legal;
mod milestones;
mod open_data;
mod overview;
mod projects;
mod reports;
mod search;
mod services;
mod strategy;
pub(crate) mod trends;
mod updates;

use axum::Router;

use crate::AppState;

/// Every public page.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(overview::router())
        .merge(strategy::router())
        .merge(action_fields::router())
        .merge(projects::router())
        .merge(milestones::router())
        .merge(services::router())
        .merge(reports::router())
        .merge(inquiries::router())
        .merge(updates::router())
        .merge(trends::router())
        .merge(feeds::router())
        .merge(search::router())
        .merge(legal::router())
        .merge(open_data::router())
        .merge(downloads::router())
        .merge(archive::router())
        .merge(catalog::router())
        .merge(crawl::router())
        .merge(health::router())
}

/// A stored PDF, shown in the browser (`inline`) and saved under `filename`;
/// `Repr-Digest` (RFC 9530) carries the SHA-256 the page shows.
pub fn pdf(stored: crate::model::documents::Stored, filename: &str) -> axum::response::Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    use base64::Engine;
    let digest = (0..stored.sha256.len())
        .step_by(2)
        .filter_map(|i| u8::from_str_radix(&stored.sha256[i..i + 2], 16).ok())
        .collect::<Vec<u8>>();
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (header::CONTENT_DISPOSITION, format!("inline; filename=\"{filename}\"")),
            (
                header::HeaderName::from_static("repr-digest"),
                format!("sha-256=:{}:", base64::engine::general_purpose::STANDARD.encode(digest)),
            ),
        ],
        stored.bytes,
    )
        .into_response()
}
