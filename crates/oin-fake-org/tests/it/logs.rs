//! The System Log: bounded queries to the end, polling with a `next` link that is always
//! there and finds events appended later, order, `filter`, `q`, and millions of events
//! served without holding them.

use std::time::Duration;

use oin_fake_org::{DataSizes, FakeOrgConfig, RateLimits};
use serde_json::Value;

use crate::support::Env;

fn config(events: u64) -> FakeOrgConfig {
    FakeOrgConfig {
        data: DataSizes {
            log_events: events,
            ..DataSizes::default()
        },
        rate_limits: RateLimits::off(),
        ..FakeOrgConfig::default()
    }
}

fn next_link(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("link")
        .iter()
        .map(|value| value.to_str().unwrap())
        .find(|link| link.ends_with("rel=\"next\""))
        .map(|link| link[1..link.find('>').unwrap()].to_owned())
}

async fn page(env: &Env, token: &str, url: &str) -> (Vec<Value>, Option<String>) {
    let response = env.get(token, url).await;
    assert_eq!(response.status(), 200, "{url}");
    let next = next_link(&response);
    (response.json().await.unwrap(), next)
}

#[tokio::test]
async fn polling_always_has_a_next_link_and_finds_appended_events() {
    let env = Env::with(config(250)).await;
    let token = env.bearer("okta.logs.read").await;
    let mut url = env.url("/api/v1/logs?limit=100&sortOrder=ASCENDING");
    let mut seen = Vec::new();
    loop {
        let (events, next) = page(&env, &token, &url).await;
        url = next.expect("a polling query always has a next link");
        if events.is_empty() {
            break;
        }
        seen.extend(events);
    }
    assert_eq!(seen.len(), 250);
    let published: Vec<&str> = seen
        .iter()
        .map(|event| event["published"].as_str().unwrap())
        .collect();
    assert!(
        published.windows(2).all(|pair| pair[0] <= pair[1]),
        "ascending"
    );
    let first = &seen[0];
    for field in [
        "uuid",
        "published",
        "eventType",
        "displayMessage",
        "severity",
        "version",
    ] {
        assert!(first[field].is_string(), "{field}");
    }
    assert!(
        first["actor"]["id"].is_string()
            && first["client"]["ipAddress"].is_string()
            && first["outcome"]["result"].is_string()
    );
    assert!(first["target"].is_array());

    let (empty, again) = page(&env, &token, &url).await;
    assert!(empty.is_empty());
    env.org.admin().advance_clock(Duration::from_secs(30));
    env.org.admin().append_log_events(7);
    let (fresh, _) = page(&env, &token, &again.unwrap()).await;
    assert_eq!(fresh.len(), 7, "the same cursor finds the new events");
    let uuids: std::collections::BTreeSet<&str> = seen
        .iter()
        .chain(&fresh)
        .map(|event| event["uuid"].as_str().unwrap())
        .collect();
    assert_eq!(uuids.len(), 257, "no event twice");
}

#[tokio::test]
async fn bounded_queries_end_and_descending_order_reverses() {
    let env = Env::with(config(120)).await;
    let token = env.bearer("okta.logs.read").await;
    let since = crate::support::days_ago(2);
    let since = since.as_str();
    let until = "2999-01-01T00:00:00.000Z";
    let mut url = Some(env.url(&format!(
        "/api/v1/logs?since={since}&until={until}&limit=50"
    )));
    let mut count = 0;
    while let Some(current) = url.take() {
        let (events, next) = page(&env, &token, &current).await;
        count += events.len();
        url = next;
    }
    assert_eq!(count, 120, "a bounded query's last page has no next link");

    let (ascending, _) = page(
        &env,
        &token,
        &env.url(&format!(
            "/api/v1/logs?since={since}&until={until}&limit=1000"
        )),
    )
    .await;
    let (descending, _) = page(
        &env,
        &token,
        &env.url(&format!(
            "/api/v1/logs?since={since}&until={until}&limit=1000&sortOrder=DESCENDING"
        )),
    )
    .await;
    let mut reversed = descending.clone();
    reversed.reverse();
    assert_eq!(ascending, reversed);
    let (limited, _) = page(&env, &token, &env.url("/api/v1/logs?limit=5000")).await;
    assert_eq!(
        limited.len(),
        120,
        "limit is capped at 1000, here all events"
    );
}

