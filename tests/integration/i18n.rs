//! Two languages (issue 14): every interface text comes from the message files,
//! English pages live under `/en/…` with a language switch and `hreflang`
//! alternates, and content without an English text is shown in German, marked.

use std::path::Path;

/// Attributes whose values people read (or hear).
const READ_ATTRIBUTES: [&str; 5] = ["aria-label", "title", "placeholder", "alt", "content"];

/// Every interface text a template holds outside an askama expression: text
/// nodes and read attributes with a letter in them.
fn literal_texts(template: &str) -> Vec<String> {
    let mut code_free = String::with_capacity(template.len());
    let mut rest = template;
    // Askama's expressions, blocks and comments are code (their strings are message keys).
    while let Some(start) = rest.find(['{']) {
        let (before, from) = rest.split_at(start);
        code_free.push_str(before);
        let close = match from.get(..2) {
            Some("{{") => "}}",
            Some("{%") => "%}",
            Some("{#") => "#}",
            _ => {
                code_free.push('{');
                rest = &from[1..];
                continue;
            }
        };
        let end = from.find(close).map_or(from.len(), |i| i + 2);
        code_free.push(' ');
        rest = &from[end..];
    }
    code_free.push_str(rest);
    let mut found = Vec::new();
    let mut rest = code_free.as_str();
    loop {
        let (text, after) = match rest.find('<') {
            Some(i) => (&rest[..i], Some(&rest[i..])),
            None => (rest, None),
        };
        if text.chars().any(char::is_alphabetic) {
            found.push(text.trim().to_string());
        }
        let Some(tag_and_more) = after else { break };
        let end = tag_and_more.find('>').unwrap_or(tag_and_more.len() - 1);
        let tag = &tag_and_more[..end];
        // Comments, the doctype, the inside of <script>/<style>, and <code> (technical names such
        // as header fields and parameters, the same in every language) are not interface.
        for skipped in ["<!--", "<script", "<style", "<code"] {
            if tag.starts_with(skipped) {
                let closer = match skipped {
                    "<!--" => "-->",
                    "<script" => "</script>",
                    "<code" => "</code>",
                    _ => "</style>",
                };
                let close_at = tag_and_more.find(closer).map_or(tag_and_more.len(), |i| i + closer.len());
                rest = &tag_and_more[close_at..];
                break;
            }
        }
        if ["<!--", "<script", "<style", "<code"].iter().any(|s| tag.starts_with(s)) {
            continue;
        }
        for attribute in READ_ATTRIBUTES {
            let needle = format!(" {attribute}=\"");
            if let Some(at) = tag.find(&needle) {
                let value = &tag[at + needle.len()..];
                let value = &value[..value.find('"').unwrap_or(value.len())];
                // `content` of <meta> is read only for the description (the rest are codes).
                let read = attribute != "content" || tag.contains("name=\"description\"");
                if read && value.chars().any(char::is_alphabetic) {
                    found.push(format!("{attribute}=\"{value}\""));
                }
            }
        }
        rest = &tag_and_more[(end + 1).min(tag_and_more.len())..];
    }
    found
}

fn templates(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            templates(&path, out);
        } else if path.extension().is_some_and(|e| e == "html") {
            out.push(path);
        }
    }
}

#[test]
fn no_template_holds_an_interface_text_outside_the_message_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut files = Vec::new();
    templates(&root, &mut files);
    files.sort();
    assert!(files.len() > 30, "the templates are found");
    let mut problems = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for literal in literal_texts(&text) {
            problems.push(format!("{}: {literal}", file.strip_prefix(&root).unwrap().display()));
        }
    }
    assert!(problems.is_empty(), "{} interface texts outside locales/:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn the_scanner_finds_texts_and_attributes_but_not_code() {
    let found = literal_texts(
        "<p class=\"x\">Hallo {{ layout.t(\"k\") }}</p><img alt=\"Logo\" src=\"/a.svg\">{% if a %}<b>{{ b }}</b>{% endif %}\
         <input placeholder=\"{{ layout.t(\"p\") }}\"><!-- Kommentar --><script>let x = 1;</script>\
         <meta name=\"description\" content=\"Beschreibung\"><meta charset=\"utf-8\"> – · 42 % <code>If-None-Match</code>",
    );
    assert_eq!(found, ["Hallo", "alt=\"Logo\"", "content=\"Beschreibung\""]);
}

