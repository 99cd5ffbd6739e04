//! One module per `oin` subcommand.

pub mod fake_org;
pub mod scopes;
pub mod tenant;

use std::path::{Path, PathBuf};

/// A manifest path as given, or the `oin.toml` inside a folder.
fn manifest_path(path: &Path) -> PathBuf {
    if path.is_dir() {
        path.join("oin.toml")
    } else {
        path.to_path_buf()
    }
}
