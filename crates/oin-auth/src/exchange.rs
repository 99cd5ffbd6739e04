//! One client credentials exchange with the org authorization server: the form and headers
//! of `POST /oauth2/v1/token` for each client authentication method, and the reading of its
//! response into an [`AccessToken`] or a [`TokenError`].

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderName, LOCATION, RETRY_AFTER};
use http::{HeaderMap, HeaderValue};
use oin_scopes::ScopeSet;
use secrecy::SecretString;
use serde::Deserialize;
use zeroize::Zeroizing;

use crate::token::Issued;
use crate::transport::Response;
use crate::{AccessToken, ClientAssertion, Credentials, Tenant, TokenError, TokenType};

/// The `DPoP` request header.
pub(crate) const DPOP: HeaderName = HeaderName::from_static("dpop");
/// The `DPoP-Nonce` response header.
pub(crate) const DPOP_NONCE: HeaderName = HeaderName::from_static("dpop-nonce");

const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// The headers and form body of a token request, without the DPoP proof.
pub(crate) fn request(
    tenant: &Tenant,
    scopes: &ScopeSet,
    assertion_lifetime: Duration,
) -> Result<(HeaderMap, String), TokenError> {
    let mut headers = HeaderMap::new();
    headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/x-www-form-urlencoded"),
    );
    let scope = scopes.to_string();
    let mut form: Vec<(&str, &str)> = vec![("grant_type", "client_credentials"), ("scope", &scope)];
    let assertion;
    match tenant.credentials() {
        Credentials::ClientSecretBasic(secret) => {
            // RFC 6749 section 2.3.1: both parts form-urlencoded, then base64.
            // Every intermediate copy of the secret is wiped when dropped; the header value
            // itself is marked sensitive (and leaves our hands for the HTTP stack).
            let encoded_secret = Zeroizing::new(form_encode(secret.expose()));
            let pair = Zeroizing::new(format!(
                "{}:{}",
                form_encode(tenant.client_id().as_str()),
                encoded_secret.as_str()
            ));
            let header = Zeroizing::new(format!("Basic {}", STANDARD.encode(pair.as_bytes())));
            let mut value =
                HeaderValue::from_str(&header).map_err(|_| invalid_credentials(tenant))?;
            value.set_sensitive(true);
            headers.insert(AUTHORIZATION, value);
        }
        Credentials::ClientSecretPost(secret) => {
            form.push(("client_id", tenant.client_id().as_str()));
            form.push(("client_secret", secret.expose()));
        }
        Credentials::PrivateKeyJwt(key) => {
            assertion =
                ClientAssertion::sign(key, tenant.client_id(), tenant.org(), assertion_lifetime)
                    .map_err(|source| TokenError::Signing {
                        tenant: tenant.id().clone(),
                        source,
                    })?;
            form.push(("client_assertion_type", ASSERTION_TYPE));
            form.push(("client_assertion", assertion.expose()));
        }
    }
    let body = serde_urlencoded::to_string(&form).map_err(|_| invalid_credentials(tenant))?;
    Ok((headers, body))
}

fn invalid_credentials(tenant: &Tenant) -> TokenError {
    TokenError::InvalidClient {
        tenant: tenant.id().clone(),
        description: Some("the client ID or secret cannot be encoded in a request".to_owned()),
    }
}

fn form_encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[derive(Deserialize)]
struct Success {
    access_token: String,
    token_type: String,
    expires_in: Option<u64>,
    scope: Option<String>,
}

#[derive(Deserialize)]
struct OAuthError {
    error: Option<String>,
    error_description: Option<String>,
    /// Okta's management error shape, used for 429 and some 5xx.
    #[serde(rename = "errorSummary")]
    error_summary: Option<String>,
}

/// How a response reads.
pub(crate) enum Outcome {
    Token(AccessToken),
    /// `use_dpop_nonce` with a `DPoP-Nonce` header: retry with that nonce.
    UseNonce,
    Error(TokenError),
}

