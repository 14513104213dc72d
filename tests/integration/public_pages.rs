//! Every public page against a real PostgreSQL with the Mainz demo content.

use crate::common::{assert_contains, attrs, demo_app, get, html, texts};
use axum::http::StatusCode;

#[tokio::test]
async fn every_public_page_answers_with_its_demo_content() {
    let (app, _db) = demo_app().await;
    let expectations: &[(&str, &[&str])] = &[
        (
            "/",
            &[
                "Digitalisierung in Mainz",
                "Kennzahlen",
                "Projekte nach Status",
                "Überfällige Meilensteine",
                "Neueste Meldungen",
                "Stand:",
            ],
        ),
        (
            "/strategie",
            &[
                "Digitalisierungsstrategie für die Gutenbergstadt",
                "09.02.2022",
                "Leitbild",
                "Nachhaltigkeit",
                "Partizipation",
                "Datensicherheit",
                "Leitlinien",
            ],
        ),
        (
            "/organisation",
            &[
                "Lenkungsgruppe",
                "Beirat",
                "Ebene 1",
                "Strategische Steuerung",
                "Projektumsetzung",
                "10.02.01 Organisationsentwicklung",
            ],
        ),
        (
            "/handlungsfelder",
            &[
                "Digitale Verwaltung",
                "Intelligente Infrastruktur",
                "Mobilität, Umwelt und urbane Entwicklung",
                "Wirtschaft, Innovation und Kooperation",
                "Bildung und Zusammenleben",
            ],
        ),
        (
            "/handlungsfelder/intelligente-infrastruktur",
            &["Intelligente Infrastruktur", "Ausbau LoRaWAN-Netz", "Fortschritt"],
        ),
        ("/projekte", &["Projekte", "Ausbau LoRaWAN-Netz", "von 16 Projekten", "Filtern und sortieren"]),
        (
            "/projekte/ausbau-lorawan-netz",
            &[
                "Ausbau LoRaWAN-Netz",
                "Schnellboot",
                "Abschlussbericht im Entwurf",
                "Meilensteine",
                "SMART-Ziele",
                "Ressourcen",
                "Antwort zur Anfrage 0730/2023",
            ],
        ),
        ("/meilensteine", &["Überfällig", "Anstehend", "Erreicht (35)", "Alle 35 erreichten Meilensteine"]),
        // The oldest of the 35 reached milestones, on the second page of that section.
        ("/meilensteine?ansicht=erreicht&seite=2", &["21–35 von 35", "Leitlinien für Bürgerbeteiligung"]),
        ("/online-dienste", &["Online-Dienste", "von 81 Online-Diensten", "Reifegrad", "Priorität"]),
        ("/online-dienste/efa-wohngeld", &["Wohngeld", "EfA-Leistung", "Geplant"]),
        ("/berichte", &["Sachstandsbericht 2023", "Sachstandsbericht 2024", "Kennzahlen im Jahresvergleich"]),
        ("/berichte/2023", &["Sachstandsbericht 2023", "15.12.2023", "Kennzahlen zum Zeitpunkt der Freigabe"]),
        ("/anfragen", &["0730/2023", "FDP-Stadtratsfraktion", "12.05.2023"]),
        (
            "/anfragen/0730-2023",
            &[
                "Anfrage Nr. 0730/2023",
                "Frage 1",
                "Frage 10",
                "Nino Haase",
                "65 digitale Antragsstrecken",
                "Es liegen keine anderen Planungen vor.",
            ],
        ),
        ("/aktuelles", &["Aktuelles", "Meldungen"]),
        ("/suche?q=Bürgerbeteiligung", &["Bürgerbeteiligungsplattform", "<mark>"]),
        ("/barrierefreiheit", &["Barrierefreiheit"]),
        ("/leichte-sprache", &["Leichte Sprache"]),
        ("/impressum", &["Impressum"]),
        ("/datenschutz", &["Datenschutz", "Cookies"]),
    ];
    for (uri, needles) in expectations {
        let body = html(&app, uri).await;
        for needle in *needles {
            assert!(body.contains(needle), "GET {uri}: expected {needle:?}");
        }
        assert!(body.contains("<html lang=\"de\">"), "GET {uri}: German page");
    }
}

