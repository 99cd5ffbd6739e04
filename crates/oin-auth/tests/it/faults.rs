//! The token endpoint failing: 429 with Okta's reset, 5xx, a malformed body, a dropped
//! connection and a slow org, each a typed, transient-or-not [`TokenError`].

use std::time::Duration;

use oin_auth::{Actor, Credentials, ProviderConfig, TokenError, TokenProvider};
use oin_fake_org::{
    Bucket, FakeOrg, FakeOrgConfig, FaultKind, FaultRule, Faults, Install, RateLimits,
};

use crate::{scopes, secret_of, tenant, tenant_id};

/// An org whose token endpoint always fails with `kind`, and a provider with its tenant.
async fn failing(kind: FaultKind, config: ProviderConfig) -> (FakeOrg, TokenProvider) {
    let org = FakeOrg::start(FakeOrgConfig {
        faults: Faults {
            rules: vec![FaultRule::new(kind, 1.0).for_operation("token")],
        },
        ..FakeOrgConfig::default()
    })
    .await
    .unwrap();
    let installed = org
        .admin()
        .install(Install::client_secret(scopes("okta.users.read")))
        .unwrap();
    let provider = TokenProvider::new(config).unwrap();
    provider.add_tenant(tenant(
        "faulty",
        &org,
        &installed,
        Credentials::ClientSecretBasic(secret_of(&installed)),
    ));
    (org, provider)
}

async fn error_for(kind: FaultKind, config: ProviderConfig) -> TokenError {
    let (_org, provider) = failing(kind, config).await;
    provider
        .token(&tenant_id("faulty"), &scopes("okta.users.read"))
        .await
        .unwrap_err()
}

#[tokio::test(flavor = "multi_thread")]
async fn server_errors_are_transient() {
    for kind in [FaultKind::InternalError, FaultKind::Unavailable] {
        let error = error_for(kind, ProviderConfig::default()).await;
        assert!(
            matches!(
                error,
                TokenError::Server {
                    status: 500 | 503,
                    ..
                }
            ),
            "{error:?}"
        );
        assert!(error.is_transient());
        assert_eq!(error.actor(), Actor::Retry);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn broken_responses_are_typed() {
    let error = error_for(FaultKind::Malformed, ProviderConfig::default()).await;
    assert!(
        matches!(error, TokenError::InvalidResponse { status: 200, .. }),
        "{error:?}"
    );
    for kind in [FaultKind::Reset, FaultKind::Truncated] {
        let error = error_for(kind, ProviderConfig::default()).await;
        assert!(
            matches!(
                error,
                TokenError::Transport { .. } | TokenError::InvalidResponse { .. }
            ),
            "{kind:?}: {error:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_slow_org_times_out() {
    let config = ProviderConfig::default().with_request_timeout(Duration::from_millis(200));
    let error = error_for(FaultKind::Latency(Duration::from_secs(10)), config).await;
    assert!(matches!(error, TokenError::Timeout { .. }), "{error:?}");
    assert!(error.is_transient());
}

#[tokio::test(flavor = "multi_thread")]
async fn rate_limits_carry_the_wait() {
    let org = FakeOrg::start(FakeOrgConfig {
        rate_limits: RateLimits {
            buckets: vec![Bucket::new("/oauth2/v1/token", 1)],
            ..RateLimits::default()
        },
        ..FakeOrgConfig::default()
    })
    .await
    .unwrap();
    let installed = org
        .admin()
        .install(Install::client_secret(scopes(
            "okta.users.read okta.groups.read",
        )))
        .unwrap();
    let provider = crate::provider();
    provider.add_tenant(tenant(
        "limited",
        &org,
        &installed,
        Credentials::ClientSecretBasic(secret_of(&installed)),
    ));
    provider
        .token(&tenant_id("limited"), &scopes("okta.users.read"))
        .await
        .unwrap();
    let error = provider
        .token(&tenant_id("limited"), &scopes("okta.groups.read"))
        .await
        .unwrap_err();
    let TokenError::RateLimited { retry_after, .. } = &error else {
        panic!("{error:?}")
    };
    assert!(
        retry_after.is_some_and(|wait| wait <= Duration::from_secs(60)),
        "{error:?}"
    );
    assert!(error.to_string().contains("HTTP 429"));
    // Within the wait, the next caller gets the same answer.
    let again = provider
        .token(&tenant_id("limited"), &scopes("okta.groups.read"))
        .await
        .unwrap_err();
    assert!(matches!(again, TokenError::RateLimited { .. }));
    // The 429s are answered by the org's limiter before the endpoint counts a request.
    assert_eq!(org.admin().token_requests(&installed.client_id), 1);
}