#[tokio::test]
async fn filter_and_q_select_events() {
    let env = Env::with(config(400)).await;
    let token = env.bearer("okta.logs.read").await;
    let (all, _) = page(&env, &token, &env.url("/api/v1/logs?limit=1000")).await;
    let expected = all
        .iter()
        .filter(|event| event["eventType"] == "user.session.start")
        .count();
    assert!(expected > 0);
    let (filtered, _) = page(
        &env,
        &token,
        &env.url("/api/v1/logs?limit=1000&filter=eventType%20eq%20%22user.session.start%22"),
    )
    .await;
    assert_eq!(filtered.len(), expected);
    let failures = all
        .iter()
        .filter(|event| event["outcome"]["result"] == "FAILURE")
        .count();
    let (failed, _) = page(
        &env,
        &token,
        &env.url("/api/v1/logs?limit=1000&filter=outcome.result%20eq%20%22FAILURE%22"),
    )
    .await;
    assert_eq!(failed.len(), failures);
    let (tokyo, _) = page(&env, &token, &env.url("/api/v1/logs?limit=1000&q=Tokyo")).await;
    assert!(
        !tokyo.is_empty()
            && tokyo
                .iter()
                .all(|event| event.to_string().contains("Tokyo"))
    );
    let bad = env
        .get(&token, "/api/v1/logs?filter=eventType%20~%20x")
        .await;
    assert_eq!(
        crate::support::api_error(bad).await,
        (400, "E0000053".to_owned())
    );
}

#[tokio::test]
async fn millions_of_events_are_served_without_holding_them() {
    let env = Env::with(config(5_000_000)).await;
    assert_eq!(env.org.admin().log_event_count(), 5_000_000);
    let token = env.bearer("okta.logs.read").await;
    let (newest, next) = page(
        &env,
        &token,
        &env.url(&format!(
            "/api/v1/logs?limit=1000&sortOrder=DESCENDING&since={}",
            crate::support::days_ago(2)
        )),
    )
    .await;
    assert_eq!(newest.len(), 1000);
    assert!(next.is_some());
    let (again, _) = page(
        &env,
        &token,
        &env.url(&format!(
            "/api/v1/logs?limit=1000&sortOrder=DESCENDING&since={}",
            crate::support::days_ago(2)
        )),
    )
    .await;
    assert_eq!(newest, again, "deterministic");
}

#[tokio::test]
async fn the_same_seed_gives_the_same_org() {
    let (a, b) = (Env::with(config(30)).await, Env::with(config(30)).await);
    let mut bodies = Vec::new();
    for env in [&a, &b] {
        let token = env.bearer("okta.logs.read okta.users.read").await;
        let (users, _) = page(env, &token, &env.url("/api/v1/users")).await;
        let (logs, _) = page(
            env,
            &token,
            &env.url(&format!(
                "/api/v1/logs?since={}",
                crate::support::days_ago(2)
            )),
        )
        .await;
        let strip = |events: Vec<Value>| {
            events
                .into_iter()
                .map(|mut event| {
                    event["published"] = Value::Null;
                    event["debugContext"] = Value::Null;
                    event
                })
                .collect::<Vec<_>>()
        };
        let users: Vec<Value> = users
            .into_iter()
            .map(|mut user| {
                user.as_object_mut()
                    .unwrap()
                    .retain(|key, _| key == "id" || key == "profile" || key == "status");
                user
            })
            .collect();
        bodies.push((users, strip(logs)));
    }
    assert!(
        bodies[0] == bodies[1],
        "same seed, same users and events (publication times and URLs aside)"
    );
    assert_eq!(bodies[0].1.len(), 30);
}

#[tokio::test]
async fn since_reaches_back_180_days_at_most() {
    let env = Env::with(config(10)).await;
    let token = env.bearer("okta.logs.read").await;
    let old = env
        .get(
            &token,
            &format!("/api/v1/logs?since={}", crate::support::days_ago(181)),
        )
        .await;
    assert_eq!(
        crate::support::api_error(old).await,
        (400, "E0000053".to_owned())
    );
    let recent = env
        .get(
            &token,
            &format!("/api/v1/logs?since={}", crate::support::days_ago(179)),
        )
        .await;
    assert_eq!(recent.status(), 200);
}
