//! [`TokenProvider`]: the registry of tenants and their tokens: a cached token while it is
//! fresh, otherwise exactly one request per tenant and scope set however many tasks ask.

use std::sync::Arc;
use std::time::Duration;

use oin_scopes::ScopeSet;
use tracing::Instrument as _;

use crate::cache::Turn;
use crate::exchange::{self, DPOP, Outcome};
use crate::registry::{Entry, Registry};
use crate::transport::{Failure, Transport};
use crate::{AccessToken, Credentials, Grant, Tenant, TenantError, TenantId, TokenError};

/// The settings of a [`TokenProvider`].
///
/// ```
/// use std::time::Duration;
/// use oin_auth::ProviderConfig;
///
/// let config = ProviderConfig::default().with_freshness_margin(Duration::from_secs(120));
/// assert_eq!(config.freshness_margin(), Duration::from_secs(120));
/// ```
#[derive(Debug, Clone)]
pub struct ProviderConfig {
    freshness_margin: Duration,
    connect_timeout: Duration,
    request_timeout: Duration,
    assertion_lifetime: Duration,
    failure_memory: Duration,
    user_agent: String,
}

impl Default for ProviderConfig {
    fn default() -> Self {
        Self {
            freshness_margin: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            assertion_lifetime: Duration::from_secs(300),
            failure_memory: Duration::from_secs(2),
            user_agent: concat!("oin-auth/", env!("CARGO_PKG_VERSION")).to_owned(),
        }
    }
}

impl ProviderConfig {
    /// A cached token is used while it stays valid this long past now (default 60 s; capped
    /// at half a token's lifetime).
    #[must_use]
    pub fn with_freshness_margin(mut self, margin: Duration) -> Self {
        self.freshness_margin = margin;
        self
    }

    /// The TCP and TLS connect timeout (default 10 s).
    #[must_use]
    pub fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The whole token request's timeout (default 30 s).
    #[must_use]
    pub fn with_request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// How long `private_key_jwt` assertions are valid (default 5 minutes; at most an hour,
    /// Okta's limit).
    #[must_use]
    pub fn with_assertion_lifetime(mut self, lifetime: Duration) -> Self {
        self.assertion_lifetime = lifetime.min(crate::assertion::MAX_ASSERTION_LIFETIME);
        self
    }

    /// How long a failed token request's error is handed to later callers of the same tenant
    /// and scope set without a new request (default 2 s; for a 429, until Okta's reset if
    /// later), so that a burst of callers with bad credentials or against an overloaded org
    /// does not turn into a burst of requests. Rotating credentials or invalidating forgets it.
    #[must_use]
    pub fn with_failure_memory(mut self, memory: Duration) -> Self {
        self.failure_memory = memory;
        self
    }

    /// The `User-Agent` of token requests (default `oin-auth/<version>`).
    #[must_use]
    pub fn with_user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// The freshness margin.
    #[must_use]
    pub fn freshness_margin(&self) -> Duration {
        self.freshness_margin
    }

    /// The assertion lifetime.
    #[must_use]
    pub fn assertion_lifetime(&self) -> Duration {
        self.assertion_lifetime
    }
}

/// Why a [`TokenProvider`] cannot be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The HTTP client (TLS) could not be initialised.
    #[error("cannot build the HTTP client")]
    Http(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// Tokens for many tenants in one process.
///
/// Each tenant has its own credentials, cached tokens (one per scope set) and DPoP nonce.
/// [`TokenProvider::token`] returns a cached token while it is fresh; otherwise exactly one
/// request per tenant and scope set is in flight, and every task asking meanwhile gets its
/// outcome (the token, or the same error; a failure is remembered briefly, see
/// [`ProviderConfig::with_failure_memory`]). Cloning the provider is cheap and shares everything.
///
/// ```no_run
/// use oin_auth::{ClientSecret, Credentials, OrgUrl, Tenant, TokenProvider};
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let provider = TokenProvider::new(Default::default())?;
/// provider.add_tenant(Tenant::new(
///     "acme".parse()?,
///     OrgUrl::parse("acme.okta.com")?,
///     "0oa1bcd2efGHIJ3kl4m5".parse()?,
///     Credentials::secret(ClientSecret::new(std::env::var("ACME_CLIENT_SECRET")?)?),
/// ));
/// let token = provider.token(&"acme".parse()?, &"okta.users.read".parse()?).await?;
/// let headers = token.authorization(&http::Method::GET, "https://acme.okta.com/api/v1/users")?;
/// # let _ = headers;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct TokenProvider {
    shared: Arc<Shared>,
}

