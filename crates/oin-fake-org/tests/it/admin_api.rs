//! Setting the org up over HTTP as one would a real org: OIN API service instances with
//! their secrets, and custom service apps with `private_key_jwt` and scope grants, all with
//! the admin API token.

use serde_json::{Value, json};

use crate::support::{Env, JWT_BEARER, api_error, assertion, public_jwk};

fn ssws(env: &Env) -> String {
    format!("SSWS {}", env.org.admin_token().expose())
}

#[tokio::test]
async fn api_service_instances_install_rotate_and_uninstall_over_http() {
    let env = Env::start().await;
    let auth = ssws(&env);
    let services = env.url("/integrations/api/v1/api-services");
    let created = env
        .http
        .post(&services)
        .header("authorization", &auth)
        .json(&json!({"type": "acme_reporting", "grantedScopes": ["okta.users.read", "okta.logs.read"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    let id = created["id"].as_str().unwrap().to_owned();
    let secret = created["clientSecret"].as_str().unwrap().to_owned();
    assert_eq!(
        created["grantedScopes"],
        json!(["okta.logs.read", "okta.users.read"])
    );
    assert!(
        created["_links"]["client"]["href"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/oauth2/v1/clients/{id}"))
    );
    assert_eq!(
        env.token_basic(&id, &secret, "okta.logs.read")
            .await
            .status(),
        200
    );

    let fetched: Value = env
        .http
        .get(format!("{services}/{id}"))
        .header("authorization", &auth)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        fetched.get("clientSecret").is_none(),
        "the secret is shown once"
    );
    let listed: Vec<Value> = env
        .http
        .get(&services)
        .header("authorization", &auth)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);

    let secrets_url = format!("{services}/{id}/credentials/secrets");
    let second: Value = env
        .http
        .post(&secrets_url)
        .header("authorization", &auth)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let second_secret = second["client_secret"].as_str().unwrap().to_owned();
    assert_eq!(second["status"], "ACTIVE");
    let third = env
        .http
        .post(&secrets_url)
        .header("authorization", &auth)
        .send()
        .await
        .unwrap();
    assert_eq!(api_error(third).await, (400, "E0000001".to_owned()));
    let secrets: Vec<Value> = env
        .http
        .get(&secrets_url)
        .header("authorization", &auth)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(secrets.len(), 2);
    assert!(
        secrets
            .iter()
            .all(|s| s["client_secret"].as_str().unwrap().starts_with("***"))
    );
    let first_id = secrets.iter().find(|s| s["id"] != second["id"]).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let active_delete = env
        .http
        .delete(format!("{secrets_url}/{first_id}"))
        .header("authorization", &auth)
        .send()
        .await
        .unwrap();
    assert_eq!(api_error(active_delete).await, (400, "E0000001".to_owned()));
    let deactivated: Value = env
        .http
        .post(format!("{secrets_url}/{first_id}/lifecycle/deactivate"))
        .header("authorization", &auth)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(deactivated["status"], "INACTIVE");
    assert_eq!(
        env.token_basic(&id, &secret, "okta.logs.read")
            .await
            .status(),
        401
    );
    assert_eq!(
        env.token_basic(&id, &second_secret, "okta.logs.read")
            .await
            .status(),
        200
    );
    let deleted = env
        .http
        .delete(format!("{secrets_url}/{first_id}"))
        .header("authorization", &auth)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);

    let uninstalled = env
        .http
        .delete(format!("{services}/{id}"))
        .header("authorization", &auth)
        .send()
        .await
        .unwrap();
    assert_eq!(uninstalled.status(), 204);
    assert_eq!(
        env.token_basic(&id, &second_secret, "okta.logs.read")
            .await
            .status(),
        401
    );
}

#[tokio::test]
async fn a_custom_service_app_gets_keys_and_grants_over_http() {
    let env = Env::start().await;
    let auth = ssws(&env);
    let app = json!({
        "name": "oidc_client",
        "label": "Reporting service",
        "signOnMode": "OPENID_CONNECT",
        "credentials": { "oauthClient": { "token_endpoint_auth_method": "private_key_jwt" } },
        "settings": { "oauthClient": {
            "application_type": "service",
            "grant_types": ["client_credentials"],
            "jwks": { "keys": [public_jwk("fake-org-test-rsa-1")] }
        } }
    });
    let created = env
        .http
        .post(env.url("/api/v1/apps"))
        .header("authorization", &auth)
        .json(&app)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 200);
    let created: Value = created.json().await.unwrap();
    let app_id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(
        created["credentials"]["oauthClient"]["client_id"],
        app_id.as_str()
    );

    let token_request = |scope: &'static str| {
        let jwt = assertion(&env, &app_id, "fake-org-test-rsa-1", |_, _| {});
        env.http
            .post(env.org.token_url())
            .form(&[
                ("grant_type", "client_credentials"),
                ("scope", scope),
                ("client_assertion_type", JWT_BEARER),
                ("client_assertion", &jwt),
            ])
            .send()
    };
    let (status, error, _) =
        crate::support::oauth_error(token_request("okta.users.read").await.unwrap()).await;
    assert_eq!(
        (status, error.as_str()),
        (400, "consent_required"),
        "no grant yet"
    );

    let grant = env
        .http
        .post(env.url(&format!("/api/v1/apps/{app_id}/grants")))
        .header("authorization", &auth)
        .json(&json!({"scopeId": "okta.users.read", "issuer": env.org.url()}))
        .send()
        .await
        .unwrap();
    assert_eq!(grant.status(), 201);
    let grant: Value = grant.json().await.unwrap();
    assert_eq!(
        token_request("okta.users.read").await.unwrap().status(),
        200
    );

    let grants: Vec<Value> = env
        .http
        .get(env.url(&format!("/api/v1/apps/{app_id}/grants")))
        .header("authorization", &auth)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(grants.len(), 1);
    let revoke = env
        .http
        .delete(env.url(&format!(
            "/api/v1/apps/{app_id}/grants/{}",
            grant["id"].as_str().unwrap()
        )))
        .header("authorization", &auth)
        .send()
        .await
        .unwrap();
    assert_eq!(revoke.status(), 204);
    assert_eq!(
        token_request("okta.users.read").await.unwrap().status(),
        400
    );
}