#[tokio::test]
async fn english_pages_live_under_en_with_a_switch_and_alternates() {
    use crate::common::{assert_contains, attrs, demo_app, get, html, texts};
    let (app, _db) = demo_app().await;

    let german = html(&app, "/projekte?art=flagship").await;
    let english = html(&app, "/en/projekte?art=flagship").await;
    assert_contains(&german, &["<html lang=\"de\">"]);
    assert_contains(&english, &["<html lang=\"en\">"]);
    // The navigation in each language, from the message files.
    assert!(texts(&german, "nav.main-nav a").contains(&"Projekte".to_string()));
    assert!(
        texts(&english, "nav.main-nav a").contains(&"Projects".to_string()),
        "{:?}",
        texts(&english, "nav.main-nav a")
    );
    // The switch leads to the same page in the other language, and the alternates name both.
    assert_eq!(attrs(&german, "a.lang-switch", "href"), ["/en/projekte?art=flagship"]);
    assert_eq!(attrs(&english, "a.lang-switch", "href"), ["/projekte?art=flagship"]);
    for page in [&german, &english] {
        let alternates = attrs(page, "link[rel=alternate][hreflang]", "href");
        assert_eq!(alternates, ["/projekte?art=flagship", "/en/projekte?art=flagship"], "hreflang de, en");
    }
    // Internal page links keep the language; downloads, feeds and assets do not change.
    let links = attrs(&english, "main a[href^='/']", "href");
    assert!(links.iter().any(|l| l.starts_with("/en/projekte/")), "project links stay English: {links:?}");
    assert!(links.iter().all(|l| l.starts_with("/en") || l.contains('.')), "no German page link: {links:?}");
    assert!(attrs(&english, "link[rel=stylesheet]", "href").iter().all(|h| h.starts_with("/static/")));

    // The start page is /en; /en/ is sent there. Unknown English pages get an English 404.
    assert_contains(&html(&app, "/en").await, &["<html lang=\"en\">"]);
    let slash = get(&app, "/en/").await;
    assert_eq!(slash.status, axum::http::StatusCode::PERMANENT_REDIRECT);
    assert_eq!(slash.headers[axum::http::header::LOCATION], "/en");
    // A path that starts like another site's address gets a switch to the start page, not off-site;
    // parameters no page knows are not copied into the links of a page others may be served.
    for uri in ["/en//evil.example/x", "//evil.example/x"] {
        let page = get(&app, uri).await;
        let switch = attrs(&page.body, "a.lang-switch", "href");
        assert!(switch.iter().all(|h| !h.starts_with("//")), "{uri}: {switch:?}");
    }
    let tracked = html(&app, "/projekte?art=flagship&utm=x").await;
    assert_eq!(attrs(&tracked, "a.lang-switch", "href"), ["/en/projekte?art=flagship"]);
    let start = html(&app, "/?stand=2023-05-12").await;
    assert_eq!(attrs(&start, "a.lang-switch", "href"), ["/en?stand=2023-05-12"], "no detour over /en/");
    let missing = get(&app, "/en/gibt-es-nicht").await;
    assert_eq!(missing.status, axum::http::StatusCode::NOT_FOUND);
    assert_contains(&missing.body, &["<html lang=\"en\">"]);
    assert!(
        !missing.body.contains("Seite nicht gefunden"),
        "the 404 is English: {}",
        crate::common::excerpt(&missing.body)
    );
}

#[tokio::test]
async fn dates_and_numbers_follow_the_page_language() {
    use crate::common::{demo_app, html};
    let (app, _db) = demo_app().await;
    // The 2023 report's release day and the key figures, as the demo content states them.
    let german = html(&app, "/berichte/2023").await;
    let english = html(&app, "/en/berichte/2023").await;
    let day = regex_free_find_date(&german).expect("a German date on the report page");
    let parsed = chrono::NaiveDate::parse_from_str(&day, "%d.%m.%Y").unwrap();
    let english_day = parsed.format("%-d %B %Y").to_string();
    assert!(english.contains(&english_day), "{english_day} on the English page");
    assert!(!english.contains(&day), "no German date {day} on the English page");
}

/// The first `dd.mm.yyyy` in a text.
fn regex_free_find_date(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(10)).find_map(|i| {
        let s = &text.get(i..i + 10)?;
        let b = s.as_bytes();
        let digits = [0, 1, 3, 4, 6, 7, 8, 9].iter().all(|&j| b[j].is_ascii_digit());
        (digits && b[2] == b'.' && b[5] == b'.').then(|| s.to_string())
    })
}

#[tokio::test]
async fn the_english_admin_area_works_and_is_never_stored() {
    use crate::common::{Client, PASSWORD, demo_app, user};
    use axum::http::{StatusCode, header};
    let (app, db) = demo_app().await;
    user(&db, "admin@example.org", sachstand::admin::roles::Role::Admin).await;
    let mut client = Client::new(&app);
    client.login("admin@example.org", PASSWORD).await;
    let page = client.get("/en/admin/projekte").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<html lang=\"en\">"), "{}", crate::common::excerpt(&page.body));
    assert!(page.body.contains("href=\"/en/admin/projekte/"), "admin links keep the language");
    assert_eq!(page.headers[header::CACHE_CONTROL], "no-store");
    // Signed out, the same address is the login, not a stored copy of the admin's page.
    let anonymous = crate::common::get(&app, "/en/admin/projekte").await;
    assert!(anonymous.status.is_redirection(), "{}", anonymous.status);
    assert!(
        anonymous.headers[header::LOCATION].to_str().unwrap().starts_with("/en/admin/anmelden"),
        "{:?}",
        anonymous.headers
    );
    let login = crate::common::get(&app, "/en/admin/anmelden").await;
    assert!(
        login.body.contains("<html lang=\"en\">") && login.body.contains("Sign in"),
        "{}",
        crate::common::excerpt(&login.body)
    );
}
