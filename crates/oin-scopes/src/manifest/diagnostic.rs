//! What a lint reports: a [`Diagnostic`] with its stable [`Code`], its [`Severity`], a
//! message, where in the manifest it is ([`Location`]) and a hint at the fix.

use std::fmt;
use std::path::PathBuf;

use serde::{Serialize, Serializer};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Severity {
    /// The manifest cannot be used, or OIN would refuse the submission.
    Error,
    /// Probably a mistake, or something OIN's review is likely to question.
    Warning,
    /// For information: nothing to fix.
    Note,
}

impl Severity {
    /// The lower-case name: `error`, `warning` or `note`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $name:literal; )*) => {
        /// The stable code of a finding. The number ([`Code::as_str`]) and the name
        /// ([`Code::name`]) of a code never change meaning; `docs/manifest.md` explains each
        /// one and its fix.
        ///
        /// The hundreds group the codes: `OIN0xx` the TOML and its shape, `OIN1xx` the
        /// requested scopes, `OIN2xx` OIN's limits on the other fields, `OIN3xx` the logo,
        /// `OIN4xx` the scope diff.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in numeric order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The code as written in reports, such as `OIN101`.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( Code::$variant => $code, )*
                }
            }

            /// The code's kebab-case name, such as `redundant-read`.
            #[must_use]
            pub const fn name(self) -> &'static str {
                match self {
                    $( Code::$variant => $name, )*
                }
            }
        }
    };
}

codes! {
    /// The file is not valid TOML.
    TomlSyntax = "OIN001", "toml-syntax";
    /// The manifest does not match the JSON Schema of `oin.toml`: a wrong type, an unknown
    /// or missing key.
    Schema = "OIN002", "schema";
    /// A value the schema accepts cannot be read into the manifest model.
    InvalidValue = "OIN003", "invalid-value";
    /// A scope that Okta does not have.
    UnknownScope = "OIN101", "unknown-scope";
    /// A `.read` scope requested beside its `.manage` scope, which includes it.
    RedundantRead = "OIN102", "redundant-read";
    /// A scope without a reason, or with an empty one.
    MissingReason = "OIN103", "missing-reason";
    /// A scope an OIN API service integration may not request: `.self` scopes, OpenID
    /// Connect scopes such as `openid` and `offline_access`, custom scopes.
    ForbiddenScope = "OIN104", "forbidden-scope";
    /// The same scope requested twice.
    DuplicateScope = "OIN105", "duplicate-scope";
    /// A scope whose every operation is deprecated.
    DeprecatedScope = "OIN106", "deprecated-scope";
    /// A scope whose every operation is in Early Access.
    EarlyAccessScope = "OIN107", "early-access-scope";
    /// A scope of the OIN submissions API, which only Okta developer orgs have.
    SubmissionsApiScope = "OIN108", "submissions-api-scope";
    /// A real Okta scope whose operations are outside the operation catalog.
    UncataloguedScope = "OIN109", "uncatalogued-scope";
    /// No scope requested at all.
    NoScopes = "OIN110", "no-scopes";
    /// An `acknowledge` that is empty.
    EmptyAcknowledgement = "OIN111", "empty-acknowledgement";
    /// The display name is empty or longer than 64 characters.
    NameLength = "OIN201", "name-length";
    /// The description is empty or longer than 1024 characters.
    DescriptionLength = "OIN202", "description-length";
    /// More than three use cases.
    TooManyUseCases = "OIN203", "too-many-use-cases";
    /// A use case that is not in the OIN Wizard's list.
    UnknownUseCase = "OIN204", "unknown-use-case";
    /// The same use case twice.
    DuplicateUseCase = "OIN205", "duplicate-use-case";
    /// The configuration guide URL is not an `https://` URL the OIN team can reach.
    ConfigGuideUrl = "OIN206", "config-guide-url";
    /// A tenant setting name that is not lower-case letters, digits and `_` starting with a
    /// letter, or is too long.
    TenantSettingName = "OIN207", "tenant-setting-name";
    /// More tenant settings than OIN takes.
    TooManyTenantSettings = "OIN208", "too-many-tenant-settings";
    /// Two tenant settings with the same name.
    DuplicateTenantSetting = "OIN209", "duplicate-tenant-setting";
    /// A tenant setting with an empty label.
    TenantSettingLabel = "OIN210", "tenant-setting-label";
    /// A test-account field that is empty or longer than OIN takes.
    TestAccountLength = "OIN211", "test-account-length";
    /// The test account's URL is not an `http(s)://` URL.
    TestAccountUrl = "OIN212", "test-account-url";
    /// `password_env` does not look like the name of an environment variable.
    PasswordEnv = "OIN213", "password-env";
    /// A support contact without exactly one of `email`, `url` and `phone`, or with a bad
    /// URL.
    SupportContact = "OIN214", "support-contact";
    /// An email address that is not one.
    InvalidEmail = "OIN215", "invalid-email";
    /// The scopes' reasons together are longer than the submission's scope explanation
    /// takes.
    ScopeReasonsLength = "OIN216", "scope-reasons-length";
    /// A conformance command that cannot run: empty, or with a zero timeout.
    ConformanceCommand = "OIN217", "conformance-command";
    /// The logo file cannot be read.
    LogoUnreadable = "OIN301", "logo-unreadable";
    /// The logo is not a PNG, JPEG or GIF image.
    LogoFormat = "OIN302", "logo-format";
    /// The logo file is 1 MB or larger.
    LogoFileSize = "OIN303", "logo-file-size";
    /// The logo's pixel size is not one OIN takes.
    LogoDimensions = "OIN304", "logo-dimensions";
    /// The logo's file extension does not match its format.
    LogoExtension = "OIN305", "logo-extension";
    /// A scope the base did not request.
    ScopeAdded = "OIN401", "scope-added";
    /// A `.read` scope widened to its `.manage` scope.
    ScopeWidened = "OIN402", "scope-widened";
    /// A scope the head no longer requests.
    ScopeRemoved = "OIN403", "scope-removed";
    /// A `.manage` scope narrowed to its `.read` scope.
    ScopeNarrowed = "OIN404", "scope-narrowed";
    /// A scope whose reason changed.
    ReasonChanged = "OIN405", "reason-changed";
    /// The head manifest has errors, so its scopes cannot be compared.
    HeadUnreadable = "OIN406", "head-unreadable";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Where a finding is: the manifest file, a JSON pointer into the manifest, and the line and
/// column in the TOML source.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct Location {
    /// The manifest file, as the caller named it.
    pub path: PathBuf,
    /// A JSON pointer into the manifest, such as `/scopes/2/name`.
    pub pointer: String,
    /// The 1-based line of the value in the TOML source (of its key or table header when the
    /// value is missing).
    pub line: usize,
    /// The 1-based column, counted in characters.
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path.display(), self.line, self.column)
    }
}

