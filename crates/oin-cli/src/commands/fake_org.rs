//! `oin fake-org serve`: run a local fake Okta org (the `oin-fake-org` crate) until Ctrl-C,
//! with integrations installed from flags.
//!
//! Secrets (the admin API token, client secrets) are printed only when standard output is a
//! terminal; otherwise they go to the JSON file named by `--secrets-file`, and nowhere else.

use std::io::{IsTerminal, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use oin_fake_org::{
    Bucket, DataSizes, FakeOrg, FakeOrgConfig, FaultKind, FaultRule, Faults, Install, RateLimits,
};
use serde_json::{Value, json};

use crate::Outcome;

/// `oin fake-org ...`
#[derive(Debug, Subcommand)]
pub enum FakeOrgCommand {
    /// Serve a fake Okta org on loopback until Ctrl-C.
    Serve(ServeArgs),
}

/// `oin fake-org serve` flags.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (port 0: a free port).
    #[arg(long, default_value = "127.0.0.1:0")]
    bind: SocketAddr,
    /// Seed of the generated data and of the fault schedule.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Users in the directory.
    #[arg(long, default_value_t = 50)]
    users: usize,
    /// Groups in the directory.
    #[arg(long, default_value_t = 10)]
    groups: usize,
    /// Applications in the directory.
    #[arg(long, default_value_t = 5)]
    apps: usize,
    /// System Log events at start (generated on demand; millions are fine).
    #[arg(long, default_value_t = 500)]
    log_events: u64,
    /// New System Log events appended per minute while serving, for polling clients.
    #[arg(long, default_value_t = 0)]
    log_events_per_minute: u64,
    /// Access token lifetime in seconds.
    #[arg(long, default_value_t = 3600)]
    token_lifetime: u64,
    /// Install an integration: `SCOPES` (comma- or space-separated) gets a client secret;
    /// `SCOPES:FILE` authenticates with private_key_jwt against the public JWK or JWKS in
    /// FILE. Repeatable.
    #[arg(long = "install", value_name = "SCOPES[:JWKS_FILE]")]
    installs: Vec<String>,
    /// Installs require DPoP-bound tokens.
    #[arg(long)]
    dpop: bool,
    /// Write the URL, admin API token, and each install's client id and secret to this JSON
    /// file (mode 0600 on Unix).
    #[arg(long, value_name = "FILE")]
    secrets_file: Option<PathBuf>,
    /// Write the journal of calls as NDJSON to this file when stopped.
    #[arg(long, value_name = "FILE")]
    journal: Option<PathBuf>,
    /// Do not enforce rate limits (headers are still sent).
    #[arg(long)]
    no_rate_limits: bool,
    /// Requests per minute for a path prefix, e.g. `/api/v1/logs=60`. Repeatable.
    #[arg(long = "bucket", value_name = "PREFIX=PER_MINUTE")]
    buckets: Vec<String>,
    /// The percentage of a bucket one integration or the API token may use (Okta's
    /// default: 50; 100: the whole bucket).
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u8).range(1..=100))]
    per_client_percent: u8,
    /// Concurrent requests allowed (0: no limit).
    #[arg(long, default_value_t = 75)]
    concurrency: usize,
    /// Inject a fault: `KIND=SHARE[@OPERATION_ID]`, KIND one of 500, 503, reset, malformed,
    /// truncated, latency-MS, 429-N (a burst of N). Repeatable.
    #[arg(long = "fault", value_name = "KIND=SHARE[@OPERATION]")]
    faults: Vec<String>,
}

/// Runs `oin fake-org`.
///
/// # Errors
/// Bad flags, unreadable key files, a failed bind, or a failure writing the secrets file.
pub fn run(command: FakeOrgCommand) -> anyhow::Result<Outcome> {
    match command {
        FakeOrgCommand::Serve(args) => {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .context("cannot start the async runtime")?;
            runtime.block_on(serve(args))
        }
    }
}

