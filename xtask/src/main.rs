//! `cargo xtask`: the project's own tasks.
//!
//! - `cargo xtask check [--example NAME]`: the main job on the example integration.
//! - `cargo xtask codegen [--check] [--spec PATH] [--dev-spec PATH]`: regenerates the
//!   operation catalog from Okta's pinned specs and the manifest's JSON Schema.
//! - `cargo xtask bench`: runs the benchmarks.

mod bench;
mod check;
mod codegen;
mod paths;

use std::process::ExitCode;

use anyhow::{Result, bail};

const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  check [--example NAME]                            lint the example integration's oin.toml and print the report
  codegen [--check] [--spec PATH] [--dev-spec PATH] regenerate the operation catalog and the manifest schema
  bench [ARGS…]                                     run the benchmarks (ARGS go to `cargo bench`)

environment:
  OIN_OKTA_SPECS   the folder of Okta's pinned specs (default: ../shared/okta beside the workspace)";

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<ExitCode> {
    let mut args = std::env::args().skip(1);
    let Some(task) = args.next() else {
        eprintln!("{USAGE}");
        return Ok(ExitCode::from(2));
    };
    let rest: Vec<String> = args.collect();
    match task.as_str() {
        "check" => check::run(&rest),
        "codegen" => codegen::run(&rest),
        "bench" => bench::run(&rest),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        other => bail!("unknown task `{other}`\n\n{USAGE}"),
    }
}