/// Reads a token endpoint's response.
pub(crate) fn read(tenant: &Tenant, scopes: &ScopeSet, response: &Response) -> Outcome {
    let id = || tenant.id().clone();
    let status = response.status;
    if (200..300).contains(&status) {
        return match success(tenant, scopes, response) {
            Ok(token) => Outcome::Token(token),
            Err(reason) => Outcome::Error(TokenError::InvalidResponse {
                tenant: id(),
                status,
                reason,
            }),
        };
    }
    if (300..400).contains(&status) {
        let location = response
            .headers
            .get(LOCATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| url::Url::parse(value).ok())
            .map_or_else(
                || "an unknown location".to_owned(),
                |url| url.origin().ascii_serialization(),
            );
        return Outcome::Error(TokenError::Redirected {
            tenant: id(),
            status,
            location,
        });
    }
    if status == 429 {
        return Outcome::Error(TokenError::RateLimited {
            tenant: id(),
            retry_after: retry_after(&response.headers),
        });
    }
    let body: Option<OAuthError> = serde_json::from_slice(&response.body).ok();
    let (error, description) = match body {
        Some(body) => (body.error, body.error_description.or(body.error_summary)),
        None => (None, None),
    };
    let description = description.map(|text| text.chars().take(500).collect::<String>());
    let tenant = id();
    let requested = scopes.clone();
    Outcome::Error(match error.as_deref() {
        Some("use_dpop_nonce") => {
            if response.headers.contains_key(DPOP_NONCE) {
                return Outcome::UseNonce;
            }
            TokenError::UseDpopNonce {
                tenant,
                description,
            }
        }
        Some("invalid_client") => TokenError::InvalidClient {
            tenant,
            description,
        },
        Some("invalid_scope") => TokenError::InvalidScope {
            tenant,
            requested,
            description,
        },
        Some("consent_required") => TokenError::ConsentRequired {
            tenant,
            requested,
            description,
        },
        Some("invalid_dpop_proof") => TokenError::InvalidDpopProof {
            tenant,
            description,
        },
        Some("unauthorized_client") => TokenError::UnauthorizedClient {
            tenant,
            description,
        },
        Some("access_denied") => TokenError::AccessDenied {
            tenant,
            description,
        },
        _ if status >= 500 => TokenError::Server {
            tenant,
            status,
            description,
        },
        Some(error) => TokenError::OAuth {
            tenant,
            status,
            error: error.chars().take(100).collect(),
            description,
        },
        None => TokenError::InvalidResponse {
            tenant,
            status,
            reason: "an error status without an OAuth 2.0 error body".to_owned(),
        },
    })
}

fn success(tenant: &Tenant, scopes: &ScopeSet, response: &Response) -> Result<AccessToken, String> {
    let body: Success = serde_json::from_slice(&response.body).map_err(|error| {
        // The serde message names the field, never the value.
        format!("not a JSON token response ({})", error.classify_name())
    })?;
    let Success {
        access_token,
        token_type,
        expires_in,
        scope,
    } = body;
    let secret = SecretString::from(access_token);
    let token_type = if token_type.eq_ignore_ascii_case("bearer") {
        TokenType::Bearer
    } else if token_type.eq_ignore_ascii_case("dpop") {
        TokenType::DPoP
    } else {
        return Err(format!(
            "unknown token_type `{}`",
            token_type.chars().take(20).collect::<String>()
        ));
    };
    if token_type == TokenType::DPoP && tenant.dpop().is_none() {
        return Err("a DPoP-bound token was issued to a tenant without a DPoP key".to_owned());
    }
    let lifetime = Duration::from_secs(expires_in.ok_or("no `expires_in`")?);
    let granted = match scope {
        Some(scope) => scope
            .parse::<ScopeSet>()
            .map_err(|error| format!("the granted `scope` does not parse ({error})"))?,
        None => scopes.clone(),
    };
    Ok(AccessToken::new(Issued {
        secret,
        token_type,
        requested: scopes.clone(),
        granted,
        lifetime,
        tenant: tenant.id().clone(),
        org: tenant.org().clone(),
        dpop: tenant.dpop().cloned(),
    }))
}

