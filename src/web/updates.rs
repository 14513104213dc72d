//! `/aktuelles` (dated project updates, paged) and the Atom feed `/aktuelles.atom`.

use askama::Template;
use askama_web::WebTemplate;
use atom_syndication::{Content, Entry, Feed, FixedDateTime, Link, Person, Text};
use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{NaiveTime, TimeZone, Utc};

use crate::AppState;
use crate::error::{Error, Result};
use crate::markdown::{SafeHtml, render, render_at};
use crate::model::PageRequest;
use crate::model::projects::{self, NamedLink};
use crate::model::updates::{self, Update};
use crate::page_cache::{Shows, Topic};
use crate::ui::{Layout, Nav};
use crate::ui::{Pagination, Params};

pub fn router() -> Router<AppState> {
    Router::new().route("/aktuelles", get(list)).route("/aktuelles.atom", get(feed))
}

#[derive(Template, WebTemplate)]
#[template(path = "updates/list.html")]
struct ListPage {
    layout: Layout,
    updates: Vec<(Update, SafeHtml)>,
    pagination: Pagination,
    /// The project whose updates are listed (`?projekt=slug`), or all projects.
    project: Option<NamedLink>,
}

async fn list(State(state): State<AppState>, params: Params) -> Result<(Shows, ListPage)> {
    let page = params.page()?;
    let mut conn = state.db.acquire().await?;
    let project = match params.get("projekt") {
        None => None,
        Some(slug) => Some(projects::link_by_slug(&mut *conn, state.site.city_id, slug).await?.ok_or(Error::NotFound)?),
    };
    let (rows, total, keep) = match &project {
        Some(p) => {
            let (rows, total) = updates::of_project(&mut conn, p.id, page).await?;
            (rows, total, vec![("projekt", p.slug.clone())])
        }
        None => {
            let (rows, total) = updates::latest(&mut conn, state.site.city_id, page).await?;
            (rows, total, vec![])
        }
    };
    let pagination = Pagination::new("/aktuelles", &keep, page, total)?;
    let title = project.as_ref().map_or_else(|| "Aktuelles".to_string(), |p| format!("Aktuelles: {}", p.title));
    let mut layout = Layout::new(&state, title, Nav::Updates);
    layout.description = "Neueste Meldungen aus den Projekten der Digitalisierungsstrategie.".into();
    layout.illustrative = rows.iter().any(|u| u.illustrative);
    let updates = rows
        .into_iter()
        .map(|u| {
            let html = render_at(&u.body_md, 3);
            (u, html)
        })
        .collect();
    let shows = match &project {
        Some(p) => Shows::new().one(Topic::Project, p.id),
        None => Shows::new().any(Topic::Project),
    };
    Ok((shows, ListPage { layout, updates, pagination, project }))
}

/// The 50 newest public updates as Atom 1.0.
async fn feed(State(state): State<AppState>) -> Result<Response> {
    let rows = updates::newest(&state.db, state.site.city_id, PageRequest { number: 1, size: 50 }).await?;
    let base = &state.config.base_url;
    let site = &state.site;
    let noon = NaiveTime::from_hms_opt(12, 0, 0).expect("valid time");
    let date_time =
        |u: &Update| -> FixedDateTime { Utc.from_utc_datetime(&u.published_on.0.and_time(noon)).fixed_offset() };
    let entries: Vec<Entry> = rows
        .iter()
        .map(|u| {
            let link = format!("{base}/projekte/{}", u.project_slug);
            let mut html = render(&u.body_md).to_string();
            if u.illustrative {
                html.push_str(
                    "<p><em>Beispielmeldung: nicht aus den Quellen der Stadt, zur Veranschaulichung ergänzt.</em></p>",
                );
            }
            Entry {
                id: format!("{base}/aktuelles#meldung-{}", u.id),
                title: Text::plain(format!("{}: {}", u.project_title, u.title)),
                updated: u.updated_at.fixed_offset(),
                published: Some(date_time(u)),
                links: vec![Link {
                    href: link,
                    rel: "alternate".into(),
                    mime_type: Some("text/html".into()),
                    ..Default::default()
                }],
                content: Some(Content { value: Some(html), content_type: Some("html".into()), ..Default::default() }),
                ..Default::default()
            }
        })
        .collect();
    let updated = rows.iter().map(|u| u.updated_at).max().unwrap_or_else(Utc::now).fixed_offset();
    let feed = Feed {
        id: format!("{base}/aktuelles.atom"),
        title: Text::plain(format!("{}: Aktuelles", site.portal_name)),
        subtitle: Some(Text::plain(format!("Meldungen aus den Digitalisierungsprojekten der Stadt {}", site.name))),
        updated,
        authors: vec![Person { name: format!("Stadt {}", site.name), ..Default::default() }],
        links: vec![
            Link {
                href: format!("{base}/aktuelles.atom"),
                rel: "self".into(),
                mime_type: Some("application/atom+xml".into()),
                ..Default::default()
            },
            Link {
                href: format!("{base}/aktuelles"),
                rel: "alternate".into(),
                mime_type: Some("text/html".into()),
                ..Default::default()
            },
        ],
        lang: Some("de".into()),
        entries,
        ..Default::default()
    };
    let shows = Shows::new().any(Topic::Project);
    Ok((shows, [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], feed.to_string()).into_response())
}
