//! `/anfragen` and `/anfragen/{slug}`: council inquiries and the city's answers.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::AppState;
use crate::error::{Error, Result};
use crate::i18n::{t, t_arg};
use crate::markdown::{SafeHtml, render_at, render_inline};
use crate::model::inquiries::{self, Inquiry};
use crate::model::projects::{self, Link, ProjectRow};
use crate::model::services::{self, ServiceRow};
use crate::page_cache::{Shows, Topic};
use crate::ui::extract::Path;
use crate::ui::{Layout, Nav};
use crate::ui::{Pagination, Params};

pub fn router() -> Router<AppState> {
    Router::new().route("/anfragen", get(list)).route("/anfragen/{slug}", get(detail))
}

#[derive(Template, WebTemplate)]
#[template(path = "inquiries/list.html")]
struct ListPage {
    layout: Layout,
    inquiries: Vec<Inquiry>,
    pagination: Pagination,
}

async fn list(State(state): State<AppState>, params: Params) -> Result<(Shows, ListPage)> {
    let page = params.page()?;
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let (inquiries, total) = inquiries::page(&mut conn, state.site.city_id, page).await?;
    let pagination = Pagination::new("/anfragen", &[], page, total)?;
    let mut layout = Layout::new(&state, t("inquiries-title"), Nav::Inquiries);
    layout.description = t("inquiries-description");
    layout.illustrative = inquiries.iter().any(|i| i.illustrative);
    Ok((Shows::new().any(Topic::Inquiry), ListPage { layout, inquiries, pagination }))
}

pub struct QuestionAnswer {
    pub position: i32,
    pub question: SafeHtml,
    pub answer: SafeHtml,
}

#[derive(Template, WebTemplate)]
#[template(path = "inquiries/detail.html")]
struct DetailPage {
    layout: Layout,
    inquiry: Inquiry,
    items: Vec<QuestionAnswer>,
    projects: Vec<ProjectRow>,
    services: Vec<ServiceRow>,
    /// The preliminary remark of the answer.
    intro: SafeHtml,
    /// The stored PDF's checksum (lower-case hex SHA-256), if it could be typeset.
    pdf: Option<String>,
}

/// `/anfragen/{slug}` (the page) or `/anfragen/{slug}.pdf` (the answer as PDF/UA-1).
async fn detail(State(state): State<AppState>, Path(segment): Path<String>) -> Result<(Shows, Response)> {
    if let Some(slug) = segment.strip_suffix(".pdf") {
        return document(state, slug).await;
    }
    let (shows, page) = page(state, &segment).await?;
    Ok((shows, page.into_response()))
}

async fn document(state: AppState, slug: &str) -> Result<(Shows, Response)> {
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let inquiry = inquiries::find(&mut *conn, state.site.city_id, slug).await?.ok_or(Error::NotFound)?;
    let items = inquiries::items(&mut *conn, inquiry.id).await?;
    drop(conn);
    let stored = crate::pdf::released::inquiry(&mut *state.db.acquire().await?, &state.site, &inquiry, &items).await?;
    let response = crate::ui::download::pdf(stored.bytes, &stored.sha256, &format!("anfrage-{slug}.pdf"));
    Ok((Shows::new().one(Topic::Inquiry, inquiry.id), response))
}

async fn page(state: AppState, slug: &str) -> Result<(Shows, DetailPage)> {
    // One connection for the whole page: one pool checkout (and its liveness ping), not one per statement.
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let inquiry = inquiries::find(&mut *conn, state.site.city_id, slug).await?.ok_or(Error::NotFound)?;
    let raw = inquiries::items(&mut *conn, inquiry.id).await?;
    let items = raw
        .iter()
        .map(|i| QuestionAnswer {
            position: i.position,
            question: render_inline(&i.question_md),
            answer: render_at(&i.answer_md, 3),
        })
        .collect();
    let projects = projects::linked(&mut *conn, Link::Inquiry, inquiry.id).await?;
    let services = services::of_inquiry(&mut *conn, inquiry.id).await?;
    drop(conn);
    let mut storage = state.db.acquire().await?;
    let pdf = match crate::pdf::released::inquiry_checksum(&mut storage, &state.site, &inquiry, &raw).await {
        Ok(sha256) => Some(sha256),
        Err(e) => {
            tracing::error!(error = %e, slug, "the answer could not be typeset");
            None
        }
    };
    let title = t_arg("inquiries-page-title", &inquiry.number);
    let mut layout = Layout::new(&state, title.clone(), Nav::Inquiries);
    layout.description = format!("{title} ({}): {}", inquiry.faction, inquiry.title);
    layout.illustrative =
        inquiry.illustrative || projects.iter().any(|p| p.illustrative) || services.iter().any(|s| s.illustrative);
    let intro = render_at(&inquiry.body_md, 2);
    Ok((
        Shows::new()
            .one(Topic::Inquiry, inquiry.id)
            .each(Topic::Project, projects.iter().map(|p| p.id))
            .each(Topic::Service, services.iter().map(|s| s.id)),
        DetailPage { layout, intro, inquiry, items, projects, services, pdf },
    ))
}