fn config(args: &ServeArgs) -> anyhow::Result<FakeOrgConfig> {
    let mut rate_limits = if args.no_rate_limits {
        RateLimits::off()
    } else {
        RateLimits::default()
    };
    rate_limits.concurrency = (args.concurrency > 0).then_some(args.concurrency);
    rate_limits.per_client_percent = Some(args.per_client_percent);
    for (index, spec) in args.buckets.iter().enumerate() {
        let (prefix, limit) = spec.split_once('=').with_context(|| {
            format!("--bucket `{spec}`: write PREFIX=PER_MINUTE, e.g. /api/v1/logs=60")
        })?;
        let limit: u32 = limit
            .parse()
            .with_context(|| format!("--bucket `{spec}`: `{limit}` is not a whole number"))?;
        rate_limits
            .buckets
            .insert(index, Bucket::new(prefix, limit));
    }
    let rules = args
        .faults
        .iter()
        .map(|spec| fault(spec))
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(FakeOrgConfig {
        bind: args.bind,
        seed: args.seed,
        token_lifetime: Duration::from_secs(args.token_lifetime),
        data: DataSizes {
            users: args.users,
            groups: args.groups,
            apps: args.apps,
            log_events: args.log_events,
            ..DataSizes::default()
        },
        rate_limits,
        faults: Faults { rules },
        ..FakeOrgConfig::default()
    })
}

fn fault(spec: &str) -> anyhow::Result<FaultRule> {
    let usage =
        || format!("--fault `{spec}`: write KIND=SHARE[@OPERATION], e.g. 503=0.1@listLogEvents");
    let (kind, rest) = spec.split_once('=').with_context(usage)?;
    let (share, operation) = match rest.split_once('@') {
        Some((share, operation)) => (share, Some(operation)),
        None => (rest, None),
    };
    let share: f64 = share.parse().with_context(usage)?;
    if !(0.0..=1.0).contains(&share) {
        bail!("--fault `{spec}`: the share must be between 0 and 1");
    }
    let kind = match kind {
        "500" => FaultKind::InternalError,
        "503" => FaultKind::Unavailable,
        "reset" => FaultKind::Reset,
        "malformed" => FaultKind::Malformed,
        "truncated" => FaultKind::Truncated,
        other => {
            if let Some(millis) = other.strip_prefix("latency-") {
                FaultKind::Latency(Duration::from_millis(millis.parse().with_context(usage)?))
            } else if let Some(burst) = other.strip_prefix("429-") {
                FaultKind::RateLimitBurst(burst.parse().with_context(usage)?)
            } else {
                bail!(
                    "--fault `{spec}`: unknown kind `{other}`; use 500, 503, reset, malformed, truncated, latency-MS or 429-N"
                );
            }
        }
    };
    let rule = FaultRule::new(kind, share);
    Ok(match operation {
        Some(operation) => rule.for_operation(operation),
        None => rule,
    })
}

fn install(spec: &str, dpop: bool) -> anyhow::Result<Install> {
    let (scopes, key_file) = match spec.split_once(':') {
        Some((scopes, file)) => (scopes, Some(file)),
        None => (spec, None),
    };
    let scopes = scopes
        .replace(',', " ")
        .parse()
        .with_context(|| format!("--install `{spec}`: bad scope list"))?;
    let install = match key_file {
        None => Install::client_secret(scopes),
        Some(file) => {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("--install `{spec}`: cannot read `{file}`"))?;
            let key: Value = serde_json::from_str(&text).with_context(|| {
                format!("--install `{spec}`: `{file}` is not JSON (give a public JWK or a JWKS)")
            })?;
            let jwks = if key.get("keys").is_some() {
                key
            } else {
                json!({ "keys": [key] })
            };
            Install::private_key_jwt(jwks, scopes)
        }
    };
    Ok(install.require_dpop(dpop))
}

