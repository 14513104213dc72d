//! Hearing about changes: one `LISTEN` connection per instance, and the
//! read-your-writes barrier of the admin area.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use sqlx::PgPool;
use sqlx::postgres::PgListener;

use super::{Change, PageCache};
use crate::model::write::CHANNEL;

/// How long a writer waits for its own change to arrive before emptying the cache instead.
const SYNC_WAIT: Duration = Duration::from_secs(1);

/// Payloads `sync <instance> <n>` are this module's own barriers, not changes.
fn barrier(payload: &str) -> Option<(u64, u64)> {
    let mut parts = payload.strip_prefix("sync ")?.split(' ');
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

impl PageCache {
    /// Returns once every change committed before this call has been applied
    /// to this instance's cache: it sends a marker on the channel and waits for
    /// the listener to receive it (notifications arrive in commit order). If
    /// that cannot happen in time, the cache is emptied instead, so the writer
    /// never sees a page from before its change.
    pub async fn sync(&self, db: &PgPool) {
        if !self.enabled {
            return;
        }
        if !self.listening.load(Ordering::SeqCst) {
            self.clear();
            return;
        }
        let n = self.markers.fetch_add(1, Ordering::SeqCst) + 1;
        let mut seen = self.synced.subscribe();
        let sent = sqlx::query("SELECT pg_notify($1, $2)")
            .bind(CHANNEL)
            .bind(format!("sync {} {n}", self.instance))
            .execute(db)
            .await;
        let arrived = sent.is_ok() && tokio::time::timeout(SYNC_WAIT, seen.wait_for(|m| *m >= n)).await.is_ok();
        if !arrived {
            tracing::warn!("own change not heard back in time: emptying the page cache");
            self.clear();
        }
    }

    fn heard(&self, payload: &str) {
        match barrier(payload) {
            Some((instance, n)) if instance == self.instance => self.synced.send_modify(|m| *m = (*m).max(n)),
            Some(_) => {}
            None => self.invalidate(&Change::parse(payload)),
        }
    }
}

/// Listens for changes made by any instance or program and drops the pages
/// they touch. When the connection drops, the database may be away: the stored
/// pages are kept and served meanwhile (nothing can change while it is away),
/// the outage is reported, and once the listener is connected again the cache
/// is emptied, because notifications may have been missed.
/// One listener for every city's cache of an installation: each hears every
/// notification and drops what it shows of the change (ids are unique across
/// cities, so a change of one city drops nothing of another).
pub fn spawn_listener(db: PgPool, caches: Vec<Arc<PageCache>>, health: Arc<crate::db::Health>) {
    tokio::spawn(async move {
        // The pool closes at shutdown; then there is nothing left to listen for.
        while !db.is_closed() {
            let mut listener = match PgListener::connect_with(&db).await {
                Ok(l) => l,
                Err(_) if db.is_closed() => break,
                Err(e) => {
                    tracing::warn!(error = %e, "cache listener cannot connect; retrying");
                    health.check(&db).await;
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    continue;
                }
            };
            if let Err(e) = listener.listen(CHANNEL).await {
                tracing::warn!(error = %e, "cache listener cannot listen; retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
            // Anything may have changed while we were not listening.
            for cache in &caches {
                cache.clear();
                cache.listening.store(true, Ordering::SeqCst);
            }
            loop {
                match listener.try_recv().await {
                    Ok(Some(notification)) => caches.iter().for_each(|c| c.heard(notification.payload())),
                    // The connection was lost: listen again on a new one (and clear then).
                    Ok(None) | Err(_) => {
                        caches.iter().for_each(|c| c.listening.store(false, Ordering::SeqCst));
                        if !db.is_closed() {
                            tracing::warn!("cache listener lost its connection; keeping the stored pages");
                            health.check(&db).await;
                        }
                        break;
                    }
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn barriers_are_told_apart_from_changes() {
        assert_eq!(barrier("sync 17 3"), Some((17, 3)));
        assert_eq!(barrier("projects|project=1"), None);
        assert_eq!(barrier("sync x"), None);
    }
}
