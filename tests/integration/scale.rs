//! At scale: the number of SQL statements per page does not grow with the data
//! (no N+1), and no public page scans a large table sequentially.

use std::sync::{Arc, Mutex};

use sachstand::AppState;
use sachstand::config::Config;
use sachstand::generate::{self, Sizes};
use sqlx::postgres::PgPoolOptions;
use sqlx::{ConnectOptions, Executor, PgPool};
use tracing::field::{Field, Visit};
use tracing_subscriber::layer::{Context, SubscriberExt};

use crate::common;

/// Collects sqlx's statement log and PostgreSQL notices (auto_explain plans).
#[derive(Clone, Default)]
struct Recorder {
    statements: Arc<Mutex<usize>>,
    notices: Arc<Mutex<Vec<String>>>,
}

struct Message(String);

impl Visit for Message {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            self.0 = format!("{value:?}");
        }
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.0 = value.to_string();
        }
    }
}

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for Recorder {
    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        let target = event.metadata().target();
        if target == "sqlx::query" {
            *self.statements.lock().unwrap() += 1;
        } else if target.starts_with("sqlx::postgres::notice") {
            let mut m = Message(String::new());
            event.record(&mut m);
            self.notices.lock().unwrap().push(m.0);
        }
    }
}

/// A database with a generated dataset, and a pool that logs every statement
/// and (with `explain`) has auto_explain send every plan back as a notice.
async fn dataset(sizes: Sizes, explain: bool) -> PgPool {
    let setup = common::fresh_db().await;
    generate::generate(&setup, sizes, &mut |_| {}).await.expect("generated");
    sqlx::query("VACUUM ANALYZE").execute(&setup).await.unwrap();
    // The app pool disables statement logging, which also sets the slow-statement threshold to zero.
    let options = (*setup.connect_options())
        .clone()
        .log_statements(log::LevelFilter::Info)
        .log_slow_statements(log::LevelFilter::Info, std::time::Duration::from_secs(3600));
    setup.close().await;
    PgPoolOptions::new()
        .max_connections(2)
        .after_connect(move |conn, _| {
            Box::pin(async move {
                if explain {
                    conn.execute("LOAD 'auto_explain'; SET auto_explain.log_min_duration = 0; SET auto_explain.log_level = 'NOTICE'; SET auto_explain.log_format = 'json'; SET client_min_messages = 'notice'").await?;
                }
                Ok(())
            })
        })
        .connect_with(options)
        .await
        .unwrap()
}

async fn app(pool: PgPool) -> sachstand::App {
    let config = Config::from_lookup(|k| match k {
        "SACHSTAND_CITY" => Some(generate::CITY.to_string()),
        "SACHSTAND_PAGE_CACHE" => Some("off".into()),
        _ => None,
    })
    .unwrap();
    sachstand::app(AppState::new(pool, config).await.unwrap())
}

const PAGES: &[&str] = &[
    "/",
    "/strategie",
    "/organisation",
    "/handlungsfelder",
    "/handlungsfelder/bereich-1",
    "/projekte",
    "/projekte?art=flagship&status=implementation",
    "/projekte?handlungsfeld=bereich-2&sortierung=fortschritt",
    "/projekte?q=Datenplattform",
    "/projekte?seite=3",
    "/projekte/projekt-000007",
    "/meilensteine",
    "/online-dienste",
    "/online-dienste?status=online&reifegrad=3",
    "/online-dienste?efa=ja&sortierung=fallzahl",
    "/online-dienste?themenfeld=umwelt&zielgruppe=businesses",
    "/online-dienste/leistung-000007",
    "/berichte",
    "/berichte/2026",
    "/anfragen",
    "/anfragen/0007-2000",
    "/aktuelles",
    "/aktuelles?seite=4",
    "/aktuelles.atom",
    "/suche?q=Datenplattform",
];

/// The same kinds of pages as of a past day, read through the versions (migration 0013).
const DATED_PAGES: &[&str] = &[
    "/?stand=2025-06-30",
    "/projekte?stand=2025-06-30",
    "/projekte?art=flagship&status=implementation&stand=2025-06-30",
    "/projekte/projekt-000007?stand=2025-06-30",
    "/meilensteine?stand=2025-06-30",
    "/online-dienste?stand=2025-06-30",
    "/online-dienste/leistung-000007?stand=2025-06-30",
    "/aktuelles?stand=2025-06-30",
];

async fn statements_per_page(sizes: Sizes) -> Vec<usize> {
    let pool = dataset(sizes, false).await;
    let app = app(pool).await;
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(tracing_subscriber::registry().with(recorder.clone()));
    let mut counts = Vec::new();
    for page in PAGES {
        *recorder.statements.lock().unwrap() = 0;
        let status = common::get(&app, page).await.status;
        assert_eq!(status, axum::http::StatusCode::OK, "GET {page}");
        counts.push(*recorder.statements.lock().unwrap());
    }
    counts
}

fn sizes(factor: i64) -> Sizes {
    Sizes {
        projects: 50 * factor,
        services: 70 * factor,
        milestones: 500 * factor,
        updates: 2000 * factor,
        reports: 20,
        inquiries: 20 * factor,
        seed: 1,
    }
}

#[tokio::test(flavor = "current_thread")]
async fn statements_per_page_do_not_grow_with_the_data() {
    let small = statements_per_page(sizes(1)).await;
    let large = statements_per_page(sizes(10)).await;
    for ((page, s), l) in PAGES.iter().zip(&small).zip(&large) {
        assert!(*s > 0, "{page}: statements were counted");
        assert_eq!(s, l, "{page}: {s} statements with the small dataset, {l} with the ten-times larger one");
    }
}

