//! `cpe-sim`: run a fleet of simulated CPEs against an ACS, or measure an ACS under load.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};
use cpe_sim::{
    AcsEndpoint, AcsTarget, Behaviour, Credentials, DataModel, Fleet, FleetConfig, LoadConfig,
    run_load,
};

#[derive(Parser, Debug)]
#[command(
    name = "cpe-sim",
    version,
    about = "Simulated TR-069 CPEs over real TCP, and a load generator"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run a fleet until interrupted: boot, periodic Informs, Connection Requests, every RPC.
    Run(RunArgs),
    /// Measure an ACS: bootstrap the devices, then run Inform sessions and report rates.
    Load(LoadArgs),
}

#[derive(Args, Debug)]
struct Common {
    /// The ACS URL.
    #[arg(long, default_value = "http://127.0.0.1:7547/")]
    acs: String,
    /// Username for the ACS (Basic or Digest, as the ACS asks).
    #[arg(long)]
    username: Option<String>,
    #[arg(long, default_value = "")]
    password: String,
    #[arg(long, default_value_t = 100)]
    devices: usize,
    #[arg(long, default_value = "SIM")]
    serial_prefix: String,
    /// A data model file (TR-181 `Device.` or TR-098 `InternetGatewayDevice.` root; the
    /// Informs follow the model's root), or `builtin:home-gateway` / `builtin:tr098-gateway`
    /// for a shipped one; the shipped home-gateway model when left out.
    #[arg(long)]
    model: Option<PathBuf>,
    /// CWMP version of the Inform namespace (the CPE also offers 1.0-1.4).
    #[arg(long, default_value = "1.4")]
    cwmp: String,
    /// Seconds to wait for each HTTP answer.
    #[arg(long, default_value_t = 30)]
    timeout: u64,
}

#[derive(Args, Debug)]
struct RunArgs {
    #[command(flatten)]
    common: Common,
    /// Periodic Inform interval in seconds (0: none).
    #[arg(long, default_value_t = 300)]
    periodic: u64,
    #[arg(long, default_value = "127.0.0.1:0")]
    cr_listen: SocketAddr,
    #[arg(long, default_value = "cpe")]
    cr_username: String,
    #[arg(long, default_value = "cpe-secret")]
    cr_password: String,
    /// A fault or delay rule (see `Behaviour`), e.g. `Reboot=9001`, `param:Device.X=9005`.
    #[arg(long = "fault")]
    faults: Vec<String>,
    /// Spread the fleet's boots over this many seconds.
    #[arg(long, default_value_t = 0)]
    boot_spread: u64,
}

#[derive(Args, Debug)]
struct LoadArgs {
    #[command(flatten)]
    common: Common,
    #[arg(long, default_value_t = 64)]
    concurrency: usize,
    /// Measured sessions.
    #[arg(long, default_value_t = 10_000)]
    sessions: usize,
}

fn load_model(path: &Option<PathBuf>) -> Result<Arc<DataModel>> {
    let builtin = |text: &str| DataModel::parse(text).context("the shipped model");
    let model = match path {
        None => builtin(cpe_sim::HOME_GATEWAY_MODEL)?,
        Some(path) => match path.to_str() {
            Some("builtin:home-gateway") => builtin(cpe_sim::HOME_GATEWAY_MODEL)?,
            Some("builtin:tr098-gateway") => builtin(cpe_sim::TR098_GATEWAY_MODEL)?,
            Some(other) if other.starts_with("builtin:") => {
                bail!(
                    "--model {other}: the shipped models are builtin:home-gateway and builtin:tr098-gateway"
                )
            }
            _ => {
                DataModel::load(path).with_context(|| format!("cannot load {}", path.display()))?
            }
        },
    };
    Ok(Arc::new(model))
}

fn endpoint(common: &Common) -> Result<AcsEndpoint> {
    let target = AcsTarget::parse(&common.acs).map_err(anyhow::Error::msg)?;
    let version = cwmp::CwmpVersion::parse_list(&common.cwmp);
    let Some(version) = version.first() else {
        bail!(
            "--cwmp {:?} is not a CWMP version (1.0 to 1.4)",
            common.cwmp
        );
    };
    Ok(AcsEndpoint {
        target,
        credentials: common.username.clone().map(|username| Credentials {
            username,
            password: common.password.clone(),
        }),
        timeout: Duration::from_secs(common.timeout.max(1)),
        namespace: version.namespace(),
        session_timeout: Some(30),
    })
}

#[tokio::main]
async fn main() -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    match Cli::parse().command {
        Command::Run(args) => {
            if args.common.devices == 0 || args.common.devices > 50_000 {
                bail!("--devices must be between 1 and 50000");
            }
            let behaviour = Behaviour::parse(&args.faults).map_err(anyhow::Error::msg)?;
            let config = FleetConfig {
                endpoint: endpoint(&args.common)?,
                devices: args.common.devices,
                serial_prefix: args.common.serial_prefix.clone(),
                first_serial: 0,
                model: load_model(&args.common.model)?,
                behaviour: Arc::new(behaviour),
                periodic_interval: (args.periodic > 0).then(|| Duration::from_secs(args.periodic)),
                cr_listen: args.cr_listen,
                cr_credentials: Credentials {
                    username: args.cr_username,
                    password: args.cr_password,
                },
                reboot_delay: Duration::from_secs(2),
                transfer_delay: Duration::from_secs(2),
                retry_wait: Duration::from_secs(5),
                boot_spread: Duration::from_secs(args.boot_spread),
            };
            let fleet = Fleet::start(config).await.map_err(anyhow::Error::msg)?;
            let mut events = fleet.subscribe();
            tracing::info!(devices = fleet.len(), cr = %fleet.connection_request_addr(), "fleet running; Ctrl-C stops it");
            let mut ok = 0u64;
            let mut failed = 0u64;
            loop {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => break,
                    event = events.recv() => match event {
                        Ok(e) => {
                            if matches!(e.outcome, cpe_sim::SessionOutcome::Completed { .. }) { ok += 1 } else {
                                failed += 1;
                                tracing::warn!(device = e.device, outcome = ?e.outcome, "session failed");
                            }
                            if (ok + failed).is_multiple_of(1000) { tracing::info!(ok, failed, "sessions"); }
                        }
                        Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                        Err(_) => break,
                    }
                }
            }
            fleet.shutdown().await;
            println!("sessions: {ok} completed, {failed} failed");
        }
        Command::Load(args) => {
            if args.common.devices == 0 || args.common.devices > 50_000 {
                bail!("--devices must be between 1 and 50000");
            }
            let report = run_load(LoadConfig {
                endpoint: endpoint(&args.common)?,
                devices: args.common.devices,
                concurrency: args.concurrency.max(1),
                sessions: args.sessions,
                serial_prefix: args.common.serial_prefix.clone(),
                model: load_model(&args.common.model)?,
            })
            .await;
            println!("{report}");
            if let Some(failure) = &report.first_failure {
                println!("first failure: {failure}");
            }
        }
    }
    Ok(())
}
