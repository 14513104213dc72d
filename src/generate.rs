//! `sachstand generate`: a realistic, deterministic, clearly marked synthetic
//! dataset at the scale of a federal state, for benchmarks and scale tests.
//!
//! Everything is generated inside PostgreSQL (`generate_series`), so that even
//! hundreds of thousands of rows take seconds. Randomness is a hash of the seed,
//! a salt and the row number: the same seed gives the same data. All records
//! belong to the city `synthetisch` and are marked illustrative.

use std::time::Instant;

use sqlx::{PgConnection, PgPool};

pub const CITY: &str = "synthetisch";
/// The portal name that marks a synthetic city (and lets `generate` replace it).
const PORTAL_NAME: &str = "Sachstand (synthetische Testdaten)";

#[derive(Clone, Copy, Debug)]
pub struct Sizes {
    pub projects: i64,
    pub services: i64,
    pub milestones: i64,
    pub updates: i64,
    pub reports: i64,
    pub inquiries: i64,
    pub seed: i64,
}

/// A pseudo-random integer in 0..n for row `i`, stable for a seed.
fn rnd(salt: &str, n: u32) -> String {
    format!("(abs(hashtext($1::text || ':{salt}:' || i)) % {n})")
}

/// Replaces the synthetic city's data with a freshly generated set.
pub async fn generate(pool: &PgPool, sizes: Sizes, progress: &mut dyn FnMut(&str)) -> Result<(), sqlx::Error> {
    generate_city(pool, CITY, &[], sizes, progress).await
}

/// Like [`generate`], for a synthetic city of another slug answering `hosts`
/// (the benchmark of many cities on one installation).
pub async fn generate_city(
    pool: &PgPool,
    slug: &str,
    hosts: &[String],
    sizes: Sizes,
    progress: &mut dyn FnMut(&str),
) -> Result<(), sqlx::Error> {
    let started = Instant::now();
    let mut tx = pool.begin().await?;
    let seed = sizes.seed.to_string();
    let mut step = |label: String| progress(&format!("{label} ({:.1} s)", started.elapsed().as_secs_f64()));
    remove_existing(&mut tx, slug).await?;
    step("Alte synthetische Daten entfernt".into());

    let name = if slug == CITY { "Synthetische Stadt".to_string() } else { format!("Synthetische Stadt {slug}") };
    let city: i64 = sqlx::query_scalar(
        "INSERT INTO cities (slug, name, portal_name, state, hosts) \
         VALUES ($1, $2, $4, 'Testland', $3) RETURNING id",
    )
    .bind(slug)
    .bind(name)
    .bind(hosts.iter().map(|h| h.to_lowercase()).collect::<Vec<_>>())
    .bind(PORTAL_NAME)
    .fetch_one(&mut *tx)
    .await?;
    strategy_and_units(&mut tx, city).await?;
    step("Stadt, Strategie, Handlungsfelder, 60 Ämter".into());
    projects(&mut tx, &seed, city, sizes).await?;
    step(format!("{} Projekte mit Handlungsfeldern und Themen", sizes.projects));
    milestones(&mut tx, &seed, city, sizes).await?;
    step(format!("{} Meilensteine", sizes.milestones));
    updates(&mut tx, &seed, city, sizes).await?;
    step(format!("{} Meldungen", sizes.updates));
    services(&mut tx, &seed, city, sizes).await?;
    step(format!("{} Online-Dienste mit Fallzahlen", sizes.services));
    reports_and_inquiries(&mut tx, &seed, city, sizes).await?;
    step(format!("{} Sachstandsberichte, {} Anfragen", sizes.reports, sizes.inquiries));
    let changes = history(&mut tx, &seed, city).await?;
    step(format!("Verlauf seit Januar 2022: {changes} Änderungen als Versionen und im Änderungsprotokoll"));

    // One audit record for the generation as a whole: the rows themselves are test data.
    let who = crate::model::write::Writer { city_id: city, actor: "generate" };
    let after = serde_json::json!({ "generated": format!("{sizes:?}") });
    crate::model::write::audit(&mut tx, who, "create", "cities", city, None, Some(&after)).await?;
    tx.commit().await?;
    // VACUUM as well: the triggers updated every project once per milestone batch,
    // and until autovacuum comes by, index probes wade through the dead versions
    // (a list's unit filter read 4,800 blocks instead of 150).
    sqlx::query("VACUUM ANALYZE").execute(pool).await?;
    progress(&format!("Fertig: Datenbank bereinigt und analysiert ({:.1} s)", started.elapsed().as_secs_f64()));
    Ok(())
}

