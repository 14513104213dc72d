//! `?stand=JJJJ-MM-TT`: any public page as it was at the end of a past day
//! (issue 12; design in `docs/design-dated-views.md`).
//!
//! - [`dated`] reads the parameter before the handler runs, refuses a date in
//!   the future or before the city's recorded history with a German 400, and
//!   runs the handler inside a task-local [`Viewing`] that names the date.
//! - Handlers take their connection from [`acquire`]. On a dated request it
//!   is a read-only transaction with `search_path = asof, public` and the
//!   moment set (migration 0013), so the unchanged queries of `model/` read
//!   the versions valid then.
//! - The rendered page is rewritten so that every internal link and form keeps
//!   the date, and it gets Memento headers (RFC 7089). A past day's page does
//!   not change with today's edits; browsers may keep it for a day.

use std::ops::{Deref, DerefMut};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use sqlx::pool::PoolConnection;
use sqlx::{PgConnection, PgPool, Postgres, Transaction};

use crate::AppState;
use crate::error::Error;
use crate::model::Date;

/// The day a dated page shows, and the moment it reads (the last microsecond of that day in Germany).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stand {
    pub day: Date,
    pub moment: DateTime<Utc>,
}

impl Stand {
    pub fn of(day: NaiveDate) -> Stand {
        let next = day.succ_opt().unwrap_or(NaiveDate::MAX).and_hms_opt(0, 0, 0).unwrap_or_default();
        let midnight = chrono_tz::Europe::Berlin
            .from_local_datetime(&next)
            .earliest()
            .map_or_else(|| next.and_utc(), |t| t.with_timezone(&Utc));
        Stand { day: Date(day), moment: midnight - chrono::Duration::microseconds(1) }
    }
}

/// What the current request shows: its address (without `stand`) and its date, if any.
#[derive(Clone, Debug)]
pub struct Viewing {
    /// Path and query without `stand` (`/projekte?art=flagship`): the same page today.
    pub today_href: String,
    /// The path alone (the date picker's form sends to it), and the other parameters it keeps.
    pub path: String,
    pub keep: Vec<(String, String)>,
    pub stand: Option<Stand>,
}

tokio::task_local! {
    static VIEWING: Viewing;
}

/// The current request's view, inside [`dated`] (public pages); `None` elsewhere (tests, tasks).
pub fn viewing() -> Option<Viewing> {
    VIEWING.try_with(Viewing::clone).ok()
}

/// The date of the current request, if it asks for one.
pub fn current() -> Option<Stand> {
    VIEWING.try_with(|v| v.stand).ok().flatten()
}

/// The day the current request shows: its `stand`, else today.
pub fn shown_day() -> Date {
    current().map_or_else(Date::today, |s| s.day)
}

/// A connection for a public page's reads: from the pool today, a dated
/// read-only transaction on a dated request.
pub enum Reader {
    Live(PoolConnection<Postgres>),
    Dated(Transaction<'static, Postgres>),
}

impl Deref for Reader {
    type Target = PgConnection;
    fn deref(&self) -> &PgConnection {
        match self {
            Reader::Live(c) => c,
            Reader::Dated(t) => t,
        }
    }
}

impl DerefMut for Reader {
    fn deref_mut(&mut self) -> &mut PgConnection {
        match self {
            Reader::Live(c) => c,
            Reader::Dated(t) => t,
        }
    }
}

/// The connection for the current request's reads (see [`Reader`]). The
/// future owns what it needs (a pool handle, the date): futures that borrow
/// across `impl Executor` calls trip rustc's "not general enough" in handlers.
pub fn acquire(db: &PgPool) -> impl Future<Output = Result<Reader, sqlx::Error>> + Send + 'static {
    let (db, stand) = (db.clone(), current());
    async move {
        match stand {
            None => Ok(Reader::Live(db.acquire().await?)),
            Some(stand) => Ok(Reader::Dated(dated_transaction(db, stand).await?)),
        }
    }
}

/// A read-only transaction that reads the portal as of `stand` (settings are local to it).
pub async fn dated_transaction(db: PgPool, stand: Stand) -> Result<Transaction<'static, Postgres>, sqlx::Error> {
    let mut tx = db.begin().await?;
    // The moment is formatted here, not taken from the request: safe to write into the statement.
    let moment = stand.moment.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let settings = format!(
        "SET TRANSACTION READ ONLY; \
         SELECT set_config('search_path', 'asof, public', true), set_config('sachstand.as_of', '{moment}', true)"
    );
    sqlx::Executor::execute(&mut *tx, sqlx::raw_sql(&settings)).await?;
    Ok(tx)
}

