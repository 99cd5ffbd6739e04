//! `POST /oauth2/v1/token` of the org authorization server: the `client_credentials` grant
//! with `client_secret_basic`, `client_secret_post` or `private_key_jwt`, optionally
//! DPoP-bound, answering every failure with Okta's `error`, `error_description` and status.
//!
//! Order of checks: credentials in the query; form body; one kind of credentials; client
//! authentication; `grant_type`; the DPoP proof (nonce round included); `scope`. As at
//! Okta, an authenticated client assertion's `jti` is used up even when the request then
//! fails (a `use_dpop_nonce` answer included), so a retry needs a fresh assertion.

use std::collections::BTreeMap;

use axum::response::Response;
use http::request::Parts;
use http::{HeaderValue, StatusCode, header};
use oin_scopes::{Scope, ScopeSet};
use serde_json::json;

use crate::config::DpopNonce;
use crate::errors::{OAuthErrorCode, json_response, oauth};
use crate::oauth::client_auth;
use crate::oauth::dpop;
use crate::org::{IssuedToken, Org};
use crate::secret::random_token;

/// The grant the org authorization server gives service apps.
const CLIENT_CREDENTIALS: &str = "client_credentials";

/// Handles one token request; `body` is the raw request body.
pub(crate) fn handle(org: &Org, parts: &Parts, body: &[u8]) -> Response {
    match issue(org, parts, body) {
        Ok(response) => response,
        Err(Failure::Plain(code)) => code.response(),
        Err(Failure::Detailed(code, value)) => code.response_with(&value),
        Err(Failure::NeedNonce(nonce)) => {
            let mut response = oauth::USE_DPOP_NONCE.response();
            if let Ok(value) = HeaderValue::from_str(&nonce) {
                response.headers_mut().insert("dpop-nonce", value);
            }
            response
        }
    }
}

enum Failure {
    Plain(OAuthErrorCode),
    Detailed(OAuthErrorCode, String),
    NeedNonce(String),
}

impl From<OAuthErrorCode> for Failure {
    fn from(code: OAuthErrorCode) -> Self {
        Failure::Plain(code)
    }
}

fn issue(org: &Org, parts: &Parts, body: &[u8]) -> Result<Response, Failure> {
    if let Some(query) = parts.uri.query() {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
        if pairs.iter().any(|(key, _)| {
            matches!(
                key.as_str(),
                "client_id" | "client_secret" | "client_assertion"
            )
        }) {
            return Err(oauth::CREDENTIALS_IN_QUERY.into());
        }
    }
    let is_form = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            value
                .trim_start()
                .to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        });
    if !is_form {
        return Err(oauth::INVALID_REQUEST.into());
    }
    let form = parse_form(body).ok_or(oauth::INVALID_REQUEST)?;
    let presented = client_auth::presented(&parts.headers, &form)?;
    let now = org.clock.now();
    let skew = org.skew_seconds();
    let token_url = org.token_url();

    let mut security = org.security();
    if let Some(client_id) = presented.named_client() {
        *security.token_requests.entry(client_id).or_default() += 1;
    }
    let authenticated =
        client_auth::authenticate(&presented, &mut security, &token_url, now, skew)?;
    let client = security
        .clients
        .get(&authenticated.client_id)
        .ok_or(oauth::INVALID_CLIENT)?;
    let granted = client.granted.clone();
    let require_dpop = client.require_dpop;

    match form.get("grant_type").map(String::as_str) {
        None | Some("") => {
            return Err(Failure::Detailed(
                oauth::MISSING_GRANT_TYPE,
                CLIENT_CREDENTIALS.to_owned(),
            ));
        }
        Some(CLIENT_CREDENTIALS) => {}
        Some(_) => {
            return Err(Failure::Detailed(
                oauth::UNSUPPORTED_GRANT_TYPE,
                CLIENT_CREDENTIALS.to_owned(),
            ));
        }
    }

    let proof = dpop::proof_header(&parts.headers)?;
    let jkt = match proof {
        None if require_dpop => return Err(oauth::DPOP_MISSING_HEADER.into()),
        None => None,
        Some(proof) => {
            let (current, previous) = security.nonces.clone();
            let expected = dpop::Expected {
                method: "POST",
                url: &token_url,
                access_token: None,
                nonces: (org.config.dpop_nonce == DpopNonce::Required)
                    .then_some((current.as_str(), previous.as_deref())),
                now,
                skew_seconds: skew,
            };
            match dpop::verify(proof, &expected).and_then(|checked| checked.record(&mut security)) {
                Ok(jkt) => Some(jkt),
                Err(code) if code == oauth::USE_DPOP_NONCE => {
                    return Err(Failure::NeedNonce(security.nonces.0.clone()));
                }
                Err(code) => return Err(code.into()),
            }
        }
    };

    let scopes = granted_scopes(form.get("scope").map(String::as_str), &granted)?;

    let access_token = random_token(48);
    let lifetime = org.config.token_lifetime;
    security.tokens.insert(
        crate::jose::access_token_hash(&access_token),
        IssuedToken {
            client_id: authenticated.client_id,
            scopes: scopes.clone(),
            expires: now.plus(lifetime),
            jkt: jkt.clone(),
            revoked: false,
        },
    );
    let nonce = security.nonces.0.clone();
    drop(security);

    let token_type = if jkt.is_some() { "DPoP" } else { "Bearer" };
    let body = json!({
        "token_type": token_type,
        "expires_in": lifetime.as_secs(),
        "access_token": access_token,
        "scope": scopes.to_string(),
    });
    let mut response = json_response(StatusCode::OK, &body);
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    if jkt.is_some()
        && let Ok(value) = HeaderValue::from_str(&nonce)
    {
        headers.insert("dpop-nonce", value);
    }
    Ok(response)
}

/// The form body as a map; `None` when it does not parse or repeats a parameter.
fn parse_form(body: &[u8]) -> Option<BTreeMap<String, String>> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).ok()?;
    let mut form = BTreeMap::new();
    for (key, value) in pairs {
        if form.insert(key, value).is_some() {
            return None;
        }
    }
    Some(form)
}

/// The scopes a token gets: those requested that the grant covers.
fn granted_scopes(requested: Option<&str>, granted: &ScopeSet) -> Result<ScopeSet, Failure> {
    let requested = requested.unwrap_or("");
    let names: Vec<&str> = requested.split_ascii_whitespace().collect();
    if names.is_empty() {
        return Err(oauth::MISSING_SCOPES.into());
    }
    if names
        .iter()
        .any(|name| *name == "openid" || *name == "profile" || *name == "email")
    {
        return Err(oauth::OPENID_NOT_ALLOWED.into());
    }
    let catalog = oin_scopes::Catalog::get();
    let mut scopes = ScopeSet::new();
    let mut illegal = Vec::new();
    for name in names {
        match Scope::parse(name) {
            Ok(scope) if scope.is_self_scope() => return Err(oauth::SELF_SCOPE_REQUESTED.into()),
            Ok(scope) if catalog.is_known_scope(&scope) => {
                scopes.insert(scope);
            }
            Ok(_) | Err(_) => illegal.push(name),
        }
    }
    if !illegal.is_empty() {
        return Err(Failure::Detailed(oauth::ILLEGAL_SCOPE, illegal.join(", ")));
    }
    let allowed: ScopeSet = scopes
        .iter()
        .filter(|scope| granted.covers(scope))
        .cloned()
        .collect();
    if allowed.is_empty() {
        return Err(oauth::NO_SCOPES_GRANTED.into());
    }
    Ok(allowed)
}
