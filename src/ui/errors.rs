//! Styled error pages: [`crate::error::Error`] only marks its response with an
//! [`ErrorPage`]; this middleware renders the page in the site's layout, so 404,
//! 400, 403, 429, 500 and 503 look like the rest of the portal.

use askama::Template;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

use super::layout::{Layout, Nav};
use crate::AppState;
use crate::error::ErrorPage;
use crate::i18n::{t, t_static};

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorTemplate {
    layout: Layout,
    status: u16,
    heading: &'static str,
    detail: Option<String>,
}

fn heading(status: StatusCode) -> &'static str {
    t_static(match status {
        StatusCode::NOT_FOUND => "errors-heading-not-found",
        StatusCode::BAD_REQUEST => "errors-heading-bad-request",
        StatusCode::FORBIDDEN => "errors-heading-forbidden",
        StatusCode::TOO_MANY_REQUESTS => "errors-heading-too-many",
        StatusCode::PAYLOAD_TOO_LARGE => "errors-heading-too-large",
        StatusCode::SERVICE_UNAVAILABLE => "errors-heading-unavailable",
        _ => "errors-heading-internal",
    })
}

fn error_page(state: &AppState, page: &ErrorPage) -> Result<String, askama::Error> {
    let heading = heading(page.status);
    let mut layout = Layout::new(state, heading, Nav::None);
    layout.description = heading.into();
    ErrorTemplate { layout, status: page.status.as_u16(), heading, detail: page.detail.clone() }.render()
}

/// Turns an [`ErrorPage`] marker into a styled page in the site's layout.
pub async fn render_error_pages(State(state): State<AppState>, request: Request, next: Next) -> Response {
    // The API answers its errors as problem details, not as pages.
    let path = request.uri().path();
    let api_path = (path.starts_with("/api/") || path.starts_with("/oparl/")).then(|| path.to_string());
    let response = next.run(request).await;
    // The body limit of tower-http answers 413 without a page of its own.
    let bare = (response.status() == StatusCode::PAYLOAD_TOO_LARGE)
        .then(|| ErrorPage { status: response.status(), detail: None });
    let Some(page) = response.extensions().get::<ErrorPage>().cloned().or(bare) else {
        return response;
    };
    let status = page.status;
    // How long to wait (429, 503) survives the new body.
    let retry_after = response.headers().get(header::RETRY_AFTER).cloned();
    let route = response.extensions().get::<crate::observe::Route>().copied();
    if let Some(instance) = api_path {
        let mut problem = problem(&page, instance);
        if let Some(value) = retry_after {
            problem.headers_mut().insert(header::RETRY_AFTER, value);
        }
        if let Some(route) = route {
            problem.extensions_mut().insert(route);
        }
        return problem;
    }
    match error_page(&state, &page) {
        Ok(html) => {
            let mut page = (status, [(header::CACHE_CONTROL, "no-store")], Html(html)).into_response();
            if let Some(value) = retry_after {
                page.headers_mut().insert(header::RETRY_AFTER, value);
            }
            if let Some(route) = route {
                page.extensions_mut().insert(route);
            }
            page
        }
        Err(e) => {
            tracing::error!(error = %e, "error page failed to render");
            (status, "Fehler / Error").into_response()
        }
    }
}

/// An API error as RFC 9457 problem details, with the heading as title (German: the API has no `/en`).
fn problem(page: &ErrorPage, instance: String) -> Response {
    let detail = page.detail.clone().or_else(|| match page.status {
        StatusCode::NOT_FOUND => Some(t("errors-api-not-found")),
        _ => None,
    });
    let body = crate::api::Problem {
        kind: "about:blank".into(),
        title: heading(page.status).into(),
        status: page.status.as_u16(),
        detail,
        instance,
    };
    let bytes = serde_json::to_vec(&body).unwrap_or_default();
    // Open to every origin like the API's answers (the CORS layer's headers are not on this new answer).
    let headers = [
        (header::CONTENT_TYPE, "application/problem+json"),
        (header::CACHE_CONTROL, "no-store"),
        (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
    ];
    (page.status, headers, bytes).into_response()
}
