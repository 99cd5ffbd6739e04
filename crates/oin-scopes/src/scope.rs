//! [`Scope`]: one parsed OAuth 2.0 scope name, and the rule that a `.manage` scope includes
//! its `.read` scope.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

/// The kind of access a scope grants on its resource, read off its last segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Access {
    /// `….read`: read-only access.
    Read,
    /// `….manage`: create, update and delete, and everything `.read` allows.
    Manage,
    /// Any other last segment (`okta.clients.register`, `openid`, `okta.users.read.self`).
    Other,
}

/// One OAuth 2.0 scope, such as `okta.users.read` or `ssf.manage`.
///
/// A `Scope` is parsed, never a bare string: its name is made of dot-separated segments of
/// ASCII letters, digits, `_` and `-`, and it knows its resource and its [`Access`].
/// Equality, ordering and hashing are those of the name.
///
/// ```
/// use oin_scopes::{Access, Scope};
///
/// let manage: Scope = "okta.users.manage".parse()?;
/// let read: Scope = "okta.users.read".parse()?;
/// assert_eq!(manage.access(), Access::Manage);
/// assert_eq!(manage.resource(), "okta.users");
/// assert!(manage.covers(&read));
/// assert!(!read.covers(&manage));
/// # Ok::<(), oin_scopes::ScopeError>(())
/// ```
#[derive(Clone)]
pub struct Scope {
    name: Cow<'static, str>,
    access: Access,
    /// Length of the resource prefix of `name` (the name without `.read` / `.manage`).
    resource_len: u16,
}

/// Why a string is not a scope name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ScopeError {
    /// The string is empty or only white space.
    #[error("a scope name cannot be empty")]
    Empty,
    /// The string has a character that no scope name has.
    #[error(
        "scope `{name}` has the character {character:?} at byte {at}; scope names are dot-separated segments of letters, digits, `_` and `-`"
    )]
    InvalidCharacter {
        /// The rejected name.
        name: String,
        /// The first offending character.
        character: char,
        /// Its byte offset in `name`.
        at: usize,
    },
    /// Two dots in a row, or a dot at either end.
    #[error("scope `{name}` has an empty segment; write names like `okta.users.read`")]
    EmptySegment {
        /// The rejected name.
        name: String,
    },
    /// The name is longer than any real scope (over 255 bytes).
    #[error("scope name of {len} bytes is longer than the 255 bytes a scope name may have")]
    TooLong {
        /// Its length in bytes.
        len: usize,
    },
}

const MAX_SCOPE_LEN: usize = 255;

impl Scope {
    /// Parses a scope name.
    ///
    /// # Errors
    /// [`ScopeError`] when the name is empty, too long, or not made of dot-separated
    /// segments of ASCII letters, digits, `_` and `-`.
    pub fn parse(name: &str) -> Result<Self, ScopeError> {
        Self::parse_cow(Cow::Owned(name.to_owned()))
    }

    /// Parses a scope name known at compile time without copying it.
    ///
    /// # Errors
    /// As [`Scope::parse`].
    pub fn from_static(name: &'static str) -> Result<Self, ScopeError> {
        Self::parse_cow(Cow::Borrowed(name))
    }

