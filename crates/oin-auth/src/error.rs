//! [`TokenError`]: why a token request failed, with Okta's own `error_description`, and
//! [`TokenError::what_to_do`]: what the ISV or the customer's admin should do about it.

use std::error::Error as StdError;
use std::sync::Arc;
use std::time::Duration;

use oin_scopes::ScopeSet;

use crate::{KeyError, TenantId};

/// Okta's `error_description`, shown after the message when present.
fn detail(description: &Option<String>) -> String {
    description
        .as_ref()
        .map(|text| format!(": {text}"))
        .unwrap_or_default()
}

/// Who has to act on a [`TokenError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Actor {
    /// The ISV: its configuration or code.
    Isv,
    /// The customer's Okta admin: consent, credentials, app settings.
    CustomerAdmin,
    /// Nobody: retry later.
    Retry,
}

/// Why a token could not be obtained. Okta's `error_description` is kept; no secret is ever
/// part of an error. [`TokenError::what_to_do`] says what to do.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum TokenError {
    /// The tenant is not in the provider's registry.
    #[error("tenant `{tenant}` is not registered with the token provider")]
    UnknownTenant {
        /// The tenant asked for.
        tenant: TenantId,
    },
    /// No scopes were requested.
    #[error("tenant `{tenant}`: no scopes requested; Okta requires at least one")]
    NoScopes {
        /// The tenant.
        tenant: TenantId,
    },
    /// `invalid_client`: the client ID, secret or assertion was rejected.
    #[error(
        "tenant `{tenant}`: Okta rejected the client credentials (invalid_client){}",
        detail(description)
    )]
    InvalidClient {
        /// The tenant.
        tenant: TenantId,
        /// Okta's `error_description`.
        description: Option<String>,
    },
    /// `invalid_scope`: a requested scope is unknown or not allowed.
    #[error(
        "tenant `{tenant}`: Okta refused the scopes `{requested}` (invalid_scope){}",
        detail(description)
    )]
    InvalidScope {
        /// The tenant.
        tenant: TenantId,
        /// The scopes requested.
        requested: ScopeSet,
        /// Okta's `error_description`.
        description: Option<String>,
    },
    /// `consent_required`: none of the requested scopes is granted to the integration.
    #[error(
        "tenant `{tenant}`: none of the scopes `{requested}` is granted to the integration (consent_required){}",
        detail(description)
    )]
    ConsentRequired {
        /// The tenant.
        tenant: TenantId,
        /// The scopes requested.
        requested: ScopeSet,
        /// Okta's `error_description`.
        description: Option<String>,
    },
    /// `invalid_dpop_proof`: the DPoP proof was rejected or missing.
    #[error(
        "tenant `{tenant}`: Okta rejected the DPoP proof (invalid_dpop_proof){}",
        detail(description)
    )]
    InvalidDpopProof {
        /// The tenant.
        tenant: TenantId,
        /// Okta's `error_description`.
        description: Option<String>,
    },
    /// `use_dpop_nonce` again after retrying with the nonce Okta sent.
    #[error(
        "tenant `{tenant}`: Okta asked for a new DPoP nonce again after the retry (use_dpop_nonce){}",
        detail(description)
    )]
    UseDpopNonce {
        /// The tenant.
        tenant: TenantId,
        /// Okta's `error_description`.
        description: Option<String>,
    },
    /// `unauthorized_client`: the app may not use the client credentials grant.
    #[error(
        "tenant `{tenant}`: the app may not use the client credentials grant (unauthorized_client){}",
        detail(description)
    )]
    UnauthorizedClient {
        /// The tenant.
        tenant: TenantId,
        /// Okta's `error_description`.
        description: Option<String>,
    },
    /// `access_denied`: Okta refused the request, for instance from outside the app's network zones.
    #[error(
        "tenant `{tenant}`: Okta denied the token request (access_denied){}",
        detail(description)
    )]
    AccessDenied {
        /// The tenant.
        tenant: TenantId,
        /// Okta's `error_description`.
        description: Option<String>,
    },
    /// HTTP 429: the org's rate limit for the token endpoint is exhausted.
    #[error("tenant `{tenant}`: rate limited by the token endpoint (HTTP 429){}", retry_after.map(|wait| format!("; retry in {}s", wait.as_secs())).unwrap_or_default())]
    RateLimited {
        /// The tenant.
        tenant: TenantId,
        /// How long to wait, from `Retry-After` or `X-Rate-Limit-Reset`.
        retry_after: Option<Duration>,
    },
    /// HTTP 5xx.
    #[error(
        "tenant `{tenant}`: the token endpoint failed with HTTP {status}{}",
        detail(description)
    )]
    Server {
        /// The tenant.
        tenant: TenantId,
        /// The HTTP status.
        status: u16,
        /// Okta's `error_description` or `errorSummary`.
        description: Option<String>,
    },
    /// Another OAuth 2.0 error code.
    #[error(
        "tenant `{tenant}`: the token request failed with HTTP {status} ({error}){}",
        detail(description)
    )]
    OAuth {
        /// The tenant.
        tenant: TenantId,
        /// The HTTP status.
        status: u16,
        /// Okta's `error`.
        error: String,
        /// Okta's `error_description`.
        description: Option<String>,
    },
    /// The token endpoint redirected; redirects are never followed with credentials.
    #[error(
        "tenant `{tenant}`: the token endpoint redirected (HTTP {status}) to `{location}`; credentials are not sent after a redirect"
    )]
    Redirected {
        /// The tenant.
        tenant: TenantId,
        /// The HTTP status.
        status: u16,
        /// The redirect target's origin.
        location: String,
    },
    /// The request timed out.
    #[error("tenant `{tenant}`: the token request to `{org}` timed out")]
    Timeout {
        /// The tenant.
        tenant: TenantId,
        /// The org.
        org: String,
    },
    /// The connection failed.
    #[error("tenant `{tenant}`: cannot reach `{org}`")]
    Transport {
        /// The tenant.
        tenant: TenantId,
        /// The org.
        org: String,
        /// The transport's error.
        #[source]
        source: Arc<dyn StdError + Send + Sync>,
    },
    /// The response is not a token response.
    #[error(
        "tenant `{tenant}`: the token endpoint's response (HTTP {status}) is not a valid token response: {reason}"
    )]
    InvalidResponse {
        /// The tenant.
        tenant: TenantId,
        /// The HTTP status.
        status: u16,
        /// What is wrong with it (never the body itself, which may hold a token).
        reason: String,
    },
    /// The client assertion or DPoP proof could not be signed.
    #[error("tenant `{tenant}`: cannot sign the token request")]
    Signing {
        /// The tenant.
        tenant: TenantId,
        /// Why.
        #[source]
        source: KeyError,
    },
}

