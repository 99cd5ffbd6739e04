//! Integration tests of oin-auth: key formats from the committed test keys, and every token
//! flow against a local fake Okta org over loopback HTTP.

mod dpop;
mod faults;
mod grants;
mod keys;
mod lifecycle;
mod methods;
mod redaction;
mod storm;

use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use oin_auth::{
    ClientId, ClientSecret, Credentials, OrgUrl, ScopeSet, Tenant, TenantId, TokenProvider,
};
use oin_fake_org::{FakeOrg, FakeOrgConfig, Installed};

/// A committed test key from `fixtures/keys/auth`.
pub(crate) fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/keys/auth")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

pub(crate) fn scopes(text: &str) -> ScopeSet {
    text.parse().expect("valid scopes")
}

pub(crate) fn tenant_id(text: &str) -> TenantId {
    TenantId::new(text).expect("valid tenant id")
}

/// A tracing writer into a shared buffer.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Capture {
    type Writer = Capture;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// Every test's tracing output, at TRACE, from every crate: one global subscriber, so that
/// no callsite's interest is cached before it exists.
fn capture() -> &'static Capture {
    static CAPTURE: OnceLock<Capture> = OnceLock::new();
    CAPTURE.get_or_init(|| {
        let capture = Capture::default();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(capture.clone())
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("the only global subscriber");
        capture
    })
}

/// What all tests logged so far.
pub(crate) fn captured_logs() -> String {
    String::from_utf8_lossy(
        &capture()
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    )
    .into_owned()
}

/// A fake org with default settings (DPoP nonces required, one-hour tokens).
pub(crate) async fn start_org() -> FakeOrg {
    capture();
    FakeOrg::start(FakeOrgConfig::default())
        .await
        .expect("the fake org starts")
}

/// `GET url` with these headers (a resource call): the response's status.
pub(crate) async fn get_status(url: &str, headers: http::HeaderMap) -> u16 {
    reqwest::Client::new()
        .get(url)
        .headers(headers)
        .send()
        .await
        .expect("the fake org answers")
        .status()
        .as_u16()
}

pub(crate) fn provider() -> TokenProvider {
    TokenProvider::new(Default::default()).expect("the provider builds")
}

pub(crate) fn org_url(org: &FakeOrg) -> OrgUrl {
    OrgUrl::parse_insecure_loopback(org.url()).expect("a loopback org url")
}

/// The client secret of a client-secret install.
pub(crate) fn secret_of(installed: &Installed) -> ClientSecret {
    ClientSecret::new(
        installed
            .client_secret
            .as_ref()
            .expect("a client secret install")
            .expose(),
    )
    .expect("a valid secret")
}

/// A tenant `id` on `org` for `installed` with `credentials`.
/// Installs an OIN integration (client secret, `client_secret_basic`) with `scopes` on
/// `org`, and adds it to `provider` as tenant `id`.
pub(crate) fn add_secret_tenant(
    provider: &TokenProvider,
    id: &str,
    org: &FakeOrg,
    scopes: &ScopeSet,
) -> Installed {
    let installed = org
        .admin()
        .install(oin_fake_org::Install::client_secret(scopes.clone()))
        .expect("the install");
    provider.add_tenant(tenant(
        id,
        org,
        &installed,
        Credentials::ClientSecretBasic(secret_of(&installed)),
    ));
    installed
}

pub(crate) fn tenant(
    id: &str,
    org: &FakeOrg,
    installed: &Installed,
    credentials: Credentials,
) -> Tenant {
    Tenant::new(
        tenant_id(id),
        org_url(org),
        ClientId::new(installed.client_id.clone()).expect("a client id"),
        credentials,
    )
}
