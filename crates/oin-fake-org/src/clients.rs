//! The org's OAuth 2.0 clients: OIN API service integration instances and custom service
//! apps, with their secrets, public keys, granted scopes and DPoP requirement.

use std::collections::BTreeMap;

use jsonwebtoken::jwk::Jwk;
use oin_scopes::ScopeSet;
use serde_json::Value;

use crate::ids;
use crate::secret::Secret;
use crate::time::Timestamp;

/// How a client authenticates at the token endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ClientAuthMethod {
    /// `Authorization: Basic base64(client_id:client_secret)`: what OIN API service
    /// integrations use.
    ClientSecretBasic,
    /// `client_id` and `client_secret` in the form body.
    ClientSecretPost,
    /// A client assertion JWT signed with one of the client's private keys.
    PrivateKeyJwt,
}

impl ClientAuthMethod {
    /// Okta's name (`token_endpoint_auth_method`).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            ClientAuthMethod::ClientSecretBasic => "client_secret_basic",
            ClientAuthMethod::ClientSecretPost => "client_secret_post",
            ClientAuthMethod::PrivateKeyJwt => "private_key_jwt",
        }
    }
}

/// What kind of client an install created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ClientKind {
    /// An OIN API service integration instance (`/integrations/api/v1/api-services`).
    ApiService,
    /// A custom service app (`/api/v1/apps`).
    ServiceApp,
}

/// Whether a client secret may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SecretStatus {
    Active,
    Inactive,
}

impl SecretStatus {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            SecretStatus::Active => "ACTIVE",
            SecretStatus::Inactive => "INACTIVE",
        }
    }
}

/// One stored client secret.
#[derive(Debug, Clone)]
pub(crate) struct StoredSecret {
    pub(crate) id: String,
    pub(crate) value: Secret,
    pub(crate) status: SecretStatus,
    pub(crate) created: Timestamp,
    pub(crate) last_updated: Timestamp,
}

impl StoredSecret {
    pub(crate) fn new(now: Timestamp) -> Self {
        Self {
            id: ids::random_id("ocs"),
            value: Secret::random(30),
            status: SecretStatus::Active,
            created: now,
            last_updated: now,
        }
    }
}

/// One OAuth 2.0 client of the org.
#[derive(Debug, Clone)]
pub(crate) struct Client {
    pub(crate) id: String,
    pub(crate) kind: ClientKind,
    /// The OIN integration's `type` (API services) or the app's label (service apps).
    pub(crate) name: String,
    pub(crate) secrets: Vec<StoredSecret>,
    /// The public keys for `private_key_jwt`, and the JWKS as given.
    pub(crate) keys: Option<(Vec<Jwk>, Value)>,
    pub(crate) granted: ScopeSet,
    pub(crate) require_dpop: bool,
    /// The only method accepted, when the install named one.
    pub(crate) auth_method: Option<ClientAuthMethod>,
    pub(crate) created: Timestamp,
    /// Tenant-setting values of an API service instance.
    pub(crate) properties: BTreeMap<String, String>,
}

impl Client {
    /// Whether `presented` is one of the client's active secrets.
    pub(crate) fn secret_matches(&self, presented: &str) -> bool {
        self.secrets
            .iter()
            .filter(|secret| secret.status == SecretStatus::Active)
            .fold(false, |found, secret| {
                secret.value.matches(presented) | found
            })
    }
}
