//! Validators for every public answer (pages, API, downloads): a weak `ETag`
//! from the bytes before compression, a `Last-Modified` from the cache's
//! change clock, and `304 Not Modified` for conditional requests (RFC 9110
//! §13). Stored pages carry the same headers, and the page cache answers
//! their conditional requests before the router (see `page_cache::serve`).

use std::hash::Hasher;

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};

use crate::AppState;

/// No public answer is larger (the largest, a CSV download, is a few MB).
const MAX_BYTES: usize = 64 * 1024 * 1024;

/// Adds the validators to successful public GET answers and answers
/// conditional requests with 304. Runs inside the compression layers: the
/// `ETag` is the same for every coding, hence weak (`W/`).
pub async fn validators(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if !super::cacheable(&request) {
        return next.run(request).await;
    }
    let conditions = request.headers().clone();
    let response = next.run(request).await;
    if response.status() != StatusCode::OK {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let modified = DateTime::<Utc>::from_timestamp(state.cache.changed_at(), 0).unwrap_or_default();
    if let Ok(value) = HeaderValue::from_str(&http_date(modified)) {
        parts.headers.insert(header::LAST_MODIFIED, value);
    }
    // A streamed answer is not read here (it may be large); it brings its own tag.
    if parts.extensions.get::<super::Streamed>().is_some() {
        if not_modified(&conditions, &parts.headers) {
            return not_modified_response(&parts.headers);
        }
        return Response::from_parts(parts, body);
    }
    let Ok(bytes) = to_bytes(body, MAX_BYTES).await else {
        return crate::error::Error::Other(anyhow::anyhow!("answer larger than {MAX_BYTES} bytes")).into_response();
    };
    // SipHash with fixed keys: the same bytes give the same tag on every instance.
    let mut hasher = std::hash::DefaultHasher::new();
    hasher.write(&bytes);
    let etag = format!("W/\"{:016x}\"", hasher.finish());
    if let Ok(value) = HeaderValue::from_str(&etag) {
        parts.headers.insert(header::ETAG, value);
    }
    if not_modified(&conditions, &parts.headers) {
        return not_modified_response(&parts.headers);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Whether a request with `conditions` may be answered with 304, given the
/// validators of the answer. `If-None-Match` decides when present (weak
/// comparison); `If-Modified-Since` only without it.
pub fn not_modified(conditions: &HeaderMap, answer: &HeaderMap) -> bool {
    if let Some(wanted) = conditions.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) {
        let Some(etag) = answer.get(header::ETAG).and_then(|v| v.to_str().ok()) else { return false };
        let opaque = |tag: &str| tag.trim().trim_start_matches("W/").to_string();
        return wanted.trim() == "*" || wanted.split(',').any(|tag| opaque(tag) == opaque(etag));
    }
    // Most requests carry neither condition: no date is parsed for them (this runs on every stored page).
    let Some(since) = conditions.get(header::IF_MODIFIED_SINCE).and_then(|v| v.to_str().ok()).and_then(parse_http_date)
    else {
        return false;
    };
    answer
        .get(header::LAST_MODIFIED)
        .and_then(|v| v.to_str().ok())
        .and_then(parse_http_date)
        .is_some_and(|modified| modified <= since)
}

/// 304 with the headers a cache needs to refresh its copy, and no body.
pub fn not_modified_response(answer: &HeaderMap) -> Response {
    let mut response = StatusCode::NOT_MODIFIED.into_response();
    for name in [header::ETAG, header::LAST_MODIFIED, header::CACHE_CONTROL, header::VARY, header::CONTENT_LOCATION] {
        if let Some(value) = answer.get(&name) {
            response.headers_mut().insert(name, value.clone());
        }
    }
    response
}

/// `Tue, 01 Dec 2026 19:40:16 GMT` (IMF-fixdate).
pub fn http_date(at: DateTime<Utc>) -> String {
    at.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

fn parse_http_date(value: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc2822(value).ok().map(|d| d.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        pairs.iter().map(|(k, v)| (k.clone(), HeaderValue::from_str(v).unwrap())).collect()
    }

    #[test]
    fn etags_compare_weakly_and_decide_over_dates() {
        let answer = headers(&[(header::ETAG, "W/\"abc\""), (header::LAST_MODIFIED, "Tue, 01 Dec 2026 10:00:00 GMT")]);
        assert!(not_modified(&headers(&[(header::IF_NONE_MATCH, "\"abc\"")]), &answer));
        assert!(not_modified(&headers(&[(header::IF_NONE_MATCH, "\"x\", W/\"abc\"")]), &answer));
        assert!(not_modified(&headers(&[(header::IF_NONE_MATCH, "*")]), &answer));
        assert!(!not_modified(&headers(&[(header::IF_NONE_MATCH, "\"abd\"")]), &answer));
        // A different tag wins over a date that would allow 304.
        let both = headers(&[
            (header::IF_NONE_MATCH, "\"old\""),
            (header::IF_MODIFIED_SINCE, "Tue, 01 Dec 2026 11:00:00 GMT"),
        ]);
        assert!(!not_modified(&both, &answer));
    }

    #[test]
    fn dates_allow_304_only_when_nothing_changed_since() {
        let answer = headers(&[(header::LAST_MODIFIED, "Tue, 01 Dec 2026 10:00:00 GMT")]);
        assert!(not_modified(&headers(&[(header::IF_MODIFIED_SINCE, "Tue, 01 Dec 2026 10:00:00 GMT")]), &answer));
        assert!(!not_modified(&headers(&[(header::IF_MODIFIED_SINCE, "Tue, 01 Dec 2026 09:59:59 GMT")]), &answer));
        assert!(!not_modified(&headers(&[(header::IF_MODIFIED_SINCE, "gestern")]), &answer));
        assert_eq!(http_date(DateTime::from_timestamp(0, 0).unwrap()), "Thu, 01 Jan 1970 00:00:00 GMT");
    }
}
