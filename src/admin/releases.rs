//! The review-and-release workflow of final reports and annual reports:
//! draft → submitted → released (by an approver) or returned with a comment.
//! Only released versions are public; releasing an annual report freezes its
//! key figures.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::auth::{CurrentUser, Screen};
use super::forms::{self, FieldView, Input};
use super::layout::AdminLayout;
use super::store::{self, Outcome};
use crate::AppState;
use crate::domain::{ReleaseState, ReleaseStep};
use crate::error::{Error, Result};
use crate::i18n::{t, t_arg};
use crate::markdown::{SafeHtml, render};
use crate::model::reports::{self, Moved, ReportKind};
use crate::ui::extract::{Done, Form, Path, Query};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/projekte/{id}/abschlussbericht", get(final_report_page).post(save_final_report))
        .route("/admin/projekte/{id}/abschlussbericht/vorlegen", post(submit_final_report))
        .route("/admin/berichte/{id}/vorlegen", post(submit_annual_report))
        .route("/admin/berichte/{id}/entwurf.pdf", get(draft_document))
        .route("/admin/freigaben", get(releases_page))
        .route("/admin/freigaben/{kind}/{id}/{decision}", post(decide))
}

/// Which kind of report a release decision is about.
fn kind_of(kind: &str) -> Result<ReportKind> {
    match kind {
        "abschlussbericht" => Ok(ReportKind::Final),
        "bericht" => Ok(ReportKind::Annual),
        _ => Err(Error::NotFound),
    }
}

/// The version the form was rendered with.
#[derive(Deserialize, Default)]
#[serde(default)]
struct VersionForm {
    version: i32,
}

/// Draft or returned → submitted; refused when the report changed meanwhile.
async fn submit(state: &AppState, user: &CurrentUser, kind: ReportKind, id: i64, version: i32) -> Result<()> {
    let who = user.writer(state.site.city_id);
    let mut conn = state.db.acquire().await?;
    if reports::transition(&mut conn, who, kind, id, version, ReleaseStep::Submit, Map::new()).await? == Moved::Yes {
        Ok(())
    } else {
        Err(Error::BadRequest(t("admin-releases-error-submit")))
    }
}

async fn project_for_work(state: &AppState, user: &CurrentUser, id: i64) -> Result<(i64, String)> {
    let title: String = sqlx::query_scalar("SELECT title FROM projects WHERE id = $1 AND city_id = $2")
        .bind(id)
        .bind(state.site.city_id)
        .fetch_optional(&state.db)
        .await?
        .ok_or(Error::NotFound)?;
    if !user.can_work_on_project(&state.db, id).await? {
        return Err(Error::Forbidden);
    }
    Ok((id, title))
}

