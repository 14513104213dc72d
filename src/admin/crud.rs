//! Generic screens for every entity in [`super::entities`]: list, create, edit
//! (with Markdown preview and optimistic locking), archive and history.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde_json::Value;

use super::auth::{CurrentUser, Screen};
use super::entities::{self, ENTITIES, Entity, Scope};
use super::forms::{self, FieldView, Input, Kind, Options};
use super::layout::AdminLayout;
use super::store::{self, Outcome};
use crate::AppState;
use crate::error::{Error, Result};
use crate::i18n::{t, t_arg};
use crate::ui::Pagination;
use crate::ui::extract::{Done, Path, Query};
use crate::ui::params::Params;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/inhalte", get(content_index))
        .route("/admin/{entity}", get(list))
        .route("/admin/{entity}/neu", get(new_form).post(create))
        .route("/admin/{entity}/{id}", get(edit_form).post(update))
        .route("/admin/{entity}/{id}/archivieren", post(archive))
        .route("/admin/{entity}/{id}/verlauf", get(super::history::page))
}

/// The entity named in the address, or 404.
pub fn entity_of(slug: &str) -> Result<&'static Entity> {
    entities::find(slug).ok_or(Error::NotFound)
}

/// An entity with list and create screens (not the strategy or final reports), or 404.
fn listed_entity(slug: &str) -> Result<&'static Entity> {
    entity_of(slug).and_then(|e| if e.is_listed() { Ok(e) } else { Err(Error::NotFound) })
}

/// The project a record hangs off (for milestones and updates) or the record itself (projects).
async fn project_of(state: &AppState, entity: &Entity, id: i64) -> Result<Option<i64>> {
    Ok(match entity.scope {
        Scope::Project => Some(id),
        Scope::ProjectChild => {
            sqlx::query_scalar(&format!("SELECT project_id FROM {} WHERE id = $1", entity.table))
                .bind(id)
                .fetch_optional(&state.db)
                .await?
        }
        Scope::AdminOnly => None,
    })
}

/// Checks that `user` may change record `id` of `entity` (or create one when `id` is None).
pub async fn authorize(state: &AppState, user: &CurrentUser, entity: &Entity, id: Option<i64>) -> Result<()> {
    if let Some(id) = id {
        let mut conn = state.db.acquire().await?;
        if store::city_of(&mut conn, entity, id).await? != Some(state.site.city_id) {
            return Err(Error::NotFound);
        }
    }
    let allowed = match (entity.scope, id) {
        _ if user.is_admin() => true,
        (Scope::AdminOnly, _) | (Scope::Project, None) => false,
        (Scope::Project, Some(id)) => user.can_edit_project(&state.db, id).await?,
        (Scope::ProjectChild, None) => user.project_scope(&state.db).await?.is_none_or(|s| !s.is_empty()),
        (Scope::ProjectChild, Some(id)) => match project_of(state, entity, id).await? {
            Some(project) => user.can_work_on_project(&state.db, project).await?,
            None => false,
        },
    };
    if allowed {
        Ok(())
    } else {
        tracing::warn!(target: "security", event = "denied", account = %user.email, entity = entity.slug, id, "not in scope");
        Err(Error::Forbidden)
    }
}

/// Choices of `Ref` and `Links` fields; the project choice is limited to the user's scope.
pub async fn options(state: &AppState, user: &CurrentUser, entity: &Entity) -> Result<Options> {
    let mut out = Options::new();
    let scope = user.project_scope(&state.db).await?;
    for f in entity.fields {
        let (table, label) = match f.kind {
            Kind::Ref { table, label } => (table, label),
            Kind::Links { target_table, label, .. } => (target_table, label),
            _ => continue,
        };
        let rows: Vec<(i64, String)> = sqlx::query_as(&format!(
            "SELECT id, {label} FROM {table} WHERE city_id = $1 AND ($2::bigint[] IS NULL OR $3 <> 'projects' OR id = ANY($2)) ORDER BY 2"
        ))
        .bind(state.site.city_id)
        .bind(scope.as_ref().filter(|_| entity.scope == Scope::ProjectChild))
        .bind(table)
        .fetch_all(&state.db)
        .await?;
        out.insert(f.name, rows);
    }
    Ok(out)
}

