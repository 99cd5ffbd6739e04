//! Who is calling, and may they: the `SSWS` admin API token, or an access token issued by
//! the org (`Bearer`, or `DPoP` with a proof bound to the token's key), then the
//! operation's scopes. Failures carry Okta's error object and a `WWW-Authenticate` header
//! in the form Okta's resource server uses.

use axum::response::Response;
use http::request::Parts;
use http::{HeaderValue, header};
use oin_scopes::{Operation, ScopeSet};

use crate::errors::{OAuthErrorCode, api, oauth};
use crate::journal::CallerKind;
use crate::oauth::dpop;
use crate::org::Org;

/// An authorized caller.
#[derive(Debug, Clone)]
pub(crate) enum Caller {
    /// No credentials, on an operation that takes none (the `/.well-known` documents).
    Anonymous,
    /// The admin API token: every permission.
    Admin,
    /// An access token of one of the org's clients.
    Token {
        client_id: String,
        scopes: ScopeSet,
        dpop: bool,
    },
}

impl Caller {
    pub(crate) fn kind(&self) -> CallerKind {
        match self {
            Caller::Anonymous => CallerKind::Anonymous,
            Caller::Admin => CallerKind::ApiToken,
            Caller::Token { dpop: true, .. } => CallerKind::Dpop,
            Caller::Token { .. } => CallerKind::Bearer,
        }
    }

    pub(crate) fn client_id(&self) -> Option<&str> {
        match self {
            Caller::Anonymous | Caller::Admin => None,
            Caller::Token { client_id, .. } => Some(client_id),
        }
    }

    pub(crate) fn scopes(&self) -> Option<&ScopeSet> {
        match self {
            Caller::Anonymous | Caller::Admin => None,
            Caller::Token { scopes, .. } => Some(scopes),
        }
    }
}

/// Checks the `Authorization` header against the org's tokens.
pub(crate) fn authorize(
    org: &Org,
    parts: &Parts,
    operation: &Operation,
) -> Result<Caller, Response> {
    let path = parts.uri.path();
    let auth = operation.auth();
    if !auth.api_token && !auth.oauth2 {
        return Ok(Caller::Anonymous);
    }
    let header = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    let (scheme, credential) = header.split_once(' ').unwrap_or((header, ""));
    let credential = credential.trim();
    if scheme.eq_ignore_ascii_case("ssws") {
        if !org.admin_token.matches(credential) || !operation.auth().api_token {
            return Err(api::INVALID_TOKEN.response("", &[]));
        }
        return Ok(Caller::Admin);
    }
    let dpop_scheme = scheme.eq_ignore_ascii_case("dpop");
    if !dpop_scheme && !scheme.eq_ignore_ascii_case("bearer") || credential.is_empty() {
        return Err(token_error(org, path, "Bearer", oauth::INVALID_TOKEN));
    }
    let scheme_name = if dpop_scheme { "DPoP" } else { "Bearer" };
    let now = org.clock.now();
    let token = org
        .security()
        .tokens
        .get(&crate::jose::access_token_hash(credential))
        .cloned();
    let Some(token) = token else {
        return Err(token_error(org, path, scheme_name, oauth::INVALID_TOKEN));
    };
    if token.revoked {
        return Err(token_error(org, path, scheme_name, oauth::TOKEN_REVOKED));
    }
    if token.expires <= now {
        return Err(token_error(org, path, scheme_name, oauth::TOKEN_EXPIRED));
    }
    if !operation.auth().oauth2 {
        return Err(token_error(org, path, scheme_name, oauth::INVALID_TOKEN));
    }
    match (&token.jkt, dpop_scheme) {
        (Some(_), false) => {
            return Err(token_error(org, path, "DPoP", oauth::DPOP_SCHEME_REQUIRED));
        }
        (None, true) => {
            return Err(token_error(
                org,
                path,
                "DPoP",
                oauth::ACCESS_TOKEN_NOT_DPOP_BOUND,
            ));
        }
        (Some(jkt), true) => {
            let proof = match dpop::proof_header(&parts.headers) {
                Ok(Some(proof)) => proof,
                Ok(None) => {
                    return Err(token_error(org, path, "DPoP", oauth::DPOP_PROOF_REQUIRED));
                }
                Err(code) => return Err(token_error(org, path, "DPoP", code)),
            };
            let url = format!("{}{path}", org.base_url);
            let expected = dpop::Expected {
                method: parts.method.as_str(),
                url: &url,
                access_token: Some(credential),
                nonces: None,
                now,
                skew_seconds: org.skew_seconds(),
            };
            let verified = dpop::verify(proof, &expected)
                .and_then(|checked| checked.record(&mut org.security()));
            match verified {
                Ok(thumbprint) if &thumbprint == jkt => {}
                Ok(_) => return Err(token_error(org, path, "DPoP", oauth::DPOP_BINDING)),
                Err(code) => return Err(token_error(org, path, "DPoP", code)),
            }
        }
        (None, false) => {}
    }
    Ok(Caller::Token {
        client_id: token.client_id,
        scopes: token.scopes,
        dpop: dpop_scheme,
    })
}

/// 403 E0000006 unless the caller's scopes cover every scope the operation requires.
pub(crate) fn enforce_scopes(
    org: &Org,
    caller: &Caller,
    operation: &Operation,
    path: &str,
) -> Result<(), Response> {
    let Caller::Token { scopes, dpop, .. } = caller else {
        return Ok(());
    };
    if scopes.allows(operation) {
        return Ok(());
    }
    let required: ScopeSet = operation.scopes().iter().cloned().collect();
    let missing = required.missing_from(scopes);
    let scheme = if *dpop { "DPoP" } else { "Bearer" };
    let mut response = api::ACCESS_DENIED.response("", &[]);
    let value = format!(
        "{scheme} authorization_uri=\"{base}/oauth2/v1/authorize\", realm=\"{base}\", scope=\"{missing}\", error=\"insufficient_scope\", error_description=\"The access token provided does not contain the required scopes.\", resource=\"{path}\"",
        base = org.base_url,
    );
    if let Ok(value) = HeaderValue::from_str(&value) {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, value);
    }
    Err(response)
}

/// Okta's error object (E0000011) with the OAuth error in `WWW-Authenticate`.
fn token_error(org: &Org, path: &str, scheme: &str, code: OAuthErrorCode) -> Response {
    let mut response = api::INVALID_TOKEN.response("", &[]);
    if let Ok(status) = http::StatusCode::from_u16(code.status) {
        *response.status_mut() = status;
    }
    let value = format!(
        "{scheme} authorization_uri=\"{base}/oauth2/v1/authorize\", realm=\"{base}\", error=\"{error}\", error_description=\"{description}\", resource=\"{path}\"",
        base = org.base_url,
        error = code.error,
        description = code.describe(""),
    );
    if let Ok(value) = HeaderValue::from_str(&value) {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, value);
    }
    response
}