#[derive(sqlx::FromRow)]
struct FinalReportRow {
    version: i32,
    summary_md: String,
    lessons_learned_md: String,
    illustrative: bool,
    release_state: ReleaseState,
    review_comment: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/final_report.html")]
struct FinalReportPage {
    layout: AdminLayout,
    project_id: i64,
    project_title: String,
    state: ReleaseState,
    version: i32,
    editable: bool,
    fields: Vec<FieldView>,
    errors: Vec<(String, String)>,
    comment: String,
    exists: bool,
}

const FIELDS: &[forms::Field] = &[
    forms::field("summary_md", "adminf-field-final-summary", forms::Kind::Markdown).required(),
    forms::field("lessons_learned_md", "adminf-field-lessons-learned", forms::Kind::Markdown).required(),
    forms::field("illustrative", "adminf-field-illustrative", forms::Kind::Bool),
];

async fn final_report_view(
    state: &AppState,
    user: &CurrentUser,
    project_id: i64,
    project_title: String,
    input: Option<&Input>,
    errors: Vec<(&'static str, String)>,
    preview: bool,
) -> Result<FinalReportPage> {
    let row: Option<FinalReportRow> = sqlx::query_as("SELECT version, summary_md, lessons_learned_md, illustrative, release_state, review_comment FROM final_reports WHERE project_id = $1")
        .bind(project_id)
        .fetch_optional(&state.db)
        .await?;
    let stored = row.as_ref().map(|r| {
        let mut i = Input::default();
        i.set("summary_md", r.summary_md.clone());
        i.set("lessons_learned_md", r.lessons_learned_md.clone());
        i.set("illustrative", if r.illustrative { "on" } else { "" });
        i
    });
    let shown = input.cloned().or(stored).unwrap_or_default();
    let state_now = row.as_ref().map_or(ReleaseState::Draft, |r| r.release_state);
    Ok(FinalReportPage {
        layout: AdminLayout::new(state, t_arg("admin-final-report-title", &project_title), user, "/admin/projekte"),
        project_id,
        project_title,
        state: state_now,
        version: row.as_ref().map_or(0, |r| r.version),
        editable: state_now.is_editable(),
        fields: forms::views(FIELDS, &shown, &errors, &forms::Options::new(), preview, true),
        errors: errors.iter().map(|(f, m)| (f.to_string(), m.clone())).collect(),
        comment: row.as_ref().map(|r| r.review_comment.clone()).unwrap_or_default(),
        exists: row.is_some(),
    })
}

async fn final_report_page(
    Screen { state, user }: Screen,
    Path(id): Path<i64>,
    Query(done): Query<Done>,
) -> Result<FinalReportPage> {
    let (id, title) = project_for_work(&state, &user, id).await?;
    let mut page = final_report_view(&state, &user, id, title, None, Vec::new(), false).await?;
    page.layout.notice = match done.ok.as_str() {
        "gespeichert" => Some(t("admin-final-report-saved")),
        "vorgelegt" => Some(t("admin-final-report-submitted")),
        _ => None,
    };
    Ok(page)
}

/// The final-report form again, with `errors` next to its fields.
async fn refuse_final_report(
    state: &AppState,
    user: &CurrentUser,
    (project_id, title): (i64, String),
    input: &Input,
    status: StatusCode,
    errors: Vec<(&'static str, String)>,
) -> Result<Response> {
    let preview = input.get("aktion") == "vorschau";
    let page = final_report_view(state, user, project_id, title, Some(input), errors, preview).await?;
    Ok((status, page).into_response())
}

async fn save_final_report(Screen { state, user }: Screen, Path(id): Path<i64>, input: Input) -> Result<Response> {
    let project = project_for_work(&state, &user, id).await?;
    let version = input.version()?;
    let parsed = forms::validate(FIELDS, &input, &forms::Options::new());
    if input.get("aktion") == "vorschau" || !parsed.errors.is_empty() {
        let status = if parsed.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
        return refuse_final_report(&state, &user, project, &input, status, parsed.errors).await;
    }
    let entity = super::entities::find("abschlussberichte").expect("entity");
    let existing: Option<(i64, ReleaseState)> =
        sqlx::query_as("SELECT id, release_state FROM final_reports WHERE project_id = $1")
            .bind(project.0)
            .fetch_optional(&state.db)
            .await?;
    let who = user.writer(state.site.city_id);
    let mut conn = state.db.acquire().await?;
    let outcome = match existing {
        Some((_, s)) if !s.is_editable() => {
            drop(conn);
            let errors = vec![("summary_md", t("admin-final-report-locked"))];
            return refuse_final_report(&state, &user, project, &input, StatusCode::CONFLICT, errors).await;
        }
        Some((report_id, _)) => store::update(&mut conn, entity, who, report_id, version, &parsed.patch()).await?,
        None => {
            let mut patch = parsed.patch();
            patch.columns.insert("project_id".into(), json!(project.0));
            patch.columns.insert("release_state".into(), json!("draft"));
            store::create(&mut conn, entity, who, patch).await?
        }
    };
    drop(conn);
    match outcome {
        Outcome::Conflict { current } if !current.is_null() => {
            let errors = vec![("summary_md", t("admin-final-report-conflict"))];
            refuse_final_report(&state, &user, project, &input, StatusCode::CONFLICT, errors).await
        }
        _ => {
            Ok(Redirect::to(&format!("/admin/projekte/{}/abschlussbericht?ok=gespeichert", project.0)).into_response())
        }
    }
}

async fn submit_final_report(
    Screen { state, user }: Screen,
    Path(id): Path<i64>,
    Form(form): Form<VersionForm>,
) -> Result<Response> {
    let (project_id, _) = project_for_work(&state, &user, id).await?;
    let report: i64 = sqlx::query_scalar("SELECT id FROM final_reports WHERE project_id = $1")
        .bind(project_id)
        .fetch_optional(&state.db)
        .await?
        .ok_or(Error::NotFound)?;
    submit(&state, &user, ReportKind::Final, report, form.version).await?;
    Ok(Redirect::to(&format!("/admin/projekte/{project_id}/abschlussbericht?ok=vorgelegt")).into_response())
}

async fn submit_annual_report(
    Screen { state, user }: Screen,
    Path(id): Path<i64>,
    Form(form): Form<VersionForm>,
) -> Result<Response> {
    if !user.is_admin() {
        return Err(Error::Forbidden);
    }
    if report_city(&state, ReportKind::Annual, id).await? != Some(state.site.city_id) {
        return Err(Error::NotFound);
    }
    submit(&state, &user, ReportKind::Annual, id, form.version).await?;
    Ok(Redirect::to(&format!("/admin/berichte/{id}?ok=gespeichert")).into_response())
}

/// An unreleased report as PDF with an "Entwurf" watermark and today's
/// figures, for the team and the steering group only; a released one is the
/// public, stored document.
async fn draft_document(Screen { state, user }: Screen, Path(id): Path<i64>) -> Result<Response> {
    let entity = super::entities::find("berichte").ok_or(Error::NotFound)?;
    super::crud::authorize(&state, &user, entity, Some(id)).await?;
    let mut conn = state.db.acquire().await?;
    let stated = reports::by_id(&mut *conn, state.site.city_id, id).await?.ok_or(Error::NotFound)?;
    if stated.release_state == ReleaseState::Released {
        return Ok(Redirect::to(&format!("/berichte/{}.pdf", stated.report.year)).into_response());
    }
    let figures = crate::model::figure_refs::live(&mut conn, state.site.city_id).await?;
    drop(conn);
    let bytes = crate::pdf::released::typeset_report(&state.site, &stated.report, &figures, true).await?;
    let sha256 = crate::model::documents::sha256_hex(&bytes);
    let filename = format!("sachstandsbericht-{}-entwurf.pdf", stated.report.year);
    Ok(crate::ui::download::pdf(bytes, &sha256, &filename))
}

/// The city a report belongs to (final reports through their project).
async fn report_city(state: &AppState, kind: ReportKind, id: i64) -> Result<Option<i64>> {
    let sql = match kind {
        ReportKind::Final => {
            "SELECT p.city_id FROM final_reports f JOIN projects p ON p.id = f.project_id WHERE f.id = $1"
        }
        ReportKind::Annual => "SELECT city_id FROM annual_reports WHERE id = $1",
    };
    Ok(sqlx::query_scalar(sql).bind(id).fetch_optional(&state.db).await?)
}

pub struct Pending {
    pub kind: &'static str,
    pub id: i64,
    pub version: i32,
    pub title: String,
    pub state: ReleaseState,
    pub body: SafeHtml,
    pub public_href: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/releases.html")]
struct ReleasesPage {
    layout: AdminLayout,
    pending: Vec<Pending>,
    released: Vec<Pending>,
    error: Option<String>,
    is_admin: bool,
}

async fn releases_view(state: &AppState, user: &CurrentUser, error: Option<String>) -> Result<ReleasesPage> {
    let finals: Vec<(i64, i32, String, String, String, ReleaseState, String)> = sqlx::query_as(
        "SELECT f.id, f.version, p.title, f.summary_md || E'\\n\\n## Lessons Learned\\n\\n' || f.lessons_learned_md, p.slug, f.release_state, '' \
         FROM final_reports f JOIN projects p ON p.id = f.project_id WHERE p.city_id = $1 AND f.release_state IN ('submitted', 'released') ORDER BY f.updated_at DESC",
    )
    .bind(state.site.city_id)
    .fetch_all(&state.db)
    .await?;
    let annual: Vec<reports::Stated> = sqlx::query_as(&format!(
        "SELECT {}, release_state FROM annual_reports WHERE city_id = $1 AND release_state IN ('submitted', 'released') \
         AND archived_at IS NULL ORDER BY year DESC",
        reports::COLUMNS
    ))
    .bind(state.site.city_id)
    .fetch_all(&state.db)
    .await?;
    // The steering group reads a submitted report with the figures it would freeze now.
    let live = if annual.iter().any(|a| a.release_state == ReleaseState::Submitted) {
        Some(crate::model::figure_refs::live(&mut *state.db.acquire().await?, state.site.city_id).await?)
    } else {
        None
    };
    let mut all: Vec<Pending> = finals
        .into_iter()
        .map(|(id, version, title, body, slug, s, _)| Pending {
            kind: "abschlussbericht",
            id,
            version,
            title: t_arg("admin-final-report-title", title),
            state: s,
            body: render(&body),
            public_href: format!("/projekte/{slug}#abschlussbericht"),
        })
        .chain(annual.into_iter().map(|a| {
            // Released reports are listed as links only: their text is not shown here.
            let body = match (&live, a.release_state) {
                (Some(live), ReleaseState::Submitted) => report_html(state, &a.report, live),
                _ => SafeHtml::default(),
            };
            Pending {
                kind: "bericht",
                id: a.report.id,
                version: a.report.version,
                body,
                title: a.report.title,
                state: a.release_state,
                public_href: format!("/berichte/{}", a.report.year),
            }
        }))
        .collect();
    let released = all.extract_if(.., |p| p.state == ReleaseState::Released).collect();
    Ok(ReleasesPage {
        layout: AdminLayout::new(state, t("admin-releases-title"), user, "/admin/freigaben"),
        pending: all,
        released,
        error,
        is_admin: user.is_admin(),
    })
}

/// A report's sections, each under its heading, with the figures they refer to.
fn report_html(state: &AppState, report: &reports::Report, figures: &crate::model::figure_refs::Figures) -> SafeHtml {
    let prefix = format!("bericht-{}-", report.id);
    let mut html = String::new();
    for (heading, section) in crate::ui::report_figures::sections_html(&state.site, report, figures, 5, &prefix) {
        // Below the report's <h3>: the section headings are fixed labels (no escaping needed).
        if let Some(h) = heading {
            html.push_str(&format!("<h4>{h}</h4>"));
        }
        html.push_str(section.as_str());
    }
    SafeHtml::trusted(html)
}

async fn releases_page(Screen { state, user }: Screen, Query(done): Query<Done>) -> Result<ReleasesPage> {
    if !user.can_release() {
        return Err(Error::Forbidden);
    }
    let mut page = releases_view(&state, &user, None).await?;
    page.layout.notice = match done.ok.as_str() {
        "freigegeben" => Some(t("admin-releases-done-released")),
        "zurueckgegeben" => Some(t("admin-releases-done-returned")),
        "wieder-geoeffnet" => Some(t("admin-releases-done-reopened")),
        _ => None,
    };
    Ok(page)
}

/// The releases page again with `error` above the list.
async fn refuse_decision(state: &AppState, user: &CurrentUser, status: StatusCode, error: &str) -> Result<Response> {
    let page = releases_view(state, user, Some(error.to_string())).await?;
    Ok((status, page).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DecisionForm {
    version: i32,
    comment: String,
}

/// A decision in the address, with who may take it and where it leads.
fn step_of(decision: &str, user: &CurrentUser) -> Result<(ReleaseStep, &'static str)> {
    let (step, allowed, done) = match decision {
        "freigeben" => (ReleaseStep::Release, user.can_release(), "freigegeben"),
        "zurueckgeben" => (ReleaseStep::Return, user.can_release(), "zurueckgegeben"),
        "wieder-oeffnen" => (ReleaseStep::Reopen, user.is_admin(), "wieder-geoeffnet"),
        _ => return Err(Error::NotFound),
    };
    if allowed { Ok((step, done)) } else { Err(Error::Forbidden) }
}

async fn decide(
    Screen { state, user }: Screen,
    Path((kind, id, decision)): Path<(String, i64, String)>,
    Form(form): Form<DecisionForm>,
) -> Result<Response> {
    let kind = kind_of(&kind)?;
    if report_city(&state, kind, id).await? != Some(state.site.city_id) {
        return Err(Error::NotFound);
    }
    let (step, done) = step_of(&decision, &user)?;
    let comment = form.comment.trim();
    if step == ReleaseStep::Return && comment.is_empty() {
        let error = t("admin-releases-error-comment");
        return refuse_decision(&state, &user, StatusCode::UNPROCESSABLE_ENTITY, &error).await;
    }
    // One transaction: a release whose document cannot be typeset and stored does not happen.
    let mut conn = state.db.begin().await?;
    let columns = match step {
        ReleaseStep::Release => {
            reports::release_columns(&mut conn, state.site.city_id, kind == ReportKind::Annual).await?
        }
        ReleaseStep::Return => json!({"review_comment": comment}).as_object().cloned().unwrap_or_default(),
        ReleaseStep::Reopen if kind == ReportKind::Annual => {
            json!({"key_figures": Value::Null, "frozen_series": Value::Null}).as_object().cloned().unwrap_or_default()
        }
        _ => Map::new(),
    };
    let who = user.writer(state.site.city_id);
    let moved = reports::transition(&mut conn, who, kind, id, form.version, step, columns).await?;
    if moved == Moved::Yes && step == ReleaseStep::Release && kind == ReportKind::Annual {
        let report = reports::by_id(&mut *conn, state.site.city_id, id).await?.ok_or(Error::NotFound)?.report;
        if let Err(e) = crate::pdf::released::annual_report(&mut conn, &state.site, &report).await {
            tracing::error!(error = %e, id, "the released report could not be typeset");
            drop(conn); // rolls the release back
            let error = t("admin-releases-error-typeset");
            return refuse_decision(&state, &user, StatusCode::UNPROCESSABLE_ENTITY, &error).await;
        }
    }
    conn.commit().await?;
    match moved {
        Moved::Yes => {}
        Moved::Stale => {
            let error = t("admin-releases-error-stale");
            return refuse_decision(&state, &user, StatusCode::CONFLICT, &error).await;
        }
        Moved::OwnWork => {
            tracing::warn!(target: "security", event = "four_eyes", account = %user.email, id, "own report");
            let error = t("admin-releases-error-four-eyes");
            return refuse_decision(&state, &user, StatusCode::FORBIDDEN, &error).await;
        }
    }
    Ok(Redirect::to(&format!("/admin/freigaben?ok={done}")).into_response())
}
