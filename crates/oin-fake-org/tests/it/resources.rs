//! The management API: routing of catalog operations, token checks, scope enforcement
//! across tags, the admin API token, users and groups with pagination, and the journal.

use oin_fake_org::CallerKind;
use oin_scopes::{Catalog, ScopeSet};
use serde_json::{Value, json};

use crate::support::{Env, api_error, set};

/// (method, path, the scope a token needs) over several tags.
const SAMPLE: &[(&str, &str, &str)] = &[
    ("GET", "/api/v1/users", "okta.users.read"),
    ("GET", "/api/v1/groups", "okta.groups.read"),
    ("GET", "/api/v1/apps", "okta.apps.read"),
    ("GET", "/api/v1/logs", "okta.logs.read"),
    ("GET", "/api/v1/users/00u1/risk", "okta.userRisk.read"),
    (
        "GET",
        "/integrations/api/v1/api-services",
        "okta.oauthIntegrations.read",
    ),
    (
        "GET",
        "/api/v1/authorizationServers",
        "okta.authorizationServers.read",
    ),
    (
        "GET",
        "/api/v1/policies?type=OKTA_SIGN_ON",
        "okta.policies.read",
    ),
    (
        "POST",
        "/api/v1/users/00u1/lifecycle/deactivate",
        "okta.users.manage",
    ),
    ("GET", "/api/v1/iam/roles", "okta.roles.read"),
];

#[tokio::test]
async fn every_sampled_operation_enforces_its_scope() {
    let env = Env::start().await;
    let unrelated = env.bearer("okta.schemas.read").await;
    for (method, path, scope) in SAMPLE {
        let operation = Catalog::get()
            .resolve(method.parse().unwrap(), path)
            .expect("in the catalog");
        assert!(
            operation.scopes().iter().any(|s| s.as_str() == *scope),
            "{path} needs {scope}"
        );
        let request = env
            .http
            .request(method.parse().unwrap(), env.url(path))
            .bearer_auth(&unrelated);
        let response = request.send().await.unwrap();
        let challenge = response.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            challenge.contains("error=\"insufficient_scope\"")
                && challenge.contains(&format!("scope=\"{scope}\"")),
            "{path}: {challenge}"
        );
        assert_eq!(
            api_error(response).await,
            (403, "E0000006".to_owned()),
            "{path}"
        );

        let allowed = env.bearer(scope).await;
        let response = env
            .http
            .request(method.parse().unwrap(), env.url(path))
            .bearer_auth(&allowed)
            .send()
            .await
            .unwrap();
        assert_ne!(response.status(), 403, "{path} with {scope}");
        assert_ne!(response.status(), 401, "{path} with {scope}");
    }
}

