//! [`Tenant`] (one customer org: its URL, client ID, credentials and optional DPoP key) and
//! [`Credentials`] (how the integration authenticates to that org's token endpoint).

use crate::{ClientId, ClientSecret, DpopKey, OrgUrl, PrivateKey, TenantId};

/// How the integration authenticates at the token endpoint.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Credentials {
    /// Client ID and secret in an `Authorization: Basic` header: the method of OIN API service
    /// integrations, and the default.
    ClientSecretBasic(ClientSecret),
    /// Client ID and secret as form parameters.
    ClientSecretPost(ClientSecret),
    /// A client assertion signed with the integration's private key (custom service apps).
    PrivateKeyJwt(PrivateKey),
}

impl Credentials {
    /// The secret with `client_secret_basic`, the OIN method.
    #[must_use]
    pub fn secret(secret: ClientSecret) -> Self {
        Self::ClientSecretBasic(secret)
    }

    /// The token endpoint auth method's name, such as `client_secret_basic`.
    #[must_use]
    pub fn method(&self) -> &'static str {
        match self {
            Self::ClientSecretBasic(_) => "client_secret_basic",
            Self::ClientSecretPost(_) => "client_secret_post",
            Self::PrivateKeyJwt(_) => "private_key_jwt",
        }
    }
}

/// Why a tenant cannot be set up as asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TenantError {
    /// No tenant with this id is registered.
    #[error("tenant `{tenant}` is not registered with the token provider")]
    UnknownTenant {
        /// The tenant asked for.
        tenant: TenantId,
    },
    /// The DPoP key is the client-authentication key.
    #[error(
        "tenant `{tenant}`: the DPoP key is the private_key_jwt signing key; DPoP needs its own key (`DpopKey::generate()`)"
    )]
    DpopKeyIsClientKey {
        /// The tenant.
        tenant: TenantId,
    },
}

/// One customer org the integration serves: the ISV's id for it, the org URL, the client ID
/// Okta generated at install, the credentials, and a DPoP key when the org's app requires DPoP.
///
/// ```
/// use oin_auth::{ClientSecret, Credentials, OrgUrl, Tenant};
///
/// let tenant = Tenant::new(
///     "acme".parse()?,
///     OrgUrl::parse("https://acme.okta.com")?,
///     "0oa1bcd2efGHIJ3kl4m5".parse()?,
///     Credentials::secret(ClientSecret::new("from-the-admin-console")?),
/// );
/// assert_eq!(tenant.credentials().method(), "client_secret_basic");
/// assert!(!format!("{tenant:?}").contains("from-the-admin-console"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Tenant {
    id: TenantId,
    org: OrgUrl,
    client_id: ClientId,
    credentials: Credentials,
    dpop: Option<DpopKey>,
}

impl Tenant {
    /// A tenant without DPoP.
    #[must_use]
    pub fn new(id: TenantId, org: OrgUrl, client_id: ClientId, credentials: Credentials) -> Self {
        Self {
            id,
            org,
            client_id,
            credentials,
            dpop: None,
        }
    }

    /// The tenant with a DPoP key: its token requests carry proofs and its tokens are
    /// DPoP-bound.
    ///
    /// # Errors
    /// [`TenantError::DpopKeyIsClientKey`] if `key` is the `private_key_jwt` key.
    pub fn with_dpop(mut self, key: DpopKey) -> Result<Self, TenantError> {
        if let Credentials::PrivateKeyJwt(client_key) = &self.credentials
            && client_key.thumbprint() == key.thumbprint()
        {
            return Err(TenantError::DpopKeyIsClientKey { tenant: self.id });
        }
        self.dpop = Some(key);
        Ok(self)
    }

    /// The same tenant with new credentials (a rotated secret or key), keeping its DPoP key.
    ///
    /// # Errors
    /// As [`Tenant::with_dpop`], if the new key is the DPoP key.
    pub fn with_credentials(mut self, credentials: Credentials) -> Result<Self, TenantError> {
        self.credentials = credentials;
        match self.dpop.take() {
            Some(key) => self.with_dpop(key),
            None => Ok(self),
        }
    }

    /// The ISV's id for the tenant.
    #[must_use]
    pub fn id(&self) -> &TenantId {
        &self.id
    }

    /// The customer's org.
    #[must_use]
    pub fn org(&self) -> &OrgUrl {
        &self.org
    }

    /// The client ID.
    #[must_use]
    pub fn client_id(&self) -> &ClientId {
        &self.client_id
    }

    /// The credentials.
    #[must_use]
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// The DPoP key, when the tenant uses DPoP.
    #[must_use]
    pub fn dpop(&self) -> Option<&DpopKey> {
        self.dpop.as_ref()
    }
}
