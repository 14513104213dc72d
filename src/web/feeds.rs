//! Atom 1.0 feeds: `/aktuelles.atom` (the city's published updates),
//! `/projekte/{slug}.atom` and `/handlungsfelder/{slug}.atom` (a project's or
//! an action field's updates plus the public changes of status, progress and
//! milestones from the audit log). Subscribing needs no account and sets no
//! cookie.
//!
//! Entries keep their identity and dates across database rebuilds: ids are
//! `tag:` URIs made of the portal's host, the record's own date and its
//! natural key (city, project and update slugs, milestone position, time of
//! the change), never row numbers; `published` is the update's date and
//! `updated` the last change of its public text, not the time the content
//! was loaded.

use std::collections::HashMap;

use atom_syndication::{Content, Entry, Feed, FixedDateTime, Link, Person, Text};
use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::Berlin;

use crate::AppState;
use crate::error::{Error, Result};
use crate::i18n::{t, t_arg};
use crate::markdown::render;
use crate::model::history::{self, PublicChange};
use crate::model::projects::{self, NamedLink};
use crate::model::strategy::{self, SectionKind};
use crate::model::updates::{self, Update};
use crate::model::{PageRequest, site::Site};
use crate::page_cache::{Shows, Topic};

/// The site's feed. The router matches no suffix after a parameter, so the
/// project and action-field pages hand `{slug}.atom` to [`project`] and [`action_field`].
pub fn router() -> Router<AppState> {
    Router::new().route("/aktuelles.atom", get(site_feed))
}

/// Entries a feed carries (readers keep what they have seen).
const ENTRIES: usize = 50;

/// The 50 newest public updates of the city.
async fn site_feed(State(state): State<AppState>) -> Result<(Shows, Response)> {
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let rows = updates::newest(&mut *conn, state.site.city_id, PageRequest { number: 1, size: ENTRIES as i64 }).await?;
    let edited = updates::edited_at(&mut *conn, &rows.iter().map(|u| u.id).collect::<Vec<_>>()).await?;
    let ids = Ids::new(&state);
    let entries = rows.iter().map(|u| update_entry(&state, &ids, u, edited.get(&u.id).copied())).collect();
    let site = &state.site;
    let feed = feed(
        &state,
        "/aktuelles",
        format!("{}: {}", site.portal_name, t("updates-title")),
        t_arg("updates-feed-site-subtitle", &site.name),
        entries,
    );
    Ok((Shows::new().any(Topic::Project), atom(feed)))
}

/// `/projekte/{slug}.atom`: a project's updates and public changes.
pub(super) async fn project(state: AppState, slug: &str) -> Result<(Shows, Response)> {
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let project = projects::link_by_slug(&mut *conn, state.site.city_id, slug).await?.ok_or(Error::NotFound)?;
    let entries = entries_of(&state, &mut conn, std::slice::from_ref(&project)).await?;
    let feed = feed(
        &state,
        &format!("/projekte/{}", project.slug),
        format!("{}: {}", state.site.portal_name, project.title),
        t_arg("updates-feed-project-subtitle", &project.title),
        entries,
    );
    Ok((Shows::new().one(Topic::Project, project.id), atom(feed)))
}

/// `/handlungsfelder/{slug}.atom`: the updates and public changes of every project of an action field.
pub(super) async fn action_field(state: AppState, slug: &str) -> Result<(Shows, Response)> {
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let field = strategy::section(&mut *conn, state.site.city_id, SectionKind::ActionFields, slug)
        .await?
        .ok_or(Error::NotFound)?;
    let projects = projects::links_of_action_field(&mut *conn, field.id).await?;
    let entries = entries_of(&state, &mut conn, &projects).await?;
    let feed = feed(
        &state,
        &format!("/handlungsfelder/{}", field.slug),
        format!("{}: {}", state.site.portal_name, t_arg("updates-feed-field-title", &field.title)),
        t_arg("updates-feed-field-subtitle", &field.title),
        entries,
    );
    Ok((Shows::new().any(Topic::Project), atom(feed)))
}

/// Updates and changes of these projects, newest first, at most [`ENTRIES`].
async fn entries_of(state: &AppState, conn: &mut sqlx::PgConnection, projects: &[NamedLink]) -> Result<Vec<Entry>> {
    let project_ids: Vec<i64> = projects.iter().map(|p| p.id).collect();
    let rows = updates::newest_of(&mut *conn, &project_ids, ENTRIES as i64).await?;
    let edited = updates::edited_at(&mut *conn, &rows.iter().map(|u| u.id).collect::<Vec<_>>()).await?;
    let changes = history::public_changes_of(&mut *conn, &project_ids, ENTRIES).await?;
    let by_id: HashMap<i64, &NamedLink> = projects.iter().map(|p| (p.id, p)).collect();
    let ids = Ids::new(state);
    let mut entries: Vec<Entry> =
        rows.iter().map(|u| update_entry(state, &ids, u, edited.get(&u.id).copied())).collect();
    entries.extend(
        changes.iter().filter_map(|c| by_id.get(&c.project_id).map(|project| change_entry(state, &ids, project, c))),
    );
    entries.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.id.cmp(&b.id)));
    entries.truncate(ENTRIES);
    Ok(entries)
}

