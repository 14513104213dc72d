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

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorTemplate {
    layout: Layout,
    status: u16,
    heading: &'static str,
    detail: Option<String>,
}

fn error_page(state: &AppState, page: &ErrorPage) -> Result<String, askama::Error> {
    let heading = match page.status {
        StatusCode::NOT_FOUND => "Seite nicht gefunden",
        StatusCode::BAD_REQUEST => "Die Anfrage enthält einen Fehler",
        StatusCode::FORBIDDEN => "Zugriff verweigert",
        StatusCode::TOO_MANY_REQUESTS => "Zu viele Anfragen",
        StatusCode::PAYLOAD_TOO_LARGE => "Die gesendeten Daten sind zu groß",
        StatusCode::SERVICE_UNAVAILABLE => "Das Portal ist gerade nicht erreichbar",
        _ => "Ein interner Fehler ist aufgetreten",
    };
    let mut layout = Layout::new(state, heading, Nav::None);
    layout.description = heading.into();
    ErrorTemplate { layout, status: page.status.as_u16(), heading, detail: page.detail.clone() }.render()
}

/// Turns an [`ErrorPage`] marker into a styled page in the site's layout.
pub async fn render_error_pages(State(state): State<AppState>, request: Request, next: Next) -> Response {
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