/// One finding about a manifest.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct Diagnostic {
    /// The stable code.
    pub code: Code,
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where it is, when it is somewhere in the file.
    pub location: Option<Location>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A finding with no location and no help yet.
    pub(crate) fn new(code: Code, severity: Severity, message: impl Into<String>) -> Self {
        Self {
            code,
            severity,
            message: message.into(),
            location: None,
            help: None,
        }
    }

    /// An [`Severity::Error`] finding.
    pub(crate) fn error(code: Code, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Error, message)
    }

    /// A [`Severity::Warning`] finding.
    pub(crate) fn warning(code: Code, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Warning, message)
    }

    /// A [`Severity::Note`] finding.
    pub(crate) fn note(code: Code, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Note, message)
    }

    /// Sets where the finding is.
    pub(crate) fn at(mut self, location: Option<Location>) -> Self {
        self.location = location;
        self
    }

    /// Sets the fix hint.
    pub(crate) fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets or clears the fix hint.
    pub(crate) fn help_opt(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    /// Whether this is an [`Severity::Error`].
    #[must_use]
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Renders the finding on one line, then its hint:
///
/// ```text
/// oin.toml:12:8: error[OIN101]: scope `okta.user.read` is not an Okta scope
///   help: did you mean `okta.users.read`?
/// ```
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(location) = &self.location {
            write!(f, "{location}: ")?;
        }
        write!(f, "{}[{}]: {}", self.severity, self.code, self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Orders findings by file, line and column, findings without a location last.
pub(crate) fn sort(diagnostics: &mut [Diagnostic]) {
    fn key(d: &Diagnostic) -> (bool, Option<(&std::path::Path, usize, usize)>, Code) {
        (
            d.location.is_none(),
            d.location
                .as_ref()
                .map(|l| (l.path.as_path(), l.line, l.column)),
            d.code,
        )
    }
    diagnostics.sort_by(|a, b| key(a).cmp(&key(b)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut numbers = std::collections::BTreeSet::new();
        let mut names = std::collections::BTreeSet::new();
        for code in Code::ALL {
            let number = code.as_str();
            assert!(
                number.len() == 6
                    && number.starts_with("OIN")
                    && number[3..].bytes().all(|b| b.is_ascii_digit()),
                "{number}"
            );
            assert!(
                code.name()
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{}",
                code.name()
            );
            assert!(numbers.insert(number), "{number} twice");
            assert!(names.insert(code.name()), "{} twice", code.name());
        }
        assert!(Code::ALL.windows(2).all(|w| w[0].as_str() < w[1].as_str()));
    }

    #[test]
    fn serializes_codes_and_severities_as_strings() {
        let diagnostic = Diagnostic::warning(Code::RedundantRead, "m").help("h");
        let json = serde_json::to_value(&diagnostic).unwrap();
        assert_eq!(json["code"], "OIN102");
        assert_eq!(json["severity"], "warning");
        assert_eq!(
            diagnostic.to_string(),
            "warning[OIN102]: m\n  help: h".to_owned()
        );
    }
}