struct Shared {
    config: ProviderConfig,
    transport: Transport,
    registry: Registry,
}

impl TokenProvider {
    /// A provider with no tenants.
    ///
    /// # Errors
    /// [`BuildError`] if the HTTP client cannot be initialised.
    pub fn new(config: ProviderConfig) -> Result<Self, BuildError> {
        let transport = Transport::new(
            &config.user_agent,
            config.connect_timeout,
            config.request_timeout,
        )
        .map_err(|error| BuildError::Http(Box::new(error)))?;
        Ok(Self {
            shared: Arc::new(Shared {
                config,
                transport,
                registry: Registry::default(),
            }),
        })
    }

    /// The configuration.
    #[must_use]
    pub fn config(&self) -> &ProviderConfig {
        &self.shared.config
    }

    /// Adds a tenant, or replaces the one with the same id (whose cached tokens and DPoP
    /// nonce are then dropped); returns the replaced tenant.
    pub fn add_tenant(&self, tenant: Tenant) -> Option<Tenant> {
        tracing::debug!(tenant = %tenant.id(), client_id = %tenant.client_id(), "tenant added");
        self.shared.registry.insert(tenant)
    }

    /// Removes a tenant and everything cached for it; returns it.
    pub fn remove_tenant(&self, id: &TenantId) -> Option<Tenant> {
        self.shared.registry.remove(id)
    }

    /// Replaces a tenant's credentials (a rotated secret or key). Cached tokens stay: Okta
    /// keeps honouring them until they expire. The next request uses the new credentials.
    ///
    /// # Errors
    /// [`TenantError::UnknownTenant`], or [`TenantError::DpopKeyIsClientKey`] if the new key
    /// is the tenant's DPoP key.
    pub fn rotate_credentials(
        &self,
        id: &TenantId,
        credentials: Credentials,
    ) -> Result<(), TenantError> {
        let entry = self
            .shared
            .registry
            .get(id)
            .ok_or_else(|| TenantError::UnknownTenant { tenant: id.clone() })?;
        let rotated = entry.tenant().with_credentials(credentials)?;
        entry.replace(rotated);
        Ok(())
    }

    /// A tenant's configuration.
    #[must_use]
    pub fn tenant(&self, id: &TenantId) -> Option<Tenant> {
        self.shared.registry.get(id).map(|entry| entry.tenant())
    }

    /// The registered tenants' ids, sorted.
    #[must_use]
    pub fn tenant_ids(&self) -> Vec<TenantId> {
        self.shared.registry.ids()
    }

    /// How many tenants are registered.
    #[must_use]
    pub fn tenant_count(&self) -> usize {
        self.shared.registry.len()
    }

    /// The DPoP nonce Okta last sent for a tenant.
    #[must_use]
    pub fn dpop_nonce(&self, id: &TenantId) -> Option<String> {
        self.shared.registry.get(id).and_then(|entry| entry.nonce())
    }

    /// Drops the cached token of a tenant and scope set, after a resource server answered
    /// 401 (expired or revoked); the caller then retries once with a new token. Returns
    /// whether a token was cached.
    pub fn invalidate(&self, id: &TenantId, scopes: &ScopeSet) -> bool {
        self.shared
            .registry
            .get(id)
            .and_then(|entry| entry.existing_slot(scopes))
            .is_some_and(|slot| slot.invalidate(None))
    }

    /// Drops `token` from the cache if it is still the cached one: when many tasks saw a 401
    /// with the same token, only the first drop counts and the fresh token stays.
    pub fn invalidate_token(&self, token: &AccessToken) -> bool {
        self.shared
            .registry
            .get(token.tenant())
            .and_then(|entry| entry.existing_slot(token.requested()))
            .is_some_and(|slot| slot.invalidate(Some(token)))
    }

