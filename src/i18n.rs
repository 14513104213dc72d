//! The interface in German and English (issue 14). Every interface text comes
//! from the Fluent message files in `locales/{de,en}/*.ftl`, compiled into the
//! binary by `fluent-templates`; templates ask for a message by its key.
//!
//! The language is the request's: English under `/en/…` (the same paths
//! otherwise), German elsewhere. No cookie and no script is involved. The
//! [`localised`] middleware runs each request inside a task-local [`Locale`]
//! (like the dated view of `ui::stand`), so that the layout, dates and numbers
//! all read it without being handed it through every handler; and on an English
//! page it keeps the `/en` prefix in every internal link and form.

use std::borrow::Cow;
use std::collections::HashMap;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "de",
        // No Unicode isolation marks around arguments: the texts are HTML-escaped
        // and mostly left-to-right; the marks would only end up in titles and feeds.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static DE: LanguageIdentifier = langid!("de");
static EN: LanguageIdentifier = langid!("en");

/// A language of the interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    De,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::De, Lang::En];

    /// The BCP 47 code (`lang`, `hreflang`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
        }
    }

    /// The path prefix of the language's pages ("" for German, the default).
    pub fn prefix(self) -> &'static str {
        match self {
            Lang::De => "",
            Lang::En => "/en",
        }
    }

    /// The language's own name (the language switch names the other language in itself).
    pub fn name(self) -> &'static str {
        match self {
            Lang::De => "Deutsch",
            Lang::En => "English",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::De => Lang::En,
            Lang::En => Lang::De,
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::De => &DE,
            Lang::En => &EN,
        }
    }

    /// The message `key` in this language (German when English lacks it, the key
    /// itself when both do: a missing key is visible, and a test finds it first).
    pub fn t(self, key: &str) -> String {
        LOCALES.try_lookup(self.id(), key).unwrap_or_else(|| key.to_string())
    }

    /// The message `key` with named arguments (`{ $name }` in the message).
    pub fn t_with(self, key: &str, args: &[(&'static str, FluentValue<'_>)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> =
            args.iter().map(|(k, v)| (Cow::Borrowed(*k), v.clone())).collect();
        LOCALES.try_lookup_with_args(self.id(), key, &args).unwrap_or_else(|| key.to_string())
    }

    /// 12.05.2023 / 12 May 2023.
    pub fn date(self, day: chrono::NaiveDate) -> String {
        match self {
            Lang::De => day.format("%d.%m.%Y").to_string(),
            Lang::En => day.format("%-d %B %Y").to_string(),
        }
    }

    /// 22.600 / 22,600.
    pub fn number(self, n: i64) -> String {
        let separator = match self {
            Lang::De => '.',
            Lang::En => ',',
        };
        let digits = n.unsigned_abs().to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
        if n < 0 {
            out.push('-');
        }
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(separator);
            }
            out.push(ch);
        }
        out
    }
}

/// The current request's language and its path without the language prefix.
#[derive(Clone, Debug)]
pub struct Locale {
    pub lang: Lang,
    /// Path and query as the German page has them (`/projekte?art=flagship`).
    pub path: String,
}

tokio::task_local! {
    static LOCALE: Locale;
}

/// The current request's language; German outside a request (tasks, documents, tests).
pub fn lang() -> Lang {
    LOCALE.try_with(|l| l.lang).unwrap_or_default()
}

/// The current request's address in `lang` (the language switch and `hreflang`).
pub fn href_in(lang: Lang) -> String {
    let path = LOCALE.try_with(|l| l.path.clone()).unwrap_or_else(|_| "/".into());
    match lang {
        Lang::De => path,
        // The start page is `/en`, its query `/en?…`.
        Lang::En => english(&path),
    }
}

/// Runs `f` in German, whatever the request's language: the documents (PDFs) are
/// the city's German documents, and one stored copy serves every reader.
pub fn in_german<R>(f: impl FnOnce() -> R) -> R {
    LOCALE.sync_scope(Locale { lang: Lang::De, path: "/".into() }, f)
}

/// A message in the current request's language.
pub fn t(key: &str) -> String {
    lang().t(key)
}

/// A message with one argument, `{ $value }` in the message.
pub fn t_arg(key: &str, value: impl std::fmt::Display) -> String {
    lang().t_with(key, &[("value", FluentValue::from(value.to_string()))])
}

