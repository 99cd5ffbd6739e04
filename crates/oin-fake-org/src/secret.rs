//! [`Secret`]: a string that is never shown by `Debug` or `Display` (client secrets, admin API
//! tokens, access tokens), with an explicit [`Secret::expose`].

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;

/// A secret string: a client secret, the admin API token, an access token.
///
/// `Debug` prints `Secret([redacted])`; read the value with [`Secret::expose`] only where it
/// must go on the wire.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a value.
    #[must_use]
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// A fresh random secret of `bytes` random bytes, base64url-encoded (Okta's client
    /// secrets are 40 characters of this alphabet for 30 bytes).
    pub(crate) fn random(bytes: usize) -> Self {
        Self(random_token(bytes))
    }

    /// The secret value.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The last four characters, as Okta shows a stored secret (`***MQGQ`).
    pub(crate) fn masked(&self) -> String {
        let tail: String = self
            .0
            .chars()
            .rev()
            .take(4)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        format!("***{tail}")
    }

    /// Compares with a presented value in time independent of where they first differ.
    pub(crate) fn matches(&self, presented: &str) -> bool {
        let (a, b) = (self.0.as_bytes(), presented.as_bytes());
        if a.len() != b.len() {
            return false;
        }
        a.iter().zip(b).fold(0_u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

/// `bytes` random bytes, base64url without padding.
pub(crate) fn random_token(bytes: usize) -> String {
    let mut buffer = vec![0_u8; bytes];
    rand::rng().fill_bytes(&mut buffer);
    URL_SAFE_NO_PAD.encode(buffer)
}

#[cfg(test)]
mod tests {
    use super::Secret;

    #[test]
    fn debug_redacts_and_mask_keeps_the_tail() {
        let secret = Secret::new("abcdefghXYZW");
        assert_eq!(format!("{secret:?}"), "Secret([redacted])");
        assert_eq!(secret.masked(), "***XYZW");
        assert!(secret.matches("abcdefghXYZW"));
        assert!(!secret.matches("abcdefghXYZ"));
        assert!(!secret.matches("abcdefghXYZV"));
    }
}