    /// A token for `tenant` with `scopes`: the cached one while fresh, else a new one.
    ///
    /// # Errors
    /// A [`TokenError`] saying what failed and, through [`TokenError::what_to_do`], what the
    /// ISV or the customer's admin should do.
    pub async fn token(
        &self,
        tenant: &TenantId,
        scopes: &ScopeSet,
    ) -> Result<AccessToken, TokenError> {
        let margin = self.shared.config.freshness_margin;
        let entry = self
            .shared
            .registry
            .get(tenant)
            .ok_or_else(|| TokenError::UnknownTenant {
                tenant: tenant.clone(),
            })?;
        if scopes.is_empty() {
            return Err(TokenError::NoScopes {
                tenant: tenant.clone(),
            });
        }
        let slot = entry.slot(scopes);
        if let Some(token) = slot.fresh(margin) {
            return Ok(token);
        }
        let seen = slot.attempts();
        let _turn = slot.fetch_lock().lock().await;
        match slot.turn(seen, margin) {
            Turn::Token(token) => Ok(token),
            Turn::Failed(error) => Err(error),
            Turn::Fetch(attempt) => {
                let config = entry.tenant();
                let span = tracing::info_span!("oin_auth.token", tenant = %config.id(), client_id = %config.client_id());
                let outcome = self.request(&entry, &config, scopes).instrument(span).await;
                slot.finish(attempt, &outcome, self.shared.config.failure_memory);
                outcome
            }
        }
    }

    /// Requests a token, with one retry when Okta asks for a DPoP nonce.
    async fn request(
        &self,
        entry: &Entry,
        tenant: &Tenant,
        scopes: &ScopeSet,
    ) -> Result<AccessToken, TokenError> {
        let token_url = tenant.org().token_url();
        tracing::debug!(method = tenant.credentials().method(), scopes = %scopes, dpop = tenant.dpop().is_some(), "requesting a token");
        let mut retried = false;
        loop {
            let (mut headers, body) =
                exchange::request(tenant, scopes, self.shared.config.assertion_lifetime)?;
            if let Some(key) = tenant.dpop() {
                let nonce = entry.nonce();
                let proof = key
                    .proof(&http::Method::POST, &token_url, nonce.as_deref(), None)
                    .map_err(|source| TokenError::Signing {
                        tenant: tenant.id().clone(),
                        source,
                    })?;
                headers.insert(DPOP, proof);
            }
            let response = self
                .shared
                .transport
                .post_form(&token_url, headers, body)
                .await
                .map_err(|failure| match failure {
                    Failure::Timeout => TokenError::Timeout {
                        tenant: tenant.id().clone(),
                        org: tenant.org().to_string(),
                    },
                    Failure::TooLarge { status } => TokenError::InvalidResponse {
                        tenant: tenant.id().clone(),
                        status,
                        reason: "the response is larger than 256 KiB".to_owned(),
                    },
                    Failure::Other(error) => TokenError::Transport {
                        tenant: tenant.id().clone(),
                        org: tenant.org().to_string(),
                        source: Arc::new(error.without_url()),
                    },
                })?;
            if let Some(nonce) = response
                .headers
                .get(exchange::DPOP_NONCE)
                .and_then(|value| value.to_str().ok())
            {
                entry.set_nonce(nonce.to_owned());
            }
            match exchange::read(tenant, scopes, &response) {
                Outcome::Token(token) => {
                    if let Grant::Narrower { missing } = token.grant() {
                        tracing::warn!(missing = %missing, granted = %token.granted(), "the customer's admin granted fewer scopes than requested");
                    }
                    tracing::debug!(token_type = %token.token_type(), lifetime_s = token.lifetime().as_secs(), granted = %token.granted(), "token issued");
                    return Ok(token);
                }
                Outcome::UseNonce if !retried && tenant.dpop().is_some() => {
                    tracing::debug!("retrying with the DPoP nonce Okta sent");
                    retried = true;
                }
                Outcome::UseNonce => {
                    return Err(TokenError::UseDpopNonce {
                        tenant: tenant.id().clone(),
                        description: Some("the nonce was refused after one retry".to_owned()),
                    });
                }
                Outcome::Error(error) => {
                    tracing::warn!(error = %error, "token request failed");
                    return Err(error);
                }
            }
        }
    }
}

impl std::fmt::Debug for TokenProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenProvider")
            .field("config", &self.shared.config)
            .field("tenants", &self.shared.registry.len())
            .finish_non_exhaustive()
    }
}
