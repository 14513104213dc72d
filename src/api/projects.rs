//! `/api/v1/projects`, `/api/v1/projects/{slug}`, `/api/v1/milestones`, `/api/v1/updates`.

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use utoipa::IntoParams;

use super::{MAX_PAGE_SIZE, Problem, absolute, codes_or_empty, envelope, json, list_links, paged_list, stand};
use crate::AppState;
use crate::domain::{ProjectKind, ProjectStatus};
use crate::error::{Error, Result};
use crate::model::projects::{self, MilestoneView, ProjectSort};
use crate::model::records::{self, MilestoneRecord, ProjectDetailRecord, ProjectRecord, UpdateRecord};
use crate::model::strategy;
use crate::page_cache::{Shows, Topic};
use crate::ui::extract::Path;
use crate::ui::{Params, filters};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/projects", get(list))
        .route("/api/v1/projects/{slug}", get(detail))
        .route("/api/v1/milestones", get(milestones))
        .route("/api/v1/updates", get(updates))
}

paged_list!(
    /// Projects matching the filters.
    ProjectList,
    ProjectRecord
);
envelope!(
    /// One project.
    ProjectAnswer,
    ProjectDetailRecord
);
paged_list!(
    /// Milestones of one section of `/meilensteine`.
    MilestoneList,
    MilestoneRecord
);
paged_list!(
    /// Public project updates, newest first.
    UpdateList,
    UpdateRecord
);

