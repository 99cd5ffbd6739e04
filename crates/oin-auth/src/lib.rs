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
//! `client_secret_post` is the same with [`Credentials::ClientSecretPost`]. The
//! `private_key_jwt` and DPoP flows are in the crate's `examples/` (`private_key_jwt.rs`,
//! `dpop.rs`), runnable against a local fake org with `cargo run -p oin-auth --example …`.

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
