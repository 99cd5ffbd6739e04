//! `oin scopes …`: lint the manifest's scopes, explain a scope, find the scope a call needs,
//! and diff the manifest's scopes against a base (the CI scope gate).

mod diff;
mod explain;
mod lint;
mod lookup;

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::Outcome;
use crate::output::{AnswerFormat, Format};

/// The `oin scopes` subcommands.
#[derive(Debug, Subcommand)]
pub enum ScopesCommand {
    /// Validate oin.toml against its schema and OIN's rules; exit 1 on any error
    /// (and on warnings with --deny-warnings).
    Lint(LintArgs),
    /// Say what a scope grants: the operations it lets a token call.
    Explain(ExplainArgs),
    /// Say which scope a call needs: `oin scopes for GET /api/v1/logs`.
    For(ForArgs),
    /// Compare the manifest's scopes with a base (a git ref or a file); exit 1 on an
    /// unacknowledged addition or widening.
    Diff(DiffArgs),
}

/// Arguments of `oin scopes lint`.
#[derive(Debug, Args)]
pub struct LintArgs {
    /// The manifest, or a folder that holds an `oin.toml`.
    #[arg(default_value = "oin.toml")]
    pub path: PathBuf,
    /// The output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Exit 1 on warnings too, not only on errors.
    #[arg(long, short = 'D')]
    pub deny_warnings: bool,
}

/// Arguments of `oin scopes explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The scope, such as `okta.users.read`.
    pub scope: String,
    /// The output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: AnswerFormat,
}

/// Arguments of `oin scopes for`.
#[derive(Debug, Args)]
pub struct ForArgs {
    /// The HTTP method.
    pub method: String,
    /// The request path (`/api/v1/users/00u1/groups`) or URL; a query is ignored.
    pub path: String,
    /// The output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: AnswerFormat,
}

/// Arguments of `oin scopes diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The base: a manifest file, or a git revision whose version of the manifest is read
    /// with `git show REV:PATH`.
    #[arg(long)]
    pub base: String,
    /// The head manifest, or a folder that holds an `oin.toml`.
    #[arg(default_value = "oin.toml")]
    pub path: PathBuf,
    /// The output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// Runs an `oin scopes` subcommand.
///
/// # Errors
/// Usage and I/O errors: an unreadable manifest, an unknown scope or method, a base that is
/// neither a file nor a git revision.
pub fn run(command: ScopesCommand) -> anyhow::Result<Outcome> {
    let mut out = anstream::stdout().lock();
    match command {
        ScopesCommand::Lint(mut args) => {
            args.path = super::manifest_path(&args.path);
            lint::run(&args, &mut out)
        }
        ScopesCommand::Explain(args) => explain::run(&args, &mut out),
        ScopesCommand::For(args) => lookup::run(&args, &mut out),
        ScopesCommand::Diff(mut args) => {
            args.path = super::manifest_path(&args.path);
            diff::run(&args, &mut out)
        }
    }
}
