//! `private_key_jwt` (custom service apps): the private key from PEM or a JWK, its public
//! JWKS registered with the org, a token per request signed with a fresh client assertion.
//!
//! `cargo run -p oin-auth --example private_key_jwt [path/to/private-key.pem-or.jwk.json]`

use oin_auth::{
    ClientId, Credentials, OrgUrl, PrivateKey, ScopeSet, SigningAlgorithm, Tenant, TenantId,
    TokenProvider,
};
use oin_fake_org::{FakeOrg, FakeOrgConfig, Install};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // A key file if given (PKCS#8, PKCS#1, SEC1 or a private JWK), else a fresh ES256 key.
    let key = match std::env::args().nth(1) {
        Some(path) => PrivateKey::parse(&std::fs::read_to_string(path)?, Some("example-key"))?,
        None => PrivateKey::generate(SigningAlgorithm::Es256, "example-key")?,
    };
    println!("signing with {key:?}");

    let org = FakeOrg::start(FakeOrgConfig::default()).await?;
    let scopes: ScopeSet = "okta.logs.read".parse()?;
    let installed = org.admin().install(Install::private_key_jwt(
        serde_json::from_str(&key.public_jwks())?,
        scopes.clone(),
    ))?;

    let provider = TokenProvider::new(Default::default())?;
    let tenant = TenantId::new("custom-app")?;
    provider.add_tenant(Tenant::new(
        tenant.clone(),
        OrgUrl::parse_insecure_loopback(org.url())?,
        ClientId::new(installed.client_id.clone())?,
        Credentials::PrivateKeyJwt(key),
    ));
    let token = provider.token(&tenant, &scopes).await?;
    println!("{} token for `{}`", token.token_type(), token.granted());
    Ok(())
}
