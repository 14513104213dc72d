//! Content pages every public-body site has: accessibility statement,
//! easy-read summary, legal notice and privacy statement.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::routing::get;

use crate::AppState;
use crate::error::{Error, Result};
use crate::markdown::{SafeHtml, render};
use crate::model::Date;
use crate::model::site;
use crate::page_cache::Shows;
use crate::ui::{Layout, Nav};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/barrierefreiheit", get(|s| page(s, "barrierefreiheit")))
        .route("/leichte-sprache", get(|s| page(s, "leichte-sprache")))
        .route("/impressum", get(|s| page(s, "impressum")))
        .route("/datenschutz", get(|s| page(s, "datenschutz")))
}

#[derive(Template, WebTemplate)]
#[template(path = "legal/page.html")]
struct ContentPage {
    layout: Layout,
    body: SafeHtml,
    updated: Date,
}

async fn page(State(state): State<AppState>, slug: &'static str) -> Result<(Shows, ContentPage)> {
    let page = site::page(&state.db, state.site.city_id, slug).await?.ok_or(Error::NotFound)?;
    let mut layout = Layout::new(&state, page.title.clone(), Nav::None);
    layout.illustrative = page.illustrative;
    Ok((Shows::new(), ContentPage { layout, body: render(&page.body_md), updated: Date(page.updated_at.date_naive()) }))
}