/// The filters of `/projekte`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct ProjectQuery {
    /// Projektart.
    #[param(schema_with = codes_or_empty::<ProjectKind>)]
    art: Option<String>,
    #[param(schema_with = codes_or_empty::<ProjectStatus>)]
    status: Option<String>,
    /// Slug eines Handlungsfelds (`/api/v1/action-fields`).
    handlungsfeld: Option<String>,
    /// Slug eines Querschnittsthemas (`/api/v1/strategy`).
    thema: Option<String>,
    /// Slug der verantwortlichen Organisationseinheit (`/api/v1/units`).
    einheit: Option<String>,
    /// Volltext (deutsche Stammformen, Wortanfänge).
    #[param(max_length = 200, pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$")]
    q: Option<String>,
    #[param(schema_with = codes_or_empty::<ProjectSort>)]
    sortierung: Option<String>,
    #[param(schema_with = super::page_number)]
    seite: Option<i64>,
    /// Einträge je Seite (Standard 20).
    #[param(schema_with = super::page_size)]
    pro_seite: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/projects", operation_id = "projects", tag = "Projekte", params(ProjectQuery),
    responses(
        (status = 200, description = "Eine Seite der Projekte", body = ProjectList),
        (status = 304, description = "Unverändert seit dem angegebenen ETag"),
        (status = 400, description = "Ungültiger Parameter", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(State(state): State<AppState>, params: Params) -> Result<(Shows, Response)> {
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let city = state.site.city_id;
    let choices = strategy::project_filter_choices(&mut *conn, city).await?;
    let (filter, sort) = filters::projects(&params, &choices)?;
    let page = params.sized_page(MAX_PAGE_SIZE)?;
    let (mut data, total) = records::projects(&mut conn, city, &filter, sort, page).await?;
    drop(conn);
    let (pagination, links, link) =
        list_links(&state, "/api/v1/projects", &filters::project_keep(&filter, sort), page, total)?;
    data.iter_mut().for_each(|p| absolute(&state, &mut p.web_url));
    let body = ProjectList { stand: stand(), data, pagination, links };
    Ok((Shows::new().any(Topic::Project), json(&body, Some(link))))
}

#[utoipa::path(get, path = "/api/v1/projects/{slug}", operation_id = "project", tag = "Projekte",
    params(("slug" = String, Path, description = "Slug des Projekts")),
    responses(
        (status = 200, description = "Das Projekt mit allem, was seine Seite zeigt", body = ProjectAnswer),
        (status = 304, description = "Unverändert seit dem angegebenen ETag"),
        (status = 404, description = "Kein solches Projekt", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn detail(State(state): State<AppState>, Path(slug): Path<String>) -> Result<(Shows, Response)> {
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let mut data = records::project(&mut *conn, state.site.city_id, &slug).await?.ok_or(Error::NotFound)?;
    absolute(&state, &mut data.project.web_url);
    // It names its services by slug: a service renamed or archived changes it too.
    let shows = Shows::new().one(Topic::Project, data.project.id).any(Topic::ServiceText);
    Ok((shows, json(&ProjectAnswer { stand: stand(), data }, None)))
}

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct MilestoneQuery {
    /// Abschnitt: `ueberfaellig`, `anstehend` (Standard) oder `erreicht`.
    #[param(schema_with = milestone_views)]
    ansicht: Option<String>,
    #[param(schema_with = super::page_number)]
    seite: Option<i64>,
    #[param(schema_with = super::page_size)]
    pro_seite: Option<i64>,
}

fn milestone_views() -> utoipa::openapi::schema::Object {
    let codes: Vec<&str> = MilestoneView::ALL.iter().map(|v| v.code()).collect();
    super::one_of_or_empty(&codes)
}

#[utoipa::path(get, path = "/api/v1/milestones", tag = "Projekte", params(MilestoneQuery),
    responses(
        (status = 200, description = "Eine Seite der Meilensteine eines Abschnitts", body = MilestoneList),
        (status = 304, description = "Unverändert seit dem angegebenen ETag"),
        (status = 400, description = "Ungültiger Parameter", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn milestones(State(state): State<AppState>, params: Params) -> Result<(Shows, Response)> {
    let allowed: Vec<&str> = MilestoneView::ALL.iter().map(|v| v.code()).collect();
    let view = params
        .choice("ansicht", "params-what-view", MilestoneView::from_code, &allowed)?
        .unwrap_or(MilestoneView::Upcoming);
    let page = params.sized_page(MAX_PAGE_SIZE)?;
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let city = state.site.city_id;
    let (overdue, upcoming, reached) = projects::milestone_counts(&mut *conn, city).await?;
    let total = match view {
        MilestoneView::Overdue => overdue,
        MilestoneView::Upcoming => upcoming,
        MilestoneView::Reached => reached,
    };
    let mut data = records::milestones(&mut *conn, city, view, page).await?;
    drop(conn);
    let (pagination, links, link) =
        list_links(&state, "/api/v1/milestones", &[("ansicht", view.code().to_string())], page, total)?;
    data.iter_mut().for_each(|m| absolute(&state, &mut m.web_url));
    let body = MilestoneList { stand: stand(), data, pagination, links };
    Ok((Shows::new().any(Topic::Project), json(&body, Some(link))))
}

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct UpdateQuery {
    /// Nur die Meldungen dieses Projekts (Slug).
    #[param(pattern = r"^[^\u0000-\u001F\u007F-\u009F]*$")]
    projekt: Option<String>,
    #[param(schema_with = super::page_number)]
    seite: Option<i64>,
    #[param(schema_with = super::page_size)]
    pro_seite: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/updates", tag = "Projekte", params(UpdateQuery),
    responses(
        (status = 200, description = "Eine Seite der Meldungen, neueste zuerst", body = UpdateList),
        (status = 304, description = "Unverändert seit dem angegebenen ETag"),
        (status = 400, description = "Ungültiger Parameter", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Kein solches Projekt", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn updates(State(state): State<AppState>, params: Params) -> Result<(Shows, Response)> {
    let page = params.sized_page(MAX_PAGE_SIZE)?;
    let mut conn = crate::ui::stand::acquire(&state.db).await?;
    let city = state.site.city_id;
    let project = match params.get("projekt") {
        Some(slug) => Some(projects::link_by_slug(&mut *conn, city, slug).await?.ok_or(Error::NotFound)?),
        None => None,
    };
    let (mut data, total) = records::updates(&mut conn, city, project.as_ref().map(|p| p.id), page).await?;
    drop(conn);
    let keep = [("projekt", project.as_ref().map(|p| p.slug.clone()).unwrap_or_default())];
    let (pagination, links, link) = list_links(&state, "/api/v1/updates", &keep, page, total)?;
    data.iter_mut().for_each(|u| absolute(&state, &mut u.web_url));
    let body = UpdateList { stand: stand(), data, pagination, links };
    Ok((Shows::new().any(Topic::Project), json(&body, Some(link))))
}
