//! `private_key_jwt` client assertions (RFC 7523): `iss` = `sub` = the client ID, `aud` = the
//! org's exact token URL, a short `exp` (never over an hour), a unique `jti` and `iat`.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Serialize;
use serde_json::{Map, Value};

use crate::secret::REDACTED;
use crate::{ClientId, KeyError, OrgUrl, PrivateKey};

/// The longest assertion lifetime Okta accepts.
pub const MAX_ASSERTION_LIFETIME: Duration = Duration::from_secs(3600);

/// The client assertion's claims.
#[derive(Serialize)]
struct Claims<'a> {
    iss: &'a str,
    sub: &'a str,
    aud: &'a str,
    iat: u64,
    exp: u64,
    jti: String,
}

/// A signed client assertion: a bearer credential for a few minutes, so its `Debug` is
/// redacted like a secret's.
pub struct ClientAssertion(String);

impl ClientAssertion {
    /// Signs an assertion for `client_id` at `org`'s token endpoint, valid for `lifetime`
    /// (capped at one hour, Okta's limit).
    ///
    /// ```
    /// use std::time::Duration;
    /// use oin_auth::{ClientAssertion, ClientId, OrgUrl, PrivateKey, SigningAlgorithm};
    ///
    /// let key = PrivateKey::generate(SigningAlgorithm::Es256, "key-1")?;
    /// let org = OrgUrl::parse("https://acme.okta.com")?;
    /// let client_id: ClientId = "0oa1bcd2efGHIJ3kl4m5".parse()?;
    /// let assertion = ClientAssertion::sign(&key, &client_id, &org, Duration::from_secs(300))?;
    /// assert_eq!(assertion.expose().split('.').count(), 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`KeyError::Signing`] if the claims cannot be serialised.
    pub fn sign(
        key: &PrivateKey,
        client_id: &ClientId,
        org: &OrgUrl,
        lifetime: Duration,
    ) -> Result<Self, KeyError> {
        let now = unix_now();
        let lifetime = lifetime.min(MAX_ASSERTION_LIFETIME).as_secs().max(1);
        let audience = org.token_url();
        let claims = Claims {
            iss: client_id.as_str(),
            sub: client_id.as_str(),
            aud: &audience,
            iat: now,
            exp: now + lifetime,
            jti: random_id(),
        };
        let mut header = Map::new();
        header.insert("typ".to_owned(), Value::from("JWT"));
        if let Some(kid) = key.kid() {
            header.insert("kid".to_owned(), Value::from(kid));
        }
        key.sign_jws(header, &claims).map(Self)
    }

    /// The compact JWS, for the `client_assertion` form parameter.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ClientAssertion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ClientAssertion({REDACTED})")
    }
}

impl Drop for ClientAssertion {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

/// Seconds since the Unix epoch.
pub(crate) fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

/// 128 random bits, base64url: a `jti`.
pub(crate) fn random_id() -> String {
    crate::key::material::b64(&rand::random::<[u8; 16]>())
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    fn part(jws: &str, index: usize) -> Value {
        let segment = jws.split('.').nth(index).unwrap();
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(segment).unwrap()).unwrap()
    }

    #[test]
    fn claims_follow_okta_rules() {
        let key = PrivateKey::generate(crate::SigningAlgorithm::Es384, "k-384").unwrap();
        let org = OrgUrl::parse("https://acme.okta.com").unwrap();
        let client: ClientId = "0oa1".parse().unwrap();
        let first = ClientAssertion::sign(&key, &client, &org, Duration::from_secs(7200)).unwrap();
        let second = ClientAssertion::sign(&key, &client, &org, Duration::from_secs(300)).unwrap();
        let header = part(first.expose(), 0);
        assert_eq!(header["alg"], "ES384");
        assert_eq!(header["kid"], "k-384");
        let claims = part(first.expose(), 1);
        assert_eq!(claims["iss"], "0oa1");
        assert_eq!(claims["sub"], "0oa1");
        assert_eq!(claims["aud"], "https://acme.okta.com/oauth2/v1/token");
        let lifetime = claims["exp"].as_u64().unwrap() - claims["iat"].as_u64().unwrap();
        assert_eq!(lifetime, 3600, "capped at an hour");
        assert_ne!(claims["jti"], part(second.expose(), 1)["jti"]);
        assert_eq!(format!("{first:?}"), "ClientAssertion([redacted])");
    }
}
