//! `cargo xtask check [--example NAME]`: the main job, on the example integration.
//!
//! Today it lints the example's `oin.toml` and prints the report; it grows into the full
//! check (conformance run against the embedded fake org, derived scopes, submission
//! payloads, snapshots) as those parts land.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use oin_cli::{Cli, Outcome};

use crate::paths;

/// The example integration checked when none is named.
const DEFAULT_EXAMPLE: &str = "log-streamer";

pub(crate) fn run(args: &[String]) -> Result<ExitCode> {
    let mut example = DEFAULT_EXAMPLE.to_owned();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--example" => example = args.next().context("--example needs a name")?.clone(),
            other => bail!("check: unknown argument `{other}`; usage: check [--example NAME]"),
        }
    }
    let root = paths::workspace_root();
    std::env::set_current_dir(&root).with_context(|| format!("cannot enter {}", root.display()))?;
    let manifest = manifest_of(&example)?;
    println!("== lint {}", manifest.display());
    let cli = <Cli as clap::Parser>::try_parse_from([
        "oin".as_ref(),
        "scopes".as_ref(),
        "lint".as_ref(),
        manifest.as_os_str(),
    ])?;
    let outcome = oin_cli::run(cli)?;
    Ok(match outcome {
        Outcome::Clean => {
            println!("check: {example} passed");
            ExitCode::SUCCESS
        }
        Outcome::Findings => {
            eprintln!("check: {example} has findings (see above)");
            ExitCode::FAILURE
        }
    })
}

fn manifest_of(example: &str) -> Result<PathBuf> {
    let root = paths::workspace_root();
    let manifest = root.join("examples").join(example).join("oin.toml");
    if !manifest.is_file() {
        bail!(
            "there is no example `{example}`: {} does not exist",
            manifest.display()
        );
    }
    Ok(manifest
        .strip_prefix(&root)
        .map(PathBuf::from)
        .unwrap_or(manifest))
}
