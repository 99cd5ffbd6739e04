//! Reading a private key from PEM: PKCS#8 (`PRIVATE KEY`, RSA or EC), PKCS#1
//! (`RSA PRIVATE KEY`) and SEC1 (`EC PRIVATE KEY`), with a precise error for everything else.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use p256::pkcs8::der::Decode as _;
use p256::pkcs8::{DecodePrivateKey as _, ObjectIdentifier, PrivateKeyInfoRef};
use rsa::pkcs1::DecodeRsaPrivateKey as _;
use zeroize::Zeroizing;

use super::material::Material;
use super::{KeyError, KeyFormatName, SigningAlgorithm};

const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const RSA_PSS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");
const EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const P256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const P384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
const P521: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.35");
const SECP256K1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.10");
const ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
const ED448: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.113");
const DSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10040.4.1");

/// One PEM block: its label, whether it carries legacy encryption headers, and its DER.
struct Block {
    label: String,
    encrypted: bool,
    der: Zeroizing<Vec<u8>>,
}

/// Splits PEM text into blocks.
fn blocks(text: &str) -> Result<Vec<Block>, KeyError> {
    let mut blocks = Vec::new();
    let mut lines = text.lines().map(str::trim);
    while let Some(line) = lines.next() {
        let Some(label) = line
            .strip_prefix("-----BEGIN ")
            .and_then(|rest| rest.strip_suffix("-----"))
        else {
            continue;
        };
        let end = format!("-----END {label}-----");
        let mut body = Zeroizing::new(String::new());
        let mut encrypted = false;
        let mut closed = false;
        for line in lines.by_ref() {
            if line == end {
                closed = true;
                break;
            }
            if line.starts_with("-----") {
                return Err(KeyError::MalformedPem {
                    reason: format!("`{line}` inside the `{label}` block"),
                });
            }
            if let Some((header, value)) = line.split_once(':') {
                if header.eq_ignore_ascii_case("Proc-Type") && value.contains("ENCRYPTED") {
                    encrypted = true;
                }
                continue;
            }
            body.push_str(line);
        }
        if !closed {
            return Err(KeyError::MalformedPem {
                reason: format!("the `{label}` block has no `{end}` line"),
            });
        }
        let der = if encrypted {
            Zeroizing::new(Vec::new())
        } else {
            Zeroizing::new(STANDARD.decode(body.as_bytes()).map_err(|error| {
                KeyError::MalformedPem {
                    reason: format!("the `{label}` block is not valid base64 ({error})"),
                }
            })?)
        };
        blocks.push(Block {
            label: label.to_owned(),
            encrypted,
            der,
        });
    }
    Ok(blocks)
}

/// Reads the one private key in `text`.
pub(crate) fn read(text: &str) -> Result<(Material, KeyFormatName), KeyError> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') {
        return Err(KeyError::JwkGivenForPem);
    }
    let blocks = blocks(text)?;
    if blocks.is_empty() {
        return Err(KeyError::NotAKey);
    }
    let private: Vec<&Block> = blocks
        .iter()
        .filter(|block| {
            matches!(
                block.label.as_str(),
                "PRIVATE KEY" | "RSA PRIVATE KEY" | "EC PRIVATE KEY"
            )
        })
        .collect();
    match private.as_slice() {
        [block] => read_block(block),
        [] => Err(explain_other(&blocks)),
        many => Err(KeyError::MultipleKeys { count: many.len() }),
    }
}

/// Why a PEM input without any private key block is not usable.
fn explain_other(blocks: &[Block]) -> KeyError {
    let Some(block) = blocks.iter().find(|block| block.label != "EC PARAMETERS") else {
        return KeyError::UnsupportedPemLabel {
            label: "EC PARAMETERS".to_owned(),
        };
    };
    match block.label.as_str() {
        "ENCRYPTED PRIVATE KEY" => KeyError::EncryptedPkcs8,
        "PUBLIC KEY" | "RSA PUBLIC KEY" | "EC PUBLIC KEY" => KeyError::PublicKey {
            format: format!("PEM block `{}`", block.label),
        },
        "CERTIFICATE" | "TRUSTED CERTIFICATE" | "X509 CERTIFICATE" => KeyError::Certificate,
        "OPENSSH PRIVATE KEY" => KeyError::OpenSsh,
        "DSA PRIVATE KEY" => KeyError::UnsupportedKeyType {
            key_type: "a DSA key".to_owned(),
        },
        label => KeyError::UnsupportedPemLabel {
            label: label.to_owned(),
        },
    }
}

