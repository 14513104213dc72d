//! Several cities on one installation (issue 14): one application per city,
//! each over an `AppState` of that city only, and in front of them this
//! dispatcher, which hands each request to the city whose `hosts` (from its
//! `city.toml`) name the request's host. Isolation holds by construction: a
//! city's application has no way to name another city's records. An unknown
//! host goes to the default city, or gets a 404 that names no city.

use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::extract::Request;
use axum::http::{self, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower::Service;

use crate::page_cache;

struct Table {
    apps: Vec<page_cache::App>,
    by_host: HashMap<String, usize>,
    default: Option<usize>,
}

/// The whole installation: every city's application behind the host dispatch.
#[derive(Clone)]
pub struct App(Arc<Table>);

impl App {
    /// One city, answering every host (the installation of one city, and the tests).
    pub fn single(app: page_cache::App) -> App {
        App(Arc::new(Table { apps: vec![app], by_host: HashMap::new(), default: Some(0) }))
    }

    /// Several cities: each with its hosts; `default` answers hosts no city names.
    pub fn cities(cities: Vec<(Vec<String>, page_cache::App)>, default: Option<usize>) -> App {
        let mut by_host = HashMap::new();
        let mut apps = Vec::with_capacity(cities.len());
        for (i, (hosts, app)) in cities.into_iter().enumerate() {
            for host in hosts {
                by_host.insert(host.to_ascii_lowercase(), i);
            }
            apps.push(app);
        }
        App(Arc::new(Table { apps, by_host, default }))
    }

    /// The stored answer of the request's city, if there is one (the server's fast path).
    pub fn stored<B>(&self, request: &http::Request<B>) -> Option<Response> {
        self.route(request)?.stored(request)
    }

    /// Renders the request in its city's application, or says that no city answers to its host.
    pub fn render(&self, request: Request) -> impl Future<Output = Response> + Send + 'static {
        use futures_util::future::Either;
        match self.route(&request) {
            Some(app) => Either::Left(app.render(request)),
            None => Either::Right(std::future::ready(unknown_host())),
        }
    }

    /// The application a request goes to. An installation of one city answers
    /// every host without looking at it (the hot path of a stored page stays as it was).
    fn route<B>(&self, request: &http::Request<B>) -> Option<&page_cache::App> {
        let table = &self.0;
        if table.by_host.is_empty() {
            return table.default.and_then(|i| table.apps.get(i));
        }
        let host = request
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .or_else(|| request.uri().authority().map(|a| a.as_str()))
            .map(host_name);
        let index = host.and_then(|h| table.by_host.get(&h).copied()).or(table.default)?;
        table.apps.get(index)
    }
}

/// A `Host` header's name: lower case, without the port.
fn host_name(host: &str) -> String {
    let name = match host.rsplit_once(':') {
        // An IPv6 literal keeps its colons inside brackets.
        Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) && !name.ends_with(':') => name,
        _ => host,
    };
    name.trim_end_matches('.').to_ascii_lowercase()
}

/// A host name a city may list: lower-case letters, digits, '-' and dots, no port.
pub fn is_host_name(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}

/// No city answers to this host: said plainly, naming none of the cities.
fn unknown_host() -> Response {
    let page = "<!doctype html><html lang=\"de\"><head><meta charset=\"utf-8\"><title>Adresse unbekannt</title>\
        <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head><body><main>\
        <h1>Adresse unbekannt</h1><p>Unter dieser Adresse ist kein Portal eingerichtet. Bitte prüfen Sie die \
        Adresse.</p></main></body></html>";
    (StatusCode::NOT_FOUND, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
}

impl Service<Request> for App {
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request) -> Self::Future {
        if let Some(response) = self.stored(&request) {
            return Box::pin(std::future::ready(Ok(response)));
        }
        let rendered = self.render(request);
        Box::pin(async move { Ok(rendered.await) })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn host_names_lose_port_case_and_trailing_dot() {
        assert_eq!(super::host_name("Musterstadt.Localhost:3000"), "musterstadt.localhost");
        assert_eq!(super::host_name("mainz.localhost."), "mainz.localhost");
        assert_eq!(super::host_name("[::1]:3000"), "[::1]");
        assert_eq!(super::host_name("example.org"), "example.org");
    }
}
