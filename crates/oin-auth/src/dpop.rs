//! DPoP (RFC 9449): [`DpopKey`], the tenant's own proof-of-possession key (never its
//! client-authentication key), and the proofs it signs for token requests (`htm`, `htu`, `iat`,
//! `jti`, `nonce` once Okta asked for one) and resource calls (`ath` too).

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use http::HeaderValue;
use serde::Serialize;
use serde_json::{Map, Value};
use sha2::{Digest as _, Sha256};

use crate::assertion::{random_id, unix_now};
use crate::{KeyError, PrivateKey, SigningAlgorithm};

/// A DPoP key: an EC (or RSA) key used only to prove possession of DPoP-bound tokens.
///
/// ```
/// use oin_auth::DpopKey;
///
/// let key = DpopKey::generate()?;
/// let proof = key.proof(&http::Method::POST, "https://acme.okta.com/oauth2/v1/token", None, None)?;
/// assert_eq!(proof.to_str()?.split('.').count(), 3);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct DpopKey {
    key: PrivateKey,
}

#[derive(Serialize)]
struct Claims<'a> {
    jti: String,
    htm: &'a str,
    htu: String,
    iat: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    nonce: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ath: Option<String>,
}

impl DpopKey {
    /// Generates a new ES256 DPoP key.
    ///
    /// # Errors
    /// [`KeyError::Signing`] if the operating system's random source fails.
    pub fn generate() -> Result<Self, KeyError> {
        Self::generate_with(SigningAlgorithm::Es256)
    }

    /// Generates a new DPoP key for an EC algorithm (ES256, ES384 or ES512).
    ///
    /// # Errors
    /// As [`PrivateKey::generate`].
    pub fn generate_with(algorithm: SigningAlgorithm) -> Result<Self, KeyError> {
        Ok(Self {
            key: PrivateKey::generate(algorithm, "dpop")?,
        })
    }

    /// Uses an existing key (from PEM or a JWK) for DPoP. It must not be the tenant's
    /// client-authentication key; [`Tenant::with_dpop`](crate::Tenant::with_dpop) checks.
    #[must_use]
    pub fn from_key(key: PrivateKey) -> Self {
        Self { key }
    }

    /// The algorithm of its proofs.
    #[must_use]
    pub fn algorithm(&self) -> SigningAlgorithm {
        self.key.algorithm()
    }

    /// The RFC 7638 thumbprint that DPoP-bound tokens carry as `cnf.jkt`.
    #[must_use]
    pub fn thumbprint(&self) -> &str {
        self.key.thumbprint()
    }

    /// Signs a proof for one request: `method` and `url` (its query and fragment are
    /// dropped, as `htu` requires), the server's `nonce` if it sent one, and for a resource
    /// call the `access_token` it accompanies (hashed into `ath`).
    ///
    /// # Errors
    /// [`KeyError::Signing`] if the URL does not parse or signing fails.
    pub fn proof(
        &self,
        method: &http::Method,
        url: &str,
        nonce: Option<&str>,
        access_token: Option<&str>,
    ) -> Result<HeaderValue, KeyError> {
        let mut htu = url::Url::parse(url).map_err(|error| KeyError::Signing {
            reason: format!("the DPoP target `{url}` is not a URL ({error})"),
        })?;
        htu.set_query(None);
        htu.set_fragment(None);
        let claims = Claims {
            jti: random_id(),
            htm: method.as_str(),
            htu: htu.to_string(),
            iat: unix_now(),
            nonce,
            ath: access_token.map(|token| URL_SAFE_NO_PAD.encode(Sha256::digest(token.as_bytes()))),
        };
        let mut header = Map::new();
        header.insert("typ".to_owned(), Value::from("dpop+jwt"));
        header.insert("jwk".to_owned(), Value::Object(self.key.public_members()));
        let proof = self.key.sign_jws(header, &claims)?;
        let mut value = HeaderValue::from_str(&proof).map_err(|error| KeyError::Signing {
            reason: error.to_string(),
        })?;
        value.set_sensitive(true);
        Ok(value)
    }
}

impl fmt::Debug for DpopKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DpopKey")
            .field("algorithm", &self.algorithm())
            .field("key", &format_args!("{}", crate::secret::REDACTED))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proof_claims() {
        let key = DpopKey::generate().unwrap();
        let proof = key
            .proof(
                &http::Method::GET,
                "https://acme.okta.com/api/v1/users?limit=2#x",
                Some("n-1"),
                Some("token"),
            )
            .unwrap();
        let proof = proof.to_str().unwrap();
        let segment = |index: usize| -> Value {
            serde_json::from_slice(
                &URL_SAFE_NO_PAD
                    .decode(proof.split('.').nth(index).unwrap())
                    .unwrap(),
            )
            .unwrap()
        };
        let header = segment(0);
        assert_eq!(header["typ"], "dpop+jwt");
        assert_eq!(header["alg"], "ES256");
        assert_eq!(header["jwk"]["kty"], "EC");
        assert!(header["jwk"].get("d").is_none());
        let claims = segment(1);
        assert_eq!(claims["htm"], "GET");
        assert_eq!(claims["htu"], "https://acme.okta.com/api/v1/users");
        assert_eq!(claims["nonce"], "n-1");
        assert_eq!(
            claims["ath"],
            URL_SAFE_NO_PAD.encode(Sha256::digest(b"token"))
        );
        assert!(!format!("{key:?}").contains(key.thumbprint()));
    }
}
