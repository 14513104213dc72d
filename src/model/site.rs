//! The city an installation serves.

use sqlx::PgExecutor;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Site {
    pub city_id: i64,
    pub slug: String,
    pub name: String,
    pub portal_name: String,
    pub state: String,
    /// Open data: see `content/city.toml` (empty: not stated).
    pub ags: String,
    pub data_licence: String,
    pub data_licence_name: String,
    pub data_contact_email: String,
    pub open_data_illustrative: bool,
}

pub async fn find(db: impl PgExecutor<'_>, slug: &str) -> Result<Option<Site>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id AS city_id, slug, name, portal_name, state, ags, data_licence, data_licence_name, data_contact_email, \
                open_data_illustrative FROM cities WHERE slug = $1",
    )
        .bind(slug)
        .fetch_optional(db)
        .await
}

/// True when no city has been loaded yet (a fresh database).
pub async fn is_empty(db: impl PgExecutor<'_>) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT NOT EXISTS (SELECT 1 FROM cities)").fetch_one(db).await
}

/// A simple content page (Impressum, Datenschutz, …).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ContentPage {
    pub title: String,
    pub body_md: String,
    pub illustrative: bool,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

pub async fn page(db: impl PgExecutor<'_>, city_id: i64, slug: &str) -> Result<Option<ContentPage>, sqlx::Error> {
    sqlx::query_as("SELECT title, body_md, illustrative, updated_at FROM pages WHERE city_id = $1 AND slug = $2")
        .bind(city_id)
        .bind(slug)
        .fetch_optional(db)
        .await
}
