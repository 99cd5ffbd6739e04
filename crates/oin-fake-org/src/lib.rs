//! A faithful local fake Okta org for tests, demos and benchmarks: the other side of the
//! wire for an OIN API service integration, independent of any Okta client code.
//!
//! [`FakeOrg::start`] serves, on a free loopback port:
//!
//! - the org authorization server's token endpoint, `POST /oauth2/v1/token`, with the
//!   `client_credentials` grant and `client_secret_basic` (OIN instances, like Okta's, refuse
//!   `client_secret_post` unless installed for it) or `private_key_jwt`, optionally
//!   DPoP-bound (with the `use_dpop_nonce` round), answering
//!   failures with Okta's `error` / `error_description` texts;
//! - every operation of the management API catalog (`oin_scopes::Catalog`), each one
//!   checking the caller's token and enforcing the operation's scopes (403 E0000006 with a
//!   `WWW-Authenticate` naming the missing scope); unknown paths get 404 E0000007. Users,
//!   groups, apps, app grants, user risk, OIN API service instances and the System Log have
//!   real behaviour; every other operation answers 501 E0000060 once authorized;
//! - seeded, deterministic data (same seed, same org), with System Log events generated on
//!   demand so millions cost no memory, `Link` pagination and System Log polling;
//! - rate limits with Okta's headers and 429 E0000047, a concurrency limit, faults on
//!   request, `X-Okta-Request-Id` on every response, and a [journal](JournalEntry) of every
//!   call.
//!
//! The [`AdminHandle`] does what an Okta admin would: install integrations ([`Install`]),
//! rotate secrets, change grants, revoke tokens, uninstall; and what only a test needs:
//! move the clock, append log events, read the journal.
//!
//! ```
//! use oin_fake_org::{FakeOrg, FakeOrgConfig, Install};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let org = FakeOrg::start(FakeOrgConfig::default()).await?;
//! let admin = org.admin();
//! let installed = admin.install(Install::client_secret("okta.users.read".parse()?))?;
//! let secret = installed.client_secret.as_ref().map(|secret| secret.expose());
//!
//! // Any HTTP client does; this is reqwest.
//! let http = reqwest::Client::new();
//! let token: serde_json::Value = http
//!     .post(org.token_url())
//!     .basic_auth(&installed.client_id, secret)
//!     .form(&[("grant_type", "client_credentials"), ("scope", "okta.users.read")])
//!     .send()
//!     .await?
//!     .json()
//!     .await?;
//! let users = http
//!     .get(format!("{}/api/v1/users?limit=5", org.url()))
//!     .bearer_auth(token["access_token"].as_str().unwrap_or_default())
//!     .send()
//!     .await?;
//! assert_eq!(users.status(), 200);
//!
//! let call = &admin.journal()[0];
//! assert_eq!(call.operation_id, Some("listUsers"));
//! assert_eq!(call.scopes_needed.to_string(), "okta.users.read");
//! org.shutdown().await;
//! # Ok(())
//! # }
//! ```

mod admin;
mod api;
mod clients;
mod config;
mod data;
pub mod errors;
mod faults;
mod ids;
mod jose;
mod journal;
mod limits;
mod oauth;
mod org;
mod secret;
mod server;
mod time;

pub use admin::{AdminError, AdminHandle, Install, Installed, IssuedSecret};
pub use clients::ClientAuthMethod;
pub use config::{
    Bucket, DataSizes, DpopNonce, FakeOrgConfig, FaultKind, FaultRule, Faults, RateLimits,
};
pub use journal::{CallerKind, JournalEntry};
pub use secret::Secret;
pub use server::{FakeOrg, StartError};
