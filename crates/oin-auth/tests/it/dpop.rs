//! DPoP against the fake org: the nonce round, DPoP-bound tokens, proofs with `ath` on
//! resource calls, and what happens without a DPoP key.

use oin_auth::{Credentials, DpopKey, PrivateKey, TokenError, TokenType};
use oin_fake_org::Install;

use crate::{fixture, get_status, provider, scopes, secret_of, start_org, tenant, tenant_id};

#[tokio::test(flavor = "multi_thread")]
async fn dpop_with_the_nonce_round() {
    let org = start_org().await;
    let installed = org
        .admin()
        .install(Install::client_secret(scopes("okta.users.read")).require_dpop(true))
        .unwrap();
    let provider = provider();
    let key = DpopKey::generate().unwrap();
    provider.add_tenant(
        tenant(
            "dpop",
            &org,
            &installed,
            Credentials::ClientSecretBasic(secret_of(&installed)),
        )
        .with_dpop(key)
        .unwrap(),
    );

    assert_eq!(provider.dpop_nonce(&tenant_id("dpop")), None);
    let token = provider
        .token(&tenant_id("dpop"), &scopes("okta.users.read"))
        .await
        .unwrap();
    assert_eq!(token.token_type(), TokenType::DPoP);
    // First request without a nonce, `use_dpop_nonce`, then the retry with it.
    assert_eq!(org.admin().token_requests(&installed.client_id), 2);
    let nonce = provider
        .dpop_nonce(&tenant_id("dpop"))
        .expect("the nonce is kept for the tenant");

    // The resource call carries `Authorization: DPoP` and a proof with `ath`.
    let url = format!("{}/api/v1/users?limit=1", org.url());
    let headers = token.authorization(&http::Method::GET, &url).unwrap();
    assert!(
        headers["authorization"]
            .to_str()
            .unwrap()
            .starts_with("DPoP ")
    );
    let status = get_status(&url, headers).await;
    assert_eq!(status, 200);
    // A proof from another key, or for another request, does not unlock the bound token.
    let stranger = DpopKey::generate().unwrap();
    let forged = stranger
        .proof(&http::Method::GET, &url, None, Some(token.expose()))
        .unwrap();
    let response = reqwest::Client::new()
        .get(&url)
        .header("authorization", format!("DPoP {}", token.expose()))
        .header("dpop", forged)
        .send()
        .await
        .unwrap();
    // Okta answers a bad proof with 400 `invalid_dpop_proof` or 401 `invalid_token`.
    assert!(
        matches!(response.status().as_u16(), 400 | 401),
        "a proof by another key: {}",
        response.status()
    );
    let other_request = token.authorization(&http::Method::DELETE, &url).unwrap();
    let status = get_status(&url, other_request).await;
    assert!(
        matches!(status, 400 | 401),
        "a proof for another method: {}",
        status
    );
    let with_nonce = token
        .authorization_with_nonce(&http::Method::GET, &url, Some("resource-nonce"))
        .unwrap();
    let status = get_status(&url, with_nonce).await;
    assert_eq!(
        status, 200,
        "a nonce the resource server did not ask for is harmless"
    );
    // Without the proof the bound token is refused.
    let bare = reqwest::Client::new()
        .get(&url)
        .header("authorization", format!("DPoP {}", token.expose()))
        .send()
        .await
        .unwrap();
    assert_ne!(bare.status().as_u16(), 200);

    // The kept nonce is used at once next time: one request, no round.
    provider.invalidate(&tenant_id("dpop"), &scopes("okta.users.read"));
    provider
        .token(&tenant_id("dpop"), &scopes("okta.users.read"))
        .await
        .unwrap();
    assert_eq!(org.admin().token_requests(&installed.client_id), 3);
    assert_eq!(
        provider.dpop_nonce(&tenant_id("dpop")).as_deref(),
        Some(nonce.as_str())
    );

    // After a rotation the previous nonce still works, and the response brings the new one.
    org.admin().rotate_dpop_nonce();
    provider.invalidate(&tenant_id("dpop"), &scopes("okta.users.read"));
    provider
        .token(&tenant_id("dpop"), &scopes("okta.users.read"))
        .await
        .unwrap();
    assert_eq!(org.admin().token_requests(&installed.client_id), 4);
    let rotated = provider.dpop_nonce(&tenant_id("dpop")).unwrap();
    assert_ne!(rotated, nonce);

    // Once the kept nonce is too old, one more `use_dpop_nonce` round.
    org.admin().rotate_dpop_nonce();
    org.admin().rotate_dpop_nonce();
    provider.invalidate(&tenant_id("dpop"), &scopes("okta.users.read"));
    provider
        .token(&tenant_id("dpop"), &scopes("okta.users.read"))
        .await
        .unwrap();
    assert_eq!(org.admin().token_requests(&installed.client_id), 6);
    assert_ne!(provider.dpop_nonce(&tenant_id("dpop")).unwrap(), rotated);
}

#[tokio::test(flavor = "multi_thread")]
async fn dpop_with_private_key_jwt() {
    let org = start_org().await;
    let client_key = PrivateKey::from_pem(&fixture("rsa-2048-pkcs8.pem"), "kid-1").unwrap();
    let jwks: serde_json::Value = serde_json::from_str(&client_key.public_jwks()).unwrap();
    let installed = org
        .admin()
        .install(Install::private_key_jwt(jwks, scopes("okta.logs.read")).require_dpop(true))
        .unwrap();
    let provider = provider();
    let dpop =
        DpopKey::from_key(PrivateKey::from_pem(&fixture("ec-p384-pkcs8.pem"), "dpop").unwrap());
    provider.add_tenant(
        tenant(
            "jwt-dpop",
            &org,
            &installed,
            Credentials::PrivateKeyJwt(client_key.clone()),
        )
        .with_dpop(dpop)
        .unwrap(),
    );
    let token = provider
        .token(&tenant_id("jwt-dpop"), &scopes("okta.logs.read"))
        .await
        .unwrap();
    assert_eq!(token.token_type(), TokenType::DPoP);

    // The client-authentication key cannot double as the DPoP key.
    let reused = tenant(
        "reuse",
        &org,
        &installed,
        Credentials::PrivateKeyJwt(client_key.clone()),
    )
    .with_dpop(DpopKey::from_key(client_key));
    assert!(matches!(
        reused,
        Err(oin_auth::TenantError::DpopKeyIsClientKey { .. })
    ));
}

#[tokio::test(flavor = "multi_thread")]
async fn no_dpop_key_for_a_dpop_app_is_a_typed_error() {
    let org = start_org().await;
    let installed = org
        .admin()
        .install(Install::client_secret(scopes("okta.users.read")).require_dpop(true))
        .unwrap();
    let provider = provider();
    provider.add_tenant(tenant(
        "no-dpop",
        &org,
        &installed,
        Credentials::ClientSecretBasic(secret_of(&installed)),
    ));
    let error = provider
        .token(&tenant_id("no-dpop"), &scopes("okta.users.read"))
        .await
        .unwrap_err();
    assert!(
        matches!(error, TokenError::InvalidDpopProof { .. }),
        "{error:?}"
    );
    assert!(error.what_to_do().contains("Tenant::with_dpop"));
}