/// Strategy, goals, guidelines, themes, action fields, legal pages and 60 offices.
async fn strategy_and_units(conn: &mut PgConnection, city: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO strategies (city_id, title, document_title, vision_md, adopted_on, adopted_by) \
         VALUES ($1, 'Synthetische Strategie', 'Synthetische Testdaten', 'Alle Angaben dieser Stadt sind **synthetisch** erzeugt (Testdaten für Lasttests).', '2022-01-01', 'Stadtrat')",
    )
    .bind(city)
    .execute(&mut *conn)
    .await?;
    for (table, titles) in [
        (
            "action_fields",
            &[
                "Digitale Verwaltung",
                "Intelligente Infrastruktur",
                "Mobilität, Umwelt und urbane Entwicklung",
                "Wirtschaft, Innovation und Kooperation",
                "Bildung und Zusammenleben",
            ][..],
        ),
        ("cross_cutting_themes", &["Nachhaltigkeit", "Partizipation", "Datensicherheit"][..]),
        ("goals", &["Synthetisches Ziel"][..]),
        ("guidelines", &["Synthetische Leitlinie"][..]),
    ] {
        sqlx::query(&format!(
            "INSERT INTO {table} (city_id, slug, position, title, body_md, illustrative) \
             SELECT $1, 'bereich-' || n, n, t, 'Synthetischer Text zu ' || t || '.', true FROM unnest($2::text[]) WITH ORDINALITY AS x(t, n)"
        ))
        .bind(city)
        .bind(titles)
        .execute(&mut *conn)
        .await?;
    }
    for (slug, title) in [
        ("impressum", "Impressum"),
        ("datenschutz", "Datenschutz"),
        ("barrierefreiheit", "Barrierefreiheit"),
        ("leichte-sprache", "Leichte Sprache"),
    ] {
        sqlx::query("INSERT INTO pages (city_id, slug, title, body_md, illustrative) VALUES ($1, $2, $3, 'Synthetische Testdaten.', true)")
            .bind(city)
            .bind(slug)
            .bind(title)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query(
        "INSERT INTO org_units (city_id, slug, kind, number, name, illustrative) \
         SELECT $1, 'amt-' || i, CASE WHEN i % 10 = 0 THEN 'department' ELSE 'office' END, lpad(i::text, 2, '0') || '.01', 'Amt ' || i, true \
         FROM generate_series(1, 60) AS i",
    )
    .bind(city)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Projects with their action fields and themes.
async fn projects(conn: &mut PgConnection, seed: &str, city: i64, sizes: Sizes) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "INSERT INTO projects (city_id, slug, title, kind, status, responsible_unit_id, lead_role, team_roles, summary_md, description_md, \
                               planned_start, planned_end, staff_fte_planned, budget_eur_planned, illustrative) \
         SELECT $2, 'projekt-' || lpad(i::text, 6, '0'), \
                (ARRAY['Digitale','Vernetzte','Smarte','Offene','Mobile','Sichere','Barrierefreie','Automatisierte'])[1 + {a}] || ' ' || \
                (ARRAY['Bürgerdienste','Verkehrssteuerung','Schulplattform','Datenplattform','Akte','Beteiligung','Parkraumsteuerung','Sensorik','Terminvergabe','Abfalllogistik'])[1 + {b}] || ' ' || i, \
                (ARRAY['quick_win','flagship','strategic'])[1 + {c}], \
                (ARRAY['idea','clarification','concretisation','implementation','implementation','implementation','final_report_drafted','completed','paused','stopped'])[1 + {d}], \
                (SELECT id FROM org_units WHERE city_id = $2 AND slug = 'amt-' || (1 + {e})), \
                'Projektleitung im Amt', 'Projektteam aus Fachämtern', \
                'Synthetisches Projekt ' || i || ' zur Verbesserung der Verwaltung.', \
                'Dieses Projekt ist **synthetisch** erzeugt. Es beschreibt Maßnahmen zu Digitalisierung, Prozessoptimierung und Bürgerservice in Handlungsfeld ' || (1 + {f}) || '.', \
                date '2022-01-01' + {g}, date '2024-01-01' + {h}, ({k} + 1) / 4.0, ({k} + 1) * 25000, true \
         FROM generate_series(1, $3) AS i",
        a = rnd("pa", 8), b = rnd("pb", 10), c = rnd("pc", 3), d = rnd("pd", 10), e = rnd("pe", 60), f = rnd("pf", 5), g = rnd("pg", 700), h = rnd("ph", 1200), k = rnd("pk", 8)
    ))
    .bind(seed)
    .bind(city)
    .bind(sizes.projects)
    .execute(&mut *conn)
    .await?;
    sqlx::query(&format!(
        "INSERT INTO project_action_fields (project_id, action_field_id) \
         SELECT DISTINCT p.id, f.id FROM (SELECT id, row_number() OVER (ORDER BY id) AS i FROM projects WHERE city_id = $2) p \
         JOIN action_fields f ON f.city_id = $2 AND (f.position = 1 + {a} OR f.position = 1 + {b})",
        a = rnd("af", 5).replace("i)", "p.i)"), b = rnd("ag", 5).replace("i)", "p.i)")
    ))
    .bind(seed)
    .bind(city)
    .execute(&mut *conn)
    .await?;
    sqlx::query(&format!(
        "INSERT INTO project_themes (project_id, theme_id) \
         SELECT p.id, t.id FROM (SELECT id, row_number() OVER (ORDER BY id) AS i FROM projects WHERE city_id = $2) p \
         JOIN cross_cutting_themes t ON t.city_id = $2 AND t.position = 1 + {a} WHERE {b} > 0",
        a = rnd("th", 3).replace("i)", "p.i)"),
        b = rnd("ti", 3).replace("i)", "p.i)")
    ))
    .bind(seed)
    .bind(city)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Milestones, spread evenly over the projects and numbered per project.
