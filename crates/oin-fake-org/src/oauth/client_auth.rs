//! Client authentication at the token endpoint, in Okta's order: one kind of credentials
//! only (`Authorization: Basic`, form `client_secret`, or `client_assertion`), the client,
//! then its secret or the assertion's signature and claims.

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use http::HeaderMap;
use http::header::AUTHORIZATION;

use crate::clients::{Client, ClientAuthMethod};
use crate::errors::{OAuthErrorCode, oauth};
use crate::jose;
use crate::org::Security;
use crate::time::Timestamp;

/// The form's `client_assertion_type` for `private_key_jwt`.
pub(crate) const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// A client-assertion `exp` may be at most this far ahead (Okta: one hour).
const MAX_ASSERTION_LIFETIME: i64 = 3600;

/// The credentials a token request presents.
#[derive(Debug)]
pub(crate) enum Presented<'a> {
    Basic { client_id: String, secret: String },
    Post { client_id: &'a str, secret: &'a str },
    Assertion { assertion: &'a str },
}

impl Presented<'_> {
    /// The client id the request names, before any check (for counting requests).
    pub(crate) fn named_client(&self) -> Option<String> {
        match self {
            Presented::Basic { client_id, .. } => Some(client_id.clone()),
            Presented::Post { client_id, .. } => Some((*client_id).to_owned()),
            Presented::Assertion { assertion } => {
                jose::parse(assertion).and_then(|jwt| jwt.str_claim("iss").map(str::to_owned))
            }
        }
    }
}

/// Finds the one kind of credentials in the request.
pub(crate) fn presented<'a>(
    headers: &HeaderMap,
    form: &'a BTreeMap<String, String>,
) -> Result<Presented<'a>, OAuthErrorCode> {
    let basic = headers.get(AUTHORIZATION).map(|value| {
        value
            .to_str()
            .ok()
            .and_then(parse_basic)
            .ok_or(oauth::INVALID_BASIC_AUTH_CREDS)
    });
    let post = form.get("client_secret");
    let assertion = form.get("client_assertion");
    let kinds = usize::from(basic.is_some())
        + usize::from(post.is_some())
        + usize::from(assertion.is_some());
    if kinds > 1 {
        return Err(oauth::MULTIPLE_CLIENT_CREDENTIALS);
    }
    if let Some(basic) = basic {
        let (client_id, secret) = basic?;
        return Ok(Presented::Basic { client_id, secret });
    }
    if let Some(secret) = post {
        let client_id = form.get("client_id").ok_or(oauth::INVALID_CLIENT)?;
        return Ok(Presented::Post { client_id, secret });
    }
    if let Some(assertion) = assertion {
        if form.get("client_assertion_type").map(String::as_str) != Some(JWT_BEARER) {
            return Err(oauth::ASSERTION_TYPE_INVALID);
        }
        return Ok(Presented::Assertion { assertion });
    }
    Err(oauth::MISSING_CLIENT_CREDENTIALS)
}

/// `Basic base64(id:secret)`, with the form-encoding RFC 6749 asks for undone.
fn parse_basic(value: &str) -> Option<(String, String)> {
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    let unescape = |part: &str| form_urlencoded_decode(part).unwrap_or_else(|| part.to_owned());
    Some((unescape(id), unescape(secret)))
}

fn form_urlencoded_decode(part: &str) -> Option<String> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(&format!("v={part}"))
        .ok()?
        .pop()
        .map(|(_, value)| value)
}

/// A client that passed authentication.
#[derive(Debug)]
pub(crate) struct Authenticated {
    pub(crate) client_id: String,
}

/// Authenticates the presented credentials.
pub(crate) fn authenticate(
    presented: &Presented<'_>,
    security: &mut Security,
    token_url: &str,
    now: Timestamp,
    skew_seconds: i64,
) -> Result<Authenticated, OAuthErrorCode> {
    match presented {
        Presented::Basic { client_id, secret } => check_secret(
            security,
            client_id,
            secret,
            ClientAuthMethod::ClientSecretBasic,
        ),
        Presented::Post { client_id, secret } => check_secret(
            security,
            client_id,
            secret,
            ClientAuthMethod::ClientSecretPost,
        ),
        Presented::Assertion { assertion } => {
            check_assertion(security, assertion, token_url, now, skew_seconds)
        }
    }
}