/// A message as `&'static str`, for labels whose signature is static (enum
/// labels). Each (language, key) is looked up once and kept: the keys are
/// static, so what is kept is bounded by the message files.
pub fn t_static(key: &'static str) -> &'static str {
    use std::sync::{LazyLock, RwLock};
    static KEPT: LazyLock<RwLock<HashMap<(Lang, &'static str), &'static str>>> = LazyLock::new(Default::default);
    let lang = lang();
    if let Some(text) = KEPT.read().unwrap_or_else(|e| e.into_inner()).get(&(lang, key)) {
        return text;
    }
    let text: &'static str = Box::leak(lang.t(key).into_boxed_str());
    KEPT.write().unwrap_or_else(|e| e.into_inner()).insert((lang, key), text);
    text
}

/// The language a path asks for, and the path without its prefix.
pub fn split(path: &str) -> (Lang, &str) {
    match path.strip_prefix("/en") {
        Some("") => (Lang::En, "/"),
        Some(rest) if rest.starts_with('/') => (Lang::En, rest),
        _ => (Lang::De, path),
    }
}

/// The middleware (see the module's documentation). The router serves the
/// English pages by nesting itself under `/en`, so routing needs no rewrite here.
pub async fn localised(request: Request, next: Next) -> Response {
    let uri = request.uri();
    let (lang, path) = split(uri.path());
    // `//host` would be a link to another site: such a path is the start page's switch.
    let path = if path.starts_with("//") { "/" } else { path };
    // Only the parameters a page knows (as the page cache keys it): a stored page
    // must not carry the first visitor's other parameters in its links.
    let known: Vec<(String, String)> = uri
        .query()
        .and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok())
        .unwrap_or_default()
        .into_iter()
        .filter(|(k, _)| crate::ui::params::PUBLIC_PARAMS.contains(&k.as_str()))
        .collect();
    let path = match serde_urlencoded::to_string(&known) {
        Ok(q) if !q.is_empty() => format!("{path}?{q}"),
        _ => path.to_string(),
    };
    if lang == Lang::De {
        return LOCALE.scope(Locale { lang, path }, next.run(request)).await;
    }
    // The English start page is `/en` (the nested router's root); `/en/` is sent there.
    if uri.path() == "/en/" {
        let to = uri.query().map_or_else(|| "/en".to_string(), |q| format!("/en?{q}"));
        return axum::response::Redirect::permanent(&to).into_response();
    }
    let head = request.method() == axum::http::Method::HEAD;
    let response = LOCALE.scope(Locale { lang, path }, next.run(request)).await;
    // A HEAD answer has no body to rewrite (and keeps the length GET would have).
    if head { response } else { keep_prefix(response).await }
}

/// Keeps `/en` in the internal links and forms of an English HTML page, and in
/// the target of a redirect (after a form is sent, the next page stays English).
async fn keep_prefix(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    if let Some(to) = parts.headers.get(header::LOCATION).and_then(|v| v.to_str().ok())
        && to.starts_with('/')
        && !to.starts_with("//")
        && is_page(to)
        && let Ok(value) = header::HeaderValue::from_str(&english(to))
    {
        parts.headers.insert(header::LOCATION, value);
    }
    let html = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !html || parts.headers.contains_key(header::CONTENT_ENCODING) {
        return Response::from_parts(parts, body);
    }
    match axum::body::to_bytes(body, 16 * 1024 * 1024).await {
        Ok(bytes) => {
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(prefix_links(&String::from_utf8_lossy(&bytes))))
        }
        Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, "page too large").into_response(),
    }
}

/// Every `href="/…"` and `action="/…"` that leads to a page gets the `/en`
/// prefix; assets, downloads, feeds, the API, OParl, the city's stylesheet and
/// links marked `hreflang` (the language switch and alternates) keep theirs.
pub fn prefix_links(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 512);
    let mut rest = html;
    while let Some(at) = next_link(rest) {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let end = from.find('"').unwrap_or(from.len());
        let target = &from[..end];
        // The tag around the attribute: a link with `hreflang` names its language itself.
        let tag = &before[before.rfind('<').unwrap_or(0)..];
        let tag_end = &from[..from.find('>').unwrap_or(from.len())];
        if is_page(target) && !tag.contains("hreflang=") && !tag_end.contains("hreflang=") {
            out.push_str(&english(target));
        } else {
            out.push_str(target);
        }
        rest = &from[end..];
    }
    out.push_str(rest);
    out
}

/// A German page's address as the English page's: `/projekte` → `/en/projekte`,
/// `/` → `/en`, `/?q` → `/en?q`.
fn english(target: &str) -> String {
    match target.strip_prefix('/') {
        Some(rest) if rest.is_empty() || rest.starts_with(['?', '#']) => format!("/en{rest}"),
        _ => format!("/en{target}"),
    }
}

