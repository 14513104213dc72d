//! `/suche?q=`: ranked full-text search with highlighted snippets.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::routing::get;

use crate::AppState;
use crate::error::Result;
use crate::i18n::{t, t_arg};
use crate::model::search::{self, Hit};
use crate::page_cache::{Shows, Topic};
use crate::ui::{Layout, Nav};
use crate::ui::{Pagination, Params};

pub fn router() -> Router<AppState> {
    Router::new().route("/suche", get(page))
}

pub struct ShownHit {
    pub hit: Hit,
    /// Escaped snippet with `<mark>` around the matches.
    pub snippet_html: String,
}

/// Escapes the snippet, then turns the private-use markers from `ts_headline` into `<mark>`.
fn highlight(snippet: &str) -> String {
    let mut out = String::with_capacity(snippet.len() + 32);
    for ch in snippet.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\u{e000}' => out.push_str("<mark>"),
            '\u{e001}' => out.push_str("</mark>"),
            // Markdown emphasis markers are noise in a plain-text snippet.
            '*' | '#' | '_' | '`' => {}
            c => out.push(c),
        }
    }
    out
}

#[derive(Template, WebTemplate)]
#[template(path = "search.html")]
struct SearchPage {
    layout: Layout,
    q: String,
    hits: Vec<ShownHit>,
    pagination: Option<Pagination>,
}

/// Hits show titles, texts and addresses, ranked by text: a change of status or progress leaves them.
fn search_shows() -> Shows {
    Shows::new().any(Topic::ProjectText).any(Topic::ServiceText).any(Topic::Inquiry).any(Topic::Report)
}

async fn page(State(state): State<AppState>, params: Params) -> Result<(Shows, SearchPage)> {
    let q = params.text("q")?.unwrap_or_default();
    let page = params.page()?;
    let title = if q.is_empty() { t("search-title") } else { t_arg("search-title-for", &q) };
    let mut layout = Layout::new(&state, title, Nav::Search);
    layout.description = t("search-description");
    if q.is_empty() {
        return Ok((search_shows(), SearchPage { layout, q, hits: Vec::new(), pagination: None }));
    }
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let (hits, total) = search::search(&mut conn, state.site.city_id, &q, page).await?;
    let pagination = Pagination::new("/suche", &[("q", q.clone())], page, total)?;
    let hits = hits.into_iter().map(|hit| ShownHit { snippet_html: highlight(&hit.snippet), hit }).collect();
    Ok((search_shows(), SearchPage { layout, q, hits, pagination: Some(pagination) }))
}

#[cfg(test)]
mod tests {
    use super::highlight;

    #[test]
    fn snippets_are_escaped_before_matches_are_marked() {
        assert_eq!(highlight("<b>\u{e000}Netz\u{e001}</b> **x**"), "&lt;b&gt;<mark>Netz</mark>&lt;/b&gt; x");
    }
}
