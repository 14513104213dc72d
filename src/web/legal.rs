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
    heading: SafeHtml,
    body: SafeHtml,
    updated: Date,
}

async fn page(State(state): State<AppState>, slug: &'static str) -> Result<(Shows, ContentPage)> {
    let page = site::page(&state.db, state.site.city_id, slug).await?.ok_or(Error::NotFound)?;
    let lang = crate::i18n::lang();
    // The <title> is text: the English title where there is one (the <h1> marks a German one).
    let title = if lang == crate::i18n::Lang::En && !page.en.title.is_empty() { &page.en.title } else { &page.title };
    let mut layout = Layout::new(&state, title.clone(), Nav::None);
    layout.illustrative = page.illustrative;
    let body = crate::ui::localised::body(lang, &page.body_md, &page.en, render);
    let heading = crate::ui::localised::title(&page.title, &page.en);
    Ok((Shows::new(), ContentPage { layout, heading, body, updated: Date(page.updated_at.date_naive()) }))
}
