//! A fake org for an external client test (`tests/python/run.sh`): installs two
//! `private_key_jwt` integrations with the public JWK given, the second requiring DPoP,
//! prints `{"url": ..., "client_id": ..., "dpop_client_id": ...}` on one line, serves until
//! standard input closes, then prints what the org saw: per client the token requests and
//! the verified client assertions, the DPoP-authorized calls, and the calls by operation
//! and status.
//!
//! `cargo run -p oin-fake-org --example sdk_org -- JWK_FILE "SCOPES" USERS LOG_EVENTS`

use std::collections::BTreeMap;
use std::io::BufRead;

use anyhow::Context;
use oin_fake_org::{CallerKind, DataSizes, FakeOrg, FakeOrgConfig, Install};
use serde_json::{Value, json};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [jwk_file, scopes, users, log_events] = args.as_slice() else {
        anyhow::bail!("usage: sdk_org JWK_FILE \"SCOPES\" USERS LOG_EVENTS");
    };
    let jwk: Value = serde_json::from_str(
        &std::fs::read_to_string(jwk_file).with_context(|| format!("cannot read {jwk_file}"))?,
    )?;
    let config = FakeOrgConfig {
        data: DataSizes {
            users: users.parse().context("USERS is a number")?,
            log_events: log_events.parse().context("LOG_EVENTS is a number")?,
            ..DataSizes::default()
        },
        ..FakeOrgConfig::default()
    };
    let org = FakeOrg::start(config).await?;
    let admin = org.admin();
    let jwks = json!({ "keys": [jwk] });
    let plain = admin.install(Install::private_key_jwt(jwks.clone(), scopes.parse()?))?;
    let dpop = admin.install(Install::private_key_jwt(jwks, scopes.parse()?).require_dpop(true))?;
    println!(
        "{}",
        json!({ "url": org.url(), "client_id": plain.client_id, "dpop_client_id": dpop.client_id })
    );

    tokio::task::spawn_blocking(
        || for _ in std::io::stdin().lock().lines().map_while(Result::ok) {},
    )
    .await?;

    let mut calls: BTreeMap<String, BTreeMap<u16, usize>> = BTreeMap::new();
    let mut dpop_calls = 0;
    for entry in admin.journal() {
        let operation = entry.operation_id.unwrap_or("unknown").to_owned();
        *calls
            .entry(operation)
            .or_default()
            .entry(entry.status)
            .or_default() += 1;
        if entry.caller == CallerKind::Dpop && entry.status == 200 {
            dpop_calls += 1;
        }
    }
    let clients: BTreeMap<&str, Value> = [("plain", &plain.client_id), ("dpop", &dpop.client_id)]
        .into_iter()
        .map(|(name, id)| {
            let counts = json!({
                "token_requests": admin.token_requests(id),
                "verified_assertions": admin.verified_assertions(id),
            });
            (name, counts)
        })
        .collect();
    println!(
        "{}",
        json!({ "clients": clients, "dpop_calls": dpop_calls, "calls": calls })
    );
    org.shutdown().await;
    Ok(())
}
