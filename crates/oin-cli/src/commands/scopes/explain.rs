//! `oin scopes explain SCOPE`: what a scope grants.

use std::io::Write;

use anyhow::bail;
use oin_scopes::{Catalog, Operation, Scope};
use serde::Serialize;

use super::ExplainArgs;
use crate::Outcome;
use crate::output::{self, AnswerFormat, DIM, EMPHASIS, NOTE};

#[derive(Serialize)]
struct Explanation<'a> {
    scope: &'a str,
    description: &'a str,
    /// The `.read` scope this `.manage` scope includes.
    includes: Option<String>,
    /// The `.manage` scope that includes this `.read` scope.
    included_in: Option<String>,
    /// Operations a token with this scope alone may call.
    operations: Vec<OperationRef<'a>>,
    /// Operations that need this scope together with others.
    with_other_scopes: Vec<OperationRef<'a>>,
}

#[derive(Serialize)]
struct OperationRef<'a> {
    method: &'a str,
    path: &'a str,
    operation_id: &'a str,
    scopes: Vec<&'a str>,
}

impl<'a> From<&'a Operation> for OperationRef<'a> {
    fn from(operation: &'a Operation) -> Self {
        Self {
            method: operation.method().as_str(),
            path: operation.path(),
            operation_id: operation.operation_id(),
            scopes: operation.scopes().iter().map(Scope::as_str).collect(),
        }
    }
}

pub(super) fn run(args: &ExplainArgs, out: &mut impl Write) -> anyhow::Result<Outcome> {
    let scope: Scope = args.scope.parse()?;
    let catalog = Catalog::get();
    let Some(info) = catalog.scope(scope.as_str()) else {
        let suggestion = catalog
            .suggest_scope(scope.as_str())
            .map(|info| format!("; did you mean `{}`?", info.scope()))
            .unwrap_or_default();
        bail!("`{scope}` is not a scope of the Okta management API{suggestion}");
    };
    let explanation = Explanation {
        scope: scope.as_str(),
        description: info.description(),
        includes: scope
            .read_counterpart()
            .filter(|read| catalog.is_known_scope(read))
            .map(|s| s.to_string()),
        included_in: scope
            .manage_counterpart()
            .filter(|manage| catalog.is_known_scope(manage))
            .map(|s| s.to_string()),
        operations: catalog
            .operations_allowed_by(&scope)
            .map(OperationRef::from)
            .collect(),
        with_other_scopes: catalog
            .operations_partly_allowed_by(&scope)
            .map(OperationRef::from)
            .collect(),
    };
    match args.format {
        AnswerFormat::Json => output::write_json(out, &explanation)?,
        AnswerFormat::Human => write_human(out, &explanation)?,
    }
    Ok(Outcome::Clean)
}

fn write_human(out: &mut impl Write, explanation: &Explanation<'_>) -> std::io::Result<()> {
    writeln!(out, "{EMPHASIS}{}{EMPHASIS:#}", explanation.scope)?;
    if explanation.description.is_empty() {
        writeln!(out, "  {DIM}(the spec gives no description){DIM:#}")?;
    } else {
        writeln!(out, "  {}", explanation.description)?;
    }
    if let Some(read) = &explanation.includes {
        writeln!(
            out,
            "  {NOTE}includes{NOTE:#} {read}: a .manage scope can do everything its .read scope can"
        )?;
    }
    if let Some(manage) = &explanation.included_in {
        writeln!(out, "  {NOTE}included in{NOTE:#} {manage}")?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "{} operation(s) it grants on its own:",
        explanation.operations.len()
    )?;
    for operation in &explanation.operations {
        writeln!(
            out,
            "  {:<6} {} {DIM}({}){DIM:#}",
            operation.method, operation.path, operation.operation_id
        )?;
    }
    if !explanation.with_other_scopes.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{} operation(s) that also need other scopes:",
            explanation.with_other_scopes.len()
        )?;
        for operation in &explanation.with_other_scopes {
            writeln!(
                out,
                "  {:<6} {} {DIM}({}; needs {}){DIM:#}",
                operation.method,
                operation.path,
                operation.operation_id,
                operation.scopes.join(" and ")
            )?;
        }
    }
    Ok(())
}