async fn milestones(conn: &mut PgConnection, seed: &str, city: i64, sizes: Sizes) -> Result<(), sqlx::Error> {
    // Milestones: spread evenly over the projects, numbered per project.
    sqlx::query(&format!(
        "WITH p AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM projects WHERE city_id = $2), \
              m AS (SELECT i, date '2022-01-01' + {a} AS planned FROM generate_series(1, $3) AS i) \
         INSERT INTO milestones (city_id, project_id, position, title, planned_on, forecast_on, forecast_reason, achieved_on, status, illustrative) \
         SELECT $2, p.id, (m.i - 1) / $4 + 1, 'Meilenstein ' || ((m.i - 1) / $4 + 1) || ': ' || (ARRAY['Konzept','Ausschreibung','Pilot','Rollout','Evaluation','Abschluss'])[1 + {b}], \
                m.planned, CASE WHEN {c} = 0 THEN m.planned + 90 END, CASE WHEN {c} = 0 THEN 'Synthetische Verschiebung' ELSE '' END, \
                CASE WHEN m.planned < current_date AND {d} > 0 THEN m.planned + {e} END, \
                CASE WHEN m.planned < current_date AND {d} > 0 THEN 'reached' WHEN {d} = 0 AND {c} = 1 THEN 'dropped' ELSE 'open' END, true \
         FROM m JOIN p ON p.n = (m.i - 1) % $4",
        a = rnd("ma", 1800), b = rnd("mb", 6), c = rnd("mc", 5), d = rnd("md", 4), e = rnd("me", 30)
    ))
    .bind(seed)
    .bind(city)
    .bind(sizes.milestones)
    .bind(sizes.projects.max(1))
    .execute(&mut *conn)
    .await?;
    // Achieved dates in the future would not be real: clamp them to today.
    sqlx::query("UPDATE milestones SET achieved_on = current_date WHERE city_id = $1 AND achieved_on > current_date")
        .bind(city)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Project updates, some of them internal.
async fn updates(conn: &mut PgConnection, seed: &str, city: i64, sizes: Sizes) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "WITH p AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM projects WHERE city_id = $2) \
         INSERT INTO project_updates (city_id, project_id, slug, published_on, title, body_md, internal, illustrative) \
         SELECT $2, p.id, 'meldung-' || i, date '2022-01-01' + {a}, \
                (ARRAY['Meilenstein erreicht','Prognose angepasst','Pilot gestartet','Status geändert','Workshop durchgeführt','Bericht vorgelegt'])[1 + {b}] || ' (Meldung ' || i || ')', \
                'Synthetische Meldung ' || i || ' aus dem Projekt.', {c} = 0, true \
         FROM generate_series(1, $3) AS i JOIN p ON p.n = (i - 1) % $4",
        a = rnd("ua", 1750), b = rnd("ub", 6), c = rnd("uc", 20)
    ))
    .bind(seed)
    .bind(city)
    .bind(sizes.updates)
    .bind(sizes.projects.max(1))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Online services with two years of case numbers.
