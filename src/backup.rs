//! `sachstand backup FILE` and `sachstand restore FILE`: the portal's whole
//! database (content, accounts, audit log) in pg_dump's custom format.
//!
//! A backup is written to a temporary file beside FILE and renamed only when
//! pg_dump succeeded, so FILE is never half-written. A restore first checks
//! that FILE is a backup of this portal and not of a newer schema, then replaces
//! the database's `public` schema in **one transaction** (psql
//! `--single-transaction`): a file that fails halfway changes nothing. Older
//! backups are migrated afterwards. Every instance is told to clear its page
//! cache when the restore commits.

use std::ffi::OsString;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use sqlx::PgPool;
use sqlx::postgres::PgConnectOptions;
use tokio::process::Command;

use crate::db;
use crate::embedded_pg::find_bin_dir;

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "Die PostgreSQL-Programme (pg_dump, pg_restore, psql) fehlen. Bitte PostgreSQL installieren oder SACHSTAND_PG_BINDIR setzen."
    )]
    MissingTools,
    #[error("Die Datei {0} gibt es nicht.")]
    NoFile(PathBuf),
    #[error(
        "Die Datei {0} ist keine Sicherung dieses Portals (erwartet: eine mit `sachstand backup` erstellte Datei). Es wurde nichts geändert."
    )]
    NotABackup(PathBuf),
    #[error(
        "Die Sicherung {file} stammt von einer neueren Version des Portals (Datenbankschema {found}, dieses Programm kennt bis {known}). Es wurde nichts geändert; bitte zuerst das Portal aktualisieren."
    )]
    NewerSchema { file: PathBuf, found: i64, known: i64 },
    #[error("{step} ist fehlgeschlagen; es wurde nichts geändert: {detail}")]
    Tool { step: &'static str, detail: String },
    #[error("Datei {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("Migration nach der Wiederherstellung: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// How libpq's tools reach the portal's database.
#[derive(Clone, Debug)]
pub struct Target {
    args: Vec<OsString>,
}

impl Target {
    /// A configured `DATABASE_URL` (libpq reads the same URLs).
    pub fn from_url(url: &str) -> Target {
        Target { args: vec![format!("--dbname={url}").into()] }
    }

    /// The embedded cluster's connection options (socket or loopback, no password).
    pub fn from_options(options: &PgConnectOptions) -> Target {
        let host: OsString = match options.get_socket() {
            Some(dir) => dir.as_os_str().to_owned(),
            None => options.get_host().into(),
        };
        let mut args: Vec<OsString> = vec!["-h".into(), host, "-p".into(), options.get_port().to_string().into()];
        args.extend(["-U".into(), options.get_username().into()]);
        args.extend(["-d".into(), options.get_database().unwrap_or("sachstand").into()]);
        Target { args }
    }
}

/// What a backup wrote.
pub struct BackupReport {
    pub bytes: u64,
    pub schema: i64,
}

impl std::fmt::Display for BackupReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} KiB, Datenbankschema {}", self.bytes.div_ceil(1024), self.schema)
    }
}

fn latest_migration() -> i64 {
    db::MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
}

async fn run(step: &'static str, program: &str, args: Vec<OsString>) -> Result<Vec<u8>, BackupError> {
    run_with_input(step, program, args, None).await
}

/// Runs one of PostgreSQL's programs, feeding `input` to its standard input.
async fn run_with_input(
    step: &'static str,
    program: &str,
    args: Vec<OsString>,
    input: Option<Vec<u8>>,
) -> Result<Vec<u8>, BackupError> {
    use tokio::io::AsyncWriteExt;
    let bin = find_bin_dir().ok_or(BackupError::MissingTools)?;
    let failed = |e: std::io::Error| BackupError::Tool { step, detail: e.to_string() };
    let mut child = Command::new(bin.join(program))
        .args(args)
        .stdin(if input.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(failed)?;
    if let (Some(input), Some(mut stdin)) = (input, child.stdin.take()) {
        // Written while the program reads; a program that stops early shows up in its exit status.
        let writer = tokio::spawn(async move { stdin.write_all(&input).await });
        let output = child.wait_with_output().await.map_err(failed)?;
        let _ = writer.await;
        return finish(step, output);
    }
    let output = child.wait_with_output().await.map_err(failed)?;
    finish(step, output)
}

fn finish(step: &'static str, output: std::process::Output) -> Result<Vec<u8>, BackupError> {
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(BackupError::Tool { step, detail: String::from_utf8_lossy(&output.stderr).trim().to_string() })
    }
}

