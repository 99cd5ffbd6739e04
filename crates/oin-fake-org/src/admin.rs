//! [`AdminHandle`]: what an Okta admin does in the Admin Console, done from test code:
//! install integrations ([`Install`]), rotate secrets, change grants, revoke, uninstall, move
//! the clock, append System Log events, and read the journal.

use std::sync::Arc;
use std::time::Duration;

use oin_scopes::ScopeSet;
use serde_json::Value;

use crate::clients::{Client, ClientAuthMethod, ClientKind, SecretStatus, StoredSecret};
use crate::ids;
use crate::jose;
use crate::journal::JournalEntry;
use crate::org::Org;
use crate::secret::Secret;

/// What to install: an OIN API service integration (client secret) or a custom service app
/// (`private_key_jwt`), with the scopes it requests and, optionally, the narrower set the
/// customer granted.
///
/// ```
/// use oin_fake_org::Install;
/// # fn scopes() -> oin_scopes::ScopeSet { "okta.users.read".parse().unwrap() }
/// let install = Install::client_secret(scopes()).require_dpop(false);
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct Install {
    credentials: Credentials,
    requested: ScopeSet,
    granted: Option<ScopeSet>,
    require_dpop: bool,
    auth_method: Option<ClientAuthMethod>,
    name: Option<String>,
}

#[derive(Debug, Clone)]
enum Credentials {
    ClientSecret,
    PrivateKeyJwt(Value),
}

impl Install {
    /// An OIN API service integration instance: a client ID and a client secret (shown
    /// once), like Okta's `POST /integrations/api/v1/api-services`. Like Okta, the instance
    /// takes its secret with `client_secret_basic` only: `client_secret_post` is answered
    /// with `unsupported_auth_method_client_creds_oauth_integration`, so a client that
    /// would fail against a real org fails here too. [`Install::auth_method`] changes that.
    pub fn client_secret(scopes: ScopeSet) -> Self {
        Self {
            credentials: Credentials::ClientSecret,
            requested: scopes,
            granted: None,
            require_dpop: false,
            auth_method: Some(ClientAuthMethod::ClientSecretBasic),
            name: None,
        }
    }

    /// A custom service app that authenticates with `private_key_jwt`; `jwks` is its public
    /// JWKS (`{"keys": [...]}`).
    pub fn private_key_jwt(jwks: Value, scopes: ScopeSet) -> Self {
        Self {
            credentials: Credentials::PrivateKeyJwt(jwks),
            auth_method: Some(ClientAuthMethod::PrivateKeyJwt),
            ..Self::client_secret(scopes)
        }
    }

    /// The customer consented to these scopes only (default: all requested ones).
    pub fn granting(mut self, scopes: ScopeSet) -> Self {
        self.granted = Some(scopes);
        self
    }

    /// Whether token requests must carry a DPoP proof (tokens are then DPoP-bound).
    pub fn require_dpop(mut self, require: bool) -> Self {
        self.require_dpop = require;
        self
    }

    /// Accept only this client authentication method at the token endpoint, as Okta does
    /// with the client's `token_endpoint_auth_method`. A client-secret install takes
    /// `client_secret_basic` unless told otherwise; `ClientSecretPost` makes one that takes
    /// the secret in the form instead, to exercise a client's `client_secret_post` (Okta's
    /// org authorization server issues Okta-scoped tokens to OIN instances with Basic, and
    /// to custom service apps with `private_key_jwt`, only).
    pub fn auth_method(mut self, method: ClientAuthMethod) -> Self {
        self.auth_method = Some(method);
        self
    }

    /// The integration's `type` or app label (default: generated).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }
}

/// The result of an install.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Installed {
    /// The client ID (also the instance or app id).
    pub client_id: String,
    /// The client secret of a client-secret install (shown once, as Okta does).
    pub client_secret: Option<Secret>,
    /// The id of that secret, for rotation.
    pub secret_id: Option<String>,
    /// The scopes the customer granted.
    pub granted_scopes: ScopeSet,
}

/// A client secret created by [`AdminHandle::add_secret`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct IssuedSecret {
    /// The secret's id (`ocs…`).
    pub id: String,
    /// The secret (shown once).
    pub secret: Secret,
}

