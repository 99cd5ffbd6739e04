//! Throughput of `GET /api/v1/logs` with 1000 events per page, served over loopback to a
//! plain HTTP client (reqwest), following the `next` links of a polling query through a
//! System Log of a million events. One iteration is one page; pages per second is the
//! inverse of the time per iteration.
//!
//! `cargo bench -p oin-fake-org --bench logs`

use divan::counter::ItemsCount;
use oin_fake_org::{DataSizes, FakeOrg, FakeOrgConfig, Install, RateLimits};
use serde_json::Value;

fn main() {
    divan::main();
}

struct Bench {
    runtime: tokio::runtime::Runtime,
    http: reqwest::Client,
    token: String,
    first: String,
    _org: FakeOrg,
}

fn setup() -> Bench {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let config = FakeOrgConfig {
        data: DataSizes {
            log_events: 1_000_000,
            ..DataSizes::default()
        },
        rate_limits: RateLimits::off(),
        ..FakeOrgConfig::default()
    };
    let (org, http, token) = runtime.block_on(async {
        let org = FakeOrg::start(config).await.expect("the org starts");
        let installed = org
            .admin()
            .install(Install::client_secret(
                "okta.logs.read".parse().expect("scope"),
            ))
            .expect("install");
        let http = reqwest::Client::new();
        let body: Value = http
            .post(org.token_url())
            .basic_auth(
                &installed.client_id,
                installed.client_secret.as_ref().map(|s| s.expose()),
            )
            .form(&[
                ("grant_type", "client_credentials"),
                ("scope", "okta.logs.read"),
            ])
            .send()
            .await
            .expect("token")
            .json()
            .await
            .expect("token json");
        (
            org,
            http,
            body["access_token"].as_str().expect("a token").to_owned(),
        )
    });
    let first = format!("{}/api/v1/logs?sortOrder=ASCENDING&limit=1000", org.url());
    Bench {
        runtime,
        http,
        token,
        first,
        _org: org,
    }
}

#[divan::bench(sample_count = 30, sample_size = 5)]
fn log_pages_of_1000(bencher: divan::Bencher<'_, '_>) {
    let bench = setup();
    let mut next = bench.first.clone();
    bencher
        .counter(ItemsCount::new(1000_usize))
        .bench_local(|| {
            bench.runtime.block_on(async {
                let response = bench
                    .http
                    .get(&next)
                    .bearer_auth(&bench.token)
                    .send()
                    .await
                    .expect("a page");
                let link = response
                    .headers()
                    .get_all("link")
                    .iter()
                    .filter_map(|value| value.to_str().ok())
                    .find(|link| link.ends_with("rel=\"next\""))
                    .map(|link| link[1..link.find('>').unwrap_or(1)].to_owned());
                let body = response.bytes().await.expect("a body");
                // At the end of the log a polling query answers empty pages: start over.
                next = match link {
                    Some(link) if body.len() > 1000 => link,
                    _ => bench.first.clone(),
                };
            });
        });
}
