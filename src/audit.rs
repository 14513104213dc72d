//! The audit trail: every write path records who changed what, with full
//! before and after images, in the same transaction as the change.

use serde_json::Value;
use sqlx::PgConnection;

#[allow(clippy::too_many_arguments)]
pub async fn record(
    db: &mut PgConnection,
    city_id: i64,
    actor: &str,
    action: &str,
    entity: &str,
    entity_id: i64,
    before: Option<&Value>,
    after: Option<&Value>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (city_id, actor, action, entity, entity_id, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(city_id)
    .bind(actor)
    .bind(action)
    .bind(entity)
    .bind(entity_id)
    .bind(before)
    .bind(after)
    .execute(&mut *db)
    .await?;
    // Delivered at commit to every instance: their page caches drop this city's pages.
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(crate::page_cache::CHANNEL)
        .bind(city_id.to_string())
        .execute(db)
        .await?;
    Ok(())
}