impl TokenError {
    /// The tenant the error is about.
    #[must_use]
    pub fn tenant(&self) -> &TenantId {
        match self {
            Self::UnknownTenant { tenant }
            | Self::NoScopes { tenant }
            | Self::InvalidClient { tenant, .. }
            | Self::InvalidScope { tenant, .. }
            | Self::ConsentRequired { tenant, .. }
            | Self::InvalidDpopProof { tenant, .. }
            | Self::UseDpopNonce { tenant, .. }
            | Self::UnauthorizedClient { tenant, .. }
            | Self::AccessDenied { tenant, .. }
            | Self::RateLimited { tenant, .. }
            | Self::Server { tenant, .. }
            | Self::OAuth { tenant, .. }
            | Self::Redirected { tenant, .. }
            | Self::Timeout { tenant, .. }
            | Self::Transport { tenant, .. }
            | Self::InvalidResponse { tenant, .. }
            | Self::Signing { tenant, .. } => tenant,
        }
    }

    /// The OAuth 2.0 `error` code, when Okta sent one.
    #[must_use]
    pub fn oauth_error(&self) -> Option<&str> {
        Some(match self {
            Self::InvalidClient { .. } => "invalid_client",
            Self::InvalidScope { .. } => "invalid_scope",
            Self::ConsentRequired { .. } => "consent_required",
            Self::InvalidDpopProof { .. } => "invalid_dpop_proof",
            Self::UseDpopNonce { .. } => "use_dpop_nonce",
            Self::UnauthorizedClient { .. } => "unauthorized_client",
            Self::AccessDenied { .. } => "access_denied",
            Self::OAuth { error, .. } => error,
            _ => return None,
        })
    }

