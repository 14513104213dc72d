//! Council inquiries and the city's answers, question by question.

use sqlx::PgExecutor;

use super::Date;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Inquiry {
    pub id: i64,
    pub version: i32,
    pub slug: String,
    pub number: String,
    pub faction: String,
    pub title: String,
    pub asked_on: Option<Date>,
    pub answered_on: Option<Date>,
    pub answered_by: String,
    pub source_ref: String,
    /// The answer's preliminary remark (Markdown), before the questions.
    pub body_md: String,
    pub illustrative: bool,
    pub question_count: i64,
}

const SELECT: &str = "SELECT i.id, i.version, i.slug, i.number, i.faction, i.title, i.asked_on, i.answered_on, i.answered_by, i.source_ref, \
        i.body_md, i.illustrative, (SELECT count(*) FROM inquiry_items WHERE inquiry_id = i.id) AS question_count \
    FROM council_inquiries i WHERE i.city_id = $1 AND i.archived_at IS NULL";

/// One page of inquiries, newest answer first (unanswered ones on top), and their total.
pub async fn page(
    db: &mut sqlx::PgConnection,
    city_id: i64,
    page: super::PageRequest,
) -> Result<(Vec<Inquiry>, i64), sqlx::Error> {
    let total = sqlx::query_scalar("SELECT count(*) FROM council_inquiries WHERE city_id = $1 AND archived_at IS NULL")
        .bind(city_id)
        .fetch_one(&mut *db)
        .await?;
    let rows = sqlx::query_as(&format!(
        "{SELECT} ORDER BY i.answered_on DESC NULLS FIRST, i.number DESC {}",
        page.limit_clause()
    ))
    .bind(city_id)
    .fetch_all(&mut *db)
    .await?;
    Ok((rows, total))
}

pub async fn find(db: impl PgExecutor<'_>, city_id: i64, slug: &str) -> Result<Option<Inquiry>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} AND i.slug = $2")).bind(city_id).bind(slug).fetch_optional(db).await
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Item {
    pub position: i32,
    pub question_md: String,
    pub answer_md: String,
}

pub async fn items(db: impl PgExecutor<'_>, inquiry_id: i64) -> Result<Vec<Item>, sqlx::Error> {
    sqlx::query_as("SELECT position, question_md, answer_md FROM inquiry_items WHERE inquiry_id = $1 ORDER BY position")
        .bind(inquiry_id)
        .fetch_all(db)
        .await
}
