//! `oin scopes for METHOD PATH`: the operation a call names and the scopes it needs.

use std::io::Write;

use anyhow::bail;
use oin_scopes::catalog::Lookup;
use oin_scopes::{Catalog, Method, Operation};
use serde::Serialize;

use super::ForArgs;
use crate::Outcome;
use crate::output::{self, AnswerFormat, DIM, EMPHASIS, NOTE};

#[derive(Serialize)]
struct Answer<'a> {
    method: Method,
    path: &'a str,
    operation_id: &'a str,
    tag: &'a str,
    summary: &'a str,
    /// All of these are required.
    scopes: Vec<&'a str>,
    /// A scope that also satisfies each requirement (its `.manage`), where there is one.
    also_accepted: Vec<String>,
    lifecycle: Option<&'a str>,
    deprecated: bool,
    api_token_only: bool,
}

pub(super) fn run(args: &ForArgs, out: &mut impl Write) -> anyhow::Result<Outcome> {
    let method: Method = args.method.parse()?;
    let path = request_path(&args.path);
    let catalog = Catalog::get();
    let operation = match catalog.lookup(method, path) {
        Lookup::Found(found) => found.operation(),
        Lookup::MethodNotAllowed { allowed } => {
            let allowed = allowed
                .iter()
                .map(|method| method.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            bail!("`{path}` has no {method} operation; it has {allowed}")
        }
        Lookup::NotFound => bail!(
            "no operation of the Okta management API has the path `{path}`; check it against the API reference (paths start with /api/v1/, /oauth2/v1/ or /integrations/api/v1/)"
        ),
    };
    let answer = answer(operation);
    match args.format {
        AnswerFormat::Json => output::write_json(out, &answer)?,
        AnswerFormat::Human => write_human(out, &answer)?,
    }
    Ok(Outcome::Clean)
}

/// The path of a request given as a path or a URL.
fn request_path(input: &str) -> &str {
    match input.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |start| &rest[start..]),
        None => input,
    }
}

fn answer(operation: &'static Operation) -> Answer<'static> {
    Answer {
        method: operation.method(),
        path: operation.path(),
        operation_id: operation.operation_id(),
        tag: operation.tag(),
        summary: operation.summary(),
        scopes: operation
            .scopes()
            .iter()
            .map(|scope| scope.as_str())
            .collect(),
        also_accepted: operation
            .scopes()
            .iter()
            .filter_map(|scope| scope.manage_counterpart())
            // Only a scope Okta has: there is no `okta.logs.manage`.
            .filter(|manage| Catalog::get().is_known_scope(manage))
            .map(|scope| scope.to_string())
            .collect(),
        lifecycle: operation.lifecycle().map(|lifecycle| lifecycle.as_str()),
        deprecated: operation.is_deprecated(),
        api_token_only: !operation.auth().oauth2,
    }
}

fn write_human(out: &mut impl Write, answer: &Answer<'_>) -> std::io::Result<()> {
    writeln!(
        out,
        "{EMPHASIS}{} {}{EMPHASIS:#} {DIM}({}, {}){DIM:#}",
        answer.method, answer.path, answer.operation_id, answer.tag
    )?;
    if !answer.summary.is_empty() {
        writeln!(out, "  {}", answer.summary)?;
    }
    if answer.api_token_only {
        writeln!(
            out,
            "  {NOTE}note{NOTE:#}: this operation takes an API token (SSWS) only; no OAuth 2.0 scope grants it"
        )?;
    } else if answer.scopes.is_empty() {
        writeln!(out, "  needs no scope")?;
    } else {
        writeln!(
            out,
            "  needs: {EMPHASIS}{}{EMPHASIS:#}",
            answer.scopes.join(" and ")
        )?;
        if !answer.also_accepted.is_empty() {
            writeln!(
                out,
                "  {DIM}(a token with {} also may){DIM:#}",
                answer.also_accepted.join(" and ")
            )?;
        }
    }
    if let Some(lifecycle) = answer.lifecycle.filter(|lifecycle| *lifecycle != "GA") {
        writeln!(out, "  lifecycle: {lifecycle}")?;
    }
    if answer.deprecated {
        writeln!(out, "  {NOTE}note{NOTE:#}: deprecated")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_paths() {
        assert_eq!(
            request_path("https://acme.okta.com/api/v1/logs?limit=5"),
            "/api/v1/logs?limit=5"
        );
        assert_eq!(request_path("https://acme.okta.com"), "/");
        assert_eq!(request_path("/api/v1/users"), "/api/v1/users");
    }
}
