//! Who is asking: the visitor's IP address, for login throttling, rate limits
//! and the logs. Behind a reverse proxy the TCP peer is the proxy; only when
//! the peer is one of the configured trusted proxies (`SACHSTAND_TRUSTED_PROXIES`)
//! is `X-Forwarded-For` believed, read from the right so that a visitor cannot
//! put an address of their choice in front of the proxy's own entry.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;

use crate::AppState;
use crate::config::Network;

/// The visitor's address, resolved once per request by [`resolve`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

impl std::fmt::Display for ClientIp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// The address a request without a TCP peer (an in-process call) is counted under.
const UNKNOWN: IpAddr = IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED);

/// The visitor behind `peer`: the peer itself, or, when the peer is a trusted
/// proxy, the right-most address in `X-Forwarded-For` that is not a trusted proxy.
pub fn visitor(peer: IpAddr, headers: &HeaderMap, trusted: &[Network]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|n| n.contains(*ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let forwarded = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect::<Vec<_>>();
    let mut visitor = peer;
    for hop in forwarded.iter().rev() {
        let Ok(ip) = hop.parse::<IpAddr>() else { break };
        visitor = ip;
        if !is_trusted(&ip) {
            break;
        }
    }
    visitor
}

/// Layer: stores the [`ClientIp`] of every request in its extensions.
pub async fn resolve(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let peer = request.extensions().get::<ConnectInfo<SocketAddr>>().map_or(UNKNOWN, |c| c.0.ip());
    let ip = visitor(peer, request.headers(), &state.config.trusted_proxies);
    request.extensions_mut().insert(ClientIp(ip));
    next.run(request).await
}

/// The resolved address of a request (the peer's when the layer did not run).
pub fn of(extensions: &axum::http::Extensions) -> ClientIp {
    extensions
        .get::<ClientIp>()
        .copied()
        .unwrap_or_else(|| ClientIp(extensions.get::<ConnectInfo<SocketAddr>>().map_or(UNKNOWN, |c| c.0.ip())))
}

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(of(&parts.extensions))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(forwarded: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", forwarded.parse().unwrap());
        h
    }

    #[test]
    fn forwarded_addresses_count_only_behind_a_trusted_proxy() {
        let proxy: IpAddr = "10.0.0.5".parse().unwrap();
        let trusted = vec!["10.0.0.0/8".parse::<Network>().unwrap()];
        let h = headers("203.0.113.9");
        assert_eq!(visitor(proxy, &h, &trusted), "203.0.113.9".parse::<IpAddr>().unwrap());
        assert_eq!(visitor(proxy, &h, &[]), proxy, "no trusted proxy configured");
        let stranger: IpAddr = "198.51.100.1".parse().unwrap();
        assert_eq!(visitor(stranger, &h, &trusted), stranger, "a header from an untrusted peer is ignored");
    }

    #[test]
    fn a_visitor_cannot_choose_their_address_by_sending_the_header_themselves() {
        let proxy: IpAddr = "10.0.0.5".parse().unwrap();
        let trusted = vec!["10.0.0.0/8".parse::<Network>().unwrap()];
        // The visitor sent "1.2.3.4"; the proxy appended the real address.
        let h = headers("1.2.3.4, 203.0.113.9, 10.0.0.7");
        assert_eq!(visitor(proxy, &h, &trusted), "203.0.113.9".parse::<IpAddr>().unwrap());
        assert_eq!(visitor(proxy, &headers("garbage"), &trusted), proxy);
    }
}
