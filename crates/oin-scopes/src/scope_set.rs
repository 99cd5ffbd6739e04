//! [`ScopeSet`]: an ordered set of scopes with Okta's coverage rule (`.manage` includes
//! `.read`), and the smallest set that covers a set of operations.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use crate::catalog::Operation;
use crate::scope::{Access, Scope, ScopeError};

/// An ordered set of [`Scope`]s: what a token was granted, what a manifest requests, or what
/// a set of operations requires.
///
/// ```
/// use oin_scopes::ScopeSet;
///
/// let granted: ScopeSet = "okta.users.manage okta.logs.read".parse()?;
/// let required: ScopeSet = "okta.users.read okta.groups.read".parse()?;
/// assert_eq!(required.missing_from(&granted).to_string(), "okta.groups.read");
/// # Ok::<(), oin_scopes::ScopeError>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ScopeSet {
    scopes: BTreeSet<Scope>,
}

impl ScopeSet {
    /// The empty set.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// The smallest set of scopes that lets a token call every one of `operations`: every
    /// scope they require, less each `.read` whose `.manage` is also required.
    ///
    /// Each operation requires all of its scopes, and nothing but a scope's own `.manage`
    /// covers it, so this set is both the smallest and the least privileged one.
    #[must_use]
    pub fn covering<'a>(operations: impl IntoIterator<Item = &'a Operation>) -> Self {
        operations
            .into_iter()
            .flat_map(Operation::scopes)
            .cloned()
            .collect::<Self>()
            .minimal()
    }

    /// Adds a scope; returns whether it was new.
    pub fn insert(&mut self, scope: Scope) -> bool {
        self.scopes.insert(scope)
    }

    /// Removes a scope; returns whether it was there.
    pub fn remove(&mut self, scope: &Scope) -> bool {
        self.scopes.remove(scope)
    }

    /// Whether `scope` itself is in the set (no coverage rule; see [`ScopeSet::covers`]).
    #[must_use]
    pub fn contains(&self, scope: &Scope) -> bool {
        self.scopes.contains(scope)
    }

    /// The number of scopes.
    #[must_use]
    pub fn len(&self) -> usize {
        self.scopes.len()
    }

    /// Whether the set is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.scopes.is_empty()
    }

    /// The scopes in name order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &Scope> + DoubleEndedIterator + Clone {
        self.scopes.iter()
    }

    /// Whether a token with these scopes may do what `required` allows: `required` is in the
    /// set, or it is a `.read` scope whose `.manage` is.
    #[must_use]
    pub fn covers(&self, required: &Scope) -> bool {
        if self.scopes.contains(required) {
            return true;
        }
        required.access() == Access::Read
            && self
                .scopes
                .iter()
                .any(|held| held.access() == Access::Manage && held.covers(required))
    }

    /// Whether every scope of `required` is covered.
    #[must_use]
    pub fn covers_all<'a>(&self, required: impl IntoIterator<Item = &'a Scope>) -> bool {
        required.into_iter().all(|scope| self.covers(scope))
    }

    /// Whether a token with these scopes may call `operation` (it needs all of its scopes).
    #[must_use]
    pub fn allows(&self, operation: &Operation) -> bool {
        self.covers_all(operation.scopes())
    }

    /// The scopes of `self` that `granted` does not cover: read it as "these required
    /// scopes are missing from the grant".
    #[must_use]
    pub fn missing_from(&self, granted: &ScopeSet) -> ScopeSet {
        self.iter()
            .filter(|scope| !granted.covers(scope))
            .cloned()
            .collect()
    }

    /// The scopes of `self` that another scope of `self` already covers: each `.read` that
    /// stands beside its own `.manage`.
    #[must_use]
    pub fn redundant(&self) -> ScopeSet {
        self.iter()
            .filter(|scope| self.iter().any(|other| other.widens(scope)))
            .cloned()
            .collect()
    }

    /// The set without its [`redundant`](ScopeSet::redundant) scopes; it covers exactly
    /// what `self` covers.
    #[must_use]
    pub fn minimal(&self) -> ScopeSet {
        let redundant = self.redundant();
        self.iter()
            .filter(|scope| !redundant.contains(scope))
            .cloned()
            .collect()
    }

    /// The scopes of `self` that none of `required` needs, after the coverage rule: a
    /// `.manage` scope held where only its `.read` is required is reported too, since the
    /// narrower `.read` would do.
    #[must_use]
    pub fn unneeded_for(&self, required: &ScopeSet) -> ScopeSet {
        self.iter()
            .filter(|scope| !required.contains(scope))
            .cloned()
            .collect()
    }

    /// The scopes in both sets.
    #[must_use]
    pub fn intersection(&self, other: &ScopeSet) -> ScopeSet {
        self.scopes.intersection(&other.scopes).cloned().collect()
    }

    /// The scopes in `self` but not in `other`, by name (no coverage rule).
    #[must_use]
    pub fn difference(&self, other: &ScopeSet) -> ScopeSet {
        self.scopes.difference(&other.scopes).cloned().collect()
    }

    /// The scopes in either set.
    #[must_use]
    pub fn union(&self, other: &ScopeSet) -> ScopeSet {
        self.scopes.union(&other.scopes).cloned().collect()
    }
}