async fn services(conn: &mut PgConnection, seed: &str, city: i64, sizes: Sizes) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "INSERT INTO services (city_id, slug, name, topic_area, life_situation, addressee, responsible_unit_id, status, maturity, efa, online_since, description_md, illustrative) \
         SELECT $2, 'leistung-' || lpad(i::text, 6, '0'), \
                (ARRAY['Antrag auf','Anmeldung von','Bescheinigung über','Genehmigung für','Auskunft zu','Erlaubnis für'])[1 + {a}] || ' ' || \
                (ARRAY['Sondernutzung','Parkausweis','Hundesteuer','Gewerbe','Wohngeld','Baumfällung','Veranstaltung','Fundsache','Kitaplatz','Meldedaten'])[1 + {b}] || ' ' || i, \
                (SELECT slug FROM ozg_topic_areas WHERE position = 1 + {c}), \
                (ARRAY['Umzug','Geburt','Heirat','Unternehmensgründung','Bauen','Ruhestand'])[1 + {d}], \
                (ARRAY['citizens','citizens','businesses','both'])[1 + {e}], \
                (SELECT id FROM org_units WHERE city_id = $2 AND slug = 'amt-' || (1 + {f})), \
                (ARRAY['online','online','online','online_rework','in_design','planned','discontinued'])[1 + {g}], \
                {h}, {k} = 0, CASE WHEN {g} < 4 THEN date '2019-01-01' + {m} END, 'Synthetische Leistung ' || i || '.', true \
         FROM generate_series(1, $3) AS i",
        a = rnd("sa", 6), b = rnd("sb", 10), c = rnd("sc", 14), d = rnd("sd", 6), e = rnd("se", 4), f = rnd("sf", 60), g = rnd("sg", 7), h = rnd("sh", 5), k = rnd("sk", 25), m = rnd("sm", 2500)
    ))
    .bind(seed)
    .bind(city)
    .bind(sizes.services)
    .execute(&mut *conn)
    .await?;
    sqlx::query(&format!(
        "INSERT INTO service_case_counts (service_id, year, cases) \
         SELECT s.id, y, (power(10, 1 + ({a}::float / 1000.0) * 4))::int \
         FROM (SELECT id, row_number() OVER (ORDER BY id) AS i FROM services WHERE city_id = $2) s, generate_series(2024, 2025) AS y",
        a = rnd("ca", 1000).replace("|| i)", "|| s.i || y)")
    ))
    .bind(seed)
    .bind(city)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Released annual reports and answered council inquiries with three questions each.
async fn reports_and_inquiries(
    conn: &mut PgConnection,
    seed: &str,
    city: i64,
    sizes: Sizes,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO annual_reports (city_id, year, title, body_md, release_state, released_on, illustrative) \
         SELECT $1, y, 'Sachstandsbericht ' || y || ' (synthetisch)', '## Überblick\n\nSynthetischer Bericht für ' || y || '.', 'released', make_date(y, 12, 15), true \
         FROM generate_series(2026 - $2::int + 1, 2026) AS y",
    )
    .bind(city)
    .bind(sizes.reports as i32)
    .execute(&mut *conn)
    .await?;
    sqlx::query(&format!(
        "INSERT INTO council_inquiries (city_id, slug, number, faction, title, asked_on, answered_on, answered_by, body_md, illustrative) \
         SELECT $2, replace(number, '/', '-'), number, faction, title, asked_on, answered_on, answered_by, body_md, true FROM ( \
         SELECT i, lpad(((i - 1) % 9999 + 1)::text, 4, '0') || '/' || (2000 + (i - 1) / 9999) AS number, \
                (ARRAY['Fraktion A','Fraktion B','Fraktion C','Fraktion D'])[1 + {a}] AS faction, 'Synthetische Anfrage ' || i || ' zur Digitalisierung' AS title, \
                date '2020-01-01' + {b} AS asked_on, date '2020-02-01' + {b} AS answered_on, 'Oberbürgermeisterin (synthetisch)' AS answered_by, \
                'Wie weit ist die Digitalisierung? Synthetische Antwort ' || i || '.' AS body_md \
         FROM generate_series(1, $3) AS i) g",
        a = rnd("ia", 4), b = rnd("ib", 2000)
    ))
    .bind(seed)
    .bind(city)
    .bind(sizes.inquiries)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO inquiry_items (inquiry_id, position, question_md, answer_md) \
         SELECT q.id, n, 'Synthetische Frage ' || n || '?', 'Synthetische Antwort ' || n || '.' FROM council_inquiries q, generate_series(1, 3) AS n WHERE q.city_id = $1",
    )
    .bind(city)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Deletes the synthetic city and everything that belongs to it.
