//! Where things are: the workspace root and Okta's pinned specs.

use std::path::{Path, PathBuf};

/// The workspace root (the parent of this crate's folder).
pub(crate) fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The folder of Okta's pinned specs: `$OIN_OKTA_SPECS`, else `../shared/okta` beside the
/// workspace.
pub(crate) fn okta_specs_dir() -> PathBuf {
    match std::env::var_os("OIN_OKTA_SPECS") {
        Some(dir) => PathBuf::from(dir),
        None => workspace_root().join("..").join("shared").join("okta"),
    }
}

/// The management spec the catalog is generated from.
pub(crate) const MANAGEMENT_SPEC: &str = "management-minimal.yaml";
/// The developer spec that holds the OIN submissions API.
pub(crate) const DEV_SPEC: &str = "management-dev-noEnums-minimal.yaml";
/// The generated catalog module.
pub(crate) const GENERATED_CATALOG: &str = "crates/oin-scopes/src/catalog/generated.rs";
/// The committed JSON Schema of `oin.toml`.
pub(crate) const MANIFEST_SCHEMA: &str = "schemas/oin-manifest.schema.json";