fn read_block(block: &Block) -> Result<(Material, KeyFormatName), KeyError> {
    if block.encrypted {
        return Err(KeyError::EncryptedPem {
            label: block.label.clone(),
        });
    }
    match block.label.as_str() {
        "RSA PRIVATE KEY" => {
            let key = rsa::PrivateKey::from_pkcs1_der(&block.der).map_err(|error| {
                KeyError::InvalidKey {
                    format: KeyFormatName::Pkcs1,
                    reason: error.to_string(),
                }
            })?;
            Ok((
                Material::rsa(key, SigningAlgorithm::Rs256)?,
                KeyFormatName::Pkcs1,
            ))
        }
        "EC PRIVATE KEY" => Ok((read_sec1(&block.der)?, KeyFormatName::Sec1)),
        _ => Ok((read_pkcs8(&block.der)?, KeyFormatName::Pkcs8)),
    }
}

fn invalid(format: KeyFormatName) -> impl Fn(String) -> KeyError {
    move |reason| KeyError::InvalidKey { format, reason }
}

fn read_pkcs8(der: &[u8]) -> Result<Material, KeyError> {
    let invalid = invalid(KeyFormatName::Pkcs8);
    let info = PrivateKeyInfoRef::from_der(der).map_err(|error| invalid(error.to_string()))?;
    let (algorithm, parameters) = info
        .algorithm
        .oids()
        .map_err(|error| invalid(error.to_string()))?;
    match algorithm {
        RSA_ENCRYPTION => {
            let key =
                rsa::PrivateKey::from_pkcs8_der(der).map_err(|error| invalid(error.to_string()))?;
            Material::rsa(key, SigningAlgorithm::Rs256)
        }
        EC_PUBLIC_KEY => match parameters {
            Some(P256) => Ok(Material::P256(
                p256::ecdsa::SigningKey::from_pkcs8_der(der)
                    .map_err(|error| invalid(error.to_string()))?,
            )),
            Some(P384) => Ok(Material::P384(
                p384::ecdsa::SigningKey::from_pkcs8_der(der)
                    .map_err(|error| invalid(error.to_string()))?,
            )),
            Some(P521) => Ok(Material::P521(
                p521::ecdsa::SigningKey::from_pkcs8_der(der)
                    .map_err(|error| invalid(error.to_string()))?,
            )),
            Some(curve) => Err(KeyError::UnsupportedKeyType {
                key_type: curve_name(curve),
            }),
            None => Err(invalid("the EC key names no curve".to_owned())),
        },
        other => Err(KeyError::UnsupportedKeyType {
            key_type: algorithm_name(other),
        }),
    }
}

/// SEC1 names its curve in the optional `parameters`; without them the private scalar's
/// length tells (32, 48 or 66 bytes).
fn read_sec1(der: &[u8]) -> Result<Material, KeyError> {
    let invalid = invalid(KeyFormatName::Sec1);
    // The curve's OID as DER encodes it: tag 0x06, length, content.
    let contains = |oid: &ObjectIdentifier| {
        let content = oid.as_bytes();
        let mut encoded = vec![0x06, u8::try_from(content.len()).unwrap_or(u8::MAX)];
        encoded.extend_from_slice(content);
        der.windows(encoded.len())
            .any(|window| window == encoded.as_slice())
    };
    if contains(&SECP256K1) {
        return Err(KeyError::UnsupportedKeyType {
            key_type: curve_name(SECP256K1),
        });
    }
    if contains(&P521) {
        let key =
            p521::SecretKey::from_sec1_der(der).map_err(|error| invalid(error.to_string()))?;
        return Ok(Material::P521(key.into()));
    }
    if contains(&P384) {
        let key =
            p384::SecretKey::from_sec1_der(der).map_err(|error| invalid(error.to_string()))?;
        return Ok(Material::P384(key.into()));
    }
    if let Ok(key) = p256::SecretKey::from_sec1_der(der) {
        return Ok(Material::P256(key.into()));
    }
    if let Ok(key) = p384::SecretKey::from_sec1_der(der) {
        return Ok(Material::P384(key.into()));
    }
    p521::SecretKey::from_sec1_der(der)
        .map(|key| Material::P521(key.into()))
        .map_err(|error| invalid(error.to_string()))
}

fn curve_name(oid: ObjectIdentifier) -> String {
    match oid {
        SECP256K1 => "an EC key on secp256k1".to_owned(),
        other => format!("an EC key on the curve {other}"),
    }
}

fn algorithm_name(oid: ObjectIdentifier) -> String {
    match oid {
        ED25519 => "an Ed25519 key".to_owned(),
        ED448 => "an Ed448 key".to_owned(),
        DSA => "a DSA key".to_owned(),
        RSA_PSS => "an RSASSA-PSS-only key".to_owned(),
        other => format!("a key of algorithm {other}"),
    }
}
