//! No secret reaches `Debug` output, errors or logs: every flow runs with all tracing
//! captured (the whole test binary logs at TRACE into one buffer, see `main.rs`), then the
//! output is searched for every secret involved.

use oin_auth::{
    ClientAssertion, ClientId, ClientSecret, Credentials, DpopKey, PrivateKey, TokenError,
};
use oin_fake_org::{ClientAuthMethod, Install};

use crate::{fixture, org_url, provider, scopes, secret_of, start_org, tenant, tenant_id};

#[tokio::test]
async fn no_secret_in_debug_errors_or_logs() {
    let org = start_org().await;
    let wanted = scopes("okta.users.read");
    let provider = provider();
    let mut secrets: Vec<String> = Vec::new();
    let mut shown: Vec<String> = Vec::new();

    // client_secret_basic and client_secret_post, with DPoP on one of them.
    let basic = org
        .admin()
        .install(Install::client_secret(wanted.clone()).require_dpop(true))
        .unwrap();
    let post = org
        .admin()
        .install(
            Install::client_secret(wanted.clone()).auth_method(ClientAuthMethod::ClientSecretPost),
        )
        .unwrap();
    secrets.push(secret_of(&basic).expose().to_owned());
    secrets.push(secret_of(&post).expose().to_owned());
    let dpop_key = DpopKey::generate().unwrap();
    let basic_tenant = tenant(
        "basic",
        &org,
        &basic,
        Credentials::ClientSecretBasic(secret_of(&basic)),
    )
    .with_dpop(dpop_key.clone())
    .unwrap();
    let post_tenant = tenant(
        "post",
        &org,
        &post,
        Credentials::ClientSecretPost(secret_of(&post)),
    );
    shown.push(format!(
        "{basic_tenant:?} {post_tenant:?} {dpop_key:?} {:?}",
        secret_of(&basic)
    ));
    provider.add_tenant(basic_tenant);
    provider.add_tenant(post_tenant);

    // private_key_jwt with a JWK, whose private members are secrets too.
    let jwk_text = fixture("rsa-2048-private.jwk.json");
    let jwk: serde_json::Value = serde_json::from_str(&jwk_text).unwrap();
    for member in ["d", "p", "q", "dp", "dq", "qi"] {
        secrets.push(jwk[member].as_str().unwrap().to_owned());
    }
    let pem = fixture("ec-p256-pkcs8.pem");
    secrets.extend(
        pem.lines()
            .filter(|line| !line.starts_with("-----"))
            .map(str::to_owned),
    );
    let key = PrivateKey::from_jwk(&jwk_text).unwrap();
    let pem_key = PrivateKey::from_pem(&pem, "pem").unwrap();
    let jwks: serde_json::Value = serde_json::from_str(&key.public_jwks()).unwrap();
    let jwt = org
        .admin()
        .install(Install::private_key_jwt(jwks, wanted.clone()))
        .unwrap();
    provider.add_tenant(tenant(
        "jwt",
        &org,
        &jwt,
        Credentials::PrivateKeyJwt(key.clone()),
    ));
    let assertion = ClientAssertion::sign(
        &key,
        &ClientId::new(jwt.client_id.clone()).unwrap(),
        &org_url(&org),
        std::time::Duration::from_secs(60),
    )
    .unwrap();
    secrets.push(assertion.expose().to_owned());
    shown.push(format!("{key:?} {pem_key:?} {assertion:?} {provider:?}"));

    for id in ["basic", "post", "jwt"] {
        let token = provider.token(&tenant_id(id), &wanted).await.unwrap();
        secrets.push(token.expose().to_owned());
        let headers = token
            .authorization(&http::Method::GET, &format!("{}/api/v1/users", org.url()))
            .unwrap();
        shown.push(format!("{token:?} {token:#?} {headers:?}"));
    }

    // Failures: a wrong secret, a consent error, a foreign origin.
    let wrong = ClientSecret::new("wrong-secret-value-123").unwrap();
    secrets.push(wrong.expose().to_owned());
    provider.add_tenant(tenant(
        "wrong",
        &org,
        &post,
        Credentials::ClientSecretBasic(wrong),
    ));
    let errors: Vec<TokenError> = vec![
        provider
            .token(&tenant_id("wrong"), &wanted)
            .await
            .unwrap_err(),
        provider
            .token(&tenant_id("post"), &scopes("okta.logs.read"))
            .await
            .unwrap_err(),
    ];
    for error in &errors {
        shown.push(format!("{error} {error:?} {}", error.what_to_do()));
    }
    let token = provider.token(&tenant_id("post"), &wanted).await.unwrap();
    let foreign = token
        .authorization(&http::Method::GET, "https://evil.example/steal")
        .unwrap_err();
    shown.push(format!("{foreign} {foreign:?}"));

    let logs = crate::captured_logs();
    assert!(
        logs.contains("oin_auth.token"),
        "the spans are captured:\n{logs}"
    );
    assert!(logs.contains(&jwt.client_id), "spans carry the client id");
    let everything = format!("{logs}\n{}", shown.join("\n"));
    for secret in &secrets {
        assert!(secret.len() >= 8, "a meaningful secret");
        assert!(
            !everything.contains(secret.as_str()),
            "a secret leaked: {}…",
            &secret[..4]
        );
    }
}
