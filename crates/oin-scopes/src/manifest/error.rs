//! [`ManifestError`]: why a manifest could not be linted at all.

use std::path::PathBuf;

/// Why a manifest could not be linted at all. Problems *in* a manifest are not errors but
/// [`Diagnostic`](super::Diagnostic)s of its [`LintReport`](super::LintReport).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ManifestError {
    /// The manifest file cannot be read.
    #[error("cannot read the manifest {}; check that the path names an `oin.toml` file", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// The manifest's text is not a manifest (TOML syntax or shape);
    /// [`lint_source`](super::lint_source) reports every such problem with its location.
    #[error("the manifest {} cannot be read: {message}", path.display())]
    Invalid {
        /// The file (or what it was read from, such as `REV:oin.toml`).
        path: PathBuf,
        /// What the TOML reader said, with the line.
        message: String,
    },
    /// The manifest file is not UTF-8 text.
    #[error("the manifest {} is not UTF-8 text; TOML files must be UTF-8", path.display())]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// Where the first invalid byte is.
        #[source]
        source: std::string::FromUtf8Error,
    },
}