impl IssuedSecret {
    /// The secret value.
    #[must_use]
    pub fn expose(&self) -> &str {
        self.secret.expose()
    }
}

/// Why an admin action failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AdminError {
    /// No client has this id (never installed, or uninstalled).
    #[error("no integration with client id `{client_id}` is installed; install one first")]
    UnknownClient {
        /// The id asked for.
        client_id: String,
    },
    /// The client has no secret with this id.
    #[error("client `{client_id}` has no secret `{secret_id}`; list its secrets for their ids")]
    UnknownSecret {
        /// The client.
        client_id: String,
        /// The secret id asked for.
        secret_id: String,
    },
    /// Okta keeps at most two secrets per client.
    #[error(
        "client `{client_id}` already has two secrets, Okta's maximum; remove an inactive one first"
    )]
    TooManySecrets {
        /// The client.
        client_id: String,
    },
    /// Only an inactive secret can be removed.
    #[error(
        "secret `{secret_id}` of client `{client_id}` is active; deactivate it before removing it"
    )]
    SecretActive {
        /// The client.
        client_id: String,
        /// The secret.
        secret_id: String,
    },
    /// The client authenticates with keys, not secrets.
    #[error("client `{client_id}` uses private_key_jwt and has no client secrets")]
    NoSecrets {
        /// The client.
        client_id: String,
    },
    /// The public keys given to a `private_key_jwt` install are unusable.
    #[error("invalid JWKS for a private_key_jwt install: {reason}")]
    InvalidJwks {
        /// What is wrong with it.
        reason: String,
    },
    /// The granted scopes include one the catalog does not know.
    #[error(
        "scope `{scope}` is not an Okta management scope; check its spelling against the catalog"
    )]
    UnknownScope {
        /// The unknown scope.
        scope: String,
    },
}

/// The org's admin: install integrations and change them as an Okta admin would, and read
/// what the org recorded. Cheap to clone; every method is synchronous and quick, so it can
/// be called from sync or async code.
#[derive(Debug, Clone)]
pub struct AdminHandle {
    pub(crate) org: Arc<Org>,
}

impl AdminHandle {
    /// Installs an integration and returns its client id and (for client-secret installs)
    /// its secret. A client-secret install is an OIN API service instance (listed under
    /// `/integrations/api/v1/api-services`); a `private_key_jwt` install is a custom service
    /// app (listed under `/api/v1/apps`, its grants under `/api/v1/apps/{id}/grants`).
    ///
    /// # Errors
    /// [`AdminError::InvalidJwks`] for unusable public keys, [`AdminError::UnknownScope`]
    /// for a scope Okta does not have.
    pub fn install(&self, install: Install) -> Result<Installed, AdminError> {
        let Credentials::PrivateKeyJwt(jwks) = &install.credentials else {
            return self.install_as(install, ClientKind::ApiService);
        };
        let jwks = jwks.clone();
        let (require_dpop, name) = (install.require_dpop, install.name.clone());
        let installed = self.install_as(install, ClientKind::ServiceApp)?;
        let org = &self.org;
        let label = name.unwrap_or_else(|| "Service app".to_owned());
        let app = crate::data::service_app_json(
            &org.base_url,
            &installed.client_id,
            &label,
            org.clock.now(),
            &jwks,
            require_dpop,
        );
        org.data.directory().apps.push(app);
        Ok(installed)
    }

