//! Typed extractors for handlers of both areas. A path segment that does not
//! parse (`/admin/projekte/abc`) is the styled 404, a malformed form the styled
//! 400 with a German message; neither reaches a handler.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::Error;

/// Largest form body read (CSV uploads are multipart and have their own limit).
const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;

/// Typed path parameters, e.g. `Path<i64>` or `Path<(String, i64)>`.
pub struct Path<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Path<T> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Error> {
        // No slug or id holds a control character (and PostgreSQL refuses NUL): no such page.
        let raw = axum::extract::RawPathParams::from_request_parts(parts, state).await.map_err(|_| Error::NotFound)?;
        if raw.iter().any(|(_, value)| value.chars().any(char::is_control)) {
            return Err(Error::NotFound);
        }
        let parsed = axum::extract::Path::<T>::from_request_parts(parts, state).await;
        parsed.map(|axum::extract::Path(value)| Path(value)).map_err(|_| Error::NotFound)
    }
}

/// A urlencoded form body deserialized into the screen's form struct.
pub struct Form<T>(pub T);

impl<T, S> FromRequest<S> for Form<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Error;

    async fn from_request(request: Request, state: &S) -> Result<Self, Error> {
        let (parts, body) = request.into_parts();
        let bytes = axum::body::to_bytes(body, MAX_FORM_BYTES)
            .await
            .map_err(|_| Error::BadRequest("Das Formular ist zu groß.".into()))?;
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
        if let Some(message) = pairs.iter().find_map(|(k, v)| control_character(k, v, true)) {
            return Err(Error::BadRequest(message));
        }
        let request = Request::from_parts(parts, axum::body::Body::from(bytes));
        match axum::extract::Form::<T>::from_request(request, state).await {
            Ok(axum::extract::Form(value)) => Ok(Form(value)),
            Err(e) => {
                tracing::info!(error = %e, "malformed form");
                Err(Error::BadRequest(
                    "Das Formular ist unvollständig oder enthält ungültige Werte. Bitte laden Sie die Seite neu \
                     und versuchen Sie es noch einmal."
                        .into(),
                ))
            }
        }
    }
}

/// Query parameters deserialized into a struct; malformed ones are the styled 400.
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Error> {
        serde_urlencoded::from_str(parts.uri.query().unwrap_or_default())
            .map(Query)
            .map_err(|_| Error::BadRequest("Die Adresse enthält ungültige Parameter.".into()))
    }
}

/// `?ok=…`: which confirmation a page shows after a redirect from a change.
#[derive(serde::Deserialize, Default)]
pub struct Done {
    #[serde(default)]
    pub ok: String,
}

/// Why a submitted text cannot be stored: PostgreSQL refuses NUL in text, and
/// other control characters have no place in what people type. Forms may keep
/// tabs and line breaks (`multiline`); addresses may not.
pub fn control_character(name: &str, value: &str, multiline: bool) -> Option<String> {
    let allowed = |c: char| multiline && matches!(c, '\t' | '\n' | '\r');
    value.chars().any(|c| c.is_control() && !allowed(c)).then(|| {
        format!(
            "Die Angabe „{name}“ enthält ein unzulässiges Steuerzeichen (etwa ein Null-Byte). Bitte entfernen \
             Sie es und versuchen Sie es noch einmal."
        )
    })
}
