//! The logo's file size, checked on a generated file too large to keep among the fixtures.

use std::io::Write;

use oin_scopes::manifest::{Code, lint_source};

use crate::common::fixtures;

/// A folder of its own under the system's temporary folder, removed when dropped.
struct Scratch(std::path::PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let path = std::env::temp_dir().join(format!("oin-scopes-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&path).unwrap();
        Self(path)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn a_logo_of_one_megabyte_or_more_is_an_error() {
    let scratch = Scratch::new("logo-size");
    // A real 200×200 PNG, padded after its end so the file reaches 1 MB.
    let mut png = std::fs::read(fixtures().join("invalid/assets/logo.png")).unwrap();
    png.resize(1_000_000, 0);
    std::fs::File::create(scratch.0.join("logo.png"))
        .unwrap()
        .write_all(&png)
        .unwrap();
    let manifest = std::fs::read_to_string(fixtures().join("valid/minimal/oin.toml")).unwrap();
    let report = lint_source(&manifest, &scratch.0.join("oin.toml"));
    let codes: Vec<Code> = report.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::LogoFileSize]);
    assert_eq!(
        report.diagnostics[0].message,
        "logo `logo.png` is 1000000 bytes; OIN takes files under 1 MB (1000000 bytes)"
    );

    png.truncate(999_999);
    std::fs::write(scratch.0.join("logo.png"), &png).unwrap();
    let report = lint_source(&manifest, &scratch.0.join("oin.toml"));
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
}

#[test]
fn a_logo_that_is_a_folder_is_an_error() {
    let scratch = Scratch::new("logo-folder");
    std::fs::create_dir_all(scratch.0.join("logo.png")).unwrap();
    let manifest = std::fs::read_to_string(fixtures().join("valid/minimal/oin.toml")).unwrap();
    let report = lint_source(&manifest, &scratch.0.join("oin.toml"));
    assert_eq!(report.diagnostics.len(), 1);
    assert_eq!(report.diagnostics[0].code, Code::LogoUnreadable);
}
