//! The JSON API under `/api/v1`: every public record, with the filters,
//! orders and pages of the HTML lists. One router per area; the envelope
//! (`stand`, `data`, `pagination`, `links`) and the OpenAPI document are here.
//!
//! What every answer shares is done elsewhere, for pages and API alike: the
//! page cache stores answers and drops them by what they show, `ETag` and
//! `Last-Modified` with `304` come from [`crate::page_cache::conditional`], and errors
//! become RFC 9457 problem details in [`crate::ui::errors`].

mod council;
mod oparl;
mod projects;
mod services;
mod strategy;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, Method, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::NaiveDate;
use serde::Serialize;
use tower_http::cors::{Any, CorsLayer};
use utoipa::{OpenApi, ToSchema};

use crate::AppState;
use crate::error::{Error, Result};
use crate::model::PageRequest;
use crate::ui::Pagination;

/// The largest page a client may ask for (`pro_seite`).
pub const MAX_PAGE_SIZE: i64 = 100;

/// The OpenAPI document as JSON, made once: it depends on the code only (the
/// `/daten` page, the download columns and `openapi.json` read it).
pub fn document() -> &'static serde_json::Value {
    static DOCUMENT: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
    DOCUMENT.get_or_init(|| serde_json::to_value(ApiDoc::openapi()).unwrap_or_default())
}

pub fn router() -> Router<AppState> {
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::HEAD])
        .allow_headers([header::IF_NONE_MATCH, header::IF_MODIFIED_SINCE])
        .expose_headers([header::ETAG, header::LAST_MODIFIED, header::LINK]);
    Router::new()
        .route("/api/v1/openapi.json", get(openapi))
        .merge(strategy::router())
        .merge(projects::router())
        .merge(services::router())
        .merge(council::router())
        // Unknown addresses under the API answer like the API (problem details, CORS).
        .route("/api/v1", get(|| async { Error::NotFound }))
        .route("/api/v1/{*rest}", get(|| async { Error::NotFound }))
        .merge(oparl::router())
        .route("/oparl/v1/{*rest}", get(|| async { Error::NotFound }))
        .layer(cors)
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Sachstand-Portal: offene Daten",
        description = "Alle öffentlichen Daten des Portals: Strategie, Handlungsfelder, Projekte mit SMART-Zielen, \
            Maßnahmen, Meilensteinen und Ressourcen, Meldungen, Online-Dienste nach dem OZG mit Fallzahlen, \
            Sachstandsberichte und Antworten auf Anfragen des Stadtrats. Listen nehmen dieselben Filter, \
            Sortierungen und Seiten wie die Seiten des Portals. Fehler sind Problem Details (RFC 9457) mit \
            deutschen Meldungen. Erläuterung jedes Feldes und die Lizenz: /daten.",
        version = "1.0.0",
        license(name = "Lizenz der Daten: siehe /daten", url = "/daten"),
    ),
    paths(
        strategy::strategy,
        strategy::action_fields,
        strategy::units,
        projects::list,
        projects::detail,
        projects::milestones,
        projects::updates,
        services::list,
        services::detail,
        council::reports,
        council::report,
        council::inquiries,
        council::inquiry,
    ),
    components(schemas(Problem)),
    tags(
        (name = "Strategie", description = "Ziele, Leitlinien, Querschnittsthemen, Handlungsfelder, Organisationseinheiten"),
        (name = "Projekte", description = "Projekte, Meilensteine und Meldungen"),
        (name = "Online-Dienste", description = "Verwaltungsleistungen nach dem Onlinezugangsgesetz"),
        (name = "Rat", description = "Sachstandsberichte und Antworten auf Anfragen"),
    )
)]
pub struct ApiDoc;

