//! The history of a record, read from the audit log as readable diffs; and the
//! public change history of a project (public fields only).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use serde_json::Value;
use sqlx::PgExecutor;

use super::auth::CurrentUser;
use super::crud::{authorize, entity_of};
use super::entities::{self, Entity};
use super::layout::AdminLayout;
use crate::AppState;
use crate::error::{Error, Result};

/// One changed field: label, before, after.
pub struct Change {
    pub label: String,
    pub before: String,
    pub after: String,
}

pub struct Revision {
    stamp: i64,
    pub at: String,
    pub actor: String,
    pub action: &'static str,
    pub changes: Vec<Change>,
}

fn action_label(action: &str) -> &'static str {
    match action {
        "create" => "angelegt",
        "update" => "geändert",
        "archive" => "archiviert",
        "restore" => "wiederhergestellt",
        "delete" => "gelöscht",
        "release" => "freigegeben",
        "return" => "zurückgegeben",
        "submit" => "zur Freigabe vorgelegt",
        "reopen" => "wieder geöffnet",
        _ => "geändert",
    }
}

fn show(value: &Value) -> String {
    match value {
        Value::Null => "–".into(),
        Value::Bool(true) => "ja".into(),
        Value::Bool(false) => "nein".into(),
        Value::String(s) => match chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            Ok(d) => d.format("%d.%m.%Y").to_string(),
            Err(_) => s.clone(),
        },
        Value::Array(items) => items.iter().map(show).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// The fields that differ between two documents, labelled; `only` limits them.
pub fn diff(entity: Option<&Entity>, before: &Value, after: &Value, only: Option<&[&str]>) -> Vec<Change> {
    let keys: Vec<String> = match entity {
        Some(e) => e.fields.iter().map(|f| f.name.to_string()).chain(["archived_at".to_string()]).collect(),
        None => after.as_object().or(before.as_object()).map(|m| m.keys().cloned().collect()).unwrap_or_default(),
    };
    keys.into_iter()
        .filter(|k| only.is_none_or(|only| only.contains(&k.as_str())))
        .filter(|k| !matches!(k.as_str(), "version" | "updated_at" | "search" | "id" | "city_id"))
        .filter_map(|k| {
            let (b, a) = (before.get(&k).unwrap_or(&Value::Null), after.get(&k).unwrap_or(&Value::Null));
            (b != a).then(|| Change {
                label: entity.map(|e| e.label_of(&k)).filter(|l| !l.is_empty()).map_or_else(
                    || {
                        if k == "archived_at" { "Archiviert".to_string() } else { k.clone() }
                    },
                    str::to_string,
                ),
                before: show(b),
                after: show(a),
            })
        })
        .collect()
}

#[derive(sqlx::FromRow)]
struct AuditRow {
    at: chrono::DateTime<chrono::Utc>,
    actor: String,
    action: String,
    entity: String,
    before: Option<Value>,
    after: Option<Value>,
}

fn revisions(rows: Vec<AuditRow>, only: Option<&[&str]>, public: bool) -> Vec<Revision> {
    rows.into_iter()
        .filter_map(|r| {
            let entity = entities::by_table(&r.entity);
            let changes =
                diff(entity, r.before.as_ref().unwrap_or(&Value::Null), r.after.as_ref().unwrap_or(&Value::Null), only);
            // Publicly, only changes count: creation by the loader or the team is not news.
            if public && (changes.is_empty() || r.action == "create") {
                return None;
            }
            Some(Revision {
                stamp: r.at.timestamp(),
                at: r.at.with_timezone(&chrono_tz_berlin()).format("%d.%m.%Y, %H:%M").to_string(),
                // The public sees roles, not people.
                actor: if public { "mainzDIGITAL".into() } else { r.actor },
                action: action_label(&r.action),
                changes,
            })
        })
        .collect()
}

/// Central European time without a time-zone database: UTC+1, or UTC+2 in summer.
fn chrono_tz_berlin() -> chrono::FixedOffset {
    use chrono::Datelike;
    let now = chrono::Utc::now();
    let summer =
        (4..=9).contains(&now.month()) || (now.month() == 3 && now.day() > 25) || (now.month() == 10 && now.day() < 25);
    chrono::FixedOffset::east_opt(if summer { 7200 } else { 3600 }).expect("valid offset")
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/history.html")]
pub struct HistoryPage {
    layout: AdminLayout,
    entity: &'static Entity,
    id: i64,
    revisions: Vec<Revision>,
}

pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((slug, id)): Path<(String, String)>,
) -> Result<HistoryPage> {
    let entity = entity_of(&slug)?;
    let id: i64 = id.parse().map_err(|_| Error::NotFound)?;
    authorize(&state, &user, entity, Some(id)).await?;
    let rows: Vec<AuditRow> = sqlx::query_as(
        "SELECT at, actor, action, entity, before, after FROM audit_log WHERE entity = $1 AND entity_id = $2 ORDER BY id DESC LIMIT 500",
    )
    .bind(entity.table)
    .bind(id)
    .fetch_all(&state.db)
    .await?;
    Ok(HistoryPage {
        layout: AdminLayout::new(&state, format!("Verlauf: {}", entity.singular), &user, "/admin/projekte"),
        entity,
        id,
        revisions: revisions(rows, None, false),
    })
}

/// Public changes of a project and its milestones, newest first.
pub async fn public_changes(db: impl PgExecutor<'_>, project_id: i64) -> Result<Vec<Revision>, sqlx::Error> {
    let project = entities::by_table("projects").expect("projects entity");
    let rows: Vec<AuditRow> = sqlx::query_as(
        "SELECT at, actor, action, entity, before, after FROM audit_log \
         WHERE (entity = 'projects' AND entity_id = $1) \
            OR (entity = 'milestones' AND (after->>'project_id')::bigint = $1) \
         ORDER BY id DESC LIMIT 50",
    )
    .bind(project_id)
    .fetch_all(db)
    .await?;
    let milestone = entities::by_table("milestones").expect("milestones entity");
    let (projects, milestones): (Vec<AuditRow>, Vec<AuditRow>) = rows.into_iter().partition(|r| r.entity == "projects");
    let mut out = revisions(projects, Some(project.public_fields), true);
    out.extend(revisions(milestones, Some(milestone.public_fields), true));
    out.sort_by_key(|r| std::cmp::Reverse(r.stamp));
    Ok(out)
}
