//! What the tests share: the workspace's paths, and a view of diagnostics for snapshots with
//! paths relative to the workspace.

use std::path::{Path, PathBuf};

use oin_scopes::manifest::{Diagnostic, LintReport, lint_file};
use serde::Serialize;

/// The workspace root, canonical (insta's `glob!` hands out canonical paths).
pub(crate) fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the workspace root exists")
}

/// `fixtures/manifests/…` in the workspace.
pub(crate) fn fixtures() -> PathBuf {
    workspace().join("fixtures/manifests")
}

/// `path` relative to the workspace, with `/` separators.
pub(crate) fn relative(path: &Path) -> String {
    let path = path.strip_prefix(workspace()).unwrap_or(path);
    path.components()
        .map(|component| component.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Lints a fixture file.
pub(crate) fn lint(path: &Path) -> LintReport {
    lint_file(path).unwrap_or_else(|error| panic!("cannot lint {}: {error}", path.display()))
}

/// A diagnostic as the snapshots show it.
#[derive(Debug, Serialize)]
pub(crate) struct Finding {
    pub(crate) code: String,
    pub(crate) name: &'static str,
    pub(crate) severity: String,
    pub(crate) at: Option<String>,
    pub(crate) pointer: Option<String>,
    pub(crate) message: String,
    pub(crate) help: Option<String>,
}

/// The diagnostics as the snapshots show them.
pub(crate) fn findings(diagnostics: &[Diagnostic]) -> Vec<Finding> {
    diagnostics
        .iter()
        .map(|diagnostic| Finding {
            code: diagnostic.code.as_str().to_owned(),
            name: diagnostic.code.name(),
            severity: diagnostic.severity.to_string(),
            at: diagnostic.location.as_ref().map(|location| {
                format!(
                    "{}:{}:{}",
                    relative(&location.path),
                    location.line,
                    location.column
                )
            }),
            pointer: diagnostic
                .location
                .as_ref()
                .map(|location| location.pointer.clone()),
            message: diagnostic.message.clone(),
            help: diagnostic.help.clone(),
        })
        .collect()
}
