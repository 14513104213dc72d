//! The benchmark's reference (`bench/run.sh`): the least an axum server can do to
//! answer with a page, namely send bytes it holds in memory. The portal's cached
//! path is measured against it on the same bytes, core and worker count.
//!
//! `same_bytes ADDR PATH=FILE...`, e.g. `same_bytes 127.0.0.1:4000 /=overview.html`.
//! A file whose name ends in `.br` is sent as it is with `content-encoding: br`
//! (the portal stores its pages Brotli-compressed and sends them so).

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

struct Page {
    body: Bytes,
    brotli: bool,
}

async fn page(State(pages): State<Arc<HashMap<String, Page>>>, request: Request) -> Response {
    match pages.get(request.uri().path()) {
        Some(Page { body, brotli: true }) => {
            ([(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CONTENT_ENCODING, "br")], body.clone())
                .into_response()
        }
        Some(Page { body, brotli: false }) => {
            ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body.clone()).into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let address = args.next().expect("usage: same_bytes ADDR PATH=FILE...");
    let mut pages = HashMap::new();
    for pair in args {
        let (path, file) = pair.split_once('=').expect("PATH=FILE");
        let page = Page { body: Bytes::from(std::fs::read(file)?), brotli: file.ends_with(".br") };
        pages.insert(path.to_string(), page);
    }
    let app = Router::new().fallback(page).with_state(Arc::new(pages));
    axum::serve(tokio::net::TcpListener::bind(address).await?, app).await
}
