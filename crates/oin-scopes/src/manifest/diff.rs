//! The scope diff: a base manifest against a head one. Added and widened scopes need an
//! acknowledgement with a reason on the head's scope entry; everything else is a note.

use serde::Serialize;

use super::diagnostic::{Code, Diagnostic, Location};
use super::model::{Manifest, RequestedScope};
use super::report::LintReport;
use crate::scope::{Access, Scope};

/// How one scope changed from the base to the head.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ChangeKind {
    /// The head requests a scope the base did not.
    Added,
    /// The head no longer requests the scope.
    Removed,
    /// The head requests the `.manage` scope of a `.read` scope the base requested.
    Widened {
        /// The base's `.read` scope.
        from: Scope,
    },
    /// The head requests the `.read` scope of a `.manage` scope the base requested.
    Narrowed {
        /// The base's `.manage` scope.
        from: Scope,
    },
    /// Both request the scope, with different reasons.
    ReasonChanged {
        /// The base's reason.
        before: Option<String>,
        /// The head's reason.
        after: Option<String>,
    },
}

/// One change of the requested scopes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ScopeChange {
    /// The scope as the head requests it (for a removal: as the base did).
    pub scope: Scope,
    /// What changed.
    #[serde(flatten)]
    pub kind: ChangeKind,
    /// The head's acknowledgement of the change, when its scope entry has a non-empty one.
    pub acknowledged: Option<String>,
    /// Where the scope is in the head manifest (for a removal: nowhere).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

impl ScopeChange {
    /// Whether the change needs an acknowledgement: an addition or a widening.
    #[must_use]
    pub fn needs_acknowledgement(&self) -> bool {
        matches!(self.kind, ChangeKind::Added | ChangeKind::Widened { .. })
    }
}

/// The changes of the requested scopes from a base manifest to a head one.
#[derive(Debug, Clone, Serialize)]
pub struct ScopeDiff {
    changes: Vec<ScopeChange>,
    /// Whether the head manifest could be read; when it could not, there are no changes
    /// and the diff is a failure.
    head_readable: bool,
    #[serde(skip)]
    head_path: Option<Location>,
}

impl ScopeDiff {
    /// The changes: the head's scopes in its order, then the removed ones in the base's.
    #[must_use]
    pub fn changes(&self) -> &[ScopeChange] {
        &self.changes
    }

    /// One finding per change: an error for each unacknowledged addition or widening, a
    /// note for everything else.
    #[must_use]
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut diagnostics: Vec<Diagnostic> = self.changes.iter().map(finding).collect();
        if !self.head_readable {
            diagnostics.push(
                Diagnostic::error(
                    Code::HeadUnreadable,
                    "the head manifest has errors, so its scopes cannot be compared with the base's",
                )
                .at(self.head_path.clone())
                .help("fix the errors `oin scopes lint` reports, then compare again"),
            );
        }
        super::diagnostic::sort(&mut diagnostics);
        diagnostics
    }

    /// Whether the gate fails: an addition or widening is not acknowledged, or the head
    /// manifest cannot be read.
    #[must_use]
    pub fn is_failure(&self) -> bool {
        !self.head_readable
            || self
                .changes
                .iter()
                .any(|change| change.needs_acknowledgement() && change.acknowledged.is_none())
    }
}

