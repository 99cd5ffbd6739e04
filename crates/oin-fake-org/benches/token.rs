//! Throughput of `POST /oauth2/v1/token` over loopback with a plain HTTP client (reqwest):
//! one iteration is one token request, by `client_secret_basic` and by `private_key_jwt`
//! (an RS256 assertion signed per request with a TEST-ONLY fixture key).
//!
//! `cargo bench -p oin-fake-org --bench token`

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use oin_fake_org::{FakeOrg, FakeOrgConfig, Install, RateLimits};
use serde_json::{Value, json};

fn main() {
    divan::main();
}

struct Bench {
    runtime: tokio::runtime::Runtime,
    http: reqwest::Client,
    org: FakeOrg,
}

fn setup() -> Bench {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let config = FakeOrgConfig {
        rate_limits: RateLimits::off(),
        ..FakeOrgConfig::default()
    };
    let org = runtime
        .block_on(FakeOrg::start(config))
        .expect("the org starts");
    Bench {
        runtime,
        http: reqwest::Client::new(),
        org,
    }
}

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/keys")
        .join(name)
}

#[divan::bench(sample_count = 30, sample_size = 10)]
fn client_secret_basic(bencher: divan::Bencher<'_, '_>) {
    let bench = setup();
    let installed = bench
        .org
        .admin()
        .install(Install::client_secret(
            "okta.users.read".parse().expect("scope"),
        ))
        .expect("install");
    let secret = installed.client_secret.expect("a secret");
    bencher.bench_local(|| {
        bench.runtime.block_on(async {
            let response = bench
                .http
                .post(bench.org.token_url())
                .basic_auth(&installed.client_id, Some(secret.expose()))
                .form(&[
                    ("grant_type", "client_credentials"),
                    ("scope", "okta.users.read"),
                ])
                .send()
                .await
                .expect("a response");
            assert_eq!(response.status(), 200);
            response.bytes().await.expect("a body")
        })
    });
}

#[divan::bench(sample_count = 30, sample_size = 10)]
fn private_key_jwt(bencher: divan::Bencher<'_, '_>) {
    let bench = setup();
    let jwk: Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("fake-org-test-rsa-1.jwk.json")).expect("jwk"),
    )
    .expect("json");
    let installed = bench
        .org
        .admin()
        .install(Install::private_key_jwt(
            json!({ "keys": [jwk] }),
            "okta.users.read".parse().expect("scope"),
        ))
        .expect("install");
    let key =
        EncodingKey::from_rsa_pem(&std::fs::read(fixture("fake-org-test-rsa-1.pem")).expect("pem"))
            .expect("key");
    let token_url = bench.org.token_url();
    let mut counter = 0_u64;
    bencher.bench_local(|| {
        counter += 1;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("time")
            .as_secs();
        let claims = json!({
            "iss": installed.client_id, "sub": installed.client_id, "aud": token_url,
            "iat": now, "exp": now + 300, "jti": format!("bench-{counter}"),
        });
        let jwt =
            jsonwebtoken::encode(&Header::new(Algorithm::RS256), &claims, &key).expect("sign");
        bench.runtime.block_on(async {
            let response = bench
                .http
                .post(&token_url)
                .form(&[
                    ("grant_type", "client_credentials"),
                    ("scope", "okta.users.read"),
                    (
                        "client_assertion_type",
                        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                    ),
                    ("client_assertion", &jwt),
                ])
                .send()
                .await
                .expect("a response");
            assert_eq!(response.status(), 200);
            response.bytes().await.expect("a body")
        })
    });
}
