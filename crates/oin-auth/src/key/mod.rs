//! [`PrivateKey`]: a signing key for `private_key_jwt` client assertions and DPoP proofs, read
//! from every format Okta and OpenSSL hand out (PKCS#8, PKCS#1, SEC1 PEM, private JWK), with a
//! precise [`KeyError`] for each wrong one; and [`SigningAlgorithm`].

mod error;
mod jwk;
pub(crate) mod material;
mod pem;

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use p256::elliptic_curve::Generate as _;
use serde::Serialize;
use serde_json::{Map, Value};
use sha2::{Digest as _, Sha256};

pub use error::{KeyError, KeyFormatName};
use material::{Material, b64};

/// A JWS algorithm Okta accepts for `private_key_jwt` client assertions and DPoP proofs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum SigningAlgorithm {
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    Rs256,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    Rs384,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    Rs512,
    /// ECDSA on P-256 with SHA-256.
    Es256,
    /// ECDSA on P-384 with SHA-384.
    Es384,
    /// ECDSA on P-521 with SHA-512.
    Es512,
}

impl SigningAlgorithm {
    /// Every algorithm, in name order.
    pub const ALL: [Self; 6] = [
        Self::Rs256,
        Self::Rs384,
        Self::Rs512,
        Self::Es256,
        Self::Es384,
        Self::Es512,
    ];

    /// The JWS `alg` name, such as `RS256`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Rs256 => "RS256",
            Self::Rs384 => "RS384",
            Self::Rs512 => "RS512",
            Self::Es256 => "ES256",
            Self::Es384 => "ES384",
            Self::Es512 => "ES512",
        }
    }
}

impl fmt::Display for SigningAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SigningAlgorithm {
    type Err = KeyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|algorithm| algorithm.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| KeyError::UnsupportedAlgorithm {
                algorithm: s.to_owned(),
            })
    }
}

/// A private key that signs `private_key_jwt` client assertions or DPoP proofs: RSA (2048 bits
/// or more; RS256 by default, RS384/RS512 with [`PrivateKey::with_algorithm`]) or EC on P-256,
/// P-384 or P-521 (ES256, ES384, ES512 by curve).
///
/// Its `Debug` shows the algorithm, key id and format, never key material; the material is
/// zeroized when the last clone is dropped.
///
/// ```
/// use oin_auth::{KeyError, PrivateKey, SigningAlgorithm};
///
/// let key = PrivateKey::generate(SigningAlgorithm::Es256, "dpop-1")?;
/// assert_eq!(key.algorithm(), SigningAlgorithm::Es256);
/// assert!(format!("{key:?}").contains("[redacted]"));
///
/// // Wrong formats say what they are and what to do.
/// let public = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n";
/// assert!(matches!(PrivateKey::from_pem(public, "k1"), Err(KeyError::PublicKey { .. })));
/// # Ok::<(), KeyError>(())
/// ```
#[derive(Clone)]
pub struct PrivateKey {
    inner: Arc<Inner>,
}

struct Inner {
    material: Material,
    kid: Option<String>,
    format: KeyFormatName,
    thumbprint: String,
}

fn check_kid(kid: &str) -> Result<(), KeyError> {
    if kid.is_empty() || !kid.chars().all(|c| c.is_ascii_graphic()) {
        return Err(KeyError::InvalidKid);
    }
    Ok(())
}

impl PrivateKey {
    fn build(
        material: Material,
        kid: Option<String>,
        format: KeyFormatName,
    ) -> Result<Self, KeyError> {
        if let Some(kid) = &kid {
            check_kid(kid)?;
        }
        let canonical = serde_json::to_string(&material.public_members()).map_err(|error| {
            KeyError::Signing {
                reason: error.to_string(),
            }
        })?;
        let thumbprint = b64(&Sha256::digest(canonical.as_bytes()));
        Ok(Self {
            inner: Arc::new(Inner {
                material,
                kid,
                format,
                thumbprint,
            }),
        })
    }

    /// Reads a PEM private key: PKCS#8 (`BEGIN PRIVATE KEY`, RSA or EC, what Okta's Admin
    /// Console generates), PKCS#1 (`BEGIN RSA PRIVATE KEY`) or SEC1 (`BEGIN EC PRIVATE KEY`,
    /// with or without an `EC PARAMETERS` block). `kid` is the key id Okta shows for the public
    /// key; assertions carry it in their header.
    ///
    /// # Errors
    /// A [`KeyError`] naming what was found instead: a public key, a certificate, an encrypted
    /// key, an OpenSSH key, a JWK, an unsupported curve or key type, a short RSA key ...
    pub fn from_pem(pem: &str, kid: &str) -> Result<Self, KeyError> {
        check_kid(kid)?;
        let (material, format) = pem::read(pem)?;
        Self::build(material, Some(kid.to_owned()), format)
    }

    /// Reads a private JSON Web Key (RSA or EC, with its private member `d`), the other format
    /// Okta's Admin Console offers; a JWK Set holding exactly one key is accepted. The key id is
    /// the JWK's `kid`, and its `alg`, when present, picks the algorithm.
    ///
    /// # Errors
    /// A [`KeyError`]: not JSON, a public JWK, a missing member, `use` other than `sig`, an
    /// unsupported `kty`, `crv` or `alg`, or no `kid`.
    pub fn from_jwk(jwk: &str) -> Result<Self, KeyError> {
        let parsed = jwk::read(jwk)?;
        let kid = parsed.kid.ok_or(KeyError::MissingKid)?;
        Self::build(parsed.material, Some(kid), KeyFormatName::Jwk)
    }

