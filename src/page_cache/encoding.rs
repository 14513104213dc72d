//! Content codings of stored pages. A page is stored once, compressed with
//! Brotli (every current browser asks for it); the rare client that wants the
//! page uncompressed (curl, a monitoring probe) gets it decompressed on the fly.

use std::io::{Read, Write};

use axum::http::{HeaderMap, header};

/// Brotli quality for stored pages: tower-http's choice for responses (4) is
/// tuned for compressing on every request; a stored page is compressed once.
const QUALITY: u32 = 6;
const WINDOW: u32 = 22;

/// What a client accepts, read from `Accept-Encoding` as RFC 9110 says:
/// tokens are case-insensitive, `*` stands for every coding not named, a
/// coding not named (and not covered by `*`) is refused, except `identity`,
/// which is acceptable unless refused explicitly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Accepts {
    pub br: bool,
    pub identity: bool,
}

impl Accepts {
    pub fn of(headers: &HeaderMap) -> Accepts {
        let (mut br, mut identity, mut star) = (None, None, None);
        let parts =
            headers.get_all(header::ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(','));
        for part in parts {
            let mut pieces = part.split(';');
            let token = pieces.next().unwrap_or("").trim();
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")))
                .map_or(1.0, |q| q.trim().parse::<f32>().unwrap_or(0.0));
            if token.eq_ignore_ascii_case("br") {
                br = Some(q);
            } else if token.eq_ignore_ascii_case("identity") {
                identity = Some(q);
            } else if token == "*" {
                star = Some(q);
            }
        }
        Accepts { br: br.or(star).is_some_and(|q| q > 0.0), identity: identity.or(star).is_none_or(|q| q > 0.0) }
    }
}

pub fn compress(body: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len() / 4);
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 16 * 1024, QUALITY, WINDOW);
        writer.write_all(body)?;
        writer.flush()?;
    }
    Ok(out)
}

pub fn decompress(body: &[u8], limit: usize) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len() * 4);
    brotli::Decompressor::new(body, 16 * 1024).take(limit as u64 + 1).read_to_end(&mut out)?;
    if out.len() > limit {
        return Err(std::io::Error::other("decompressed page too large"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepts(value: Option<&str>) -> Accepts {
        let mut headers = HeaderMap::new();
        if let Some(v) = value {
            headers.insert(header::ACCEPT_ENCODING, v.parse().unwrap());
        }
        Accepts::of(&headers)
    }

    #[test]
    fn accept_encoding_is_read_as_rfc_9110_says() {
        assert_eq!(accepts(None), Accepts { br: false, identity: true });
        assert_eq!(accepts(Some("gzip, deflate, br, zstd")), Accepts { br: true, identity: true });
        assert_eq!(accepts(Some("BR;q=0.5")), Accepts { br: true, identity: true });
        assert_eq!(accepts(Some("br;q=0, gzip")), Accepts { br: false, identity: true });
        assert_eq!(accepts(Some("*")), Accepts { br: true, identity: true });
        assert_eq!(accepts(Some("gzip, identity;q=0")), Accepts { br: false, identity: false });
        assert_eq!(accepts(Some("*;q=0")), Accepts { br: false, identity: false });
        assert_eq!(accepts(Some("br, *;q=0")), Accepts { br: true, identity: false });
    }

    #[test]
    fn a_page_survives_compression_and_a_bomb_is_stopped() {
        let page = "<p>Sachstand der Digitalisierung</p>".repeat(1000);
        let stored = compress(page.as_bytes()).unwrap();
        assert!(stored.len() < page.len() / 10);
        assert_eq!(decompress(&stored, page.len()).unwrap(), page.as_bytes());
        assert!(decompress(&stored, page.len() - 1).is_err());
    }
}
