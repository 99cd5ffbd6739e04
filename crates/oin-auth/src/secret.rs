//! [`ClientSecret`]: a client secret in a redacting, zeroizing box.

use std::fmt;
use std::sync::Arc;

use secrecy::{ExposeSecret, SecretString};

/// What is printed instead of a secret.
pub(crate) const REDACTED: &str = "[redacted]";

/// Why a text is not a usable client secret. The secret itself is never part of the error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SecretError {
    /// The secret is empty.
    #[error(
        "the client secret is empty: copy it from the integration's General tab in the customer's Admin Console (it is shown once, at install)"
    )]
    Empty,
    /// The secret starts or ends with whitespace, usually a newline read from a file.
    #[error(
        "the client secret starts or ends with whitespace (a trailing newline from a file or an environment variable?): trim it"
    )]
    Whitespace,
}

/// The client secret Okta generated for one customer's instance of the integration.
///
/// Its `Debug` prints `ClientSecret([redacted])`, it has no `Display`, and its memory is
/// zeroized when the last clone is dropped. [`ClientSecret::expose`] is the one way to read it.
///
/// ```
/// use oin_auth::ClientSecret;
///
/// let secret = ClientSecret::new("s3cr3t-from-okta")?;
/// assert_eq!(format!("{secret:?}"), "ClientSecret([redacted])");
/// assert_eq!(secret.expose(), "s3cr3t-from-okta");
/// # Ok::<(), oin_auth::SecretError>(())
/// ```
#[derive(Clone)]
pub struct ClientSecret(Arc<SecretString>);

impl ClientSecret {
    /// Wraps a client secret.
    ///
    /// # Errors
    /// Empty, or with leading or trailing whitespace.
    pub fn new(secret: impl Into<String>) -> Result<Self, SecretError> {
        let secret = SecretString::from(secret.into());
        let text = secret.expose_secret();
        if text.is_empty() {
            return Err(SecretError::Empty);
        }
        if text.trim() != text {
            return Err(SecretError::Whitespace);
        }
        Ok(Self(Arc::new(secret)))
    }

    /// The secret itself, for the token request.
    #[must_use]
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl fmt::Debug for ClientSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ClientSecret({REDACTED})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_checked_and_redacted() {
        assert_eq!(ClientSecret::new("").unwrap_err(), SecretError::Empty);
        assert_eq!(
            ClientSecret::new("abc\n").unwrap_err(),
            SecretError::Whitespace
        );
        let secret = ClientSecret::new("hunter2").unwrap();
        assert!(!format!("{secret:?} {:#?}", secret.clone()).contains("hunter2"));
    }
}