/// The first day of a city's recorded history: its first version of the strategy, a project or a service.
pub async fn history_begins(db: impl sqlx::PgExecutor<'_>, city_id: i64) -> Result<Option<Date>, sqlx::Error> {
    let first: Option<DateTime<Utc>> = sqlx::query_scalar(
        "SELECT least((SELECT min(lower(valid)) FROM strategies_versions WHERE city_id = $1), \
                      (SELECT min(lower(valid)) FROM projects_versions WHERE city_id = $1), \
                      (SELECT min(lower(valid)) FROM services_versions WHERE city_id = $1))",
    )
    .bind(city_id)
    .fetch_one(db)
    .await?;
    Ok(first.map(|t| Date(t.with_timezone(&chrono_tz::Europe::Berlin).date_naive())))
}

/// Reads `stand` from a query: `None` without it; ISO (2023-05-12) or German (12.05.2023).
pub fn parse(query: Option<&str>) -> Option<Result<NaiveDate, String>> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query?).ok()?;
    let value = pairs.into_iter().find(|(k, _)| k == "stand")?.1;
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    Some(
        NaiveDate::parse_from_str(value, "%Y-%m-%d").or_else(|_| NaiveDate::parse_from_str(value, "%d.%m.%Y")).map_err(
            |_| {
                format!(
                    "„{value}“ ist kein gültiges Datum (Parameter „stand“): erwartet wird JJJJ-MM-TT, \
                     zum Beispiel 2023-05-12."
                )
            },
        ),
    )
}

/// The page's parameters without `stand` (for the link to today, the picker and the Memento `original`).
fn without_stand(query: Option<&str>) -> Vec<(String, String)> {
    let pairs: Vec<(String, String)> = query.and_then(|q| serde_urlencoded::from_str(q).ok()).unwrap_or_default();
    pairs.into_iter().filter(|(k, _)| k != "stand").collect()
}

/// Which requests can be dated: public reads (not the admin area, assets or probes).
fn datable(request: &Request) -> bool {
    let path = request.uri().path();
    crate::page_cache::cacheable(request)
        || (request.method() == axum::http::Method::HEAD && !crate::i18n::split(path).1.starts_with("/admin"))
}

/// The middleware (see the module's documentation).
pub async fn dated(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if !datable(&request) {
        return next.run(request).await;
    }
    let uri = request.uri().clone();
    let keep = without_stand(uri.query());
    let query = serde_urlencoded::to_string(&keep).unwrap_or_default();
    let today_href = if query.is_empty() { uri.path().to_string() } else { format!("{}?{query}", uri.path()) };
    let mut viewing = Viewing { today_href, path: uri.path().to_string(), keep, stand: None };
    let day = match parse(uri.query()) {
        None => return VIEWING.scope(viewing, next.run(request)).await,
        Some(Err(message)) => return Error::BadRequest(message).into_response(),
        Some(Ok(day)) => day,
    };
    let today = Date::today();
    if Date(day) > today {
        return Error::BadRequest(format!(
            "Der {} liegt in der Zukunft. Ein früherer Stand lässt sich bis heute ({today}) abrufen.",
            Date(day)
        ))
        .into_response();
    }
    match history_begins(&state.db, state.site.city_id).await {
        Err(e) => return Error::from(e).into_response(),
        Ok(None) => {
            return Error::BadRequest("Für dieses Portal ist noch kein früherer Stand aufgezeichnet.".into())
                .into_response();
        }
        Ok(Some(begins)) if Date(day) < begins => {
            return Error::BadRequest(format!(
                "Für den {} gibt es keinen Stand: Die Aufzeichnungen beginnen am {begins}.",
                Date(day)
            ))
            .into_response();
        }
        Ok(Some(_)) => {}
    }
    let stand = Stand::of(day);
    viewing.stand = Some(stand);
    let original = format!("{}{}", state.config.base_url.trim_end_matches('/'), viewing.today_href);
    let response = VIEWING.scope(viewing, next.run(request)).await;
    finish(response, stand, day < today.0, &original).await
}

/// Keeps the date in the page's links, adds the Memento headers and, for a past day, long caching.
async fn finish(response: Response, stand: Stand, past: bool, original: &str) -> Response {
    let (mut parts, body) = response.into_parts();
    let html = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let body = if html && parts.status == StatusCode::OK && !parts.headers.contains_key(header::CONTENT_ENCODING) {
        match axum::body::to_bytes(body, 16 * 1024 * 1024).await {
            Ok(bytes) => {
                let text = String::from_utf8_lossy(&bytes);
                parts.headers.remove(header::CONTENT_LENGTH);
                Body::from(keep_stand(&text, &stand.day.iso()))
            }
            Err(_) => return Error::Other(anyhow::anyhow!("page too large to date")).into_response(),
        }
    } else {
        body
    };
    let memento = stand.moment.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
    if let Ok(v) = HeaderValue::from_str(&memento) {
        parts.headers.insert("memento-datetime", v);
    }
    if let Ok(v) = HeaderValue::from_str(&format!("<{original}>; rel=\"original\"")) {
        parts.headers.append(header::LINK, v);
    }
    // A past day's page changes only when the content's dated history is corrected: browsers may keep it
    // for a day. The page cache keeps what the handler says it shows, so such a correction (or an edit
    // of a record it shows) drops it like today's page.
    if past && parts.status == StatusCode::OK {
        parts.headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400"));
    }
    Response::from_parts(parts, body)
}

