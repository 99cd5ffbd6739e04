//! DPoP-bound tokens: the tenant's own DPoP key, Okta's `use_dpop_nonce` round (handled by
//! the provider), and a resource call with `Authorization: DPoP` and a proof carrying `ath`.
//!
//! `cargo run -p oin-auth --example dpop`

use oin_auth::{
    ClientId, ClientSecret, Credentials, DpopKey, OrgUrl, ScopeSet, Tenant, TenantId, TokenProvider,
};
use oin_fake_org::{FakeOrg, FakeOrgConfig, Install};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let org = FakeOrg::start(FakeOrgConfig::default()).await?;
    let scopes: ScopeSet = "okta.users.read".parse()?;
    let installed = org
        .admin()
        .install(Install::client_secret(scopes.clone()).require_dpop(true))?;
    let secret = installed
        .client_secret
        .as_ref()
        .map(|secret| secret.expose().to_owned())
        .unwrap_or_default();

    let provider = TokenProvider::new(Default::default())?;
    let tenant = TenantId::new("dpop-org")?;
    provider.add_tenant(
        Tenant::new(
            tenant.clone(),
            OrgUrl::parse_insecure_loopback(org.url())?,
            ClientId::new(installed.client_id.clone())?,
            Credentials::ClientSecretBasic(ClientSecret::new(secret)?),
        )
        .with_dpop(DpopKey::generate()?)?,
    );
    let token = provider.token(&tenant, &scopes).await?;
    println!(
        "{} token after {} token requests (the nonce round); nonce kept: {}",
        token.token_type(),
        org.admin().token_requests(&installed.client_id),
        provider.dpop_nonce(&tenant).is_some()
    );

    let url = format!("{}/api/v1/users?limit=1", org.url());
    let headers = token.authorization(&http::Method::GET, &url)?;
    let response = reqwest::Client::new()
        .get(&url)
        .headers(headers)
        .send()
        .await?;
    println!(
        "GET /api/v1/users with a DPoP proof -> {}",
        response.status()
    );
    Ok(())
}
