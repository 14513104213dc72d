//! The daily work on a project: mark a milestone reached, move a forecast with
//! a reason, change status and progress, publish an update; and the board of
//! projects by status. Every change publishes a dated update to the public feed
//! unless marked internal, in the same transaction as the change and its audit.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};
use sqlx::PgConnection;

use super::auth::CurrentUser;
use super::crud::{authorize, conflict_page};
use super::entities::{self, PROJECT_STATUSES};
use super::forms::{Input, parse_date};
use super::layout::AdminLayout;
use super::store;
use crate::AppState;
use crate::audit;
use crate::domain::{MilestoneStatus, Progress, ProjectStatus};
use crate::error::{Error, Result};
use crate::model::Date;
use crate::model::projects::{self as model, ProjectRow};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/board", get(board))
        .route("/admin/projekte/{id}/arbeit", get(work_page))
        .route("/admin/projekte/{id}/status", post(change_status))
        .route("/admin/projekte/{id}/meldung", post(publish_update))
        .route("/admin/meilensteine/{id}/erreicht", post(milestone_reached))
        .route("/admin/meilensteine/{id}/prognose", post(milestone_forecast))
}

fn parse_id(raw: &str) -> Result<i64> {
    raw.parse().map_err(|_| Error::NotFound)
}

fn version_of(input: &Input) -> Result<i32> {
    input.get("version").parse().map_err(|_| Error::BadRequest("Dem Formular fehlt die Versionsnummer.".into()))
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
    let mut layout = AdminLayout::new(state, format!("Tagesgeschäft: {title}"), user, "/admin/projekte");
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
        today: today.to_string(),
    })
}

