//! Command line: `sachstand [serve|migrate|load-content [DIR]|backup FILE|restore FILE|export-content DIR|…]`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use sqlx::PgPool;
use sqlx::postgres::PgConnectOptions;

use crate::config::Config;
use crate::embedded_pg::Cluster;
use crate::{content, db, model};

#[derive(Parser)]
#[command(name = "sachstand", version, about = "Fortschrittsportal einer Digitalisierungsstrategie (progress portal of a city's digitalisation strategy)", long_about = None)]
#[command(after_help = "Konfiguration über Umgebungsvariablen: DATABASE_URL, SACHSTAND_DATA_DIR, SACHSTAND_BIND, \
SACHSTAND_BASE_URL, SACHSTAND_CITY, SACHSTAND_CONTENT_DIR, SACHSTAND_PAGE_CACHE, SACHSTAND_TRUSTED_PROXIES (siehe README).")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Startet das Portal (Standard). Ohne DATABASE_URL mit eigenem PostgreSQL-Cluster unter SACHSTAND_DATA_DIR;
    /// migriert und lädt die Demo-Inhalte, wenn die Datenbank leer ist.
    Serve,
    /// Wendet die Datenbank-Migrationen an.
    Migrate,
    /// Lädt einen Inhaltsordner (Standard: SACHSTAND_CONTENT_DIR oder ./content) in einer Transaktion.
    LoadContent {
        /// Inhaltsordner
        dir: Option<PathBuf>,
    },
    /// Sichert die ganze Datenbank (Inhalte, Konten, Änderungshistorie) in eine Datei (pg_dump-Format).
    Backup {
        /// Zieldatei, z. B. sachstand-2026-12-01.dump
        file: PathBuf,
    },
    /// Ersetzt die Datenbank durch eine Sicherung – ganz oder gar nicht. Ältere Sicherungen werden migriert.
    Restore {
        /// Eine mit `sachstand backup` erstellte Datei
        file: PathBuf,
    },
    /// Schreibt die Inhalte der Stadt (SACHSTAND_CITY) als Inhaltsordner, den `load-content` wieder liest.
    ExportContent {
        /// Zielordner (neu oder leer)
        dir: PathBuf,
    },
    /// Erzeugt einen synthetischen Datensatz (Stadt „synthetisch“) für Last- und Skalierungstests.
    Generate {
        #[arg(long, default_value_t = 5000)]
        projects: i64,
        #[arg(long, default_value_t = 7000)]
        services: i64,
        #[arg(long, default_value_t = 50000)]
        milestones: i64,
        #[arg(long, default_value_t = 200000)]
        updates: i64,
        #[arg(long, default_value_t = 20)]
        reports: i64,
        #[arg(long, default_value_t = 2000)]
        inquiries: i64,
        #[arg(long, default_value_t = 1)]
        seed: i64,
        /// Kurzname der synthetischen Stadt (für mehrere Städte auf einer Installation)
        #[arg(long, default_value = crate::generate::CITY)]
        city: String,
        /// Hostname der Stadt (mehrfach möglich)
        #[arg(long = "host")]
        hosts: Vec<String>,
    },
    /// Legt eine neue Stadt mit ihrem ersten Administrator an (für die Betreiber einer Installation
    /// mehrerer Städte). Das Passwort wird von der Standardeingabe gelesen. Die Inhalte folgen mit
    /// `load-content`; `serve` bedient die neue Stadt nach dem nächsten Start.
    CreateCity {
        /// Kurzname, z. B. musterstadt (a-z, 0-9, '-')
        #[arg(long)]
        slug: String,
        /// Name der Stadt, z. B. Musterstadt
        #[arg(long)]
        name: String,
        /// Name des Portals, z. B. musterDIGITAL
        #[arg(long)]
        portal_name: String,
        /// Bundesland
        #[arg(long, default_value = "")]
        state: String,
        /// Hostname, unter dem die Stadt erreichbar ist (mehrfach möglich)
        #[arg(long = "host", required = true)]
        hosts: Vec<String>,
        /// E-Mail-Adresse des ersten Administrators
        #[arg(long)]
        admin_email: String,
        /// Name des ersten Administrators
        #[arg(long)]
        admin_name: String,
    },
    /// Legt ein Benutzerkonto an. Das Passwort wird von der Standardeingabe gelesen, nie von der Befehlszeile.
    CreateUser {
        /// E-Mail-Adresse (Anmeldename)
        #[arg(long)]
        email: String,
        /// Name der Person
        #[arg(long)]
        name: String,
        /// admin, coordinator, editor oder approver
        #[arg(long)]
        role: String,
    },
}

