//! The embedded default: a private PostgreSQL cluster under the data directory,
//! created on first use and started and stopped with the portal.
//!
//! It uses the PostgreSQL server binaries installed on the machine (nothing is
//! downloaded), trust authentication, and listens only on a Unix socket inside
//! the cluster directory (mode 0700), or on loopback when that path is too long
//! for a socket. As root, every server command runs as the `postgres` user,
//! because PostgreSQL refuses to run as root.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use sqlx::postgres::PgConnectOptions;
use tokio::process::Command;

#[derive(Debug, thiserror::Error)]
pub enum EmbeddedError {
    #[error(
        "Keine PostgreSQL-Serverprogramme gefunden (initdb, pg_ctl). Bitte PostgreSQL installieren, \
         z. B. `apt-get install postgresql`, oder DATABASE_URL auf einen laufenden Server setzen.\n\
         No PostgreSQL server binaries found (initdb, pg_ctl). Install PostgreSQL, e.g. \
         `apt-get install postgresql`, or set DATABASE_URL to a running server."
    )]
    MissingBinaries,
    #[error(
        "Als root gestartet, aber es gibt keinen Benutzer `postgres`, unter dem der Datenbankserver laufen kann.\n\
         Running as root, but there is no `postgres` user to run the database server as."
    )]
    NoPostgresUser,
    #[error("Der Pfad des Datenverzeichnisses darf kein Anführungszeichen enthalten: {0}")]
    BadPath(PathBuf),
    #[error("{step} ist fehlgeschlagen (failed): {detail}")]
    Command { step: &'static str, detail: String },
    #[error("Datenverzeichnis {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Where clients reach the cluster.
#[derive(Clone, Debug)]
enum Endpoint {
    Socket(PathBuf),
    Loopback(u16),
}

/// A running private cluster. Call [`Cluster::stop`] when done; the portal does
/// so on Ctrl-C and SIGTERM.
#[derive(Debug)]
pub struct Cluster {
    dir: PathBuf,
    bin_dir: PathBuf,
    as_postgres: Option<(u32, u32)>,
    endpoint: Endpoint,
    /// False when another process (a running portal) had started it: then it is left running.
    owned: bool,
}

/// The longest socket path (`sun_path`) Linux accepts, less a margin.
const MAX_SOCKET_PATH: usize = 100;
const PORT: u16 = 5432;

impl Cluster {
    /// Creates (first time) and starts the cluster in `<data_dir>/postgres`.
    // Long because: one start-up sequence (find binaries, init, configure, start, wait, adopt a
    // running cluster) that reads best in order; each step is a few lines.
    pub async fn start(data_dir: &Path) -> Result<Cluster, EmbeddedError> {
        let bin_dir = find_bin_dir().ok_or(EmbeddedError::MissingBinaries)?;
        let as_postgres = if unsafe { libc::geteuid() } == 0 {
            Some(postgres_ids().ok_or(EmbeddedError::NoPostgresUser)?)
        } else {
            None
        };
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| EmbeddedError::Io { path, source }
        };
        std::fs::create_dir_all(data_dir).map_err(io(data_dir))?;
        let data_dir = std::fs::canonicalize(data_dir).map_err(io(data_dir))?;
        let dir = data_dir.join("postgres");
        if dir.to_string_lossy().contains(['\'', '"']) {
            return Err(EmbeddedError::BadPath(dir));
        }
        if !dir.exists() {
            std::fs::create_dir(&dir).map_err(io(&dir))?;
        }
        if let Some((uid, gid)) = as_postgres {
            std::os::unix::fs::chown(&dir, Some(uid), Some(gid)).map_err(io(&dir))?;
        }
        let socket_file = dir.join(format!(".s.PGSQL.{PORT}"));
        let endpoint = if socket_file.as_os_str().len() <= MAX_SOCKET_PATH {
            Endpoint::Socket(dir.clone())
        } else {
            Endpoint::Loopback(free_port().map_err(io(&dir))?)
        };
        let mut cluster = Cluster { dir, bin_dir, as_postgres, endpoint, owned: true };
        if !cluster.dir.join("PG_VERSION").exists() {
            tracing::info!(dir = %cluster.dir.display(), "creating private PostgreSQL cluster");
            cluster
                .run(
                    "initdb",
                    [
                        "-D".as_ref(),
                        cluster.dir.as_os_str(),
                        "-A".as_ref(),
                        "trust".as_ref(),
                        "-U".as_ref(),
                        "postgres".as_ref(),
                        "-E".as_ref(),
                        "UTF8".as_ref(),
                        "--locale=C.UTF-8".as_ref(),
                    ],
                )
                .await?;
        }
        if !cluster.is_running().await {
            let listen = match &cluster.endpoint {
                Endpoint::Socket(dir) => {
                    format!("-p {PORT} -c listen_addresses='' -c unix_socket_directories='{}'", dir.display())
                }
                Endpoint::Loopback(port) => {
                    format!("-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''")
                }
            };
            let log = cluster.dir.join("server.log");
            tracing::info!(dir = %cluster.dir.display(), "starting private PostgreSQL cluster");
            cluster
                .run(
                    "pg_ctl",
                    [
                        "-D".as_ref(),
                        cluster.dir.as_os_str(),
                        "-l".as_ref(),
                        log.as_os_str(),
                        "-w".as_ref(),
                        "-t".as_ref(),
                        "60".as_ref(),
                        "-o".as_ref(),
                        listen.as_ref(),
                        "start".as_ref(),
                    ],
                )
                .await?;
        } else {
            // Another sachstand process (say, the running portal while `create-user` runs) owns it.
            tracing::info!(dir = %cluster.dir.display(), "private PostgreSQL cluster is already running; using it");
            cluster.owned = false;
            // Its port is the fourth line of postmaster.pid.
            if let Endpoint::Loopback(port) = &mut cluster.endpoint
                && let Some(running) = std::fs::read_to_string(cluster.dir.join("postmaster.pid"))
                    .ok()
                    .and_then(|pid| pid.lines().nth(3).and_then(|l| l.trim().parse().ok()))
            {
                *port = running;
            }
        }
        Ok(cluster)
    }

    /// Connection options for database `name` in this cluster.
    pub fn connect_options(&self, name: &str) -> PgConnectOptions {
        let options = PgConnectOptions::new().username("postgres").database(name);
        match &self.endpoint {
            Endpoint::Socket(dir) => options.socket(dir).port(PORT),
            Endpoint::Loopback(port) => options.host("127.0.0.1").port(*port),
        }
    }

    /// Stops the cluster, letting running statements finish quickly (`-m fast`).
    pub async fn stop(&self) -> Result<(), EmbeddedError> {
        tracing::info!(dir = %self.dir.display(), "stopping private PostgreSQL cluster");
        self.run(
            "pg_ctl",
            ["-D".as_ref(), self.dir.as_os_str(), "-m".as_ref(), "fast".as_ref(), "-w".as_ref(), "stop".as_ref()],
        )
        .await
    }

    pub async fn is_running(&self) -> bool {
        self.run("pg_ctl", ["-D".as_ref(), self.dir.as_os_str(), "status".as_ref()]).await.is_ok()
    }

    async fn run<'a>(
        &self,
        program: &'static str,
        args: impl IntoIterator<Item = &'a OsStr>,
    ) -> Result<(), EmbeddedError> {
        let binary = self.bin_dir.join(program);
        let mut command = match self.as_postgres {
            Some(_) => {
                let mut c = Command::new("runuser");
                c.args(["-u", "postgres", "--"]).arg(&binary);
                c
            }
            None => Command::new(&binary),
        };
        command.args(args).current_dir("/").stdin(Stdio::null());
        let output =
            command.output().await.map_err(|e| EmbeddedError::Command { step: program, detail: e.to_string() })?;
        if output.status.success() {
            Ok(())
        } else {
            let mut detail = String::from_utf8_lossy(&output.stderr).trim().to_string();
            if detail.is_empty() {
                detail = String::from_utf8_lossy(&output.stdout).trim().to_string();
            }
            Err(EmbeddedError::Command { step: program, detail })
        }
    }
}

