//! [`AccessToken`]: a token Okta issued for one tenant and scope set, redacted, with the
//! scopes actually granted ([`Grant`]), its expiry, and the headers that present it on a
//! resource call ([`AccessToken::authorization`]), to its own org only.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use http::header::{AUTHORIZATION, HeaderName};
use http::{HeaderMap, HeaderValue};
use oin_scopes::ScopeSet;
use secrecy::{ExposeSecret, SecretString};

use crate::secret::REDACTED;
use crate::{DpopKey, KeyError, OrgUrl, TenantId};

/// The `token_type` of a token response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenType {
    /// A bearer token: `Authorization: Bearer …`.
    Bearer,
    /// A DPoP-bound token: `Authorization: DPoP …` with a `DPoP` proof on each call.
    DPoP,
}

impl TokenType {
    /// The scheme's name as in `Authorization`: `Bearer` or `DPoP`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Bearer => "Bearer",
            Self::DPoP => "DPoP",
        }
    }
}

impl fmt::Display for TokenType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How the granted scopes compare with the requested ones.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Grant {
    /// Every requested scope is covered.
    AsRequested,
    /// The customer's admin consented to fewer scopes than the integration requested: calls
    /// that need `missing` will fail until the admin grants them.
    Narrower {
        /// The requested scopes the grant does not cover.
        missing: ScopeSet,
    },
}

/// Why a token cannot be presented on a resource call.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AuthorizeError {
    /// The URL is not on the token's org: the token would leak to another origin.
    #[error(
        "refusing to send tenant `{tenant}`'s token to `{url}`: tokens go to the tenant's own org `{org}` only"
    )]
    ForeignOrigin {
        /// The tenant.
        tenant: TenantId,
        /// The URL's origin (without path or query).
        url: String,
        /// The tenant's org.
        org: String,
    },
    /// The token holds characters a header value cannot carry.
    #[error(
        "tenant `{tenant}`: the access token cannot be sent in a header (it holds control characters)"
    )]
    InvalidToken {
        /// The tenant.
        tenant: TenantId,
    },
    /// The DPoP proof could not be made.
    #[error("tenant `{tenant}`: cannot sign the DPoP proof: {source}")]
    Proof {
        /// The tenant.
        tenant: TenantId,
        /// Why.
        #[source]
        source: KeyError,
    },
}

/// An access token for one tenant and scope set.
///
/// Cheap to clone (the token is shared, and zeroized when the last clone is dropped). Its
/// `Debug` prints `[redacted]` for the token; [`AccessToken::expose`] is the one way to read it.
#[derive(Clone)]
pub struct AccessToken {
    inner: Arc<Inner>,
}

struct Inner {
    secret: SecretString,
    token_type: TokenType,
    requested: ScopeSet,
    granted: ScopeSet,
    received: Instant,
    expires: Instant,
    expires_at: SystemTime,
    lifetime: Duration,
    tenant: TenantId,
    org: OrgUrl,
    dpop: Option<DpopKey>,
}

/// What the token provider knows when a token arrives.
pub(crate) struct Issued {
    pub(crate) secret: SecretString,
    pub(crate) token_type: TokenType,
    pub(crate) requested: ScopeSet,
    pub(crate) granted: ScopeSet,
    pub(crate) lifetime: Duration,
    pub(crate) tenant: TenantId,
    pub(crate) org: OrgUrl,
    pub(crate) dpop: Option<DpopKey>,
}

impl AccessToken {
    pub(crate) fn new(issued: Issued) -> Self {
        let received = Instant::now();
        Self {
            inner: Arc::new(Inner {
                secret: issued.secret,
                token_type: issued.token_type,
                requested: issued.requested,
                granted: issued.granted,
                received,
                expires: received + issued.lifetime,
                expires_at: SystemTime::now() + issued.lifetime,
                lifetime: issued.lifetime,
                tenant: issued.tenant,
                org: issued.org,
                dpop: issued.dpop,
            }),
        }
    }