/// `/api/v1/openapi.json`: generated from the handlers and the types they
/// serialise, with this city's slugs as the allowed values of the filters
/// that take them (an unknown slug is a 400).
async fn openapi(State(state): State<AppState>) -> Result<Response> {
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let choices = crate::model::strategy::project_filter_choices(&mut *conn, state.site.city_id).await?;
    let mut doc = document().clone();
    let slugs = |list: &[crate::model::strategy::Choice]| list.iter().map(|c| c.slug.clone()).collect::<Vec<_>>();
    for (param, values) in [
        ("handlungsfeld", slugs(&choices.action_fields)),
        ("thema", slugs(&choices.themes)),
        ("einheit", slugs(&choices.units)),
    ] {
        restrict(&mut doc, "/api/v1/projects", param, values);
    }
    // Records that exist as the examples of the path parameters, so that a client
    // (and the property run of the tests) can try the detail addresses.
    let (project, service, inquiry, year): (Option<String>, Option<String>, Option<String>, Option<i32>) = sqlx::query_as(
        "SELECT (SELECT slug FROM projects WHERE city_id = $1 AND archived_at IS NULL ORDER BY title, id LIMIT 1), \
                (SELECT slug FROM services WHERE city_id = $1 AND archived_at IS NULL ORDER BY name, id LIMIT 1), \
                (SELECT slug FROM council_inquiries WHERE city_id = $1 AND archived_at IS NULL ORDER BY number LIMIT 1), \
                (SELECT max(year) FROM annual_reports WHERE city_id = $1 AND release_state = 'released' AND archived_at IS NULL)",
    )
    .bind(state.site.city_id)
    .fetch_one(&state.db)
    .await?;
    for (path, param, value) in [
        ("/api/v1/projects/{slug}", "slug", project.map(serde_json::Value::from)),
        ("/api/v1/services/{slug}", "slug", service.map(serde_json::Value::from)),
        ("/api/v1/inquiries/{slug}", "slug", inquiry.map(serde_json::Value::from)),
        ("/api/v1/reports/{year}", "year", year.map(serde_json::Value::from)),
    ] {
        if let Some(value) = value {
            example(&mut doc, path, param, value);
        }
    }
    Ok(json(&doc, None))
}

/// Sets the example value of a parameter.
fn example(doc: &mut serde_json::Value, path: &str, param: &str, value: serde_json::Value) {
    let Some(params) = doc.pointer_mut(&format!("/paths/{}/get/parameters", path.replace('/', "~1"))) else { return };
    for p in params.as_array_mut().into_iter().flatten() {
        if p["name"] == param {
            p["example"] = value.clone();
        }
    }
}

/// Sets the allowed values (and the empty value, meaning "all") of a query parameter.
fn restrict(doc: &mut serde_json::Value, path: &str, param: &str, mut values: Vec<String>) {
    values.insert(0, String::new());
    let Some(params) = doc.pointer_mut(&format!("/paths/{}/get/parameters", path.replace('/', "~1"))) else { return };
    for p in params.as_array_mut().into_iter().flatten() {
        if p["name"] == param {
            p["schema"] = serde_json::json!({ "type": "string", "enum": values });
        }
    }
}

/// The schema of a query parameter that takes one of `T`'s codes, or nothing ("all").
pub fn codes_or_empty<T: crate::domain::Code>() -> utoipa::openapi::schema::Object {
    let mut codes = vec![""];
    codes.extend(T::ALL.iter().map(|v| v.code()));
    utoipa::openapi::schema::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .enum_values(Some(codes))
        .build()
}

/// A page number (1 to 100,000) or nothing (the first page).
pub fn page_number() -> utoipa::openapi::schema::Schema {
    number_or_empty(100_000)
}

/// A page size (1 to [`MAX_PAGE_SIZE`]) or nothing (20).
pub fn page_size() -> utoipa::openapi::schema::Schema {
    number_or_empty(MAX_PAGE_SIZE)
}

fn number_or_empty(max: i64) -> utoipa::openapi::schema::Schema {
    use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Type};
    OneOfBuilder::new()
        .item(ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(1)).maximum(Some(max)))
        .item(ObjectBuilder::new().schema_type(Type::String).enum_values(Some([""])))
        .build()
        .into()
}

/// The same for a fixed list of values.
pub fn one_of_or_empty(values: &[&str]) -> utoipa::openapi::schema::Object {
    let mut all = vec![""];
    all.extend(values);
    utoipa::openapi::schema::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .enum_values(Some(all))
        .build()
}

/// An error as RFC 9457 problem details (`application/problem+json`).
#[derive(Serialize, ToSchema)]
pub struct Problem {
    /// Always `about:blank`: the status code says what kind of problem it is.
    #[serde(rename = "type")]
    pub kind: String,
    /// The German heading of the problem.
    pub title: String,
    pub status: u16,
    /// What exactly was wrong and how to correct it (German), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The address that was asked for.
    pub instance: String,
}

