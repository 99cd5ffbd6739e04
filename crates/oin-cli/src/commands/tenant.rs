//! `oin tenant check`: what an ISV runs when onboarding a customer's org. It gets a token
//! with the customer's credentials and compares the granted scopes with the manifest's
//! requested ones; each failure says what the customer's admin (or the ISV) should do. The
//! token is never printed unless `--show-token` is given.

use std::io::Write;
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, bail};
use clap::{Args, Subcommand, ValueEnum};
use oin_auth::{
    AccessToken, Actor, ClientId, ClientSecret, Credentials, DpopKey, OrgUrl, OrgUrlError,
    PrivateKey, ScopeSet, SigningAlgorithm, Tenant, TenantId, TokenError, TokenProvider,
};
use serde::Serialize;

use crate::Outcome;
use crate::output::{self, AnswerFormat, DIM, EMPHASIS, ERROR, GOOD, WARNING};

/// The `oin tenant` subcommands.
#[derive(Debug, Subcommand)]
pub enum TenantCommand {
    /// Get a token from a customer's org and compare its scopes with the manifest's; exit 1
    /// when no token is issued or a requested scope is not granted.
    Check(CheckArgs),
}

/// The client-secret authentication method.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum SecretMethod {
    /// `Authorization: Basic`, the method of OIN API service integrations.
    #[default]
    Basic,
    /// The secret as a form parameter.
    Post,
}

/// Arguments of `oin tenant check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The customer's Okta org, such as `https://acme.okta.com` or `acme.okta.com`.
    #[arg(long)]
    pub org: String,
    /// The client ID of the integration's instance in that org.
    #[arg(long)]
    pub client_id: String,
    /// The environment variable that holds the client secret.
    #[arg(long, value_name = "VAR", group = "credentials")]
    pub secret_env: Option<String>,
    /// A file that holds the client secret (one line).
    #[arg(long, value_name = "PATH", group = "credentials")]
    pub secret_file: Option<PathBuf>,
    /// How the secret is sent.
    #[arg(long, value_enum, default_value_t)]
    pub secret_method: SecretMethod,
    /// A private key file for `private_key_jwt`: PKCS#8, PKCS#1 or SEC1 PEM, or a private JWK.
    #[arg(long, value_name = "PATH", group = "credentials")]
    pub private_key: Option<PathBuf>,
    /// The key id of the private key (required for PEM; a JWK's own `kid` is used otherwise).
    #[arg(long, requires = "private_key")]
    pub kid: Option<String>,
    /// The signing algorithm of an RSA key (RS256 by default; RS384, RS512).
    #[arg(long, requires = "private_key")]
    pub algorithm: Option<String>,
    /// Prove possession with DPoP, using a key generated for this check.
    #[arg(long)]
    pub dpop: bool,
    /// The manifest whose requested scopes the grant is compared with, or a folder holding
    /// an `oin.toml`.
    #[arg(long, default_value = "oin.toml")]
    pub manifest: PathBuf,
    /// The scopes to request instead of the manifest's (space-separated).
    #[arg(long)]
    pub scopes: Option<String>,
    /// Print the access token too.
    #[arg(long)]
    pub show_token: bool,
    /// Accept a plain `http://` org on loopback (such as `oin fake-org serve`), for tests and
    /// demos; never needed for a real org.
    #[arg(long)]
    pub allow_insecure_loopback: bool,
    /// The output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: AnswerFormat,
}

/// Runs an `oin tenant` subcommand.
///
/// # Errors
/// Usage and I/O errors: a bad org URL or client ID, an unreadable secret, key or manifest.
/// A refused token request is a finding ([`Outcome::Findings`]), not an error.
pub fn run(command: TenantCommand) -> anyhow::Result<Outcome> {
    let mut out = anstream::stdout().lock();
    match command {
        TenantCommand::Check(args) => check(&args, &mut out),
    }
}

/// The report of one check, as printed.
#[derive(Debug, Serialize)]
struct Report {
    org: String,
    client_id: String,
    auth_method: &'static str,
    dpop: bool,
    /// Where the requested scopes come from.
    requested_from: String,
    requested: ScopeSet,
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    token: Option<TokenReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    granted: Option<ScopeSet>,
    #[serde(skip_serializing_if = "Option::is_none")]
    missing: Option<ScopeSet>,
    #[serde(skip_serializing_if = "Option::is_none")]
    extra: Option<ScopeSet>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<ErrorReport>,
}

