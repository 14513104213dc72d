//! Configuration from the environment (documented in the README).

use std::net::SocketAddr;
use std::path::PathBuf;

/// Everything the portal reads from its environment, parsed once at start.
#[derive(Clone, Debug)]
pub struct Config {
    /// `DATABASE_URL`; when absent the portal runs its own private PostgreSQL cluster.
    pub database_url: Option<String>,
    /// `SACHSTAND_DATA_DIR`: where the embedded cluster lives.
    pub data_dir: PathBuf,
    /// `SACHSTAND_BIND`: the address the HTTP server listens on.
    pub bind: SocketAddr,
    /// `SACHSTAND_BASE_URL`: the public address, used in the Atom feed and canonical links.
    pub base_url: String,
    /// `SACHSTAND_CITY`: slug of the city this installation serves.
    pub city: String,
    /// `SACHSTAND_CONTENT_DIR`: demo content loaded into an empty database.
    pub content_dir: PathBuf,
    /// `SACHSTAND_PAGE_CACHE` (`on` by default, `off` to render every request).
    pub page_cache: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("SACHSTAND_BIND ist keine gültige Adresse (invalid address): {0}")]
    Bind(String),
    #[error("SACHSTAND_CITY muss aus Kleinbuchstaben, Ziffern und '-' bestehen: {0}")]
    City(String),
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|key| std::env::var(key).ok().filter(|v| !v.is_empty()))
    }

    /// Parses from any key lookup, so tests need not touch the process environment.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let bind_text = get("SACHSTAND_BIND").unwrap_or_else(|| "127.0.0.1:3000".into());
        let bind = bind_text.parse().map_err(|_| ConfigError::Bind(bind_text.clone()))?;
        let city = get("SACHSTAND_CITY").unwrap_or_else(|| "mainz".into());
        if city.is_empty() || !city.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
            return Err(ConfigError::City(city));
        }
        let base_url =
            get("SACHSTAND_BASE_URL").unwrap_or_else(|| format!("http://{bind}")).trim_end_matches('/').to_string();
        Ok(Config {
            database_url: get("DATABASE_URL"),
            data_dir: get("SACHSTAND_DATA_DIR").unwrap_or_else(|| "./data".into()).into(),
            bind,
            base_url,
            city,
            content_dir: get("SACHSTAND_CONTENT_DIR").unwrap_or_else(|| "./content".into()).into(),
            page_cache: get("SACHSTAND_PAGE_CACHE").is_none_or(|v| v != "off"),
        })
    }
}
