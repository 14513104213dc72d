//! Slowing down password and code guessing without locking anybody out.
//!
//! Every login attempt is counted *before* its password or code is checked,
//! under advisory locks on the account and the client, so parallel requests
//! cannot slip past the count. After a few failures an account (or a client
//! address) must pause before its next attempt, and the pause doubles with each
//! further failure up to a minute. The right password is never refused for
//! good: an attacker who knows an e-mail address can slow its owner down by a
//! minute at most, not lock them out (issue 9, finding 8).
//!
//! On top, the login routes take at most a burst of [`ROUTE_BURST`] requests
//! per client address, refilled at [`ROUTE_PER_MINUTE`] a minute, so that a
//! flood is answered from memory before it reaches the database.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sqlx::PgPool;

use crate::ui::client;

/// Failures of one account within the window that cost no pause.
pub const FREE_FAILURES_PER_ACCOUNT: i64 = 3;
/// Failures from one client address within the window that cost no pause
/// (more, because many people may share an office's address).
pub const FREE_FAILURES_PER_CLIENT: i64 = 30;
/// The longest pause, in seconds.
pub const MAX_DELAY_SECONDS: i64 = 60;
/// Failures older than this are forgotten.
pub const FAILURE_WINDOW_MINUTES: i64 = 15;
/// Requests to the login routes one client address may send at once…
pub const ROUTE_BURST: f64 = 40.0;
/// …and how many more it earns per minute.
pub const ROUTE_PER_MINUTE: f64 = 20.0;

/// Whether an attempt may go ahead.
#[derive(Debug, PartialEq, Eq)]
pub enum Attempt {
    /// Counted as a failure (id in `login_failures`) until [`succeeded`] removes it.
    Go(i64),
    /// Too soon after the last failures: try again in this many seconds.
    Wait(i64),
}

/// The pause (seconds) owed after `failures` failures of which `free` cost nothing.
pub fn delay_after(failures: i64, free: i64) -> i64 {
    if failures < free {
        return 0;
    }
    let doublings = u32::try_from(failures - free).unwrap_or(u32::MAX).min(16);
    (1i64 << doublings).min(MAX_DELAY_SECONDS)
}

/// Counts an attempt of `email` from `client`, or says how long to wait first.
pub async fn begin(db: &PgPool, email: &str, client: &str) -> Result<Attempt, sqlx::Error> {
    let mut tx = db.begin().await?;
    // Always the account first, then the client: no two attempts wait on each other in a cycle.
    sqlx::query("SELECT pg_advisory_xact_lock(hashtext('login-account:' || $1))").bind(email).execute(&mut *tx).await?;
    sqlx::query("SELECT pg_advisory_xact_lock(hashtext('login-client:' || $1))").bind(client).execute(&mut *tx).await?;
    let (by_account, account_idle, by_client, client_idle): (i64, f64, i64, f64) = sqlx::query_as(
        "SELECT count(*) FILTER (WHERE email = $1), \
                coalesce(extract(epoch FROM now() - max(at) FILTER (WHERE email = $1)), 1e9)::float8, \
                count(*) FILTER (WHERE client = $2), \
                coalesce(extract(epoch FROM now() - max(at) FILTER (WHERE client = $2)), 1e9)::float8 \
         FROM login_failures WHERE at > now() - make_interval(mins => $3) AND (email = $1 OR client = $2)",
    )
    .bind(email)
    .bind(client)
    .bind(FAILURE_WINDOW_MINUTES as i32)
    .fetch_one(&mut *tx)
    .await?;
    let owed = |failures: i64, free: i64, idle: f64| (delay_after(failures, free) as f64 - idle).ceil() as i64;
    let wait = owed(by_account, FREE_FAILURES_PER_ACCOUNT, account_idle).max(owed(
        by_client,
        FREE_FAILURES_PER_CLIENT,
        client_idle,
    ));
    if wait > 0 {
        return Ok(Attempt::Wait(wait));
    }
    let id: i64 = sqlx::query_scalar("INSERT INTO login_failures (email, client) VALUES ($1, $2) RETURNING id")
        .bind(email)
        .bind(client)
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Attempt::Go(id))
}

/// The attempt proved right: it no longer counts as a failure.
pub async fn succeeded(db: &PgPool, attempt: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_failures WHERE id = $1").bind(attempt).execute(db).await?;
    Ok(())
}

/// After a complete login the account's earlier failures are forgotten.
pub async fn clear(db: &PgPool, email: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_failures WHERE email = $1").bind(email).execute(db).await?;
    Ok(())
}

/// The message for a pause of `seconds`, in the request's language.
pub fn wait_message(seconds: i64) -> String {
    if seconds == 1 {
        crate::i18n::t("admin-throttle-wait-one")
    } else {
        crate::i18n::t_arg("admin-throttle-wait", seconds)
    }
}

/// A token bucket per client address for the login routes.
#[derive(Default)]
pub struct RouteLimit {
    buckets: Mutex<HashMap<IpAddr, (f64, Instant)>>,
}

impl RouteLimit {
    /// Takes one token for `ip`; `Err(seconds)` until the next one when there is none.
    fn take(&self, ip: IpAddr, now: Instant) -> Result<(), u64> {
        let mut buckets = self.buckets.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let per_second = ROUTE_PER_MINUTE / 60.0;
        if buckets.len() > 100_000 {
            // Forget addresses whose bucket has refilled: they are owed nothing.
            buckets
                .retain(|_, (tokens, at)| *tokens + now.duration_since(*at).as_secs_f64() * per_second < ROUTE_BURST);
        }
        let (tokens, at) = buckets.entry(ip).or_insert((ROUTE_BURST, now));
        *tokens = (*tokens + now.duration_since(*at).as_secs_f64() * per_second).min(ROUTE_BURST);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - *tokens) / per_second).ceil() as u64)
        }
    }
}

/// Layer for the login routes: posts beyond a client's budget get 429 at once.
pub async fn limit_login_posts(limit: Arc<RouteLimit>, request: Request, next: Next) -> Response {
    if request.method() != Method::POST {
        return next.run(request).await;
    }
    let ip = client::of(request.extensions()).0;
    match limit.take(ip, Instant::now()) {
        Ok(()) => next.run(request).await,
        Err(seconds) => {
            tracing::warn!(target: "security", event = "login_rate_limited", client = %ip, "too many login requests");
            let mut response = crate::error::Error::TooManyRequests(wait_message(seconds as i64)).into_response();
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            debug_assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
            response
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pause_doubles_after_the_free_failures_and_stops_at_a_minute() {
        let pauses: Vec<i64> = (0..12).map(|n| delay_after(n, 3)).collect();
        assert_eq!(pauses, [0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60]);
        assert_eq!(delay_after(i64::MAX, 3), MAX_DELAY_SECONDS);
    }

    #[test]
    fn a_client_gets_its_burst_then_one_request_per_refill() {
        let limit = RouteLimit::default();
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        let start = Instant::now();
        let granted = (0..100).filter(|_| limit.take(ip, start).is_ok()).count();
        assert_eq!(granted, ROUTE_BURST as usize);
        assert_eq!(limit.take(ip, start), Err(3), "one token every 3 s");
        assert!(limit.take(ip, start + std::time::Duration::from_secs(3)).is_ok());
        assert!(limit.take("192.0.2.2".parse().unwrap(), start).is_ok(), "another address has its own budget");
    }
}
