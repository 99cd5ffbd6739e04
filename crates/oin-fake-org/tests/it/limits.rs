//! Rate limits: headers on every response, 429 with E0000047 when a bucket is exhausted,
//! the window reset, and the limits turned off.

use std::time::Duration;

use oin_fake_org::{Bucket, FakeOrgConfig, RateLimits};

use crate::support::{Env, api_error};

fn header(response: &reqwest::Response, name: &str) -> i64 {
    let values: Vec<_> = response.headers().get_all(name).iter().collect();
    assert_eq!(values.len(), 1, "{name} once");
    values[0].to_str().unwrap().parse().unwrap()
}

#[tokio::test]
async fn a_bucket_runs_out_answers_429_and_resets_after_its_window() {
    let mut limits = RateLimits {
        per_client_percent: None,
        ..RateLimits::default()
    };
    limits.buckets.insert(0, Bucket::new("/api/v1/users", 3));
    let env = Env::with(FakeOrgConfig {
        rate_limits: limits,
        ..FakeOrgConfig::default()
    })
    .await;
    let token = env.bearer("okta.users.read okta.groups.read").await;
    for remaining in [2, 1, 0] {
        let response = env.get(&token, "/api/v1/users?limit=1").await;
        assert_eq!(response.status(), 200);
        assert_eq!(header(&response, "x-rate-limit-limit"), 3);
        assert_eq!(header(&response, "x-rate-limit-remaining"), remaining);
        let reset = header(&response, "x-rate-limit-reset");
        assert!(reset > crate::support::now() && reset <= crate::support::now() + 61);
    }
    let limited = env.get(&token, "/api/v1/users?limit=1").await;
    assert_eq!(header(&limited, "x-rate-limit-remaining"), 0);
    assert_eq!(api_error(limited).await, (429, "E0000047".to_owned()));
    let last = env.org.admin().journal().pop().expect("journaled");
    assert_eq!(
        (last.operation_id, last.status),
        (Some("listUsers"), 429),
        "a limited call is journaled too"
    );
    assert_eq!(
        env.get(&token, "/api/v1/groups").await.status(),
        200,
        "other buckets are separate"
    );

    env.org.admin().advance_clock(Duration::from_secs(61));
    assert_eq!(
        env.get(&token, "/api/v1/users?limit=1").await.status(),
        200,
        "a new window"
    );
}

#[tokio::test]
async fn limits_off_still_send_headers() {
    let mut limits = RateLimits::off();
    limits.buckets.insert(0, Bucket::new("/api/v1/users", 1));
    let env = Env::with(FakeOrgConfig {
        rate_limits: limits,
        ..FakeOrgConfig::default()
    })
    .await;
    let token = env.bearer("okta.users.read").await;
    for _ in 0..3 {
        let response = env.get(&token, "/api/v1/users?limit=1").await;
        assert_eq!(response.status(), 200);
        assert_eq!(header(&response, "x-rate-limit-limit"), 1);
    }
}

#[tokio::test]
async fn the_concurrency_limit_rejects_requests_beyond_it() {
    let limits = RateLimits {
        concurrency: Some(0),
        ..RateLimits::default()
    };
    let env = Env::with(FakeOrgConfig {
        rate_limits: limits,
        ..FakeOrgConfig::default()
    })
    .await;
    let response = env.http.get(env.url("/api/v1/users")).send().await.unwrap();
    assert_eq!(header(&response, "x-rate-limit-remaining"), 0);
    assert_eq!(api_error(response).await, (429, "E0000047".to_owned()));
}

#[tokio::test]
async fn each_client_gets_its_share_of_a_bucket() {
    let mut limits = RateLimits::default();
    limits.buckets.insert(0, Bucket::new("/api/v1/logs", 4));
    let env = Env::with(FakeOrgConfig {
        rate_limits: limits,
        ..FakeOrgConfig::default()
    })
    .await;
    let (first, second) = (
        env.bearer("okta.logs.read").await,
        env.bearer("okta.logs.read").await,
    );
    for remaining in [1, 0] {
        let response = env.get(&first, "/api/v1/logs").await;
        assert_eq!(response.status(), 200);
        assert_eq!(
            header(&response, "x-rate-limit-limit"),
            2,
            "half of the bucket"
        );
        assert_eq!(header(&response, "x-rate-limit-remaining"), remaining);
    }
    assert_eq!(
        api_error(env.get(&first, "/api/v1/logs").await).await,
        (429, "E0000047".to_owned())
    );
    let other = env.get(&second, "/api/v1/logs").await;
    assert_eq!(other.status(), 200, "another client still has its share");
    assert_eq!(header(&other, "x-rate-limit-remaining"), 1);
    assert_eq!(env.get(&second, "/api/v1/logs").await.status(), 200);
    let third = env.bearer("okta.logs.read").await;
    let bucket_empty = env.get(&third, "/api/v1/logs").await;
    assert_eq!(
        api_error(bucket_empty).await,
        (429, "E0000047".to_owned()),
        "the shares of two clients used up the bucket"
    );
}
