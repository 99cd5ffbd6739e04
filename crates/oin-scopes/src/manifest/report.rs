//! Linting a manifest: TOML syntax, then the JSON Schema, then the model, then the semantic
//! lints, into one [`LintReport`].

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::diagnostic::{self, Code, Diagnostic, Severity};
use super::error::ManifestError;
use super::model::Manifest;
use super::source::{self, SourceMap};
use super::{lints, schema_check};
use crate::scope_set::ScopeSet;

/// What linting a manifest found: the manifest itself when it could be read into the model,
/// and every finding, ordered by line.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct LintReport {
    /// The manifest file, as the caller named it.
    pub path: PathBuf,
    /// The manifest, when it has the right shape. The semantic lints ran only if it is there.
    pub manifest: Option<Manifest>,
    /// The findings, ordered by line and column.
    pub diagnostics: Vec<Diagnostic>,
    /// Where the manifest's keys and values are.
    #[serde(skip)]
    map: SourceMap,
}

impl LintReport {
    /// Whether any finding is an error.
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// How many findings have this severity.
    #[must_use]
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.severity == severity)
            .count()
    }

    /// The scopes the manifest requests; empty when it could not be read.
    #[must_use]
    pub fn requested_scopes(&self) -> ScopeSet {
        self.manifest
            .iter()
            .flat_map(|manifest| manifest.scopes.iter())
            .map(|requested| requested.name.clone())
            .collect()
    }

    /// Where the manifest's keys and values are.
    pub(crate) fn source_map(&self) -> &SourceMap {
        &self.map
    }
}

/// Reads and lints the manifest at `path`. The logo's path is resolved against the
/// manifest's folder.
///
/// # Errors
/// [`ManifestError`] when the file cannot be read or is not UTF-8. Everything wrong *in* the
/// file is a diagnostic of the report.
pub fn lint_file(path: &Path) -> Result<LintReport, ManifestError> {
    let bytes = std::fs::read(path).map_err(|source| ManifestError::Io {
        path: path.to_owned(),
        source,
    })?;
    let source = String::from_utf8(bytes).map_err(|source| ManifestError::NotUtf8 {
        path: path.to_owned(),
        source,
    })?;
    Ok(lint_source(&source, path))
}

/// Lints a manifest's TOML text. `path` names the file in the diagnostics, and its folder is
/// where the logo's relative path is resolved.
#[must_use]
pub fn lint_source(source: &str, path: &Path) -> LintReport {
    let parsed = match source::parse(source, path) {
        Ok(parsed) => parsed,
        Err(error) => {
            let location = error
                .span()
                .map(|span| source::offset_location(path, source, span.start));
            let diagnostic = Diagnostic::error(
                Code::TomlSyntax,
                format!("the manifest is not valid TOML: {}", error.message()),
            )
            .at(location)
            .help("fix the TOML syntax here; nothing else is checked until the file parses");
            return LintReport {
                path: path.to_owned(),
                manifest: None,
                diagnostics: vec![diagnostic],
                map: SourceMap::empty(path),
            };
        }
    };
    let mut diagnostics = schema_check::check(&parsed.json, &parsed.map);
    let schema_failed = !diagnostics.is_empty();
    let document = toml::de::Deserializer::from(parsed.table);
    let manifest = match Manifest::deserialize(document) {
        Ok(manifest) => Some(manifest),
        Err(error) => {
            // When the schema found the problem, it said it better; otherwise the model has
            // a rule the schema does not, and its message is all there is.
            if !schema_failed {
                let location = error.span().map(|span| {
                    parsed
                        .map
                        .at_offset(span.start)
                        .unwrap_or_else(|| source::offset_location(path, source, span.start))
                });
                let what = match location.as_ref().map(|l| l.pointer.as_str()) {
                    Some(pointer) if !pointer.is_empty() => {
                        format!("`{}`", schema_check::dotted(pointer))
                    }
                    _ => "the manifest".to_owned(),
                };
                diagnostics.push(
                    Diagnostic::error(
                        Code::InvalidValue,
                        format!("{what} cannot be read: {}", error.message()),
                    )
                    .at(location)
                    .help(
                        "correct this value; the semantic checks run once the manifest can be read",
                    ),
                );
            }
            None
        }
    };
    if let Some(manifest) = &manifest {
        diagnostics.extend(lints::run(manifest, &parsed.map));
    }
    diagnostic::sort(&mut diagnostics);
    LintReport {
        path: path.to_owned(),
        manifest,
        diagnostics,
        map: parsed.map,
    }
}