async fn work_page(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<WorkPage> {
    let id = parse_id(&id)?;
    require_project(&state, &user, id).await?;
    let notice = match Input::parse(query.unwrap_or_default().as_bytes()).get("ok") {
        "status" => Some("Status und Fortschritt gespeichert.".to_string()),
        "erreicht" => Some("Meilenstein als erreicht eingetragen.".to_string()),
        "prognose" => Some("Prognose gespeichert.".to_string()),
        "meldung" => Some("Meldung gespeichert.".to_string()),
        _ => None,
    };
    render_work(&state, &user, id, None, notice).await
}

/// Adds a dated project update (public unless `internal`), in the caller's transaction.
async fn add_update(
    conn: &mut PgConnection,
    city_id: i64,
    actor: &str,
    project_id: i64,
    title: &str,
    body: &str,
    internal: bool,
) -> Result<(), sqlx::Error> {
    let slug = format!(
        "{}-{}",
        chrono::Local::now().format("%Y-%m-%d"),
        &super::auth::random_token()[..8].to_lowercase().replace(['-', '_'], "x")
    );
    let after: Value = sqlx::query_scalar(
        "INSERT INTO project_updates (city_id, project_id, slug, published_on, title, body_md, internal) \
         VALUES ($1, $2, $3, current_date, $4, $5, $6) RETURNING to_jsonb(project_updates)",
    )
    .bind(city_id)
    .bind(project_id)
    .bind(&slug)
    .bind(title)
    .bind(body)
    .bind(internal)
    .fetch_one(&mut *conn)
    .await?;
    let id = after["id"].as_i64().unwrap_or_default();
    audit::record(&mut *conn, city_id, actor, "create", "project_updates", id, None, Some(&after)).await
}

/// Applies `changes` to one row if it still has `version`; returns before and after, or the
/// current document when someone else saved first.
async fn change_row(
    conn: &mut PgConnection,
    table: &str,
    id: i64,
    version: i32,
    changes: &Value,
) -> Result<Result<(Value, Value), Value>, sqlx::Error> {
    let before: Option<(i32, Value)> =
        sqlx::query_as(&format!("SELECT version, to_jsonb(t) - 'search' FROM {table} t WHERE id = $1 FOR UPDATE"))
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    let Some((current, before)) = before else { return Ok(Err(Value::Null)) };
    if current != version {
        return Ok(Err(before));
    }
    let cols: Vec<&String> = changes.as_object().map(|m| m.keys().collect()).unwrap_or_default();
    let col_list = cols.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ");
    let r_list = cols.iter().map(|c| format!("r.{c}")).collect::<Vec<_>>().join(", ");
    let after: Value = sqlx::query_scalar(&format!(
        "WITH upd AS (UPDATE {table} t SET ({col_list}) = ROW({r_list}), version = t.version + 1, updated_at = now() \
         FROM jsonb_populate_record(null::{table}, $1) r WHERE t.id = $2 RETURNING t.*) SELECT to_jsonb(upd) - 'search' FROM upd"
    ))
    .bind(changes)
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(Ok((before, after)))
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

async fn change_status(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response> {
    let id = parse_id(&id)?;
    require_project(&state, &user, id).await?;
    let input = Input::parse(&body);
    let version = version_of(&input)?;
    let Some(status) = ProjectStatus::from_code(input.get("status")) else {
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            render_work(&state, &user, id, Some("Bitte einen Status wählen.".into()), None).await?,
        )
            .into_response());
    };
    let progress = match input.get("progress").trim() {
        "" => None,
        raw => match raw.parse::<i16>().ok().filter(|p| (0..=100).contains(p)) {
            Some(p) => Some(p),
            None => {
                let page = render_work(&state, &user, id, Some("Fortschritt: bitte eine ganze Zahl von 0 bis 100 angeben oder leer lassen (dann zählen die Meilensteine).".into()), None).await?;
                return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
            }
        },
    };
    // The board only moves cards; it leaves the progress as it is.
    let changes = if input.get("von") == "board" {
        json!({"status": status.code()})
    } else {
        json!({"status": status.code(), "progress_override": progress})
    };
    let mut tx = state.db.begin().await?;
    match change_row(&mut tx, "projects", id, version, &changes).await? {
        Err(current) if current.is_null() => Err(Error::NotFound),
        Err(current) => {
            // Return the connection before rendering the conflict page, which needs one.
            drop(tx);
            conflict(&state, &user, "projekte", id, current, &changes).await
        }
        Ok((before, after)) => {
            if store::strip_meta(&before) != store::strip_meta(&after) {
                audit::record(
                    &mut tx,
                    state.site.city_id,
                    &user.email,
                    "update",
                    "projects",
                    id,
                    Some(&before),
                    Some(&after),
                )
                .await?;
                let old = before["status"].as_str().and_then(ProjectStatus::from_code);
                let mut title = match old {
                    Some(old) if old != status => format!("Status: {} → {}", old.label(), status.label()),
                    _ => "Fortschritt aktualisiert".to_string(),
                };
                if let Some(p) = progress.filter(|_| before["progress_override"] != after["progress_override"]) {
                    title.push_str(&format!(" (Fortschritt {p} %)"));
                }
                add_update(
                    &mut tx,
                    state.site.city_id,
                    &user.email,
                    id,
                    &title,
                    input.get("note").trim(),
                    !input.get("internal").is_empty(),
                )
                .await?;
                tx.commit().await?;
            }
            let back = if input.get("von") == "board" {
                "/admin/board?ok=1".to_string()
            } else {
                format!("/admin/projekte/{id}/arbeit?ok=status")
            };
            Ok(Redirect::to(&back).into_response())
        }
    }
}

async fn publish_update(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response> {
    let id = parse_id(&id)?;
    require_project(&state, &user, id).await?;
    let input = Input::parse(&body);
    let title = input.get("title").trim();
    if title.is_empty() || title.chars().count() > 200 {
        let page = render_work(
            &state,
            &user,
            id,
            Some("Bitte einen Titel für die Meldung angeben (höchstens 200 Zeichen).".into()),
            None,
        )
        .await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let mut tx = state.db.begin().await?;
    add_update(
        &mut tx,
        state.site.city_id,
        &user.email,
        id,
        title,
        input.get("body").trim(),
        !input.get("internal").is_empty(),
    )
    .await?;
    sqlx::query("UPDATE projects SET updated_at = now() WHERE id = $1").bind(id).execute(&mut *tx).await?;
    tx.commit().await?;
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

async fn milestone_reached(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response> {
    let id = parse_id(&id)?;
    let project = milestone_project(&state, &user, id).await?;
    let input = Input::parse(&body);
    let version = version_of(&input)?;
    let Some(date) = parse_date(input.get("date")) else {
        let page = render_work(
            &state,
            &user,
            project,
            Some("Bitte das Datum angeben, an dem der Meilenstein erreicht wurde (TT.MM.JJJJ).".into()),
            None,
        )
        .await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    if date > chrono::Local::now().date_naive() {
        let page = render_work(
            &state,
            &user,
            project,
            Some("Ein Meilenstein kann nicht in der Zukunft erreicht worden sein.".into()),
            None,
        )
        .await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let changes = json!({"status": "reached", "achieved_on": date.to_string()});
    let note = input.get("note").trim().to_string();
    let published =
        MilestoneChange { id, project, version, internal: !input.get("internal").is_empty(), ok: "erreicht" };
    change_milestone(&state, &user, published, changes, |after| {
        let title = format!("Meilenstein erreicht: {}", after["title"].as_str().unwrap_or_default());
        (title, format!("Erreicht am {}. {note}", Date(date)).trim().to_string())
    })
    .await
}

/// A milestone change from the work screen and where it goes.
struct MilestoneChange {
    id: i64,
    project: i64,
    version: i32,
    internal: bool,
    /// Notice key on the work screen afterwards.
    ok: &'static str,
}

/// Applies a milestone change with its audit record and the dated update it
/// publishes (title and text from the changed milestone), in one transaction.
async fn change_milestone(
    state: &AppState,
    user: &CurrentUser,
    change: MilestoneChange,
    changes: Value,
    update: impl FnOnce(&Value) -> (String, String),
) -> Result<Response> {
    let mut tx = state.db.begin().await?;
    match change_row(&mut tx, "milestones", change.id, change.version, &changes).await? {
        Err(current) if current.is_null() => Err(Error::NotFound),
        Err(current) => {
            // Return the connection before rendering the conflict page, which needs one.
            drop(tx);
            conflict(state, user, "meilensteine", change.id, current, &changes).await
        }
        Ok((before, after)) => {
            let city = state.site.city_id;
            audit::record(&mut tx, city, &user.email, "update", "milestones", change.id, Some(&before), Some(&after))
                .await?;
            let (title, body) = update(&after);
            add_update(&mut tx, city, &user.email, change.project, &title, &body, change.internal).await?;
            sqlx::query("UPDATE projects SET updated_at = now() WHERE id = $1")
                .bind(change.project)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(Redirect::to(&format!("/admin/projekte/{}/arbeit?ok={}", change.project, change.ok)).into_response())
        }
    }
}

async fn milestone_forecast(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response> {
    let id = parse_id(&id)?;
    let project = milestone_project(&state, &user, id).await?;
    let input = Input::parse(&body);
    let version = version_of(&input)?;
    let reason = input.get("reason").trim();
    let error = match parse_date(input.get("date")) {
        None => Some("Bitte das neue voraussichtliche Datum angeben (TT.MM.JJJJ)."),
        Some(_) if reason.is_empty() => {
            Some("Bitte einen Grund für die Verschiebung angeben; er wird mit veröffentlicht.")
        }
        Some(_) if reason.chars().count() > 500 => Some("Der Grund darf höchstens 500 Zeichen lang sein."),
        Some(_) => None,
    };
    if let Some(error) = error {
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            render_work(&state, &user, project, Some(error.into()), None).await?,
        )
            .into_response());
    }
    let date = parse_date(input.get("date")).expect("checked");
    let changes = json!({"forecast_on": date.to_string(), "forecast_reason": reason});
    let published =
        MilestoneChange { id, project, version, internal: !input.get("internal").is_empty(), ok: "prognose" };
    change_milestone(&state, &user, published, changes, |after| {
        let title = format!("Neue Prognose für „{}“: {}", after["title"].as_str().unwrap_or_default(), Date(date));
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

async fn board(State(state): State<AppState>, user: CurrentUser, RawQuery(query): RawQuery) -> Result<BoardPage> {
    let scope = user.project_scope(&state.db).await?;
    if user.role == super::roles::Role::Approver {
        return Err(Error::Forbidden);
    }
    let (rows, _) = model::list(
        &state.db,
        state.site.city_id,
        &model::ProjectFilter::default(),
        model::ProjectSort::Title,
        crate::model::PageRequest { number: 1, size: 10_000 },
    )
    .await?;
    let versions: Vec<(i64, i32)> = sqlx::query_as("SELECT id, version FROM projects WHERE city_id = $1")
        .bind(state.site.city_id)
        .fetch_all(&state.db)
        .await?;
    let columns = ProjectStatus::ALL
        .iter()
        .map(|status| Column {
            status: *status,
            cards: rows
                .iter()
                .filter(|p| p.status == *status && scope.as_ref().is_none_or(|s| s.contains(&p.id)))
                .map(|p| (p.clone(), versions.iter().find(|(id, _)| *id == p.id).map_or(0, |(_, v)| *v)))
                .collect(),
        })
        .collect();
    let mut layout = AdminLayout::new(&state, "Board", &user, "/admin/board");
    if Input::parse(query.unwrap_or_default().as_bytes()).get("ok") == "1" {
        layout.notice = Some("Status geändert.".into());
    }
    Ok(BoardPage { layout, columns })
}
