//! The review-and-release workflow of final reports and annual reports:
//! draft → submitted → released (by an approver) or returned with a comment.
//! Only released versions are public; releasing an annual report freezes its
//! key figures.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

use super::auth::CurrentUser;
use super::forms::{self, FieldView, Input};
use super::layout::AdminLayout;
use crate::AppState;
use crate::audit;
use crate::domain::ReleaseState;
use crate::error::{Error, Result};
use crate::markdown::{SafeHtml, render};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/projekte/{id}/abschlussbericht", get(final_report_page).post(save_final_report))
        .route("/admin/projekte/{id}/abschlussbericht/vorlegen", post(submit_final_report))
        .route("/admin/berichte/{id}/vorlegen", post(submit_annual_report))
        .route("/admin/freigaben", get(releases_page))
        .route("/admin/freigaben/{kind}/{id}/{decision}", post(decide))
}

/// Which table a release decision is about.
fn table_of(kind: &str) -> Result<&'static str> {
    match kind {
        "abschlussbericht" => Ok("final_reports"),
        "bericht" => Ok("annual_reports"),
        _ => Err(Error::NotFound),
    }
}

fn version_of(input: &Input) -> Result<i32> {
    input.get("version").parse().map_err(|_| Error::BadRequest("Dem Formular fehlt die Versionsnummer.".into()))
}

/// Moves a report from one of `from` to `to`, with version check and audit.
#[allow(clippy::too_many_arguments)]
async fn transition(
    state: &AppState,
    actor: &str,
    table: &str,
    id: i64,
    version: i32,
    from: &[ReleaseState],
    to: ReleaseState,
    extra: Value,
    action: &str,
) -> Result<bool> {
    let mut tx = state.db.begin().await?;
    let before: Option<Value> =
        sqlx::query_scalar(&format!("SELECT to_jsonb(t) - 'search' FROM {table} t WHERE id = $1 FOR UPDATE"))
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some(before) = before else { return Err(Error::NotFound) };
    let state_now = before["release_state"].as_str().and_then(ReleaseState::from_code);
    if before["version"].as_i64() != Some(i64::from(version)) || !state_now.is_some_and(|s| from.contains(&s)) {
        return Ok(false);
    }
    let mut changes = json!({"release_state": to.code(), "released_on": Value::Null});
    if let (Some(c), Some(e)) = (changes.as_object_mut(), extra.as_object()) {
        c.extend(e.clone());
    }
    let cols: Vec<String> = changes.as_object().expect("object").keys().cloned().collect();
    let after: Value = sqlx::query_scalar(&format!(
        "WITH upd AS (UPDATE {table} t SET ({cols}) = ROW({rs}), version = t.version + 1, updated_at = now() \
         FROM jsonb_populate_record(null::{table}, $1) r WHERE t.id = $2 RETURNING t.*) SELECT to_jsonb(upd) - 'search' FROM upd",
        cols = cols.join(", "),
        rs = cols.iter().map(|c| format!("r.{c}")).collect::<Vec<_>>().join(", ")
    ))
    .bind(&changes)
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    audit::record(&mut tx, state.site.city_id, actor, action, table, id, Some(&before), Some(&after)).await?;
    tx.commit().await?;
    Ok(true)
}

/// Draft or returned → submitted; refused when the report changed meanwhile.
async fn submit(state: &AppState, actor: &str, table: &str, id: i64, version: i32) -> Result<()> {
    let from = [ReleaseState::Draft, ReleaseState::Returned];
    if transition(state, actor, table, id, version, &from, ReleaseState::Submitted, json!({}), "submit").await? {
        Ok(())
    } else {
        Err(Error::BadRequest(
            "Der Bericht wurde inzwischen geändert oder ist schon vorgelegt. Bitte laden Sie die Seite neu.".into(),
        ))
    }
}

async fn project_for_work(state: &AppState, user: &CurrentUser, raw: &str) -> Result<(i64, String)> {
    let id: i64 = raw.parse().map_err(|_| Error::NotFound)?;
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
    forms::field("summary_md", "Ergebnis und Zusammenfassung", forms::Kind::Markdown).required(),
    forms::field("lessons_learned_md", "Lessons Learned", forms::Kind::Markdown).required(),
    forms::field("illustrative", "Beispieldaten (nicht aus den Quellen der Stadt)", forms::Kind::Bool),
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
        layout: AdminLayout::new(state, format!("Abschlussbericht: {project_title}"), user, "/admin/projekte"),
        project_id,
        project_title,
        state: state_now,
        version: row.as_ref().map_or(0, |r| r.version),
        editable: matches!(state_now, ReleaseState::Draft | ReleaseState::Returned),
        fields: forms::views(FIELDS, &shown, &errors, &forms::Options::new(), preview, true),
        errors: errors.iter().map(|(f, m)| (f.to_string(), m.clone())).collect(),
        comment: row.as_ref().map(|r| r.review_comment.clone()).unwrap_or_default(),
        exists: row.is_some(),
    })
}

