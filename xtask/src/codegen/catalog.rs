//! Generates `crates/oin-scopes/src/catalog/generated.rs` from Okta's pinned OpenAPI specs:
//! every operation of the management spec, and the OIN submissions operations
//! (`okta.manifests.*`, tag `YourOinIntegrations`) of the developer spec.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result, bail, ensure};
use serde_norway::{Mapping, Value};
use sha2::{Digest, Sha256};

/// The tag of the OIN submissions API in the developer spec.
const SUBMISSIONS_TAG: &str = "YourOinIntegrations";
const METHODS: [(&str, &str); 5] = [
    ("get", "Get"),
    ("post", "Post"),
    ("put", "Put"),
    ("patch", "Patch"),
    ("delete", "Delete"),
];

/// One spec file, read and hashed.
pub(crate) struct Spec {
    file_name: String,
    sha256: String,
    document: Value,
}

impl Spec {
    pub(crate) fn read(path: &Path) -> Result<Self> {
        let bytes =
            std::fs::read(path).with_context(|| format!("reading the spec {}", path.display()))?;
        let document: Value = serde_norway::from_slice(&bytes)
            .with_context(|| format!("{} is not a YAML document", path.display()))?;
        let file_name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(Self {
            file_name,
            sha256: hex(&Sha256::digest(&bytes)),
            document,
        })
    }

    fn info(&self, key: &str) -> Result<&str> {
        self.document
            .get("info")
            .and_then(|info| info.get(key))
            .and_then(Value::as_str)
            .with_context(|| format!("{} has no info.{key}", self.file_name))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, byte| {
            let _ = write!(out, "{byte:02x}");
            out
        })
}

struct OperationRow {
    path: String,
    method: &'static str,
    operation_id: String,
    tag: String,
    summary: String,
    scopes: Vec<String>,
    lifecycle: Option<&'static str>,
    deprecated: bool,
    api_token: bool,
    oauth2: bool,
    origin: &'static str,
}

fn lifecycle_variant(value: &str) -> Result<&'static str> {
    Ok(match value {
        "GA" => "Ga",
        "LIMITED_GA" => "LimitedGa",
        "EA" => "Ea",
        "ENG" => "Eng",
        "PRODUCT_DEV" => "ProductDev",
        other => bail!("unknown x-okta-lifecycle `{other}`: add it to oin_scopes::Lifecycle"),
    })
}

fn lifecycle_of(node: &Value) -> Option<&str> {
    node.get("x-okta-lifecycle")?.get("lifecycle")?.as_str()
}

fn operations(
    spec: &Spec,
    origin: &'static str,
    only_tag: Option<&str>,
) -> Result<Vec<OperationRow>> {
    let paths = spec
        .document
        .get("paths")
        .and_then(Value::as_mapping)
        .with_context(|| format!("{} has no paths", spec.file_name))?;
    let mut rows = Vec::new();
    for (path, item) in paths {
        let path = path.as_str().context("a path key is not a string")?;
        for (key, method) in METHODS {
            let Some(operation) = item.get(key) else {
                continue;
            };
            let tag = operation
                .get("tags")
                .and_then(|tags| tags.get(0))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            if only_tag.is_some_and(|only| only != tag) {
                continue;
            }
            let operation_id = operation
                .get("operationId")
                .and_then(Value::as_str)
                .with_context(|| format!("{method} {path} has no operationId"))?
                .to_owned();
            let (api_token, oauth2, scopes) = security(operation.get("security"));
            let lifecycle = lifecycle_of(operation)
                .or_else(|| lifecycle_of(item))
                .map(lifecycle_variant)
                .transpose()?;
            rows.push(OperationRow {
                path: path.to_owned(),
                method,
                summary: operation
                    .get("summary")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .trim()
                    .to_owned(),
                operation_id,
                tag,
                scopes,
                lifecycle,
                deprecated: operation
                    .get("deprecated")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
                api_token,
                oauth2,
                origin,
            });
        }
    }
    Ok(rows)
}

/// `security: [{apiToken: []}, {oauth2: [scopes…]}]`: alternatives (OR), the scopes of
/// one `oauth2` entry all required (AND).
fn security(requirement: Option<&Value>) -> (bool, bool, Vec<String>) {
    let mut api_token = false;
    let mut oauth2 = false;
    let mut scopes = Vec::new();
    for entry in requirement
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
    {
        let Some(entry) = entry.as_mapping() else {
            continue;
        };
        if entry.contains_key("apiToken") {
            api_token = true;
        }
        if let Some(list) = entry.get("oauth2") {
            oauth2 = true;
            scopes.extend(
                list.as_sequence()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .map(str::to_owned),
            );
        }
    }
    scopes.sort();
    scopes.dedup();
    (api_token, oauth2, scopes)
}

fn declared_scopes(spec: &Spec) -> Option<&Mapping> {
    spec.document
        .get("components")?
        .get("securitySchemes")?
        .get("oauth2")?
        .get("flows")?
        .get("authorizationCode")?
        .get("scopes")?
        .as_mapping()
}

