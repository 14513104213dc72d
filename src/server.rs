//! The HTTP server loop: accepts connections and serves the app over HTTP/1.1
//! with the timeouts `axum::serve` does not set. A client that takes longer
//! than [`HEADER_READ_TIMEOUT`] to send a request's headers (a slowloris
//! dribbling one byte every few seconds, or a connection that sends nothing)
//! is disconnected, so it cannot hold a task and a socket forever. HTTP/2 and
//! TLS are the reverse proxy's job (see `docs/operations.md`).

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::response::Response;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;

use crate::App;

/// The whole header block of a request must arrive within this time.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long running requests may finish after a shutdown signal.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// A stored page, or one being rendered (boxed: only misses pay for it).
enum Answer {
    Stored(std::future::Ready<Response>),
    Rendered(Pin<Box<dyn Future<Output = Response> + Send>>),
}

impl Future for Answer {
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.get_mut() {
            Answer::Stored(response) => Pin::new(response).poll(cx).map(Ok),
            Answer::Rendered(future) => future.as_mut().poll(cx).map(Ok),
        }
    }
}

/// Serves `app` on `listener` until `shutdown` completes, then lets running
/// requests finish (up to [`SHUTDOWN_GRACE`]).
pub async fn run(listener: TcpListener, app: App, shutdown: impl Future<Output = ()>) -> std::io::Result<()> {
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: wait a moment instead of spinning.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
            // A stored page is answered at once; only a render needs the rest.
            match app.stored(&request) {
                Some(response) => Answer::Stored(std::future::ready(response)),
                None => {
                    let mut request = request.map(Body::new);
                    // What `into_make_service_with_connect_info` would insert: the TCP peer.
                    request.extensions_mut().insert(ConnectInfo(peer));
                    Answer::Rendered(Box::pin(app.render(request)))
                }
            }
        });
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(HEADER_READ_TIMEOUT)
            .serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, %peer, "connection ended with an error");
            }
        });
    }
    drop(listener);
    if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown()).await.is_err() {
        tracing::warn!("requests still running after the shutdown grace period; stopping anyway");
    }
    Ok(())
}
