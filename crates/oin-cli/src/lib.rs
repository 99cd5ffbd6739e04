//! The `oin` command-line tool, as a library so that `cargo xtask` and tests call the same
//! code the binary runs.
//!
//! Exit codes: `0` success, `1` findings (a lint error, an unacknowledged scope widening, a
//! failed tenant check), `2` a usage or I/O error.
//!
//! ```
//! use clap::Parser;
//! use oin_cli::{Cli, Outcome};
//!
//! // What `oin scopes for GET /api/v1/logs` runs; it prints the answer on stdout.
//! let cli = Cli::try_parse_from(["oin", "scopes", "for", "GET", "/api/v1/logs"])?;
//! assert_eq!(oin_cli::run(cli)?, Outcome::Clean);
//! # Ok::<(), anyhow::Error>(())
//! ```

pub mod commands;
pub mod output;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// The `oin` command line.
#[derive(Debug, Parser)]
#[command(
    name = "oin",
    version,
    about = "Tools for Okta OIN API service integrations",
    after_help = "Exit codes: 0 clean, 1 findings (a lint error, an unacknowledged scope change, a failed tenant check), 2 a usage or I/O error.",
    max_term_width = 100
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Lint, explain, look up and diff the integration's OAuth 2.0 scopes.
    #[command(subcommand)]
    Scopes(commands::scopes::ScopesCommand),
    /// Onboard a customer's org: get a token and compare its scopes with the manifest's.
    #[command(subcommand)]
    Tenant(commands::tenant::TenantCommand),
    /// Run a local fake Okta org.
    #[command(subcommand)]
    FakeOrg(commands::fake_org::FakeOrgCommand),
}

/// What a command's outcome means for the process's exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing to report: exit 0.
    Clean,
    /// The command ran and found problems: exit 1.
    Findings,
}

impl From<Outcome> for ExitCode {
    fn from(outcome: Outcome) -> Self {
        match outcome {
            Outcome::Clean => ExitCode::SUCCESS,
            Outcome::Findings => ExitCode::from(1),
        }
    }
}

/// Parses the process's arguments and runs the command; usage and I/O errors exit 2.
#[must_use]
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(outcome) => outcome.into(),
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// Runs a parsed command line.
///
/// # Errors
/// Usage and I/O errors; findings are an [`Outcome`], not an error.
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Scopes(command) => commands::scopes::run(command),
        Command::Tenant(command) => commands::tenant::run(command),
        Command::FakeOrg(command) => commands::fake_org::run(command),
    }
}
