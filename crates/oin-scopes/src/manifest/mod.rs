//! The `oin.toml` manifest of an OIN API service integration: its model and JSON Schema,
//! the lints that check it, and the scope diff that gates a change of its scopes.
//!
//! [`lint_file`] and [`lint_source`] check a manifest in four steps, and report every
//! problem of a step with its [`Code`], its [`Severity`], its line and column, and a fix:
//!
//! 1. the TOML syntax ([`Code::TomlSyntax`]; nothing else is checked until it parses);
//! 2. the JSON Schema at `schemas/oin-manifest.schema.json` ([`Code::Schema`], one finding
//!    per violation);
//! 3. the serde model ([`Manifest`]);
//! 4. on a manifest that was read, the semantic lints: the scopes (`OIN1xx`), OIN's limits
//!    on the other fields (`OIN2xx`) and the logo (`OIN3xx`).
//!
//! [`diff`] compares the scopes of two manifests (`OIN4xx`).
//!
//! ```
//! use std::path::Path;
//! use oin_scopes::manifest::{Code, lint_source};
//!
//! let report = lint_source("[integration]\nname = 3\n", Path::new("oin.toml"));
//! assert!(report.has_errors());
//! let first = &report.diagnostics[0];
//! assert_eq!(first.code, Code::Schema);
//! assert_eq!(first.location.as_ref().map(|l| l.line), Some(1));
//! ```

mod diagnostic;
mod diff;
mod error;
mod lints;
mod model;
mod report;
mod schema_check;
mod source;

pub use diagnostic::{Code, Diagnostic, Location, Severity};
pub use diff::{ChangeKind, ScopeChange, ScopeDiff, diff};
pub use error::ManifestError;
pub use model::{
    Conformance, Contact, ContactKind, Integration, Manifest, RequestedScope, Support,
    TenantSetting, TestAccount, schema, schema_json,
};
pub use report::{LintReport, lint_file, lint_source};

/// The OIN Wizard's use cases, as Okta's documentation spells them; `use_cases` takes up to
/// three of them.
pub const USE_CASES: &[&str] = lints::USE_CASES;
