//! How the commands print: for people (colour when stdout is a terminal), as JSON, or as
//! GitHub Actions workflow commands (annotations with file and line).

use std::io::Write;

use anstyle::{AnsiColor, Style};
use clap::ValueEnum;
use oin_scopes::manifest::{Diagnostic, Severity};

/// The output format of a command.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Text for people; coloured when stdout is a terminal and `NO_COLOR` is unset.
    #[default]
    Human,
    /// One JSON document on stdout.
    Json,
    /// GitHub Actions workflow commands (`::error file=…,line=…::…`), one per finding.
    Github,
}

/// The output format of a command that answers a question rather than reporting findings
/// on a file, so has nothing to annotate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum AnswerFormat {
    /// Text for people; coloured when stdout is a terminal and `NO_COLOR` is unset.
    #[default]
    Human,
    /// One JSON document on stdout.
    Json,
}

/// The styles of human output.
pub(crate) const ERROR: Style = AnsiColor::Red.on_default().bold();
pub(crate) const WARNING: Style = AnsiColor::Yellow.on_default().bold();
pub(crate) const NOTE: Style = AnsiColor::Cyan.on_default().bold();
pub(crate) const GOOD: Style = AnsiColor::Green.on_default().bold();
pub(crate) const EMPHASIS: Style = Style::new().bold();
pub(crate) const DIM: Style = Style::new().dimmed();

/// The style of a severity's label.
pub(crate) fn severity_style(severity: Severity) -> Style {
    match severity {
        Severity::Error => ERROR,
        Severity::Warning => WARNING,
        _ => NOTE,
    }
}

/// Writes one diagnostic for people:
///
/// ```text
/// error[OIN100]: scope `okta.user.read` is not an Okta scope
///   --> oin.toml:12:8
///    = help: did you mean `okta.users.read`?
/// ```
pub(crate) fn write_human(out: &mut impl Write, diagnostic: &Diagnostic) -> std::io::Result<()> {
    let style = severity_style(diagnostic.severity);
    writeln!(
        out,
        "{style}{}[{}]{style:#}{EMPHASIS}: {}{EMPHASIS:#}",
        diagnostic.severity,
        diagnostic.code.as_str(),
        diagnostic.message
    )?;
    if let Some(location) = &diagnostic.location {
        writeln!(
            out,
            "  {DIM}-->{DIM:#} {}:{}:{}",
            location.path.display(),
            location.line,
            location.column
        )?;
    }
    if let Some(help) = &diagnostic.help {
        writeln!(out, "   {DIM}={DIM:#} help: {help}")?;
    }
    Ok(())
}

/// Writes one diagnostic as a GitHub Actions workflow command.
pub(crate) fn write_github(out: &mut impl Write, diagnostic: &Diagnostic) -> std::io::Result<()> {
    let command = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        _ => "notice",
    };
    let mut properties = Vec::new();
    if let Some(location) = &diagnostic.location {
        properties.push(format!(
            "file={}",
            escape_property(&location.path.display().to_string())
        ));
        properties.push(format!("line={}", location.line));
        properties.push(format!("col={}", location.column));
    }
    properties.push(format!(
        "title={}",
        escape_property(&format!(
            "{} {}",
            diagnostic.code.as_str(),
            diagnostic.code.name()
        ))
    ));
    let mut message = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    writeln!(
        out,
        "::{command} {}::{}",
        properties.join(","),
        escape_data(&message)
    )
}

/// Escapes a workflow command's message.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Writes a value as pretty JSON and a newline.
pub(crate) fn write_json(
    out: &mut impl Write,
    value: &impl serde::Serialize,
) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_commands_are_escaped() {
        assert_eq!(escape_data("50%\nnext"), "50%25%0Anext");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
