//! The daily work on a project: mark a milestone reached, move a forecast with
//! a reason, change status and progress, publish an update; and the board of
//! projects by status. Every change publishes a dated update to the public feed
//! unless marked internal, in the same transaction as the change and its audit.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::{Value, json};

use super::auth::{CurrentUser, Screen};
use super::crud::{authorize, conflict_page};
use super::entities::{self, PROJECT_STATUSES};
use super::forms::{Input, parse_date};
use super::layout::AdminLayout;
use crate::AppState;
use crate::domain::{MilestoneStatus, Progress, ProjectStatus};
use crate::error::{Error, Result};
use crate::i18n::{t, t_arg};
use crate::model::Date;
use crate::model::projects::{self as model, ProjectRow};
use crate::model::work::{self, Note};
use crate::model::write::Outcome;
use crate::ui::extract::{Done, Form, Path, Query};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/board", get(board))
        .route("/admin/projekte/{id}/arbeit", get(work_page))
        .route("/admin/projekte/{id}/status", post(change_status))
        .route("/admin/projekte/{id}/meldung", post(publish_update))
        .route("/admin/meilensteine/{id}/erreicht", post(milestone_reached))
        .route("/admin/meilensteine/{id}/prognose", post(milestone_forecast))
}

async fn require_project(state: &AppState, user: &CurrentUser, project_id: i64) -> Result<()> {
    authorize(state, user, entities::find("projekte").expect("entity"), Some(project_id)).await.or_else(
        |e| match e {
            // Editors may work on a project without editing all of its fields.
            Error::Forbidden => Ok(()),
            other => Err(other),
        },
    )?;
    if user.can_work_on_project(&state.db, project_id).await? {
        Ok(())
    } else {
        tracing::warn!(target: "security", event = "denied", account = %user.email, project_id, "project not in scope");
        Err(Error::Forbidden)
    }
}

