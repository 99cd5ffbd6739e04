//! Single flight: 1,000 tasks asking a cold tenant for the same token make exactly one token
//! request; a failure is shared the same way instead of being retried by every waiter.

use std::sync::Arc;

use oin_auth::{ClientSecret, Credentials, TokenError};
use oin_fake_org::Install;
use tokio::sync::Barrier;

use crate::{add_secret_tenant, provider, scopes, secret_of, start_org, tenant, tenant_id};

const CALLERS: usize = 1_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_storm_on_a_cold_tenant_makes_one_request() {
    let org = start_org().await;
    let wanted = scopes("okta.users.read okta.logs.read");
    let provider = provider();
    let installed = add_secret_tenant(&provider, "cold", &org, &wanted);

    let barrier = Arc::new(Barrier::new(CALLERS));
    let tasks: Vec<_> = (0..CALLERS)
        .map(|_| {
            let (provider, barrier, wanted) =
                (provider.clone(), Arc::clone(&barrier), wanted.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                provider.token(&tenant_id("cold"), &wanted).await
            })
        })
        .collect();
    let mut tokens = Vec::with_capacity(CALLERS);
    for task in tasks {
        tokens.push(task.await.unwrap().unwrap());
    }
    assert_eq!(org.admin().token_requests(&installed.client_id), 1);
    assert!(
        tokens
            .iter()
            .all(|token| token.expose() == tokens[0].expose())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_storm_on_bad_credentials_makes_one_request() {
    let org = start_org().await;
    let wanted = scopes("okta.users.read");
    let installed = org
        .admin()
        .install(Install::client_secret(wanted.clone()))
        .unwrap();
    // Remember the failure long enough for every caller to have arrived.
    let provider = oin_auth::TokenProvider::new(
        oin_auth::ProviderConfig::default()
            .with_failure_memory(std::time::Duration::from_secs(600)),
    )
    .unwrap();
    provider.add_tenant(tenant(
        "bad",
        &org,
        &installed,
        Credentials::ClientSecretBasic(ClientSecret::new("wrong").unwrap()),
    ));

    let barrier = Arc::new(Barrier::new(CALLERS));
    let tasks: Vec<_> = (0..CALLERS)
        .map(|_| {
            let (provider, barrier, wanted) =
                (provider.clone(), Arc::clone(&barrier), wanted.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                provider.token(&tenant_id("bad"), &wanted).await
            })
        })
        .collect();
    let mut failures = 0;
    for task in tasks {
        if let Err(TokenError::InvalidClient { .. }) = task.await.unwrap() {
            failures += 1;
        }
    }
    assert_eq!(failures, CALLERS);
    // The callers that waited for the failed request share its error, and the later ones get
    // the remembered failure.
    assert_eq!(org.admin().token_requests(&installed.client_id), 1);

    // Fixed credentials are used at once: rotating forgets the failure.
    provider
        .rotate_credentials(
            &tenant_id("bad"),
            Credentials::ClientSecretBasic(secret_of(&installed)),
        )
        .unwrap();
    provider.token(&tenant_id("bad"), &wanted).await.unwrap();
    assert_eq!(org.admin().token_requests(&installed.client_id), 2);
}