    pub(crate) fn install_as(
        &self,
        install: Install,
        kind: ClientKind,
    ) -> Result<Installed, AdminError> {
        let catalog = oin_scopes::Catalog::get();
        let granted = install.granted.unwrap_or_else(|| install.requested.clone());
        if let Some(unknown) = granted.iter().find(|scope| !catalog.is_known_scope(scope)) {
            return Err(AdminError::UnknownScope {
                scope: unknown.to_string(),
            });
        }
        let now = self.org.clock.now();
        let (keys, secrets) = match install.credentials {
            Credentials::ClientSecret => (None, vec![StoredSecret::new(now)]),
            Credentials::PrivateKeyJwt(jwks) => {
                let keys =
                    jose::parse_jwks(&jwks).map_err(|reason| AdminError::InvalidJwks { reason })?;
                (Some((keys, jwks)), Vec::new())
            }
        };
        let client_id = ids::random_id("0oa");
        let name = install.name.unwrap_or_else(|| match kind {
            ClientKind::ApiService => "oin_fake_integration".to_owned(),
            ClientKind::ServiceApp => "Service app".to_owned(),
        });
        let installed = Installed {
            client_id: client_id.clone(),
            client_secret: secrets.first().map(|secret| secret.value.clone()),
            secret_id: secrets.first().map(|secret| secret.id.clone()),
            granted_scopes: granted.clone(),
        };
        let client = Client {
            id: client_id.clone(),
            kind,
            name,
            secrets,
            keys,
            granted,
            require_dpop: install.require_dpop,
            auth_method: install.auth_method,
            created: now,
            properties: Default::default(),
        };
        self.org.security().clients.insert(client_id, client);
        Ok(installed)
    }

    /// Adds a client secret (rotation); at most two secrets per client.
    ///
    /// # Errors
    /// [`AdminError::UnknownClient`], [`AdminError::NoSecrets`], [`AdminError::TooManySecrets`].
    pub fn add_secret(&self, client_id: &str) -> Result<IssuedSecret, AdminError> {
        let now = self.org.clock.now();
        self.with_client(client_id, |client| {
            if client.kind == ClientKind::ServiceApp && client.secrets.is_empty() {
                return Err(AdminError::NoSecrets {
                    client_id: client_id.to_owned(),
                });
            }
            if client.secrets.len() >= 2 {
                return Err(AdminError::TooManySecrets {
                    client_id: client_id.to_owned(),
                });
            }
            let secret = StoredSecret::new(now);
            let issued = IssuedSecret {
                id: secret.id.clone(),
                secret: secret.value.clone(),
            };
            client.secrets.push(secret);
            Ok(issued)
        })
    }

    /// Activates a secret.
    ///
    /// # Errors
    /// [`AdminError::UnknownClient`], [`AdminError::UnknownSecret`].
    pub fn activate_secret(&self, client_id: &str, secret_id: &str) -> Result<(), AdminError> {
        self.set_secret_status(client_id, secret_id, SecretStatus::Active)
    }

    /// Deactivates a secret: it stops working at once.
    ///
    /// # Errors
    /// [`AdminError::UnknownClient`], [`AdminError::UnknownSecret`].
    pub fn deactivate_secret(&self, client_id: &str, secret_id: &str) -> Result<(), AdminError> {
        self.set_secret_status(client_id, secret_id, SecretStatus::Inactive)
    }

    fn set_secret_status(
        &self,
        client_id: &str,
        secret_id: &str,
        status: SecretStatus,
    ) -> Result<(), AdminError> {
        let now = self.org.clock.now();
        self.with_client(client_id, |client| {
            let secret = client
                .secrets
                .iter_mut()
                .find(|secret| secret.id == secret_id)
                .ok_or_else(|| AdminError::UnknownSecret {
                    client_id: client_id.to_owned(),
                    secret_id: secret_id.to_owned(),
                })?;
            secret.status = status;
            secret.last_updated = now;
            Ok(())
        })
    }

    /// Removes an inactive secret.
    ///
    /// # Errors
    /// [`AdminError::UnknownClient`], [`AdminError::UnknownSecret`], [`AdminError::SecretActive`].
    pub fn remove_secret(&self, client_id: &str, secret_id: &str) -> Result<(), AdminError> {
        self.with_client(client_id, |client| {
            let index = client
                .secrets
                .iter()
                .position(|secret| secret.id == secret_id)
                .ok_or_else(|| AdminError::UnknownSecret {
                    client_id: client_id.to_owned(),
                    secret_id: secret_id.to_owned(),
                })?;
            if client.secrets[index].status == SecretStatus::Active {
                return Err(AdminError::SecretActive {
                    client_id: client_id.to_owned(),
                    secret_id: secret_id.to_owned(),
                });
            }
            client.secrets.remove(index);
            Ok(())
        })
    }