/// Makes the entries' `tag:` ids (RFC 4151): the portal's host, a date, a path.
struct Ids {
    authority: String,
    city: String,
}

impl Ids {
    fn new(state: &AppState) -> Ids {
        let base = state.config.base_url.trim_end_matches('/');
        let host = base.split("://").nth(1).unwrap_or(base);
        let host = host.split(['/', ':']).next().unwrap_or(host);
        Ids { authority: host.to_ascii_lowercase(), city: state.site.slug.clone() }
    }

    fn tag(&self, date: NaiveDate, path: &str) -> String {
        format!("tag:{},{}:{}/{path}", self.authority, date.format("%Y-%m-%d"), self.city)
    }
}

/// Noon in Germany on a date (an update has a date, not a time).
fn noon(date: NaiveDate) -> FixedDateTime {
    let noon = date.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default());
    Berlin
        .from_local_datetime(&noon)
        .single()
        .map_or_else(|| Utc.from_utc_datetime(&noon).fixed_offset(), |t| t.fixed_offset())
}

fn html_link(href: String) -> Link {
    Link { href, rel: "alternate".into(), mime_type: Some("text/html".into()), ..Default::default() }
}

fn update_entry(state: &AppState, ids: &Ids, u: &Update, edited: Option<DateTime<Utc>>) -> Entry {
    let base = state.config.base_url.trim_end_matches('/');
    let mut html = render(&u.body_md).to_string();
    if u.illustrative {
        html.push_str(&format!("<p><em>{}</em></p>", escape(&t("updates-feed-illustrative"))));
    }
    let published = noon(u.published_on.0);
    Entry {
        id: ids.tag(u.published_on.0, &format!("projekte/{}/meldungen/{}", u.project_slug, u.slug)),
        title: Text::plain(format!("{}: {}", u.project_title, u.title)),
        updated: edited.map_or(published, |at| at.fixed_offset().max(published)),
        published: Some(published),
        links: vec![html_link(format!("{base}/projekte/{}", u.project_slug))],
        content: Some(Content { value: Some(html), content_type: Some("html".into()), ..Default::default() }),
        ..Default::default()
    }
}

fn change_entry(state: &AppState, ids: &Ids, project: &NamedLink, change: &PublicChange) -> Entry {
    let base = state.config.base_url.trim_end_matches('/');
    let what = match &change.milestone {
        Some((_, title)) => t_arg("updates-feed-milestone", title),
        None => t("updates-feed-project"),
    };
    let title = match change.changes.as_slice() {
        [only] => {
            format!("{}: {what}, {} {}", project.title, only.label, t_arg("updates-feed-change-now", &only.after))
        }
        many => format!("{}: {what}, {}", project.title, t_arg("updates-feed-changes", many.len())),
    };
    let items: String = change
        .changes
        .iter()
        .map(|c| format!("<li>{}: {} → {}</li>", escape(&c.label), escape(&c.before), escape(&c.after)))
        .collect();
    let key = match &change.milestone {
        Some((position, _)) => format!("projekte/{}/meilensteine/{position}/aenderungen/", project.slug),
        None => format!("projekte/{}/aenderungen/", project.slug),
    };
    let at = change.at.with_timezone(&Berlin);
    Entry {
        id: ids.tag(at.date_naive(), &format!("{key}{}", change.at.format("%Y%m%dT%H%M%S%.6fZ"))),
        title: Text::plain(title),
        updated: at.fixed_offset(),
        published: Some(at.fixed_offset()),
        links: vec![html_link(format!("{base}/projekte/{}#aenderungen", project.slug))],
        content: Some(Content {
            value: Some(format!(
                "<p>{} ({}):</p><ul>{items}</ul>",
                escape(&what),
                escape(&t_arg("updates-feed-changed-on", history::berlin_time(change.at)))
            )),
            content_type: Some("html".into()),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// Text for the HTML inside an entry (the feed's XML escapes it once more).
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A feed about the page at `page`: self and alternate links, the city as author.
fn feed(state: &AppState, page: &str, title: String, subtitle: String, entries: Vec<Entry>) -> Feed {
    let base = state.config.base_url.trim_end_matches('/');
    let site: &Site = &state.site;
    let updated = entries.iter().map(|e| e.updated).max().unwrap_or_else(|| noon(crate::model::Date::today().0));
    Feed {
        id: format!("{base}{page}.atom"),
        title: Text::plain(title),
        subtitle: Some(Text::plain(subtitle)),
        updated,
        authors: vec![Person { name: t_arg("updates-feed-author", &site.name), ..Default::default() }],
        links: vec![
            Link {
                href: format!("{base}{page}.atom"),
                rel: "self".into(),
                mime_type: Some("application/atom+xml".into()),
                ..Default::default()
            },
            html_link(format!("{base}{page}")),
        ],
        // The feed's own texts follow the language of its address (`/en/aktuelles.atom`).
        lang: Some(crate::i18n::lang().code().into()),
        entries,
        ..Default::default()
    }
}

fn atom(feed: Feed) -> Response {
    ([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], feed.to_string()).into_response()
}
