//! `oin scopes diff`: the scope gate, against a file and against a git revision.

use std::path::Path;
use std::process::Command;

use crate::{oin_in, scratch_dir, workspace_root};

/// The example manifest with its `[[scopes]]` replaced by `scopes`.
fn manifest_with(scopes: &str) -> String {
    let example =
        std::fs::read_to_string(workspace_root().join("examples/log-streamer/oin.toml")).unwrap();
    let start = example.find("[[scopes]]").unwrap();
    let end = example.find("[[tenant_settings]]").unwrap();
    format!("{}{scopes}\n{}", &example[..start], &example[end..])
}

/// A `[[scopes]]` entry.
fn scope(name: &str, reason: &str) -> String {
    format!("\n[[scopes]]\nname = \"{name}\"\nreason = \"{reason}\"\n")
}

const LOGS_READ: (&str, &str) = ("okta.logs.read", "Streams the System Log.");
const USERS_READ: (&str, &str) = ("okta.users.read", "Reads the users named in events.");
const USERS_MANAGE: (&str, &str) = (
    "okta.users.manage",
    "Reads users and deactivates those the customer offboards.",
);

fn scopes(entries: &[(&str, &str)]) -> String {
    entries
        .iter()
        .map(|(name, reason)| scope(name, reason))
        .collect()
}

fn base() -> String {
    scopes(&[LOGS_READ, USERS_READ])
}

fn widened() -> String {
    scopes(&[LOGS_READ, USERS_MANAGE])
}

fn widened_acknowledged() -> String {
    widened() + "acknowledge = \"Widened from okta.users.read for automated offboarding.\"\n"
}

fn setup(name: &str, base: &str, head: &str) -> std::path::PathBuf {
    let dir = scratch_dir(name);
    std::fs::copy(
        workspace_root().join("examples/log-streamer/logo.png"),
        dir.join("logo.png"),
    )
    .unwrap();
    std::fs::write(dir.join("base.toml"), manifest_with(base)).unwrap();
    std::fs::write(dir.join("oin.toml"), manifest_with(head)).unwrap();
    dir
}

/// `oin scopes diff --base base.toml oin.toml --format FORMAT` in `dir`.
fn diff_base_file(dir: &Path, format: &str) -> crate::Run {
    oin_in(
        dir,
        &[
            "scopes",
            "diff",
            "--base",
            "base.toml",
            "oin.toml",
            "--format",
            format,
        ],
    )
}

#[test]
fn an_unacknowledged_widening_fails() {
    let dir = setup("diff-widening", &base(), &widened());
    let run = diff_base_file(&dir, "human");
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout
            .contains("okta.users.read -> okta.users.manage (widened)"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("scope gate failed"), "{}", run.stdout);

    let run = diff_base_file(&dir, "github");
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .lines()
            .any(|line| line.starts_with("::error file=oin.toml,line=")),
        "{}",
        run.stdout
    );
}

#[test]
fn an_acknowledged_widening_passes() {
    let dir = setup("diff-acknowledged", &base(), &widened_acknowledged());
    let run = diff_base_file(&dir, "human");
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout
            .contains("acknowledged: Widened from okta.users.read"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("scope gate passed"), "{}", run.stdout);

    let run = diff_base_file(&dir, "json");
    let output: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(output["failure"], false);
}

#[test]
fn removing_a_scope_passes() {
    let dir = setup("diff-removal", &base(), &scopes(&[LOGS_READ]));
    let run = diff_base_file(&dir, "human");
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.contains("- okta.users.read (removed)"),
        "{}",
        run.stdout
    );
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args([
            "-c",
            "user.name=oin",
            "-c",
            "user.email=oin@example.com",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

#[test]
fn the_base_can_be_a_git_revision() {
    let dir = setup("diff-git", &base(), &base());
    git(&dir, &["init", "--quiet"]);
    git(&dir, &["add", "oin.toml", "logo.png"]);
    git(&dir, &["commit", "--quiet", "-m", "base"]);
    std::fs::write(dir.join("oin.toml"), manifest_with(&widened())).unwrap();

    let run = oin_in(&dir, &["scopes", "diff", "--base", "HEAD"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stdout.contains("(widened)"), "{}", run.stdout);

    let run = oin_in(&dir, &["scopes", "diff", "--base", "no-such-revision"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("is neither a file nor a git revision"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_manifest_new_since_the_base_must_acknowledge_its_scopes() {
    let dir = setup("diff-new-manifest", &base(), &base());
    git(&dir, &["init", "--quiet"]);
    git(&dir, &["add", "logo.png"]);
    git(&dir, &["commit", "--quiet", "-m", "before the manifest"]);

    let run = oin_in(&dir, &["scopes", "diff", "--base", "HEAD"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout.contains("+ okta.logs.read (added)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("+ okta.users.read (added)"),
        "{}",
        run.stdout
    );

    let acknowledged =
        scopes(&[LOGS_READ]) + "acknowledge = \"The first release streams the System Log.\"\n";
    std::fs::write(dir.join("oin.toml"), manifest_with(&acknowledged)).unwrap();
    let run = oin_in(&dir, &["scopes", "diff", "--base", "HEAD"]);
    assert_eq!(run.code, 0, "{run:?}");
}

#[test]
fn a_base_that_is_not_a_manifest_is_an_error() {
    let dir = setup("diff-broken-base", &base(), &base());
    std::fs::write(dir.join("base.toml"), "[integration\nname = 1\n").unwrap();
    let run = diff_base_file(&dir, "human");
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("the base manifest does not parse"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("base.toml"), "{}", run.stderr);
}
