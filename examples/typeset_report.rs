//! The document benchmark of issue 13 (`bench/run.sh`): a 40-page annual report
//! with every figure and chart a report can refer to, typeset in the release
//! build from a city's live figures, as a release does it (figures read, Typst
//! source written, compiled, exported as PDF/UA-1).
//!
//! `typeset_report DATABASE_URL CITY [RUNS]` prints the pages, the bytes and,
//! over RUNS runs (default 10), min / median / max of reading the figures and
//! of typesetting.

use std::time::{Duration, Instant};

use anyhow::Context;
use sachstand::model::figure_refs::{Reference, live};
use sachstand::model::reports::Report;

/// A paragraph of running text (the benchmark's filler; no report shows it).
const PARAGRAPH: &str = "Die Projektleitungen melden ihre Meilensteine, Prognosen und Gründe für \
    Verschiebungen direkt im Portal; das Management-Team bündelt die Meldungen je Handlungsfeld und \
    legt sie der Lenkungsgruppe vor. Wo ein Termin wackelt, steht der Grund daneben, damit der \
    Stadtrat nachvollziehen kann, was sich verzögert und warum.";

/// A report whose sections hold `paragraphs` paragraphs each and every reference once.
fn report(paragraphs: usize) -> Report {
    let text = |heading: &str, references: &[Reference]| {
        let mut md = String::new();
        for i in 0..paragraphs {
            if i % 4 == 0 {
                md.push_str(&format!("## {heading} {}\n\n", i / 4 + 1));
            }
            md.push_str(PARAGRAPH);
            md.push_str("\n\n- erster Punkt der Aufzählung\n- zweiter Punkt mit **Betonung**\n\n");
        }
        for r in references {
            md.push_str(&format!("{{{{{}}}}}\n\n", r.code()));
        }
        md
    };
    Report {
        id: 0,
        version: 1,
        year: 2026,
        title: "Sachstandsbericht 2026 (Benchmark)".into(),
        foreword_md: text("Vorwort", &[]),
        body_md: text("Sachstand", &[Reference::KeyFigures]),
        action_fields_md: text("Handlungsfeld", &[]),
        projects_md: text(
            "Projekte",
            &[Reference::ProjectsByStatus, Reference::ProjectsByKind, Reference::ProjectsChart, Reference::Milestones],
        ),
        services_md: text("Online-Dienste", &[Reference::ServicesByMaturity, Reference::ServicesChart]),
        outlook_md: text("Ausblick", &[Reference::MilestonesChart]),
        released_on: None,
        key_figures: None,
        frozen_series: None,
        illustrative: true,
    }
}

fn stats(mut times: Vec<Duration>) -> String {
    times.sort();
    let ms = |d: Duration| format!("{:.0} ms", d.as_secs_f64() * 1000.0);
    format!("min {} · median {} · max {}", ms(times[0]), ms(times[times.len() / 2]), ms(times[times.len() - 1]))
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let url = args.next().context("usage: typeset_report DATABASE_URL CITY [RUNS]")?;
    let city = args.next().context("usage: typeset_report DATABASE_URL CITY [RUNS]")?;
    let runs: usize = args.next().map_or(Ok(10), |r| r.parse()).context("RUNS is a number")?;
    let db = sqlx::PgPool::connect(&url).await?;
    let site = sachstand::model::site::find(&db, &city).await?.with_context(|| format!("no city {city}"))?;
    let mut conn = db.acquire().await?;
    let figures = live(&mut conn, site.city_id).await?;
    let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date");
    // Enough text for 40 pages with this city's figures and charts.
    let mut paragraphs = 4;
    let (bytes, pages) = loop {
        let source = sachstand::pdf::report::source(&site, &report(paragraphs), &figures, false);
        let (bytes, pages) = sachstand::pdf::typeset_counted(source, "benchmark", day)?;
        if pages >= 40 {
            break (bytes, pages);
        }
        paragraphs += 2;
    };
    let document = report(paragraphs);
    let (mut reading, mut typesetting) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let started = Instant::now();
        let figures = live(&mut conn, site.city_id).await?;
        reading.push(started.elapsed());
        let started = Instant::now();
        let source = sachstand::pdf::report::source(&site, &document, &figures, false);
        let out = sachstand::pdf::typeset(source, "benchmark", day)?;
        typesetting.push(started.elapsed());
        assert_eq!(out.len(), bytes.len(), "same data, same document");
    }
    println!("pages {pages} · bytes {} · months per chart {}", bytes.len(), figures.series.projects.months.len());
    println!("figures (live, PostgreSQL): {}", stats(reading));
    println!("typesetting (Typst, PDF/UA-1): {}", stats(typesetting));
    Ok(())
}
