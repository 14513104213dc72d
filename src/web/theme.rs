//! A city's own look: its action colour as a stylesheet over KERN's tokens, and
//! its logo. Both are versioned by content in their addresses (see
//! `Site::theme_href`), so browsers keep them for a year.

use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::AppState;
use crate::error::{Error, Result};

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

pub fn router() -> Router<AppState> {
    Router::new().route("/stadt.css", get(stylesheet)).route("/stadt/logo.svg", get(logo))
}

/// The city's colour in place of KERN's action blue; the hover shade is derived
/// (a quarter darker), so it keeps at least the colour's own contrast.
async fn stylesheet(State(state): State<AppState>) -> Result<Response> {
    let colour = &state.site.colour;
    if colour.is_empty() {
        return Err(Error::NotFound);
    }
    let css = format!(":root {{ --kern-color-action-default: {colour}; --action-hover: {}; }}\n", darker(colour));
    Ok(([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, IMMUTABLE)], css).into_response())
}

/// The logo, checked at load (no scripts); served so that even opened on its own
/// it can run nothing.
async fn logo(State(state): State<AppState>) -> Result<Response> {
    if state.site.logo_svg.is_empty() {
        return Err(Error::NotFound);
    }
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, IMMUTABLE),
            (header::CONTENT_SECURITY_POLICY, "default-src 'none'; style-src 'unsafe-inline'; sandbox"),
        ],
        state.site.logo_svg.clone(),
    )
        .into_response())
}

/// `#rrggbb` a quarter of the way to black.
fn darker(colour: &str) -> String {
    let channel = |i: usize| colour.get(i..i + 2).and_then(|c| u8::from_str_radix(c, 16).ok()).unwrap_or(0);
    let [r, g, b] = [1, 3, 5].map(|i| (u16::from(channel(i)) * 3 / 4) as u8);
    format!("#{r:02x}{g:02x}{b:02x}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_hover_shade_is_darker() {
        assert_eq!(super::darker("#2044aa"), "#18337f");
        assert_eq!(super::darker("#ffffff"), "#bfbfbf");
    }
}