/// Where the next value of ` href="/…"` or ` action="/…"` (not `//`) begins.
fn next_link(html: &str) -> Option<usize> {
    let mut offset = 0;
    loop {
        let slice = &html[offset..];
        let (i, len) = [slice.find(" href=\"/").map(|i| (i, 7)), slice.find(" action=\"/").map(|i| (i, 9))]
            .into_iter()
            .flatten()
            .min()?;
        let value = offset + i + len;
        if !html[value..].starts_with("//") {
            return Some(value);
        }
        offset = value;
    }
}

/// A path that names a page (which has an English version), not a file or a machine interface.
fn is_page(target: &str) -> bool {
    let path = target.split(['?', '#']).next().unwrap_or(target);
    let machine = ["/static/", "/api/", "/oparl/", "/stadt.css", "/stadt/", "/en/", "/metrics", "/readyz", "/healthz"];
    if path == "/en" || machine.iter().any(|m| path.starts_with(m)) {
        return false;
    }
    // Downloads and feeds: a file name with an extension (projekte.csv, aktuelles.atom, bericht.pdf).
    let last = path.rsplit('/').next().unwrap_or("");
    !last.contains('.')
}

#[cfg(test)]
mod tests {
    use super::{Lang, prefix_links, split};

    #[test]
    fn dates_and_numbers_follow_the_language() {
        let day = chrono::NaiveDate::from_ymd_opt(2023, 5, 12).unwrap();
        assert_eq!(Lang::De.date(day), "12.05.2023");
        assert_eq!(Lang::En.date(day), "12 May 2023");
        assert_eq!(Lang::De.number(22600), "22.600");
        assert_eq!(Lang::En.number(22600), "22,600");
        assert_eq!(Lang::En.number(-1234567), "-1,234,567");
    }

    #[test]
    fn the_prefix_chooses_the_language() {
        assert_eq!(split("/en/projekte"), (Lang::En, "/projekte"));
        assert_eq!(split("/en/"), (Lang::En, "/"), "redirected to /en by the middleware");
        assert_eq!(split("/en"), (Lang::En, "/"));
        assert_eq!(split("/english"), (Lang::De, "/english"));
        assert_eq!(split("/projekte"), (Lang::De, "/projekte"));
    }

    #[test]
    fn english_pages_keep_their_prefix_in_page_links_only() {
        let html = r#"<a href="/projekte?art=flagship">P</a> <form action="/suche"></form> <a href="/projekte.csv">CSV</a>
<link rel="stylesheet" href="/static/portal.css"> <a href="/api/v1/projects">API</a> <a href="//example.org/">x</a>
<a href="/" hreflang="de" lang="de">Deutsch</a> <link rel="alternate" hreflang="en" href="/en/projekte"> <a href="/">Start</a>"#;
        let out = prefix_links(html);
        assert!(out.contains(r#"href="/en/projekte?art=flagship""#), "{out}");
        assert!(out.contains(r#"action="/en/suche""#));
        assert!(out.contains(r#"href="/projekte.csv""#) && out.contains(r#"href="/static/portal.css""#));
        assert!(out.contains(r#"href="/api/v1/projects""#) && out.contains(r#"href="//example.org/""#));
        assert!(out.contains(r#"<a href="/" hreflang="de""#), "the switch to German stays German: {out}");
        assert!(out.contains(r#"hreflang="en" href="/en/projekte""#), "{out}");
        assert!(out.contains(r#"<a href="/en">Start</a>"#), "{out}");
    }

    #[test]
    fn every_message_exists_in_both_languages() {
        let keys = |lang: &str| -> std::collections::BTreeSet<String> {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales").join(lang);
            let mut keys = std::collections::BTreeSet::new();
            for entry in std::fs::read_dir(dir).unwrap() {
                let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
                for line in text.lines() {
                    if let Some((key, _)) = line.split_once(" =")
                        && !key.starts_with([' ', '#', '.', '-'])
                        && !key.is_empty()
                    {
                        assert!(keys.insert(key.to_string()), "{lang}: {key} twice");
                    }
                }
            }
            keys
        };
        let (de, en) = (keys("de"), keys("en"));
        assert!(de.len() > 20, "the message files are read");
        let only_de: Vec<_> = de.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&de).collect();
        assert!(only_de.is_empty() && only_en.is_empty(), "only German: {only_de:?}; only English: {only_en:?}");
    }
}