pub async fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("Fehler: {e}");
            return ExitCode::from(2);
        }
    };
    init_logging(config.log_json);
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config).await,
        Command::Backup { file } => {
            with_database(&config, |_, target| async move {
                let report = crate::backup::backup(&target, &file).await?;
                println!("Sicherung geschrieben: {} ({report}).", file.display());
                Ok(())
            })
            .await
        }
        Command::Restore { file } => {
            with_database(&config, |pool, target| async move {
                let schema = crate::backup::restore(&pool, &target, &file).await?;
                println!("Sicherung {} wiederhergestellt (Datenbankschema {schema}).", file.display());
                Ok(())
            })
            .await
        }
        Command::ExportContent { dir } => {
            let city = config.city.clone();
            with_database(&config, |pool, _| async move {
                let report = content::export::export(&pool, &city, &dir, &mut |step| println!("… {step}")).await?;
                println!("Inhalte geschrieben nach {}: {report}.", dir.display());
                Ok(())
            })
            .await
        }
        Command::Migrate => {
            with_database(&config, |pool, _| async move {
                db::migrate(&pool).await?;
                println!("Migrationen angewendet.");
                Ok(())
            })
            .await
        }
        Command::LoadContent { dir } => {
            let dir = dir.unwrap_or_else(|| config.content_dir.clone());
            with_database(&config, |pool, _| async move {
                db::migrate(&pool).await?;
                let report = content::load(&pool, &dir, &mut |step| println!("… {step}")).await?;
                println!("Inhalte geladen: {report}.");
                Ok(())
            })
            .await
        }
        Command::CreateUser { email, name, role } => create_user(&config, email, name, role).await,
        Command::CreateCity { slug, name, portal_name, state, hosts, admin_email, admin_name } => {
            let city = model::site::NewCity {
                slug: &slug,
                name: &name,
                portal_name: &portal_name,
                state: &state,
                hosts: &hosts,
            };
            create_city(&config, city, admin_email, admin_name).await
        }
        Command::Generate { projects, services, milestones, updates, reports, inquiries, seed, city, hosts } => {
            let sizes = crate::generate::Sizes { projects, services, milestones, updates, reports, inquiries, seed };
            if !crate::domain::is_slug(&city) {
                eprintln!("Der Kurzname '{city}' ist ungültig: nur a-z, 0-9 und '-' erlaubt.");
                return ExitCode::FAILURE;
            }
            with_database(&config, |pool, _| async move {
                db::migrate(&pool).await?;
                crate::generate::generate_city(&pool, &city, &hosts, sizes, &mut |step| println!("… {step}")).await?;
                println!("Synthetische Stadt „{city}“ erzeugt; SACHSTAND_CITY={city} zeigt sie an.");
                Ok(())
            })
            .await
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Fehler: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Logs go to standard error, as text or (SACHSTAND_LOG_FORMAT=json) one JSON
/// object per line; RUST_LOG filters them (default: the portal's info lines,
/// one access line per request among them).
fn init_logging(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "sachstand=info,tower_http=warn".into());
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if json {
        builder.json().flatten_event(true).init();
    } else {
        builder.init();
    }
}

/// Where the database is: the configured server, or the embedded cluster (started here);
/// with the way PostgreSQL's own programs (pg_dump, psql) reach it.
async fn open(config: &Config) -> anyhow::Result<(PgPool, Option<Cluster>, crate::backup::Target)> {
    if let Some(url) = &config.database_url {
        let options: PgConnectOptions = url.parse()?;
        return Ok((db::connect(options, config.db_pool).await?, None, crate::backup::Target::from_url(url)));
    }
    let cluster = Cluster::start(&config.data_dir).await?;
    let opened = async {
        db::ensure_database(&cluster.connect_options("postgres"), "sachstand").await?;
        Ok::<_, anyhow::Error>(db::connect(cluster.connect_options("sachstand"), config.db_pool).await?)
    }
    .await;
    match opened {
        Ok(pool) => {
            let target = crate::backup::Target::from_options(&cluster.connect_options("sachstand"));
            Ok((pool, Some(cluster), target))
        }
        Err(e) => {
            let _ = cluster.stop().await;
            Err(e)
        }
    }
}

