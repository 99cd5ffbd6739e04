//! Multi-tenant OAuth 2.0 client credentials for Okta API service integrations.
//!
//! An ISV's integration serves many customer orgs. For each one (a [`Tenant`]) it holds the
//! org URL, the client ID Okta generated at install and the credentials; the
//! [`TokenProvider`] gets management API tokens from the org authorization server
//! (`POST {org}/oauth2/v1/token`, client credentials grant), caches them per tenant and scope
//! set, and makes exactly one request at a time per tenant and scope set however many tasks
//! ask.
//!
//! - **Client authentication**: [`Credentials::ClientSecretBasic`] (what OIN API service
//!   integrations use), [`Credentials::ClientSecretPost`], and [`Credentials::PrivateKeyJwt`]
//!   with a [`PrivateKey`] read from PKCS#8, PKCS#1 or SEC1 PEM or a private JWK (RS256/384/512,
//!   ES256/384/512), each wrong format explained by a [`KeyError`].
//! - **DPoP** (RFC 9449) with the tenant's own [`DpopKey`], Okta's nonce round handled once per
//!   request, and proofs with `ath` for resource calls ([`AccessToken::authorization`]).
//! - **Grants**: the scopes Okta actually granted are kept; a grant narrower than requested is
//!   [`Grant::Narrower`].
//! - **Errors**: Okta's `invalid_client`, `invalid_scope`, `consent_required`,
//!   `invalid_dpop_proof`, 429 ... as [`TokenError`], with Okta's `error_description` and
//!   [`TokenError::what_to_do`].
//! - **Secrets** ([`ClientSecret`], [`PrivateKey`], [`DpopKey`], [`AccessToken`],
//!   [`ClientAssertion`]) print `[redacted]`, are zeroized on drop and never logged: tracing
//!   spans carry the tenant and client ID only.
//! - **Origins**: an [`OrgUrl`] is https (plain http only for loopback, by opt-in), and a token
//!   is only ever presented to its own org.
//!
//! # Client secret (`client_secret_basic`, the OIN method)
//!
//! ```
//! use oin_auth::{ClientSecret, Credentials, OrgUrl, Tenant, TokenProvider};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let org = oin_fake_org::FakeOrg::start(Default::default()).await?;
//! # let installed = org.admin().install(oin_fake_org::Install::client_secret("okta.users.read okta.logs.read".parse()?))?;
//! # let org_url = org.url().to_string();
//! # let (client_id, client_secret) = (installed.client_id.to_string(), installed.client_secret.as_ref().unwrap().expose().to_owned());
//! let provider = TokenProvider::new(Default::default())?;
//! provider.add_tenant(Tenant::new(
//!     "acme".parse()?,
//!     OrgUrl::parse_insecure_loopback(&org_url)?, // `OrgUrl::parse("acme.okta.com")` for a real org
//!     client_id.parse()?,
//!     Credentials::ClientSecretBasic(ClientSecret::new(client_secret)?),
//! ));
//!
//! let scopes = "okta.users.read".parse()?;
//! let token = provider.token(&"acme".parse()?, &scopes).await?;
//! assert_eq!(token.granted(), &scopes);
//! let headers = token.authorization(&http::Method::GET, &format!("{org_url}/api/v1/users"))?;
//! assert!(headers["authorization"].to_str()?.starts_with("Bearer "));
//! # Ok(())
//! # }
//! ```
//!
//! # Client secret in the form (`client_secret_post`)
//!
//! For authorization servers that want the secret in the form. Okta's org authorization
//! server does not take it for Okta-scoped tokens (an OIN instance answers `invalid_client`,
//! "must use either private_key_jwt or client_secret_basic"); the fake org below is told to.
//!
//! ```
//! use oin_auth::{ClientSecret, Credentials, OrgUrl, Tenant, TokenProvider};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let org = oin_fake_org::FakeOrg::start(Default::default()).await?;
//! # let installed = org.admin().install(oin_fake_org::Install::client_secret("okta.users.read".parse()?).auth_method(oin_fake_org::ClientAuthMethod::ClientSecretPost))?;
//! # let (client_id, client_secret) = (installed.client_id.clone(), installed.client_secret.as_ref().unwrap().expose().to_owned());
//! let provider = TokenProvider::new(Default::default())?;
//! provider.add_tenant(Tenant::new(
//!     "globex".parse()?,
//!     OrgUrl::parse_insecure_loopback(org.url())?,
//!     client_id.parse()?,
//!     Credentials::ClientSecretPost(ClientSecret::new(client_secret)?),
//! ));
//! let token = provider.token(&"globex".parse()?, &"okta.users.read".parse()?).await?;
//! assert_eq!(token.token_type(), oin_auth::TokenType::Bearer);
//! # Ok(())
//! # }
//! ```
//!
//! # Private key (`private_key_jwt`, custom service apps)
//!
//! The key Okta's Admin Console generated, as PKCS#8 PEM or a private JWK (PKCS#1 and SEC1
//! PEM work too); each request is authenticated by a fresh client assertion.
//!
//! ```
//! use oin_auth::{Credentials, OrgUrl, PrivateKey, Tenant, TokenProvider};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // A TEST-ONLY P-256 key, as the Admin Console hands it out (PKCS#8 PEM).
//! let pem = "-----BEGIN PRIVATE KEY-----
//! MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgj3VcskxEulfsHSA2
//! 9FU//YIfod6rJjroTSCh3SnuU5ChRANCAATacgy4Eg485NhXfWAymcrrq5B/wL4u
//! 9ea7dhjQoO812C/HvZB+ACzm7dcEhGdQuPfVz9fVv0/gQzY0W1lCnuJA
//! -----END PRIVATE KEY-----";
//! let key = PrivateKey::from_pem(pem, "key-2026-01")?;
//! // What to register as the app's public keys (the fake org stands in for Okta here).
//! let jwks = key.public_jwks();
//! # let org = oin_fake_org::FakeOrg::start(Default::default()).await?;
//! # let installed = org.admin().install(oin_fake_org::Install::private_key_jwt(serde_json::from_str(&jwks)?, "okta.logs.read".parse()?))?;
//! # let client_id = installed.client_id.clone();
//!
//! let provider = TokenProvider::new(Default::default())?;
//! provider.add_tenant(Tenant::new(
//!     "initech".parse()?,
//!     OrgUrl::parse_insecure_loopback(org.url())?,
//!     client_id.parse()?,
//!     Credentials::PrivateKeyJwt(key),
//! ));
//! let token = provider.token(&"initech".parse()?, &"okta.logs.read".parse()?).await?;
//! assert_eq!(token.granted().to_string(), "okta.logs.read");
//! # Ok(())
//! # }
//! ```
//!
//! # DPoP
//!
//! A tenant whose app requires DPoP gets its own [`DpopKey`]. The provider answers Okta's
//! `use_dpop_nonce` with one retry and keeps the nonce per tenant; the token is DPoP-bound, and
//! [`AccessToken::authorization`] adds a proof (with `ath`) to each resource call.
//!
//! ```
//! use oin_auth::{ClientSecret, Credentials, DpopKey, OrgUrl, Tenant, TokenProvider, TokenType};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let org = oin_fake_org::FakeOrg::start(Default::default()).await?;
//! # let installed = org.admin().install(oin_fake_org::Install::client_secret("okta.users.read".parse()?).require_dpop(true))?;
//! # let (client_id, client_secret) = (installed.client_id.clone(), installed.client_secret.as_ref().unwrap().expose().to_owned());
//! let provider = TokenProvider::new(Default::default())?;
//! let tenant = Tenant::new(
//!     "umbrella".parse()?,
//!     OrgUrl::parse_insecure_loopback(org.url())?,
//!     client_id.parse()?,
//!     Credentials::ClientSecretBasic(ClientSecret::new(client_secret)?),
//! )
//! .with_dpop(DpopKey::generate()?)?;
//! provider.add_tenant(tenant);
//!
//! let token = provider.token(&"umbrella".parse()?, &"okta.users.read".parse()?).await?;
//! assert_eq!(token.token_type(), TokenType::DPoP);
//! let headers = token.authorization(&http::Method::GET, &format!("{}/api/v1/users", org.url()))?;
//! assert!(headers["authorization"].to_str()?.starts_with("DPoP "));
//! assert!(headers.contains_key("dpop"));
//! # Ok(())
//! # }
//! ```
//!
//! # When the customer granted less, or nothing
//!
//! ```
//! use oin_auth::{ClientSecret, Credentials, Grant, OrgUrl, Tenant, TokenError, TokenProvider};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let org = oin_fake_org::FakeOrg::start(Default::default()).await?;
//! # let installed = org.admin().install(oin_fake_org::Install::client_secret("okta.users.read okta.logs.read".parse()?).granting("okta.users.read".parse()?))?;
//! # let (client_id, client_secret) = (installed.client_id.clone(), installed.client_secret.as_ref().unwrap().expose().to_owned());
//! # let provider = TokenProvider::new(Default::default())?;
//! # provider.add_tenant(Tenant::new("acme".parse()?, OrgUrl::parse_insecure_loopback(org.url())?, client_id.parse()?, Credentials::ClientSecretBasic(ClientSecret::new(client_secret)?)));
//! let acme = "acme".parse()?;
//! let token = provider.token(&acme, &"okta.users.read okta.logs.read".parse()?).await?;
//! assert_eq!(token.grant(), Grant::Narrower { missing: "okta.logs.read".parse()? });
//!
//! match provider.token(&acme, &"okta.logs.read".parse()?).await {
//!     Err(error @ TokenError::ConsentRequired { .. }) => {
//!         // "... (consent_required): You are not allowed any of the requested scopes."
//!         eprintln!("{error}; {}", error.what_to_do());
//!     }
//!     other => panic!("{other:?}"),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! The same flows run as programs in `examples/` (`client_secret.rs`, `private_key_jwt.rs`,
//! `dpop.rs`) against a local fake org: `cargo run -p oin-auth --example dpop`.

mod assertion;
mod cache;
mod dpop;
mod error;
mod exchange;
mod ids;
mod key;
mod org;
mod provider;
mod registry;
mod secret;
mod tenant;
mod token;
mod transport;

pub use assertion::{ClientAssertion, MAX_ASSERTION_LIFETIME};
pub use dpop::DpopKey;
pub use error::{Actor, TokenError};
pub use ids::{ClientId, IdError, TenantId};
pub use key::{KeyError, KeyFormatName, PrivateKey, SigningAlgorithm};
pub use oin_scopes::ScopeSet;
pub use org::{OrgUrl, OrgUrlError};
pub use provider::{BuildError, ProviderConfig, TokenProvider};
pub use secret::{ClientSecret, SecretError};
pub use tenant::{Credentials, Tenant, TenantError};
pub use token::{AccessToken, AuthorizeError, Grant, TokenType};
