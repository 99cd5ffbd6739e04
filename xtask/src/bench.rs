//! `cargo xtask bench`: runs every benchmark of the workspace.

use std::process::{Command, ExitCode};

use anyhow::{Context, Result};

use crate::paths;

pub(crate) fn run(args: &[String]) -> Result<ExitCode> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(paths::workspace_root())
        .args(["bench", "--workspace", "--exclude", "xtask"])
        .args(args)
        .status()
        .context("running cargo bench")?;
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