    /// Changes the granted scopes. Tokens already issued keep their scopes until they
    /// expire (as in Okta); new tokens get the new grant.
    ///
    /// # Errors
    /// [`AdminError::UnknownClient`], [`AdminError::UnknownScope`].
    pub fn set_granted_scopes(&self, client_id: &str, scopes: ScopeSet) -> Result<(), AdminError> {
        let catalog = oin_scopes::Catalog::get();
        if let Some(unknown) = scopes.iter().find(|scope| !catalog.is_known_scope(scope)) {
            return Err(AdminError::UnknownScope {
                scope: unknown.to_string(),
            });
        }
        self.with_client(client_id, |client| {
            client.granted = scopes;
            Ok(())
        })
    }

    /// Revokes every access token issued to the client; resource calls with them get 401.
    ///
    /// # Errors
    /// [`AdminError::UnknownClient`].
    pub fn revoke_tokens(&self, client_id: &str) -> Result<usize, AdminError> {
        let mut security = self.org.security();
        if !security.clients.contains_key(client_id) {
            return Err(AdminError::UnknownClient {
                client_id: client_id.to_owned(),
            });
        }
        Ok(revoke_all(&mut security.tokens, client_id))
    }

    /// Uninstalls the integration: the client (and a service app's application) is deleted
    /// and its tokens revoked.
    ///
    /// # Errors
    /// [`AdminError::UnknownClient`].
    pub fn uninstall(&self, client_id: &str) -> Result<(), AdminError> {
        {
            let mut security = self.org.security();
            if security.clients.remove(client_id).is_none() {
                return Err(AdminError::UnknownClient {
                    client_id: client_id.to_owned(),
                });
            }
            revoke_all(&mut security.tokens, client_id);
        }
        self.org.data.directory().apps.remove(client_id);
        Ok(())
    }

    /// How many requests to the token endpoint named this client (successful or not).
    #[must_use]
    pub fn token_requests(&self, client_id: &str) -> usize {
        self.org
            .security()
            .token_requests
            .get(client_id)
            .copied()
            .unwrap_or(0)
    }

    /// How many client assertions of this client had their signature verified.
    #[must_use]
    pub fn verified_assertions(&self, client_id: &str) -> usize {
        self.org
            .security()
            .verified_assertions
            .get(client_id)
            .copied()
            .unwrap_or(0)
    }

    /// Every call to a management API path so far, oldest first.
    #[must_use]
    pub fn journal(&self) -> Vec<JournalEntry> {
        self.org.journal.entries()
    }

    /// The journal as NDJSON: one JSON object per line.
    #[must_use]
    pub fn journal_ndjson(&self) -> String {
        self.org.journal.ndjson()
    }

    /// Moves the org's clock forward (token expiry, rate-limit windows, event times).
    pub fn advance_clock(&self, by: Duration) {
        self.org.clock.advance(by);
    }

    /// Appends `count` new System Log events, published now, for polling clients to find.
    pub fn append_log_events(&self, count: u64) {
        self.org.data.logs.append(count, self.org.clock.now());
    }

    /// How many System Log events the org holds.
    #[must_use]
    pub fn log_event_count(&self) -> u64 {
        self.org.data.logs.len()
    }

    /// Replaces the DPoP nonce (the previous one keeps working, as Okta's does for a while).
    pub fn rotate_dpop_nonce(&self) {
        let mut security = self.org.security();
        let fresh = crate::secret::random_token(24);
        let previous = std::mem::replace(&mut security.nonces.0, fresh);
        security.nonces.1 = Some(previous);
    }

    fn with_client<T>(
        &self,
        client_id: &str,
        change: impl FnOnce(&mut Client) -> Result<T, AdminError>,
    ) -> Result<T, AdminError> {
        let mut security = self.org.security();
        let client =
            security
                .clients
                .get_mut(client_id)
                .ok_or_else(|| AdminError::UnknownClient {
                    client_id: client_id.to_owned(),
                })?;
        change(client)
    }
}

fn revoke_all(
    tokens: &mut std::collections::HashMap<String, crate::org::IssuedToken>,
    client_id: &str,
) -> usize {
    let mut revoked = 0;
    for token in tokens
        .values_mut()
        .filter(|token| token.client_id == client_id)
    {
        if !token.revoked {
            token.revoked = true;
            revoked += 1;
        }
    }
    revoked
}