async fn final_report_page(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<FinalReportPage> {
    let (id, title) = project_for_work(&state, &user, &id).await?;
    let mut page = final_report_view(&state, &user, id, title, None, Vec::new(), false).await?;
    page.layout.notice = match Input::parse(query.unwrap_or_default().as_bytes()).get("ok") {
        "gespeichert" => {
            Some("Entwurf gespeichert. Er ist nicht öffentlich, bis die Lenkungsgruppe ihn freigibt.".into())
        }
        "vorgelegt" => Some("Zur Freigabe vorgelegt.".into()),
        _ => None,
    };
    Ok(page)
}

async fn save_final_report(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response> {
    let (project_id, title) = project_for_work(&state, &user, &id).await?;
    let input = Input::parse(&body);
    let version = version_of(&input)?;
    let parsed = forms::validate(FIELDS, &input, &forms::Options::new());
    if input.get("aktion") == "vorschau" || !parsed.errors.is_empty() {
        let status = if parsed.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
        let preview = input.get("aktion") == "vorschau";
        return Ok((
            status,
            final_report_view(&state, &user, project_id, title, Some(&input), parsed.errors, preview).await?,
        )
            .into_response());
    }
    let entity = super::entities::find("abschlussberichte").expect("entity");
    let existing: Option<(i64, ReleaseState)> =
        sqlx::query_as("SELECT id, release_state FROM final_reports WHERE project_id = $1")
            .bind(project_id)
            .fetch_optional(&state.db)
            .await?;
    let outcome = match existing {
        Some((_, s)) if !matches!(s, ReleaseState::Draft | ReleaseState::Returned) => {
            let page = final_report_view(
                &state,
                &user,
                project_id,
                title,
                Some(&input),
                vec![(
                    "summary_md",
                    "Der Bericht ist vorgelegt oder freigegeben und kann nicht mehr geändert werden.".into(),
                )],
                false,
            )
            .await?;
            return Ok((StatusCode::CONFLICT, page).into_response());
        }
        Some((report_id, _)) => {
            super::store::update(
                &mut *state.db.acquire().await?,
                entity,
                state.site.city_id,
                &user.email,
                report_id,
                version,
                &parsed,
            )
            .await?
        }
        None => {
            let mut extra = serde_json::Map::new();
            extra.insert("project_id".into(), json!(project_id));
            extra.insert("release_state".into(), json!("draft"));
            super::store::create(
                &mut *state.db.acquire().await?,
                entity,
                state.site.city_id,
                &user.email,
                &parsed,
                extra,
            )
            .await?
        }
    };
    match outcome {
        super::store::Outcome::Conflict { current } if !current.is_null() => {
            let page = final_report_view(&state, &user, project_id, title, Some(&input), vec![("summary_md", "Jemand hat den Bericht inzwischen gespeichert. Ihre Fassung steht unten; die gespeicherte sehen Sie nach dem Neuladen. Speichern Sie erneut, um Ihre Fassung zu übernehmen.".into())], false).await?;
            Ok((StatusCode::CONFLICT, page).into_response())
        }
        _ => Ok(Redirect::to(&format!("/admin/projekte/{project_id}/abschlussbericht?ok=gespeichert")).into_response()),
    }
}

async fn submit_final_report(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response> {
    let (project_id, _) = project_for_work(&state, &user, &id).await?;
    let version = version_of(&Input::parse(&body))?;
    let report: i64 = sqlx::query_scalar("SELECT id FROM final_reports WHERE project_id = $1")
        .bind(project_id)
        .fetch_optional(&state.db)
        .await?
        .ok_or(Error::NotFound)?;
    submit(&state, &user.email, "final_reports", report, version).await?;
    Ok(Redirect::to(&format!("/admin/projekte/{project_id}/abschlussbericht?ok=vorgelegt")).into_response())
}

async fn submit_annual_report(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response> {
    if !user.is_admin() {
        return Err(Error::Forbidden);
    }
    let id: i64 = id.parse().map_err(|_| Error::NotFound)?;
    let owner: Option<i64> = sqlx::query_scalar("SELECT city_id FROM annual_reports WHERE id = $1")
        .bind(id)
        .fetch_optional(&state.db)
        .await?;
    if owner != Some(state.site.city_id) {
        return Err(Error::NotFound);
    }
    let version = version_of(&Input::parse(&body))?;
    submit(&state, &user.email, "annual_reports", id, version).await?;
    Ok(Redirect::to(&format!("/admin/berichte/{id}?ok=gespeichert")).into_response())
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
        "SELECT f.id, f.version, 'Abschlussbericht: ' || p.title, f.summary_md || E'\\n\\n## Lessons Learned\\n\\n' || f.lessons_learned_md, p.slug, f.release_state, '' \
         FROM final_reports f JOIN projects p ON p.id = f.project_id WHERE p.city_id = $1 AND f.release_state IN ('submitted', 'released') ORDER BY f.updated_at DESC",
    )
    .bind(state.site.city_id)
    .fetch_all(&state.db)
    .await?;
    let annual: Vec<(i64, i32, String, String, i32, ReleaseState)> = sqlx::query_as(
        "SELECT id, version, title, body_md, year, release_state FROM annual_reports WHERE city_id = $1 AND release_state IN ('submitted', 'released') ORDER BY year DESC",
    )
    .bind(state.site.city_id)
    .fetch_all(&state.db)
    .await?;
    let mut all: Vec<Pending> = finals
        .into_iter()
        .map(|(id, version, title, body, slug, s, _)| Pending {
            kind: "abschlussbericht",
            id,
            version,
            title,
            state: s,
            body: render(&body),
            public_href: format!("/projekte/{slug}#abschlussbericht"),
        })
        .chain(annual.into_iter().map(|(id, version, title, body, year, s)| Pending {
            kind: "bericht",
            id,
            version,
            title,
            state: s,
            body: render(&body),
            public_href: format!("/berichte/{year}"),
        }))
        .collect();
    let released = all.extract_if(.., |p| p.state == ReleaseState::Released).collect();
    Ok(ReleasesPage {
        layout: AdminLayout::new(state, "Freigaben", user, "/admin/freigaben"),
        pending: all,
        released,
        error,
        is_admin: user.is_admin(),
    })
}

async fn releases_page(
    State(state): State<AppState>,
    user: CurrentUser,
    RawQuery(query): RawQuery,
) -> Result<ReleasesPage> {
    if !user.can_release() {
        return Err(Error::Forbidden);
    }
    let mut page = releases_view(&state, &user, None).await?;
    page.layout.notice = match Input::parse(query.unwrap_or_default().as_bytes()).get("ok") {
        "freigegeben" => Some("Freigegeben. Der Bericht ist jetzt öffentlich.".into()),
        "zurueckgegeben" => Some("Zurückgegeben. Das Team sieht Ihren Kommentar.".into()),
        "wieder-geoeffnet" => {
            Some("Wieder geöffnet: Der Bericht ist nicht mehr öffentlich und kann bearbeitet werden.".into())
        }
        _ => None,
    };
    Ok(page)
}

async fn decide(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((kind, id, decision)): Path<(String, String, String)>,
    body: Bytes,
) -> Result<Response> {
    let table = table_of(&kind)?;
    let id: i64 = id.parse().map_err(|_| Error::NotFound)?;
    let owner: Option<i64> = if table == "final_reports" {
        sqlx::query_scalar(
            "SELECT p.city_id FROM final_reports f JOIN projects p ON p.id = f.project_id WHERE f.id = $1",
        )
        .bind(id)
        .fetch_optional(&state.db)
        .await?
    } else {
        sqlx::query_scalar("SELECT city_id FROM annual_reports WHERE id = $1")
            .bind(id)
            .fetch_optional(&state.db)
            .await?
    };
    if owner != Some(state.site.city_id) {
        return Err(Error::NotFound);
    }
    let input = Input::parse(&body);
    let version = version_of(&input)?;
    let (ok, done) = match decision.as_str() {
        "freigeben" if user.can_release() => {
            let mut extra = json!({"released_on": chrono::Local::now().date_naive().to_string(), "review_comment": ""});
            if table == "annual_reports" {
                let mut conn = state.db.acquire().await?;
                let figures = crate::model::overview::key_figures(&mut conn, state.site.city_id).await?;
                extra["key_figures"] = serde_json::to_value(figures).unwrap_or(Value::Null);
            }
            (
                transition(
                    &state,
                    &user.email,
                    table,
                    id,
                    version,
                    &[ReleaseState::Submitted],
                    ReleaseState::Released,
                    extra,
                    "release",
                )
                .await?,
                "freigegeben",
            )
        }
        "zurueckgeben" if user.can_release() => {
            let comment = input.get("comment").trim();
            if comment.is_empty() {
                let page = releases_view(
                    &state,
                    &user,
                    Some("Bitte begründen Sie die Rückgabe im Kommentarfeld; das Team braucht den Hinweis.".into()),
                )
                .await?;
                return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
            }
            (
                transition(
                    &state,
                    &user.email,
                    table,
                    id,
                    version,
                    &[ReleaseState::Submitted],
                    ReleaseState::Returned,
                    json!({"review_comment": comment}),
                    "return",
                )
                .await?,
                "zurueckgegeben",
            )
        }
        "wieder-oeffnen" if user.is_admin() => {
            let extra = if table == "annual_reports" { json!({"key_figures": Value::Null}) } else { json!({}) };
            (
                transition(
                    &state,
                    &user.email,
                    table,
                    id,
                    version,
                    &[ReleaseState::Released],
                    ReleaseState::Draft,
                    extra,
                    "reopen",
                )
                .await?,
                "wieder-geoeffnet",
            )
        }
        "freigeben" | "zurueckgeben" | "wieder-oeffnen" => return Err(Error::Forbidden),
        _ => return Err(Error::NotFound),
    };
    if !ok {
        let page = releases_view(&state, &user, Some("Der Bericht wurde inzwischen geändert oder ist nicht mehr in diesem Zustand. Bitte prüfen Sie die aktuelle Fassung unten.".into())).await?;
        return Ok((StatusCode::CONFLICT, page).into_response());
    }
    Ok(Redirect::to(&format!("/admin/freigaben?ok={done}")).into_response())
}
