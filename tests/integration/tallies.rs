//! The key figures come from tallies kept by triggers (migrations 0007 and
//! 0010); after any sequence of writes, and on a new day, they must equal what
//! counting the rows gives. Their versions (migration 0015) must give, at any
//! past moment, what counting that moment's record versions gives.

use sachstand::generate::{self, Sizes};
use sachstand::model::overview::{KeyFigures, key_figures};
use sqlx::PgPool;

use crate::common;

/// Each tally as of `moment` (its versions, the `asof` views) against the counts
/// of the record versions valid then, both ways round (rows of 0 aside).
async fn assert_dated_tallies_match(db: &PgPool, moment: &str, step: &str) {
    let pairs = [
        (
            "SELECT city_id, status, kind, n FROM asof.project_tallies",
            "SELECT city_id, status, kind, count(*) FROM asof.projects WHERE archived_at IS NULL GROUP BY 1, 2, 3",
        ),
        (
            "SELECT city_id, online, ozg_level, n FROM asof.service_tallies",
            "SELECT city_id, status IN ('online', 'online_rework'), \
                    status IN ('online', 'online_rework') AND maturity_model = '1.1' AND maturity >= 3, count(*) \
             FROM asof.services WHERE archived_at IS NULL GROUP BY 1, 2, 3",
        ),
        (
            "SELECT city_id, maturity_model, maturity, n FROM asof.service_level_tallies",
            "SELECT city_id, maturity_model, maturity, count(*) FROM asof.services \
             WHERE archived_at IS NULL AND status IN ('online', 'online_rework') GROUP BY 1, 2, 3",
        ),
        (
            "SELECT unit_id, n FROM asof.unit_project_tallies",
            "SELECT responsible_unit_id, count(*) FROM asof.projects \
             WHERE archived_at IS NULL AND responsible_unit_id IS NOT NULL GROUP BY 1",
        ),
        (
            "SELECT city_id, status, day, n FROM asof.milestone_tallies",
            "SELECT city_id, status, CASE WHEN status = 'reached' THEN achieved_on ELSE coalesce(forecast_on, planned_on) END, \
                    count(*) FROM asof.milestones \
             WHERE archived_at IS NULL AND NOT project_archived AND status <> 'dropped' GROUP BY 1, 2, 3",
        ),
    ];
    let mut tx = db.begin().await.unwrap();
    sqlx::query("SELECT set_config('search_path', 'asof, public', true), set_config('sachstand.as_of', $1, true)")
        .bind(moment)
        .execute(&mut *tx)
        .await
        .unwrap();
    for (tallied, counted) in pairs {
        let tallied = format!("SELECT * FROM ({tallied}) t WHERE n <> 0");
        for (a, b) in [(&tallied, counted), (&counted.to_string(), tallied.as_str())] {
            let differing: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM ({a} EXCEPT {b}) d"))
                .fetch_one(&mut *tx)
                .await
                .unwrap();
            assert_eq!(differing, 0, "{step}, as of {moment}: {a} differs from {b}");
        }
    }
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM asof.project_tallies").fetch_one(&mut *tx).await.unwrap();
    assert!(rows > 0 || step.contains("empty"), "{step}, as of {moment}: nothing tallied");
}

/// The key figures by counting every row, as the overview did before the tallies.
async fn counted(db: &PgPool, city: i64) -> (Vec<(String, String, i64)>, (i64, i64, i64), (i64, i64)) {
    let projects: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT status, kind, count(*) FROM projects WHERE city_id = $1 AND archived_at IS NULL \
         GROUP BY status, kind ORDER BY status, kind",
    )
    .bind(city)
    .fetch_all(db)
    .await
    .unwrap();
    let services: (i64, i64, i64) = sqlx::query_as(
        "SELECT count(*), count(*) FILTER (WHERE status IN ('online', 'online_rework')), \
                count(*) FILTER (WHERE status IN ('online', 'online_rework') AND maturity_model = '1.1' AND maturity >= 3) \
         FROM services WHERE city_id = $1 AND archived_at IS NULL",
    )
    .bind(city)
    .fetch_one(db)
    .await
    .unwrap();
    let milestones: (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM milestones m WHERE m.city_id = $1 AND m.status = 'reached' AND m.archived_at IS NULL \
                   AND m.achieved_on >= date_trunc('year', current_date)::date \
                   AND NOT EXISTS (SELECT 1 FROM projects p WHERE p.id = m.project_id AND p.archived_at IS NOT NULL)), \
                (SELECT count(*) FROM milestones m WHERE m.city_id = $1 AND m.status = 'open' AND m.archived_at IS NULL \
                   AND coalesce(m.forecast_on, m.planned_on) < current_date \
                   AND NOT EXISTS (SELECT 1 FROM projects p WHERE p.id = m.project_id AND p.archived_at IS NOT NULL))",
    )
    .bind(city)
    .fetch_one(db)
    .await
    .unwrap();
    (projects, services, milestones)
}