/// Compares the base manifest's scopes with the head's. The findings are located in the
/// head's source.
#[must_use]
pub fn diff(base: &Manifest, head: &LintReport) -> ScopeDiff {
    let Some(head_manifest) = &head.manifest else {
        return ScopeDiff {
            changes: Vec::new(),
            head_readable: false,
            head_path: head.source_map().value(""),
        };
    };
    let map = head.source_map();
    let base_scopes = unique(&base.scopes);
    let head_scopes = unique(&head_manifest.scopes);
    let in_base = |scope: &Scope| base_scopes.iter().any(|(_, entry)| entry.name == *scope);
    let in_head = |scope: &Scope| head_scopes.iter().any(|(_, entry)| entry.name == *scope);
    let mut changes = Vec::new();
    for &(index, entry) in &head_scopes {
        let scope = &entry.name;
        let location = map.value(&format!("/scopes/{index}/name"));
        let acknowledged = entry
            .acknowledge
            .as_deref()
            .map(str::trim)
            .filter(|text| !text.is_empty())
            .map(str::to_owned);
        let kind = if let Some((_, before)) = base_scopes.iter().find(|(_, b)| b.name == *scope) {
            let (before, after) = (normalize(&before.reason), normalize(&entry.reason));
            if before == after {
                continue;
            }
            ChangeKind::ReasonChanged { before, after }
        } else {
            match (
                scope.access(),
                scope.read_counterpart(),
                scope.manage_counterpart(),
            ) {
                (Access::Manage, Some(read), _) if in_base(&read) => {
                    ChangeKind::Widened { from: read }
                }
                (Access::Read, _, Some(manage)) if in_base(&manage) && !in_head(&manage) => {
                    ChangeKind::Narrowed { from: manage }
                }
                _ => ChangeKind::Added,
            }
        };
        changes.push(ScopeChange {
            scope: scope.clone(),
            kind,
            acknowledged,
            location,
        });
    }
    for &(_, entry) in &base_scopes {
        let scope = &entry.name;
        if in_head(scope) {
            continue;
        }
        // A `.read` scope that became its `.manage`, or a `.manage` that became its `.read`,
        // is reported once, as the widening or narrowing.
        let replaced = match scope.access() {
            Access::Read => scope
                .manage_counterpart()
                .is_some_and(|manage| in_head(&manage) && !in_base(&manage)),
            Access::Manage => scope
                .read_counterpart()
                .is_some_and(|read| in_head(&read) && !in_base(&read)),
            Access::Other => false,
        };
        if replaced {
            continue;
        }
        changes.push(ScopeChange {
            scope: scope.clone(),
            kind: ChangeKind::Removed,
            acknowledged: None,
            location: None,
        });
    }
    ScopeDiff {
        changes,
        head_readable: true,
        head_path: None,
    }
}

/// Each scope's first entry, with its index.
fn unique(scopes: &[RequestedScope]) -> Vec<(usize, &RequestedScope)> {
    let mut out: Vec<(usize, &RequestedScope)> = Vec::new();
    for (index, entry) in scopes.iter().enumerate() {
        if !out.iter().any(|(_, seen)| seen.name == entry.name) {
            out.push((index, entry));
        }
    }
    out
}

/// A reason without surrounding white space; an empty one is none.
fn normalize(reason: &Option<String>) -> Option<String> {
    reason
        .as_deref()
        .map(str::trim)
        .filter(|text| !text.is_empty())
        .map(str::to_owned)
}

const ACKNOWLEDGE_HELP: &str = "a new or wider scope means OIN re-review and a new consent by every customer's admin; \
     if the integration needs it, add `acknowledge = \"why\"` to its [[scopes]] entry";

fn finding(change: &ScopeChange) -> Diagnostic {
    let scope = &change.scope;
    let acknowledged = change.acknowledged.as_deref();
    let diagnostic = match (&change.kind, acknowledged) {
        (ChangeKind::Added, None) => Diagnostic::error(
            Code::ScopeAdded,
            format!("scope `{scope}` is added without an acknowledgement"),
        )
        .help(ACKNOWLEDGE_HELP),
        (ChangeKind::Added, Some(why)) => Diagnostic::note(
            Code::ScopeAdded,
            format!("scope `{scope}` is added, acknowledged: {why}"),
        ),
        (ChangeKind::Widened { from }, None) => Diagnostic::error(
            Code::ScopeWidened,
            format!("scope `{from}` is widened to `{scope}` without an acknowledgement"),
        )
        .help(ACKNOWLEDGE_HELP),
        (ChangeKind::Widened { from }, Some(why)) => Diagnostic::note(
            Code::ScopeWidened,
            format!("scope `{from}` is widened to `{scope}`, acknowledged: {why}"),
        ),
        (ChangeKind::Removed, _) => Diagnostic::note(
            Code::ScopeRemoved,
            format!("scope `{scope}` is no longer requested"),
        ),
        (ChangeKind::Narrowed { from }, _) => Diagnostic::note(
            Code::ScopeNarrowed,
            format!("scope `{from}` is narrowed to `{scope}`"),
        ),
        (ChangeKind::ReasonChanged { .. }, _) => Diagnostic::note(
            Code::ReasonChanged,
            format!("the reason for scope `{scope}` changed"),
        ),
    };
    diagnostic.at(change.location.clone())
}
