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
    /// The city's look (`city.toml`): its action colour (`#rrggbb`, empty: the
    /// portal's) and its logo as SVG text (empty: the portal's mark).
    pub colour: String,
    pub logo_svg: String,
    /// The whole city is invented (a demo city).
    pub illustrative: bool,
}

impl Site {
    /// The address of the city's own stylesheet and logo, versioned by their
    /// content so that browsers may keep them for a year; `None` when the city has none.
    pub fn theme_href(&self) -> Option<String> {
        (!self.colour.is_empty()).then(|| format!("/stadt.css?v={}", short_hash(self.colour.as_bytes())))
    }

    pub fn logo_href(&self) -> Option<String> {
        (!self.logo_svg.is_empty()).then(|| format!("/stadt/logo.svg?v={}", short_hash(self.logo_svg.as_bytes())))
    }
}

fn short_hash(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)[..6].iter().map(|b| format!("{b:02x}")).collect()
}

pub async fn find(db: impl PgExecutor<'_>, slug: &str) -> Result<Option<Site>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id AS city_id, slug, name, portal_name, state, ags, data_licence, data_licence_name, data_contact_email, \
                open_data_illustrative, colour, logo_svg, illustrative FROM cities WHERE slug = $1",
    )
        .bind(slug)
        .fetch_optional(db)
        .await
}

/// A new city without content yet (the installation admin's `create-city`):
/// its slug, names and hosts; everything else comes with its content folder.
pub struct NewCity<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub portal_name: &'a str,
    pub state: &'a str,
    pub hosts: &'a [String],
}

/// Creates the city through the one write path (versioned, audited); a taken
/// slug or host is refused by the database with its German message.
pub async fn create(conn: &mut sqlx::PgConnection, actor: &str, city: &NewCity<'_>) -> Result<i64, sqlx::Error> {
    use crate::model::write::{self, Patch, Writer};
    let patch = Patch::columns(serde_json::json!({
        "slug": city.slug, "name": city.name, "portal_name": city.portal_name, "state": city.state,
        "hosts": city.hosts.iter().map(|h| h.to_lowercase()).collect::<Vec<_>>(),
    }));
    write::create(conn, write::shape_of("cities"), Writer { city_id: 0, actor }, &patch).await
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
    pub en: super::En,
}

pub async fn page(db: impl PgExecutor<'_>, city_id: i64, slug: &str) -> Result<Option<ContentPage>, sqlx::Error> {
    sqlx::query_as("SELECT title, body_md, illustrative, updated_at, en FROM pages WHERE city_id = $1 AND slug = $2")
        .bind(city_id)
        .bind(slug)
        .fetch_optional(db)
        .await
}
