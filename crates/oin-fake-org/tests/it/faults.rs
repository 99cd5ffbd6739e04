//! Faults: each kind observed over HTTP, restricted to an operation, and the schedule
//! deterministic under the seed.

use std::time::Duration;

use oin_fake_org::{FakeOrgConfig, FaultKind, FaultRule, Faults, RateLimits};

use crate::support::{Env, api_error};

fn config(rules: Vec<FaultRule>, seed: u64) -> FakeOrgConfig {
    FakeOrgConfig {
        seed,
        faults: Faults { rules },
        rate_limits: RateLimits::off(),
        ..FakeOrgConfig::default()
    }
}

#[tokio::test]
async fn each_fault_kind_is_seen_by_a_client() {
    let cases = [
        (FaultKind::InternalError, Some((500, "E0000009"))),
        (FaultKind::Unavailable, Some((503, "E0000010"))),
        (FaultKind::RateLimitBurst(2), Some((429, "E0000047"))),
    ];
    for (kind, expected) in cases {
        let env = Env::with(config(
            vec![FaultRule::new(kind, 1.0).for_operation("listUsers")],
            7,
        ))
        .await;
        let token = env.bearer("okta.users.read okta.groups.read").await;
        let response = env.get(&token, "/api/v1/users").await;
        let (status, code) = expected.unwrap();
        assert_eq!(
            api_error(response).await,
            (status, code.to_owned()),
            "{kind:?}"
        );
        assert_eq!(
            env.get(&token, "/api/v1/groups").await.status(),
            200,
            "other operations are untouched"
        );
    }

    let env = Env::with(config(
        vec![FaultRule::new(FaultKind::Malformed, 1.0).for_operation("listUsers")],
        7,
    ))
    .await;
    let token = env.bearer("okta.users.read").await;
    let response = env.get(&token, "/api/v1/users").await;
    assert_eq!(response.status(), 200);
    assert!(
        response.json::<serde_json::Value>().await.is_err(),
        "malformed JSON"
    );

    for kind in [FaultKind::Truncated, FaultKind::Reset] {
        let env = Env::with(config(
            vec![FaultRule::new(kind, 1.0).for_operation("listUsers")],
            7,
        ))
        .await;
        let token = env.bearer("okta.users.read").await;
        let sent = env
            .http
            .get(env.url("/api/v1/users"))
            .bearer_auth(&token)
            .send()
            .await;
        match kind {
            FaultKind::Reset => assert!(sent.is_err(), "a reset sends no response at all"),
            _ => {
                let response = sent.expect("a truncated response has a head");
                assert_eq!(response.status(), 200);
                assert!(response.bytes().await.is_err(), "the body breaks off");
            }
        }
    }

    let env = Env::with(config(
        vec![FaultRule::new(
            FaultKind::Latency(Duration::from_millis(50)),
            1.0,
        )],
        7,
    ))
    .await;
    let token = env.bearer("okta.users.read").await;
    assert_eq!(
        env.get(&token, "/api/v1/users").await.status(),
        200,
        "latency only delays"
    );
}

#[tokio::test]
async fn the_token_endpoint_can_fail_too() {
    let env = Env::with(config(
        vec![FaultRule::new(FaultKind::Unavailable, 1.0).for_operation("token")],
        3,
    ))
    .await;
    let (id, secret) = env.install_secret("okta.users.read");
    assert_eq!(
        env.token_basic(&id, &secret, "okta.users.read")
            .await
            .status(),
        503
    );
}

async fn schedule(seed: u64) -> Vec<u16> {
    let env = Env::with(config(
        vec![FaultRule::new(FaultKind::InternalError, 0.3).for_operation("listGroups")],
        seed,
    ))
    .await;
    let token = env.bearer("okta.groups.read").await;
    let mut statuses = Vec::new();
    for _ in 0..40 {
        statuses.push(env.get(&token, "/api/v1/groups").await.status().as_u16());
    }
    statuses
}

#[tokio::test]
async fn a_share_of_calls_fails_the_same_way_under_the_same_seed() {
    let first = schedule(11).await;
    assert_eq!(first, schedule(11).await);
    let failures = first.iter().filter(|status| **status == 500).count();
    assert!((4..=20).contains(&failures), "about 30% of 40: {failures}");
    assert_ne!(first, schedule(12).await, "another seed, another schedule");
}

#[tokio::test]
async fn at_most_fails_exactly_the_first_calls_and_bursts_reset_soon() {
    let rules = vec![
        FaultRule::new(FaultKind::Unavailable, 1.0)
            .for_operation("listGroups")
            .at_most(2),
        FaultRule::new(FaultKind::RateLimitBurst(3), 1.0)
            .for_operation("listUsers")
            .at_most(1),
    ];
    let env = Env::with(config(rules, 5)).await;
    let token = env.bearer("okta.groups.read okta.users.read").await;
    let mut groups = Vec::new();
    for _ in 0..4 {
        groups.push(env.get(&token, "/api/v1/groups").await.status().as_u16());
    }
    assert_eq!(groups, [503, 503, 200, 200]);
    let mut users = Vec::new();
    for _ in 0..5 {
        let response = env.get(&token, "/api/v1/users").await;
        if response.status() == 429 {
            let reset: i64 = response.headers()["x-rate-limit-reset"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            assert!(
                reset <= crate::support::now() + 2,
                "an injected 429 resets within a second or two"
            );
        }
        users.push(response.status().as_u16());
    }
    assert_eq!(users, [429, 429, 429, 200, 200], "one burst of three");
}