/// Finds the directory with `initdb` and `pg_ctl`: `SACHSTAND_PG_BINDIR`, then the
/// newest `/usr/lib/postgresql/*/bin`, then `pg_config --bindir`, then `PATH`.
pub fn find_bin_dir() -> Option<PathBuf> {
    let has_server = |dir: &Path| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file();
    if let Some(dir) = std::env::var_os("SACHSTAND_PG_BINDIR") {
        return Some(PathBuf::from(dir)).filter(|d| has_server(d));
    }
    let mut versioned: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
            Some((version, entry.path().join("bin")))
        })
        .filter(|(_, dir)| has_server(dir))
        .collect();
    versioned.sort();
    if let Some((_, dir)) = versioned.pop() {
        return Some(dir);
    }
    if let Ok(out) = std::process::Command::new("pg_config").arg("--bindir").output() {
        let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if has_server(&dir) {
            return Some(dir);
        }
    }
    std::env::split_paths(&std::env::var_os("PATH")?).find(|d| has_server(d))
}

fn postgres_ids() -> Option<(u32, u32)> {
    let name = c"postgres";
    // SAFETY: getpwnam returns a pointer into static storage or null; we copy
    // the two ids out immediately and the process is still single-threaded
    // with respect to passwd lookups here.
    let entry = unsafe { libc::getpwnam(name.as_ptr()) };
    if entry.is_null() { None } else { Some(unsafe { ((*entry).pw_uid, (*entry).pw_gid) }) }
}

fn free_port() -> std::io::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}
