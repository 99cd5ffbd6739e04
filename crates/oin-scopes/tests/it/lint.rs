//! Snapshot tests of the diagnostics of every fixture manifest.

use std::path::Path;

use oin_scopes::manifest::{Code, Severity};

use crate::common::{findings, fixtures, lint, relative};

/// Passwords written in the invalid fixtures; no diagnostic may repeat them.
const FIXTURE_SECRETS: &[&str] = &["correct-horse-battery-staple", "Tr0ub4dor&3"];

/// Lints a fixture and snapshots its findings as `{kind}@{fixture}.snap`.
fn check(kind: &str, path: &Path) {
    let report = lint(path);
    let found = findings(&report.diagnostics);
    let rendered = serde_json::to_string(&found).unwrap();
    for secret in FIXTURE_SECRETS {
        assert!(
            !rendered.contains(secret),
            "{} repeats a password",
            path.display()
        );
    }
    insta::with_settings!({
        description => relative(path),
        omit_expression => true,
        prepend_module_to_snapshot => false,
    }, {
        insta::assert_json_snapshot!(kind, found);
    });
}

#[test]
fn valid_manifests_have_no_findings() {
    insta::glob!(
        "../../../../fixtures/manifests",
        "valid/*/oin.toml",
        |path| {
            let report = lint(path);
            assert!(report.manifest.is_some(), "{}", path.display());
            assert!(
                report.diagnostics.is_empty(),
                "{}: {:#?}",
                path.display(),
                report.diagnostics
            );
            check("valid", path);
        }
    );
}

#[test]
fn invalid_manifests() {
    insta::glob!("../../../../fixtures/manifests", "invalid/*.toml", |path| {
        let report = lint(path);
        assert!(
            !report.diagnostics.is_empty(),
            "{} has no finding",
            path.display()
        );
        check("invalid", path);
    });
}

#[test]
fn invalid_manifest_folders() {
    insta::glob!(
        "../../../../fixtures/manifests",
        "invalid/*/oin.toml",
        |path| {
            check("invalid", path);
        }
    );
}

/// Each lint code but the diff's has a fixture that reports it.
#[test]
fn every_lint_code_has_a_fixture() {
    let mut reported = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(fixtures().join("invalid")).unwrap() {
        let path = entry.unwrap().path();
        let manifest = if path.is_dir() {
            path.join("oin.toml")
        } else {
            path.clone()
        };
        if manifest.is_file() {
            reported.extend(lint(&manifest).diagnostics.iter().map(|d| d.code));
        }
    }
    let untested: Vec<&str> = Code::ALL
        .iter()
        .filter(|code| !code.as_str().starts_with("OIN4"))
        // The logo's size is tested on a generated file (see `logo.rs`).
        .filter(|code| **code != Code::LogoFileSize)
        .filter(|code| !reported.contains(code))
        .map(|code| code.as_str())
        .collect();
    assert!(untested.is_empty(), "no fixture reports {untested:?}");
}

/// The done-when of the lint command: every problem of a manifest with many, each with its
/// code and line.
#[test]
fn reports_every_problem_with_its_code_and_line() {
    let report = lint(&fixtures().join("invalid/many-problems.toml"));
    let found: Vec<(&str, usize)> = report
        .diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.location.as_ref().map_or(0, |l| l.line)))
        .collect();
    let expected = [
        ("OIN201", 7),
        ("OIN301", 9),
        ("OIN204", 10),
        ("OIN206", 11),
        ("OIN215", 14),
        ("OIN101", 21),
        ("OIN102", 25),
        ("OIN103", 28),
        ("OIN104", 32),
        ("OIN105", 36),
        ("OIN212", 40),
        ("OIN213", 42),
        ("OIN207", 45),
    ];
    assert_eq!(found, expected);
    assert!(report.has_errors());
    assert_eq!(report.count(Severity::Warning), 2);
    let lines: Vec<usize> = found.iter().map(|(_, line)| *line).collect();
    assert!(lines.windows(2).all(|w| w[0] <= w[1]), "ordered by line");
}

#[test]
fn a_syntax_error_stops_the_lint() {
    let report = lint(&fixtures().join("invalid/syntax-unterminated-string.toml"));
    assert!(report.manifest.is_none());
    assert_eq!(report.diagnostics.len(), 1);
    assert_eq!(report.diagnostics[0].code, Code::TomlSyntax);
    assert!(report.requested_scopes().is_empty());
}

#[test]
fn requested_scopes_of_a_manifest() {
    let report = lint(&fixtures().join("valid/complete/oin.toml"));
    assert_eq!(
        report.requested_scopes().to_string(),
        "okta.groups.manage okta.logs.read okta.users.manage"
    );
    assert!(!report.has_errors());
}

#[test]
fn an_unreadable_file_is_an_error_not_a_report() {
    let missing = fixtures().join("invalid/no-such-manifest.toml");
    let error = oin_scopes::manifest::lint_file(&missing).unwrap_err();
    assert!(
        error.to_string().starts_with("cannot read the manifest "),
        "{error}"
    );
    assert!(std::error::Error::source(&error).is_some());
}

#[test]
fn reports_serialize_with_string_codes() {
    let report = lint(&fixtures().join("invalid/redundant-read.toml"));
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["diagnostics"][0]["code"], "OIN102");
    assert_eq!(json["diagnostics"][0]["severity"], "warning");
    assert_eq!(
        json["diagnostics"][0]["location"]["pointer"],
        "/scopes/1/name"
    );
    assert_eq!(json["manifest"]["scopes"][2]["name"], "okta.users.manage");
}

/// Bad input never panics, and every finding points inside the file: every prefix of two
/// fixtures (cut every few characters, so most are broken TOML or a broken manifest), and a
/// few odd documents.
#[test]
fn any_text_gets_a_report_located_in_the_file() {
    let mut texts: Vec<String> = Vec::new();
    for name in ["valid/complete/oin.toml", "invalid/many-problems.toml"] {
        let text = std::fs::read_to_string(fixtures().join(name)).unwrap();
        let cuts: Vec<usize> = text.char_indices().map(|(at, _)| at).step_by(11).collect();
        texts.extend(cuts.into_iter().map(|at| text[..at].to_owned()));
    }
    texts.extend(
        [
            "",
            "\u{feff}[integration]\n",
            "scopes = 3\r\n[integration]\r\nname = \"\u{1F600}\"\r\n",
            "[[scopes]]\n[[scopes]]\nname = \"\"\n",
            "integration = { name = 1979-05-27T07:32:00Z }\n",
            "[test_account]\npassword_env = -1\n[conformance]\ntimeout_secs = -5\ncommand = [[]]\n",
        ]
        .map(str::to_owned),
    );
    let path = fixtures().join("valid/complete/oin.toml");
    for text in &texts {
        let report = oin_scopes::manifest::lint_source(text, &path);
        let lines = text.lines().count().max(1);
        for diagnostic in &report.diagnostics {
            let Some(location) = &diagnostic.location else {
                panic!("{diagnostic} has no location in {text:?}");
            };
            assert!(
                (1..=lines + 1).contains(&location.line) && location.column >= 1,
                "{diagnostic} is outside {text:?}"
            );
        }
        // A manifest that could not be read always says why.
        let says_why = report.diagnostics.iter().any(|d| {
            d.is_error() && matches!(d.code, Code::TomlSyntax | Code::Schema | Code::InvalidValue)
        });
        assert!(report.manifest.is_some() || says_why, "{text:?}");
    }
}
