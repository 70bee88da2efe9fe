//! The `dmgate` binary: command line, configuration and wiring of the server's parts.

mod serve;

use clap::Parser;

/// dmgate: a oneM2M device-management gateway (CSE) whose <node> and <mgmtObj> resources are
/// backed by real devices speaking TR-069 (CWMP) and OMA DM.
#[derive(Debug, Parser)]
#[command(name = "dmgate", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Runs the server: the TR-069 ACS on the embedded store.
    Serve(Box<serve::ServeArgs>),
    /// Stores a credential CPEs authenticate to the ACS with.
    CpeCredential(serve::CredentialArgs),
    /// Lists the CWMP versions and RPC methods this build's codec speaks.
    Protocols,
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Serve(args)) => serve::serve(*args),
        Some(Command::CpeCredential(args)) => serve::set_credential(args),
        Some(Command::Protocols) => {
            let versions: Vec<&str> = cwmp::CwmpVersion::ALL.iter().map(|v| v.as_str()).collect();
            println!("CWMP versions: {}", versions.join(", "));
            println!("CWMP messages: {}", cwmp::Message::METHOD_NAMES.join(", "));
            Ok(())
        }
        None => {
            use clap::CommandFactory;
            Cli::command().print_help()?;
            Ok(())
        }
    }
}
