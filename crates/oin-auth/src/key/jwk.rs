//! Reading a private key from a JSON Web Key (RFC 7517/7518), the format Okta's Admin Console
//! offers beside PKCS#8: RSA (`n`, `e`, `d`, and `p`, `q` when present) or EC (`crv`, `x`, `y`,
//! `d`). A JWK Set with exactly one key is accepted too.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rsa::BoxedUint;
use serde_json::{Map, Value};
use zeroize::Zeroizing;

use super::material::Material;
use super::{KeyError, SigningAlgorithm};

/// What a JWK yields: the key, and its `kid` if it has one.
pub(crate) struct Parsed {
    pub(crate) material: Material,
    pub(crate) kid: Option<String>,
}

pub(crate) fn read(text: &str) -> Result<Parsed, KeyError> {
    let trimmed = text.trim_start();
    if trimmed.starts_with("-----BEGIN") {
        return Err(KeyError::PemGivenForJwk);
    }
    if !trimmed.starts_with('{') {
        return Err(KeyError::NotAKey);
    }
    // The parsed JSON holds private members: keep it in a zeroizing string as far as we can.
    let value: Value = serde_json::from_str(text).map_err(|error| KeyError::InvalidJwk {
        reason: format!("not JSON ({error})"),
    })?;
    let Value::Object(mut members) = value else {
        return Err(KeyError::InvalidJwk {
            reason: "not a JSON object".to_owned(),
        });
    };
    if let Some(keys) = members.remove("keys") {
        let Value::Array(mut keys) = keys else {
            return Err(KeyError::InvalidJwk {
                reason: "`keys` is not an array".to_owned(),
            });
        };
        return match (keys.pop(), keys.is_empty()) {
            (Some(Value::Object(key)), true) => read_members(&key),
            (Some(_), true) => Err(KeyError::InvalidJwk {
                reason: "the JWK Set's key is not an object".to_owned(),
            }),
            (None, _) => Err(KeyError::InvalidJwk {
                reason: "the JWK Set is empty".to_owned(),
            }),
            (Some(_), false) => Err(KeyError::JwkSet {
                count: keys.len() + 1,
            }),
        };
    }
    read_members(&members)
}

fn read_members(members: &Map<String, Value>) -> Result<Parsed, KeyError> {
    let text = |name: &str| members.get(name).and_then(Value::as_str);
    if let Some(key_use) = text("use")
        && key_use != "sig"
    {
        return Err(KeyError::WrongUse {
            found: key_use.to_owned(),
        });
    }
    let algorithm = text("alg")
        .map(str::parse::<SigningAlgorithm>)
        .transpose()?;
    let kid = text("kid").map(str::to_owned);
    let material = match text("kty") {
        Some("RSA") => read_rsa(members, algorithm)?,
        Some("EC") => read_ec(members, algorithm)?,
        Some("OKP") => {
            return Err(KeyError::UnsupportedKeyType {
                key_type: "an OKP (Ed25519/X25519) key".to_owned(),
            });
        }
        Some("oct") => {
            return Err(KeyError::UnsupportedKeyType {
                key_type: "a symmetric (`oct`) key".to_owned(),
            });
        }
        Some(other) => {
            return Err(KeyError::UnsupportedKeyType {
                key_type: format!("a `{other}` key"),
            });
        }
        None => return Err(missing("kty")),
    };
    Ok(Parsed { material, kid })
}

fn missing(member: &str) -> KeyError {
    KeyError::InvalidJwk {
        reason: format!("the member `{member}` is missing"),
    }
}

/// A base64url member, decoded into zeroizing memory.
fn bytes(members: &Map<String, Value>, name: &str) -> Result<Option<Zeroizing<Vec<u8>>>, KeyError> {
    let Some(value) = members.get(name) else {
        return Ok(None);
    };
    let text = value.as_str().ok_or_else(|| KeyError::InvalidJwk {
        reason: format!("the member `{name}` is not a string"),
    })?;
    URL_SAFE_NO_PAD
        .decode(text.trim_end_matches('='))
        .map(|decoded| Some(Zeroizing::new(decoded)))
        .map_err(|error| KeyError::InvalidJwk {
            reason: format!("the member `{name}` is not base64url ({error})"),
        })
}

fn required(members: &Map<String, Value>, name: &str) -> Result<Zeroizing<Vec<u8>>, KeyError> {
    bytes(members, name)?.ok_or_else(|| missing(name))
}

fn private(members: &Map<String, Value>) -> Result<Zeroizing<Vec<u8>>, KeyError> {
    bytes(members, "d")?.ok_or_else(|| KeyError::PublicKey {
        format: "JWK (it has no private member `d`)".to_owned(),
    })
}

fn read_rsa(
    members: &Map<String, Value>,
    algorithm: Option<SigningAlgorithm>,
) -> Result<Material, KeyError> {
    let d = private(members)?;
    let n = required(members, "n")?;
    let e = required(members, "e")?;
    let uint = |bytes: &[u8]| BoxedUint::from_be_slice_vartime(bytes);
    let primes = match (bytes(members, "p")?, bytes(members, "q")?) {
        (Some(p), Some(q)) => vec![uint(&p), uint(&q)],
        _ => Vec::new(),
    };
    let key = rsa::PrivateKey::from_components(uint(&n), uint(&e), uint(&d), primes).map_err(
        |error| KeyError::InvalidKey {
            format: super::KeyFormatName::Jwk,
            reason: error.to_string(),
        },
    )?;
    Material::rsa(key, algorithm.unwrap_or(SigningAlgorithm::Rs256))
}

fn read_ec(
    members: &Map<String, Value>,
    algorithm: Option<SigningAlgorithm>,
) -> Result<Material, KeyError> {
    let d = private(members)?;
    let invalid = |reason: String| KeyError::InvalidKey {
        format: super::KeyFormatName::Jwk,
        reason,
    };
    let material = match members.get("crv").and_then(Value::as_str) {
        Some("P-256") => Material::P256(
            p256::ecdsa::SigningKey::from_slice(&d).map_err(|e| invalid(e.to_string()))?,
        ),
        Some("P-384") => Material::P384(
            p384::ecdsa::SigningKey::from_slice(&d).map_err(|e| invalid(e.to_string()))?,
        ),
        Some("P-521") => Material::P521(
            p521::ecdsa::SigningKey::from_slice(&d).map_err(|e| invalid(e.to_string()))?,
        ),
        Some(other) => {
            return Err(KeyError::UnsupportedKeyType {
                key_type: format!("an EC key on the curve {other}"),
            });
        }
        None => return Err(missing("crv")),
    };
    // The public members must be the public half of `d`.
    let public = material.public_members();
    for coordinate in ["x", "y"] {
        if let Some(given) = members.get(coordinate)
            && Some(given) != public.get(coordinate)
        {
            return Err(KeyError::JwkMismatch);
        }
    }
    match algorithm {
        Some(algorithm) => material.with_algorithm(algorithm),
        None => Ok(material),
    }
}
