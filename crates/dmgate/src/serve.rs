//! `dmgate serve`: settings from the command line and `DMGATE_*` environment variables, the
//! data directory, the store, the ACS, and a graceful stop on SIGINT/SIGTERM.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use clap::Args;
use store::{Devices, SqliteStore};

#[derive(Debug, Args)]
pub(crate) struct DataDir {
    /// Where dmgate keeps its database and secret.
    #[arg(long, env = "DMGATE_DATA_DIR", default_value = "./data")]
    data_dir: PathBuf,
}

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    data: DataDir,
    /// The CWMP (TR-069) listener.
    #[arg(long, env = "DMGATE_CWMP_LISTEN", default_value = "0.0.0.0:7547")]
    cwmp_listen: SocketAddr,
    /// PEM certificate chain: with --cwmp-tls-key, the CWMP listener speaks HTTPS.
    #[arg(long, env = "DMGATE_CWMP_TLS_CERT", requires = "cwmp_tls_key")]
    cwmp_tls_cert: Option<PathBuf>,
    #[arg(long, env = "DMGATE_CWMP_TLS_KEY", requires = "cwmp_tls_cert")]
    cwmp_tls_key: Option<PathBuf>,
    /// How CPEs authenticate: none, basic or digest.
    #[arg(long, env = "DMGATE_CWMP_AUTH", default_value = "digest", value_parser = parse_auth)]
    cwmp_auth: acs::AuthMode,
    /// A credential every CPE may use (per-device ones: `dmgate cpe-credential`).
    #[arg(long, env = "DMGATE_CWMP_USERNAME")]
    cwmp_username: Option<String>,
    #[arg(long, env = "DMGATE_CWMP_PASSWORD", hide_env_values = true)]
    cwmp_password: Option<String>,
    #[arg(long, env = "DMGATE_CWMP_REALM", default_value = "dmgate")]
    cwmp_realm: String,
    /// Seconds a CPE may stay silent within a session (TR-069 3.7.2: at least 30).
    #[arg(long, env = "DMGATE_SESSION_TIMEOUT", default_value_t = 30)]
    session_timeout: u64,
    /// Credentials for Connection Requests to devices that have none of their own.
    #[arg(long, env = "DMGATE_CR_USERNAME")]
    cr_username: Option<String>,
    #[arg(long, env = "DMGATE_CR_PASSWORD", hide_env_values = true)]
    cr_password: Option<String>,
    /// Answer Basic challenges in Connection Requests too (Digest only by default, 3.2.2).
    #[arg(long, env = "DMGATE_CR_ALLOW_BASIC")]
    cr_allow_basic: bool,
    /// Signs cookies and nonces; every node of a fleet needs the same. Generated and kept
    /// in the data directory when not given.
    #[arg(long, env = "DMGATE_SECRET", hide_env_values = true)]
    secret: Option<String>,
    /// Days finished tasks (and the CPE's answers) are kept.
    #[arg(long, env = "DMGATE_TASK_RETENTION_DAYS", default_value_t = 7)]
    task_retention_days: u64,
    /// Names this node in session leases.
    #[arg(long, env = "DMGATE_NODE_ID", default_value = "node-1")]
    node_id: String,
    /// The oneM2M HTTP binding (applications).
    #[arg(long, env = "DMGATE_ONEM2M_LISTEN", default_value = "0.0.0.0:8080")]
    onem2m_listen: SocketAddr,
    /// PEM certificate chain: with --onem2m-tls-key, the oneM2M binding speaks HTTPS.
    #[arg(long, env = "DMGATE_ONEM2M_TLS_CERT", requires = "onem2m_tls_key")]
    onem2m_tls_cert: Option<PathBuf>,
    #[arg(long, env = "DMGATE_ONEM2M_TLS_KEY", requires = "onem2m_tls_cert")]
    onem2m_tls_key: Option<PathBuf>,
    /// CSE-ID of this CSE.
    #[arg(long, env = "DMGATE_CSE_ID", default_value = "/id-in")]
    cse_id: String,
    /// resourceName of the CSEBase.
    #[arg(long, env = "DMGATE_CSE_NAME", default_value = "cse-in")]
    cse_name: String,
    /// CSE type: IN, MN or ASN.
    #[arg(long, env = "DMGATE_CSE_TYPE", default_value = "IN", value_parser = parse_cse_type)]
    cse_type: u32,
    /// M2M Service Provider ID, for absolute addresses (`/_/<sp-id>/...`).
    #[arg(long, env = "DMGATE_SP_ID", default_value = "dmgate.local")]
    sp_id: String,
    /// The originator with every privilege.
    #[arg(long, env = "DMGATE_ADMIN_ORIGINATOR", default_value = "CAdmin")]
    admin_originator: String,
    /// The CWMP URL as CPEs reach it, e.g. `http://acs.example.net:7547`: the base of the
    /// files CPEs download from dmgate (certificates of `[myCertFileCred]`).
    #[arg(long, env = "DMGATE_CWMP_PUBLIC_URL")]
    cwmp_public_url: Option<String>,
    /// Seconds a oneM2M request waits for a device (a Connection Request and the CPE's
    /// answer) when its X-M2M-RET allows as much.
    #[arg(long, env = "DMGATE_DEVICE_WAIT", default_value_t = 30)]
    device_wait: u64,
    /// Log filter (tracing's EnvFilter syntax), e.g. `info` or `acs=debug`.
    #[arg(long, env = "DMGATE_LOG", default_value = "info")]
    log: String,
}