trait ClassifyName {
    fn classify_name(&self) -> &'static str;
}

impl ClassifyName for serde_json::Error {
    fn classify_name(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Io => "i/o error",
            serde_json::error::Category::Syntax => "malformed JSON",
            serde_json::error::Category::Data => "a missing or mistyped field",
            serde_json::error::Category::Eof => "truncated JSON",
        }
    }
}

/// How long to wait after a 429: `Retry-After` seconds, or Okta's `X-Rate-Limit-Reset`
/// (epoch seconds) from now.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let number = |name: &str| headers.get(name)?.to_str().ok()?.trim().parse::<u64>().ok();
    if let Some(seconds) = number(RETRY_AFTER.as_str()) {
        return Some(Duration::from_secs(seconds));
    }
    let reset = number("x-rate-limit-reset")?;
    let now = SystemTime::now().duration_since(UNIX_EPOCH).ok()?.as_secs();
    Some(Duration::from_secs(reset.saturating_sub(now)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ClientSecret, DpopKey, OrgUrl, TenantId};

    fn tenant(dpop: bool) -> Tenant {
        let tenant = Tenant::new(
            TenantId::new("acme").unwrap(),
            OrgUrl::parse("https://acme.okta.com").unwrap(),
            "0oa1".parse().unwrap(),
            Credentials::ClientSecretBasic(ClientSecret::new("s3cret").unwrap()),
        );
        if dpop {
            tenant.with_dpop(DpopKey::generate().unwrap()).unwrap()
        } else {
            tenant
        }
    }

    fn response(status: u16, headers: &[(&str, &str)], body: &str) -> Response {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.insert(
                HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        Response {
            status,
            headers: map,
            body: Zeroizing::new(body.as_bytes().to_vec()),
        }
    }

    fn error(status: u16, headers: &[(&str, &str)], body: &str) -> TokenError {
        let scopes: ScopeSet = "okta.users.read".parse().unwrap();
        match read(&tenant(false), &scopes, &response(status, headers, body)) {
            Outcome::Error(error) => error,
            Outcome::Token(token) => panic!("a token: {token:?}"),
            Outcome::UseNonce => panic!("a nonce round"),
        }
    }

    #[test]
    fn basic_auth_is_form_encoded_then_base64() {
        let tenant = Tenant::new(
            TenantId::new("acme").unwrap(),
            OrgUrl::parse("https://acme.okta.com").unwrap(),
            "0oa1".parse().unwrap(),
            Credentials::ClientSecretBasic(ClientSecret::new("a:b~c").unwrap()),
        );
        let (headers, body) = request(
            &tenant,
            &"okta.users.read okta.logs.read".parse().unwrap(),
            Duration::from_secs(60),
        )
        .unwrap();
        assert_eq!(
            headers[AUTHORIZATION],
            format!("Basic {}", STANDARD.encode("0oa1:a%3Ab%7Ec"))
        );
        assert_eq!(
            body,
            "grant_type=client_credentials&scope=okta.logs.read+okta.users.read"
        );
    }

    #[test]
    fn okta_errors_map_to_variants() {
        let oauth =
            |code: &str| format!(r#"{{"error":"{code}","error_description":"Okta says so."}}"#);
        assert!(
            matches!(error(401, &[], &oauth("invalid_client")), TokenError::InvalidClient { description: Some(d), .. } if d == "Okta says so.")
        );
        assert!(matches!(
            error(400, &[], &oauth("invalid_scope")),
            TokenError::InvalidScope { .. }
        ));
        assert!(matches!(
            error(400, &[], &oauth("consent_required")),
            TokenError::ConsentRequired { .. }
        ));
        assert!(matches!(
            error(400, &[], &oauth("invalid_dpop_proof")),
            TokenError::InvalidDpopProof { .. }
        ));
        assert!(matches!(
            error(400, &[], &oauth("use_dpop_nonce")),
            TokenError::UseDpopNonce { .. }
        ));
        assert!(matches!(
            error(400, &[], &oauth("unauthorized_client")),
            TokenError::UnauthorizedClient { .. }
        ));
        assert!(matches!(
            error(403, &[], &oauth("access_denied")),
            TokenError::AccessDenied { .. }
        ));
        assert!(
            matches!(error(400, &[], &oauth("unsupported_grant_type")), TokenError::OAuth { status: 400, error, .. } if error == "unsupported_grant_type")
        );
        assert!(matches!(
            error(502, &[], "<html>bad gateway</html>"),
            TokenError::Server {
                status: 502,
                description: None,
                ..
            }
        ));
        assert!(matches!(
            error(500, &[], r#"{"errorCode":"E0000009","errorSummary":"Internal Server Error"}"#),
            TokenError::Server { description: Some(d), .. } if d == "Internal Server Error"
        ));
        assert!(matches!(
            error(400, &[], "not json"),
            TokenError::InvalidResponse { status: 400, .. }
        ));
        assert!(matches!(
            error(302, &[("location", "https://login.example.com/x?y=1")], ""),
            TokenError::Redirected { location, .. } if location == "https://login.example.com"
        ));
    }

    #[test]
    fn rate_limit_waits() {
        let wait = |headers: &[(&str, &str)]| match error(429, headers, "{}") {
            TokenError::RateLimited { retry_after, .. } => retry_after,
            other => panic!("{other:?}"),
        };
        assert_eq!(wait(&[("retry-after", "7")]), Some(Duration::from_secs(7)));
        let reset = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs()
            + 30;
        let from_reset = wait(&[("x-rate-limit-reset", &reset.to_string())]).unwrap();
        assert!(
            from_reset <= Duration::from_secs(30) && from_reset >= Duration::from_secs(28),
            "{from_reset:?}"
        );
        assert_eq!(wait(&[]), None);
    }

    #[test]
    fn token_responses_are_checked() {
        let scopes: ScopeSet = "okta.users.read okta.logs.read".parse().unwrap();
        let ok = r#"{"token_type":"Bearer","expires_in":3600,"access_token":"tok-123","scope":"okta.users.read"}"#;
        let Outcome::Token(token) = read(&tenant(false), &scopes, &response(200, &[], ok)) else {
            panic!()
        };
        assert_eq!(
            token.narrower_than_requested(),
            Some("okta.logs.read".parse().unwrap())
        );
        let no_scope = r#"{"token_type":"bearer","expires_in":60,"access_token":"tok"}"#;
        let Outcome::Token(token) = read(&tenant(false), &scopes, &response(200, &[], no_scope))
        else {
            panic!()
        };
        assert_eq!(token.granted(), &scopes, "no `scope` means as requested");

        let invalid = |body: &str, dpop: bool| match read(
            &tenant(dpop),
            &scopes,
            &response(200, &[], body),
        ) {
            Outcome::Error(TokenError::InvalidResponse { reason, .. }) => reason,
            _ => panic!("{body}"),
        };
        assert!(
            invalid(
                r#"{"token_type":"DPoP","expires_in":60,"access_token":"tok"}"#,
                false
            )
            .contains("without a DPoP key")
        );
        assert!(
            invalid(
                r#"{"token_type":"mac","expires_in":60,"access_token":"tok"}"#,
                false
            )
            .contains("unknown token_type")
        );
        assert!(
            invalid(r#"{"token_type":"Bearer","access_token":"tok"}"#, false)
                .contains("expires_in")
        );
        let leaky = invalid(
            r#"{"token_type":"Bearer","expires_in":"soon","access_token":"tok-secret-value"}"#,
            true,
        );
        assert!(!leaky.contains("tok-secret-value"), "{leaky}");
        let Outcome::UseNonce = read(
            &tenant(true),
            &scopes,
            &response(
                400,
                &[("dpop-nonce", "n1")],
                r#"{"error":"use_dpop_nonce"}"#,
            ),
        ) else {
            panic!("a nonce round")
        };
    }
}