async fn remove_existing(conn: &mut PgConnection, slug: &str) -> Result<(), sqlx::Error> {
    let Some((city, synthetic)): Option<(i64, bool)> =
        sqlx::query_as("SELECT id, portal_name = $2 FROM cities WHERE slug = $1")
            .bind(slug)
            .bind(PORTAL_NAME)
            .fetch_optional(&mut *conn)
            .await?
    else {
        return Ok(());
    };
    // Only a synthetic city is replaced: `generate --city mainz` must never wipe a real one.
    if !synthetic {
        return Err(sqlx::Error::Protocol(format!(
            "Die Stadt '{slug}' ist keine synthetische Stadt; generate ersetzt nur synthetische Städte. Nichts wurde geschrieben."
        )));
    }
    for sql in [
        "DELETE FROM inquiry_items WHERE inquiry_id IN (SELECT id FROM council_inquiries WHERE city_id = $1)",
        "DELETE FROM inquiry_projects WHERE inquiry_id IN (SELECT id FROM council_inquiries WHERE city_id = $1)",
        "DELETE FROM inquiry_services WHERE inquiry_id IN (SELECT id FROM council_inquiries WHERE city_id = $1)",
        "DELETE FROM council_inquiries WHERE city_id = $1",
        "DELETE FROM annual_reports WHERE city_id = $1",
        "DELETE FROM service_case_counts WHERE service_id IN (SELECT id FROM services WHERE city_id = $1)",
        "DELETE FROM project_services WHERE project_id IN (SELECT id FROM projects WHERE city_id = $1)",
        "DELETE FROM project_updates WHERE city_id = $1",
        "DELETE FROM milestones WHERE city_id = $1",
        "DELETE FROM final_reports WHERE project_id IN (SELECT id FROM projects WHERE city_id = $1)",
        "DELETE FROM smart_goals WHERE project_id IN (SELECT id FROM projects WHERE city_id = $1)",
        "DELETE FROM measures WHERE project_id IN (SELECT id FROM projects WHERE city_id = $1)",
        "DELETE FROM project_action_fields WHERE project_id IN (SELECT id FROM projects WHERE city_id = $1)",
        "DELETE FROM project_themes WHERE project_id IN (SELECT id FROM projects WHERE city_id = $1)",
        "DELETE FROM user_projects WHERE project_id IN (SELECT id FROM projects WHERE city_id = $1)",
        "DELETE FROM projects WHERE city_id = $1",
        "DELETE FROM services WHERE city_id = $1",
        "DELETE FROM user_action_fields WHERE action_field_id IN (SELECT id FROM action_fields WHERE city_id = $1)",
        "DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE city_id = $1)",
        "DELETE FROM users WHERE city_id = $1",
        "DELETE FROM org_units WHERE city_id = $1",
        "DELETE FROM bodies WHERE city_id = $1",
        "DELETE FROM action_fields WHERE city_id = $1",
        "DELETE FROM cross_cutting_themes WHERE city_id = $1",
        "DELETE FROM goals WHERE city_id = $1",
        "DELETE FROM guidelines WHERE city_id = $1",
        "DELETE FROM strategies WHERE city_id = $1",
        "DELETE FROM pages WHERE city_id = $1",
        "DELETE FROM import_jobs WHERE city_id = $1",
        "DELETE FROM audit_log WHERE city_id = $1",
    ] {
        sqlx::query(sql).bind(city).execute(&mut *conn).await?;
    }
    // The city's versions go too: its tallies' (the units' found through their versions), then the
    // records' (children first: their scope reads the parents' versions).
    for sql in [
        "DELETE FROM project_tallies_versions WHERE city_id = $1",
        "DELETE FROM service_tallies_versions WHERE city_id = $1",
        "DELETE FROM milestone_tallies_versions WHERE city_id = $1",
        "DELETE FROM unit_project_tallies_versions WHERE unit_id IN (SELECT id FROM org_units_versions WHERE city_id = $1)",
    ] {
        sqlx::query(sql).bind(city).execute(&mut *conn).await?;
    }
    for (table, _, scope) in crate::content::history::TABLES.iter().rev() {
        sqlx::query(&format!("DELETE FROM {table}_versions WHERE {scope}")).bind(city).execute(&mut *conn).await?;
    }
    sqlx::query("DELETE FROM cities WHERE id = $1").bind(city).execute(&mut *conn).await?;
    Ok(())
}

/// When the recorded history of the synthetic city begins.
const HISTORY_BEGINS: &str = "date '2022-01-03'";
/// How often an open milestone gets a new forecast in the generated history.
const FORECAST_EVERY_DAYS: i32 = 63;

/// `INSERT INTO {table}_versions` from `from` (which names the record `t`), with `overrides` of columns.
async fn insert_versions(
    conn: &mut PgConnection,
    table: &str,
    overrides: &[(&str, &str)],
    valid: &str,
    from: &str,
    city: i64,
) -> Result<u64, sqlx::Error> {
    let cols = crate::content::history::columns(conn, table).await?;
    let values: Vec<String> = cols
        .iter()
        .map(|c| overrides.iter().find(|(o, _)| o == c).map_or_else(|| format!("t.{c}"), |(_, e)| e.to_string()))
        .collect();
    let sql = format!(
        "INSERT INTO {table}_versions ({}, from_content, valid) SELECT {}, false, {valid} FROM {from}",
        cols.join(", "),
        values.join(", ")
    );
    Ok(sqlx::query(&sql).bind(city).execute(&mut *conn).await?.rows_affected())
}