#[derive(Debug, Serialize)]
struct TokenReport {
    token_type: String,
    lifetime_seconds: u64,
    expires_at_unix: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    access_token: Option<String>,
}

#[derive(Debug, Serialize)]
struct ErrorReport {
    #[serde(skip_serializing_if = "Option::is_none")]
    oauth_error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    message: String,
    who_acts: &'static str,
    what_to_do: &'static str,
}

fn who_acts(actor: Actor) -> &'static str {
    match actor {
        Actor::CustomerAdmin => "the customer's admin",
        Actor::Retry => "nobody: retry later",
        _ => "the ISV",
    }
}

/// Runs `oin tenant check`, writing to `out`.
pub(crate) fn check(args: &CheckArgs, out: &mut impl Write) -> anyhow::Result<Outcome> {
    let org = if args.allow_insecure_loopback {
        OrgUrl::parse_insecure_loopback(&args.org)
    } else {
        OrgUrl::parse(&args.org)
    }
    .map_err(|error| match error {
        OrgUrlError::NotHttps { .. } if !args.allow_insecure_loopback => anyhow::anyhow!(
            "{error}; for a local fake org on loopback, add --allow-insecure-loopback"
        ),
        other => other.into(),
    })?;
    let client_id = ClientId::new(args.client_id.trim())?;
    let credentials = credentials(args)?;
    let (requested, requested_from) = requested_scopes(args)?;
    if requested.is_empty() {
        bail!("no scopes to request: {requested_from} names none");
    }
    let mut tenant = Tenant::new(
        // Messages name the tenant: here, the org itself.
        TenantId::new(org.host())?,
        org.clone(),
        client_id.clone(),
        credentials,
    );
    if args.dpop {
        tenant = tenant.with_dpop(DpopKey::generate()?)?;
    }
    let mut report = Report {
        org: org.to_string(),
        client_id: client_id.to_string(),
        auth_method: tenant.credentials().method(),
        dpop: args.dpop,
        requested_from,
        requested: requested.clone(),
        ok: false,
        token: None,
        granted: None,
        missing: None,
        extra: None,
        error: None,
    };

    let provider = TokenProvider::new(Default::default())?;
    let id = tenant.id().clone();
    provider.add_tenant(tenant);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    match runtime.block_on(provider.token(&id, &requested)) {
        Ok(token) => fill_from_token(&mut report, &token, args.show_token),
        Err(error) => report.error = Some(error_report(&error)),
    }

    match args.format {
        AnswerFormat::Json => output::write_json(out, &report)?,
        AnswerFormat::Human => write_human(out, &report)?,
    }
    Ok(if report.ok {
        Outcome::Clean
    } else {
        Outcome::Findings
    })
}

fn fill_from_token(report: &mut Report, token: &AccessToken, show_token: bool) {
    let expires_at_unix = token
        .expires_at()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    report.token = Some(TokenReport {
        token_type: token.token_type().to_string(),
        lifetime_seconds: token.lifetime().as_secs(),
        expires_at_unix,
        access_token: show_token.then(|| token.expose().to_owned()),
    });
    let granted = token.granted().clone();
    let missing = report.requested.missing_from(&granted);
    let extra = granted.missing_from(&report.requested);
    report.ok = missing.is_empty();
    report.granted = Some(granted);
    report.missing = Some(missing);
    report.extra = Some(extra);
}

fn error_report(error: &TokenError) -> ErrorReport {
    ErrorReport {
        oauth_error: error.oauth_error().map(str::to_owned),
        description: error.description().map(str::to_owned),
        message: error.to_string(),
        who_acts: who_acts(error.actor()),
        what_to_do: error.what_to_do(),
    }
}

