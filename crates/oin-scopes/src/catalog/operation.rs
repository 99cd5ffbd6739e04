//! The data of one catalog entry: [`Operation`] and the small enums that describe it.

use std::fmt;
use std::str::FromStr;

use crate::scope::Scope;

/// An HTTP method of the management API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
}

impl Method {
    /// Every method, in a fixed order.
    pub const ALL: [Method; 5] = [
        Method::Get,
        Method::Post,
        Method::Put,
        Method::Patch,
        Method::Delete,
    ];

    /// The method's name in upper case.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    pub(crate) const fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A method name that the management API does not use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a method of the Okta management API; use GET, POST, PUT, PATCH or DELETE")]
pub struct UnknownMethod(pub String);

impl FromStr for Method {
    type Err = UnknownMethod;

    /// Parses a method name, in any case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Method::ALL
            .into_iter()
            .find(|method| method.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownMethod(s.to_owned()))
    }
}

/// An operation's release stage (`x-okta-lifecycle` in Okta's spec).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum Lifecycle {
    /// Generally available.
    Ga,
    /// Generally available to some orgs only (by SKU or plan).
    LimitedGa,
    /// Early access: a customer's admin must turn the feature on.
    Ea,
    /// Behind an engineering flag.
    Eng,
    /// Only in Okta's product development orgs (the OIN submissions API).
    ProductDev,
}

impl Lifecycle {
    /// The spec's spelling (`GA`, `LIMITED_GA`, `EA`, `ENG`, `PRODUCT_DEV`).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Lifecycle::Ga => "GA",
            Lifecycle::LimitedGa => "LIMITED_GA",
            Lifecycle::Ea => "EA",
            Lifecycle::Eng => "ENG",
            Lifecycle::ProductDev => "PRODUCT_DEV",
        }
    }

    /// Whether every org that has the API can call the operation without turning a
    /// feature on.
    #[must_use]
    pub const fn is_generally_available(self) -> bool {
        matches!(self, Lifecycle::Ga | Lifecycle::LimitedGa)
    }
}

impl fmt::Display for Lifecycle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which pinned spec an operation comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Origin {
    /// The public management API (`management-minimal.yaml`).
    Management,
    /// The OIN submissions API (`okta.manifests.*`), only in the developer spec and only
    /// callable in Okta developer orgs.
    OinSubmissions,
}

/// How an operation may be authorized, from its `security` requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub struct AuthSchemes {
    /// `Authorization: SSWS <API token>` is accepted.
    pub api_token: bool,
    /// An OAuth 2.0 access token (`Bearer` or `DPoP`) is accepted.
    pub oauth2: bool,
}

/// One operation of the management API, as the pinned spec describes it.
///
/// Operations come from the generated [`Catalog`](crate::Catalog); they cannot be built
/// elsewhere.
#[derive(Debug, PartialEq, Eq)]
pub struct Operation {
    pub(crate) method: Method,
    pub(crate) path: &'static str,
    pub(crate) operation_id: &'static str,
    pub(crate) tag: &'static str,
    pub(crate) summary: &'static str,
    pub(crate) scopes: &'static [Scope],
    pub(crate) lifecycle: Option<Lifecycle>,
    pub(crate) deprecated: bool,
    pub(crate) auth: AuthSchemes,
    pub(crate) origin: Origin,
}

impl Operation {
    /// The HTTP method.
    #[must_use]
    pub fn method(&self) -> Method {
        self.method
    }

    /// The path template, such as `/api/v1/users/{userId}/groups`.
    #[must_use]
    pub fn path(&self) -> &'static str {
        self.path
    }

    /// Okta's `operationId`, such as `listUserGroups`.
    #[must_use]
    pub fn operation_id(&self) -> &'static str {
        self.operation_id
    }

    /// The spec's tag (the API the operation belongs to), such as `User`.
    #[must_use]
    pub fn tag(&self) -> &'static str {
        self.tag
    }

    /// The spec's one-line summary.
    #[must_use]
    pub fn summary(&self) -> &'static str {
        self.summary
    }

    /// The OAuth 2.0 scopes the operation requires, all of them. Empty for the few
    /// operations that take no OAuth 2.0 token (see [`Operation::auth`]).
    #[must_use]
    pub fn scopes(&self) -> &'static [Scope] {
        self.scopes
    }

    /// The release stage, where the spec states one.
    #[must_use]
    pub fn lifecycle(&self) -> Option<Lifecycle> {
        self.lifecycle
    }

    /// Whether the spec marks the operation deprecated.
    #[must_use]
    pub fn is_deprecated(&self) -> bool {
        self.deprecated
    }

    /// How the operation may be authorized.
    #[must_use]
    pub fn auth(&self) -> AuthSchemes {
        self.auth
    }

    /// Which spec the operation comes from.
    #[must_use]
    pub fn origin(&self) -> Origin {
        self.origin
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} ({})", self.method, self.path, self.operation_id)
    }
}

/// The pinned spec a part of the catalog was generated from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct SpecInfo {
    /// The spec file's name.
    pub file: &'static str,
    /// `info.title`.
    pub title: &'static str,
    /// `info.version`, such as `2026.06.3`.
    pub version: &'static str,
    /// The SHA-256 of the spec file, in lower-case hex.
    pub sha256: &'static str,
    /// Which operations of the catalog come from it.
    pub origin: Origin,
}

/// A scope the specs declare, with the spec's description of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeInfo {
    pub(crate) scope: Scope,
    pub(crate) description: &'static str,
    pub(crate) origin: Origin,
}

impl ScopeInfo {
    /// The scope.
    #[must_use]
    pub fn scope(&self) -> &Scope {
        &self.scope
    }

    /// What the spec says the scope allows.
    #[must_use]
    pub fn description(&self) -> &'static str {
        self.description
    }

    /// Which spec declares it.
    #[must_use]
    pub fn origin(&self) -> Origin {
        self.origin
    }
}