/// Overdue, upcoming and reached milestones (the milestone page's sections) by counting rows.
async fn counted_sections(db: &PgPool, city: i64) -> (i64, i64, i64) {
    sqlx::query_as(
        "SELECT count(*) FILTER (WHERE m.status = 'open' AND coalesce(m.forecast_on, m.planned_on) < current_date), \
                count(*) FILTER (WHERE m.status = 'open' AND coalesce(m.forecast_on, m.planned_on) >= current_date), \
                count(*) FILTER (WHERE m.status = 'reached') \
         FROM milestones m JOIN projects p ON p.id = m.project_id \
         WHERE m.city_id = $1 AND p.archived_at IS NULL AND m.archived_at IS NULL",
    )
    .bind(city)
    .fetch_one(db)
    .await
    .unwrap()
}

async fn tallied(db: &PgPool, city: i64) -> KeyFigures {
    let mut conn = db.acquire().await.unwrap();
    key_figures(&mut conn, city).await.unwrap()
}

async fn assert_tallies_match(db: &PgPool, city: i64, step: &str) {
    let (projects, services, (reached, overdue)) = counted(db, city).await;
    let figures = tallied(db, city).await;
    let total: i64 = projects.iter().map(|p| p.2).sum();
    assert_eq!(figures.projects_total, total, "{step}: projects");
    for status in &figures.projects_by_status {
        let expected: i64 = projects.iter().filter(|p| p.0 == status.code).map(|p| p.2).sum();
        assert_eq!(status.count, expected, "{step}: projects with status {}", status.code);
    }
    for kind in &figures.projects_by_kind {
        let expected: i64 = projects.iter().filter(|p| p.1 == kind.code).map(|p| p.2).sum();
        assert_eq!(kind.count, expected, "{step}: projects of kind {}", kind.code);
    }
    let tallied_services = (figures.services_total, figures.services_online, figures.services_ozg_level);
    assert_eq!(tallied_services, services, "{step}: services");
    assert_eq!(
        (figures.milestones_reached_this_year, figures.milestones_overdue),
        (reached, overdue),
        "{step}: milestones"
    );
    let units: Vec<String> = sqlx::query_scalar(
        "SELECT u.slug FROM org_units u WHERE u.city_id = $1 \
         AND EXISTS (SELECT 1 FROM projects p WHERE p.responsible_unit_id = u.id AND p.archived_at IS NULL) ORDER BY u.name",
    )
    .bind(city)
    .fetch_all(db)
    .await
    .unwrap();
    let choices = sachstand::model::strategy::project_filter_choices(db, city).await.unwrap();
    assert_eq!(choices.units.into_iter().map(|c| c.slug).collect::<Vec<_>>(), units, "{step}: units with projects");
    let sections = sachstand::model::projects::milestone_counts(db, city).await.unwrap();
    assert_eq!(sections, counted_sections(db, city).await, "{step}: milestone sections");
}