/// Adds `stand` to every internal link (`href="/…"`) and every GET form of the
/// page, except assets, the admin area and elements marked `data-undated`
/// (the link to today and the date picker).
pub fn keep_stand(html: &str, day: &str) -> String {
    let mut out = String::with_capacity(html.len() + 2048);
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let Some(end) = rest.find('>') else { break };
        let tag = &rest[..=end];
        rest = &rest[end + 1..];
        let name_end = tag[1..].find(|c: char| c.is_whitespace() || c == '>').map_or(tag.len(), |i| i + 1);
        let name = &tag[1..name_end];
        if tag.contains("data-undated") {
            out.push_str(tag);
            continue;
        }
        match name {
            "a" | "link" => out.push_str(&dated_href(tag, day)),
            "form" => {
                out.push_str(tag);
                let get = !tag.contains("method=\"post\"");
                if get && attribute(tag, "action").is_some_and(internal) {
                    out.push_str(&format!("<input type=\"hidden\" name=\"stand\" value=\"{day}\">"));
                }
            }
            _ => out.push_str(tag),
        }
    }
    out.push_str(rest);
    out
}

fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let marker = format!(" {name}=\"");
    let start = tag.find(&marker)? + marker.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

fn internal(href: &str) -> bool {
    href.starts_with('/')
        && !href.starts_with("//")
        && !href.starts_with("/static/")
        && !href.starts_with("/stadt.css")
        && !href.starts_with("/stadt/")
        && !crate::i18n::split(href).1.starts_with("/admin")
}

fn dated_href(tag: &str, day: &str) -> String {
    let Some(href) = attribute(tag, "href") else { return tag.to_string() };
    if !internal(href) || href.contains("stand=") {
        return tag.to_string();
    }
    let (path, fragment) = href.split_at(href.find('#').unwrap_or(href.len()));
    let joined = if path.contains('?') {
        format!("{path}&amp;stand={day}{fragment}")
    } else {
        format!("{path}?stand={day}{fragment}")
    };
    tag.replacen(&format!(" href=\"{href}\""), &format!(" href=\"{joined}\""), 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_get_forms_keep_the_date_assets_and_marked_ones_do_not() {
        let html = r#"<a href="/projekte">P</a><a href="/projekte?art=x&amp;seite=2#liste">Q</a><link rel="stylesheet" href="/static/a.css"><a href="https://example.org/">E</a><a data-undated href="/">Heute</a><form action="/suche" method="get"><input name="q"></form><form action="/admin/x" method="post"></form>"#;
        let out = keep_stand(html, "2023-05-12");
        assert!(out.contains(r#"<a href="/projekte?stand=2023-05-12">"#), "{out}");
        assert!(out.contains(r#"href="/projekte?art=x&amp;seite=2&amp;stand=2023-05-12#liste""#), "{out}");
        assert!(out.contains(r#"href="/static/a.css""#));
        assert!(out.contains(r#"href="https://example.org/""#));
        assert!(out.contains(r#"<a data-undated href="/">"#));
        assert!(
            out.contains(r#"<form action="/suche" method="get"><input type="hidden" name="stand" value="2023-05-12">"#)
        );
        assert!(!out.contains(r#"method="post"><input type="hidden""#));
    }

    #[test]
    fn dates_are_read_in_iso_and_german_form_and_refused_otherwise() {
        let d = NaiveDate::from_ymd_opt(2023, 5, 12).unwrap();
        assert_eq!(parse(Some("stand=2023-05-12")), Some(Ok(d)));
        assert_eq!(parse(Some("art=x&stand=12.05.2023")), Some(Ok(d)));
        assert_eq!(parse(Some("stand=")), None);
        assert_eq!(parse(Some("art=x")), None);
        assert!(matches!(parse(Some("stand=2023-13-01")), Some(Err(m)) if m.contains("JJJJ-MM-TT")));
    }

    #[test]
    fn a_stand_reads_the_last_moment_of_its_day_in_germany() {
        let s = Stand::of(NaiveDate::from_ymd_opt(2023, 5, 12).unwrap());
        // Summer time: midnight in Berlin is 22:00 UTC.
        assert_eq!(s.moment.to_rfc3339_opts(chrono::SecondsFormat::Micros, true), "2023-05-12T21:59:59.999999Z");
    }
}