/// The credentials the arguments name.
fn credentials(args: &CheckArgs) -> anyhow::Result<Credentials> {
    if let Some(path) = &args.private_key {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the private key {}", path.display()))?;
        let mut key = PrivateKey::parse(&text, args.kid.as_deref())
            .with_context(|| format!("cannot use the private key {}", path.display()))?;
        if let Some(algorithm) = &args.algorithm {
            key = key.with_algorithm(algorithm.parse::<SigningAlgorithm>()?)?;
        }
        return Ok(Credentials::PrivateKeyJwt(key));
    }
    let secret = match (&args.secret_env, &args.secret_file) {
        (Some(var), _) => std::env::var(var)
            .with_context(|| format!("the environment variable {var} is not set"))?,
        (None, Some(path)) => std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the client secret file {}", path.display()))?,
        (None, None) => {
            bail!("no credentials: give --secret-env VAR, --secret-file PATH or --private-key PATH")
        }
    };
    // A secret from a file or variable often ends with a newline.
    let secret = ClientSecret::new(secret.trim())?;
    Ok(match args.secret_method {
        SecretMethod::Basic => Credentials::ClientSecretBasic(secret),
        SecretMethod::Post => Credentials::ClientSecretPost(secret),
    })
}

/// The scopes to request, and where they come from.
fn requested_scopes(args: &CheckArgs) -> anyhow::Result<(ScopeSet, String)> {
    if let Some(scopes) = &args.scopes {
        return Ok((scopes.parse()?, "--scopes".to_owned()));
    }
    let path = super::manifest_path(&args.manifest);
    let report = oin_scopes::manifest::lint_file(&path)
        .with_context(|| format!("cannot read the manifest {}", path.display()))?;
    if report.manifest.is_none() {
        bail!(
            "{} is not a valid manifest: run `oin scopes lint {}`",
            path.display(),
            path.display()
        );
    }
    Ok((report.requested_scopes(), path.display().to_string()))
}

fn or_none(scopes: &ScopeSet) -> String {
    if scopes.is_empty() {
        "(none)".to_owned()
    } else {
        scopes.to_string()
    }
}

