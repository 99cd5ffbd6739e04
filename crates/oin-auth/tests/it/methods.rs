//! Every client authentication method against the fake org, and every key format and
//! algorithm the fake org verifies, over loopback HTTP.

use oin_auth::{Credentials, PrivateKey, SigningAlgorithm, TokenError, TokenType};
use oin_fake_org::{ClientAuthMethod, FakeOrg, Install};

use crate::{fixture, get_status, provider, scopes, secret_of, start_org, tenant, tenant_id};

/// Gets a token for `credentials` on a fresh install and checks it works on the org.
async fn check(
    org: &FakeOrg,
    name: &str,
    install: Install,
    credentials: impl FnOnce(&oin_fake_org::Installed) -> Credentials,
) {
    let installed = org.admin().install(install).expect("install");
    let provider = provider();
    provider.add_tenant(tenant(name, org, &installed, credentials(&installed)));
    let wanted = scopes("okta.users.read");
    let token = provider
        .token(&tenant_id(name), &wanted)
        .await
        .unwrap_or_else(|error| panic!("{name}: {error}"));
    assert_eq!(token.token_type(), TokenType::Bearer, "{name}");
    assert_eq!(token.granted(), &wanted, "{name}");
    assert_eq!(
        org.admin().token_requests(&installed.client_id),
        1,
        "{name}"
    );
    // The token works for an operation its scope allows.
    let url = format!("{}/api/v1/users?limit=1", org.url());
    let headers = token.authorization(&http::Method::GET, &url).unwrap();
    let status = get_status(&url, headers).await;
    assert_eq!(status, 200, "{name}");
}

#[tokio::test(flavor = "multi_thread")]
async fn client_secret_basic_and_post() {
    let org = start_org().await;
    let all = scopes("okta.users.read okta.groups.read");
    check(
        &org,
        "basic",
        Install::client_secret(all.clone()),
        |installed| Credentials::ClientSecretBasic(secret_of(installed)),
    )
    .await;
    check(
        &org,
        "post",
        Install::client_secret(all.clone()).auth_method(ClientAuthMethod::ClientSecretPost),
        |installed| Credentials::ClientSecretPost(secret_of(installed)),
    )
    .await;
    check(
        &org,
        "basic-only",
        Install::client_secret(all).auth_method(ClientAuthMethod::ClientSecretBasic),
        |installed| Credentials::ClientSecretBasic(secret_of(installed)),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn private_key_jwt_with_every_key_format_and_algorithm() {
    let org = start_org().await;
    let mut keys: Vec<(String, PrivateKey)> = Vec::new();
    for file in [
        "rsa-2048-pkcs8.pem",
        "rsa-2048-pkcs1.pem",
        "ec-p256-pkcs8.pem",
        "ec-p256-sec1.pem",
        "ec-p256-sec1-with-params.pem",
        "ec-p384-pkcs8.pem",
        "ec-p384-sec1.pem",
    ] {
        keys.push((
            file.to_owned(),
            PrivateKey::from_pem(&fixture(file), "kid-1").unwrap(),
        ));
    }
    for file in [
        "rsa-2048-private.jwk.json",
        "ec-p256-private.jwk.json",
        "ec-p384-private.jwk.json",
    ] {
        keys.push((
            file.to_owned(),
            PrivateKey::from_jwk(&fixture(file)).unwrap(),
        ));
    }
    let rsa = PrivateKey::from_pem(&fixture("rsa-2048-pkcs8.pem"), "kid-rs").unwrap();
    for algorithm in [SigningAlgorithm::Rs384, SigningAlgorithm::Rs512] {
        keys.push((
            algorithm.to_string(),
            rsa.clone().with_algorithm(algorithm).unwrap(),
        ));
    }
    for (name, key) in keys {
        let jwks: serde_json::Value = serde_json::from_str(&key.public_jwks()).unwrap();
        let install = Install::private_key_jwt(jwks, scopes("okta.users.read"));
        check(&org, &name.replace('.', "-"), install, |_| {
            Credentials::PrivateKeyJwt(key.clone())
        })
        .await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_key_or_secret_is_invalid_client() {
    let org = start_org().await;
    let registered = PrivateKey::from_pem(&fixture("ec-p256-pkcs8.pem"), "kid-1").unwrap();
    let jwks: serde_json::Value = serde_json::from_str(&registered.public_jwks()).unwrap();
    let installed = org
        .admin()
        .install(Install::private_key_jwt(jwks, scopes("okta.users.read")))
        .unwrap();
    let other = PrivateKey::from_pem(&fixture("ec-p256-sec1-with-params.pem"), "kid-1").unwrap();
    let provider = provider();
    provider.add_tenant(tenant(
        "wrong-key",
        &org,
        &installed,
        Credentials::PrivateKeyJwt(other),
    ));
    let error = provider
        .token(&tenant_id("wrong-key"), &scopes("okta.users.read"))
        .await
        .unwrap_err();
    assert!(
        matches!(error, TokenError::InvalidClient { .. }),
        "{error:?}"
    );
    assert!(
        error.description().is_some(),
        "Okta's error_description is kept: {error:?}"
    );

    let installed = org
        .admin()
        .install(Install::client_secret(scopes("okta.users.read")))
        .unwrap();
    let wrong = oin_auth::ClientSecret::new("not-the-secret").unwrap();
    provider.add_tenant(tenant(
        "wrong-secret",
        &org,
        &installed,
        Credentials::ClientSecretBasic(wrong),
    ));
    let error = provider
        .token(&tenant_id("wrong-secret"), &scopes("okta.users.read"))
        .await
        .unwrap_err();
    assert!(
        matches!(error, TokenError::InvalidClient { .. }),
        "{error:?}"
    );
    assert_eq!(error.actor(), oin_auth::Actor::CustomerAdmin);
    assert!(error.what_to_do().contains("customer's admin"));
}