    fn parse_cow(name: Cow<'static, str>) -> Result<Self, ScopeError> {
        let text: &str = &name;
        if text.trim().is_empty() {
            return Err(ScopeError::Empty);
        }
        if text.len() > MAX_SCOPE_LEN {
            return Err(ScopeError::TooLong { len: text.len() });
        }
        if let Some((at, character)) = text
            .char_indices()
            .find(|&(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
        {
            return Err(ScopeError::InvalidCharacter {
                name: text.to_owned(),
                character,
                at,
            });
        }
        if text.split('.').any(str::is_empty) {
            return Err(ScopeError::EmptySegment {
                name: text.to_owned(),
            });
        }
        let (access, resource_len) = match text.rsplit_once('.') {
            Some((resource, "read")) => (Access::Read, resource.len()),
            Some((resource, "manage")) => (Access::Manage, resource.len()),
            _ => (Access::Other, text.len()),
        };
        let resource_len = u16::try_from(resource_len).unwrap_or(u16::MAX);
        Ok(Self {
            name,
            access,
            resource_len,
        })
    }

    /// A scope from the generated catalog, whose name was checked when it was generated.
    pub(crate) const fn generated(name: &'static str, access: Access, resource_len: u16) -> Self {
        Self {
            name: Cow::Borrowed(name),
            access,
            resource_len,
        }
    }

    /// The scope's name, as sent in a token request.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.name
    }

    /// The kind of access the scope grants.
    #[must_use]
    pub fn access(&self) -> Access {
        self.access
    }

    /// The resource part of the name: `okta.users` for `okta.users.read`; the whole name
    /// when the scope is neither `.read` nor `.manage`.
    #[must_use]
    pub fn resource(&self) -> &str {
        &self.name[..usize::from(self.resource_len)]
    }

    /// Whether this is an Okta scope (`okta.…`), as opposed to `ssf.read`, `openid` or a
    /// custom scope.
    #[must_use]
    pub fn is_okta(&self) -> bool {
        self.name.starts_with("okta.")
    }

    /// Whether this is a `.self` scope (`okta.users.read.self`), which an API service
    /// integration may never request.
    #[must_use]
    pub fn is_self_scope(&self) -> bool {
        self.name.ends_with(".self")
    }

    /// The `.read` scope a `.manage` scope includes (`okta.users.manage` → `okta.users.read`).
    #[must_use]
    pub fn read_counterpart(&self) -> Option<Scope> {
        (self.access == Access::Manage).then(|| {
            let name = format!("{}.read", self.resource());
            Self {
                name: Cow::Owned(name),
                access: Access::Read,
                resource_len: self.resource_len,
            }
        })
    }

    /// The `.manage` scope that includes this `.read` scope (`okta.users.read` →
    /// `okta.users.manage`).
    #[must_use]
    pub fn manage_counterpart(&self) -> Option<Scope> {
        (self.access == Access::Read).then(|| {
            let name = format!("{}.manage", self.resource());
            Self {
                name: Cow::Owned(name),
                access: Access::Manage,
                resource_len: self.resource_len,
            }
        })
    }

    /// Whether a token holding this scope may call an operation that requires `required`:
    /// the same scope, or this scope's `.manage` including the required `.read`.
    #[must_use]
    pub fn covers(&self, required: &Scope) -> bool {
        self == required
            || (self.access == Access::Manage
                && required.access == Access::Read
                && self.resource() == required.resource())
    }

    /// Whether `self` is `narrower`'s `.manage` widening: `okta.users.manage` widens
    /// `okta.users.read`.
    #[must_use]
    pub fn widens(&self, narrower: &Scope) -> bool {
        self != narrower && self.covers(narrower)
    }
}

impl PartialEq for Scope {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for Scope {}

impl PartialOrd for Scope {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Scope {
    fn cmp(&self, other: &Self) -> Ordering {
        self.name.cmp(&other.name)
    }
}

impl Hash for Scope {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.name.hash(state);
    }
}

impl fmt::Debug for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Scope({})", self.name)
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

impl FromStr for Scope {
    type Err = ScopeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl AsRef<str> for Scope {
    fn as_ref(&self) -> &str {
        &self.name
    }
}

impl serde::Serialize for Scope {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.name)
    }
}

impl<'de> serde::Deserialize<'de> for Scope {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = <Cow<'de, str>>::deserialize(deserializer)?;
        Scope::parse(&name).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_okta_scopes_with_dotted_resources() {
        let scope = Scope::parse("okta.serviceAccounts.okta.manage").unwrap();
        assert_eq!(scope.access(), Access::Manage);
        assert_eq!(scope.resource(), "okta.serviceAccounts.okta");
        assert!(scope.is_okta());
        let ssf = Scope::parse("ssf.read").unwrap();
        assert_eq!(
            (ssf.access(), ssf.resource(), ssf.is_okta()),
            (Access::Read, "ssf", false)
        );
    }

    #[test]
    fn other_scopes_are_their_own_resource() {
        let openid = Scope::parse("openid").unwrap();
        assert_eq!(
            (openid.access(), openid.resource()),
            (Access::Other, "openid")
        );
        let own = Scope::parse("okta.users.read.self").unwrap();
        assert!(own.is_self_scope());
        assert_eq!(own.access(), Access::Other);
    }

    #[test]
    fn rejects_malformed_names() {
        assert_eq!(Scope::parse(" "), Err(ScopeError::Empty));
        assert!(matches!(
            Scope::parse("okta.users read"),
            Err(ScopeError::InvalidCharacter {
                character: ' ',
                at: 10,
                ..
            })
        ));
        assert!(matches!(
            Scope::parse("okta..read"),
            Err(ScopeError::EmptySegment { .. })
        ));
        assert!(matches!(
            Scope::parse(".okta"),
            Err(ScopeError::EmptySegment { .. })
        ));
        assert!(matches!(
            Scope::parse(&"a".repeat(300)),
            Err(ScopeError::TooLong { len: 300 })
        ));
    }

    #[test]
    fn manage_covers_read_of_the_same_resource_only() {
        let scope = |s: &str| Scope::parse(s).unwrap();
        assert!(scope("okta.users.manage").covers(&scope("okta.users.read")));
        assert!(scope("okta.users.manage").covers(&scope("okta.users.manage")));
        assert!(!scope("okta.users.manage").covers(&scope("okta.groups.read")));
        assert!(!scope("okta.apps.manage").covers(&scope("okta.apps.interclientTrust.read")));
        assert!(scope("okta.users.manage").widens(&scope("okta.users.read")));
        assert!(!scope("okta.users.read").widens(&scope("okta.users.read")));
    }

    #[test]
    fn counterparts() {
        let manage = Scope::parse("okta.logs.manage").unwrap();
        let read = manage.read_counterpart().unwrap();
        assert_eq!(read.as_str(), "okta.logs.read");
        assert_eq!(read.manage_counterpart().unwrap(), manage);
        assert_eq!(Scope::parse("openid").unwrap().read_counterpart(), None);
    }
}
