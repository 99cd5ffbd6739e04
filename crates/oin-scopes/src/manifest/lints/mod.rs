//! The semantic lints: what the schema cannot say about a manifest that has the right
//! shape. Each lint module checks one part of the manifest and reports with its own codes.

mod integration;
mod logo;
mod scopes;
mod settings;
mod text;

use std::path::Path;

pub(crate) use integration::USE_CASES;

use super::diagnostic::{Diagnostic, Location};
use super::model::Manifest;
use super::source::SourceMap;

/// What a lint sees: the manifest and where its values are.
pub(crate) struct Context<'a> {
    pub(crate) manifest: &'a Manifest,
    map: &'a SourceMap,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Context<'a> {
    /// The location of the value at `pointer` (of its table when it is missing).
    pub(crate) fn at(&self, pointer: &str) -> Option<Location> {
        self.map.value(pointer)
    }

    /// The manifest's folder, against which the logo's path is resolved.
    pub(crate) fn folder(&self) -> &Path {
        self.map.path().parent().unwrap_or(Path::new(""))
    }

    /// Reports a finding.
    pub(crate) fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }
}

/// Runs every lint on a manifest that deserialized.
pub(crate) fn run(manifest: &Manifest, map: &SourceMap) -> Vec<Diagnostic> {
    let mut context = Context {
        manifest,
        map,
        diagnostics: Vec::new(),
    };
    scopes::check(&mut context);
    integration::check(&mut context);
    logo::check(&mut context);
    settings::check(&mut context);
    context.diagnostics
}