#[tokio::test]
async fn the_overview_counts_the_sixty_five_online_application_flows() {
    let (app, _db) = demo_app().await;
    let body = html(&app, "/").await;
    assert_contains(&body, &["65 <span class=\"stat__of\">von 81</span>"]);
}

#[tokio::test]
async fn pages_with_example_data_say_so_and_source_based_pages_do_not() {
    let (app, _db) = demo_app().await;
    // An invented project is marked.
    let body = html(&app, "/projekte/parkraumdaten-in-echtzeit").await;
    assert_contains(&body, &["Hinweis zu Beispieldaten", "tag--illustrative"]);
    // The inquiry is the city's own text.
    let body = html(&app, "/anfragen/0730-2023").await;
    assert!(!body.contains("Hinweis zu Beispieldaten") || body.contains("tag--illustrative"));
}

#[tokio::test]
async fn unknown_addresses_get_a_styled_german_404_with_a_way_back() {
    let (app, _db) = demo_app().await;
    for uri in [
        "/gibt-es-nicht",
        "/projekte/gibt-es-nicht",
        "/online-dienste/gibt-es-nicht",
        "/handlungsfelder/gibt-es-nicht",
        "/berichte/1999",
        "/berichte/zwanzig",
        "/berichte/2025",
        "/anfragen/9999-2099",
        "/static/portal.0.css",
    ] {
        let page = get(&app, uri).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "GET {uri}");
        assert_contains(&page.body, &["Seite nicht gefunden", "Zur Übersicht", "<html lang=\"de\">"]);
    }
}

#[tokio::test]
async fn malformed_parameters_get_a_400_page_that_names_the_problem() {
    let (app, _db) = demo_app().await;
    let cases = [
        ("/projekte?art=boot", "„boot“ ist kein gültiger Wert für die Projektart"),
        ("/projekte?status=fertig", "den Status"),
        ("/projekte?handlungsfeld=mond", "das Handlungsfeld"),
        ("/projekte?seite=null", "keine gültige Seitenzahl"),
        ("/projekte?seite=50", "Seite 50 gibt es nicht"),
        ("/projekte?sortierung=zufall", "die Sortierung"),
        ("/projekte?art=flagship&art=quick_win", "mehrfach"),
        ("/online-dienste?reifegrad=7", "den Reifegrad"),
        ("/online-dienste?efa=vielleicht", "EfA"),
        ("/online-dienste?themenfeld=weltraum", "das OZG-Themenfeld"),
        ("/online-dienste?zielgruppe=aliens", "die Zielgruppe"),
        ("/aktuelles?seite=-1", "keine gültige Seitenzahl"),
        ("/suche?q=x&seite=abc", "keine gültige Seitenzahl"),
    ];
    for (uri, message) in cases {
        let page = get(&app, uri).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "GET {uri}");
        assert_contains(&page.body, &["Die Anfrage enthält einen Fehler", message]);
    }
    let long = format!("/projekte?q={}", "a".repeat(201));
    assert_eq!(get(&app, &long).await.status, StatusCode::BAD_REQUEST);
}