#[tokio::test]
async fn the_tallies_follow_every_kind_of_write_by_any_writer() {
    let db = common::demo_db().await;
    let city: i64 = sqlx::query_scalar("SELECT id FROM cities WHERE slug = 'mainz'").fetch_one(&db).await.unwrap();
    assert_tallies_match(&db, city, "after the content load").await;
    let project: i64 = sqlx::query_scalar(
        "SELECT project_id FROM milestones GROUP BY project_id HAVING count(*) FILTER (WHERE status = 'open') > 0 \
         AND count(*) FILTER (WHERE status = 'reached') > 0 ORDER BY project_id LIMIT 1",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    let steps = [
        ("a status change", "UPDATE projects SET status = 'completed' WHERE id = $1"),
        ("archiving a project", "UPDATE projects SET archived_at = now() WHERE id = $1"),
        (
            "a milestone of an archived project reached",
            "UPDATE milestones SET status = 'reached', achieved_on = current_date WHERE project_id = $1 AND status = 'open'",
        ),
        ("restoring the project", "UPDATE projects SET archived_at = NULL WHERE id = $1"),
        (
            "milestones moved into the past",
            "UPDATE milestones SET status = 'open', achieved_on = NULL, forecast_on = current_date - 3 WHERE project_id = $1",
        ),
        (
            "a milestone dropped",
            "UPDATE milestones SET status = 'dropped', achieved_on = NULL WHERE id = (SELECT min(id) FROM milestones WHERE project_id = $1)",
        ),
        (
            "a milestone archived",
            "UPDATE milestones SET archived_at = now() WHERE id = (SELECT max(id) FROM milestones WHERE project_id = $1)",
        ),
        (
            "services online at level 3",
            "UPDATE services SET status = 'online', maturity = 3 WHERE id IN (SELECT id FROM services ORDER BY id LIMIT 3) AND $1 > 0",
        ),
        (
            "a service re-rated on model 2.0 (not counted as OZG-konform on model 1.1)",
            "UPDATE services SET maturity_model = '2.0', maturity = 6, maturity_rated_on = date '2025-08-01' \
             WHERE id = (SELECT min(id) FROM services) AND $1 > 0",
        ),
        (
            "a service archived",
            "UPDATE services SET archived_at = now() WHERE id = (SELECT max(id) FROM services) AND $1 > 0",
        ),
        (
            "a service deleted",
            "DELETE FROM services WHERE id = (SELECT min(id) FROM services WHERE id NOT IN (SELECT service_id FROM project_services) AND id NOT IN (SELECT service_id FROM inquiry_services) AND id NOT IN (SELECT service_id FROM service_case_counts)) AND $1 > 0",
        ),
        ("archiving again", "UPDATE projects SET archived_at = now() WHERE id = $1"),
        ("deleting the archived project", "DELETE FROM projects WHERE id = $1"),
        (
            "a project handed to another unit",
            "UPDATE projects SET responsible_unit_id = (SELECT max(id) FROM org_units) \
             WHERE id = (SELECT min(id) FROM projects WHERE responsible_unit_id IS DISTINCT FROM (SELECT max(id) FROM org_units)) AND $1 > 0",
        ),
        (
            "a project without a unit",
            "UPDATE projects SET responsible_unit_id = NULL WHERE id = (SELECT max(id) FROM projects) AND $1 > 0",
        ),
    ];
    // The content's dated history (rebuilt tally versions) and the moment after each step (trigger-kept ones).
    let mut moments = vec![("the content's history".to_string(), "2023-05-12T21:59:59Z".to_string())];
    for (step, sql) in steps {
        sqlx::query(sql).bind(project).execute(&db).await.unwrap_or_else(|e| panic!("{step}: {e}"));
        assert_tallies_match(&db, city, step).await;
        let now: String = sqlx::query_scalar("SELECT clock_timestamp()::text").fetch_one(&db).await.unwrap();
        moments.push((step.to_string(), now));
    }
    for (step, moment) in &moments {
        assert_dated_tallies_match(&db, moment, step).await;
    }
}

#[tokio::test]
async fn the_tallies_of_a_generated_city_match_its_rows() {
    let db = common::fresh_db().await;
    let sizes =
        Sizes { projects: 300, services: 400, milestones: 2000, updates: 100, reports: 2, inquiries: 10, seed: 3 };
    generate::generate(&db, sizes, &mut |_| {}).await.unwrap();
    let city: i64 =
        sqlx::query_scalar("SELECT id FROM cities WHERE slug = $1").bind(generate::CITY).fetch_one(&db).await.unwrap();
    assert_tallies_match(&db, city, "after generating").await;
    // A bulk change by one statement, as a script would make it.
    sqlx::query("UPDATE projects SET archived_at = now() WHERE id % 7 = 0").execute(&db).await.unwrap();
    sqlx::query("UPDATE milestones SET forecast_on = planned_on - 400 WHERE id % 5 = 0 AND status = 'open'")
        .execute(&db)
        .await
        .unwrap();
    assert_tallies_match(&db, city, "after bulk updates").await;
    // The generated past, month by month: its tallies were rebuilt from the versions it wrote.
    for month in ["2022-03-31", "2023-06-30", "2024-12-31", "2025-09-30"] {
        assert_dated_tallies_match(&db, &format!("{month}T21:59:59Z"), "the generated history").await;
    }
}

#[tokio::test]
async fn on_a_new_day_the_milestone_summary_is_recounted_once() {
    let db = common::demo_db().await;
    let city: i64 = sqlx::query_scalar("SELECT id FROM cities WHERE slug = 'mainz'").fetch_one(&db).await.unwrap();
    // Yesterday's row, with counts that are wrong today: a milestone due today was
    // upcoming yesterday and still is; one due yesterday was upcoming then and is
    // overdue now. The first read of the day must recount.
    sqlx::query(
        "UPDATE milestones SET status = 'open', achieved_on = NULL, forecast_on = current_date - 1 \
         WHERE id = (SELECT min(id) FROM milestones WHERE status = 'open')",
    )
    .execute(&db)
    .await
    .unwrap();
    sqlx::query("UPDATE milestone_summaries SET as_of = as_of - 1, overdue = overdue - 1, upcoming = upcoming + 1")
        .execute(&db)
        .await
        .unwrap();
    assert_tallies_match(&db, city, "the first read of a new day").await;
    let as_of: chrono::NaiveDate = sqlx::query_scalar("SELECT as_of FROM milestone_summaries WHERE city_id = $1")
        .bind(city)
        .fetch_one(&db)
        .await
        .unwrap();
    let today: chrono::NaiveDate = sqlx::query_scalar("SELECT current_date").fetch_one(&db).await.unwrap();
    assert_eq!(as_of, today, "the recount is stored for the rest of the day");
    // Writes after the recount keep it exact.
    sqlx::query("UPDATE milestones SET forecast_on = current_date + 30 WHERE status = 'open' AND id % 2 = 0")
        .execute(&db)
        .await
        .unwrap();
    assert_tallies_match(&db, city, "a write after the recount").await;
}

#[tokio::test]
async fn concurrent_writers_and_a_new_day_leave_the_summary_exact() {
    let db = common::fresh_db().await;
    let sizes = Sizes { projects: 40, services: 5, milestones: 400, updates: 5, reports: 1, inquiries: 1, seed: 11 };
    generate::generate(&db, sizes, &mut |_| {}).await.unwrap();
    let city: i64 =
        sqlx::query_scalar("SELECT id FROM cities WHERE slug = $1").bind(generate::CITY).fetch_one(&db).await.unwrap();
    for round in 0..5 {
        // The summary is a day old, and writers and readers race to it.
        sqlx::query("UPDATE milestone_summaries SET as_of = as_of - 1").execute(&db).await.unwrap();
        let mut tasks = tokio::task::JoinSet::new();
        for writer in 0..4i64 {
            let writing = db.clone();
            tasks.spawn(async move {
                sqlx::query(
                    "UPDATE milestones SET forecast_on = CASE WHEN forecast_on IS NULL OR forecast_on >= current_date \
                       THEN current_date - 1 - ($1 % 3)::int ELSE current_date + ($1 % 5)::int END \
                     WHERE status = 'open' AND id % 4 = $1",
                )
                .bind(writer)
                .execute(&writing)
                .await
                .unwrap();
            });
            let reading = db.clone();
            tasks.spawn(async move {
                sachstand::model::projects::milestone_counts(&reading, city).await.unwrap();
            });
        }
        while let Some(done) = tasks.join_next().await {
            done.unwrap();
        }
        assert_tallies_match(&db, city, &format!("round {round}")).await;
        // Concurrent writers of the same tallies leave one version per moment, no gap and no overlap.
        let now: String = sqlx::query_scalar("SELECT clock_timestamp()::text").fetch_one(&db).await.unwrap();
        assert_dated_tallies_match(&db, &now, &format!("round {round}")).await;
        let overlapping: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM milestone_tallies_versions a JOIN milestone_tallies_versions b \
             ON a.city_id = b.city_id AND a.status = b.status AND a.day = b.day AND a.ctid < b.ctid AND a.valid && b.valid",
        )
        .fetch_one(&db)
        .await
        .unwrap();
        assert_eq!(overlapping, 0, "round {round}");
    }
}
