//! The serde model of `oin.toml`, from which the JSON Schema is derived.
//!
//! The model and the schema describe the manifest's *shape* (which tables and keys exist,
//! their types, no unknown keys). OIN's limits on the values (lengths, the use-case list, the
//! logo's format) are lints with their own codes and fix hints, so the schema stays a faithful
//! description of what parses.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::scope::Scope;

/// The manifest of an OIN API service integration: what the OIN submission needs, the scopes
/// the integration requests and why, and how to run its conformance tests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "oin.toml", extend("$id" = "https://oin-kit.dev/schemas/oin-manifest.schema.json"))]
#[non_exhaustive]
pub struct Manifest {
    /// The integration as the OIN catalog shows it.
    pub integration: Integration,
    /// Who customers and Okta contact about the integration.
    pub support: Support,
    /// The Okta API scopes the integration requests, each with the reason it needs it.
    pub scopes: Vec<RequestedScope>,
    /// Values the customer's admin enters when installing the integration (OIN "tenant
    /// settings"), such as a region or an account ID.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tenant_settings: Vec<TenantSetting>,
    /// The account in the ISV's application that Okta's OIN team tests with.
    pub test_account: TestAccount,
    /// How to run the integration's conformance tests against a fake Okta org.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conformance: Option<Conformance>,
}

/// The integration's catalog entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Integration {
    /// The display name (OIN: at most 64 characters).
    pub name: String,
    /// What the integration does for the customer (OIN: at most 1024 characters).
    pub description: String,
    /// The logo file, relative to the manifest: PNG, JPG or GIF under 1 MB, 200×200,
    /// 244×244, 244×156 or 156×244 pixels.
    pub logo: String,
    /// Up to three OIN use cases: "Automation", "Centralized Logging", "Directory and HR
    /// Sync", "Identity Governance and Administration (IGA)", "Identity Verification",
    /// "Multifactor Authentication (MFA)", "Zero Trust".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub use_cases: Vec<String>,
    /// The customer-facing configuration guide (an `https://` URL the OIN team can reach).
    pub config_guide_url: String,
}

/// Support contacts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Support {
    /// The address Okta escalates to; not shown to customers.
    pub escalation_email: String,
    /// Contacts shown to customers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<Contact>,
}

/// One public support contact: exactly one of `email`, `url` and `phone`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Contact {
    /// What the contact is for.
    #[serde(rename = "type")]
    pub kind: ContactKind,
    /// An email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// A web page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// A phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// The purpose of a support contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ContactKind {
    /// Customers' first line of support.
    CustomerSupport,
    /// Where customers escalate.
    EscalationSupport,
}

/// One requested scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RequestedScope {
    /// The scope, such as `okta.logs.read`.
    pub name: Scope,
    /// Why the integration needs it, as the OIN reviewers and the customer's admin will read
    /// it (the submission's scope explanation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Acknowledges that this scope is new or wider than before (`.read` → `.manage`), and
    /// why: a scope change means OIN re-review and customer re-consent. The scope gate
    /// (`oin scopes diff`) fails on an unacknowledged addition or widening.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledge: Option<String>,
}

/// One tenant setting the customer's admin fills in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct TenantSetting {
    /// The variable name: lower-case letters, digits and `_`, starting with a letter.
    pub name: String,
    /// The label the admin sees.
    pub label: String,
}

/// The test account for the OIN team. The password is never in the manifest: it is read
/// from the environment variable named by `password_env` when the submission is made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct TestAccount {
    /// Where the OIN team signs in to the ISV's application (at most 512 characters).
    pub url: String,
    /// The user name (at most 255 characters).
    pub username: String,
    /// The name of the environment variable that holds the password.
    pub password_env: String,
    /// How to configure the integration and trigger its API calls (at most 2048 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructions: Option<String>,
}

/// The conformance run: the integration's own command, run against a fake Okta org on which
/// it is installed with its requested scopes. The command receives `OKTA_ORG_URL`,
/// `OKTA_CLIENT_ID` and `OKTA_CLIENT_SECRET` in its environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Conformance {
    /// The program and its arguments, run from the manifest's folder.
    pub command: Vec<String>,
    /// How long the command may run, in seconds.
    #[serde(default = "Conformance::default_timeout_secs")]
    pub timeout_secs: u64,
}

impl Manifest {
    /// Reads the model from TOML text without linting it: no schema diagnostics, no logo
    /// read. For a manifest that only has to be compared (the base of a scope diff); use
    /// [`lint_source`](super::lint_source) to check one.
    ///
    /// # Errors
    /// [`ManifestError::Invalid`](super::ManifestError::Invalid) when the text is not a
    /// manifest; `path` names it in the message.
    pub fn from_toml(source: &str, path: &std::path::Path) -> Result<Self, super::ManifestError> {
        toml::from_str(source).map_err(|error| super::ManifestError::Invalid {
            path: path.to_owned(),
            message: error.to_string().trim_end().to_owned(),
        })
    }
}

impl Conformance {
    fn default_timeout_secs() -> u64 {
        300
    }
}

impl JsonSchema for Scope {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Scope".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "An OAuth 2.0 scope name: dot-separated segments of letters, digits, `_` and `-`, such as `okta.users.read`.",
            "pattern": "^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$",
            "maxLength": 255
        })
    }
}

/// The JSON Schema of `oin.toml`, as a JSON value.
#[must_use]
pub fn schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Manifest)).unwrap_or_default()
}

/// The JSON Schema of `oin.toml` as committed at `schemas/oin-manifest.schema.json`: pretty
/// JSON with a final newline.
#[must_use]
pub fn schema_json() -> String {
    let mut json = serde_json::to_string_pretty(&schema()).unwrap_or_default();
    json.push('\n');
    json
}
