//! The strategy and its parts, the governance bodies and the organisation units.

use sqlx::PgExecutor;

use super::Date;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Strategy {
    pub title: String,
    pub document_title: String,
    pub vision_md: String,
    pub adopted_on: Option<Date>,
    pub adopted_by: String,
    pub source_ref: String,
    pub en: super::En,
}

pub async fn strategy(db: impl PgExecutor<'_>, city_id: i64) -> Result<Option<Strategy>, sqlx::Error> {
    sqlx::query_as("SELECT title, document_title, vision_md, adopted_on, adopted_by, source_ref, en FROM strategies WHERE city_id = $1")
        .bind(city_id)
        .fetch_optional(db)
        .await
}

/// Goals, guidelines, themes and action fields share this shape.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Section {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub body_md: String,
    pub source_ref: String,
    pub illustrative: bool,
    pub en: super::En,
}

#[derive(Clone, Copy, Debug)]
pub enum SectionKind {
    Goals,
    Guidelines,
    Themes,
    ActionFields,
}

impl SectionKind {
    fn table(self) -> &'static str {
        match self {
            SectionKind::Goals => "goals",
            SectionKind::Guidelines => "guidelines",
            SectionKind::Themes => "cross_cutting_themes",
            SectionKind::ActionFields => "action_fields",
        }
    }
}

pub async fn sections(db: impl PgExecutor<'_>, city_id: i64, kind: SectionKind) -> Result<Vec<Section>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT id, slug, title, body_md, source_ref, illustrative, en FROM {} WHERE city_id = $1 AND archived_at IS NULL ORDER BY position",
        kind.table()
    ))
    .bind(city_id)
    .fetch_all(db)
    .await
}

pub async fn section(
    db: impl PgExecutor<'_>,
    city_id: i64,
    kind: SectionKind,
    slug: &str,
) -> Result<Option<Section>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT id, slug, title, body_md, source_ref, illustrative, en FROM {} WHERE city_id = $1 AND slug = $2 AND archived_at IS NULL",
        kind.table()
    ))
    .bind(city_id)
    .bind(slug)
    .fetch_optional(db)
    .await
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Body {
    pub name: String,
    pub governance_level: Option<i16>,
    pub chair: String,
    pub body_md: String,
    pub source_ref: String,
    pub illustrative: bool,
}

pub async fn bodies(db: impl PgExecutor<'_>, city_id: i64) -> Result<Vec<Body>, sqlx::Error> {
    sqlx::query_as(
        "SELECT name, governance_level, chair, body_md, source_ref, illustrative FROM bodies WHERE city_id = $1 AND archived_at IS NULL \
         ORDER BY governance_level NULLS FIRST, position",
    )
    .bind(city_id)
    .fetch_all(db)
    .await
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct OrgUnit {
    pub slug: String,
    pub kind: crate::domain::OrgUnitKind,
    pub number: Option<String>,
    pub name: String,
    pub parent_name: Option<String>,
    pub illustrative: bool,
}

impl OrgUnit {
    /// "10.02.01 Organisationsentwicklung"
    pub fn display_name(&self) -> String {
        match &self.number {
            Some(n) => format!("{n} {}", self.name),
            None => self.name.clone(),
        }
    }
}

pub async fn org_units(db: impl PgExecutor<'_>, city_id: i64) -> Result<Vec<OrgUnit>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.slug, u.kind, u.number, u.name, p.name AS parent_name, u.illustrative FROM org_units u \
         LEFT JOIN org_units p ON p.id = u.parent_id WHERE u.city_id = $1 AND u.archived_at IS NULL ORDER BY u.kind, u.number NULLS LAST, u.name",
    )
    .bind(city_id)
    .fetch_all(db)
    .await
}

/// One choice of a list filter: the value in the address and the label shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub slug: String,
    pub label: String,
}

/// The choices of the project list's filters.
#[derive(Clone, Debug, Default)]
pub struct ProjectFilterChoices {
    pub action_fields: Vec<Choice>,
    pub themes: Vec<Choice>,
    /// Units responsible for at least one current project (from the tallies of
    /// migration 0011), by name, labelled "10.02.01 Name".
    pub units: Vec<Choice>,
}

/// All three kinds of [`ProjectFilterChoices`] in one statement (one round trip, not three).
pub async fn project_filter_choices(
    db: impl PgExecutor<'_>,
    city_id: i64,
) -> Result<ProjectFilterChoices, sqlx::Error> {
    let rows: Vec<(i16, String, String)> = sqlx::query_as(
        "SELECT kind, slug, label FROM ( \
           SELECT 1::int2 AS kind, slug, title AS label, position, title AS sort_name \
           FROM action_fields WHERE city_id = $1 AND archived_at IS NULL \
           UNION ALL \
           SELECT 2::int2, slug, title, position, title \
           FROM cross_cutting_themes WHERE city_id = $1 AND archived_at IS NULL \
           UNION ALL \
           SELECT 3::int2, u.slug, coalesce(u.number || ' ', '') || u.name, NULL, u.name \
           FROM org_units u JOIN unit_project_tallies t ON t.unit_id = u.id AND t.n > 0 WHERE u.city_id = $1 \
         ) choices ORDER BY kind, position, sort_name",
    )
    .bind(city_id)
    .fetch_all(db)
    .await?;
    let mut choices = ProjectFilterChoices::default();
    for (kind, slug, label) in rows {
        let list = match kind {
            1 => &mut choices.action_fields,
            2 => &mut choices.themes,
            _ => &mut choices.units,
        };
        list.push(Choice { slug, label });
    }
    Ok(choices)
}
