//! Setting the org up over HTTP as one would a real org: OIN API service instances with
//! their secrets, and custom service apps with `private_key_jwt` and scope grants, all with
//! the admin API token.

use reqwest::Method;
use serde_json::{Value, json};

use crate::support::{Env, api_error, assertion, assertion_form, oauth_error, public_jwk, set};

/// Sends an admin request and returns its status and JSON body (`Null` when empty).
async fn admin(env: &Env, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
    let mut request = env.admin_request(method, path);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("request");
    let status = response.status().as_u16();
    let bytes = response.bytes().await.expect("body");
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).expect("json")
    };
    (status, body)
}

#[tokio::test]
async fn api_service_instances_install_rotate_and_uninstall_over_http() {
    let env = Env::start().await;
    let services = "/integrations/api/v1/api-services";
    let install =
        json!({"type": "acme_reporting", "grantedScopes": ["okta.users.read", "okta.logs.read"]});
    let (status, created) = admin(&env, Method::POST, services, Some(install)).await;
    assert_eq!(status, 201);
    let id = created["id"].as_str().unwrap().to_owned();
    let secret = created["clientSecret"].as_str().unwrap().to_owned();
    assert_eq!(
        created["grantedScopes"],
        json!(["okta.logs.read", "okta.users.read"])
    );
    let client_link = created["_links"]["client"]["href"].as_str().unwrap();
    assert!(client_link.ends_with(&format!("/oauth2/v1/clients/{id}")));
    assert_eq!(
        env.token_basic(&id, &secret, "okta.logs.read")
            .await
            .status(),
        200
    );

    let fetched = env.admin_get(&format!("{services}/{id}")).await;
    assert!(
        fetched.get("clientSecret").is_none(),
        "the secret is shown once"
    );
    assert_eq!(env.admin_get(services).await.as_array().unwrap().len(), 1);

    let secrets_url = format!("{services}/{id}/credentials/secrets");
    let (status, second) = admin(&env, Method::POST, &secrets_url, None).await;
    assert_eq!((status, second["status"].as_str()), (201, Some("ACTIVE")));
    let second_secret = second["client_secret"].as_str().unwrap().to_owned();
    let third = env
        .admin_request(Method::POST, &secrets_url)
        .send()
        .await
        .unwrap();
    assert_eq!(api_error(third).await, (400, "E0000001".to_owned()));
    let secrets = env.admin_get(&secrets_url).await;
    let secrets = secrets.as_array().unwrap();
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
        .admin_request(Method::DELETE, &format!("{secrets_url}/{first_id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(api_error(active_delete).await, (400, "E0000001".to_owned()));
    let (_, deactivated) = admin(
        &env,
        Method::POST,
        &format!("{secrets_url}/{first_id}/lifecycle/deactivate"),
        None,
    )
    .await;
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
    let (status, _) = admin(
        &env,
        Method::DELETE,
        &format!("{secrets_url}/{first_id}"),
        None,
    )
    .await;
    assert_eq!(status, 204);

    let (status, _) = admin(&env, Method::DELETE, &format!("{services}/{id}"), None).await;
    assert_eq!(status, 204);
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
    let (status, created) = admin(&env, Method::POST, "/api/v1/apps", Some(app)).await;
    assert_eq!(status, 200);
    let app_id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(
        created["credentials"]["oauthClient"]["client_id"],
        app_id.as_str()
    );

    let token_request = |scope: &'static str| {
        let jwt = assertion(&env, &app_id, "fake-org-test-rsa-1", |_, _| {});
        env.http
            .post(env.org.token_url())
            .form(&assertion_form(scope, &jwt))
            .send()
    };
    let (status, error, _) = oauth_error(token_request("okta.users.read").await.unwrap()).await;
    assert_eq!(
        (status, error.as_str()),
        (400, "consent_required"),
        "no grant yet"
    );

    let grants_url = format!("/api/v1/apps/{app_id}/grants");
    let grant = json!({"scopeId": "okta.users.read", "issuer": env.org.url()});
    let (status, grant) = admin(&env, Method::POST, &grants_url, Some(grant)).await;
    assert_eq!(status, 201);
    assert_eq!(
        token_request("okta.users.read").await.unwrap().status(),
        200
    );
    assert_eq!(
        env.admin_get(&grants_url).await.as_array().unwrap().len(),
        1
    );

    let grant_url = format!("{grants_url}/{}", grant["id"].as_str().unwrap());
    let (status, _) = admin(&env, Method::DELETE, &grant_url, None).await;
    assert_eq!(status, 204);
    assert_eq!(
        token_request("okta.users.read").await.unwrap().status(),
        400
    );
}

#[tokio::test]
async fn an_oauth_token_with_the_integration_scope_manages_instances_too() {
    let env = Env::start().await;
    let token = env.bearer("okta.oauthIntegrations.manage").await;
    let url = env.url("/integrations/api/v1/api-services");
    let post = |body: &'static str| {
        env.http
            .post(&url)
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    let created = post(r#"{"type": "other", "grantedScopes": ["okta.groups.read"]}"#)
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let unknown = post(r#"{"type": "other", "grantedScopes": ["okta.unicorns.read"]}"#)
        .await
        .unwrap();
    assert_eq!(api_error(unknown).await, (400, "E0000001".to_owned()));
    let malformed = post("{").await.unwrap();
    assert_eq!(api_error(malformed).await, (400, "E0000003".to_owned()));
}

#[tokio::test]
async fn a_service_app_installed_by_the_admin_handle_shows_its_grants_over_http() {
    let env = Env::start().await;
    let jwks = json!({ "keys": [public_jwk("fake-org-test-ec-1")] });
    let installed = env
        .org
        .admin()
        .install(oin_fake_org::Install::private_key_jwt(
            jwks,
            set("okta.users.read okta.logs.read"),
        ))
        .unwrap();
    let app_id = &installed.client_id;
    let app = env.admin_get(&format!("/api/v1/apps/{app_id}")).await;
    assert_eq!(app["signOnMode"], "OPENID_CONNECT");
    let grants_url = format!("/api/v1/apps/{app_id}/grants");
    let grants = env.admin_get(&grants_url).await;
    let scopes: Vec<&str> = grants
        .as_array()
        .unwrap()
        .iter()
        .map(|grant| grant["scopeId"].as_str().unwrap())
        .collect();
    assert_eq!(scopes, ["okta.logs.read", "okta.users.read"]);

    env.org
        .admin()
        .set_granted_scopes(app_id, set("okta.logs.read"))
        .unwrap();
    let grants = env.admin_get(&grants_url).await;
    assert_eq!(
        grants.as_array().unwrap().len(),
        1,
        "the grants are the app's granted scopes"
    );
    let one = env
        .admin_get(&format!(
            "{grants_url}/{}",
            grants[0]["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(one["scopeId"], "okta.logs.read");
}