    /// Reads PEM or a JWK, whichever `text` is. `kid` overrides a JWK's own `kid` and is
    /// required for PEM.
    ///
    /// # Errors
    /// As [`PrivateKey::from_pem`] and [`PrivateKey::from_jwk`].
    pub fn parse(text: &str, kid: Option<&str>) -> Result<Self, KeyError> {
        if text.trim_start().starts_with('{') {
            let parsed = jwk::read(text)?;
            let kid = kid
                .map(str::to_owned)
                .or(parsed.kid)
                .ok_or(KeyError::MissingKid)?;
            Self::build(parsed.material, Some(kid), KeyFormatName::Jwk)
        } else {
            Self::from_pem(text, kid.ok_or(KeyError::MissingKid)?)
        }
    }

    /// Generates a new EC key for `algorithm` (ES256, ES384 or ES512) from the operating
    /// system's random source: a DPoP key, or a test key.
    ///
    /// # Errors
    /// [`KeyError::AlgorithmMismatch`] for an RSA algorithm (generate RSA keys with OpenSSL),
    /// [`KeyError::Signing`] if the random source fails.
    pub fn generate(algorithm: SigningAlgorithm, kid: &str) -> Result<Self, KeyError> {
        check_kid(kid)?;
        let material = match algorithm {
            SigningAlgorithm::Es256 => {
                Material::P256(p256::ecdsa::SigningKey::try_generate().map_err(rng_error)?)
            }
            SigningAlgorithm::Es384 => {
                Material::P384(p384::ecdsa::SigningKey::try_generate().map_err(rng_error)?)
            }
            SigningAlgorithm::Es512 => {
                Material::P521(p521::ecdsa::SigningKey::try_generate().map_err(rng_error)?)
            }
            rsa => {
                return Err(KeyError::AlgorithmMismatch {
                    algorithm: rsa.to_string(),
                    key_type: "generated".to_owned(),
                    hint: "only EC keys are generated here; create RSA keys with `openssl genpkey -algorithm RSA`",
                });
            }
        };
        Self::build(material, Some(kid.to_owned()), KeyFormatName::Generated)
    }

    /// The same key with another key id.
    ///
    /// # Errors
    /// [`KeyError::InvalidKid`] for an empty or non-printable id.
    pub fn with_kid(self, kid: &str) -> Result<Self, KeyError> {
        check_kid(kid)?;
        let format = self.inner.format;
        let material = self.inner.material.with_algorithm(self.algorithm())?;
        Self::build(material, Some(kid.to_owned()), format)
    }

    /// The same key signing with another algorithm: RS384 or RS512 for an RSA key. An EC key's
    /// algorithm is fixed by its curve.
    ///
    /// # Errors
    /// [`KeyError::AlgorithmMismatch`] when the algorithm does not fit the key.
    pub fn with_algorithm(self, algorithm: SigningAlgorithm) -> Result<Self, KeyError> {
        let material = self.inner.material.with_algorithm(algorithm)?;
        Self::build(material, self.inner.kid.clone(), self.inner.format)
    }

    /// The algorithm it signs with.
    #[must_use]
    pub fn algorithm(&self) -> SigningAlgorithm {
        self.inner.material.algorithm()
    }

    /// The key id.
    #[must_use]
    pub fn kid(&self) -> Option<&str> {
        self.inner.kid.as_deref()
    }

    /// The format it was read from.
    #[must_use]
    pub fn format(&self) -> KeyFormatName {
        self.inner.format
    }

    /// The RFC 7638 SHA-256 thumbprint of the public key, base64url: DPoP binds tokens to it
    /// (`cnf.jkt`).
    #[must_use]
    pub fn thumbprint(&self) -> &str {
        &self.inner.thumbprint
    }

    /// The public JWK members alone (`kty`, `n`/`e` or `crv`/`x`/`y`): what a DPoP proof's
    /// header carries.
    pub(crate) fn public_members(&self) -> Map<String, Value> {
        self.inner.material.public_members()
    }

    /// The public key as a JWK with `kid`, `alg` and `"use": "sig"`: what to register with
    /// Okta (the app's JWKS) for `private_key_jwt`.
    #[must_use]
    pub fn public_jwk(&self) -> String {
        let mut members = self.public_members();
        if let Some(kid) = self.kid() {
            members.insert("kid".to_owned(), Value::from(kid));
        }
        members.insert("alg".to_owned(), Value::from(self.algorithm().as_str()));
        members.insert("use".to_owned(), Value::from("sig"));
        Value::Object(members).to_string()
    }

    /// The public key as a JWK Set, `{"keys":[…]}`.
    #[must_use]
    pub fn public_jwks(&self) -> String {
        format!("{{\"keys\":[{}]}}", self.public_jwk())
    }

    /// Signs a compact JWS with `header` members (beside `alg`, which this adds) and `claims`.
    pub(crate) fn sign_jws(
        &self,
        mut header: Map<String, Value>,
        claims: &impl Serialize,
    ) -> Result<String, KeyError> {
        header.insert("alg".to_owned(), Value::from(self.algorithm().as_str()));
        let header = serde_json::to_vec(&header).map_err(|error| KeyError::Signing {
            reason: error.to_string(),
        })?;
        let claims = serde_json::to_vec(claims).map_err(|error| KeyError::Signing {
            reason: error.to_string(),
        })?;
        let mut jws = format!("{}.{}", b64(&header), b64(&claims));
        let signature = self.inner.material.sign(jws.as_bytes());
        jws.push('.');
        jws.push_str(&b64(&signature));
        Ok(jws)
    }
}

fn rng_error(error: impl fmt::Display) -> KeyError {
    KeyError::Signing {
        reason: format!("the random source failed ({error})"),
    }
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivateKey")
            .field("algorithm", &self.algorithm())
            .field("kid", &self.kid())
            .field("format", &self.format())
            .field("key", &format_args!("{}", crate::secret::REDACTED))
            .finish()
    }
}
