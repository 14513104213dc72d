//! Accounts, passwords, sessions, TOTP and CSRF tokens (login throttling: `throttle`).
//!
//! Sessions live in PostgreSQL; the cookie carries a random token of which
//! only a SHA-256 hash is stored. A new token is issued at every login step.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::{PgExecutor, PgPool};
use subtle::ConstantTimeEq;

use super::roles::Role;
use crate::AppState;
use crate::error::Error;

pub const IDLE_MINUTES: i64 = 30;
pub const ABSOLUTE_HOURS: i64 = 12;
pub const PASSWORD_MIN: usize = 12;
pub const PASSWORD_MAX: usize = 128;

/// The logged-in user of a request (set by the admin auth layer).
#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub totp_enabled: bool,
    pub csrf_token: String,
}

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<CurrentUser>().cloned().ok_or(Error::Forbidden)
    }
}

/// What an admin screen starts from: the application state and the signed-in user.
pub struct Screen {
    pub state: AppState,
    pub user: CurrentUser,
}

impl FromRequestParts<AppState> for Screen {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(Screen { state: state.clone(), user: CurrentUser::from_request_parts(parts, state).await? })
    }
}

pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

fn hash_token(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// The cookie's name: `__Host-` prefixed (and Secure) when the portal is served over https.
pub fn cookie_name(state: &AppState) -> &'static str {
    if state.config.base_url.starts_with("https://") { "__Host-sachstand" } else { "sachstand_session" }
}

pub fn session_cookie(state: &AppState, token: &str) -> String {
    let secure = if state.config.base_url.starts_with("https://") { "; Secure" } else { "" };
    format!("{}={token}; Path=/; HttpOnly; SameSite=Strict{secure}", cookie_name(state))
}

pub fn clear_cookie(state: &AppState) -> String {
    let secure = if state.config.base_url.starts_with("https://") { "; Secure" } else { "" };
    format!("{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}", cookie_name(state))
}

pub fn token_from_headers(state: &AppState, headers: &HeaderMap) -> Option<String> {
    let name = cookie_name(state);
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// What a session token resolves to.
pub enum SessionState {
    Active(CurrentUser),
    /// Password accepted, TOTP code still to enter.
    PendingTotp {
        user_id: i64,
    },
    None,
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    user_id: i64,
    email: String,
    name: String,
    role: Role,
    totp_enabled: bool,
    csrf_token: String,
    pending_totp: bool,
}

/// Looks up a session, enforcing the idle and absolute timeouts, and records activity.
/// The session behind `token` on the instance of city `city_id`: a session
/// belongs to its user's city and is no session anywhere else.
pub async fn session(db: &PgPool, city_id: i64, token: &str) -> Result<SessionState, sqlx::Error> {
    let row: Option<SessionRow> = sqlx::query_as(
        "UPDATE sessions s SET last_seen_at = now() FROM users u \
         WHERE s.token_hash = $1 AND u.id = s.user_id AND u.active AND u.city_id = $4 \
           AND s.last_seen_at > now() - make_interval(mins => $2) AND s.created_at > now() - make_interval(hours => $3) \
         RETURNING s.user_id, u.email, u.name, u.role, u.totp_enabled, s.csrf_token, s.pending_totp",
    )
    .bind(hash_token(token))
    .bind(IDLE_MINUTES as i32)
    .bind(ABSOLUTE_HOURS as i32)
    .bind(city_id)
    .fetch_optional(db)
    .await?;
    Ok(match row {
        None => SessionState::None,
        Some(r) if r.pending_totp => SessionState::PendingTotp { user_id: r.user_id },
        Some(r) => SessionState::Active(CurrentUser {
            id: r.user_id,
            email: r.email,
            name: r.name,
            role: r.role,
            totp_enabled: r.totp_enabled,
            csrf_token: r.csrf_token,
        }),
    })
}

/// Starts a session and returns its token. Any previous session token of this
/// browser is deleted first (session rotation).
pub async fn start_session(
    db: &PgPool,
    user_id: i64,
    pending_totp: bool,
    previous: Option<&str>,
    client: &str,
) -> Result<String, sqlx::Error> {
    let mut tx = db.begin().await?;
    if let Some(previous) = previous {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(hash_token(previous)).execute(&mut *tx).await?;
    }
    // Expired sessions of anyone are cleaned up on the way.
    sqlx::query("DELETE FROM sessions WHERE created_at < now() - make_interval(hours => $1) OR last_seen_at < now() - make_interval(mins => $2)")
        .bind(ABSOLUTE_HOURS as i32)
        .bind(IDLE_MINUTES as i32)
        .execute(&mut *tx)
        .await?;
    let token = random_token();
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, pending_totp, client) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(hash_token(&token))
    .bind(user_id)
    .bind(random_token())
    .bind(pending_totp)
    .bind(client)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(token)
}

