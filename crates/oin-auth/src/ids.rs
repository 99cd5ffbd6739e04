//! [`TenantId`] and [`ClientId`]: the two identifiers that name a tenant, in logs and errors.
//! Neither is a secret.

use std::fmt;
use std::str::FromStr;

/// What was wrong with a [`TenantId`] or [`ClientId`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdError {
    /// The identifier is empty or only whitespace.
    #[error("{kind} is empty")]
    Empty {
        /// `tenant id` or `client id`.
        kind: &'static str,
    },
    /// The identifier is longer than allowed.
    #[error("{kind} is {len} characters long; at most {max} are allowed")]
    TooLong {
        /// `tenant id` or `client id`.
        kind: &'static str,
        /// Its length.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// The identifier contains a character that is not allowed.
    #[error("{kind} contains {found:?}, which is not allowed: {allowed}")]
    InvalidCharacter {
        /// `tenant id` or `client id`.
        kind: &'static str,
        /// The offending character.
        found: char,
        /// What is allowed.
        allowed: &'static str,
    },
}

fn check(
    kind: &'static str,
    value: &str,
    max: usize,
    allowed: &'static str,
    ok: fn(char) -> bool,
) -> Result<(), IdError> {
    if value.trim().is_empty() {
        return Err(IdError::Empty { kind });
    }
    let len = value.chars().count();
    if len > max {
        return Err(IdError::TooLong { kind, len, max });
    }
    match value.chars().find(|c| !ok(*c)) {
        Some(found) => Err(IdError::InvalidCharacter {
            kind,
            found,
            allowed,
        }),
        None => Ok(()),
    }
}

/// The ISV's own name for one customer org (a tenant): any printable text without spaces,
/// up to 128 characters, such as `acme` or a database key.
///
/// It names the tenant in the [`TokenProvider`](crate::TokenProvider)'s registry, in tracing
/// spans and in errors.
///
/// ```
/// use oin_auth::TenantId;
///
/// let tenant = TenantId::new("acme-corp")?;
/// assert_eq!(tenant.as_str(), "acme-corp");
/// assert!(TenantId::new("acme corp").is_err());
/// # Ok::<(), oin_auth::IdError>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TenantId(String);

impl TenantId {
    /// Checks and wraps a tenant id.
    ///
    /// # Errors
    /// Empty, longer than 128 characters, or containing whitespace or control characters.
    pub fn new(id: impl Into<String>) -> Result<Self, IdError> {
        let id = id.into();
        check(
            "tenant id",
            &id,
            128,
            "printable characters without spaces",
            |c| !c.is_whitespace() && !c.is_control(),
        )?;
        Ok(Self(id))
    }

    /// The id as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The OAuth 2.0 client ID Okta generated for the integration's instance in one customer org
/// (for example `0oa1bcd2efGHIJ3kl4m5`). Not a secret.
///
/// ```
/// use oin_auth::ClientId;
///
/// let client_id: ClientId = "0oa1bcd2efGHIJ3kl4m5".parse()?;
/// assert_eq!(client_id.to_string(), "0oa1bcd2efGHIJ3kl4m5");
/// assert!("0oa1 bcd".parse::<ClientId>().is_err());
/// # Ok::<(), oin_auth::IdError>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClientId(String);

impl ClientId {
    /// Checks and wraps a client ID.
    ///
    /// # Errors
    /// Empty, longer than 256 characters, or containing anything but visible ASCII (a client
    /// ID pasted with a trailing space or newline is the usual mistake).
    pub fn new(id: impl Into<String>) -> Result<Self, IdError> {
        let id = id.into();
        check("client id", &id, 256, "visible ASCII characters", |c| {
            c.is_ascii_graphic()
        })?;
        Ok(Self(id))
    }

    /// The client ID as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

macro_rules! text_impls {
    ($ty:ident) => {
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($ty), self.0)
            }
        }

        impl FromStr for $ty {
            type Err = IdError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::new(s)
            }
        }

        impl AsRef<str> for $ty {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

text_impls!(TenantId);
text_impls!(ClientId);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_checked() {
        assert_eq!(
            TenantId::new("  "),
            Err(IdError::Empty { kind: "tenant id" })
        );
        assert!(matches!(
            TenantId::new("a".repeat(129)),
            Err(IdError::TooLong { len: 129, .. })
        ));
        assert!(matches!(
            ClientId::new("0oa1\n"),
            Err(IdError::InvalidCharacter { found: '\n', .. })
        ));
        assert_eq!(
            ClientId::new("0oa é").unwrap_err().to_string(),
            "client id contains ' ', which is not allowed: visible ASCII characters"
        );
        assert_eq!(
            format!("{:?}", ClientId::new("0oa1").unwrap()),
            "ClientId(\"0oa1\")"
        );
    }
}
