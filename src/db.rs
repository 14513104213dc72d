//! Connecting to PostgreSQL and running the embedded migrations.

use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::{ConnectOptions, Connection, PgConnection};

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!();

/// Opens a pool. Statement logging is off: page queries are frequent and logged by tracing spans
/// instead. Sessions run in Europe/Berlin, so that `current_date` ("overdue", "this year") is the
/// German date whatever the server's own time zone.
pub async fn connect(options: PgConnectOptions) -> Result<PgPool, sqlx::Error> {
    let options = options.disable_statement_logging().options([("timezone", "Europe/Berlin")]);
    PgPoolOptions::new().max_connections(16).acquire_timeout(Duration::from_secs(10)).connect_with(options).await
}

/// Creates database `name` on the server unless it exists (for the embedded cluster).
pub async fn ensure_database(server: &PgConnectOptions, name: &str) -> Result<(), sqlx::Error> {
    let mut conn = PgConnection::connect_with(&server.clone().database("postgres")).await?;
    let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
        .bind(name)
        .fetch_one(&mut conn)
        .await?;
    if !exists {
        // Identifiers cannot be bound; `name` is a fixed, quoted identifier.
        sqlx::query(&format!("CREATE DATABASE \"{}\"", name.replace('"', ""))).execute(&mut conn).await?;
    }
    conn.close().await
}

pub async fn migrate(pool: &PgPool) -> Result<(), sqlx::migrate::MigrateError> {
    MIGRATOR.run(pool).await
}

/// True when the database answers and every embedded migration has been applied
/// (what `/readyz` reports). A short timeout: a readiness probe must not hang.
pub async fn is_ready(pool: &PgPool) -> bool {
    let check = async {
        let applied: Vec<i64> =
            sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
                .fetch_all(pool)
                .await?;
        Ok::<_, sqlx::Error>(MIGRATOR.iter().all(|m| applied.contains(&m.version)))
    };
    matches!(tokio::time::timeout(Duration::from_secs(2), check).await, Ok(Ok(true)))
}
