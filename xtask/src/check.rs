//! `cargo xtask check`.
use std::process::ExitCode;
pub(crate) fn run(_args: &[String]) -> anyhow::Result<ExitCode> {
    Ok(ExitCode::SUCCESS)
}
