//! Every key format the committed test keys cover: what each one reads as, or exactly which
//! error it gives.

use oin_auth::{
    ClientAssertion, ClientId, KeyError, KeyFormatName, OrgUrl, PrivateKey, SigningAlgorithm,
};
use serde_json::Value;

use crate::fixture;

/// Reads `file` as `from_pem` (with kid `k1`) or `from_jwk` (`.json`) does.
fn read(file: &str) -> Result<PrivateKey, KeyError> {
    let text = fixture(file);
    if file.ends_with(".json") {
        PrivateKey::from_jwk(&text)
    } else {
        PrivateKey::from_pem(&text, "k1")
    }
}

fn check_ok(file: &str, algorithm: SigningAlgorithm, format: KeyFormatName) {
    let key = read(file).unwrap_or_else(|error| panic!("{file}: {error}"));
    assert_eq!(
        (key.algorithm(), key.format()),
        (algorithm, format),
        "{file}"
    );
}

fn check_err(file: &str, expected: fn(&KeyError) -> bool) {
    match read(file) {
        Ok(key) => panic!("{file}: read as {key:?}"),
        Err(error) => assert!(expected(&error), "{file}: {error:?}"),
    }
}

#[test]
fn every_private_key_format_reads() {
    use KeyFormatName::{Jwk, Pkcs1, Pkcs8, Sec1};
    use SigningAlgorithm::{Es256, Es384, Es512, Rs256};
    for (file, algorithm, format) in [
        ("rsa-2048-pkcs8.pem", Rs256, Pkcs8),
        ("rsa-2048-pkcs1.pem", Rs256, Pkcs1),
        ("rsa-2048-private.jwk.json", Rs256, Jwk),
        ("ec-p256-pkcs8.pem", Es256, Pkcs8),
        ("ec-p256-sec1.pem", Es256, Sec1),
        ("ec-p256-sec1-with-params.pem", Es256, Sec1),
        ("ec-p256-private.jwk.json", Es256, Jwk),
        ("ec-p384-pkcs8.pem", Es384, Pkcs8),
        ("ec-p384-sec1.pem", Es384, Sec1),
        ("ec-p384-private.jwk.json", Es384, Jwk),
        ("ec-p521-pkcs8.pem", Es512, Pkcs8),
        ("ec-p521-sec1.pem", Es512, Sec1),
        ("ec-p521-private.jwk.json", Es512, Jwk),
    ] {
        check_ok(file, algorithm, format);
    }
}

#[test]
fn one_key_in_every_format_is_the_same_key() {
    for files in [
        [
            "rsa-2048-pkcs8.pem",
            "rsa-2048-pkcs1.pem",
            "rsa-2048-private.jwk.json",
        ],
        [
            "ec-p256-pkcs8.pem",
            "ec-p256-sec1.pem",
            "ec-p256-private.jwk.json",
        ],
        [
            "ec-p384-pkcs8.pem",
            "ec-p384-sec1.pem",
            "ec-p384-private.jwk.json",
        ],
        [
            "ec-p521-pkcs8.pem",
            "ec-p521-sec1.pem",
            "ec-p521-private.jwk.json",
        ],
    ] {
        let thumbprints: Vec<String> = files
            .iter()
            .map(|file| read(file).unwrap().thumbprint().to_owned())
            .collect();
        assert!(
            thumbprints
                .iter()
                .all(|thumbprint| thumbprint == &thumbprints[0]),
            "{files:?}: {thumbprints:?}"
        );
    }
}

#[test]
fn thumbprint_follows_rfc_7638() {
    use base64::Engine as _;
    use sha2::Digest as _;
    // Computed here from the public JWK's members, independently of the crate.
    let public: Value = serde_json::from_str(&fixture("rsa-2048-public.jwk.json")).unwrap();
    let canonical = format!(
        r#"{{"e":"{}","kty":"RSA","n":"{}"}}"#,
        public["e"].as_str().unwrap(),
        public["n"].as_str().unwrap()
    );
    let expected = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(sha2::Sha256::digest(canonical.as_bytes()));
    assert_eq!(read("rsa-2048-pkcs8.pem").unwrap().thumbprint(), expected);
}