fn write_human(out: &mut impl Write, report: &Report) -> std::io::Result<()> {
    writeln!(
        out,
        "{EMPHASIS}tenant check{EMPHASIS:#}: {} (client {}, {}{})",
        report.org,
        report.client_id,
        report.auth_method,
        if report.dpop { ", DPoP" } else { "" }
    )?;
    writeln!(
        out,
        "  requested  {} {DIM}({}){DIM:#}",
        or_none(&report.requested),
        report.requested_from
    )?;
    if let Some(error) = &report.error {
        writeln!(out, "{ERROR}error{ERROR:#}: no token: {}", error.message)?;
        writeln!(out, "  who acts   {}", error.who_acts)?;
        writeln!(out, "  what to do {}", error.what_to_do)?;
        return Ok(());
    }
    if let Some(token) = &report.token {
        let remaining = token.expires_at_unix.saturating_sub(
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |since| since.as_secs()),
        );
        writeln!(
            out,
            "  token      {}, lifetime {}s, expires in {remaining}s (unix {})",
            token.token_type, token.lifetime_seconds, token.expires_at_unix
        )?;
        if let Some(access_token) = &token.access_token {
            writeln!(out, "  access     {access_token}")?;
        }
    }
    let empty = ScopeSet::new();
    let missing = report.missing.as_ref().unwrap_or(&empty);
    writeln!(
        out,
        "  granted    {}",
        or_none(report.granted.as_ref().unwrap_or(&empty))
    )?;
    writeln!(out, "  missing    {}", or_none(missing))?;
    writeln!(
        out,
        "  extra      {}",
        or_none(report.extra.as_ref().unwrap_or(&empty))
    )?;
    if report.ok {
        writeln!(
            out,
            "{GOOD}ok{GOOD:#}: the token covers every requested scope"
        )
    } else {
        writeln!(
            out,
            "{WARNING}narrower grant{WARNING:#}: the customer's admin consented to fewer scopes than the integration requests; calls that need `{missing}` will fail"
        )?;
        writeln!(
            out,
            "  what to do the customer's admin should grant the missing scopes (Admin Console > Applications > API Service Integrations > the integration > Okta API Scopes), or reinstall the integration and consent to all its scopes"
        )
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use clap::Parser;
    use oin_fake_org::{FakeOrg, FakeOrgConfig, Install};

    use super::*;
    use crate::{Cli, Command};

    /// A fake org on its own runtime, so that the command can start its own.
    struct Org {
        runtime: tokio::runtime::Runtime,
        org: FakeOrg,
    }

    fn org() -> Org {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let org = runtime
            .block_on(FakeOrg::start(FakeOrgConfig::default()))
            .unwrap();
        Org { runtime, org }
    }

    /// A file holding `text` under the system's temporary folder, removed when dropped.
    struct TempFile(PathBuf);

    impl TempFile {
        fn path(&self) -> &str {
            self.0.to_str().unwrap()
        }
    }

    impl Drop for TempFile {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }

    fn file(name: &str, text: &str) -> TempFile {
        let path =
            std::env::temp_dir().join(format!("oin-tenant-check-{}-{name}", std::process::id()));
        std::fs::write(&path, text).unwrap();
        TempFile(path)
    }

    fn manifest_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/log-streamer")
    }

    /// Parses `oin tenant check ARGS` and runs it, capturing the output.
    fn run_check(args: &[&str]) -> (Outcome, String) {
        let cli = Cli::try_parse_from(
            ["oin", "tenant", "check", "--allow-insecure-loopback"]
                .iter()
                .chain(args),
        )
        .unwrap();
        let Command::Tenant(TenantCommand::Check(args)) = cli.command else {
            panic!("parsed as another command");
        };
        let mut out = Vec::new();
        let outcome = check(&args, &mut out).unwrap();
        (
            outcome,
            anstream::adapter::strip_str(&String::from_utf8(out).unwrap()).to_string(),
        )
    }

    #[test]
    fn an_oin_instance_refuses_the_secret_in_the_form() {
        let org = org();
        let installed = org
            .org
            .admin()
            .install(Install::client_secret("okta.users.read".parse().unwrap()))
            .unwrap();
        let secret = installed
            .client_secret
            .as_ref()
            .unwrap()
            .expose()
            .to_owned();
        let secret_file = file("post", &format!("{secret}\n"));
        let (outcome, text) = run_check(&[
            "--org",
            org.org.url(),
            "--client-id",
            &installed.client_id,
            "--secret-file",
            secret_file.path(),
            "--secret-method",
            "post",
            "--scopes",
            "okta.users.read",
        ]);
        assert_eq!(outcome, Outcome::Findings, "{text}");
        assert!(text.contains("client_secret_basic"), "{text}");
        assert!(!text.contains(&secret));
    }

    #[test]
    fn a_full_grant_is_clean_and_hides_the_token() {
        let org = org();
        let installed = org
            .org
            .admin()
            .install(Install::client_secret(
                "okta.users.read okta.logs.read".parse().unwrap(),
            ))
            .unwrap();
        let secret = installed
            .client_secret
            .as_ref()
            .unwrap()
            .expose()
            .to_owned();
        let secret_file = file("full", &format!("{secret}\n"));
        let base = [
            "--org",
            org.org.url(),
            "--client-id",
            &installed.client_id,
            "--secret-file",
            secret_file.path(),
            "--scopes",
            "okta.users.read okta.logs.read",
        ];
        let (outcome, text) = run_check(&base);
        assert_eq!(outcome, Outcome::Clean, "{text}");
        assert!(
            text.contains("ok: the token covers every requested scope"),
            "{text}"
        );
        assert!(text.contains("Bearer, lifetime 3600s"), "{text}");
        assert!(!text.contains(&secret));

        let (outcome, json) = run_check(&[&base[..], &["--format", "json"]].concat());
        assert_eq!(outcome, Outcome::Clean);
        let json: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(json["auth_method"], "client_secret_basic");
        assert_eq!(
            json["granted"],
            serde_json::json!(["okta.logs.read", "okta.users.read"])
        );
        assert_eq!(json["missing"], serde_json::json!([]));
        assert!(
            json["token"].get("access_token").is_none(),
            "hidden without --show-token"
        );

        let (_, json) =
            run_check(&[&base[..], &["--format", "json", "--show-token", "--dpop"]].concat());
        let json: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(json["token"]["token_type"], "DPoP");
        assert!(
            json["token"]["access_token"]
                .as_str()
                .is_some_and(|token| token.len() > 20)
        );
        drop(org.runtime);
    }

    #[test]
    fn a_narrower_grant_against_the_manifest_is_a_finding() {
        let org = org();
        // The example integration's manifest requests these scopes; the customer granted one.
        let manifest = manifest_dir();
        let requested = oin_scopes::manifest::lint_file(&manifest.join("oin.toml"))
            .unwrap()
            .requested_scopes();
        let first = requested.iter().next().unwrap().clone();
        let installed = org
            .org
            .admin()
            .install(
                Install::client_secret(requested.clone())
                    .granting([first.clone()].into_iter().collect()),
            )
            .unwrap();
        let secret_file = file("narrow", installed.client_secret.as_ref().unwrap().expose());
        let (outcome, json) = run_check(&[
            "--org",
            org.org.url(),
            "--client-id",
            &installed.client_id,
            "--secret-file",
            secret_file.path(),
            "--manifest",
            manifest.to_str().unwrap(),
            "--format",
            "json",
        ]);
        let json: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert!(
            requested.len() > 1,
            "the example manifest requests several scopes"
        );
        assert_eq!(outcome, Outcome::Findings, "{json}");
        assert_eq!(json["requested"].as_array().unwrap().len(), requested.len());
        assert_eq!(json["granted"], serde_json::json!([first.as_str()]));
        assert_eq!(
            json["missing"].as_array().unwrap().len(),
            requested.len() - 1
        );
        assert_eq!(json["ok"], false);
    }

    #[test]
    fn private_key_jwt_and_a_refusal_say_what_to_do() {
        let org = org();
        let key_path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/keys/auth/ec-p256-pkcs8.pem");
        let key = PrivateKey::from_pem(&std::fs::read_to_string(&key_path).unwrap(), "k1").unwrap();
        let installed = org
            .org
            .admin()
            .install(Install::private_key_jwt(
                serde_json::from_str(&key.public_jwks()).unwrap(),
                "okta.users.read".parse().unwrap(),
            ))
            .unwrap();
        let base = [
            "--org",
            org.org.url(),
            "--client-id",
            &installed.client_id,
            "--scopes",
            "okta.users.read",
        ];
        let (outcome, text) = run_check(
            &[
                &base[..],
                &["--private-key", key_path.to_str().unwrap(), "--kid", "k1"],
            ]
            .concat(),
        );
        assert_eq!(outcome, Outcome::Clean, "{text}");

        // The wrong key: no token, and what the customer's admin should check.
        let other = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/keys/auth/ec-p384-pkcs8.pem");
        let (outcome, text) = run_check(
            &[
                &base[..],
                &["--private-key", other.to_str().unwrap(), "--kid", "k1"],
            ]
            .concat(),
        );
        assert_eq!(outcome, Outcome::Findings, "{text}");
        assert!(text.contains("invalid_client"), "{text}");
        assert!(text.contains("who acts   the customer's admin"), "{text}");

        // Through `oin_cli::run`: the exit outcome of the whole command.
        let cli = Cli::try_parse_from(
            ["oin", "tenant", "check", "--allow-insecure-loopback"]
                .iter()
                .chain(&base)
                .chain(&[
                    "--private-key",
                    key_path.to_str().unwrap(),
                    "--kid",
                    "k1",
                    "--format",
                    "json",
                ]),
        )
        .unwrap();
        assert_eq!(crate::run(cli).unwrap(), Outcome::Clean);
    }

    /// `oin tenant check` with `args`, run to its error (a usage error: exit 2).
    fn usage_error(args: &[&str]) -> String {
        let cli = Cli::try_parse_from(["oin", "tenant", "check"].iter().chain(args)).unwrap();
        format!("{:#}", crate::run(cli).unwrap_err())
    }

    #[test]
    fn usage_errors_are_errors() {
        let public = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/keys/auth/rsa-2048-public.pem");
        let public = public.to_str().unwrap();
        let secret_env = ["--secret-env", "OIN_TEST_UNSET_VARIABLE"];
        let public_key = ["--private-key", public, "--kid", "k"];
        for (org, credentials, expected) in [
            ("https://{yourOktaDomain}", &secret_env[..], "placeholder"),
            ("acme.okta.com", &secret_env[..], "OIN_TEST_UNSET_VARIABLE"),
            ("acme.okta.com", &public_key[..], "public key"),
        ] {
            let args = [
                &[
                    "--org",
                    org,
                    "--client-id",
                    "0oa1",
                    "--scopes",
                    "okta.users.read",
                ][..],
                credentials,
            ]
            .concat();
            let error = usage_error(&args);
            assert!(error.contains(expected), "{args:?}: {error}");
        }
    }
}