fn check_secret(
    security: &Security,
    client_id: &str,
    secret: &str,
    method: ClientAuthMethod,
) -> Result<Authenticated, OAuthErrorCode> {
    let client = security
        .clients
        .get(client_id)
        .ok_or(oauth::INVALID_CLIENT)?;
    match client.auth_method {
        Some(ClientAuthMethod::PrivateKeyJwt) => return Err(oauth::UNSUPPORTED_AUTH_METHOD),
        Some(only) if only != method => {
            return Err(oauth::UNSUPPORTED_AUTH_METHOD_OAUTH_INTEGRATION);
        }
        _ => {}
    }
    if !client.secret_matches(secret) {
        return Err(oauth::INVALID_CLIENT_SECRET);
    }
    Ok(Authenticated {
        client_id: client_id.to_owned(),
    })
}

fn check_assertion(
    security: &mut Security,
    assertion: &str,
    token_url: &str,
    now: Timestamp,
    skew_seconds: i64,
) -> Result<Authenticated, OAuthErrorCode> {
    let jwt = jose::parse(assertion).ok_or(oauth::ASSERTION_INVALID_JWT)?;
    let issuer = jwt
        .str_claim("iss")
        .ok_or(oauth::ASSERTION_INVALID_ISSUER)?;
    let client: &Client = security
        .clients
        .get(issuer)
        .ok_or(oauth::ASSERTION_INVALID_ISSUER)?;
    if jwt.str_claim("sub") != Some(issuer) {
        return Err(oauth::ASSERTION_INVALID_SUBJECT);
    }
    let Some((keys, _)) = &client.keys else {
        return Err(oauth::ASSERTION_JWKS_NOT_CONFIGURED);
    };
    if !jose::is_asymmetric(jwt.header.alg) {
        return Err(oauth::ASSERTION_INVALID_ALGORITHM);
    }
    let key = match jwt.header.kid.as_deref() {
        Some(kid) => keys
            .iter()
            .find(|key| key.common.key_id.as_deref() == Some(kid))
            .ok_or(oauth::ASSERTION_INVALID_KID)?,
        None if keys.len() == 1 => &keys[0],
        None => return Err(oauth::ASSERTION_INVALID_KID),
    };
    if !jwt.signature_verifies_with(key) {
        return Err(oauth::ASSERTION_INVALID_SIGNATURE);
    }
    let audience_ok = match jwt.claims.get("aud") {
        Some(serde_json::Value::String(aud)) => aud == token_url,
        Some(serde_json::Value::Array(auds)) => {
            auds.iter().any(|aud| aud.as_str() == Some(token_url))
        }
        _ => false,
    };
    if !audience_ok {
        return Err(oauth::ASSERTION_INVALID_AUDIENCE);
    }
    let now = now.seconds();
    let exp = jwt
        .seconds_claim("exp")
        .ok_or(oauth::ASSERTION_EXPIRATION_REQUIRED)?;
    if exp < now - skew_seconds {
        return Err(oauth::ASSERTION_EXPIRED);
    }
    if exp > now + MAX_ASSERTION_LIFETIME + skew_seconds {
        return Err(oauth::ASSERTION_TOO_FAR_IN_FUTURE);
    }
    if jwt
        .seconds_claim("iat")
        .is_some_and(|iat| iat > now + skew_seconds)
    {
        return Err(oauth::ASSERTION_ISSUED_IN_FUTURE);
    }
    let client_id = client.id.clone();
    *security
        .verified_assertions
        .entry(client_id.clone())
        .or_default() += 1;
    if let Some(jti) = jwt.str_claim("jti") {
        // Like Okta, an authenticated assertion is used up whatever happens to the request
        // next (a `use_dpop_nonce` answer included): a retry needs a fresh assertion.
        let key = format!("{client_id} {jti}");
        if security.assertion_jtis.contains_key(&key) {
            return Err(oauth::ASSERTION_ALREADY_USED);
        }
        security
            .assertion_jtis
            .retain(|_, expires| *expires >= now - skew_seconds);
        security.assertion_jtis.insert(key, exp);
    }
    Ok(Authenticated { client_id })
}