async fn serve(args: ServeArgs) -> anyhow::Result<Outcome> {
    let config = config(&args)?;
    let installs = args
        .installs
        .iter()
        .map(|spec| install(spec, args.dpop))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let org = FakeOrg::start(config).await?;
    let admin = org.admin();
    let terminal = std::io::stdout().is_terminal();
    let mut out = std::io::stdout().lock();
    writeln!(out, "fake Okta org: {}", org.url())?;
    writeln!(out, "token endpoint: {}", org.token_url())?;
    if terminal {
        writeln!(out, "admin API token: SSWS {}", org.admin_token().expose())?;
    }
    let mut installed_json = Vec::new();
    for (spec, install) in args.installs.iter().zip(installs) {
        let installed = admin
            .install(install)
            .with_context(|| format!("--install `{spec}`"))?;
        writeln!(
            out,
            "installed: client_id {} scopes {}",
            installed.client_id, installed.granted_scopes
        )?;
        if let (true, Some(secret)) = (terminal, &installed.client_secret) {
            writeln!(out, "  client secret: {}", secret.expose())?;
        }
        installed_json.push(json!({
            "client_id": installed.client_id,
            "client_secret": installed.client_secret.as_ref().map(|secret| secret.expose().to_owned()),
            "scopes": installed.granted_scopes.to_string(),
        }));
    }
    if let Some(path) = &args.secrets_file {
        let secrets = json!({
            "url": org.url(),
            "token_url": org.token_url(),
            "admin_token": org.admin_token().expose(),
            "installs": installed_json,
        });
        write_private(path, &serde_json::to_string_pretty(&secrets)?)
            .with_context(|| format!("cannot write the secrets file `{}`", path.display()))?;
        writeln!(out, "secrets written to {}", path.display())?;
    } else if !terminal {
        writeln!(
            out,
            "secrets not shown (standard output is not a terminal); use --secrets-file"
        )?;
    }
    writeln!(out, "serving; press Ctrl-C to stop")?;
    out.flush()?;
    drop(out);

    let appender = (args.log_events_per_minute > 0).then(|| {
        let admin = admin.clone();
        let per_minute = args.log_events_per_minute;
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(1));
            let mut owed = 0;
            loop {
                tick.tick().await;
                // Spread the minute's events over its seconds without losing remainders.
                owed += per_minute;
                admin.append_log_events(owed / 60);
                owed %= 60;
            }
        })
    });
    stopped().await?;
    if let Some(appender) = appender {
        appender.abort();
    }
    if let Some(path) = &args.journal {
        std::fs::write(path, admin.journal_ndjson())
            .with_context(|| format!("cannot write the journal `{}`", path.display()))?;
    }
    org.shutdown().await;
    Ok(Outcome::Clean)
}

/// Waits for Ctrl-C, or on Unix for SIGTERM too (what `kill` and service managers send), so
/// the journal is written however the org is stopped.
async fn stopped() -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        let mut terminate =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                .context("cannot wait for SIGTERM")?;
        tokio::select! {
            result = tokio::signal::ctrl_c() => result.context("cannot wait for Ctrl-C"),
            _ = terminate.recv() => Ok(()),
        }
    }
    #[cfg(not(unix))]
    tokio::signal::ctrl_c()
        .await
        .context("cannot wait for Ctrl-C")
}

/// Writes a file readable by its owner only: created with mode 0600, and an existing file's
/// mode is narrowed to 0600 before anything secret is written into it.
fn write_private(path: &std::path::Path, contents: &str) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    #[cfg(unix)]
    file.set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
    file.write_all(contents.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::{fault, install};
    use oin_fake_org::FaultKind;

    #[test]
    fn fault_specs_parse_and_bad_ones_say_how_to_write_them() {
        let rule = fault("503=0.25@listLogEvents").unwrap();
        assert_eq!(
            (rule.kind, rule.share, rule.operations.as_slice()),
            (
                FaultKind::Unavailable,
                0.25,
                &["listLogEvents".to_owned()][..]
            )
        );
        assert_eq!(
            fault("latency-20=1").unwrap().kind,
            FaultKind::Latency(std::time::Duration::from_millis(20))
        );
        assert_eq!(
            fault("429-3=0.5").unwrap().kind,
            FaultKind::RateLimitBurst(3)
        );
        for bad in ["503", "503=2", "teapot=0.1", "latency-x=0.1"] {
            let error = fault(bad).unwrap_err().to_string();
            assert!(error.contains(&format!("--fault `{bad}`")), "{error}");
        }
    }

    #[test]
    fn install_specs_take_scopes_and_an_optional_key_file() {
        assert!(install("okta.users.read,okta.logs.read", false).is_ok());
        let jwk = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../fixtures/keys/fake-org-test-ec-1.jwk.json"
        );
        assert!(install(&format!("okta.logs.read:{jwk}"), true).is_ok());
        assert!(
            install("okta.logs.read:/nonexistent.json", false)
                .unwrap_err()
                .to_string()
                .contains("cannot read")
        );
        assert!(install("okta..read", false).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn the_secrets_file_is_private_even_if_it_existed() {
        use std::os::unix::fs::PermissionsExt;
        let path =
            std::env::temp_dir().join(format!("oin-fake-org-secrets-{}.json", std::process::id()));
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        super::write_private(&path, "{}").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        std::fs::remove_file(&path).unwrap();
        assert_eq!(mode, 0o600);
    }
}