/// A multi-year recorded history (issue 12), as if the portal had been in use
/// since January 2022: projects report their progress monthly and move through
/// the statuses to the one they have now, open milestones get a new forecast
/// every nine weeks until they are reached, services go online on their date,
/// and every other record exists from its own date. Written as versions
/// (migration 0013) and audit records of the changed fields, set-based.
/// Returns the number of audit records written.
async fn history(conn: &mut PgConnection, seed: &str, city: i64) -> Result<u64, sqlx::Error> {
    // A million audit rows would each be announced to the page caches: one announcement of
    // everything at the end instead (the synthetic city is replaced as a whole anyway).
    sqlx::query("ALTER TABLE audit_log DISABLE TRIGGER notify_scoped_insert").execute(&mut *conn).await?;
    let audited = history_rows(conn, seed, city).await?;
    // The past was written as versions directly: the dated tallies are counted from them.
    crate::content::history::rebuild_tallies(conn, city).await?;
    sqlx::query("ALTER TABLE audit_log ENABLE TRIGGER notify_scoped_insert").execute(&mut *conn).await?;
    sqlx::query("SELECT pg_notify('sachstand_changes', 'audit_log')").execute(&mut *conn).await?;
    Ok(audited)
}

async fn history_rows(conn: &mut PgConnection, seed: &str, city: i64) -> Result<u64, sqlx::Error> {
    // The day each project and service came into being.
    sqlx::query(&format!(
        "CREATE TEMP TABLE created ON COMMIT DROP AS \
         SELECT 'project'::text AS kind, id, {HISTORY_BEGINS} + {a} AS day FROM projects WHERE city_id = $2 \
         UNION ALL \
         SELECT 'service', id, greatest({HISTORY_BEGINS}, least({HISTORY_BEGINS} + {b}, coalesce(online_since, 'infinity'))) \
         FROM services WHERE city_id = $2",
        a = rnd("hc", 400).replace("|| i)", "|| id)"),
        b = rnd("hs", 500).replace("|| i)", "|| id)")
    ))
    .bind(seed)
    .bind(city)
    .execute(&mut *conn)
    .await?;

    // Projects: one state per month from their creation, moving along the statuses to today's.
    sqlx::query(
        "CREATE TEMP TABLE project_states ON COMMIT DROP AS \
         WITH p AS ( \
             SELECT p.id, p.status, p.progress, c.day, \
                    (extract(year FROM age(date_trunc('month', now()), date_trunc('month', c.day))) * 12 \
                     + extract(month FROM age(date_trunc('month', now()), date_trunc('month', c.day))))::int AS months, \
                    CASE WHEN p.status IN ('paused', 'stopped') \
                         THEN ARRAY['idea', 'clarification', 'concretisation', 'implementation', p.status] \
                         ELSE (ARRAY['idea', 'clarification', 'concretisation', 'implementation', 'final_report_drafted', 'completed']) \
                              [1:array_position(ARRAY['idea', 'clarification', 'concretisation', 'implementation', \
                                                      'final_report_drafted', 'completed'], p.status)] END AS path \
             FROM projects p JOIN created c ON c.kind = 'project' AND c.id = p.id WHERE p.city_id = $1) \
         SELECT p.id, k, p.months, \
                CASE WHEN k = p.months THEN p.status \
                     ELSE p.path[1 + (k * cardinality(p.path)) / greatest(p.months, 1)] END AS status, \
                CASE WHEN k = p.months THEN p.progress ELSE (coalesce(p.progress, 50) * k / greatest(p.months, 1))::smallint END AS progress, \
                CASE WHEN k = 0 THEN berlin_midnight(p.day) \
                     ELSE berlin_midnight((date_trunc('month', p.day) + make_interval(months => k))::date) END AS lo \
         FROM p, generate_series(0, p.months) AS k",
    )
    .bind(city)
    .execute(&mut *conn)
    .await?;
    insert_versions(
        conn,
        "projects",
        &[("status", "s.status"), ("progress_override", "s.progress"), ("progress", "s.progress")],
        "tstzrange(s.lo, n.lo)",
        "projects t JOIN project_states s ON s.id = t.id AND s.k < s.months \
         JOIN project_states n ON n.id = s.id AND n.k = s.k + 1 WHERE t.city_id = $1",
        city,
    )
    .await?;
    sqlx::query(
        "UPDATE projects_versions v SET valid = tstzrange(s.lo, NULL) FROM project_states s \
         WHERE s.id = v.id AND s.k = s.months AND upper_inf(v.valid) AND NOT v.from_content",
    )
    .execute(&mut *conn)
    .await?;
    let mut audited = sqlx::query(
        "INSERT INTO audit_log (city_id, actor, action, entity, entity_id, before, after, at) \
         SELECT $1, 'generate', 'update', 'projects', n.id, \
                jsonb_build_object('status', s.status, 'progress_override', s.progress), \
                jsonb_build_object('status', n.status, 'progress_override', n.progress), n.lo \
         FROM project_states s JOIN project_states n ON n.id = s.id AND n.k = s.k + 1",
    )
    .bind(city)
    .execute(&mut *conn)
    .await?
    .rows_affected();

    // Milestones: open from their project's creation, a new forecast every nine weeks, reached on their day.
    sqlx::query(&format!(
        "CREATE TEMP TABLE milestone_states ON COMMIT DROP AS \
         WITH m AS ( \
             SELECT m.id, m.status, m.planned_on, m.forecast_on, m.achieved_on, \
                    berlin_midnight(greatest({HISTORY_BEGINS}, least(c.day, coalesce(m.achieved_on - 1, c.day)))) AS start, \
                    CASE WHEN m.status = 'reached' THEN berlin_midnight(m.achieved_on) ELSE now() END AS open_until \
             FROM milestones m JOIN created c ON c.kind = 'project' AND c.id = m.project_id WHERE m.city_id = $1), \
         steps AS ( \
             SELECT m.*, greatest(0, floor(extract(epoch FROM m.open_until - m.start) / 86400 / {FORECAST_EVERY_DAYS}))::int AS revisions \
             FROM m) \
         SELECT s.id, j, s.revisions, \
                s.planned_on + ((j * 11) % 45) AS forecast_on, \
                s.start + make_interval(days => j * {FORECAST_EVERY_DAYS}) AS lo, \
                least(s.start + make_interval(days => (j + 1) * {FORECAST_EVERY_DAYS}), s.open_until) AS hi, \
                s.status = 'reached' AS reached \
         FROM steps s, generate_series(0, s.revisions) AS j"
    ))
    .bind(city)
    .execute(&mut *conn)
    .await?;
    // Past open states; a reached milestone's last open state ends on the day it was reached,
    // an open one's last state is its current version.
    insert_versions(
        conn,
        "milestones",
        &[("status", "'open'"), ("achieved_on", "NULL"), ("forecast_on", "s.forecast_on"), ("forecast_reason", "''")],
        "tstzrange(s.lo, s.hi)",
        "milestones t JOIN milestone_states s ON s.id = t.id AND s.lo < s.hi AND (s.reached OR s.j < s.revisions) \
         WHERE t.city_id = $1",
        city,
    )
    .await?;
    sqlx::query(
        "UPDATE milestones_versions v SET valid = tstzrange(CASE WHEN s.reached THEN s.hi ELSE s.lo END, NULL) \
         FROM milestone_states s \
         WHERE s.id = v.id AND s.j = s.revisions AND upper_inf(v.valid) AND NOT v.from_content",
    )
    .execute(&mut *conn)
    .await?;
    audited += sqlx::query(
        "INSERT INTO audit_log (city_id, actor, action, entity, entity_id, before, after, at) \
         SELECT $1, 'generate', 'update', 'milestones', n.id, \
                jsonb_build_object('forecast_on', s.forecast_on, 'status', 'open', 'project_id', m.project_id), \
                CASE WHEN n.j = n.revisions AND NOT n.reached \
                     THEN jsonb_build_object('forecast_on', m.forecast_on, 'status', m.status, 'project_id', m.project_id) \
                     ELSE jsonb_build_object('forecast_on', n.forecast_on, 'status', 'open', 'project_id', m.project_id) END, n.lo \
         FROM milestone_states s JOIN milestone_states n ON n.id = s.id AND n.j = s.j + 1 JOIN milestones m ON m.id = n.id \
         UNION ALL \
         SELECT $1, 'generate', 'update', 'milestones', s.id, jsonb_build_object('status', 'open', 'project_id', m.project_id), \
                jsonb_build_object('status', 'reached', 'achieved_on', m.achieved_on, 'project_id', m.project_id), s.hi \
         FROM milestone_states s JOIN milestones m ON m.id = s.id WHERE s.reached AND s.j = s.revisions",
    )
    .bind(city)
    .execute(&mut *conn)
    .await?
    .rows_affected();

    // Services: in design from their creation until online, one maturity level lower in their first online year.
    insert_versions(
        conn,
        "services",
        &[("status", "'in_design'"), ("online_since", "NULL"), ("maturity", "greatest(t.maturity - 1, 0)::smallint")],
        "tstzrange(berlin_midnight(c.day), berlin_midnight(t.online_since))",
        "services t JOIN created c ON c.kind = 'service' AND c.id = t.id \
         WHERE t.city_id = $1 AND t.online_since > c.day",
        city,
    )
    .await?;
    insert_versions(
        conn,
        "services",
        &[("maturity", "greatest(t.maturity - 1, 0)::smallint")],
        "tstzrange(berlin_midnight(greatest(t.online_since, c.day)), berlin_midnight(greatest(t.online_since, c.day) + 365))",
        "services t JOIN created c ON c.kind = 'service' AND c.id = t.id \
         WHERE t.city_id = $1 AND t.online_since IS NOT NULL AND t.maturity > 0 \
           AND greatest(t.online_since, c.day) + 365 < current_date",
        city,
    )
    .await?;
    sqlx::query(
        "UPDATE services_versions v SET valid = tstzrange(berlin_midnight(CASE \
             WHEN s.online_since IS NULL THEN c.day \
             WHEN s.maturity > 0 AND greatest(s.online_since, c.day) + 365 < current_date THEN greatest(s.online_since, c.day) + 365 \
             ELSE greatest(s.online_since, c.day) END), NULL) \
         FROM services s JOIN created c ON c.kind = 'service' AND c.id = s.id \
         WHERE s.city_id = $1 AND v.id = s.id AND upper_inf(v.valid) AND NOT v.from_content",
    )
    .bind(city)
    .execute(&mut *conn)
    .await?;
    audited += sqlx::query(
        "INSERT INTO audit_log (city_id, actor, action, entity, entity_id, before, after, at) \
         SELECT $1, 'generate', 'update', 'services', v.id, \
                jsonb_build_object('status', p.status, 'maturity', p.maturity), \
                jsonb_build_object('status', v.status, 'maturity', v.maturity), lower(v.valid) \
         FROM services_versions v JOIN services_versions p ON p.id = v.id AND upper(p.valid) = lower(v.valid) \
         WHERE v.city_id = $1",
    )
    .bind(city)
    .execute(&mut *conn)
    .await?
    .rows_affected();

    // Everything else exists from its own day (never later than now).
    for (table, day, from) in [
        ("strategies", HISTORY_BEGINS.to_string(), "WHERE v.city_id = $1"),
        ("goals", HISTORY_BEGINS.into(), "WHERE v.city_id = $1"),
        ("guidelines", HISTORY_BEGINS.into(), "WHERE v.city_id = $1"),
        ("cross_cutting_themes", HISTORY_BEGINS.into(), "WHERE v.city_id = $1"),
        ("action_fields", HISTORY_BEGINS.into(), "WHERE v.city_id = $1"),
        ("org_units", HISTORY_BEGINS.into(), "WHERE v.city_id = $1"),
        ("bodies", HISTORY_BEGINS.into(), "WHERE v.city_id = $1"),
        ("project_action_fields", "c.day".into(), "FROM created c WHERE c.kind = 'project' AND c.id = v.project_id"),
        ("project_themes", "c.day".into(), "FROM created c WHERE c.kind = 'project' AND c.id = v.project_id"),
        (
            "project_updates",
            "greatest(c.day, v.published_on)".into(),
            "FROM created c WHERE c.kind = 'project' AND c.id = v.project_id",
        ),
        (
            "service_case_counts",
            "make_date(v.year + 1, 1, 1)".into(),
            "WHERE v.service_id IN (SELECT id FROM services WHERE city_id = $1)",
        ),
        ("annual_reports", "coalesce(v.released_on, current_date)".into(), "WHERE v.city_id = $1"),
        ("council_inquiries", "coalesce(v.answered_on, v.asked_on, current_date)".into(), "WHERE v.city_id = $1"),
        (
            "inquiry_items",
            "coalesce(q.answered_on, q.asked_on, current_date)".into(),
            "FROM council_inquiries q WHERE q.id = v.inquiry_id AND q.city_id = $1",
        ),
    ] {
        sqlx::query(&format!(
            "UPDATE {table}_versions v SET valid = tstzrange(least(berlin_midnight({day}), now()), NULL) {from} \
             {and} upper_inf(v.valid) AND NOT v.from_content",
            and = "AND",
        ))
        .bind(city)
        .execute(&mut *conn)
        .await
        .map_err(|e| {
            tracing::error!(table, error = %e, "generated history");
            e
        })?;
    }
    Ok(audited)
}
