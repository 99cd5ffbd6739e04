//! DPoP proof checks (RFC 9449 as Okta applies it), shared by the token endpoint and the
//! resource server: `typ`, an asymmetric `alg`, an embedded public `jwk` that verifies the
//! signature, `htm`, `htu`, the `iat` window, `jti` replay, the server nonce (token
//! endpoint) and `ath` (resource requests).

use http::HeaderMap;

use crate::errors::{OAuthErrorCode, oauth};
use crate::jose;
use crate::org::Security;
use crate::time::Timestamp;

/// How old a proof may be (Okta: five minutes).
const MAX_AGE_SECONDS: i64 = 300;

/// What a proof must match.
#[derive(Debug)]
pub(crate) struct Expected<'a> {
    pub(crate) method: &'a str,
    /// The request URL without query and fragment.
    pub(crate) url: &'a str,
    /// The access token for `ath` (resource requests).
    pub(crate) access_token: Option<&'a str>,
    /// The server nonces (current, previous) one of which the proof must carry (token
    /// requests), or `None` when no nonce is required.
    pub(crate) nonces: Option<(&'a str, Option<&'a str>)>,
    pub(crate) now: Timestamp,
    pub(crate) skew_seconds: i64,
}

/// The proof's single `DPoP` header: `Ok(None)` when absent, an error when repeated.
pub(crate) fn proof_header(headers: &HeaderMap) -> Result<Option<&str>, OAuthErrorCode> {
    let mut values = headers.get_all("dpop").iter();
    let Some(first) = values.next() else {
        return Ok(None);
    };
    if values.next().is_some() {
        return Err(oauth::DPOP_MULTIPLE_HEADERS);
    }
    first
        .to_str()
        .map(Some)
        .map_err(|_| oauth::DPOP_INVALID_JWT)
}

/// A proof whose signature and claims are good, not yet checked for replay.
#[derive(Debug)]
pub(crate) struct Checked {
    thumbprint: String,
    jti: String,
    iat: i64,
    now: i64,
}

impl Checked {
    /// Records the proof's `jti`, refusing a replay; returns the key's thumbprint.
    pub(crate) fn record(self, security: &mut Security) -> Result<String, OAuthErrorCode> {
        if security.dpop_jtis.contains_key(&self.jti) {
            return Err(oauth::DPOP_ALREADY_USED);
        }
        let oldest = self.now - 2 * MAX_AGE_SECONDS;
        security.dpop_jtis.retain(|_, seen| *seen >= oldest);
        security.dpop_jtis.insert(self.jti, self.iat);
        Ok(self.thumbprint)
    }
}

/// Checks a proof's signature and claims (no shared state, so no lock is held while the
/// signature is verified); [`Checked::record`] then refuses replays.
pub(crate) fn verify(proof: &str, expected: &Expected<'_>) -> Result<Checked, OAuthErrorCode> {
    let jwt = jose::parse(proof).ok_or(oauth::DPOP_INVALID_JWT)?;
    if jwt.header.typ.as_deref() != Some("dpop+jwt") {
        return Err(oauth::DPOP_INVALID_TYPE);
    }
    if !jose::is_asymmetric(jwt.header.alg) {
        return Err(oauth::DPOP_INVALID_ALGORITHM);
    }
    let key = jwt.header.jwk.as_ref().ok_or(oauth::DPOP_INVALID)?;
    if proof_has_private_key(proof) {
        return Err(oauth::DPOP_INVALID);
    }
    if !jwt.signature_verifies_with(key) {
        return Err(oauth::DPOP_INVALID_SIGNATURE);
    }
    if jwt.str_claim("htm") != Some(expected.method) {
        return Err(oauth::DPOP_INVALID_HTM);
    }
    let htu = jwt.str_claim("htu").ok_or(oauth::DPOP_INVALID_HTU)?;
    let htu = htu.split(['?', '#']).next().unwrap_or(htu);
    if htu != expected.url {
        return Err(oauth::DPOP_INVALID_HTU);
    }
    let iat = jwt.seconds_claim("iat").ok_or(oauth::DPOP_INVALID_IAT)?;
    let now = expected.now.seconds();
    if iat > now + expected.skew_seconds {
        return Err(oauth::DPOP_IN_FUTURE);
    }
    if iat < now - MAX_AGE_SECONDS - expected.skew_seconds {
        return Err(oauth::DPOP_TOO_OLD);
    }
    let jti = jwt
        .str_claim("jti")
        .filter(|jti| !jti.is_empty())
        .ok_or(oauth::DPOP_INVALID_JTI)?;
    if let Some((current, previous)) = expected.nonces {
        let nonce = jwt.str_claim("nonce");
        if nonce.is_none_or(|nonce| nonce != current && Some(nonce) != previous) {
            return Err(oauth::USE_DPOP_NONCE);
        }
    }
    if let Some(token) = expected.access_token
        && jwt.str_claim("ath") != Some(jose::access_token_hash(token).as_str())
    {
        return Err(oauth::DPOP_INVALID_ATH);
    }
    Ok(Checked {
        thumbprint: jose::thumbprint(key).ok_or(oauth::DPOP_INVALID)?,
        jti: jti.to_owned(),
        iat,
        now,
    })
}

/// Whether the proof's header `jwk` carries a private RSA or EC part.
fn proof_has_private_key(proof: &str) -> bool {
    use base64::Engine as _;
    let Some(header) = proof.split('.').next() else {
        return false;
    };
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(header)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
        .is_some_and(|header| header.pointer("/jwk/d").is_some())
}
