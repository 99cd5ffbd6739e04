//! The shared state of one running fake org: configuration, clock, clients, issued tokens,
//! replay caches, DPoP nonces, the seeded data and the journal. Every handler and the
//! [`AdminHandle`](crate::AdminHandle) work on one `Arc<Org>`.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use oin_scopes::ScopeSet;

use crate::clients::Client;
use crate::config::FakeOrgConfig;
use crate::data::Data;
use crate::faults::FaultPlan;
use crate::journal::Journal;
use crate::limits::RateLimiter;
use crate::secret::{Secret, random_token};
use crate::time::{Clock, Timestamp};

const YEAR: i64 = 365 * 86_400;

/// An issued access token, as the org remembers it.
#[derive(Debug, Clone)]
pub(crate) struct IssuedToken {
    pub(crate) client_id: String,
    pub(crate) scopes: ScopeSet,
    pub(crate) expires: Timestamp,
    /// The DPoP key thumbprint the token is bound to (`cnf.jkt`).
    pub(crate) jkt: Option<String>,
    pub(crate) revoked: bool,
}

/// The mutable security state: clients, tokens, replay caches, nonces.
#[derive(Debug, Default)]
pub(crate) struct Security {
    pub(crate) clients: BTreeMap<String, Client>,
    /// Issued tokens by the SHA-256 of the token (the tokens themselves are not kept, so no
    /// `Debug` output can show one).
    pub(crate) tokens: HashMap<String, IssuedToken>,
    /// `jti` of used client assertions, with their `exp` (seconds) for pruning.
    pub(crate) assertion_jtis: HashMap<String, i64>,
    /// `jti` of used DPoP proofs, with their `iat` (seconds) for pruning.
    pub(crate) dpop_jtis: HashMap<String, i64>,
    /// The current DPoP nonce and the previous one (both accepted).
    pub(crate) nonces: (String, Option<String>),
    /// Token requests by client id.
    pub(crate) token_requests: HashMap<String, usize>,
    /// Client ids whose assertion signatures verified, with a count.
    pub(crate) verified_assertions: HashMap<String, usize>,
}

/// One running fake org.
#[derive(Debug)]
pub(crate) struct Org {
    pub(crate) config: FakeOrgConfig,
    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub(crate) base_url: String,
    pub(crate) admin_token: Secret,
    pub(crate) clock: Clock,
    pub(crate) security: Mutex<Security>,
    pub(crate) data: Data,
    pub(crate) journal: Journal,
    pub(crate) limiter: RateLimiter,
    pub(crate) faults: FaultPlan,
    request_counter: AtomicU64,
}

impl Org {
    pub(crate) fn new(config: FakeOrgConfig, base_url: String) -> Self {
        let clock = Clock::default();
        let started = clock.now();
        let admin_token = config
            .admin_token
            .clone()
            .unwrap_or_else(|| Secret::new(format!("00{}", random_token(30))));
        let security = Security {
            nonces: (random_token(24), None),
            ..Security::default()
        };
        Self {
            data: Data::generate(&config, &base_url, started),
            limiter: RateLimiter::new(config.rate_limits.clone()),
            faults: FaultPlan::new(config.seed, config.faults.clone()),
            journal: Journal::default(),
            config,
            base_url,
            admin_token,
            clock,
            security: Mutex::new(security),
            request_counter: AtomicU64::new(0),
        }
    }

    /// The token endpoint's URL (the `aud` of client assertions, the `htu` of token proofs).
    pub(crate) fn token_url(&self) -> String {
        format!("{}/oauth2/v1/token", self.base_url)
    }

    /// The allowed clock skew in seconds, capped at a year so time arithmetic cannot
    /// overflow.
    pub(crate) fn skew_seconds(&self) -> i64 {
        i64::try_from(self.config.clock_skew.as_secs()).map_or(YEAR, |skew| skew.min(YEAR))
    }

    /// The security state, recovered if a panicking thread poisoned the lock.
    pub(crate) fn security(&self) -> MutexGuard<'_, Security> {
        self.security
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Who a management API request counts against for the per-client share of a rate
    /// limit: the client whose access token it carries, or the API token; `None` when the
    /// credentials are missing or unknown.
    pub(crate) fn rate_limit_caller(&self, headers: &http::HeaderMap) -> Option<String> {
        let value = headers.get(http::header::AUTHORIZATION)?.to_str().ok()?;
        let (scheme, credential) = value.split_once(' ')?;
        let credential = credential.trim();
        if scheme.eq_ignore_ascii_case("ssws") {
            return self
                .admin_token
                .matches(credential)
                .then(|| "SSWS".to_owned());
        }
        let hash = crate::jose::access_token_hash(credential);
        self.security()
            .tokens
            .get(&hash)
            .map(|token| token.client_id.clone())
    }

    /// A fresh `X-Okta-Request-Id`.
    pub(crate) fn next_request_id(&self) -> String {
        let n = self.request_counter.fetch_add(1, Ordering::Relaxed);
        format!(
            "{}{n:08x}",
            &crate::ids::seeded_id("", self.config.seed, n)[..12]
        )
    }
}
