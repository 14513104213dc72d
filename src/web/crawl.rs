//! `robots.txt` and `sitemap.xml`: every public page with the date it last
//! changed, so that search engines and archives find all of them.

use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{DateTime, Utc};

use crate::AppState;
use crate::error::Result;
use crate::page_cache::{Shows, Topic};

pub fn router() -> Router<AppState> {
    Router::new().route("/robots.txt", get(robots)).route("/sitemap.xml", get(sitemap))
}

async fn robots(State(state): State<AppState>) -> Response {
    let base = state.config.base_url.trim_end_matches('/');
    let body = format!("User-agent: *\nDisallow: /admin\nSitemap: {base}/sitemap.xml\n");
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}

/// The pages that are not records, and the table whose newest change dates them.
const FIXED: &[(&str, &str)] = &[
    ("/", "projects"),
    ("/strategie", "strategies"),
    ("/organisation", "org_units"),
    ("/handlungsfelder", "action_fields"),
    ("/projekte", "projects"),
    ("/meilensteine", "milestones"),
    ("/online-dienste", "services"),
    ("/berichte", "annual_reports"),
    ("/anfragen", "council_inquiries"),
    ("/aktuelles", "project_updates"),
    ("/daten", "pages"),
];

/// Every public address and its last change, in one statement.
async fn sitemap(State(state): State<AppState>) -> Result<(Shows, Response)> {
    let fixed: Vec<String> = FIXED
        .iter()
        .map(|(path, table)| {
            format!("SELECT '{path}' AS path, (SELECT max(updated_at) FROM {table} WHERE city_id = $1) AS at")
        })
        .collect();
    let sql = format!(
        "{} UNION ALL \
         SELECT '/' || slug, updated_at FROM pages WHERE city_id = $1 AND slug <> 'daten' \
         UNION ALL SELECT '/handlungsfelder/' || slug, updated_at FROM action_fields WHERE city_id = $1 AND archived_at IS NULL \
         UNION ALL SELECT '/projekte/' || slug, updated_at FROM projects WHERE city_id = $1 AND archived_at IS NULL \
         UNION ALL SELECT '/online-dienste/' || slug, updated_at FROM services WHERE city_id = $1 AND archived_at IS NULL \
         UNION ALL SELECT '/berichte/' || year, updated_at FROM annual_reports \
                   WHERE city_id = $1 AND release_state = 'released' AND archived_at IS NULL \
         UNION ALL SELECT '/anfragen/' || slug, updated_at FROM council_inquiries WHERE city_id = $1 AND archived_at IS NULL",
        fixed.join(" UNION ALL ")
    );
    let rows: Vec<(String, Option<DateTime<Utc>>)> =
        sqlx::query_as(&sql).bind(state.site.city_id).fetch_all(&state.db).await?;
    let base = state.config.base_url.trim_end_matches('/');
    let mut xml = String::with_capacity(rows.len() * 120 + 200);
    xml.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (path, at) in rows {
        let loc = format!("{base}{path}").replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
        xml.push_str(&format!("<url><loc>{loc}</loc>"));
        if let Some(at) = at {
            xml.push_str(&format!("<lastmod>{}</lastmod>", at.format("%Y-%m-%d")));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    // Every change of a record changes its date here.
    let shows = Shows::new().any(Topic::Project).any(Topic::Service).any(Topic::Inquiry).any(Topic::Report);
    Ok((shows, ([(header::CONTENT_TYPE, "application/xml; charset=utf-8")], xml).into_response()))
}
