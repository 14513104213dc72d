//! Static assets, compiled into the binary and served under names that carry a
//! hash of their content, so browsers may cache them for a year.

use std::sync::OnceLock;

use axum::Router;
use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::AppState;
use crate::error::Error;

struct Asset {
    name: &'static str,
    extension: &'static str,
    content_type: &'static str,
    body: &'static [u8],
}

const CSS: &str = "text/css; charset=utf-8";

const ASSETS: &[Asset] = &[
    Asset { name: "portal", extension: "css", content_type: CSS, body: include_bytes!("../../static/portal.css") },
    Asset { name: "print", extension: "css", content_type: CSS, body: include_bytes!("../../static/print.css") },
    Asset { name: "admin", extension: "css", content_type: CSS, body: include_bytes!("../../static/admin.css") },
    Asset {
        name: "favicon",
        extension: "svg",
        content_type: "image/svg+xml",
        body: include_bytes!("../../static/favicon.svg"),
    },
];

/// FNV-1a: stable across builds and Rust versions, unlike `DefaultHasher`.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

fn hashed_paths() -> &'static Vec<String> {
    static PATHS: OnceLock<Vec<String>> = OnceLock::new();
    PATHS.get_or_init(|| {
        ASSETS
            .iter()
            .map(|a| format!("/static/{}.{:012x}.{}", a.name, fnv1a(a.body) & 0xffff_ffff_ffff, a.extension))
            .collect()
    })
}

fn path_of(name: &str) -> &'static str {
    let index = ASSETS.iter().position(|a| a.name == name).expect("known asset");
    &hashed_paths()[index]
}

pub fn stylesheet_path() -> &'static str {
    path_of("portal")
}

pub fn print_stylesheet_path() -> &'static str {
    path_of("print")
}

pub fn admin_stylesheet_path() -> &'static str {
    path_of("admin")
}

pub fn favicon_path() -> &'static str {
    path_of("favicon")
}

pub fn router() -> Router<AppState> {
    Router::new().route("/static/{file}", get(serve))
}

async fn serve(Path(file): Path<String>) -> Result<Response, Error> {
    let requested = format!("/static/{file}");
    let index = hashed_paths().iter().position(|p| *p == requested).ok_or(Error::NotFound)?;
    let asset = &ASSETS[index];
    Ok((
        [(header::CONTENT_TYPE, asset.content_type), (header::CACHE_CONTROL, "public, max-age=31536000, immutable")],
        asset.body,
    )
        .into_response())
}
