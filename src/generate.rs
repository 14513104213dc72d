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
    let started = Instant::now();
    let mut tx = pool.begin().await?;
    let seed = sizes.seed.to_string();
    let mut step = |label: String| progress(&format!("{label} ({:.1} s)", started.elapsed().as_secs_f64()));
    remove_existing(&mut tx).await?;
    step("Alte synthetische Daten entfernt".into());

    let city: i64 = sqlx::query_scalar(
        "INSERT INTO cities (slug, name, portal_name, state) VALUES ($1, 'Synthetische Stadt', 'Sachstand (synthetische Testdaten)', 'Testland') RETURNING id",
    )
    .bind(CITY)
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
async fn remove_existing(conn: &mut PgConnection) -> Result<(), sqlx::Error> {
    let Some(city): Option<i64> =
        sqlx::query_scalar("SELECT id FROM cities WHERE slug = $1").bind(CITY).fetch_optional(&mut *conn).await?
    else {
        return Ok(());
    };
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
        "DELETE FROM cities WHERE id = $1",
    ] {
        sqlx::query(sql).bind(city).execute(&mut *conn).await?;
    }
    Ok(())
}