/// Runs `work` with a pool on the database and the way PostgreSQL's own
/// programs reach it, starting (and afterwards stopping) the embedded cluster if needed.
async fn with_database<F, Fut>(config: &Config, work: F) -> anyhow::Result<()>
where
    F: FnOnce(PgPool, crate::backup::Target) -> Fut,
    Fut: Future<Output = anyhow::Result<()>>,
{
    let (pool, cluster, target) = open(config).await?;
    let result = work(pool.clone(), target).await;
    pool.close().await;
    if let Some(cluster) = cluster {
        cluster.stop().await?;
    }
    result
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let bind = config.bind;
    let (pool, cluster, _) = open(&config).await?;
    let result = async {
        db::migrate(&pool).await?;
        if model::site::is_empty(&pool).await? {
            // Without a content folder (an installed binary), the demo compiled into it.
            let embedded = if config.content_dir.exists() { None } else { Some(content::demo::unpack()?) };
            let dir = embedded.as_ref().map_or(config.content_dir.as_path(), |e| e.path());
            let source = if embedded.is_some() { "the embedded demo" } else { "the content folder" };
            tracing::info!(dir = %dir.display(), "empty database: loading the demo content from {source}");
            let report = content::load(&pool, dir, &mut |step| tracing::info!("{step}")).await?;
            tracing::info!(%report, "content loaded");
        }
        // Every city in the database, each under its hosts; the configured one for any other host.
        let app = crate::all_cities(pool.clone(), config).await?;
        let listener = tokio::net::TcpListener::bind(bind).await?;
        tracing::info!("Portal läuft auf http://{}", listener.local_addr()?);
        crate::server::run(listener, app, shutdown_signal()).await?;
        Ok::<_, anyhow::Error>(())
    }
    .await;
    pool.close().await;
    if let Some(cluster) = cluster {
        cluster.stop().await?;
    }
    result
}

/// The password for a new account, from standard input (never from the command line).
fn read_password() -> anyhow::Result<String> {
    if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        eprintln!("Passwort eingeben (12 bis 128 Zeichen), dann Enter:");
    }
    let mut password = String::new();
    std::io::stdin().read_line(&mut password)?;
    Ok(password.trim_end_matches(['\n', '\r']).to_string())
}

/// A city and its first admin, in one transaction: both or neither.
async fn create_city(
    config: &Config,
    city: model::site::NewCity<'_>,
    email: String,
    name: String,
) -> anyhow::Result<()> {
    if !crate::domain::is_slug(city.slug) {
        anyhow::bail!("Der Kurzname '{}' ist ungültig: nur a-z, 0-9 und '-' erlaubt.", city.slug);
    }
    if city.name.trim().is_empty() || city.portal_name.trim().is_empty() {
        anyhow::bail!("Bitte den Namen der Stadt und des Portals angeben.");
    }
    if let Some(bad) = city.hosts.iter().find(|h| !crate::cities::is_host_name(h)) {
        anyhow::bail!(
            "'{bad}' ist kein Hostname (z. B. musterstadt.localhost oder sachstand.musterstadt.de, ohne Port)."
        );
    }
    let password = read_password()?;
    with_database(config, |pool, _| async move {
        db::migrate(&pool).await?;
        let mut tx = pool.begin().await?;
        if model::site::find(&mut *tx, city.slug).await?.is_some() {
            anyhow::bail!("Die Stadt '{}' gibt es schon; nichts wurde geschrieben.", city.slug);
        }
        let city_id = model::site::create(&mut tx, "create-city", &city).await.map_err(|e| match e {
            sqlx::Error::Database(d) => anyhow::anyhow!("{}; nichts wurde geschrieben.", d.message()),
            e => e.into(),
        })?;
        let role = crate::domain::Role::Admin;
        let admin = crate::admin::users::create_user_in(&mut tx, city_id, "create-city", &email, &name, role, &password)
            .await
            .map_err(|e| anyhow::anyhow!("{e}; nichts wurde geschrieben."))?;
        tx.commit().await?;
        println!(
            "Stadt '{}' ({}) angelegt mit dem Administrator {email} (Konto {admin}). Nächste Schritte: \
             `sachstand load-content ORDNER` mit ihrem Inhaltsordner (slug = \"{}\"), dann `sachstand serve` neu starten.",
            city.name, city.hosts.join(", "), city.slug
        );
        Ok(())
    })
    .await
}

async fn create_user(config: &Config, email: String, name: String, role: String) -> anyhow::Result<()> {
    let role = crate::domain::Role::from_code(&role)
        .ok_or_else(|| anyhow::anyhow!("Unbekannte Rolle '{role}'; erlaubt: admin, coordinator, editor, approver"))?;
    let password = read_password()?;
    let city = config.city.clone();
    with_database(config, |pool, _| async move {
        db::migrate(&pool).await?;
        let site = model::site::find(&pool, &city).await?.ok_or_else(|| {
            anyhow::anyhow!("Die Stadt '{city}' ist nicht geladen; bitte zuerst `sachstand load-content` ausführen.")
        })?;
        let id = crate::admin::users::create_user(&pool, site.city_id, "create-user", &email, &name, role, &password)
            .await?;
        println!("Konto {id} angelegt: {email} ({}).", role.label());
        Ok(())
    })
    .await
}

/// Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
