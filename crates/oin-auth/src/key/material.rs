//! The decoded key material behind a [`PrivateKey`](super::PrivateKey): one RSA key or one EC
//! key on P-256, P-384 or P-521, able to sign and to describe its public half as a JWK.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rsa::pkcs1v15;
use rsa::sha2::{Sha256, Sha384, Sha512};
use rsa::signature::{SignatureEncoding as _, Signer as _};
use rsa::traits::PublicKeyParts as _;
use serde_json::{Map, Value, json};

use super::{KeyError, SigningAlgorithm};

/// An RSA key with the PKCS#1 v1.5 signer for its algorithm built once.
pub(crate) enum RsaSigner {
    Rs256(pkcs1v15::SigningKey<Sha256>),
    Rs384(pkcs1v15::SigningKey<Sha384>),
    Rs512(pkcs1v15::SigningKey<Sha512>),
}

/// An RSA key and its signer.
pub(crate) struct RsaKey {
    key: rsa::PrivateKey,
    signer: RsaSigner,
}

/// Decoded key material.
pub(crate) enum Material {
    Rsa(Box<RsaKey>),
    P256(p256::ecdsa::SigningKey),
    P384(p384::ecdsa::SigningKey),
    P521(p521::ecdsa::SigningKey),
}

impl Material {
    /// An RSA key signing with `algorithm` (one of RS256/384/512).
    pub(crate) fn rsa(key: rsa::PrivateKey, algorithm: SigningAlgorithm) -> Result<Self, KeyError> {
        let bits = key.size() * 8;
        if bits < 2048 {
            return Err(KeyError::RsaKeyTooSmall { bits });
        }
        let signer = match algorithm {
            SigningAlgorithm::Rs256 => RsaSigner::Rs256(pkcs1v15::SigningKey::new(key.clone())),
            SigningAlgorithm::Rs384 => RsaSigner::Rs384(pkcs1v15::SigningKey::new(key.clone())),
            SigningAlgorithm::Rs512 => RsaSigner::Rs512(pkcs1v15::SigningKey::new(key.clone())),
            other => {
                return Err(KeyError::AlgorithmMismatch {
                    algorithm: other.to_string(),
                    key_type: "RSA".to_owned(),
                    hint: "an RSA key signs with RS256, RS384 or RS512",
                });
            }
        };
        Ok(Self::Rsa(Box::new(RsaKey { key, signer })))
    }

    /// The algorithm this material signs with.
    pub(crate) fn algorithm(&self) -> SigningAlgorithm {
        match self {
            Self::Rsa(rsa) => match rsa.signer {
                RsaSigner::Rs256(_) => SigningAlgorithm::Rs256,
                RsaSigner::Rs384(_) => SigningAlgorithm::Rs384,
                RsaSigner::Rs512(_) => SigningAlgorithm::Rs512,
            },
            Self::P256(_) => SigningAlgorithm::Es256,
            Self::P384(_) => SigningAlgorithm::Es384,
            Self::P521(_) => SigningAlgorithm::Es512,
        }
    }

    /// The key type, for messages: `RSA`, `EC P-256` ...
    pub(crate) fn key_type(&self) -> &'static str {
        match self {
            Self::Rsa(_) => "RSA",
            Self::P256(_) => "EC P-256",
            Self::P384(_) => "EC P-384",
            Self::P521(_) => "EC P-521",
        }
    }

    /// The same key signing with another algorithm, if it fits.
    pub(crate) fn with_algorithm(&self, algorithm: SigningAlgorithm) -> Result<Self, KeyError> {
        match self {
            Self::Rsa(rsa) => Self::rsa(rsa.key.clone(), algorithm),
            ec if ec.algorithm() != algorithm => Err(KeyError::AlgorithmMismatch {
                algorithm: algorithm.to_string(),
                key_type: ec.key_type().to_owned(),
                hint: "an EC key signs with the algorithm of its curve: P-256 ES256, P-384 ES384, P-521 ES512",
            }),
            Self::P256(key) => Ok(Self::P256(key.clone())),
            Self::P384(key) => Ok(Self::P384(key.clone())),
            Self::P521(key) => Ok(Self::P521(key.clone())),
        }
    }

    /// The JWS signature of `message`: PKCS#1 v1.5 for RSA, `r || s` for ECDSA (RFC 7518).
    pub(crate) fn sign(&self, message: &[u8]) -> Vec<u8> {
        match self {
            Self::Rsa(rsa) => match &rsa.signer {
                RsaSigner::Rs256(key) => key.sign(message).to_vec(),
                RsaSigner::Rs384(key) => key.sign(message).to_vec(),
                RsaSigner::Rs512(key) => key.sign(message).to_vec(),
            },
            Self::P256(key) => {
                let signature: p256::ecdsa::Signature = key.sign(message);
                signature.to_vec()
            }
            Self::P384(key) => {
                let signature: p384::ecdsa::Signature = key.sign(message);
                signature.to_vec()
            }
            Self::P521(key) => {
                let signature: p521::ecdsa::Signature = key.sign(message);
                signature.to_vec()
            }
        }
    }

    /// The public key as the JWK members RFC 7638 hashes for a thumbprint, in its order:
    /// `e`, `kty`, `n` for RSA; `crv`, `kty`, `x`, `y` for EC.
    pub(crate) fn public_members(&self) -> Map<String, Value> {
        let value = match self {
            Self::Rsa(rsa) => json!({
                "e": b64(&rsa.key.e_bytes()),
                "kty": "RSA",
                "n": b64(&rsa.key.n_bytes()),
            }),
            Self::P256(key) => {
                ec_members("P-256", key.verifying_key().to_sec1_point(false).as_bytes())
            }
            Self::P384(key) => {
                ec_members("P-384", key.verifying_key().to_sec1_point(false).as_bytes())
            }
            Self::P521(key) => {
                ec_members("P-521", key.verifying_key().to_sec1_point(false).as_bytes())
            }
        };
        match value {
            Value::Object(members) => members,
            _ => Map::new(),
        }
    }
}

/// `crv`, `kty`, `x`, `y` from an uncompressed SEC1 point (`0x04 || x || y`).
fn ec_members(curve: &str, point: &[u8]) -> Value {
    let coordinates = point.get(1..).unwrap_or_default();
    let (x, y) = coordinates.split_at(coordinates.len() / 2);
    json!({ "crv": curve, "kty": "EC", "x": b64(x), "y": b64(y) })
}

pub(crate) fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}
