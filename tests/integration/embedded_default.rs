//! The embedded default: without DATABASE_URL, `sachstand serve` creates and
//! starts a private PostgreSQL cluster, serves, and stops it on SIGTERM.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn start(data_dir: &Path, port: u16) -> Child {
    Command::new(env!("CARGO_BIN_EXE_sachstand"))
        .arg("serve")
        .env_remove("DATABASE_URL")
        .env("SACHSTAND_DATA_DIR", data_dir)
        .env("SACHSTAND_BIND", format!("127.0.0.1:{port}"))
        .env("SACHSTAND_CONTENT_DIR", Path::new(env!("CARGO_MANIFEST_DIR")).join("content"))
        .env("RUST_LOG", "sachstand=info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts")
}

/// A plain HTTP/1.0 GET; returns the status line and body once the server answers.
fn http_get(port: u16, path: &str) -> Option<(String, String)> {
    http_get_at(port, "localhost", path)
}

/// [`http_get`] for another host name (another city of the installation).
fn http_get_at(port: u16, host: &str, path: &str) -> Option<(String, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n").ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let (head, body) = response.split_once("\r\n\r\n")?;
    Some((head.lines().next()?.to_string(), body.to_string()))
}

fn wait_for_200(child: &mut Child, port: u16) -> String {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Some((status, body)) = http_get(port, "/") {
            assert!(status.contains("200"), "{status}");
            return body;
        }
        if let Some(exit) = child.try_wait().unwrap() {
            let mut err = String::new();
            child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
            panic!("the portal exited early ({exit}):\n{err}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("the portal did not answer within 60 s");
}

fn terminate(mut child: Child) -> String {
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let status = child.wait().unwrap();
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert!(status.success(), "clean exit after SIGTERM: {status}\n{err}");
    err
}

#[test]
fn the_embedded_default_starts_serves_and_stops_its_cluster_and_keeps_data() {
    let dir = tempfile::tempdir().unwrap();
    // As root the cluster runs as `postgres`, which must be able to enter the folder.
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let data = dir.path().join("data");

    let port = free_port();
    let mut child = start(&data, port);
    let body = wait_for_200(&mut child, port);
    assert!(body.contains("Digitalisierung in Mainz"), "demo content is served");
    // Both demo cities and both languages, as `cargo run` shows them.
    let (status, muster) = http_get_at(port, &format!("musterstadt.localhost:{port}"), "/").unwrap();
    assert!(status.contains("200") && muster.contains("Digitalisierung in Musterstadt"), "{status}");
    assert!(!muster.contains("Digitalisierung in Mainz"), "Musterstadt's own start page");
    let (status, english) = http_get(port, "/en").unwrap();
    assert!(
        status.contains("200") && english.contains("<html lang=\"en\">") && english.contains("Digitalisation in Mainz")
    );
    assert!(data.join("postgres/postmaster.pid").exists(), "the private cluster runs");
    let log = terminate(child);
    assert!(log.contains("loading the demo content"), "first start loads the demo: {log}");
    assert!(!data.join("postgres/postmaster.pid").exists(), "the cluster was stopped: {log}");

    // Second start: same data, no second load.
    let port = free_port();
    let mut child = start(&data, port);
    let body = wait_for_200(&mut child, port);
    assert!(body.contains("Digitalisierung in Mainz"));
    let log = terminate(child);
    assert!(!log.contains("loading the demo content"), "data survived the restart: {log}");
    assert!(!data.join("postgres/postmaster.pid").exists());
}

#[test]
fn without_postgresql_binaries_it_says_what_to_install() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_sachstand"))
        .arg("serve")
        .env_remove("DATABASE_URL")
        .env("SACHSTAND_DATA_DIR", dir.path())
        .env("SACHSTAND_PG_BINDIR", dir.path().join("no-such-dir"))
        .output()
        .unwrap();
    assert!(!output.status.success());
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("Bitte PostgreSQL installieren") && err.contains("Install PostgreSQL"), "{err}");
}

#[test]
fn every_subcommand_has_help() {
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["migrate", "--help"],
        vec!["load-content", "--help"],
        vec!["create-city", "--help"],
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_sachstand")).args(&args).output().unwrap();
        assert!(output.status.success(), "{args:?}");
        assert!(String::from_utf8_lossy(&output.stdout).contains("Usage"), "{args:?}");
    }
}
