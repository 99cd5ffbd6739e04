//! `client_secret_basic`, the method of OIN API service integrations, against a local fake
//! org: install the integration, register the tenant, get a token, call the API with it.
//!
//! `cargo run -p oin-auth --example client_secret`

use oin_auth::{
    ClientId, ClientSecret, Credentials, OrgUrl, ScopeSet, Tenant, TenantId, TokenProvider,
};
use oin_fake_org::{FakeOrg, FakeOrgConfig, Install};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // The customer's org, and the credentials its admin copied after "Install & Authorize".
    let org = FakeOrg::start(FakeOrgConfig::default()).await?;
    let scopes: ScopeSet = "okta.users.read okta.logs.read".parse()?;
    let installed = org
        .admin()
        .install(Install::client_secret(scopes.clone()))?;
    let secret = installed
        .client_secret
        .as_ref()
        .map(|secret| secret.expose().to_owned())
        .unwrap_or_default();

    let provider = TokenProvider::new(Default::default())?;
    let acme = TenantId::new("acme")?;
    provider.add_tenant(Tenant::new(
        acme.clone(),
        // For a real org: `OrgUrl::parse("acme.okta.com")?`.
        OrgUrl::parse_insecure_loopback(org.url())?,
        ClientId::new(installed.client_id.clone())?,
        Credentials::ClientSecretBasic(ClientSecret::new(secret)?),
    ));

    let token = provider.token(&acme, &scopes).await?;
    println!(
        "{} token, granted `{}`, valid {}s: {token:?}",
        token.token_type(),
        token.granted(),
        token.lifetime().as_secs()
    );

    let url = format!("{}/api/v1/users?limit=2", org.url());
    let headers = token.authorization(&http::Method::GET, &url)?;
    let response = reqwest::Client::new()
        .get(&url)
        .headers(headers)
        .send()
        .await?;
    println!("GET /api/v1/users -> {}", response.status());
    Ok(())
}