    /// The token itself.
    #[must_use]
    pub fn expose(&self) -> &str {
        self.inner.secret.expose_secret()
    }

    /// Bearer or DPoP.
    #[must_use]
    pub fn token_type(&self) -> TokenType {
        self.inner.token_type
    }

    /// The scopes requested.
    #[must_use]
    pub fn requested(&self) -> &ScopeSet {
        &self.inner.requested
    }

    /// The scopes Okta granted (its response's `scope`; the requested ones when it is absent).
    #[must_use]
    pub fn granted(&self) -> &ScopeSet {
        &self.inner.granted
    }

    /// Whether the grant covers the request, or is narrower.
    #[must_use]
    pub fn grant(&self) -> Grant {
        let missing = self.inner.requested.missing_from(&self.inner.granted);
        if missing.is_empty() {
            Grant::AsRequested
        } else {
            Grant::Narrower { missing }
        }
    }

    /// The requested scopes the grant lacks, if it is narrower than requested.
    #[must_use]
    pub fn narrower_than_requested(&self) -> Option<ScopeSet> {
        match self.grant() {
            Grant::Narrower { missing } => Some(missing),
            Grant::AsRequested => None,
        }
    }

    /// When it expires, by the wall clock.
    #[must_use]
    pub fn expires_at(&self) -> SystemTime {
        self.inner.expires_at
    }

    /// Its lifetime as issued (`expires_in`).
    #[must_use]
    pub fn lifetime(&self) -> Duration {
        self.inner.lifetime
    }

    /// How long it remains valid.
    #[must_use]
    pub fn remaining(&self) -> Duration {
        self.inner.expires.saturating_duration_since(Instant::now())
    }

    /// Whether it is still valid `margin` from `now`. The margin is capped at half the
    /// token's lifetime, so a short-lived token is still used for half of its life.
    pub(crate) fn is_fresh_at(&self, now: Instant, margin: Duration) -> bool {
        let margin = margin.min(self.inner.lifetime / 2);
        now + margin < self.inner.expires
    }