fn access_of(name: &str) -> (&'static str, usize) {
    match name.rsplit_once('.') {
        Some((resource, "read")) => ("Read", resource.len()),
        Some((resource, "manage")) => ("Manage", resource.len()),
        _ => ("Other", name.len()),
    }
}

fn const_name(scope: &str) -> String {
    scope
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// Renders the generated module.
pub(crate) fn generate(management: &Spec, dev: &Spec) -> Result<String> {
    let mut rows = operations(management, "Management", None)?;
    let submissions = operations(dev, "OinSubmissions", Some(SUBMISSIONS_TAG))?;
    ensure!(
        !submissions.is_empty(),
        "{} has no operations tagged {SUBMISSIONS_TAG}",
        dev.file_name
    );
    rows.extend(submissions);
    rows.sort_by(|a, b| (&a.path, method_rank(a.method)).cmp(&(&b.path, method_rank(b.method))));
    for pair in rows.windows(2) {
        ensure!(
            (&pair[0].path, pair[0].method) != (&pair[1].path, pair[1].method),
            "{} {} appears twice",
            pair[0].method,
            pair[0].path
        );
    }

    // Every scope: declared ones with their description, and any scope an operation uses
    // that the spec forgot to declare (the submissions scopes are such).
    let mut scopes: std::collections::BTreeMap<String, (String, &'static str)> = Default::default();
    for (spec, origin) in [(management, "Management")] {
        for (name, description) in declared_scopes(spec).into_iter().flatten() {
            let name = name.as_str().context("a scope name is not a string")?;
            let description = description.as_str().unwrap_or_default().trim().to_owned();
            scopes.insert(name.to_owned(), (description, origin));
        }
    }
    let dev_descriptions = declared_scopes(dev);
    for row in &rows {
        for scope in &row.scopes {
            scopes.entry(scope.clone()).or_insert_with(|| {
                let description = dev_descriptions
                    .and_then(|declared| declared.get(scope.as_str()))
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .trim()
                    .to_owned();
                (description, row.origin)
            });
        }
    }
    for name in scopes.keys() {
        oin_scopes::Scope::parse(name).with_context(|| format!("the spec's scope `{name}`"))?;
    }

    let mut out = String::new();
    writeln!(
        out,
        "//! The operation catalog's data. Generated by `cargo xtask codegen`; do not edit."
    )?;
    writeln!(out, "//!")?;
    for spec in [management, dev] {
        writeln!(
            out,
            "//! From `{}` version {}, sha256 {}.",
            spec.file_name,
            spec.info("version")?,
            spec.sha256
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "use super::operation::{{AuthSchemes, Lifecycle, Method, Operation, Origin, ScopeInfo, SpecInfo}};"
    )?;
    writeln!(out, "use crate::scope::{{Access, Scope}};")?;
    writeln!(out)?;
    writeln!(out, "pub(super) static SPECS: &[SpecInfo] = &[")?;
    for (spec, origin) in [(management, "Management"), (dev, "OinSubmissions")] {
        writeln!(
            out,
            "    SpecInfo {{ file: {:?}, title: {:?}, version: {:?}, sha256: {:?}, origin: Origin::{origin} }},",
            spec.file_name,
            spec.info("title")?,
            spec.info("version")?,
            spec.sha256
        )?;
    }
    writeln!(out, "];")?;
    writeln!(out)?;
    for name in scopes.keys() {
        let (access, resource_len) = access_of(name);
        writeln!(
            out,
            "const {}: Scope = Scope::generated({name:?}, Access::{access}, {resource_len});",
            const_name(name)
        )?;
    }
    writeln!(out)?;
    writeln!(out, "pub(super) static SCOPES: &[ScopeInfo] = &[")?;
    for (name, (description, origin)) in &scopes {
        writeln!(
            out,
            "    ScopeInfo {{ scope: {}, description: {description:?}, origin: Origin::{origin} }},",
            const_name(name)
        )?;
    }
    writeln!(out, "];")?;
    writeln!(out)?;
    writeln!(out, "pub(super) static OPERATIONS: &[Operation] = &[")?;
    for row in &rows {
        let scopes = row
            .scopes
            .iter()
            .map(|scope| const_name(scope))
            .collect::<Vec<_>>()
            .join(", ");
        let lifecycle = row.lifecycle.map_or_else(
            || "None".to_owned(),
            |variant| format!("Some(Lifecycle::{variant})"),
        );
        writeln!(
            out,
            "    Operation {{ method: Method::{}, path: {:?}, operation_id: {:?}, tag: {:?}, summary: {:?}, scopes: &[{scopes}], lifecycle: {lifecycle}, deprecated: {}, auth: AuthSchemes {{ api_token: {}, oauth2: {} }}, origin: Origin::{} }},",
            row.method,
            row.path,
            row.operation_id,
            row.tag,
            row.summary,
            row.deprecated,
            row.api_token,
            row.oauth2,
            row.origin
        )?;
    }
    writeln!(out, "];")?;
    Ok(out)
}

fn method_rank(method: &str) -> usize {
    METHODS
        .iter()
        .position(|(_, variant)| *variant == method)
        .unwrap_or(usize::MAX)
}
