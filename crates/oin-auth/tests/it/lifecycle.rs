//! Tokens over a tenant's life: revocation (401, invalidate, one retry), secret rotation,
//! uninstall, and a registry of many tenants whose tokens and credentials stay isolated.

use oin_auth::{ClientSecret, Credentials, TokenError};

use crate::{
    add_secret_tenant, get_status, provider, scopes, secret_of, start_org, tenant, tenant_id,
};

/// `GET /api/v1/users` with `token`: the status.
async fn call(org: &oin_fake_org::FakeOrg, token: &oin_auth::AccessToken) -> u16 {
    let url = format!("{}/api/v1/users?limit=1", org.url());
    get_status(&url, token.authorization(&http::Method::GET, &url).unwrap()).await
}

#[tokio::test(flavor = "multi_thread")]
async fn revoked_tokens_are_invalidated_and_replaced_once() {
    let org = start_org().await;
    let wanted = scopes("okta.users.read");
    let provider = provider();
    let installed = add_secret_tenant(&provider, "acme", &org, &wanted);
    let id = tenant_id("acme");

    let first = provider.token(&id, &wanted).await.unwrap();
    assert_eq!(call(&org, &first).await, 200);
    assert_eq!(org.admin().revoke_tokens(&installed.client_id).unwrap(), 1);
    // The cache still hands out the revoked token until the caller reports the 401.
    let cached = provider.token(&id, &wanted).await.unwrap();
    assert_eq!(call(&org, &cached).await, 401);
    assert!(provider.invalidate_token(&cached));
    // A second report of the same stale token drops nothing more.
    assert!(!provider.invalidate_token(&first));
    let second = provider.token(&id, &wanted).await.unwrap();
    assert_ne!(second.expose(), first.expose());
    assert_eq!(call(&org, &second).await, 200);
    assert!(
        !provider.invalidate_token(&first),
        "the fresh token stays cached"
    );
    assert_eq!(
        provider.token(&id, &wanted).await.unwrap().expose(),
        second.expose()
    );
    assert_eq!(org.admin().token_requests(&installed.client_id), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn secret_rotation_without_downtime() {
    let org = start_org().await;
    let wanted = scopes("okta.users.read");
    let provider = provider();
    let id = tenant_id("rotating");
    let installed = add_secret_tenant(&provider, "rotating", &org, &wanted);
    let before = provider.token(&id, &wanted).await.unwrap();

    // The admin adds a second secret; the old one keeps working until it is removed.
    let new_secret = org.admin().add_secret(&installed.client_id).unwrap();
    provider
        .rotate_credentials(
            &id,
            Credentials::ClientSecretBasic(ClientSecret::new(new_secret.expose()).unwrap()),
        )
        .unwrap();
    // Cached tokens survive the rotation.
    assert_eq!(
        provider.token(&id, &wanted).await.unwrap().expose(),
        before.expose()
    );
    let old_secret_id = installed.secret_id.clone().unwrap();
    org.admin()
        .deactivate_secret(&installed.client_id, &old_secret_id)
        .unwrap();
    org.admin()
        .remove_secret(&installed.client_id, &old_secret_id)
        .unwrap();
    provider.invalidate(&id, &wanted);
    let after = provider.token(&id, &wanted).await.unwrap();
    assert_ne!(after.expose(), before.expose());

    // A process still holding the removed secret is refused.
    let stale = crate::provider();
    stale.add_tenant(tenant(
        "stale",
        &org,
        &installed,
        Credentials::ClientSecretBasic(secret_of(&installed)),
    ));
    let error = stale.token(&tenant_id("stale"), &wanted).await.unwrap_err();
    assert!(
        matches!(error, TokenError::InvalidClient { .. }),
        "{error:?}"
    );

    // Rotating an unknown tenant says so.
    let unknown = provider.rotate_credentials(
        &tenant_id("nobody"),
        Credentials::ClientSecretBasic(ClientSecret::new("x").unwrap()),
    );
    assert!(matches!(
        unknown,
        Err(oin_auth::TenantError::UnknownTenant { .. })
    ));
}

#[tokio::test(flavor = "multi_thread")]
async fn uninstalled_integrations_are_invalid_client() {
    let org = start_org().await;
    let wanted = scopes("okta.users.read");
    let provider = provider();
    let installed = add_secret_tenant(&provider, "gone", &org, &wanted);
    org.admin().uninstall(&installed.client_id).unwrap();
    let error = provider
        .token(&tenant_id("gone"), &wanted)
        .await
        .unwrap_err();
    assert!(
        matches!(error, TokenError::InvalidClient { .. }),
        "{error:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn many_tenants_stay_isolated() {
    let org = start_org().await;
    let other_org = start_org().await;
    let wanted = scopes("okta.users.read");
    let provider = provider();
    let mut installs = Vec::new();
    for index in 0..200 {
        let on = if index % 2 == 0 { &org } else { &other_org };
        let installed = add_secret_tenant(&provider, &format!("tenant-{index}"), on, &wanted);
        installs.push(installed);
    }
    assert_eq!(provider.tenant_count(), 200);
    let mut tokens = Vec::new();
    for index in 0..200 {
        let token = provider
            .token(&tenant_id(&format!("tenant-{index}")), &wanted)
            .await
            .unwrap();
        assert_eq!(token.tenant(), &tenant_id(&format!("tenant-{index}")));
        tokens.push(token);
    }
    // Each tenant has its own token, sent only to its own org.
    let distinct: std::collections::BTreeSet<&str> =
        tokens.iter().map(oin_auth::AccessToken::expose).collect();
    assert_eq!(distinct.len(), 200);
    let foreign = tokens[0].authorization(
        &http::Method::GET,
        &format!("{}/api/v1/users", other_org.url()),
    );
    assert!(matches!(
        foreign,
        Err(oin_auth::AuthorizeError::ForeignOrigin { .. })
    ));

    // Invalidating or removing one tenant leaves the others' caches alone.
    assert!(provider.invalidate(&tenant_id("tenant-0"), &wanted));
    assert!(provider.remove_tenant(&tenant_id("tenant-1")).is_some());
    assert!(matches!(
        provider.token(&tenant_id("tenant-1"), &wanted).await,
        Err(TokenError::UnknownTenant { .. })
    ));
    assert_eq!(
        provider
            .token(&tenant_id("tenant-2"), &wanted)
            .await
            .unwrap()
            .expose(),
        tokens[2].expose()
    );
    provider
        .token(&tenant_id("tenant-0"), &wanted)
        .await
        .unwrap();
    assert_eq!(org.admin().token_requests(&installs[0].client_id), 2);
    assert_eq!(org.admin().token_requests(&installs[2].client_id), 1);
    assert_eq!(provider.tenant_count(), 199);

    // Replacing a tenant drops its cached tokens.
    let replaced = provider.add_tenant(tenant(
        "tenant-2",
        &org,
        &installs[2],
        Credentials::ClientSecretBasic(secret_of(&installs[2])),
    ));
    assert!(replaced.is_some());
    assert_ne!(
        provider
            .token(&tenant_id("tenant-2"), &wanted)
            .await
            .unwrap()
            .expose(),
        tokens[2].expose()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn expired_tokens_are_replaced() {
    // Tokens that expire at once are never fresh: each call makes a new request.
    let org = oin_fake_org::FakeOrg::start(oin_fake_org::FakeOrgConfig {
        token_lifetime: std::time::Duration::ZERO,
        ..oin_fake_org::FakeOrgConfig::default()
    })
    .await
    .unwrap();
    let wanted = scopes("okta.users.read");
    let provider = provider();
    let installed = add_secret_tenant(&provider, "short", &org, &wanted);
    let first = provider.token(&tenant_id("short"), &wanted).await.unwrap();
    let second = provider.token(&tenant_id("short"), &wanted).await.unwrap();
    assert_eq!(first.lifetime(), std::time::Duration::ZERO);
    assert_ne!(first.expose(), second.expose());
    assert_eq!(org.admin().token_requests(&installed.client_id), 2);
}

#[test]
fn thousands_of_tenants_in_one_registry() {
    let provider = provider();
    let org = oin_auth::OrgUrl::parse("https://acme.okta.com").unwrap();
    for index in 0..5_000 {
        let tenant = oin_auth::Tenant::new(
            tenant_id(&format!("org-{index:04}")),
            org.clone(),
            oin_auth::ClientId::new(format!("0oa{index:017}")).unwrap(),
            Credentials::ClientSecretBasic(ClientSecret::new(format!("secret-{index}")).unwrap()),
        );
        assert!(provider.add_tenant(tenant).is_none());
    }
    assert_eq!(provider.tenant_count(), 5_000);
    let tenant = provider.tenant(&tenant_id("org-4321")).unwrap();
    assert_eq!(tenant.client_id().as_str(), "0oa00000000000004321");
    for index in (0..5_000).step_by(2) {
        assert!(
            provider
                .remove_tenant(&tenant_id(&format!("org-{index:04}")))
                .is_some()
        );
    }
    assert_eq!(provider.tenant_count(), 2_500);
    assert_eq!(
        provider
            .tenant_ids()
            .first()
            .map(oin_auth::TenantId::as_str),
        Some("org-0001")
    );
}