pub async fn end_session(db: impl PgExecutor<'_>, token: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(hash_token(token)).execute(db).await?;
    Ok(())
}

pub async fn end_all_sessions_of(db: impl PgExecutor<'_>, user_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(db).await?;
    Ok(())
}

/// Why a new password is refused (in the request's language, shown next to the field).
pub fn password_problem(password: &str, user_inputs: &[&str]) -> Option<String> {
    let length = password.chars().count();
    if length < PASSWORD_MIN {
        return Some(crate::i18n::t_arg("admin-password-too-short", PASSWORD_MIN));
    }
    if length > PASSWORD_MAX {
        return Some(crate::i18n::t_arg("admin-password-too-long", PASSWORD_MAX));
    }
    // zxcvbn knows the lists of common passwords, names and keyboard patterns.
    if zxcvbn::zxcvbn(password, user_inputs).score() < zxcvbn::Score::Three {
        return Some(crate::i18n::t("admin-password-common"));
    }
    None
}

pub fn hash_password(password: &str) -> String {
    password_auth::generate_hash(password)
}

/// Verifies against the stored hash, or against a dummy hash when the account
/// does not exist, so that both cases take the same time.
pub fn verify_password(password: &str, hash: Option<&str>) -> bool {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let dummy = DUMMY.get_or_init(|| password_auth::generate_hash("dummy password for timing"));
    match hash {
        Some(hash) => password_auth::verify_password(password, hash).is_ok(),
        None => {
            let _ = password_auth::verify_password(password, dummy);
            false
        }
    }
}

/// At most this many password hashes are computed at once: argon2 takes about
/// 19 MiB and tens of milliseconds per check on purpose, so a flood of logins
/// must wait its turn instead of exhausting memory.
fn hashing_permits() -> &'static tokio::sync::Semaphore {
    static PERMITS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    PERMITS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        tokio::sync::Semaphore::new(2 * cores)
    })
}

/// [`verify_password`] in a blocking thread, within the bound on concurrent hashing.
pub async fn verify_password_bounded(password: String, hash: Option<String>) -> bool {
    let Ok(_permit) = hashing_permits().acquire().await else { return false };
    tokio::task::spawn_blocking(move || verify_password(&password, hash.as_deref())).await.unwrap_or(false)
}

/// [`hash_password`] in a blocking thread, within the bound on concurrent hashing.
pub async fn hash_password_bounded(password: String) -> Result<String, tokio::task::JoinError> {
    let _permit = hashing_permits().acquire().await.ok();
    tokio::task::spawn_blocking(move || hash_password(&password)).await
}

/// A TOTP (RFC 6238: SHA-1, 6 digits, 30 s, one step of clock skew) for a base32 secret.
pub fn totp(secret_base32: &str) -> Option<totp_rs::TOTP> {
    let bytes = totp_rs::Secret::Encoded(secret_base32.to_string()).to_bytes().ok()?;
    totp_rs::TOTP::new(totp_rs::Algorithm::SHA1, 6, 1, 30, bytes).ok()
}

