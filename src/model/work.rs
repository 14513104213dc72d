//! The daily work on a project as model operations: a status change, a
//! milestone reached or moved, a published update. Each change and the dated
//! update it publishes (public unless internal) are written in one
//! transaction, through the one write path.

use serde_json::{Value, json};
use sqlx::{Connection, PgConnection};

use super::Date;
use super::write::{self, Outcome, Patch, Writer};
use crate::domain::ProjectStatus;

/// A dated note to publish with a change.
pub struct Note<'a> {
    pub body: &'a str,
    pub internal: bool,
}

/// Adds a dated project update (public unless internal) and returns its id.
pub async fn publish_update(
    conn: &mut PgConnection,
    who: Writer<'_>,
    project_id: i64,
    title: &str,
    note: &Note<'_>,
) -> Result<i64, sqlx::Error> {
    let today = Date::today().iso();
    // Unique per project and readable in addresses: the date plus a random suffix.
    let slug = format!("{today}-{:08x}", rand::random::<u32>());
    let patch = Patch::columns(json!({
        "project_id": project_id, "slug": slug, "published_on": today, "title": title,
        "body_md": note.body, "internal": note.internal,
    }));
    let mut tx = conn.begin().await?;
    let id = write::create(&mut tx, write::shape_of("project_updates"), who, &patch).await?;
    touch_project(&mut tx, project_id).await?;
    tx.commit().await?;
    Ok(id)
}

/// The project's "last changed" moves with its updates and milestones.
async fn touch_project(conn: &mut PgConnection, project_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE projects SET updated_at = now() WHERE id = $1").bind(project_id).execute(conn).await?;
    Ok(())
}

/// The title of the update a status change publishes: stored, so in German
/// whatever the language of the page it was made on.
fn status_title(before: &Value, after: &Value, status: ProjectStatus, progress: Option<i16>) -> String {
    let old = before["status"].as_str().and_then(ProjectStatus::from_code);
    let mut title = match old {
        Some(old) if old != status => format!("Status: {} → {}", old.german_label(), status.german_label()),
        _ => "Fortschritt aktualisiert".to_string(),
    };
    if let Some(p) = progress.filter(|_| before["progress_override"] != after["progress_override"]) {
        title.push_str(&format!(" (Fortschritt {p} %)"));
    }
    title
}

/// Sets a project's status and, unless `progress` is `None`, its stated
/// progress (`Some(None)` clears it); publishes the change when something changed.
pub async fn change_status(
    conn: &mut PgConnection,
    who: Writer<'_>,
    project_id: i64,
    version: i32,
    status: ProjectStatus,
    progress: Option<Option<i16>>,
    note: &Note<'_>,
) -> Result<Outcome, sqlx::Error> {
    let mut columns = json!({ "status": status.code() });
    if let Some(progress) = progress {
        columns["progress_override"] = json!(progress);
    }
    let mut tx = conn.begin().await?;
    let shape = write::shape_of("projects");
    let outcome =
        write::update(&mut tx, shape, who, project_id, Some(version), "update", &Patch::columns(columns)).await?;
    if let Outcome::Saved { before, after } = &outcome {
        let title = status_title(before, after, status, progress.flatten());
        publish_update(&mut tx, who, project_id, &title, note).await?;
        tx.commit().await?;
    }
    Ok(outcome)
}

/// Changes a milestone (reached, new forecast) and publishes the update that
/// `describe` words from the changed milestone.
pub async fn change_milestone(
    conn: &mut PgConnection,
    who: Writer<'_>,
    milestone_id: i64,
    version: i32,
    columns: Value,
    internal: bool,
    describe: impl FnOnce(&Value) -> (String, String),
) -> Result<Outcome, sqlx::Error> {
    let mut tx = conn.begin().await?;
    let shape = write::shape_of("milestones");
    let outcome =
        write::update(&mut tx, shape, who, milestone_id, Some(version), "update", &Patch::columns(columns)).await?;
    if let Outcome::Saved { after, .. } = &outcome {
        let (title, body) = describe(after);
        let project = after["project_id"].as_i64().unwrap_or_default();
        publish_update(&mut tx, who, project, &title, &Note { body: &body, internal }).await?;
        tx.commit().await?;
    }
    Ok(outcome)
}
