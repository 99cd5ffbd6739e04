//! [`KeyError`]: why a private key cannot sign client assertions or DPoP proofs.

/// Why a text is not a usable private key, or a key cannot sign. Every message names the format
/// found and what to do; no key material is ever part of an error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// The text is neither PEM nor a JSON Web Key.
    #[error(
        "the key is neither PEM (`-----BEGIN PRIVATE KEY-----`) nor a JSON Web Key: paste the private key Okta's Admin Console generated (PEM or JWK)"
    )]
    NotAKey,
    /// A JSON Web Key was given where PEM was expected.
    #[error(
        "the key is a JSON Web Key, not PEM: read it with `PrivateKey::from_jwk` (or `PrivateKey::parse`, which accepts both)"
    )]
    JwkGivenForPem,
    /// PEM was given where a JSON Web Key was expected.
    #[error(
        "the key is PEM, not a JSON Web Key: read it with `PrivateKey::from_pem` (or `PrivateKey::parse`, which accepts both)"
    )]
    PemGivenForJwk,
    /// A public key instead of the private key.
    #[error(
        "the {format} is a public key: Okta keeps the public key; the integration signs with the private key, so give that (PKCS#8 `BEGIN PRIVATE KEY`, PKCS#1 `BEGIN RSA PRIVATE KEY`, SEC1 `BEGIN EC PRIVATE KEY` or a JWK with `d`)"
    )]
    PublicKey {
        /// What was found, such as `PEM block \"PUBLIC KEY\"` or `JWK`.
        format: String,
    },
    /// A certificate instead of a private key.
    #[error(
        "the PEM holds a certificate, not a private key: give the private key that belongs to it"
    )]
    Certificate,
    /// An encrypted PKCS#8 key (`BEGIN ENCRYPTED PRIVATE KEY`).
    #[error(
        "the key is an encrypted PKCS#8 key (`BEGIN ENCRYPTED PRIVATE KEY`): decrypt it first, for example `openssl pkcs8 -in encrypted.pem -out key.pem`, and keep the result in a secret store"
    )]
    EncryptedPkcs8,
    /// A legacy OpenSSL-encrypted PEM key (`Proc-Type: 4,ENCRYPTED`).
    #[error(
        "the `{label}` PEM block is encrypted (`Proc-Type: 4,ENCRYPTED`): decrypt it first, for example `openssl pkey -in encrypted.pem -out key.pem`"
    )]
    EncryptedPem {
        /// The PEM label.
        label: String,
    },
    /// An OpenSSH private key.
    #[error(
        "the key is in OpenSSH format (`BEGIN OPENSSH PRIVATE KEY`): convert it to PKCS#8 with `ssh-keygen -p -m PKCS8 -f <file>`"
    )]
    OpenSsh,
    /// A PEM label this crate does not read.
    #[error(
        "the PEM block `{label}` is not a private key: expected `PRIVATE KEY` (PKCS#8), `RSA PRIVATE KEY` (PKCS#1) or `EC PRIVATE KEY` (SEC1)"
    )]
    UnsupportedPemLabel {
        /// The PEM label.
        label: String,
    },
    /// More than one private key in the input.
    #[error("the input holds {count} private keys: give exactly one")]
    MultipleKeys {
        /// How many were found.
        count: usize,
    },
    /// The PEM armour or base64 is broken.
    #[error("the PEM is malformed: {reason}")]
    MalformedPem {
        /// What is wrong.
        reason: String,
    },
    /// The DER inside a PEM block does not decode as the format its label announces.
    #[error("the {format} key does not decode: {reason}")]
    InvalidKey {
        /// The format announced.
        format: KeyFormatName,
        /// What the decoder said.
        reason: String,
    },
    /// A key type Okta does not accept for `private_key_jwt` or DPoP.
    #[error(
        "the key is {key_type}: Okta accepts client assertions and DPoP proofs signed with RSA (RS256/384/512) or EC P-256/P-384/P-521 (ES256/384/512) keys only"
    )]
    UnsupportedKeyType {
        /// What was found.
        key_type: String,
    },
    /// A signing algorithm this crate does not implement or Okta does not accept.
    #[error(
        "the signing algorithm `{algorithm}` is not supported: use RS256, RS384, RS512, ES256, ES384 or ES512"
    )]
    UnsupportedAlgorithm {
        /// The algorithm named.
        algorithm: String,
    },
    /// An algorithm that does not fit the key.
    #[error("the algorithm {algorithm} does not fit a {key_type} key: {hint}")]
    AlgorithmMismatch {
        /// The algorithm asked for.
        algorithm: String,
        /// The key's type.
        key_type: String,
        /// Which algorithms fit.
        hint: &'static str,
    },
    /// An RSA key shorter than Okta's minimum.
    #[error("the RSA key has {bits} bits: Okta requires at least 2048; generate a new key")]
    RsaKeyTooSmall {
        /// Its size.
        bits: usize,
    },
    /// The JSON Web Key is not valid JSON or misses a member.
    #[error("the JWK is invalid: {reason}")]
    InvalidJwk {
        /// What is wrong.
        reason: String,
    },
    /// A JWK Set with several keys.
    #[error("the JWK Set holds {count} keys: give the one private key this integration signs with")]
    JwkSet {
        /// How many keys it holds.
        count: usize,
    },
    /// A JWK whose `use` is not `sig`.
    #[error(
        "the JWK's `use` is `{found}`: client assertions and DPoP proofs need a signing key (`\"use\": \"sig\"`)"
    )]
    WrongUse {
        /// The `use` found.
        found: String,
    },
    /// An EC JWK whose `x`/`y` do not belong to its `d`.
    #[error(
        "the JWK's public members `x` and `y` do not belong to its private key `d`: the JWK is corrupt or assembled from two keys"
    )]
    JwkMismatch,
    /// The key has no key id.
    #[error(
        "the key has no key id (`kid`): give the kid Okta shows beside the public key; with several keys Okta rejects assertions without one"
    )]
    MissingKid,
    /// The key id is empty or not printable.
    #[error("the key id (`kid`) must be non-empty printable ASCII")]
    InvalidKid,
    /// Serialising or signing failed.
    #[error("signing failed: {reason}")]
    Signing {
        /// What failed.
        reason: String,
    },
}

/// The name of a key format, for [`KeyError::InvalidKey`] and [`PrivateKey::format`](crate::PrivateKey::format).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyFormatName {
    /// `-----BEGIN PRIVATE KEY-----` (RSA or EC), what Okta's Admin Console hands out.
    Pkcs8,
    /// `-----BEGIN RSA PRIVATE KEY-----`.
    Pkcs1,
    /// `-----BEGIN EC PRIVATE KEY-----`.
    Sec1,
    /// A private JSON Web Key, the other format Okta's Admin Console hands out.
    Jwk,
    /// A key generated in process.
    Generated,
}

impl std::fmt::Display for KeyFormatName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Pkcs8 => "PKCS#8",
            Self::Pkcs1 => "PKCS#1 RSA",
            Self::Sec1 => "SEC1 EC",
            Self::Jwk => "JWK",
            Self::Generated => "generated",
        })
    }
}