    /// Okta's `error_description`, when it sent one.
    #[must_use]
    pub fn description(&self) -> Option<&str> {
        match self {
            Self::InvalidClient { description, .. }
            | Self::InvalidScope { description, .. }
            | Self::ConsentRequired { description, .. }
            | Self::InvalidDpopProof { description, .. }
            | Self::UseDpopNonce { description, .. }
            | Self::UnauthorizedClient { description, .. }
            | Self::AccessDenied { description, .. }
            | Self::Server { description, .. }
            | Self::OAuth { description, .. } => description.as_deref(),
            _ => None,
        }
    }

    /// Whether the same request may succeed later without anyone changing anything.
    #[must_use]
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::RateLimited { .. }
                | Self::Server { .. }
                | Self::Timeout { .. }
                | Self::Transport { .. }
        )
    }

    /// Who has to act.
    #[must_use]
    pub fn actor(&self) -> Actor {
        match self {
            Self::InvalidClient { .. }
            | Self::ConsentRequired { .. }
            | Self::UnauthorizedClient { .. }
            | Self::AccessDenied { .. } => Actor::CustomerAdmin,
            error if error.is_transient() => Actor::Retry,
            Self::UseDpopNonce { .. } => Actor::Retry,
            _ => Actor::Isv,
        }
    }

    /// What to do about it, for the ISV's logs or for the customer's admin.
    #[must_use]
    pub fn what_to_do(&self) -> &'static str {
        match self {
            Self::UnknownTenant { .. } => {
                "register the tenant with `TokenProvider::add_tenant` before asking for its tokens"
            }
            Self::NoScopes { .. } => {
                "request at least one of the scopes the integration declares in its manifest"
            }
            Self::InvalidClient { .. } => {
                "the customer's admin should check that the integration is still installed (Admin Console > Applications > API Service Integrations) and send the current client ID and secret (after a secret rotation, the new one); for private_key_jwt, check that the public key with this kid is registered for the app"
            }
            Self::InvalidScope { .. } => {
                "request only scopes the integration declares: Okta management scopes (`okta.*.read`/`okta.*.manage`), no `.self` scopes, no `openid`; check the names with `oin scopes lint`"
            }
            Self::ConsentRequired { .. } => {
                "the customer's admin should grant the integration's scopes (Admin Console > Applications > API Service Integrations > the integration > Okta API Scopes), or reinstall it and consent to its scopes"
            }
            Self::InvalidDpopProof { .. } => {
                "check the machine's clock (Okta refuses proofs more than five minutes old or issued in the future) and, if the app requires DPoP, give the tenant a DPoP key (`Tenant::with_dpop`)"
            }
            Self::UseDpopNonce { .. } => {
                "retry shortly; Okta rotates DPoP nonces, and the next request uses the newest one"
            }
            Self::UnauthorizedClient { .. } => {
                "the customer's admin should allow the client credentials grant for the app (it must be a service app or an API service integration)"
            }
            Self::AccessDenied { .. } => {
                "the customer's admin should check the app's network zone restrictions and allow the integration's egress addresses"
            }
            Self::RateLimited { .. } => {
                "wait for the reset before requesting another token; tokens are cached for their lifetime, so repeated 429s mean many processes or tenants share the org's limit"
            }
            Self::Server { .. } => {
                "retry with backoff; if it persists, check https://status.okta.com"
            }
            Self::OAuth { .. } => {
                "read Okta's error description; the error code is in Okta's OAuth 2.0 error reference"
            }
            Self::Redirected { .. } => {
                "use the org's final URL as the tenant's org URL (a custom domain or a renamed org redirects)"
            }
            Self::Timeout { .. } | Self::Transport { .. } => {
                "check the org URL and the network path to it (DNS, proxy, firewall), then retry"
            }
            Self::InvalidResponse { .. } => {
                "check that the org URL is the customer's Okta org and not a proxy or another server"
            }
            Self::Signing { .. } => {
                "check the private key given for the tenant (format, algorithm, kid)"
            }
        }
    }
}
