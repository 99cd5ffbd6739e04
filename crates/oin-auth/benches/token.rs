//! What a token costs: a cached `TokenProvider::token` call, and signing a `private_key_jwt`
//! client assertion or a DPoP proof per algorithm.
//!
//! `cargo bench -p oin-auth --bench token`

use std::future::Future as _;
use std::path::PathBuf;
use std::pin::pin;
use std::sync::OnceLock;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use divan::Bencher;
use oin_auth::{
    ClientAssertion, ClientId, ClientSecret, Credentials, DpopKey, OrgUrl, PrivateKey, ScopeSet,
    SigningAlgorithm, Tenant, TenantId, TokenProvider,
};
use oin_fake_org::{FakeOrg, FakeOrgConfig, Install};

fn main() {
    divan::main();
}

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/keys/auth")
        .join(name);
    std::fs::read_to_string(path).expect("a committed test key")
}

/// A provider whose tenant `acme` has a cached token for `okta.users.read`, from a fake org
/// that keeps running on its own runtime.
fn warm_provider() -> &'static (TokenProvider, TenantId, ScopeSet) {
    static WARM: OnceLock<(TokenProvider, TenantId, ScopeSet)> = OnceLock::new();
    WARM.get_or_init(|| {
        let runtime = Box::leak(Box::new(tokio::runtime::Runtime::new().expect("a runtime")));
        runtime.block_on(async {
            let org: &'static FakeOrg = Box::leak(Box::new(
                FakeOrg::start(FakeOrgConfig::default())
                    .await
                    .expect("fake org"),
            ));
            let scopes: ScopeSet = "okta.users.read".parse().expect("scopes");
            let installed = org
                .admin()
                .install(Install::client_secret(scopes.clone()))
                .expect("install");
            let provider = TokenProvider::new(Default::default()).expect("provider");
            let id = TenantId::new("acme").expect("id");
            for index in 0..1_000 {
                // Other tenants, so that the lookup is in a realistic registry.
                provider.add_tenant(Tenant::new(
                    TenantId::new(format!("tenant-{index}")).expect("id"),
                    OrgUrl::parse("https://example.okta.com").expect("url"),
                    ClientId::new("0oa-other").expect("id"),
                    Credentials::ClientSecretBasic(ClientSecret::new("other").expect("secret")),
                ));
            }
            provider.add_tenant(Tenant::new(
                id.clone(),
                OrgUrl::parse_insecure_loopback(org.url()).expect("url"),
                ClientId::new(installed.client_id.clone()).expect("id"),
                Credentials::ClientSecretBasic(
                    ClientSecret::new(installed.client_secret.as_ref().expect("secret").expose())
                        .expect("secret"),
                ),
            ));
            provider.token(&id, &scopes).await.expect("a first token");
            (provider, id, scopes)
        })
    })
}

/// A cached `token()`: the future completes on its first poll, so it is polled directly and
/// the figure is the call itself, without an executor.
#[divan::bench]
fn cached_token(bencher: Bencher<'_, '_>) {
    let (provider, id, scopes) = warm_provider();
    let waker = Waker::noop();
    bencher.bench(|| {
        let mut context = Context::from_waker(waker);
        let future = pin!(provider.token(id, scopes));
        match future.poll(&mut context) {
            Poll::Ready(Ok(token)) => token,
            Poll::Ready(Err(error)) => panic!("{error}"),
            Poll::Pending => panic!("a cached token is ready at once"),
        }
    });
}

fn key_for(algorithm: SigningAlgorithm) -> PrivateKey {
    let (file, rsa) = match algorithm {
        SigningAlgorithm::Es256 => ("ec-p256-pkcs8.pem", false),
        SigningAlgorithm::Es384 => ("ec-p384-pkcs8.pem", false),
        SigningAlgorithm::Es512 => ("ec-p521-pkcs8.pem", false),
        _ => ("rsa-2048-pkcs8.pem", true),
    };
    let key = PrivateKey::from_pem(&fixture(file), "bench").expect("a test key");
    if rsa {
        key.with_algorithm(algorithm).expect("an RSA algorithm")
    } else {
        key
    }
}

/// Signing one client assertion (RSA keys are 2048 bits).
#[divan::bench(args = SigningAlgorithm::ALL)]
fn sign_assertion(bencher: Bencher<'_, '_>, algorithm: SigningAlgorithm) {
    let key = key_for(algorithm);
    let client_id = ClientId::new("0oa1bcd2efGHIJ3kl4m5").expect("id");
    let org = OrgUrl::parse("https://acme.okta.com").expect("url");
    bencher.bench(|| {
        ClientAssertion::sign(&key, &client_id, &org, Duration::from_secs(300)).expect("signed")
    });
}

/// Signing one DPoP proof for a resource call (with `ath`).
#[divan::bench(args = [SigningAlgorithm::Es256, SigningAlgorithm::Es384, SigningAlgorithm::Es512])]
fn sign_dpop_proof(bencher: Bencher<'_, '_>, algorithm: SigningAlgorithm) {
    let key = DpopKey::generate_with(algorithm).expect("a DPoP key");
    let method = http::Method::GET;
    bencher.bench(|| {
        key.proof(
            &method,
            "https://acme.okta.com/api/v1/users?limit=200",
            None,
            Some("an-access-token"),
        )
        .expect("signed")
    });
}