pub fn new_totp_secret() -> String {
    let mut bytes = [0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    match totp_rs::Secret::Raw(bytes.to_vec()).to_encoded() {
        totp_rs::Secret::Encoded(s) => s,
        totp_rs::Secret::Raw(_) => unreachable!("to_encoded returns an encoded secret"),
    }
}

pub fn check_totp(secret_base32: &str, code: &str) -> bool {
    matching_step(secret_base32, code).is_some()
}

/// The time step (30 s) whose code `code` is, among the current one and one either side.
fn matching_step(secret_base32: &str, code: &str) -> Option<u64> {
    use subtle::ConstantTimeEq;
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let totp = totp(secret_base32).filter(|_| code.len() == 6)?;
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
    [now.saturating_sub(totp.step), now, now + totp.step]
        .into_iter()
        .find(|t| bool::from(totp.generate(*t).as_bytes().ct_eq(code.as_bytes())))
        .map(|t| t / totp.step)
}

/// Checks a login code and uses it up: a code is accepted only if its time step
/// is later than the last one accepted for this account (checked and recorded
/// in one statement, so that parallel requests cannot both use it).
pub async fn use_totp(db: &PgPool, user_id: i64, secret_base32: &str, code: &str) -> Result<bool, sqlx::Error> {
    let Some(step) = matching_step(secret_base32, code) else { return Ok(false) };
    let claimed: Option<i64> = sqlx::query_scalar(
        "UPDATE users SET totp_last_step = $2 WHERE id = $1 AND coalesce(totp_last_step, -1) < $2 RETURNING id",
    )
    .bind(user_id)
    .bind(step as i64)
    .fetch_optional(db)
    .await?;
    Ok(claimed.is_some())
}

/// The key of stateless CSRF tokens for forms shown before login; shared by all
/// instances through the database.
pub async fn csrf_key(db: &PgPool) -> Result<Vec<u8>, sqlx::Error> {
    let mut candidate = vec![0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut candidate);
    sqlx::query("INSERT INTO app_secrets (name, value) VALUES ('csrf', $1) ON CONFLICT (name) DO NOTHING")
        .bind(&candidate)
        .execute(db)
        .await?;
    sqlx::query_scalar("SELECT value FROM app_secrets WHERE name = 'csrf'").fetch_one(db).await
}

/// A token for anonymous forms (login): expiry time and its HMAC.
pub fn anonymous_csrf(key: &[u8]) -> String {
    let expires = chrono::Utc::now().timestamp() + 2 * 3600;
    format!("{expires}.{}", URL_SAFE_NO_PAD.encode(sign(key, &expires.to_string())))
}

fn sign(key: &[u8], message: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(message.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

pub fn check_anonymous_csrf(key: &[u8], token: &str) -> bool {
    let Some((expires, mac)) = token.split_once('.') else {
        return false;
    };
    let Ok(expires_at) = expires.parse::<i64>() else {
        return false;
    };
    let expected = URL_SAFE_NO_PAD.encode(sign(key, expires));
    expires_at > chrono::Utc::now().timestamp() && bool::from(expected.as_bytes().ct_eq(mac.as_bytes()))
}

pub fn tokens_equal(a: &str, b: &str) -> bool {
    bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_long_and_common_passwords_are_refused() {
        assert!(password_problem("kurz", &[]).unwrap().contains("mindestens 12"));
        assert!(password_problem(&"x".repeat(129), &[]).unwrap().contains("höchstens 128"));
        assert!(password_problem("password1234", &[]).unwrap().contains("häufig verwendeter"));
        assert!(password_problem("123456789012", &[]).is_some());
        assert!(password_problem("Rhein Brücke Fahrrad Tinte", &[]).is_none());
    }

    #[test]
    fn anonymous_csrf_tokens_verify_only_with_the_key() {
        let token = anonymous_csrf(b"key one");
        assert!(check_anonymous_csrf(b"key one", &token));
        assert!(!check_anonymous_csrf(b"key two", &token));
        assert!(!check_anonymous_csrf(b"key one", "0.abc"));
        assert!(!check_anonymous_csrf(b"key one", "garbage"));
    }

    #[test]
    fn totp_codes_of_the_current_step_are_accepted() {
        let secret = new_totp_secret();
        let code = totp(&secret).unwrap().generate_current().unwrap();
        assert!(check_totp(&secret, &code));
        assert!(!check_totp(&secret, "000000") || code == "000000");
    }
}