impl fmt::Debug for ScopeSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set()
            .entries(self.scopes.iter().map(Scope::as_str))
            .finish()
    }
}

/// Space-separated, as in a token request's `scope` parameter.
impl fmt::Display for ScopeSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, scope) in self.scopes.iter().enumerate() {
            if index > 0 {
                f.write_str(" ")?;
            }
            f.write_str(scope.as_str())?;
        }
        Ok(())
    }
}

/// Parses a space-separated list, as in a token response's `scope` field.
impl FromStr for ScopeSet {
    type Err = ScopeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.split_ascii_whitespace().map(Scope::parse).collect()
    }
}

impl FromIterator<Scope> for ScopeSet {
    fn from_iter<I: IntoIterator<Item = Scope>>(iter: I) -> Self {
        Self {
            scopes: iter.into_iter().collect(),
        }
    }
}

impl Extend<Scope> for ScopeSet {
    fn extend<I: IntoIterator<Item = Scope>>(&mut self, iter: I) {
        self.scopes.extend(iter);
    }
}

impl IntoIterator for ScopeSet {
    type Item = Scope;
    type IntoIter = std::collections::btree_set::IntoIter<Scope>;

    fn into_iter(self) -> Self::IntoIter {
        self.scopes.into_iter()
    }
}

impl<'a> IntoIterator for &'a ScopeSet {
    type Item = &'a Scope;
    type IntoIter = std::collections::btree_set::Iter<'a, Scope>;

    fn into_iter(self) -> Self::IntoIter {
        self.scopes.iter()
    }
}

impl serde::Serialize for ScopeSet {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.scopes.iter())
    }
}

impl<'de> serde::Deserialize<'de> for ScopeSet {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Self {
            scopes: BTreeSet::deserialize(deserializer)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Catalog, Method};

    fn set(s: &str) -> ScopeSet {
        s.parse().unwrap()
    }

    #[test]
    fn coverage_follows_manage_includes_read() {
        let granted = set("okta.users.manage okta.logs.read");
        assert!(granted.covers(&"okta.users.read".parse().unwrap()));
        assert!(!granted.covers(&"okta.logs.manage".parse().unwrap()));
        assert_eq!(
            set("okta.users.read okta.logs.manage").missing_from(&granted),
            set("okta.logs.manage")
        );
    }

    #[test]
    fn redundant_and_minimal() {
        let requested = set("okta.users.read okta.users.manage okta.groups.read");
        assert_eq!(requested.redundant(), set("okta.users.read"));
        assert_eq!(
            requested.minimal(),
            set("okta.groups.read okta.users.manage")
        );
    }

    #[test]
    fn smallest_cover_of_operations() {
        let catalog = Catalog::get();
        let operations = [
            catalog
                .resolve(Method::Get, "/api/v1/users/00u1/groups")
                .unwrap(),
            catalog.resolve(Method::Post, "/api/v1/users").unwrap(),
            catalog.resolve(Method::Get, "/api/v1/logs").unwrap(),
        ];
        let cover = ScopeSet::covering(operations);
        assert_eq!(cover, set("okta.logs.read okta.users.manage"));
        assert!(operations.iter().all(|operation| cover.allows(operation)));
    }

    #[test]
    fn unneeded_reports_wider_than_required() {
        let requested = set("okta.users.manage okta.apps.read");
        assert_eq!(requested.unneeded_for(&set("okta.users.read")), requested);
        assert_eq!(
            requested.unneeded_for(&set("okta.users.manage")),
            set("okta.apps.read")
        );
    }

    #[test]
    fn display_and_parse_round_trip() {
        let scopes = set("  okta.users.read\tokta.apps.read ");
        assert_eq!(scopes.to_string(), "okta.apps.read okta.users.read");
        assert_eq!(scopes.to_string().parse::<ScopeSet>().unwrap(), scopes);
        assert_eq!("".parse::<ScopeSet>().unwrap(), ScopeSet::new());
    }
}
