//! Connecting to PostgreSQL and running the embedded migrations.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::{ConnectOptions, Connection, PgConnection};

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!();

/// Opens a pool. Statement logging is off: page queries are frequent and logged by tracing spans
/// instead. Sessions run in Europe/Berlin, so that `current_date` ("overdue", "this year") is the
/// German date whatever the server's own time zone.
/// A request waits at most [`ACQUIRE_TIMEOUT`] for a connection: longer means the
/// database is away or the portal is saturated, and a quick 503 is kinder than a hang.
pub async fn connect(options: PgConnectOptions, size: u32) -> Result<PgPool, sqlx::Error> {
    // Plans stay PostgreSQL's choice per statement: forcing generic plans made
    // filtered lists scan whole tables (see tests/integration/scale.rs).
    let options = options.disable_statement_logging().options([("timezone", "Europe/Berlin")]);
    PgPoolOptions::new()
        .max_connections(size)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        // A connection in steady use is known to be alive; one that has rested
        // may have outlived a database restart, so only that one is pinged
        // before use. A ping is a round trip: on a project page it was one
        // statement in twelve.
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for >= PING_AFTER_IDLE {
                    conn.ping().await?;
                }
                Ok(true)
            })
        })
        .connect_with(options)
        .await
}

/// How long a pooled connection may rest before it is pinged on checkout.
const PING_AFTER_IDLE: Duration = Duration::from_secs(1);

/// The pool size where no configuration applies (tools and tests).
pub const POOL_SIZE: u32 = 16;
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

/// Whether the database can be reached, as last seen. When a request or the
/// change listener finds it gone, the portal answers 503 at once (instead of
/// every request waiting for a connection that cannot come) and one probe
/// task tries to connect every half second; when it succeeds, requests go
/// through again. The pool reconnects by itself.
#[derive(Default)]
pub struct Health {
    down: AtomicBool,
}

impl Health {
    pub fn is_down(&self) -> bool {
        self.down.load(Ordering::Acquire)
    }

    /// Tries one connection now and reports an outage when it fails (for the
    /// change listener, whose connection can also drop while the database is fine).
    pub async fn check(self: &Arc<Self>, pool: &PgPool) {
        let options = pool.connect_options();
        match tokio::time::timeout(Duration::from_secs(1), PgConnection::connect_with(&options)).await {
            Ok(Ok(conn)) => {
                let _ = conn.close().await;
            }
            _ => self.report_outage(pool),
        }
    }

    /// Marks the database as away and starts the probe (once per outage).
    pub fn report_outage(self: &Arc<Self>, pool: &PgPool) {
        if self.down.swap(true, Ordering::AcqRel) {
            return;
        }
        tracing::error!("database unreachable: answering 503 until it is back");
        let (health, options) = (self.clone(), pool.connect_options());
        let pool = pool.clone();
        tokio::spawn(async move {
            while !pool.is_closed() {
                tokio::time::sleep(Duration::from_millis(500)).await;
                let attempt = tokio::time::timeout(Duration::from_secs(2), PgConnection::connect_with(&options)).await;
                if let Ok(Ok(conn)) = attempt {
                    let _ = conn.close().await;
                    health.down.store(false, Ordering::Release);
                    tracing::info!("database reachable again");
                    return;
                }
            }
        });
    }
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