/// The project slugs listed on a page, in order.
fn project_links(body: &str) -> Vec<String> {
    attrs(body, ".card__title > a[href^=\"/projekte/\"]", "href")
        .iter()
        .map(|href| href.strip_prefix("/projekte/").unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn project_filters_return_exactly_the_matching_projects() {
    let (app, db) = demo_app().await;
    let expected = |sql: &'static str| {
        let db = db.clone();
        async move {
            let mut slugs: Vec<String> = sqlx::query_scalar(sql).fetch_all(&db).await.unwrap();
            slugs.sort();
            slugs
        }
    };
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    let flagships = sorted(project_links(&html(&app, "/projekte?art=flagship").await));
    assert_eq!(flagships, expected("SELECT slug FROM projects WHERE kind = 'flagship'").await);
    for real in ["datenplattform", "digitale-vermittlung-naturhistorisches-museum", "digitalpakete"] {
        assert!(flagships.contains(&real.to_string()), "{real} is a flagship");
    }

    let drafted_quick_wins =
        sorted(project_links(&html(&app, "/projekte?art=quick_win&status=final_report_drafted").await));
    assert_eq!(drafted_quick_wins, vec!["ausbau-lorawan-netz", "nachhaltigkeitsplattform-mona", "punchout-techmainz"]);

    let field = sorted(project_links(&html(&app, "/projekte?handlungsfeld=digitale-verwaltung").await));
    assert_eq!(
        field,
        expected("SELECT p.slug FROM projects p JOIN project_action_fields l ON l.project_id = p.id JOIN action_fields a ON a.id = l.action_field_id WHERE a.slug = 'digitale-verwaltung'").await
    );
    assert!(!field.is_empty());

    let unit = sorted(project_links(&html(&app, "/projekte?einheit=organisationsentwicklung").await));
    assert_eq!(
        unit,
        expected("SELECT p.slug FROM projects p JOIN org_units u ON u.id = p.responsible_unit_id WHERE u.slug = 'organisationsentwicklung'").await
    );
    assert!(unit.contains(&"ozg-umsetzung".to_string()));

    let text = project_links(&html(&app, "/projekte?q=LoRaWAN").await);
    assert_eq!(text, vec!["ausbau-lorawan-netz"]);

    let none = html(&app, "/projekte?art=flagship&q=Hundesteuer").await;
    assert!(project_links(&none).is_empty());
    assert_contains(&none, &["Kein Projekt passt zu diesen Filtern"]);
}

#[tokio::test]
async fn projects_sort_by_title_and_by_progress() {
    let (app, db) = demo_app().await;
    let by_title = project_links(&html(&app, "/projekte").await);
    let expected: Vec<String> =
        sqlx::query_scalar("SELECT slug FROM projects ORDER BY title, id").fetch_all(&db).await.unwrap();
    assert_eq!(by_title, expected);

    let by_progress = html(&app, "/projekte?sortierung=fortschritt").await;
    let percents: Vec<u32> = texts(&by_progress, "span.progress__text")
        .iter()
        .map(|text| text.split(' ').next().unwrap().parse().unwrap())
        .collect();
    assert!(percents.len() >= 2, "several projects have progress");
    assert!(percents.windows(2).all(|w| w[0] >= w[1]), "descending: {percents:?}");
}

#[tokio::test]
async fn service_catalogue_pages_and_filters_return_the_right_services() {
    let (app, db) = demo_app().await;
    let service_links = |body: &str| -> Vec<String> {
        attrs(body, "th[scope=\"row\"] > a[href^=\"/online-dienste/\"]", "href")
            .iter()
            .map(|href| href.strip_prefix("/online-dienste/").unwrap().to_string())
            .collect()
    };
    let first = service_links(&html(&app, "/online-dienste").await);
    let second = service_links(&html(&app, "/online-dienste?seite=2").await);
    assert_eq!(first.len(), 20);
    assert_eq!(second.len(), 20);
    assert!(first.iter().all(|s| !second.contains(s)), "pages do not overlap");
    let expected: Vec<String> =
        sqlx::query_scalar("SELECT slug FROM services ORDER BY name, id LIMIT 40").fetch_all(&db).await.unwrap();
    assert_eq!([first, second].concat(), expected);

    let efa = service_links(&html(&app, "/online-dienste?efa=ja").await);
    let mut efa_sorted = efa.clone();
    efa_sorted.sort();
    assert_eq!(efa_sorted, vec!["efa-digitaler-bauantrag", "efa-unterhaltsvorschuss", "efa-wohngeld"]);

    let level3: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM services WHERE status = 'online' AND maturity_model = '1.1' AND maturity = 3",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    let body = html(&app, "/online-dienste?status=online&reifegrad=3").await;
    assert_contains(&body, &[&format!("von {level3} Online-Diensten")]);

    let topic: i64 = sqlx::query_scalar("SELECT count(*) FROM services WHERE topic_area = 'steuern-zoll'")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_contains(
        &html(&app, "/online-dienste?themenfeld=steuern-zoll").await,
        &[&format!("von {topic} Online-Diensten")],
    );

    let by_cases = html(&app, "/online-dienste?sortierung=fallzahl").await;
    let top: String = sqlx::query_scalar(
        "SELECT s.slug FROM services s JOIN LATERAL (SELECT cases FROM service_case_counts c WHERE c.service_id = s.id ORDER BY year DESC LIMIT 1) c ON true ORDER BY c.cases DESC, s.name LIMIT 1",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(service_links(&by_cases)[0], top);
}

#[tokio::test]
async fn pagination_links_keep_the_filters() {
    let (app, db) = demo_app().await;
    let online: i64 =
        sqlx::query_scalar("SELECT count(*) FROM services WHERE status = 'online'").fetch_one(&db).await.unwrap();
    assert!(online > 40, "the demo has more than two pages of online services");
    let body = html(&app, "/online-dienste?status=online").await;
    assert_contains(
        &body,
        &["href=\"/online-dienste?status=online&#38;seite=2\"", &format!("1–20 von {online} Online-Diensten")],
    );
    let last_page = (online + 19) / 20;
    let last = html(&app, &format!("/online-dienste?status=online&seite={last_page}")).await;
    assert_contains(&last, &[&format!("{}–{online} von {online} Online-Diensten", (last_page - 1) * 20 + 1)]);
}

#[tokio::test]
async fn search_ranks_matches_across_all_kinds_and_highlights_them() {
    let (app, _db) = demo_app().await;
    let body = html(&app, "/suche?q=LoRaWAN").await;
    assert_contains(&body, &["Ausbau LoRaWAN-Netz", "<mark>"]);
    // The inquiry answer mentions the quick win too.
    assert_contains(&body, &["/anfragen/0730-2023"]);
    let first_hit = attrs(&body, ".search-hit__title > a", "href").into_iter().next().unwrap();
    assert!(first_hit.starts_with("/projekte/ausbau-lorawan-netz"), "the project ranks first: {first_hit}");

    let services = html(&app, "/suche?q=Wohngeld").await;
    assert_contains(&services, &["/online-dienste/efa-wohngeld", "Online-Dienst"]);

    let none = html(&app, "/suche?q=Raumfahrtbehörde").await;
    assert_contains(&none, &["Keine Treffer für „Raumfahrtbehörde“"]);

    let escaped = html(&app, "/suche?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E").await;
    assert!(!escaped.contains("<script>alert(1)"), "the query is escaped");
}

#[tokio::test]
async fn the_atom_feed_lists_public_updates_only() {
    let (app, db) = demo_app().await;
    let page = get(&app, "/aktuelles.atom").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.content_type.starts_with("application/atom+xml"));
    let feed: atom_syndication::Feed = page.body.parse().expect("valid Atom");
    let public: i64 =
        sqlx::query_scalar("SELECT count(*) FROM project_updates WHERE NOT internal").fetch_one(&db).await.unwrap();
    assert_eq!(feed.entries().len() as i64, public.min(50));
    let internal: Vec<String> =
        sqlx::query_scalar("SELECT title FROM project_updates WHERE internal").fetch_all(&db).await.unwrap();
    assert!(!internal.is_empty(), "the demo has an internal update");
    for title in internal {
        assert!(
            feed.entries().iter().all(|e| !e.title().as_str().ends_with(&title)),
            "internal update {title} is not public"
        );
        assert!(!html(&app, "/aktuelles").await.contains(&title));
    }
}

#[tokio::test]
async fn drafts_of_final_and_annual_reports_are_not_public() {
    let (app, _db) = demo_app().await;
    let body = html(&app, "/projekte/ausbau-lorawan-netz").await;
    assert_contains(&body, &["Ein Entwurf des Abschlussberichts liegt vor"]);
    assert!(!body.contains("Lessons Learned</h3>"));
    assert!(!html(&app, "/berichte").await.contains("Sachstandsbericht 2025"));
    assert_eq!(get(&app, "/berichte/2025").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn anonymous_visitors_get_no_cookies_and_strict_security_headers() {
    let (app, _db) = demo_app().await;
    for uri in ["/", "/projekte", "/gibt-es-nicht", "/projekte?art=x"] {
        let page = get(&app, uri).await;
        assert!(page.headers.get("set-cookie").is_none(), "GET {uri} sets no cookie");
        let csp = page.headers.get("content-security-policy").unwrap().to_str().unwrap();
        assert!(
            csp.contains("default-src 'none'")
                && csp.contains("frame-ancestors 'none'")
                && !csp.contains("unsafe-inline")
        );
        assert_eq!(page.headers.get("x-content-type-options").unwrap(), "nosniff");
        assert!(page.headers.get("referrer-policy").is_some());
    }
}

#[tokio::test]
async fn static_assets_have_hashed_names_and_long_cache_lifetimes() {
    let (app, _db) = demo_app().await;
    let body = html(&app, "/").await;
    let css = attrs(&body, "link[rel=\"stylesheet\"]", "href").into_iter().next().unwrap();
    assert!(css.starts_with("/static/portal.") && css.ends_with(".css"), "{css}");
    let asset = get(&app, &css).await;
    assert_eq!(asset.status, StatusCode::OK);
    assert!(asset.content_type.starts_with("text/css"));
    assert_eq!(asset.headers.get("cache-control").unwrap(), "public, max-age=31536000, immutable");
}

#[tokio::test]
async fn nothing_is_loaded_from_a_third_party_host() {
    let (app, _db) = demo_app().await;
    for uri in ["/", "/projekte/ausbau-lorawan-netz", "/online-dienste", "/anfragen/0730-2023"] {
        let body = html(&app, uri).await;
        for attr in ["src=\"http", "href=\"//", "src=\"//", "url(http"] {
            assert!(!body.contains(attr), "GET {uri} references an external resource ({attr})");
        }
        assert!(!body.contains("<link rel=\"stylesheet\" href=\"http"));
    }
}

#[tokio::test]
async fn markdown_with_scripts_renders_inert_on_public_pages() {
    let (app, db) = demo_app().await;
    let evil = "Hallo <script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) <a href=\"JaVaScRiPt:alert(4)\">y</a> <svg onload=alert(5)>";
    sqlx::query("UPDATE projects SET description_md = $1, summary_md = $1 WHERE slug = 'ausbau-lorawan-netz'")
        .bind(evil)
        .execute(&db)
        .await
        .unwrap();
    sqlx::query("UPDATE inquiry_items SET answer_md = $1 WHERE position = 1").bind(evil).execute(&db).await.unwrap();
    for uri in [
        "/projekte/ausbau-lorawan-netz",
        "/anfragen/0730-2023",
        "/projekte",
        "/handlungsfelder/intelligente-infrastruktur",
    ] {
        let body = html(&app, uri).await.to_lowercase();
        for bad in ["<script>alert", "onerror=", "javascript:", "onload="] {
            assert!(!body.contains(bad), "GET {uri} contains {bad}");
        }
    }
}

#[tokio::test]
async fn milestones_page_derives_overdue_from_dates() {
    let (app, db) = demo_app().await;
    // Make one open milestone due yesterday: it must show as overdue, without any stored flag.
    let title: String = sqlx::query_scalar(
        "UPDATE milestones SET planned_on = current_date - 1, forecast_on = NULL WHERE id = (SELECT id FROM milestones WHERE status = 'open' ORDER BY id LIMIT 1) RETURNING title",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    let body = html(&app, "/meilensteine").await;
    let overdue_section = texts(&body, "section[aria-labelledby=\"ueberfaellig\"]").into_iter().next().unwrap();
    assert!(overdue_section.contains(&title), "{title} is listed as overdue");
}

#[tokio::test]
async fn milestone_sections_show_their_true_counts_and_list_every_milestone_in_pages() {
    use sachstand::generate::{self, Sizes};
    let db = crate::common::fresh_db().await;
    let sizes = Sizes { projects: 100, services: 10, milestones: 900, updates: 10, reports: 1, inquiries: 1, seed: 5 };
    generate::generate(&db, sizes, &mut |_| {}).await.unwrap();
    let app = crate::common::app_with(db.clone(), |c| {
        c.city = generate::CITY.to_string();
        c.page_cache = false;
    })
    .await;
    let (overdue, upcoming, reached): (i64, i64, i64) = sqlx::query_as(
        "SELECT count(*) FILTER (WHERE m.status = 'open' AND coalesce(m.forecast_on, m.planned_on) < current_date), \
                count(*) FILTER (WHERE m.status = 'open' AND coalesce(m.forecast_on, m.planned_on) >= current_date), \
                count(*) FILTER (WHERE m.status = 'reached') \
         FROM milestones m JOIN projects p ON p.id = m.project_id \
         WHERE p.archived_at IS NULL AND m.archived_at IS NULL",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert!(overdue > 20 && upcoming > 0 && reached > 0, "the dataset has every kind: {overdue} {upcoming} {reached}");
    let body = html(&app, "/meilensteine").await;
    for (id, n) in [("ueberfaellig", overdue), ("anstehend", upcoming), ("erreicht", reached)] {
        let heading = texts(&body, &format!("h2#{id}")).join("");
        assert!(heading.contains(&format!("({})", sachstand::model::de_number(n))), "{heading} counts {n}");
        let rows = texts(&body, &format!("section[aria-labelledby=\"{id}\"] tbody tr")).len() as i64;
        assert_eq!(rows, n.min(10), "the page of all sections shows the first ten of {id}");
    }
    assert_contains(&body, &["/meilensteine?ansicht=ueberfaellig"]);
    // Page by page, the overdue section lists every overdue milestone once.
    let pages = (overdue + 19) / 20;
    let mut listed = 0;
    for page in 1..=pages {
        let body = html(&app, &format!("/meilensteine?ansicht=ueberfaellig&seite={page}")).await;
        listed += texts(&body, "tbody tr").len() as i64;
    }
    assert_eq!(listed, overdue);
    for bad in [
        "/meilensteine?ansicht=bald",
        "/meilensteine?seite=2",
        &format!("/meilensteine?ansicht=erreicht&seite={}", reached / 20 + 2),
    ] {
        assert_eq!(get(&app, bad).await.status, StatusCode::BAD_REQUEST, "{bad}");
    }
}

#[tokio::test]
async fn a_project_page_shows_its_newest_updates_and_links_to_all_of_them() {
    use sachstand::generate::{self, Sizes};
    let db = crate::common::fresh_db().await;
    let sizes = Sizes { projects: 3, services: 2, milestones: 6, updates: 60, reports: 1, inquiries: 1, seed: 7 };
    generate::generate(&db, sizes, &mut |_| {}).await.unwrap();
    let app = crate::common::app_with(db.clone(), |c| {
        c.city = generate::CITY.to_string();
        c.page_cache = false;
    })
    .await;
    let (slug, total): (String, i64) = sqlx::query_as(
        "SELECT p.slug, count(*) FROM project_updates u JOIN projects p ON p.id = u.project_id \
         WHERE NOT u.internal AND u.archived_at IS NULL GROUP BY p.slug ORDER BY count(*) DESC LIMIT 1",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert!(total > 5, "the busiest project has more updates than its page shows: {total}");
    let newest: Vec<String> = sqlx::query_scalar(
        "SELECT u.title FROM project_updates u JOIN projects p ON p.id = u.project_id \
         WHERE p.slug = $1 AND NOT u.internal AND u.archived_at IS NULL ORDER BY u.published_on DESC, u.id DESC",
    )
    .bind(&slug)
    .fetch_all(&db)
    .await
    .unwrap();
    let page = html(&app, &format!("/projekte/{slug}")).await;
    assert_eq!(texts(&page, ".update-list__title"), newest[..5], "the five newest, newest first");
    let all = format!("/aktuelles?projekt={slug}");
    assert_eq!(attrs(&page, "a[href^=\"/aktuelles?projekt=\"]", "href"), std::slice::from_ref(&all));
    assert!(texts(&page, "a[href^=\"/aktuelles?projekt=\"]")[0].contains(&format!("Alle {total} Meldungen")));
    // The project's own list: every update once, page by page, and no other project's.
    let mut listed = Vec::new();
    for number in 1..=(total + 19) / 20 {
        let body = html(&app, &format!("{all}&seite={number}")).await;
        listed.extend(texts(&body, ".update-list__title"));
        assert!(attrs(&body, ".update-list__meta a", "href").iter().all(|h| *h == format!("/projekte/{slug}")));
    }
    assert_eq!(listed, newest);
    assert_eq!(get(&app, "/aktuelles?projekt=gibt-es-nicht").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn two_released_reports_are_compared_figure_by_figure_with_the_change() {
    let (app, db) = demo_app().await;
    let figures: Vec<(i32, serde_json::Value)> = sqlx::query_as(
        "SELECT year, key_figures FROM annual_reports WHERE release_state = 'released' AND key_figures IS NOT NULL \
         ORDER BY year",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    assert!(figures.len() >= 2, "the demo has two released reports with frozen figures");
    let ((from, a), (to, b)) = (&figures[figures.len() - 2], &figures[figures.len() - 1]);
    // Without a choice: the newest year against the one before.
    let page = html(&app, "/berichte/vergleich").await;
    let explicit = html(&app, &format!("/berichte/vergleich?von={from}&bis={to}")).await;
    assert_eq!(texts(&page, "table tbody tr"), texts(&explicit, "table tbody tr"));
    let row = texts(&page, "table tbody tr")
        .into_iter()
        .find(|r| r.starts_with("Projekte insgesamt"))
        .expect("a row for the project total");
    let (x, y) = (a["projects_total"].as_i64().unwrap(), b["projects_total"].as_i64().unwrap());
    assert!(row.contains(&x.to_string()) && row.contains(&y.to_string()), "{row}");
    let sign = if y > x {
        "+"
    } else if y < x {
        "\u{2212}"
    } else {
        "±"
    };
    assert!(row.contains(&format!("{sign}{}", (y - x).abs())), "{row}");
    assert_eq!(attrs(&page, "#f-von option[selected]", "value"), vec![from.to_string()]);
    assert_eq!(attrs(&page, "#f-bis option[selected]", "value"), vec![to.to_string()]);
    // The reports link to it; a year without a released report is a clear 400.
    assert!(html(&app, "/berichte").await.contains("href=\"/berichte/vergleich\""));
    assert!(
        html(&app, &format!("/berichte/{to}")).await.contains(&format!("/berichte/vergleich?von={from}&amp;bis={to}"))
    );
    let bad = get(&app, "/berichte/vergleich?von=1999").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("„1999“ ist kein gültiger Wert"), "{}", crate::common::excerpt(&bad.body));
}
