//! Released documents (migration 0016): the PDF bytes of a released annual
//! report or an inquiry answer, stored once per version of the record with
//! their SHA-256, and served from here ever after.

use sha2::{Digest, Sha256};
use sqlx::PgExecutor;

/// What a stored document is of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    AnnualReport,
    Inquiry,
}

impl Kind {
    fn code(self) -> &'static str {
        match self {
            Kind::AnnualReport => "annual_report",
            Kind::Inquiry => "inquiry",
        }
    }
}

/// Which document: of what, of which record (its id, not its year or slug,
/// which a reopened record may change) and of which version of it.
#[derive(Clone, Debug)]
pub struct Key {
    pub city_id: i64,
    pub kind: Kind,
    pub record_id: i64,
    pub version: i32,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Stored {
    pub bytes: Vec<u8>,
    pub sha256: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// Lower-case hex of the SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

const WHERE: &str = "WHERE city_id = $1 AND kind = $2 AND record_id = $3 AND version = $4";

pub async fn find(db: impl PgExecutor<'_>, key: &Key) -> Result<Option<Stored>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT bytes, sha256, created_at FROM released_documents {WHERE}"))
        .bind(key.city_id)
        .bind(key.kind.code())
        .bind(key.record_id)
        .bind(key.version)
        .fetch_optional(db)
        .await
}

/// A stored document's checksum and size, without reading its bytes (for the page that links it).
pub async fn summary(db: impl PgExecutor<'_>, key: &Key) -> Result<Option<(String, i64)>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT sha256, octet_length(bytes)::int8 FROM released_documents {WHERE}"))
        .bind(key.city_id)
        .bind(key.kind.code())
        .bind(key.record_id)
        .bind(key.version)
        .fetch_optional(db)
        .await
}

/// Stores `bytes` unless a document of this key is stored already (two first
/// requests at once); returns the one stored, which all later requests get.
pub async fn store(conn: &mut sqlx::PgConnection, key: &Key, bytes: Vec<u8>) -> Result<Stored, sqlx::Error> {
    sqlx::query(
        "INSERT INTO released_documents (city_id, kind, record_id, version, bytes, sha256) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
    )
    .bind(key.city_id)
    .bind(key.kind.code())
    .bind(key.record_id)
    .bind(key.version)
    .bind(&bytes)
    .bind(sha256_hex(&bytes))
    .execute(&mut *conn)
    .await?;
    find(&mut *conn, key).await?.ok_or(sqlx::Error::RowNotFound)
}

#[cfg(test)]
mod tests {
    #[test]
    fn sha256_is_lower_hex() {
        assert_eq!(super::sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
