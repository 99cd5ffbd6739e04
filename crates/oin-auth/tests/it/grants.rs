//! What the customer granted: a narrower grant is a named condition, no grant at all is
//! `consent_required`, and scopes Okta refuses are `invalid_scope`.

use oin_auth::{Credentials, Grant, ScopeSet, TokenError};
use oin_fake_org::Install;

use crate::{provider, scopes, secret_of, start_org, tenant, tenant_id};

#[tokio::test(flavor = "multi_thread")]
async fn a_narrower_grant_is_reported() {
    let org = start_org().await;
    let requested = scopes("okta.users.read okta.groups.read okta.logs.read");
    let installed = org
        .admin()
        .install(Install::client_secret(requested.clone()).granting(scopes("okta.users.read")))
        .unwrap();
    let provider = provider();
    provider.add_tenant(tenant(
        "narrow",
        &org,
        &installed,
        Credentials::ClientSecretBasic(secret_of(&installed)),
    ));

    let token = provider
        .token(&tenant_id("narrow"), &requested)
        .await
        .unwrap();
    assert_eq!(token.granted(), &scopes("okta.users.read"));
    assert_eq!(
        token.grant(),
        Grant::Narrower {
            missing: scopes("okta.groups.read okta.logs.read")
        }
    );
    assert_eq!(
        token.narrower_than_requested(),
        Some(scopes("okta.groups.read okta.logs.read"))
    );

    // When the admin grants the rest, a new token is as requested.
    org.admin()
        .set_granted_scopes(&installed.client_id, requested.clone())
        .unwrap();
    provider.invalidate(&tenant_id("narrow"), &requested);
    let token = provider
        .token(&tenant_id("narrow"), &requested)
        .await
        .unwrap();
    assert_eq!(token.grant(), Grant::AsRequested);
}

#[tokio::test(flavor = "multi_thread")]
async fn nothing_granted_is_consent_required() {
    let org = start_org().await;
    let installed = org
        .admin()
        .install(
            Install::client_secret(scopes("okta.users.read okta.logs.read"))
                .granting(scopes("okta.users.read")),
        )
        .unwrap();
    let provider = provider();
    provider.add_tenant(tenant(
        "none",
        &org,
        &installed,
        Credentials::ClientSecretBasic(secret_of(&installed)),
    ));
    let error = provider
        .token(&tenant_id("none"), &scopes("okta.logs.read"))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, TokenError::ConsentRequired { requested, .. } if requested == &scopes("okta.logs.read")),
        "{error:?}"
    );
    assert_eq!(error.oauth_error(), Some("consent_required"));
    assert!(
        error
            .what_to_do()
            .contains("grant the integration's scopes")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn refused_scopes_are_invalid_scope() {
    let org = start_org().await;
    let installed = org
        .admin()
        .install(Install::client_secret(scopes("okta.users.read")))
        .unwrap();
    let provider = provider();
    provider.add_tenant(tenant(
        "scopes",
        &org,
        &installed,
        Credentials::ClientSecretBasic(secret_of(&installed)),
    ));
    let id = tenant_id("scopes");
    for refused in [
        "okta.users.read okta.notAThing.read",
        "okta.users.read.self",
        "okta.users.read openid",
    ] {
        let requested: ScopeSet = refused.parse().unwrap();
        let error = provider.token(&id, &requested).await.unwrap_err();
        assert!(
            matches!(
                error,
                TokenError::InvalidScope { .. } | TokenError::OAuth { .. }
            ),
            "{refused}: {error:?}"
        );
    }
    let error = provider.token(&id, &ScopeSet::new()).await.unwrap_err();
    assert!(matches!(error, TokenError::NoScopes { .. }), "{error:?}");
    let error = provider
        .token(&tenant_id("unknown"), &scopes("okta.users.read"))
        .await
        .unwrap_err();
    assert!(
        matches!(error, TokenError::UnknownTenant { .. }),
        "{error:?}"
    );
}