#[test]
fn every_wrong_format_says_what_it_is() {
    type Expect = fn(&KeyError) -> bool;
    let cases: [(&str, Expect); 12] = [
        ("rsa-2048-public.pem", |e| {
            matches!(e, KeyError::PublicKey { .. })
        }),
        ("rsa-2048-public-pkcs1.pem", |e| {
            matches!(e, KeyError::PublicKey { .. })
        }),
        ("rsa-2048-public.jwk.json", |e| {
            matches!(e, KeyError::PublicKey { .. })
        }),
        ("rsa-2048-certificate.pem", |e| {
            matches!(e, KeyError::Certificate)
        }),
        ("rsa-2048-encrypted-pkcs8.pem", |e| {
            matches!(e, KeyError::EncryptedPkcs8)
        }),
        (
            "rsa-2048-encrypted-pkcs1.pem",
            |e| matches!(e, KeyError::EncryptedPem { label } if label == "RSA PRIVATE KEY"),
        ),
        ("rsa-1024-pkcs8.pem", |e| {
            matches!(e, KeyError::RsaKeyTooSmall { bits: 1024 })
        }),
        (
            "ed25519-pkcs8.pem",
            |e| matches!(e, KeyError::UnsupportedKeyType { key_type } if key_type.contains("Ed25519")),
        ),
        (
            "secp256k1-sec1.pem",
            |e| matches!(e, KeyError::UnsupportedKeyType { key_type } if key_type.contains("secp256k1")),
        ),
        ("openssh-ecdsa.key", |e| matches!(e, KeyError::OpenSsh)),
        ("ec-p256-mismatched.jwk.json", |e| {
            matches!(e, KeyError::JwkMismatch)
        }),
        ("README.md", |e| matches!(e, KeyError::NotAKey)),
    ];
    for (file, expected) in cases {
        check_err(file, expected);
    }
    // The wrong reader for the format says which one to use.
    assert_eq!(
        PrivateKey::from_pem(&fixture("rsa-2048-private.jwk.json"), "k1").unwrap_err(),
        KeyError::JwkGivenForPem
    );
    assert_eq!(
        PrivateKey::from_jwk(&fixture("rsa-2048-pkcs8.pem")).unwrap_err(),
        KeyError::PemGivenForJwk
    );
}