#[tokio::test]
async fn routing_and_token_failures_use_okta_error_objects() {
    let env = Env::start().await;
    let token = env
        .bearer("okta.users.read okta.authorizationServers.read")
        .await;
    let cases: Vec<(&str, reqwest::RequestBuilder, u16, &str)> = vec![
        (
            "unknown path",
            env.http
                .get(env.url("/api/v1/unicorns"))
                .bearer_auth(&token),
            404,
            "E0000007",
        ),
        (
            "wrong method",
            env.http.patch(env.url("/api/v1/logs")).bearer_auth(&token),
            405,
            "E0000022",
        ),
        (
            "no token",
            env.http.get(env.url("/api/v1/users")),
            401,
            "E0000011",
        ),
        (
            "unknown token",
            env.http.get(env.url("/api/v1/users")).bearer_auth("nope"),
            401,
            "E0000011",
        ),
        (
            "wrong admin token",
            env.http
                .get(env.url("/api/v1/users"))
                .header("authorization", "SSWS nope"),
            401,
            "E0000011",
        ),
        (
            "no behaviour",
            env.http
                .get(env.url("/api/v1/authorizationServers"))
                .bearer_auth(&token),
            501,
            "E0000060",
        ),
        (
            "unknown user",
            env.http
                .get(env.url("/api/v1/users/00unobody"))
                .bearer_auth(&token),
            404,
            "E0000007",
        ),
    ];
    for (name, request, status, code) in cases {
        let response = request.send().await.unwrap();
        assert!(
            response.headers().contains_key("x-okta-request-id"),
            "{name}"
        );
        assert_eq!(
            api_error(response).await,
            (status, code.to_owned()),
            "{name}"
        );
    }
    let admin = env
        .http
        .get(env.url("/api/v1/users?limit=1"))
        .header(
            "authorization",
            format!("SSWS {}", env.org.admin_token().expose()),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(admin.status(), 200);
}

/// Follows `rel="next"` links to the end, checking each page's size and the links.
async fn collect(env: &Env, token: &str, first: &str, page_size: usize) -> Vec<Value> {
    let mut items = Vec::new();
    let mut next = Some(env.url(first));
    let mut pages = 0;
    while let Some(url) = next.take() {
        let response = env.get(token, &url).await;
        assert_eq!(response.status(), 200, "{url}");
        let links: Vec<String> = response
            .headers()
            .get_all("link")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        assert!(
            links.iter().any(|link| link.ends_with("rel=\"self\"")),
            "{links:?}"
        );
        next = links
            .iter()
            .find(|link| link.ends_with("rel=\"next\""))
            .map(|link| link[1..link.find('>').unwrap()].to_owned());
        if let Some(next) = &next {
            assert!(next.starts_with(env.org.url()), "absolute links: {next}");
        }
        let page: Vec<Value> = response.json().await.unwrap();
        assert!(page.len() <= page_size);
        items.extend(page);
        pages += 1;
        assert!(pages < 1000, "pagination ends");
    }
    items
}

#[tokio::test]
async fn users_and_groups_paginate_to_the_end() {
    let env = Env::start().await;
    let token = env.bearer("okta.users.read okta.groups.read").await;
    let users = collect(&env, &token, "/api/v1/users?limit=7", 7).await;
    let ssws = format!("SSWS {}", env.org.admin_token().expose());
    let everyone: Vec<Value> = env
        .http
        .get(env.url("/api/v1/users?filter=status%20pr"))
        .header("authorization", &ssws)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let deprovisioned = everyone
        .iter()
        .filter(|user| user["status"] == "DEPROVISIONED")
        .count();
    assert_eq!(everyone.len(), 50);
    assert_eq!(
        users.len(),
        50 - deprovisioned,
        "the default listing hides deprovisioned users"
    );
    let mut ids: Vec<&str> = users
        .iter()
        .map(|user| user["id"].as_str().unwrap())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), users.len(), "no user twice");
    assert!(
        users.iter().all(|user| user["profile"]["login"].is_string()
            && user["_links"]["self"]["href"].is_string())
    );

    let groups = collect(&env, &token, "/api/v1/groups?limit=3", 3).await;
    assert_eq!(groups.len(), 10);
    let group_id = groups[0]["id"].as_str().unwrap();
    let members = collect(
        &env,
        &token,
        &format!("/api/v1/groups/{group_id}/users?limit=2"),
        2,
    )
    .await;
    assert!(!members.is_empty());

    let active = collect(
        &env,
        &token,
        "/api/v1/users?search=status%20eq%20%22ACTIVE%22&limit=5",
        5,
    )
    .await;
    let first_name = users[0]["profile"]["firstName"]
        .as_str()
        .unwrap()
        .to_owned();
    let prefix = first_name[..3].to_lowercase();
    let found = collect(&env, &token, &format!("/api/v1/users?q={prefix}"), 10).await;
    assert!(!found.is_empty());
    assert!(found.iter().all(|user| {
        ["firstName", "lastName", "email", "login"]
            .iter()
            .any(|field| {
                user["profile"][field]
                    .as_str()
                    .is_some_and(|value| value.to_lowercase().starts_with(&prefix))
            })
    }));
    assert!(!active.is_empty() && active.iter().all(|user| user["status"] == "ACTIVE"));
}

