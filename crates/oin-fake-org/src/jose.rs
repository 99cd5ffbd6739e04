//! The JOSE pieces the token endpoint and resource server need: reading a JWT's header and
//! claims before its key is known, verifying its signature with a JWK, the RFC 7638
//! thumbprint of a DPoP key, and the `ath` hash of an access token.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::jwk::{Jwk, JwkSet, ThumbprintHash};
use jsonwebtoken::{Algorithm, DecodingKey, Header, Validation};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

/// The signature algorithms Okta accepts for `private_key_jwt` and DPoP proofs.
pub(crate) const ASYMMETRIC: [Algorithm; 5] = [
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::ES256,
    Algorithm::ES384,
];

/// Whether `alg` is one of [`ASYMMETRIC`].
pub(crate) fn is_asymmetric(alg: Algorithm) -> bool {
    ASYMMETRIC.contains(&alg)
}

/// A JWT split into its decoded header and claims, signature not yet checked.
#[derive(Debug)]
pub(crate) struct UnverifiedJwt<'t> {
    pub(crate) raw: &'t str,
    pub(crate) header: Header,
    pub(crate) claims: Map<String, Value>,
}

/// Parses a compact JWT without checking its signature; `None` when it is not a JWS with a
/// JSON object as payload.
pub(crate) fn parse(raw: &str) -> Option<UnverifiedJwt<'_>> {
    let header = jsonwebtoken::decode_header(raw).ok()?;
    let mut parts = raw.split('.');
    let (_, payload, _signature, rest) =
        (parts.next()?, parts.next()?, parts.next()?, parts.next());
    if rest.is_some() {
        return None;
    }
    let bytes = URL_SAFE_NO_PAD.decode(payload).ok()?;
    let claims = match serde_json::from_slice::<Value>(&bytes).ok()? {
        Value::Object(claims) => claims,
        _ => return None,
    };
    Some(UnverifiedJwt {
        raw,
        header,
        claims,
    })
}

impl UnverifiedJwt<'_> {
    /// Checks the signature with `key`; `false` on any failure (a key that does not fit the
    /// algorithm included).
    pub(crate) fn signature_verifies_with(&self, key: &Jwk) -> bool {
        let Ok(decoding) = DecodingKey::from_jwk(key) else {
            return false;
        };
        let mut validation = Validation::new(self.header.alg);
        validation.required_spec_claims.clear();
        validation.validate_exp = false;
        validation.validate_nbf = false;
        validation.validate_aud = false;
        validation.leeway = 0;
        jsonwebtoken::decode::<Value>(self.raw, &decoding, &validation).is_ok()
    }

    /// A string claim.
    pub(crate) fn str_claim(&self, name: &str) -> Option<&str> {
        self.claims.get(name).and_then(Value::as_str)
    }

    /// A numeric date claim in whole seconds (an integer or a float).
    pub(crate) fn seconds_claim(&self, name: &str) -> Option<i64> {
        let value = self.claims.get(name)?;
        value
            .as_i64()
            .or_else(|| value.as_f64().map(|seconds| seconds as i64))
    }
}

/// Parses a JWKS (`{"keys": [...]}`) into its keys: every key must parse, carry a public
/// part only, and have a unique `kid` when there are several.
pub(crate) fn parse_jwks(jwks: &Value) -> Result<Vec<Jwk>, String> {
    let set: JwkSet = serde_json::from_value(jwks.clone())
        .map_err(|error| format!("the JWKS does not parse as {{\"keys\": [...]}}: {error}"))?;
    if set.keys.is_empty() {
        return Err("the JWKS has no keys".to_owned());
    }
    if set.keys.len() > 50 {
        return Err(format!(
            "the JWKS has {} keys; Okta keeps at most 50",
            set.keys.len()
        ));
    }
    let raw_keys = jwks.get("keys").and_then(Value::as_array);
    if raw_keys.is_some_and(|keys| keys.iter().any(|key| key.get("d").is_some())) {
        return Err(
            "a key of the JWKS has a private part (`d`); give the public keys only".to_owned(),
        );
    }
    for key in &set.keys {
        DecodingKey::from_jwk(key).map_err(|error| {
            format!("a key of the JWKS is not a usable RSA or EC public key: {error}")
        })?;
    }
    if set.keys.len() > 1 {
        let mut kids: Vec<_> = set
            .keys
            .iter()
            .map(|key| key.common.key_id.as_deref())
            .collect();
        if kids.iter().any(Option::is_none) {
            return Err("with several keys, every key of the JWKS needs a `kid`".to_owned());
        }
        kids.sort_unstable();
        if kids.windows(2).any(|pair| pair[0] == pair[1]) {
            return Err("two keys of the JWKS share a `kid`".to_owned());
        }
    }
    Ok(set.keys)
}

/// The RFC 7638 SHA-256 thumbprint of a public JWK (`cnf.jkt`).
pub(crate) fn thumbprint(key: &Jwk) -> Option<String> {
    key.thumbprint(ThumbprintHash::SHA256).ok()
}

/// `base64url(SHA-256(access_token))`, the DPoP `ath` claim.
pub(crate) fn access_token_hash(token: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(token.as_bytes()))
}