#[test]
fn jwk_details() {
    let mut jwk: Value = serde_json::from_str(&fixture("ec-p256-private.jwk.json")).unwrap();
    let read = |jwk: &Value| PrivateKey::from_jwk(&jwk.to_string());
    assert_eq!(read(&jwk).unwrap().kid(), Some("ec-p256-jwk-1"));

    jwk["use"] = Value::from("enc");
    assert_eq!(
        read(&jwk).unwrap_err(),
        KeyError::WrongUse {
            found: "enc".to_owned()
        }
    );
    jwk["use"] = Value::from("sig");

    jwk["alg"] = Value::from("RS256");
    assert!(matches!(
        read(&jwk).unwrap_err(),
        KeyError::AlgorithmMismatch { .. }
    ));
    jwk["alg"] = Value::from("HS256");
    assert_eq!(
        read(&jwk).unwrap_err(),
        KeyError::UnsupportedAlgorithm {
            algorithm: "HS256".to_owned()
        }
    );
    jwk.as_object_mut().unwrap().remove("alg");

    let kid = jwk.as_object_mut().unwrap().remove("kid").unwrap();
    assert_eq!(read(&jwk).unwrap_err(), KeyError::MissingKid);
    assert_eq!(
        PrivateKey::parse(&jwk.to_string(), Some("given"))
            .unwrap()
            .kid(),
        Some("given")
    );
    jwk["kid"] = kid;

    let set = serde_json::json!({ "keys": [jwk.clone()] });
    assert_eq!(read(&set).unwrap().kid(), Some("ec-p256-jwk-1"));
    let two = serde_json::json!({ "keys": [jwk.clone(), jwk.clone()] });
    assert_eq!(read(&two).unwrap_err(), KeyError::JwkSet { count: 2 });

    jwk.as_object_mut().unwrap().remove("crv");
    assert!(
        matches!(read(&jwk).unwrap_err(), KeyError::InvalidJwk { reason } if reason.contains("crv"))
    );
    assert!(matches!(
        PrivateKey::from_jwk("{not json").unwrap_err(),
        KeyError::InvalidJwk { .. }
    ));
    assert!(matches!(
        PrivateKey::from_jwk(r#"{"kty":"oct","k":"c2VjcmV0","kid":"x"}"#).unwrap_err(),
        KeyError::UnsupportedKeyType { .. }
    ));
}

#[test]
fn pem_details() {
    let pkcs8 = fixture("ec-p256-pkcs8.pem");
    let two = format!("{pkcs8}{}", fixture("ec-p384-pkcs8.pem"));
    assert_eq!(
        PrivateKey::from_pem(&two, "k1").unwrap_err(),
        KeyError::MultipleKeys { count: 2 }
    );
    // A key after its certificate (a bundle) is found.
    let bundle = format!(
        "{}{}",
        fixture("rsa-2048-certificate.pem"),
        fixture("rsa-2048-pkcs8.pem")
    );
    assert_eq!(
        PrivateKey::from_pem(&bundle, "k1").unwrap().algorithm(),
        SigningAlgorithm::Rs256
    );
    let truncated = pkcs8.lines().take(3).collect::<Vec<_>>().join("\n");
    assert!(matches!(
        PrivateKey::from_pem(&truncated, "k1").unwrap_err(),
        KeyError::MalformedPem { .. }
    ));
    let garbled = pkcs8.replacen("MIG", "M!G", 1);
    assert!(matches!(
        PrivateKey::from_pem(&garbled, "k1").unwrap_err(),
        KeyError::MalformedPem { .. }
    ));
    assert_eq!(
        PrivateKey::from_pem(&pkcs8, "").unwrap_err(),
        KeyError::InvalidKid
    );
    assert_eq!(
        PrivateKey::parse(&pkcs8, None).unwrap_err(),
        KeyError::MissingKid
    );
}

#[test]
fn rsa_algorithms_and_mismatches() {
    let rsa = read("rsa-2048-pkcs8.pem").unwrap();
    for algorithm in [SigningAlgorithm::Rs384, SigningAlgorithm::Rs512] {
        assert_eq!(
            rsa.clone().with_algorithm(algorithm).unwrap().algorithm(),
            algorithm
        );
    }
    assert!(matches!(
        rsa.with_algorithm(SigningAlgorithm::Es256).unwrap_err(),
        KeyError::AlgorithmMismatch { .. }
    ));
    let ec = read("ec-p384-pkcs8.pem").unwrap();
    assert!(matches!(
        ec.with_algorithm(SigningAlgorithm::Es256).unwrap_err(),
        KeyError::AlgorithmMismatch { .. }
    ));
    assert!(matches!(
        PrivateKey::generate(SigningAlgorithm::Rs256, "k").unwrap_err(),
        KeyError::AlgorithmMismatch { .. }
    ));
    assert_eq!(
        "es512".parse::<SigningAlgorithm>().unwrap(),
        SigningAlgorithm::Es512
    );
    assert!("PS256".parse::<SigningAlgorithm>().is_err());
}

#[test]
fn es512_signatures_verify() {
    use p521::ecdsa::signature::Verifier as _;
    // The fake org verifies RS* and ES256/384 assertions; ES512 is verified here with the
    // public key from the assertion's own JWK.
    use base64::Engine as _;
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let key = read("ec-p521-pkcs8.pem").unwrap();
    let org = OrgUrl::parse("https://acme.okta.com").unwrap();
    let assertion = ClientAssertion::sign(
        &key,
        &ClientId::new("0oa1").unwrap(),
        &org,
        std::time::Duration::from_secs(60),
    )
    .unwrap();
    let (signed, signature) = assertion.expose().rsplit_once('.').unwrap();
    let jwk: Value = serde_json::from_str(&key.public_jwk()).unwrap();
    let mut point = vec![4_u8];
    point.extend(engine.decode(jwk["x"].as_str().unwrap()).unwrap());
    point.extend(engine.decode(jwk["y"].as_str().unwrap()).unwrap());
    let verifying = p521::ecdsa::VerifyingKey::from_sec1_bytes(&point).unwrap();
    let signature = p521::ecdsa::Signature::from_slice(&engine.decode(signature).unwrap()).unwrap();
    verifying
        .verify(signed.as_bytes(), &signature)
        .expect("the ES512 signature verifies");
    let header: Value =
        serde_json::from_slice(&engine.decode(signed.split('.').next().unwrap()).unwrap()).unwrap();
    assert_eq!(header["alg"], "ES512");
}

#[test]
fn damaged_keys_are_errors_never_panics() {
    // Every truncation and a byte flip at every position of small keys, every 13th of RSA
    // keys: each one reads as an error or (rarely, for a flip inside base64 padding) a key.
    for (file, step) in [
        ("ec-p256-pkcs8.pem", 1),
        ("ec-p256-sec1-with-params.pem", 1),
        ("ec-p384-private.jwk.json", 1),
        ("ec-p521-sec1.pem", 3),
        ("rsa-2048-pkcs1.pem", 13),
        ("rsa-2048-private.jwk.json", 13),
    ] {
        let text = fixture(file);
        let bytes = text.as_bytes();
        for at in (0..bytes.len()).step_by(step) {
            let truncated = String::from_utf8_lossy(&bytes[..at]);
            // Only the trailing newline may go.
            if at < text.trim_end().len() {
                assert!(
                    PrivateKey::parse(&truncated, Some("k")).is_err(),
                    "{file} cut at {at}"
                );
            }
            let mut flipped = bytes.to_vec();
            flipped[at] ^= 0x20;
            let _outcome = PrivateKey::parse(&String::from_utf8_lossy(&flipped), Some("k"));
        }
    }
}