#[tokio::test]
async fn an_oauth_token_with_the_integration_scope_manages_instances_too() {
    let env = Env::start().await;
    let token = env.bearer("okta.oauthIntegrations.manage").await;
    let created = env
        .http
        .post(env.url("/integrations/api/v1/api-services"))
        .bearer_auth(&token)
        .json(&json!({"type": "other", "grantedScopes": ["okta.groups.read"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let bad = env
        .http
        .post(env.url("/integrations/api/v1/api-services"))
        .bearer_auth(&token)
        .json(&json!({"type": "other", "grantedScopes": ["okta.unicorns.read"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(api_error(bad).await, (400, "E0000001".to_owned()));
    let malformed = env
        .http
        .post(env.url("/integrations/api/v1/api-services"))
        .bearer_auth(&token)
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(api_error(malformed).await, (400, "E0000003".to_owned()));
}

#[tokio::test]
async fn a_service_app_installed_by_the_admin_handle_shows_its_grants_over_http() {
    let env = Env::start().await;
    let auth = ssws(&env);
    let installed = env
        .org
        .admin()
        .install(oin_fake_org::Install::private_key_jwt(
            json!({ "keys": [public_jwk("fake-org-test-ec-1")] }),
            crate::support::set("okta.users.read okta.logs.read"),
        ))
        .unwrap();
    let app_id = &installed.client_id;
    let app: Value = env
        .http
        .get(env.url(&format!("/api/v1/apps/{app_id}")))
        .header("authorization", &auth)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(app["signOnMode"], "OPENID_CONNECT");
    let grants_url = env.url(&format!("/api/v1/apps/{app_id}/grants"));
    let grants: Vec<Value> = env
        .http
        .get(&grants_url)
        .header("authorization", &auth)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let scopes: Vec<&str> = grants
        .iter()
        .map(|grant| grant["scopeId"].as_str().unwrap())
        .collect();
    assert_eq!(scopes, ["okta.logs.read", "okta.users.read"]);

    env.org
        .admin()
        .set_granted_scopes(app_id, crate::support::set("okta.logs.read"))
        .unwrap();
    let grants: Vec<Value> = env
        .http
        .get(&grants_url)
        .header("authorization", &auth)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(grants.len(), 1, "the grants are the app's granted scopes");
    let one: Value = env
        .http
        .get(format!(
            "{grants_url}/{}",
            grants[0]["id"].as_str().unwrap()
        ))
        .header("authorization", &auth)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(one["scopeId"], "okta.logs.read");
}