/// Where a list's pages are.
#[derive(Serialize, ToSchema)]
pub struct ListLinks {
    #[serde(rename = "self")]
    pub this: String,
    pub first: String,
    pub last: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prev: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Paging {
    /// All records matching the filters.
    pub total: i64,
    pub page: i64,
    pub page_size: i64,
    pub pages: i64,
}

/// A paged list: `stand` is the date the data is current for.
macro_rules! paged_list {
    ($(#[$meta:meta])* $name:ident, $item:ty) => {
        $(#[$meta])*
        #[derive(serde::Serialize, utoipa::ToSchema)]
        pub struct $name {
            pub stand: chrono::NaiveDate,
            pub data: Vec<$item>,
            pub pagination: $crate::api::Paging,
            pub links: $crate::api::ListLinks,
        }
    };
}
pub(crate) use paged_list;

/// One record, or a short list without pages.
macro_rules! envelope {
    ($(#[$meta:meta])* $name:ident, $item:ty) => {
        $(#[$meta])*
        #[derive(serde::Serialize, utoipa::ToSchema)]
        pub struct $name {
            pub stand: chrono::NaiveDate,
            pub data: $item,
        }
    };
}
pub(crate) use envelope;

/// The "Stand" of every answer: today in the city's time zone, or the day a dated request asks for.
pub fn stand() -> NaiveDate {
    crate::ui::stand::shown_day().0
}

/// The pages of a list as absolute links, and the `Link` header naming them.
pub fn list_links(
    state: &AppState,
    path: &str,
    keep: &[(&str, String)],
    page: PageRequest,
    total: i64,
) -> Result<(Paging, ListLinks, String)> {
    let mut keep = keep.to_vec();
    if page.size != crate::ui::params::PAGE_SIZE {
        keep.push(("pro_seite", page.size.to_string()));
    }
    // A page past the end is an empty page (with links back), as API clients expect.
    let last = ((total + page.size - 1) / page.size).max(1);
    let shown = PageRequest { number: page.number.min(last), ..page };
    let pagination = Pagination::new(path, &keep, shown, total)?;
    let base = state.config.base_url.trim_end_matches('/');
    let absolute = |href: &str| format!("{base}{href}");
    let href_of = |n: i64| pagination.links.iter().find(|(m, _)| *m == n).map(|(_, h)| absolute(h));
    let beyond = page.number > last;
    let this = if beyond {
        let mut pairs: Vec<(&str, String)> = keep.iter().filter(|(_, v)| !v.is_empty()).cloned().collect();
        pairs.push(("seite", page.number.to_string()));
        absolute(&format!("{path}?{}", serde_urlencoded::to_string(&pairs).unwrap_or_default()))
    } else {
        href_of(pagination.current).unwrap_or_else(|| absolute(path))
    };
    let links = ListLinks {
        this,
        first: href_of(1).unwrap_or_else(|| absolute(path)),
        last: href_of(pagination.last).unwrap_or_else(|| absolute(path)),
        prev: if beyond { href_of(last) } else { pagination.prev.as_deref().map(absolute) },
        next: if beyond { None } else { pagination.next.as_deref().map(absolute) },
    };
    let mut header = vec![format!("<{}>; rel=\"first\"", links.first), format!("<{}>; rel=\"last\"", links.last)];
    if let Some(prev) = &links.prev {
        header.push(format!("<{prev}>; rel=\"prev\""));
    }
    if let Some(next) = &links.next {
        header.push(format!("<{next}>; rel=\"next\""));
    }
    let paging = Paging { total, page: page.number, page_size: page.size, pages: pagination.last };
    Ok((paging, links, header.join(", ")))
}

/// A JSON answer, with a `Link` header for lists.
pub fn json<T: Serialize>(body: &T, link: Option<String>) -> Response {
    let bytes = match serde_json::to_vec(body) {
        Ok(bytes) => bytes,
        Err(e) => return Error::Other(e.into()).into_response(),
    };
    let mut response = ([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], bytes).into_response();
    if let Some(link) = link.and_then(|l| HeaderValue::from_str(&l).ok()) {
        response.headers_mut().insert(header::LINK, link);
    }
    response
}

/// Absolute addresses of the portal's pages in records (`web_url`).
pub fn absolute(state: &AppState, path: &mut String) {
    *path = format!("{}{path}", state.config.base_url.trim_end_matches('/'));
}
