//! `oin scopes lint`.

use crate::{oin, workspace_root};

#[test]
fn the_example_manifest_is_clean() {
    let run = oin(&["scopes", "lint", "examples/log-streamer/oin.toml"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout
            .contains("ok: examples/log-streamer/oin.toml is valid"),
        "{}",
        run.stdout
    );
}

/// Every invalid fixture has findings, each with its code and line; those with an error exit
/// 1, those with warnings only exit 0, or 1 with `--deny-warnings`.
#[test]
fn invalid_fixtures_report_every_problem_with_code_and_line() {
    let folder = workspace_root().join("fixtures/manifests/invalid");
    let mut fixtures: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.extension().is_some_and(|ext| ext == "toml") || path.join("oin.toml").is_file()
        })
        .collect();
    fixtures.sort();
    assert!(!fixtures.is_empty());
    for fixture in fixtures {
        let manifest = if fixture.is_dir() {
            fixture.join("oin.toml")
        } else {
            fixture
        };
        let path = manifest.to_string_lossy().into_owned();
        let run = oin(&["scopes", "lint", &path, "--format", "json"]);
        let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let diagnostics = report["diagnostics"].as_array().unwrap();
        assert!(!diagnostics.is_empty(), "{path}");
        let has_error = diagnostics.iter().any(|d| d["severity"] == "error");
        assert_eq!(run.code, i32::from(has_error), "{path}: {run:?}");
        if !has_error {
            let strict = oin(&["scopes", "lint", &path, "--deny-warnings"]);
            assert_eq!(strict.code, 1, "{path}: {strict:?}");
        }
        for diagnostic in diagnostics {
            assert!(
                diagnostic["code"].as_str().unwrap().starts_with("OIN"),
                "{path}: {diagnostic}"
            );
            assert!(
                diagnostic["location"]["line"].as_u64().unwrap() >= 1,
                "{path}: {diagnostic}"
            );
        }
    }
}

#[test]
fn github_annotations_carry_file_and_line() {
    let path = "fixtures/manifests/invalid/many-problems.toml";
    let run = oin(&["scopes", "lint", path, "--format", "github"]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines.len() >= 10, "{}", run.stdout);
    for line in lines {
        assert!(
            line.starts_with("::error file=") || line.starts_with("::warning file="),
            "{line}"
        );
        assert!(
            line.contains(&format!("file={path},line=")) && line.contains(",title=OIN"),
            "{line}"
        );
    }
}

#[test]
fn a_missing_manifest_is_an_io_error() {
    let run = oin(&["scopes", "lint", "does/not/exist.toml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("does/not/exist.toml"), "{}", run.stderr);
}
