//! `oin scopes lint`.

use std::io::Write;

use anyhow::Context;
use oin_scopes::manifest::{self, LintReport, Severity};

use super::LintArgs;
use crate::Outcome;
use crate::output::{self, Format, GOOD};

pub(super) fn run(args: &LintArgs, out: &mut impl Write) -> anyhow::Result<Outcome> {
    let report = manifest::lint_file(&args.path)
        .with_context(|| format!("cannot lint {}", args.path.display()))?;
    write_report(&report, args.format, out)?;
    let fails = report.has_errors()
        || (args.deny_warnings
            && report
                .diagnostics
                .iter()
                .any(|diagnostic| diagnostic.severity == Severity::Warning));
    Ok(if fails {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// Writes a lint report in the given format.
pub(crate) fn write_report(
    report: &LintReport,
    format: Format,
    out: &mut impl Write,
) -> std::io::Result<()> {
    match format {
        Format::Json => output::write_json(out, report),
        Format::Github => report
            .diagnostics
            .iter()
            .try_for_each(|diagnostic| output::write_github(out, diagnostic)),
        Format::Human => {
            for diagnostic in &report.diagnostics {
                output::write_human(out, diagnostic)?;
                writeln!(out)?;
            }
            let count = |severity| {
                report
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == severity)
                    .count()
            };
            let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
            if errors == 0 && warnings == 0 {
                let scopes = report.requested_scopes();
                writeln!(
                    out,
                    "{GOOD}ok{GOOD:#}: {} is valid; it requests {} scope(s): {scopes}",
                    report.path.display(),
                    scopes.len()
                )
            } else {
                writeln!(
                    out,
                    "{}: {errors} error(s), {warnings} warning(s)",
                    report.path.display()
                )
            }
        }
    }
}