pub struct Row {
    pub id: i64,
    pub title: String,
    pub version: i32,
    pub archived: bool,
    pub updated: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/list.html")]
struct ListPage {
    layout: AdminLayout,
    entity: &'static Entity,
    rows: Vec<Row>,
    pagination: Pagination,
    can_create: bool,
    show_archived: bool,
}

// Long because: the one list query of every entity is assembled here from its description
// (scope, archive filter, count, page); splitting it would scatter the SQL.
async fn list(Screen { state, user }: Screen, Path(slug): Path<String>, params: Params) -> Result<ListPage> {
    let entity = listed_entity(&slug)?;
    let scope = match entity.scope {
        Scope::AdminOnly if !user.is_admin() => return Err(Error::Forbidden),
        Scope::AdminOnly => None,
        _ => user.project_scope(&state.db).await?,
    };
    if scope.as_ref().is_some_and(Vec::is_empty) && !user.is_admin() && user.role == super::roles::Role::Approver {
        return Err(Error::Forbidden);
    }
    let page = params.page()?;
    let show_archived = params.get("archiv") == Some("1");
    let project_col = match entity.scope {
        Scope::Project => "t.id",
        Scope::ProjectChild => "t.project_id",
        Scope::AdminOnly => "NULL::bigint",
    };
    let archived_col = if entity.can_archive() { "t.archived_at IS NOT NULL" } else { "false" };
    let filter = format!(
        "FROM {table} t WHERE t.city_id = $1 AND ($2::bigint[] IS NULL OR {project_col} = ANY($2)) AND ($3 OR NOT ({archived_col}))",
        table = entity.table
    );
    let total: i64 = sqlx::query_scalar(&format!("SELECT count(*) {filter}"))
        .bind(state.site.city_id)
        .bind(&scope)
        .bind(show_archived)
        .fetch_one(&state.db)
        .await?;
    let rows: Vec<(i64, String, i32, bool, chrono::DateTime<chrono::Utc>)> = sqlx::query_as(&format!(
        "SELECT t.id, {title}, t.version, {archived_col}, t.updated_at {filter} ORDER BY {order} LIMIT $4 OFFSET $5",
        title = entity.title_sql,
        order = entity.order_sql
    ))
    .bind(state.site.city_id)
    .bind(&scope)
    .bind(show_archived)
    .bind(page.size)
    .bind(page.offset())
    .fetch_all(&state.db)
    .await?;
    let pagination = Pagination::new(
        &format!("/admin/{}", entity.slug),
        &[("archiv", if show_archived { "1".into() } else { String::new() })],
        page,
        total,
    )?;
    let can_create =
        user.is_admin() || (entity.scope == Scope::ProjectChild && scope.as_ref().is_some_and(|s| !s.is_empty()));
    let rows = rows
        .into_iter()
        .map(|(id, title, version, archived, updated)| Row {
            id,
            title,
            version,
            archived,
            updated: crate::model::history::berlin_time(updated),
        })
        .collect();
    let current = if entity.slug == "projekte" {
        "/admin/projekte"
    } else if entity.slug == "online-dienste" {
        "/admin/online-dienste"
    } else {
        "/admin/inhalte"
    };
    let mut layout = AdminLayout::new(&state, entity.plural(), &user, current);
    if params.get("ok") == Some("archiviert") {
        layout.notice = Some(t("adminf-notice-archived"));
    }
    Ok(ListPage { layout, entity, rows, pagination, can_create, show_archived })
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/content_index.html")]
struct ContentIndex {
    layout: AdminLayout,
    entities: Vec<&'static Entity>,
    strategy_id: Option<i64>,
}

async fn content_index(Screen { state, user }: Screen) -> Result<ContentIndex> {
    if !user.is_admin() {
        return Err(Error::Forbidden);
    }
    let entities = ENTITIES.iter().filter(|e| e.scope == Scope::AdminOnly && e.slug != "abschlussberichte").collect();
    let strategy_id = sqlx::query_scalar("SELECT id FROM strategies WHERE city_id = $1")
        .bind(state.site.city_id)
        .fetch_optional(&state.db)
        .await?;
    Ok(ContentIndex {
        layout: AdminLayout::new(&state, t("adminf-content-title"), &user, "/admin/inhalte"),
        entities,
        strategy_id,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/form.html")]
pub struct FormPage {
    pub layout: AdminLayout,
    pub entity: &'static Entity,
    pub id: Option<i64>,
    pub version: i32,
    pub fields: Vec<FieldView>,
    pub errors: Vec<(String, String)>,
    pub archived: bool,
    pub public_href: Option<String>,
    pub action: String,
    /// Release state of annual reports (they are edited only as drafts).
    pub release: Option<crate::domain::ReleaseState>,
}

impl FormPage {
    pub fn has_markdown(&self) -> bool {
        self.fields.iter().any(|f| f.widget == "markdown" || f.widget == "lines")
    }
}

/// The record a form is about: a new one (no id) or a stored one with its document.
#[derive(Clone, Copy)]
pub(super) struct Target<'a> {
    pub entity: &'static Entity,
    pub id: Option<i64>,
    pub version: i32,
    pub doc: Option<&'a Value>,
}

impl Target<'_> {
    fn new(entity: &'static Entity) -> Target<'static> {
        Target { entity, id: None, version: 0, doc: None }
    }
}

/// The form of `target` showing `input`, with `errors` next to their fields.
async fn form_page(
    state: &AppState,
    user: &CurrentUser,
    target: Target<'_>,
    input: &Input,
    errors: Vec<(&'static str, String)>,
    preview: bool,
) -> Result<FormPage> {
    let Target { entity, id, version, doc } = target;
    let options = options(state, user, entity).await?;
    let mut fields = forms::views(entity.fields, input, &errors, &options, preview, id.is_some());
    if preview && entity.table == "annual_reports" {
        preview_with_figures(state, &mut fields).await?;
    }
    let title = match id {
        Some(_) => t_arg("adminf-edit", entity.singular()),
        None => t_arg("adminf-create", entity.singular()),
    };
    let public_href = match (entity.public_path, doc) {
        (Some(path), Some(_)) if entity.public_key.is_empty() => Some(path.to_string()),
        (Some(path), Some(doc)) => doc
            .get(entity.public_key)
            .map(|k| format!("{path}{}", k.as_str().map_or_else(|| k.to_string(), str::to_string))),
        _ => None,
    };
    let current = if matches!(entity.scope, Scope::Project | Scope::ProjectChild) {
        "/admin/projekte"
    } else if entity.slug == "online-dienste" {
        "/admin/online-dienste"
    } else {
        "/admin/inhalte"
    };
    Ok(FormPage {
        layout: AdminLayout::new(state, title, user, current),
        entity,
        id,
        version,
        errors: errors.iter().map(|(f, m)| (f.to_string(), m.clone())).collect(),
        fields,
        archived: doc.is_some_and(|d| !d["archived_at"].is_null()),
        public_href,
        action: id.map_or_else(|| format!("/admin/{}/neu", entity.slug), |id| format!("/admin/{}/{id}", entity.slug)),
        release: doc.and_then(|d| d["release_state"].as_str()).and_then(crate::domain::ReleaseState::from_code),
    })
}

/// An annual report's preview shows the figures its sections refer to, live
/// (they freeze only at release).
async fn preview_with_figures(state: &AppState, fields: &mut [forms::FieldView]) -> Result<()> {
    let figures = crate::model::figure_refs::live(&mut *state.db.acquire().await?, state.site.city_id).await?;
    let source = crate::ui::report_figures::source_line(&state.site, &figures);
    for f in fields.iter_mut().filter(|f| f.preview.is_some()) {
        // Each field's preview is its own part of the page: its charts get ids of their own.
        let prefix = format!("{}-", f.name);
        f.preview = Some(crate::ui::report_figures::section_html(&f.value, &figures, 2, &source, &prefix));
    }
    Ok(())
}

/// A new annual report starts with a section per action field and the figures
/// a report usually shows, so that the team writes around them.
async fn report_skeleton(state: &AppState, input: &mut Input) -> Result<()> {
    let fields: Vec<String> = sqlx::query_scalar(
        "SELECT title FROM action_fields WHERE city_id = $1 AND archived_at IS NULL ORDER BY position",
    )
    .bind(state.site.city_id)
    .fetch_all(&state.db)
    .await?;
    let defaults = [
        ("body_md", "## Überblick\n\n{{kennzahlen}}\n".to_string()),
        ("action_fields_md", fields.iter().map(|t| format!("## {t}\n\n")).collect()),
        ("projects_md", "{{projekte-nach-status}}\n\n{{verlauf-projekte}}\n\n{{meilensteine}}\n".into()),
        ("services_md", "{{dienste-nach-reifegrad}}\n\n{{verlauf-dienste}}\n".into()),
    ];
    for (name, value) in defaults {
        if input.get(name).is_empty() {
            input.set(name, value);
        }
    }
    Ok(())
}

/// A form shown again after a refused save or for a preview: 422 when it
/// carries errors (the input kept beside them), 200 for a preview without.
fn again(page: FormPage) -> Response {
    let status = if page.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    (status, page).into_response()
}

fn wants_preview(input: &Input) -> bool {
    input.get("aktion") == "vorschau"
}

async fn new_form(
    Screen { state, user }: Screen,
    Path(slug): Path<String>,
    Query(prefill): Query<Vec<(String, String)>>,
) -> Result<FormPage> {
    let entity = listed_entity(&slug)?;
    authorize(&state, &user, entity, None).await?;
    // Prefill from the address, e.g. /admin/meilensteine/neu?project_id=3
    let mut input = Input::default();
    for f in entity.fields {
        input.set(f.name, prefill.iter().find(|(k, _)| k == f.name).map_or("", |(_, v)| v.as_str()));
    }
    if entity.table == "annual_reports" {
        report_skeleton(&state, &mut input).await?;
    }
    form_page(&state, &user, Target::new(entity), &input, Vec::new(), false).await
}

async fn create(Screen { state, user }: Screen, Path(slug): Path<String>, input: Input) -> Result<Response> {
    let entity = listed_entity(&slug)?;
    authorize(&state, &user, entity, None).await?;
    let options = options(&state, &user, entity).await?;
    let mut parsed = forms::validate(entity.fields, &input, &options);
    if let Some(check) = entity.check {
        parsed.errors.extend(check(&parsed.row));
    }
    if wants_preview(&input) || !parsed.errors.is_empty() {
        return Ok(again(
            form_page(&state, &user, Target::new(entity), &input, parsed.errors, wants_preview(&input)).await?,
        ));
    }
    // New annual reports start as drafts.
    let mut patch = parsed.patch();
    if entity.table == "annual_reports" {
        patch.columns.insert("release_state".into(), serde_json::json!("draft"));
    }
    // The connection is returned before rendering, which needs its own.
    let outcome =
        store::create(&mut *state.db.acquire().await?, entity, user.writer(state.site.city_id), patch).await?;
    match outcome {
        Outcome::Saved { id } | Outcome::Unchanged { id } => {
            Ok(Redirect::to(&format!("/admin/{}/{id}?ok=gespeichert", entity.slug)).into_response())
        }
        Outcome::Invalid(errors) => {
            Ok(again(form_page(&state, &user, Target::new(entity), &input, errors, wants_preview(&input)).await?))
        }
        Outcome::Conflict { .. } => Err(Error::NotFound),
    }
}

async fn edit_form(
    Screen { state, user }: Screen,
    Path((slug, id)): Path<(String, i64)>,
    Query(done): Query<Done>,
) -> Result<FormPage> {
    let entity = entity_of(&slug)?;
    authorize(&state, &user, entity, Some(id)).await?;
    let doc = store::document(&mut *state.db.acquire().await?, entity, id).await?.ok_or(Error::NotFound)?;
    let input = Input::from_document(entity.fields, &doc);
    let version = doc["version"].as_i64().unwrap_or(0) as i32;
    let target = Target { entity, id: Some(id), version, doc: Some(&doc) };
    let mut page = form_page(&state, &user, target, &input, Vec::new(), false).await?;
    page.layout.notice = match done.ok.as_str() {
        "gespeichert" => Some(t("adminf-notice-saved")),
        "unveraendert" => Some(t("adminf-notice-unchanged")),
        "wiederhergestellt" => Some(t("adminf-notice-restored")),
        _ => None,
    };
    Ok(page)
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/conflict.html")]
pub(super) struct ConflictPage {
    layout: AdminLayout,
    entity: &'static Entity,
    id: i64,
    /// (label, yours, theirs, differs)
    rows: Vec<(&'static str, String, String, bool)>,
    form: FormPage,
    changed_by: String,
}

async fn update(
    Screen { state, user }: Screen,
    Path((slug, id)): Path<(String, i64)>,
    input: Input,
) -> Result<Response> {
    let entity = entity_of(&slug)?;
    authorize(&state, &user, entity, Some(id)).await?;
    let version = input.version()?;
    let options = options(&state, &user, entity).await?;
    let mut parsed = forms::validate(entity.fields, &input, &options);
    if let Some(check) = entity.check {
        parsed.errors.extend(check(&parsed.row));
    }
    // A slug is an address: it never changes once created.
    parsed.row.remove("slug");
    // Moving a record to a project outside one's scope is refused like any other out-of-scope write.
    if let Some(project) = parsed.row.get("project_id").and_then(Value::as_i64)
        && !user.can_work_on_project(&state.db, project).await?
    {
        return Err(Error::Forbidden);
    }
    let doc = store::document(&mut *state.db.acquire().await?, entity, id).await?.ok_or(Error::NotFound)?;
    // A report under review or released is frozen; an admin reopens it first.
    if matches!(doc["release_state"].as_str(), Some("submitted" | "released")) {
        parsed.errors.push((entity.fields[0].name, t("adminf-error-report-frozen")));
    }
    let target = Target { entity, id: Some(id), version, doc: Some(&doc) };
    if wants_preview(&input) || !parsed.errors.is_empty() {
        return Ok(again(form_page(&state, &user, target, &input, parsed.errors, wants_preview(&input)).await?));
    }
    let who = user.writer(state.site.city_id);
    let outcome = store::update(&mut *state.db.acquire().await?, entity, who, id, version, &parsed.patch()).await?;
    match outcome {
        Outcome::Saved { id } => {
            Ok(Redirect::to(&format!("/admin/{}/{id}?ok=gespeichert", entity.slug)).into_response())
        }
        Outcome::Unchanged { id } => {
            Ok(Redirect::to(&format!("/admin/{}/{id}?ok=unveraendert", entity.slug)).into_response())
        }
        Outcome::Invalid(errors) => {
            Ok(again(form_page(&state, &user, target, &input, errors, wants_preview(&input)).await?))
        }
        Outcome::Conflict { current } if current.is_null() => Err(Error::NotFound),
        Outcome::Conflict { current } => {
            Ok((StatusCode::CONFLICT, conflict_page(&state, &user, entity, id, &input, &current).await?)
                .into_response())
        }
    }
}

/// A field's value as the conflict page shows it: labels for choices and links, yes/no, text
/// (in the request's language).
fn shown(input: &Input, f: &forms::Field, options: &Options) -> String {
    match f.kind {
        Kind::Links { .. } => {
            let chosen = input.all(f.name);
            options
                .get(f.name)
                .into_iter()
                .flatten()
                .filter(|(id, _)| chosen.contains(&id.to_string()))
                .map(|(_, l)| l.clone())
                .collect::<Vec<_>>()
                .join(", ")
        }
        Kind::Ref { .. } => options
            .get(f.name)
            .into_iter()
            .flatten()
            .find(|(id, _)| id.to_string() == input.get(f.name))
            .map_or_else(String::new, |(_, l)| l.clone()),
        Kind::Pairs => forms::pair_inputs(input, f.name)
            .iter()
            .filter(|(a, b)| !(a.trim().is_empty() && b.trim().is_empty()))
            .map(|(a, b)| format!("{}\n→ {}", a.replace("\r\n", "\n").trim(), b.replace("\r\n", "\n").trim()))
            .collect::<Vec<_>>()
            .join("\n\n"),
        Kind::Bool => {
            if input.get(f.name).is_empty() {
                t("adminf-no")
            } else {
                t("adminf-yes")
            }
        }
        Kind::Choice(choices) => {
            let value = input.get(f.name);
            choices().into_iter().find(|(v, _)| *v == value).map_or_else(|| value.to_string(), |(_, l)| l.to_string())
        }
        // Browsers send line breaks as CRLF; stored text has LF.
        _ => input.get(f.name).replace("\r\n", "\n"),
    }
}

/// Both versions side by side; the form keeps the user's input and now carries
/// the newer version number, so saving again is a deliberate overwrite.
pub(super) async fn conflict_page(
    state: &AppState,
    user: &CurrentUser,
    entity: &'static Entity,
    id: i64,
    yours: &Input,
    current: &Value,
) -> Result<ConflictPage> {
    let theirs = Input::from_document(entity.fields, current);
    let options = options(state, user, entity).await?;
    let rows = entity
        .fields
        .iter()
        .map(|f| {
            let (a, b) = (shown(yours, f, &options), shown(&theirs, f, &options));
            let differs = a.trim() != b.trim();
            (f.label(), a, b, differs)
        })
        .collect();
    let version = current["version"].as_i64().unwrap_or(0) as i32;
    let last: Option<(String, chrono::DateTime<chrono::Utc>)> =
        sqlx::query_as("SELECT actor, at FROM audit_log WHERE entity = $1 AND entity_id = $2 ORDER BY id DESC LIMIT 1")
            .bind(entity.table)
            .bind(id)
            .fetch_optional(&state.db)
            .await?;
    // "redaktion@mainz.de am 12.05.2023, 14:30" (Berlin time, the date in the request's language).
    let changed_by = last.map_or_else(String::new, |(actor, at)| {
        crate::i18n::lang().t_with(
            "adminf-conflict-changed-by",
            &[("actor", actor.into()), ("at", crate::model::history::berlin_time(at).into())],
        )
    });
    let target = Target { entity, id: Some(id), version, doc: Some(current) };
    let form = form_page(state, user, target, yours, Vec::new(), false).await?;
    Ok(ConflictPage {
        layout: AdminLayout::new(state, t("adminf-conflict-title"), user, form.layout.current),
        entity,
        id,
        rows,
        form,
        changed_by,
    })
}

async fn archive(
    Screen { state, user }: Screen,
    Path((slug, id)): Path<(String, i64)>,
    input: Input,
) -> Result<Response> {
    let entity = entity_of(&slug)?;
    if !entity.can_archive() {
        return Err(Error::NotFound);
    }
    authorize(&state, &user, entity, Some(id)).await?;
    // Archiving a project is an admin's decision, not a coordinator's.
    if entity.scope == Scope::Project && !user.is_admin() {
        return Err(Error::Forbidden);
    }
    let version = input.version()?;
    let archived = input.get("archivieren") != "0";
    let who = user.writer(state.site.city_id);
    let outcome = store::set_archived(&mut *state.db.acquire().await?, entity, who, id, version, archived).await?;
    match outcome {
        Outcome::Saved { .. } | Outcome::Unchanged { .. } if archived => {
            Ok(Redirect::to(&format!("/admin/{}?ok=archiviert", entity.slug)).into_response())
        }
        Outcome::Saved { id } | Outcome::Unchanged { id } => {
            Ok(Redirect::to(&format!("/admin/{}/{id}?ok=wiederhergestellt", entity.slug)).into_response())
        }
        Outcome::Conflict { current } if !current.is_null() => {
            let input = Input::from_document(entity.fields, &current);
            Ok((StatusCode::CONFLICT, conflict_page(&state, &user, entity, id, &input, &current).await?)
                .into_response())
        }
        _ => Err(Error::NotFound),
    }
}
