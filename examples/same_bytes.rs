//! The benchmark's reference (`bench/run.sh`): the least an axum server can do to
//! answer with a page, namely send bytes it holds in memory. The portal's cached
//! path is measured against it on the same bytes, core and worker count.
//!
//! `same_bytes ADDR PATH=FILE...`, e.g. `same_bytes 127.0.0.1:4000 /=overview.html`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

async fn page(State(pages): State<Arc<HashMap<String, Bytes>>>, request: Request) -> Response {
    match pages.get(request.uri().path()) {
        Some(body) => ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body.clone()).into_response(),
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
        pages.insert(path.to_string(), Bytes::from(std::fs::read(file)?));
    }
    let app = Router::new().fallback(page).with_state(Arc::new(pages));
    axum::serve(tokio::net::TcpListener::bind(address).await?, app).await
}
