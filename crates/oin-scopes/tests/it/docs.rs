//! The user guide `docs/manifest.md` explains every code and every key.

use oin_scopes::manifest::{Code, USE_CASES, schema};

use crate::common::workspace;

fn guide() -> String {
    std::fs::read_to_string(workspace().join("docs/manifest.md")).expect("docs/manifest.md exists")
}

#[test]
fn the_guide_explains_every_code() {
    let guide = guide();
    for code in Code::ALL {
        let heading = format!("### {} `{}`", code.as_str(), code.name());
        assert!(
            guide.contains(&heading),
            "docs/manifest.md has no `{heading}`"
        );
    }
}

#[test]
fn the_guide_names_every_key() {
    let guide = guide();
    let schema = schema();
    let mut keys: Vec<String> = Vec::new();
    let mut collect = |properties: &serde_json::Value| {
        if let Some(properties) = properties.as_object() {
            keys.extend(properties.keys().cloned());
        }
    };
    collect(&schema["properties"]);
    for definition in schema["$defs"].as_object().unwrap().values() {
        collect(&definition["properties"]);
    }
    for key in keys {
        let named = [
            format!("`{key}`"),
            format!("`[{key}]`"),
            format!("`[[{key}]]`"),
        ]
        .iter()
        .any(|form| guide.contains(form));
        assert!(named, "docs/manifest.md does not name `{key}`");
    }
    for use_case in USE_CASES {
        assert!(
            guide.contains(use_case),
            "docs/manifest.md does not list \"{use_case}\""
        );
    }
}
