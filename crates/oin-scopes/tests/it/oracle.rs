//! The JSON Schema as an oracle: every valid fixture passes both the schema and serde, and
//! every invalid fixture that is wrong in shape (`shape-*.toml`) fails both.

use std::path::Path;

use oin_scopes::manifest::{Manifest, schema};

use crate::common::fixtures;

/// The fixture as JSON, and whether the schema accepts it.
fn schema_accepts(path: &Path) -> bool {
    let text = std::fs::read_to_string(path).unwrap();
    let value: toml::Value = toml::from_str(&text).unwrap();
    let json = serde_json::to_value(value).unwrap();
    let validator = jsonschema::validator_for(&schema()).unwrap();
    validator.is_valid(&json)
}

fn serde_accepts(path: &Path) -> bool {
    let text = std::fs::read_to_string(path).unwrap();
    toml::from_str::<Manifest>(&text).is_ok()
}

fn files(
    pattern: impl Fn(&Path) -> Option<std::path::PathBuf>,
    folder: &str,
) -> Vec<std::path::PathBuf> {
    let mut found: Vec<_> = std::fs::read_dir(fixtures().join(folder))
        .unwrap()
        .filter_map(|entry| pattern(&entry.unwrap().path()))
        .collect();
    found.sort();
    found
}

#[test]
fn valid_fixtures_pass_the_schema_and_serde() {
    let valid = files(
        |path| Some(path.join("oin.toml")).filter(|p| p.is_file()),
        "valid",
    );
    assert!(valid.len() >= 4);
    for path in valid {
        assert!(
            schema_accepts(&path),
            "the schema rejects {}",
            path.display()
        );
        assert!(serde_accepts(&path), "serde rejects {}", path.display());
    }
}

#[test]
fn shape_fixtures_fail_the_schema_and_serde() {
    let shapes = files(
        |path| {
            let name = path.file_name()?.to_str()?;
            (name.starts_with("shape-") && name.ends_with(".toml")).then(|| path.to_owned())
        },
        "invalid",
    );
    assert!(shapes.len() >= 6);
    for path in shapes {
        assert!(
            !schema_accepts(&path),
            "the schema accepts {}",
            path.display()
        );
        assert!(!serde_accepts(&path), "serde accepts {}", path.display());
    }
}

/// Where the schema and the model disagree (`model-*.toml`): JSON Schema counts `600.0` as an
/// integer, the model does not. The schema accepts the fixture, serde refuses it, and the
/// lint reports it as `OIN003`.
#[test]
fn model_fixtures_pass_the_schema_but_not_serde() {
    let models = files(
        |path| {
            let name = path.file_name()?.to_str()?;
            (name.starts_with("model-") && name.ends_with(".toml")).then(|| path.to_owned())
        },
        "invalid",
    );
    assert!(!models.is_empty());
    for path in models {
        assert!(
            schema_accepts(&path),
            "the schema rejects {}",
            path.display()
        );
        assert!(!serde_accepts(&path), "serde accepts {}", path.display());
    }
}

/// The other invalid fixtures have the right shape: what is wrong with them is for the lints.
#[test]
fn lint_fixtures_have_the_right_shape() {
    let lints = files(
        |path| {
            let name = path.file_name()?.to_str()?;
            if path.is_dir() {
                return Some(path.join("oin.toml")).filter(|p| p.is_file());
            }
            let kind = name.split('-').next().unwrap_or_default();
            (!matches!(kind, "shape" | "syntax" | "model") && name.ends_with(".toml"))
                .then(|| path.to_owned())
        },
        "invalid",
    );
    for path in lints {
        assert!(
            schema_accepts(&path),
            "the schema rejects {}",
            path.display()
        );
        assert!(serde_accepts(&path), "serde rejects {}", path.display());
    }
}
