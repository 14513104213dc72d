//! Dated project updates: the public updates page, the Atom feed and the overview.

use sqlx::PgExecutor;

use super::{Date, PageRequest};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Update {
    pub id: i64,
    pub slug: String,
    pub published_on: Date,
    pub title: String,
    pub body_md: String,
    pub illustrative: bool,
    pub project_slug: String,
    pub project_title: String,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

const SELECT: &str = "SELECT u.id, u.slug, u.published_on, u.title, u.body_md, u.illustrative, p.slug AS project_slug, \
        p.title AS project_title, u.updated_at \
    FROM project_updates u JOIN projects p ON p.id = u.project_id \
    WHERE NOT u.internal AND u.archived_at IS NULL AND p.archived_at IS NULL";

/// Public updates of the city, newest first, and their total.
pub async fn latest(
    conn: &mut sqlx::PgConnection,
    city_id: i64,
    page: PageRequest,
) -> Result<(Vec<Update>, i64), sqlx::Error> {
    let total = count(&mut *conn, city_id).await?;
    Ok((newest(&mut *conn, city_id, page).await?, total))
}

/// How many public updates the city has (an index-only count).
pub async fn count(db: impl PgExecutor<'_>, city_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT count(*) FROM project_updates u WHERE u.city_id = $1 AND NOT u.internal AND u.archived_at IS NULL \
         AND NOT EXISTS (SELECT 1 FROM projects p WHERE p.id = u.project_id AND p.archived_at IS NOT NULL)",
    )
    .bind(city_id)
    .fetch_one(db)
    .await
}

/// One page of public updates, newest first.
pub async fn newest(db: impl PgExecutor<'_>, city_id: i64, page: PageRequest) -> Result<Vec<Update>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{SELECT} AND u.city_id = $1 ORDER BY u.published_on DESC, u.id DESC {}",
        page.limit_clause()
    ))
    .bind(city_id)
    .fetch_all(db)
    .await
}

#[derive(sqlx::FromRow)]
struct Counted {
    #[sqlx(flatten)]
    update: Update,
    total: i64,
}

/// One page of a project's public updates, newest first, and how many it has
/// in all: the total is a window over the same rows, so one statement.
pub async fn of_project(
    conn: &mut sqlx::PgConnection,
    project_id: i64,
    page: PageRequest,
) -> Result<(Vec<Update>, i64), sqlx::Error> {
    let rows: Vec<Counted> = sqlx::query_as(&format!(
        "SELECT *, count(*) OVER () AS total FROM ({SELECT} AND u.project_id = $1) u \
         ORDER BY published_on DESC, id DESC {}",
        page.limit_clause()
    ))
    .bind(project_id)
    .fetch_all(&mut *conn)
    .await?;
    let total = match rows.first() {
        Some(row) => row.total,
        // A page past the end has no row to carry the total.
        None if page.number > 1 => {
            sqlx::query_scalar(&format!("SELECT count(*) FROM ({SELECT} AND u.project_id = $1) u"))
                .bind(project_id)
                .fetch_one(&mut *conn)
                .await?
        }
        None => 0,
    };
    Ok((rows.into_iter().map(|r| r.update).collect(), total))
}

/// The newest public updates of these projects (a project's or an action field's feed).
pub async fn newest_of(db: impl PgExecutor<'_>, project_ids: &[i64], limit: i64) -> Result<Vec<Update>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} AND u.project_id = ANY($1) ORDER BY u.published_on DESC, u.id DESC LIMIT $2"))
        .bind(project_ids)
        .bind(limit)
        .fetch_all(db)
        .await
}

/// When the public text of these updates was last changed after they were
/// created, from the audit log (a load of unchanged content writes nothing).
pub async fn edited_at(
    db: impl PgExecutor<'_>,
    ids: &[i64],
) -> Result<std::collections::HashMap<i64, chrono::DateTime<chrono::Utc>>, sqlx::Error> {
    let rows: Vec<(i64, chrono::DateTime<chrono::Utc>)> = sqlx::query_as(
        "SELECT entity_id, max(at) FROM audit_log \
         WHERE entity = 'project_updates' AND action = 'update' AND entity_id = ANY($1) \
           AND (before->'title', before->'body_md', before->'published_on') \
               IS DISTINCT FROM (after->'title', after->'body_md', after->'published_on') \
         GROUP BY entity_id",
    )
    .bind(ids)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().collect())
}