#[derive(Debug, Args)]
pub(crate) struct CredentialArgs {
    #[command(flatten)]
    data: DataDir,
    username: String,
    password: String,
    /// Only this device (its id, OUI-ProductClass-SerialNumber) may use the credential.
    #[arg(long)]
    device: Option<String>,
}

fn parse_auth(text: &str) -> Result<acs::AuthMode, String> {
    acs::AuthMode::parse(text).ok_or_else(|| format!("{text:?}: expected none, basic or digest"))
}

fn parse_cse_type(text: &str) -> Result<u32, String> {
    match text.to_ascii_uppercase().as_str() {
        "IN" => Ok(1),
        "MN" => Ok(2),
        "ASN" => Ok(3),
        _ => Err(format!("{text:?}: expected IN, MN or ASN")),
    }
}

fn open_store(data_dir: &Path) -> Result<SqliteStore> {
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("cannot create the data directory {}", data_dir.display()))?;
    let path = data_dir.join("dmgate.db");
    SqliteStore::open(&path).with_context(|| format!("cannot open the store {}", path.display()))
}

/// The node's secret: given, or read from (first written to) `<data>/secret`.
fn secret(given: Option<String>, data_dir: &Path) -> Result<Vec<u8>> {
    if let Some(secret) = given {
        if secret.len() < 16 {
            bail!("--secret must be at least 16 characters");
        }
        return Ok(secret.into_bytes());
    }
    let path = data_dir.join("secret");
    match std::fs::read_to_string(&path) {
        Ok(text) if text.trim().len() >= 32 => return Ok(text.trim().as_bytes().to_vec()),
        Ok(_) => bail!(
            "{} is too short to be a secret; delete it to have a new one made",
            path.display()
        ),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
    let secret = hex::encode(rand::random::<[u8; 32]>());
    write_private(&path, &secret).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(secret.into_bytes())
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(text.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}

pub(crate) fn serve(args: ServeArgs) -> Result<()> {
    use std::io::IsTerminal;
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_new(&args.log).context("--log")?)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    if args.session_timeout < 30 {
        tracing::warn!(
            seconds = args.session_timeout,
            "session timeout below the 30 s TR-069 3.7.2 asks for"
        );
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async move {
        let store = open_store(&args.data.data_dir)?;
        let secret = secret(args.secret.clone(), &args.data.data_dir)?;
        let config = acs::AcsConfig {
            listen: args.cwmp_listen,
            tls: args
                .cwmp_tls_cert
                .clone()
                .zip(args.cwmp_tls_key.clone())
                .map(|(certificate_chain, private_key)| acs::TlsConfig { certificate_chain, private_key }),
            auth: args.cwmp_auth,
            realm: args.cwmp_realm.clone(),
            shared_username: args.cwmp_username.clone(),
            shared_password: args.cwmp_password.clone(),
            secret,
            session_timeout: Duration::from_secs(args.session_timeout.max(1)),
            connection_requests: acs::ConnectionRequestConfig {
                default_username: args.cr_username.clone(),
                default_password: args.cr_password.clone(),
                allow_basic: args.cr_allow_basic,
                ..Default::default()
            },
            finished_task_retention: Duration::from_secs(args.task_retention_days.max(1) * 86_400),
            node_id: args.node_id.clone(),
            ..acs::AcsConfig::default()
        };
        if config.auth != acs::AuthMode::None && config.shared_username.is_none() {
            tracing::warn!("no shared CPE credential (--cwmp-username/--cwmp-password): only CPEs with per-device credentials (dmgate cpe-credential) can connect");
        }
        let cse_config = cse::CseConfig {
            listen: args.onem2m_listen,
            tls: args
                .onem2m_tls_cert
                .clone()
                .zip(args.onem2m_tls_key.clone())
                .map(|(certificate_chain, private_key)| cse::TlsConfig { certificate_chain, private_key }),
            cse_id: args.cse_id.clone(),
            cse_name: args.cse_name.clone(),
            cse_type: args.cse_type,
            sp_id: args.sp_id.clone(),
            admin: args.admin_originator.clone(),
            device_wait: Duration::from_secs(args.device_wait.max(1)),
            ..cse::CseConfig::default()
        };
        cse_config.validate().map_err(|e| anyhow::anyhow!("{e}"))?;
        let server = acs::AcsServer::start(config, Arc::new(store.clone()))
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let onem2m = match cse::CseServer::start(cse_config, Arc::new(store.clone())).await {
            Ok(onem2m) => onem2m,
            Err(e) => {
                server.shutdown().await;
                bail!("the oneM2M binding cannot start: {}", e.dbg);
            }
        };
        let file_base_url = args.cwmp_public_url.clone().or_else(|| {
            let addr = server.local_addr();
            (!addr.ip().is_unspecified()).then(|| format!("http://{addr}"))
        });
        if file_base_url.is_none() {
            tracing::warn!("no --cwmp-public-url: certificates ([myCertFileCred]) cannot be sent to CPEs");
        }
        let _management = mgmt::Manager::start(
            onem2m.cse().clone(),
            server.acs(),
            mgmt::MgmtConfig {
                file_base_url,
                ..mgmt::MgmtConfig::default()
            },
        )
        .await;
        tracing::info!(
            data = %args.data.data_dir.display(),
            devices = store.device_count().await.unwrap_or(0),
            "dmgate is running; SIGINT or SIGTERM stops it"
        );
        wait_for_stop().await;
        tracing::info!("stopping: open sessions get a moment to finish");
        onem2m.shutdown().await;
        server.shutdown().await;
        store.close();
        tracing::info!("stopped");
        Ok(())
    })
}

async fn wait_for_stop() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

pub(crate) fn set_credential(args: CredentialArgs) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async {
        let store = open_store(&args.data.data_dir)?;
        store
            .set_cpe_credentials(&args.username, &args.password, args.device.as_deref())
            .await?;
        store.close();
        println!(
            "credential {:?} stored{}",
            args.username,
            args.device
                .map(|d| format!(" for device {d}"))
                .unwrap_or_default()
        );
        Ok(())
    })
}