#[tokio::test]
async fn users_are_created_updated_and_deactivated() {
    let env = Env::start().await;
    let token = env.bearer("okta.users.manage okta.groups.manage").await;
    let profile = json!({"profile": {"firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.com", "login": "ada@example.com"}});
    let created: Value = env
        .http
        .post(env.url("/api/v1/users?activate=true"))
        .bearer_auth(&token)
        .json(&profile)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(created["status"], "ACTIVE");
    let duplicate = env
        .http
        .post(env.url("/api/v1/users"))
        .bearer_auth(&token)
        .json(&profile)
        .send()
        .await
        .unwrap();
    assert_eq!(api_error(duplicate).await, (400, "E0000001".to_owned()));

    let updated: Value = env
        .http
        .post(env.url(&format!("/api/v1/users/{id}")))
        .bearer_auth(&token)
        .json(&json!({"profile": {"lastName": "King"}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            updated["profile"]["lastName"].as_str(),
            updated["profile"]["firstName"].as_str()
        ),
        (Some("King"), Some("Ada"))
    );
    let by_login: Value = env
        .get(&token, "/api/v1/users/ada@example.com")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(by_login["id"], id.as_str());

    let deactivate = env
        .http
        .post(env.url(&format!("/api/v1/users/{id}/lifecycle/deactivate")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(deactivate.status(), 200);
    let user: Value = env
        .get(&token, &format!("/api/v1/users/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(user["status"], "DEPROVISIONED");
    let again = env
        .http
        .post(env.url(&format!("/api/v1/users/{id}/lifecycle/suspend")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(api_error(again).await, (403, "E0000038".to_owned()));

    let group: Value = env
        .http
        .post(env.url("/api/v1/groups"))
        .bearer_auth(&token)
        .json(&json!({"profile": {"name": "Analysts"}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let group_id = group["id"].as_str().unwrap();
    let put = env
        .http
        .put(env.url(&format!("/api/v1/groups/{group_id}/users/{id}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 204);
    let members: Vec<Value> = env
        .get(&token, &format!("/api/v1/groups/{group_id}/users"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(members.len(), 1);
    assert_eq!(members[0]["id"], id.as_str());
}

#[tokio::test]
async fn user_risk_is_read_and_set() {
    let env = Env::start().await;
    let token = env.bearer("okta.userRisk.manage okta.users.read").await;
    let users: Vec<Value> = env
        .get(&token, "/api/v1/users?limit=1")
        .await
        .json()
        .await
        .unwrap();
    let path = format!("/api/v1/users/{}/risk", users[0]["id"].as_str().unwrap());
    let before: Value = env.get(&token, &path).await.json().await.unwrap();
    assert_eq!(before["riskLevel"], "NONE");
    let put = env
        .http
        .put(env.url(&path))
        .bearer_auth(&token)
        .json(&json!({"riskLevel": "HIGH", "riskReason": "impossible travel"}))
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 200);
    let after: Value = env.get(&token, &path).await.json().await.unwrap();
    assert_eq!(after["riskLevel"], "HIGH");
}

#[tokio::test]
async fn the_journal_records_operation_scopes_and_status() {
    let env = Env::start().await;
    let installed = env
        .org
        .admin()
        .install(oin_fake_org::Install::client_secret(set("okta.users.read")))
        .unwrap();
    let secret = installed.client_secret.unwrap();
    let body: Value = env
        .token_basic(&installed.client_id, secret.expose(), "okta.users.read")
        .await
        .json()
        .await
        .unwrap();
    let token = body["access_token"].as_str().unwrap();
    env.get(token, "/api/v1/users?limit=2").await;
    env.get(token, "/api/v1/logs").await;
    env.get(token, "/api/v1/nothing-here").await;

    let journal = env.org.admin().journal();
    let calls: Vec<(Option<&str>, u16)> = journal
        .iter()
        .map(|entry| (entry.operation_id, entry.status))
        .collect();
    assert_eq!(
        calls,
        vec![
            (Some("listUsers"), 200),
            (Some("listLogEvents"), 403),
            (None, 404)
        ]
    );
    let logs = &journal[1];
    assert_eq!(
        logs.client_id.as_deref(),
        Some(installed.client_id.as_str())
    );
    assert_eq!(logs.caller, CallerKind::Bearer);
    assert_eq!(
        logs.scopes_had.as_ref().map(ToString::to_string).as_deref(),
        Some("okta.users.read")
    );
    assert_eq!(logs.scopes_needed.to_string(), "okta.logs.read");
    let ndjson = env.org.admin().journal_ndjson();
    assert_eq!(ndjson.lines().count(), 3);
    let first: Value = serde_json::from_str(ndjson.lines().next().unwrap()).unwrap();
    assert_eq!(first["operation_id"], "listUsers");
    assert!(!ndjson.contains(token), "the journal never holds tokens");
}

#[tokio::test]
async fn debug_output_never_shows_a_secret() {
    let env = Env::start().await;
    let installed = env
        .org
        .admin()
        .install(oin_fake_org::Install::client_secret(set("okta.users.read")))
        .unwrap();
    let secret = installed.client_secret.clone().unwrap();
    let body: Value = env
        .token_basic(&installed.client_id, secret.expose(), "okta.users.read")
        .await
        .json()
        .await
        .unwrap();
    let token = body["access_token"].as_str().unwrap();
    let debug = format!("{:?} {:?} {:?}", env.org, installed, env.org.admin());
    for value in [secret.expose(), token, env.org.admin_token().expose()] {
        assert!(!debug.contains(value), "a secret in Debug output");
    }
    assert!(debug.contains("Secret([redacted])"));
}

/// A request path for a template: each `{param}` replaced by a value no literal segment has.
fn concrete(template: &str) -> String {
    template
        .split('/')
        .map(|segment| {
            if segment.starts_with('{') {
                "p1x"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[tokio::test]
async fn every_catalog_operation_is_routed_and_enforces_its_scopes() {
    let env = Env::with(oin_fake_org::FakeOrgConfig {
        rate_limits: oin_fake_org::RateLimits::off(),
        ..oin_fake_org::FakeOrgConfig::default()
    })
    .await;
    let token = env.bearer("okta.logs.read").await;
    let granted = set("okta.logs.read");
    let catalog = Catalog::get();
    let mut checked = 0;
    for operation in catalog.operations() {
        let path = concrete(operation.path());
        if catalog.resolve(operation.method(), &path) != Some(operation) {
            continue; // a literal sibling wins for this concrete path
        }
        let method: reqwest::Method = operation.method().as_str().parse().unwrap();
        let response = env
            .http
            .request(method, env.url(&path))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let name = format!("{} {}", operation.method(), operation.path());
        assert_ne!(status, 405, "{name}");
        let auth = operation.auth();
        if !auth.api_token && !auth.oauth2 {
            assert!(
                status == 200 || status == 501,
                "{name}: open to anyone, got {status}"
            );
        } else if operation.scopes().is_empty() || granted.allows(operation) {
            assert_ne!(status, 403, "{name}");
        } else if operation.auth().oauth2 {
            assert_eq!(status, 403, "{name}");
            let challenge = response.headers()["www-authenticate"]
                .to_str()
                .unwrap()
                .to_owned();
            let missing =
                ScopeSet::from_iter(operation.scopes().iter().cloned()).missing_from(&granted);
            assert!(
                challenge.contains(&format!("scope=\"{missing}\"")),
                "{name}: {challenge}"
            );
        } else {
            assert_eq!(
                status, 401,
                "{name}: an API-token-only operation refuses OAuth tokens"
            );
        }
        let entry = env.org.admin().journal().pop().unwrap();
        assert_eq!(entry.operation_id, Some(operation.operation_id()), "{name}");
        checked += 1;
    }
    assert!(checked > 700, "only {checked} operations checked");
}

#[tokio::test]
async fn bad_input_gets_an_error_and_the_org_keeps_serving() {
    let env = Env::start().await;
    let token = env.bearer("okta.users.manage okta.logs.read").await;
    let token_url = env.org.token_url();
    let requests = vec![
        env.http
            .request(reqwest::Method::OPTIONS, env.url("/api/v1/users")),
        env.http
            .get(env.url("/api/v1/users/%zz%ff%00"))
            .bearer_auth(&token),
        env.http
            .get(env.url("/api/v1/logs?since=yesterday"))
            .bearer_auth(&token),
        env.http
            .get(env.url("/api/v1/logs?after=%%%"))
            .bearer_auth(&token),
        env.http
            .get(env.url("/api/v1/logs?limit=-5&sortOrder=SIDEWAYS"))
            .bearer_auth(&token),
        env.http
            .get(env.url("/api/v1/users?search=profile.x%20eq"))
            .bearer_auth(&token),
        env.http
            .post(env.url("/api/v1/users"))
            .bearer_auth(&token)
            .body("[1,2"),
        env.http
            .post(env.url("/api/v1/users"))
            .bearer_auth(&token)
            .json(&json!({"profile": 7})),
        env.http
            .get(env.url("/api/v1/users"))
            .header("authorization", "DPoP"),
        env.http
            .get(env.url("/api/v1/users"))
            .header("authorization", format!("DPoP {token}"))
            .header("dpop", "a.b.c"),
        env.http
            .post(&token_url)
            .body("grant_type=client_credentials&grant_type=x"),
        env.http
            .post(&token_url)
            .header("content-type", "application/json")
            .body("{}"),
        env.http.post(&token_url).form(&[
            ("client_assertion_type", crate::support::JWT_BEARER),
            ("client_assertion", "e30.e30.e30"),
        ]),
        env.http.get(&token_url),
    ];
    for request in requests {
        let response = request.send().await.expect("an answer");
        let status = response.status().as_u16();
        assert!((400..500).contains(&status), "{status}");
    }
    assert_eq!(env.get(&token, "/api/v1/users?limit=1").await.status(), 200);
}

#[test]
fn starting_outside_a_tokio_runtime_is_an_error_not_a_panic() {
    let started = futures::executor::block_on(oin_fake_org::FakeOrg::start(
        oin_fake_org::FakeOrgConfig::default(),
    ));
    let error = started.expect_err("no runtime");
    assert!(matches!(error, oin_fake_org::StartError::NoRuntime));
    assert!(error.to_string().contains("Tokio runtime"), "{error}");
}