    /// Whether `other` is this very token (not an equal copy issued later).
    pub(crate) fn same_as(&self, other: &AccessToken) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }

    /// How long ago it arrived.
    #[must_use]
    pub fn age(&self) -> Duration {
        self.inner.received.elapsed()
    }

    #[cfg(test)]
    fn received(&self) -> Instant {
        self.inner.received
    }

    /// The tenant it was issued for.
    #[must_use]
    pub fn tenant(&self) -> &TenantId {
        &self.inner.tenant
    }

    /// The org it was issued by, the only origin it may be sent to.
    #[must_use]
    pub fn org(&self) -> &OrgUrl {
        &self.inner.org
    }

    /// The headers that present this token on a resource call `method url`:
    /// `Authorization: Bearer …`, or for a DPoP-bound token `Authorization: DPoP …` and a
    /// `DPoP` proof with `ath`, `htm` and `htu`. The values are marked sensitive.
    ///
    /// # Errors
    /// [`AuthorizeError::ForeignOrigin`] when `url` is not on the token's org;
    /// [`AuthorizeError::Proof`] when the DPoP proof cannot be signed.
    pub fn authorization(
        &self,
        method: &http::Method,
        url: &str,
    ) -> Result<HeaderMap, AuthorizeError> {
        self.authorization_with_nonce(method, url, None)
    }

    /// Like [`AccessToken::authorization`], with the `nonce` a resource server asked for in
    /// its `DPoP-Nonce` header (Okta's management API does not ask for one today; other
    /// resource servers may). The nonce is ignored for a bearer token.
    ///
    /// # Errors
    /// As [`AccessToken::authorization`].
    pub fn authorization_with_nonce(
        &self,
        method: &http::Method,
        url: &str,
        nonce: Option<&str>,
    ) -> Result<HeaderMap, AuthorizeError> {
        if !self.inner.org.same_origin(url) {
            let shown = url::Url::parse(url).map_or_else(
                |_| "an unparsable url".to_owned(),
                |url| url.origin().ascii_serialization(),
            );
            return Err(AuthorizeError::ForeignOrigin {
                tenant: self.inner.tenant.clone(),
                url: shown,
                org: self.inner.org.to_string(),
            });
        }
        let mut headers = HeaderMap::new();
        let mut value = HeaderValue::from_str(&format!("{} {}", self.token_type(), self.expose()))
            .map_err(|_| AuthorizeError::InvalidToken {
                tenant: self.inner.tenant.clone(),
            })?;
        value.set_sensitive(true);
        headers.insert(AUTHORIZATION, value);
        if let (TokenType::DPoP, Some(key)) = (self.token_type(), &self.inner.dpop) {
            let proof = key
                .proof(method, url, nonce, Some(self.expose()))
                .map_err(|source| AuthorizeError::Proof {
                    tenant: self.inner.tenant.clone(),
                    source,
                })?;
            headers.insert(HeaderName::from_static("dpop"), proof);
        }
        Ok(headers)
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken")
            .field("token", &format_args!("{REDACTED}"))
            .field("token_type", &self.inner.token_type)
            .field("tenant", &self.inner.tenant)
            .field("granted", &self.inner.granted)
            .field("requested", &self.inner.requested)
            .field("lifetime", &self.inner.lifetime)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(lifetime: u64, token_type: TokenType, dpop: Option<DpopKey>) -> AccessToken {
        AccessToken::new(Issued {
            secret: SecretString::from("eyJ.secret.token".to_owned()),
            token_type,
            requested: "okta.users.read okta.logs.read".parse().unwrap(),
            granted: "okta.users.manage".parse().unwrap(),
            lifetime: Duration::from_secs(lifetime),
            tenant: TenantId::new("acme").unwrap(),
            org: OrgUrl::parse("https://acme.okta.com").unwrap(),
            dpop,
        })
    }

    #[test]
    fn freshness_uses_the_margin_capped_at_half_the_lifetime() {
        let long = token(3600, TokenType::Bearer, None);
        let now = long.received();
        assert!(long.is_fresh_at(now, Duration::from_secs(60)));
        assert!(long.is_fresh_at(now + Duration::from_secs(3539), Duration::from_secs(60)));
        assert!(!long.is_fresh_at(now + Duration::from_secs(3540), Duration::from_secs(60)));
        let short = token(30, TokenType::Bearer, None);
        assert!(short.is_fresh_at(short.received(), Duration::from_secs(60)));
        assert!(!short.is_fresh_at(
            short.received() + Duration::from_secs(15),
            Duration::from_secs(60)
        ));
    }

    #[test]
    fn narrower_grant_is_named() {
        let token = token(3600, TokenType::Bearer, None);
        assert_eq!(
            token.grant(),
            Grant::Narrower {
                missing: "okta.logs.read".parse().unwrap()
            }
        );
        assert!(!format!("{token:?}").contains("secret"));
    }

    #[test]
    fn authorization_only_for_the_org() {
        let bearer = token(3600, TokenType::Bearer, None);
        let headers = bearer
            .authorization(&http::Method::GET, "https://acme.okta.com/api/v1/users")
            .unwrap();
        assert_eq!(headers[AUTHORIZATION], "Bearer eyJ.secret.token");
        assert!(headers[AUTHORIZATION].is_sensitive());
        let error = bearer
            .authorization(&http::Method::GET, "https://evil.example/api?x=1")
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "refusing to send tenant `acme`'s token to `https://evil.example`: tokens go to the tenant's own org `https://acme.okta.com` only"
        );
        let dpop = token(3600, TokenType::DPoP, Some(DpopKey::generate().unwrap()));
        let headers = dpop
            .authorization(&http::Method::GET, "https://acme.okta.com/api/v1/users")
            .unwrap();
        assert_eq!(headers[AUTHORIZATION], "DPoP eyJ.secret.token");
        assert!(headers.contains_key("dpop"));
    }
}