#[derive(sqlx::FromRow)]
pub struct MilestoneView {
    pub id: i64,
    pub version: i32,
    pub title: String,
    pub planned_on: Date,
    pub forecast_on: Option<Date>,
    pub achieved_on: Option<Date>,
    pub status: MilestoneStatus,
    /// Derived from the dates, not stored.
    #[sqlx(skip)]
    pub overdue: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/work.html")]
struct WorkPage {
    layout: AdminLayout,
    id: i64,
    title: String,
    slug: String,
    status: ProjectStatus,
    version: i32,
    progress_override: Option<i16>,
    progress: Option<Progress>,
    milestones: Vec<MilestoneView>,
    updates: Vec<(Date, String, bool)>,
    error: Option<String>,
    can_edit_all: bool,
    today: String,
}

impl WorkPage {
    fn statuses(&self) -> Vec<(&'static str, &'static str)> {
        PROJECT_STATUSES()
    }
    fn is_status(&self, code: &str) -> bool {
        self.status.code() == code
    }
    fn progress_value(&self) -> String {
        self.progress_override.map(|p| p.to_string()).unwrap_or_default()
    }
}

async fn render_work(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    error: Option<String>,
    notice: Option<String>,
) -> Result<WorkPage> {
    let (title, slug, status, version, progress_override): (String, String, ProjectStatus, i32, Option<i16>) =
        sqlx::query_as(
            "SELECT title, slug, status, version, progress_override FROM projects WHERE id = $1 AND city_id = $2",
        )
        .bind(id)
        .bind(state.site.city_id)
        .fetch_optional(&state.db)
        .await?
        .ok_or(Error::NotFound)?;
    let today = Date::today();
    let mut milestones: Vec<MilestoneView> = sqlx::query_as(
        "SELECT id, version, title, planned_on, forecast_on, achieved_on, status FROM milestones \
         WHERE project_id = $1 AND archived_at IS NULL ORDER BY position",
    )
    .bind(id)
    .fetch_all(&state.db)
    .await?;
    for m in &mut milestones {
        m.overdue = m.status == MilestoneStatus::Open && m.forecast_on.unwrap_or(m.planned_on) < today;
    }
    let reached = milestones.iter().filter(|m| m.status == MilestoneStatus::Reached).count() as i64;
    let counted = milestones.iter().filter(|m| m.status != MilestoneStatus::Dropped).count() as i64;
    let updates: Vec<(Date, String, bool)> = sqlx::query_as("SELECT published_on, title, internal FROM project_updates WHERE project_id = $1 AND archived_at IS NULL ORDER BY published_on DESC, id DESC LIMIT 10")
        .bind(id)
        .fetch_all(&state.db)
        .await?;
    let mut layout = AdminLayout::new(state, t_arg("admin-work-title", &title), user, "/admin/projekte");
    layout.notice = notice;
    Ok(WorkPage {
        layout,
        id,
        progress: Progress::derive(progress_override, status, reached, counted),
        title,
        slug,
        status,
        version,
        progress_override,
        milestones,
        updates,
        error,
        can_edit_all: user.can_edit_project(&state.db, id).await?,
        // The form reads dates as TT.MM.JJJJ, whatever the interface's language.
        today: today.0.format("%d.%m.%Y").to_string(),
    })
}

async fn work_page(Screen { state, user }: Screen, Path(id): Path<i64>, Query(done): Query<Done>) -> Result<WorkPage> {
    require_project(&state, &user, id).await?;
    let notice = match done.ok.as_str() {
        "status" => Some(t("admin-work-saved-status")),
        "erreicht" => Some(t("admin-work-saved-reached")),
        "prognose" => Some(t("admin-work-saved-forecast")),
        "meldung" => Some(t("admin-work-saved-update")),
        _ => None,
    };
    render_work(&state, &user, id, None, notice).await
}

/// The work screen again with `error` above its forms (422).
async fn refuse(state: &AppState, user: &CurrentUser, project: i64, error: &str) -> Result<Response> {
    let page = render_work(state, user, project, Some(error.to_string()), None).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// A checkbox: present (any value) or absent.
fn checked(value: &Option<String>) -> bool {
    value.as_deref().is_some_and(|v| !v.is_empty())
}

/// What the write said, as the answer to the browser: the conflict page when
/// someone else saved first, else on to `done`.
async fn answer(
    state: &AppState,
    user: &CurrentUser,
    target: (&str, i64),
    outcome: Outcome,
    changes: &Value,
    done: String,
) -> Result<Response> {
    match outcome {
        Outcome::Missing => Err(Error::NotFound),
        Outcome::Conflict { current } => conflict(state, user, target.0, target.1, current, changes).await,
        Outcome::Saved { .. } | Outcome::Unchanged => Ok(Redirect::to(&done).into_response()),
    }
}

/// The conflict page for a work-screen change: the stored version beside the
/// stored version with the user's change applied.
async fn conflict(
    state: &AppState,
    user: &CurrentUser,
    entity_slug: &str,
    id: i64,
    current: Value,
    changes: &Value,
) -> Result<Response> {
    let entity = entities::find(entity_slug).expect("entity");
    let mut yours = current.clone();
    if let (Some(target), Some(changes)) = (yours.as_object_mut(), changes.as_object()) {
        for (k, v) in changes {
            target.insert(k.clone(), v.clone());
        }
    }
    let input = Input::from_document(entity.fields, &yours);
    Ok((StatusCode::CONFLICT, conflict_page(state, user, entity, id, &input, &current).await?).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct StatusForm {
    version: i32,
    status: String,
    progress: String,
    note: String,
    internal: Option<String>,
    /// "board" when the card was moved on the board.
    von: String,
}

async fn change_status(
    Screen { state, user }: Screen,
    Path(id): Path<i64>,
    Form(form): Form<StatusForm>,
) -> Result<Response> {
    require_project(&state, &user, id).await?;
    let Some(status) = ProjectStatus::from_code(&form.status) else {
        return refuse(&state, &user, id, &t("admin-work-error-status")).await;
    };
    let progress = match form.progress.trim() {
        "" => None,
        raw => match raw.parse::<i16>().ok().filter(|p| (0..=100).contains(p)) {
            Some(p) => Some(p),
            None => return refuse(&state, &user, id, &t("admin-work-error-progress")).await,
        },
    };
    // The board only moves cards; it leaves the progress as it is.
    let from_board = form.von == "board";
    let progress = (!from_board).then_some(progress);
    let note = Note { body: form.note.trim(), internal: checked(&form.internal) };
    let who = user.writer(state.site.city_id);
    let outcome =
        work::change_status(&mut *state.db.acquire().await?, who, id, form.version, status, progress, &note).await?;
    let mut changes = json!({"status": status.code()});
    if let Some(progress) = progress {
        changes["progress_override"] = json!(progress);
    }
    let done =
        if from_board { "/admin/board?ok=1".to_string() } else { format!("/admin/projekte/{id}/arbeit?ok=status") };
    answer(&state, &user, ("projekte", id), outcome, &changes, done).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct UpdateForm {
    title: String,
    body: String,
    internal: Option<String>,
}

async fn publish_update(
    Screen { state, user }: Screen,
    Path(id): Path<i64>,
    Form(form): Form<UpdateForm>,
) -> Result<Response> {
    require_project(&state, &user, id).await?;
    let title = form.title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        return refuse(&state, &user, id, &t("admin-work-error-update-title")).await;
    }
    let note = Note { body: form.body.trim(), internal: checked(&form.internal) };
    work::publish_update(&mut *state.db.acquire().await?, user.writer(state.site.city_id), id, title, &note).await?;
    Ok(Redirect::to(&format!("/admin/projekte/{id}/arbeit?ok=meldung")).into_response())
}

async fn milestone_project(state: &AppState, user: &CurrentUser, milestone_id: i64) -> Result<i64> {
    let project: Option<i64> = sqlx::query_scalar("SELECT project_id FROM milestones WHERE id = $1 AND city_id = $2")
        .bind(milestone_id)
        .bind(state.site.city_id)
        .fetch_optional(&state.db)
        .await?;
    let project = project.ok_or(Error::NotFound)?;
    require_project(state, user, project).await?;
    Ok(project)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct MilestoneForm {
    version: i32,
    date: String,
    note: String,
    reason: String,
    internal: Option<String>,
}

async fn milestone_reached(
    Screen { state, user }: Screen,
    Path(id): Path<i64>,
    Form(form): Form<MilestoneForm>,
) -> Result<Response> {
    let project = milestone_project(&state, &user, id).await?;
    let Some(date) = parse_date(&form.date) else {
        let error = t("admin-work-error-reached-date");
        return refuse(&state, &user, project, &error).await;
    };
    if Date(date) > Date::today() {
        return refuse(&state, &user, project, &t("admin-work-error-future")).await;
    }
    let changes = json!({"status": "reached", "achieved_on": date.to_string()});
    let note = form.note.trim();
    let change = MilestoneChange { id, project, form: &form, done: "erreicht" };
    save_milestone(&state, &user, change, changes, |after| {
        let title = format!("Meilenstein erreicht: {}", after["title"].as_str().unwrap_or_default());
        // A published update is German content, whatever the editor's interface language.
        (title, format!("Erreicht am {}. {note}", crate::i18n::Lang::De.date(date)).trim().to_string())
    })
    .await
}

/// A milestone change from the work screen: which milestone of which project,
/// the form it came with, and the notice afterwards.
struct MilestoneChange<'a> {
    id: i64,
    project: i64,
    form: &'a MilestoneForm,
    done: &'static str,
}

/// Saves a milestone change with the update it publishes (worded by `describe`).
async fn save_milestone(
    state: &AppState,
    user: &CurrentUser,
    change: MilestoneChange<'_>,
    columns: Value,
    describe: impl FnOnce(&Value) -> (String, String),
) -> Result<Response> {
    let who = user.writer(state.site.city_id);
    let internal = checked(&change.form.internal);
    let mut conn = state.db.acquire().await?;
    let outcome =
        work::change_milestone(&mut conn, who, change.id, change.form.version, columns.clone(), internal, describe)
            .await?;
    // Return the connection before rendering a conflict page, which needs one.
    drop(conn);
    let done = format!("/admin/projekte/{}/arbeit?ok={}", change.project, change.done);
    answer(state, user, ("meilensteine", change.id), outcome, &columns, done).await
}

async fn milestone_forecast(
    Screen { state, user }: Screen,
    Path(id): Path<i64>,
    Form(form): Form<MilestoneForm>,
) -> Result<Response> {
    let project = milestone_project(&state, &user, id).await?;
    let reason = form.reason.trim();
    let date = match parse_date(&form.date) {
        None => {
            return refuse(&state, &user, project, &t("admin-work-error-forecast-date")).await;
        }
        Some(_) if reason.is_empty() => {
            return refuse(&state, &user, project, &t("admin-work-error-reason")).await;
        }
        Some(_) if reason.chars().count() > 500 => {
            return refuse(&state, &user, project, &t("admin-work-error-reason-long")).await;
        }
        Some(date) => date,
    };
    let changes = json!({"forecast_on": date.to_string(), "forecast_reason": reason});
    let change = MilestoneChange { id, project, form: &form, done: "prognose" };
    save_milestone(&state, &user, change, changes, |after| {
        let day = crate::i18n::Lang::De.date(date);
        let title = format!("Neue Prognose für „{}“: {day}", after["title"].as_str().unwrap_or_default());
        (title, format!("Grund: {reason}"))
    })
    .await
}

pub struct Column {
    pub status: ProjectStatus,
    pub cards: Vec<(ProjectRow, i32)>,
}

impl Column {
    pub fn is(&self, code: &str) -> bool {
        self.status.code() == code
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/board.html")]
struct BoardPage {
    layout: AdminLayout,
    columns: Vec<Column>,
}

impl BoardPage {
    fn statuses(&self) -> Vec<(&'static str, &'static str)> {
        PROJECT_STATUSES()
    }
}

async fn board(Screen { state, user }: Screen, Query(done): Query<Done>) -> Result<BoardPage> {
    let scope = user.project_scope(&state.db).await?;
    if user.role == super::roles::Role::Approver {
        return Err(Error::Forbidden);
    }
    let (rows, _) = model::list(
        &mut *state.db.acquire().await?,
        state.site.city_id,
        &model::ProjectFilter::default(),
        model::ProjectSort::Title,
        // The board shows every project of the user's scope, however many there are.
        crate::model::PageRequest { number: 1, size: i64::MAX },
    )
    .await?;
    let versions: std::collections::HashMap<i64, i32> =
        sqlx::query_as::<_, (i64, i32)>("SELECT id, version FROM projects WHERE city_id = $1")
            .bind(state.site.city_id)
            .fetch_all(&state.db)
            .await?
            .into_iter()
            .collect();
    let scope: Option<std::collections::HashSet<i64>> = scope.map(|s| s.into_iter().collect());
    let columns = ProjectStatus::ALL
        .iter()
        .map(|status| Column {
            status: *status,
            cards: rows
                .iter()
                .filter(|p| p.status == *status && scope.as_ref().is_none_or(|s| s.contains(&p.id)))
                .map(|p| (p.clone(), versions.get(&p.id).copied().unwrap_or(0)))
                .collect(),
        })
        .collect();
    let mut layout = AdminLayout::new(&state, t("admin-board-title"), &user, "/admin/board");
    if done.ok == "1" {
        layout.notice = Some(t("admin-board-moved"));
    }
    Ok(BoardPage { layout, columns })
}