/// Tables that are large at the scale of a federal state.
const LARGE: &[&str] = &[
    "projects",
    "services",
    "milestones",
    "project_updates",
    "service_case_counts",
    "council_inquiries",
    "inquiry_items",
    "project_action_fields",
    "audit_log",
    "projects_versions",
    "milestones_versions",
    "project_updates_versions",
];

fn seq_scans(plan: &serde_json::Value, found: &mut Vec<String>) {
    match plan {
        serde_json::Value::Object(map) => {
            if map.get("Node Type").and_then(|v| v.as_str()) == Some("Seq Scan")
                && let Some(table) = map.get("Relation Name").and_then(|v| v.as_str())
                && LARGE.contains(&table)
            {
                found.push(table.to_string());
            }
            map.values().for_each(|v| seq_scans(v, found));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| seq_scans(v, found)),
        _ => {}
    }
}

#[tokio::test(flavor = "current_thread")]
async fn no_public_page_scans_a_large_table_sequentially_at_full_scale() {
    let full = Sizes {
        projects: 5000,
        services: 7000,
        milestones: 50000,
        updates: 200000,
        reports: 20,
        inquiries: 2000,
        seed: 1,
    };
    let pool = dataset(full, true).await;
    let stats = pool.clone();
    let app = app(pool).await;
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(tracing_subscriber::registry().with(recorder.clone()));
    // Which of the listed tables are large in this dataset (a seq scan over a few rows is right).
    let large: Vec<String> =
        sqlx::query_scalar("SELECT relname::text FROM pg_class WHERE relname = ANY($1) AND reltuples > 1000")
            .bind(LARGE)
            .fetch_all(&stats)
            .await
            .unwrap();
    assert!(large.len() >= 6, "the dataset is large: {large:?}");
    let mut problems = Vec::new();
    for page in PAGES.iter().chain(DATED_PAGES) {
        recorder.notices.lock().unwrap().clear();
        assert_eq!(common::get(&app, page).await.status, axum::http::StatusCode::OK, "GET {page}");
        let notices = recorder.notices.lock().unwrap().clone();
        assert!(notices.iter().any(|n| n.contains("\"Plan\"")), "{page}: plans were recorded");
        for notice in notices {
            let Some(start) = notice.find('{') else { continue };
            let Ok(plan) = serde_json::from_str::<serde_json::Value>(notice[start..].trim_end_matches('"')) else {
                continue;
            };
            let mut found = Vec::new();
            seq_scans(&plan, &mut found);
            found.retain(|t| large.contains(t));
            if !found.is_empty() {
                let query = plan["Query Text"].as_str().unwrap_or("").chars().take(160).collect::<String>();
                problems.push(format!("{page}: Seq Scan on {found:?} in: {query}"));
            }
        }
    }
    assert!(problems.is_empty(), "sequential scans over large tables:\n{}", problems.join("\n"));
}

/// A fingerprint of the generated content, independent of ids.
async fn fingerprint(db: &PgPool) -> String {
    sqlx::query_scalar(
        "SELECT md5(string_agg(x, '|' ORDER BY x)) FROM ( \
           SELECT p.slug || p.title || p.status || p.kind || coalesce(p.progress::text, '') AS x FROM projects p JOIN cities c ON c.id = p.city_id WHERE c.slug = 'synthetisch' \
           UNION ALL SELECT s.slug || s.name || s.status || s.maturity FROM services s JOIN cities c ON c.id = s.city_id WHERE c.slug = 'synthetisch' \
           UNION ALL SELECT m.title || m.planned_on || m.status FROM milestones m JOIN cities c ON c.id = m.city_id WHERE c.slug = 'synthetisch' \
           UNION ALL SELECT u.slug || u.title || u.published_on FROM project_updates u JOIN cities c ON c.id = u.city_id WHERE c.slug = 'synthetisch') t",
    )
    .fetch_one(db)
    .await
    .unwrap()
}

#[tokio::test]
async fn the_generated_dataset_is_deterministic_for_a_seed_and_marked_synthetic() {
    let small = sizes(1);
    let a = common::fresh_db().await;
    generate::generate(&a, small, &mut |_| {}).await.unwrap();
    let b = common::fresh_db().await;
    generate::generate(&b, small, &mut |_| {}).await.unwrap();
    assert_eq!(fingerprint(&a).await, fingerprint(&b).await, "same seed, same data");
    // Generating again replaces the city's data instead of adding to it.
    generate::generate(&a, small, &mut |_| {}).await.unwrap();
    assert_eq!(fingerprint(&a).await, fingerprint(&b).await);
    let projects: i64 = sqlx::query_scalar("SELECT count(*) FROM projects").fetch_one(&a).await.unwrap();
    assert_eq!(projects, small.projects);
    let c = common::fresh_db().await;
    generate::generate(&c, Sizes { seed: 2, ..small }, &mut |_| {}).await.unwrap();
    assert_ne!(fingerprint(&a).await, fingerprint(&c).await, "another seed, other data");
    let not_marked: i64 = sqlx::query_scalar(
        "SELECT (SELECT count(*) FROM projects WHERE NOT illustrative) + (SELECT count(*) FROM services WHERE NOT illustrative) + (SELECT count(*) FROM milestones WHERE NOT illustrative)",
    )
    .fetch_one(&a)
    .await
    .unwrap();
    assert_eq!(not_marked, 0, "every generated record is marked as example data");
}
