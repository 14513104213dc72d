//! Configuration from the environment (documented in the README).

use std::net::{IpAddr, SocketAddr};
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
    /// `SACHSTAND_TRUSTED_PROXIES`: comma-separated addresses or networks (`10.0.0.0/8`)
    /// of reverse proxies whose `X-Forwarded-For` names the visitor. Empty by default:
    /// then the TCP peer is the visitor.
    pub trusted_proxies: Vec<Network>,
    /// `SACHSTAND_MAX_RENDERS`: requests rendered at once (cache misses and admin
    /// pages); more wait up to half a second for a slot, then get 503. Default 32.
    pub max_renders: usize,
    /// `SACHSTAND_DB_POOL`: connections to PostgreSQL. Default: twice the cores
    /// this process may use, at least 4 and at most 16. More connections than
    /// the database has cores to run them only queue inside PostgreSQL: on 2
    /// cores, 16 connections tripled the 99th percentile of uncached pages.
    pub db_pool: u32,
    /// `SACHSTAND_REQUEST_TIMEOUT`: seconds a request may take before it is
    /// abandoned (rolled back) with 503. Default 30.
    pub request_timeout: std::time::Duration,
    /// `SACHSTAND_METRICS_TOKEN`: when set (at least 16 characters), `/metrics`
    /// answers requests carrying `Authorization: Bearer <token>`; unset, it does not exist.
    pub metrics_token: Option<String>,
    /// `SACHSTAND_LOG_FORMAT`: `text` (default) or `json` (one JSON object per line).
    pub log_json: bool,
}

/// An IP network such as `10.0.0.0/8` or a single address (`127.0.0.1`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Network {
    address: IpAddr,
    prefix: u8,
}

impl Network {
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        match (self.address, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                prefix_matches(net.to_bits().into(), ip.to_bits().into(), 32, self.prefix)
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => prefix_matches(net.to_bits(), ip.to_bits(), 128, self.prefix),
            _ => false,
        }
    }
}

fn prefix_matches(net: u128, ip: u128, bits: u8, prefix: u8) -> bool {
    let shift = u32::from(bits - prefix);
    shift >= u32::from(bits) || (net >> shift) == (ip >> shift)
}

impl std::str::FromStr for Network {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (address, prefix) = text.trim().split_once('/').map_or((text.trim(), None), |(a, p)| (a, Some(p)));
        let address: IpAddr = address.parse().map_err(|_| text.to_string())?;
        let address = address.to_canonical();
        let bits = if address.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => bits,
            Some(p) => p.parse::<u8>().ok().filter(|p| *p <= bits).ok_or_else(|| text.to_string())?,
        };
        Ok(Network { address, prefix })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("SACHSTAND_BIND ist keine gültige Adresse (invalid address): {0}")]
    Bind(String),
    #[error("SACHSTAND_TRUSTED_PROXIES enthält keine gültige Adresse oder kein gültiges Netz (z. B. 10.0.0.0/8): {0}")]
    TrustedProxy(String),
    #[error("{0} muss eine positive ganze Zahl sein: {1}")]
    Number(&'static str, String),
    #[error("SACHSTAND_METRICS_TOKEN muss mindestens 16 Zeichen lang sein.")]
    MetricsToken,
    #[error("SACHSTAND_LOG_FORMAT muss „text“ oder „json“ sein: {0}")]
    LogFormat(String),
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
        let trusted_proxies = get("SACHSTAND_TRUSTED_PROXIES")
            .unwrap_or_default()
            .split(',')
            .filter(|part| !part.trim().is_empty())
            .map(|part| part.parse::<Network>().map_err(ConfigError::TrustedProxy))
            .collect::<Result<Vec<_>, _>>()?;
        let number = |key: &'static str, default: u64| match get(key) {
            None => Ok(default),
            Some(text) => text.trim().parse::<u64>().ok().filter(|n| *n > 0).ok_or(ConfigError::Number(key, text)),
        };
        let max_renders = number("SACHSTAND_MAX_RENDERS", 32)? as usize;
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get()) as u64;
        let db_pool = number("SACHSTAND_DB_POOL", (2 * cores).clamp(4, 16))?.min(1000) as u32;
        let request_timeout = std::time::Duration::from_secs(number("SACHSTAND_REQUEST_TIMEOUT", 30)?);
        let metrics_token = get("SACHSTAND_METRICS_TOKEN");
        if metrics_token.as_ref().is_some_and(|t| t.chars().count() < 16) {
            return Err(ConfigError::MetricsToken);
        }
        let log_json = match get("SACHSTAND_LOG_FORMAT").as_deref() {
            None | Some("text") => false,
            Some("json") => true,
            Some(other) => return Err(ConfigError::LogFormat(other.to_string())),
        };
        Ok(Config {
            database_url: get("DATABASE_URL"),
            data_dir: get("SACHSTAND_DATA_DIR").unwrap_or_else(|| "./data".into()).into(),
            bind,
            base_url,
            city,
            content_dir: get("SACHSTAND_CONTENT_DIR").unwrap_or_else(|| "./content".into()).into(),
            page_cache: get("SACHSTAND_PAGE_CACHE").is_none_or(|v| v != "off"),
            trusted_proxies,
            max_renders,
            db_pool,
            request_timeout,
            metrics_token,
            log_json,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn networks_contain_their_addresses_only() {
        let net: Network = "10.0.0.0/8".parse().unwrap();
        assert!(net.contains("10.200.3.4".parse().unwrap()));
        assert!(!net.contains("11.0.0.1".parse().unwrap()));
        assert!(net.contains("::ffff:10.1.1.1".parse().unwrap()), "IPv4-mapped IPv6");
        let one: Network = "127.0.0.1".parse().unwrap();
        assert!(one.contains("127.0.0.1".parse().unwrap()) && !one.contains("127.0.0.2".parse().unwrap()));
        let v6: Network = "2001:db8::/32".parse().unwrap();
        assert!(v6.contains("2001:db8:1::5".parse().unwrap()) && !v6.contains("2001:db9::1".parse().unwrap()));
        let all: Network = "0.0.0.0/0".parse().unwrap();
        assert!(all.contains("8.8.8.8".parse().unwrap()));
    }

    #[test]
    fn a_wrong_trusted_proxy_is_a_clear_start_error() {
        let error =
            Config::from_lookup(|k| (k == "SACHSTAND_TRUSTED_PROXIES").then(|| "10.0.0.0/33".into())).unwrap_err();
        assert!(error.to_string().contains("10.0.0.0/33"), "{error}");
        let ok = Config::from_lookup(|k| (k == "SACHSTAND_TRUSTED_PROXIES").then(|| "127.0.0.1, 10.0.0.0/8".into()));
        assert_eq!(ok.unwrap().trusted_proxies.len(), 2);
    }

    #[test]
    fn the_pool_follows_the_cores_unless_configured() {
        let default = Config::from_lookup(|_| None).unwrap().db_pool;
        let cores = std::thread::available_parallelism().unwrap().get() as u32;
        assert_eq!(default, (2 * cores).clamp(4, 16));
        let set = Config::from_lookup(|k| (k == "SACHSTAND_DB_POOL").then(|| "6".into())).unwrap();
        assert_eq!(set.db_pool, 6);
        let error = Config::from_lookup(|k| (k == "SACHSTAND_DB_POOL").then(|| "0".into())).unwrap_err();
        assert!(error.to_string().contains("SACHSTAND_DB_POOL"), "{error}");
    }
}
