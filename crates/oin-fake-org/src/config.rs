//! [`FakeOrgConfig`]: everything a fake org is started with. Plain structs with `Default`;
//! set the fields you care about.

use std::net::SocketAddr;
use std::time::Duration;

use crate::secret::Secret;

/// How a fake org is started. `FakeOrgConfig::default()` is a small, fault-free org with
/// Okta's default rate limits; the config structs are plain data, built with
/// `..Default::default()`.
#[derive(Debug, Clone)]
pub struct FakeOrgConfig {
    /// The address to bind; `127.0.0.1:0` (a free loopback port) by default.
    pub bind: SocketAddr,
    /// The seed of every generated datum and of the fault schedule: same seed, same org.
    pub seed: u64,
    /// Lifetime of issued access tokens (Okta: one hour).
    pub token_lifetime: Duration,
    /// How much the clocks of clients may differ from the org's when checking a client
    /// assertion's `exp`/`iat` and a DPoP proof's `iat`.
    pub clock_skew: Duration,
    /// The admin API token (`Authorization: SSWS ...`); random when `None`.
    pub admin_token: Option<Secret>,
    /// How many users, groups, apps and System Log events the org starts with.
    pub data: DataSizes,
    /// Rate limits; see [`RateLimits::off`].
    pub rate_limits: RateLimits,
    /// Injected faults; none by default.
    pub faults: Faults,
    /// Whether the token endpoint demands a server nonce in DPoP proofs.
    pub dpop_nonce: DpopNonce,
}

impl Default for FakeOrgConfig {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            seed: 1,
            token_lifetime: Duration::from_secs(3600),
            clock_skew: Duration::from_secs(60),
            admin_token: None,
            data: DataSizes::default(),
            rate_limits: RateLimits::default(),
            faults: Faults::default(),
            dpop_nonce: DpopNonce::Required,
        }
    }
}

/// Sizes of the seeded data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataSizes {
    /// Users, held in memory (about 1 KiB each: tens of thousands are fine).
    pub users: usize,
    /// Groups, held in memory; each user is a member of one or two groups by a seeded rule.
    pub groups: usize,
    /// Applications, held in memory.
    pub apps: usize,
    /// System Log events present at start: generated page by page from the seed, never
    /// held in memory, so millions cost nothing.
    pub log_events: u64,
    /// The time span the initial events are spread over, ending at the org's start.
    pub log_span: Duration,
}

impl Default for DataSizes {
    fn default() -> Self {
        Self {
            users: 50,
            groups: 10,
            apps: 5,
            log_events: 500,
            log_span: Duration::from_secs(24 * 3600),
        }
    }
}

/// Per-bucket and concurrency rate limits, as Okta enforces them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimits {
    /// Whether limits are enforced (headers are sent either way).
    pub enabled: bool,
    /// Buckets, first match wins: a request whose path starts with `prefix` counts against
    /// `per_minute`. A path no bucket matches counts against [`RateLimits::default_per_minute`].
    pub buckets: Vec<Bucket>,
    /// The limit of a path no bucket names.
    pub default_per_minute: u32,
    /// How many requests may be in flight at once (`None`: no limit).
    pub concurrency: Option<usize>,
    /// The percentage of a bucket one API token or OAuth 2.0 app may use on the management
    /// API (Okta's default: 50). When the caller is known, the headers report its ceiling.
    /// `None`: one caller may use the whole bucket.
    pub per_client_percent: Option<u8>,
}

/// One rate-limit bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Bucket {
    /// Method the bucket applies to (`None`: every method).
    pub method: Option<http::Method>,
    /// Path prefix, e.g. `/api/v1/logs`.
    pub prefix: String,
    /// Requests per 60-second window.
    pub per_minute: u32,
}

impl Bucket {
    /// A bucket for every method on `prefix`.
    #[must_use]
    pub fn new(prefix: impl Into<String>, per_minute: u32) -> Self {
        Self {
            method: None,
            prefix: prefix.into(),
            per_minute,
        }
    }

    /// The same bucket for one method only.
    #[must_use]
    pub fn for_method(mut self, method: http::Method) -> Self {
        self.method = Some(method);
        self
    }
}

impl RateLimits {
    /// No limits enforced (headers still say what the limits would be).
    #[must_use]
    pub fn off() -> Self {
        Self {
            enabled: false,
            ..Self::default()
        }
    }
}

impl Default for RateLimits {
    /// Okta's documented defaults for a Workforce org's most used buckets.
    fn default() -> Self {
        Self {
            enabled: true,
            buckets: vec![
                Bucket::new("/oauth2/v1/token", 2000),
                Bucket::new("/api/v1/logs", 120),
                Bucket::new("/api/v1/users", 600).for_method(http::Method::GET),
                Bucket::new("/api/v1/users", 600),
                Bucket::new("/api/v1/groups", 500),
                Bucket::new("/api/v1/apps", 100),
                Bucket::new("/integrations/api/v1/api-services", 100),
            ],
            default_per_minute: 1200,
            concurrency: Some(75),
            per_client_percent: Some(50),
        }
    }
}

/// Faults injected into responses, deterministic under [`FakeOrgConfig::seed`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Faults {
    /// Fault rules, first match wins per request.
    pub rules: Vec<FaultRule>,
}

/// One fault rule: a share of the calls to some operations fail some way.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct FaultRule {
    /// The `operationId`s the rule applies to (`token` is the token endpoint); empty: all.
    pub operations: Vec<String>,
    /// The share of matching requests that fail, 0.0 to 1.0.
    pub share: f64,
    /// What happens to them.
    pub kind: FaultKind,
    /// At most this many faults from this rule (`None`: no limit). With a share of 1.0,
    /// `Some(n)` fails exactly the first `n` matching calls.
    pub max_faults: Option<u64>,
}

impl FaultRule {
    /// A rule for every operation.
    #[must_use]
    pub fn new(kind: FaultKind, share: f64) -> Self {
        Self {
            operations: Vec::new(),
            share,
            kind,
            max_faults: None,
        }
    }

    /// Stops the rule after `n` faults: `FaultRule::new(kind, 1.0).at_most(2)` fails the
    /// first two matching calls and no other.
    #[must_use]
    pub fn at_most(mut self, n: u64) -> Self {
        self.max_faults = Some(n);
        self
    }

    /// Restricts the rule to one more `operationId` (`token`: the token endpoint).
    #[must_use]
    pub fn for_operation(mut self, operation_id: impl Into<String>) -> Self {
        self.operations.push(operation_id.into());
        self
    }
}

/// How a faulty response fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FaultKind {
    /// `500` with Okta's E0000009.
    InternalError,
    /// `503` with Okta's E0000010.
    Unavailable,
    /// The connection is closed before any byte of the response is written (a client sees
    /// an empty reply).
    Reset,
    /// The response is delayed by this long, then served normally.
    Latency(Duration),
    /// `200` with a body that is not JSON.
    Malformed,
    /// The body is cut in half (the connection closes before `Content-Length` is reached).
    Truncated,
    /// A burst of `429` with E0000047: this many calls in a row, starting with the chosen one.
    /// Their `X-Rate-Limit-Reset` is one second ahead, so a client that waits for it waits
    /// briefly.
    RateLimitBurst(u32),
}

/// The DPoP nonce behaviour of the token endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DpopNonce {
    /// Like Okta: a proof without the current nonce gets `use_dpop_nonce` and a
    /// `DPoP-Nonce` header.
    Required,
    /// Proofs without a nonce are accepted.
    Optional,
}