/// Writes the whole database to `file` (pg_dump custom format).
pub async fn backup(target: &Target, file: &Path) -> Result<BackupReport, BackupError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| BackupError::Io { path, source }
    };
    let mut partial = file.as_os_str().to_owned();
    partial.push(".unvollstaendig");
    let partial = PathBuf::from(partial);
    // The backup holds password hashes: readable by the owner only (pg_dump keeps the mode).
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&partial)
        .map_err(io(&partial))?;
    let mut args: Vec<OsString> = vec!["--format=custom".into(), "--no-owner".into(), "--no-privileges".into()];
    args.extend([OsString::from("--file"), partial.clone().into()]);
    args.extend(target.args.iter().cloned());
    if let Err(e) = run("pg_dump", "pg_dump", args).await {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    let schema = schema_of(&partial).await?;
    std::fs::rename(&partial, file).map_err(io(file))?;
    let bytes = std::fs::metadata(file).map_err(io(file))?.len();
    Ok(BackupReport { bytes, schema })
}

/// The newest migration recorded in a backup file, or why it is no backup of this portal.
async fn schema_of(file: &Path) -> Result<i64, BackupError> {
    let not_a_backup = || BackupError::NotABackup(file.to_path_buf());
    let listing =
        run("pg_restore --list", "pg_restore", vec!["--list".into(), file.into()]).await.map_err(|_| not_a_backup())?;
    let listing = String::from_utf8_lossy(&listing);
    let has_table = |name: &str| listing.lines().any(|l| l.contains(&format!("TABLE DATA public {name} ")));
    if !has_table("_sqlx_migrations") || !has_table("cities") || !has_table("projects") {
        return Err(not_a_backup());
    }
    let data = run(
        "pg_restore",
        "pg_restore",
        vec!["--data-only".into(), "--table=_sqlx_migrations".into(), "--file=-".into(), file.into()],
    )
    .await
    .map_err(|_| not_a_backup())?;
    let data = String::from_utf8_lossy(&data);
    // The COPY block: one line per migration, the version first, ended by "\.".
    let versions = data
        .lines()
        .skip_while(|l| !l.starts_with("COPY "))
        .skip(1)
        .take_while(|l| *l != "\\.")
        .filter_map(|l| l.split('\t').next()?.parse::<i64>().ok());
    versions.max().ok_or_else(not_a_backup)
}

/// Replaces the database with the backup in `file`, all or nothing.
pub async fn restore(pool: &PgPool, target: &Target, file: &Path) -> Result<i64, BackupError> {
    if !file.is_file() {
        return Err(BackupError::NoFile(file.to_path_buf()));
    }
    let found = schema_of(file).await?;
    let known = latest_migration();
    if found > known {
        return Err(BackupError::NewerSchema { file: file.to_path_buf(), found, known });
    }
    let restore_sql = run(
        "pg_restore",
        "pg_restore",
        vec!["--no-owner".into(), "--no-privileges".into(), "--file=-".into(), file.into()],
    )
    .await?;
    // Through a pipe, not a file: the script holds password hashes and must not lie in /tmp.
    let mut sql = b"DROP SCHEMA public CASCADE;\nCREATE SCHEMA public;\n".to_vec();
    sql.extend_from_slice(&restore_sql);
    // pg_restore's script empties the search path; the notification needs no schema.
    sql.extend_from_slice(format!("\nNOTIFY {};\n", crate::model::write::CHANNEL).as_bytes());
    let mut args: Vec<OsString> = vec!["-X".into(), "-q".into(), "-v".into(), "ON_ERROR_STOP=1".into()];
    args.extend(["--single-transaction".into(), "-f".into(), "-".into()]);
    args.extend(target.args.iter().cloned());
    run_with_input("Wiederherstellung (psql)", "psql", args, Some(sql)).await?;
    db::migrate(pool).await?;
    Ok(found)
}
