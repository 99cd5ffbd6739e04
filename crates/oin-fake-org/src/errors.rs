//! Okta's two error shapes, with the exact texts of Okta's error catalogues:
//! [`OAuthErrorCode`] for the token endpoint (`{"error", "error_description"}`) and
//! [`ApiErrorCode`] for the management API (`{"errorCode", "errorSummary", "errorLink",
//! "errorId", "errorCauses"}`).
//!
//! The texts are copied from `oauth2-error-codes.json` and `api-error-codes.json` (Okta's
//! developer docs); the integration tests compare every constant here with those catalogues
//! when they are present beside the checkout.

use axum::body::Body;
use axum::response::Response;
use http::{HeaderValue, StatusCode, header};
use serde_json::json;

/// One entry of Okta's OAuth 2.0 error catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OAuthErrorCode {
    /// Okta's internal name for the case (`internalErrorCode`).
    pub internal: &'static str,
    /// The HTTP status.
    pub status: u16,
    /// The `error` field.
    pub error: &'static str,
    /// The `error_description` field; `{}` marks where Okta inserts a value.
    pub description: &'static str,
}

macro_rules! oauth_codes {
    ($($name:ident = ($internal:literal, $status:literal, $error:literal, $description:literal);)*) => {
        /// The OAuth 2.0 errors the fake org's token endpoint and resource server answer.
        pub mod oauth {
            use super::OAuthErrorCode;
            $(
                #[doc = concat!("`", $internal, "`: ", $description)]
                pub const $name: OAuthErrorCode = OAuthErrorCode {
                    internal: $internal,
                    status: $status,
                    error: $error,
                    description: $description,
                };
            )*
            /// Every code above.
            pub const ALL: &[OAuthErrorCode] = &[$($name),*];
        }
    };
}

oauth_codes! {
    INVALID_CLIENT = ("invalid_client", 401, "invalid_client", "Client authentication failed. Either the client or the client credentials are invalid.");
    MISSING_CLIENT_CREDENTIALS = ("missing_client_credentials", 401, "invalid_client", "No client credentials found.");
    INVALID_BASIC_AUTH_CREDS = ("invalid_basic_auth_creds", 401, "invalid_client", "Found Authentication header but was not valid client credentials.");
    INVALID_CLIENT_ID = ("invalid_client_id", 401, "invalid_client", "Invalid value for 'client_id' parameter.");
    INVALID_CLIENT_SECRET = ("invalid_client_secret", 401, "invalid_client", "The client secret supplied for a confidential client is invalid.");
    UNSUPPORTED_AUTH_METHOD = ("unsupported_auth_method_client_creds", 401, "invalid_client", "Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method.");
    UNSUPPORTED_AUTH_METHOD_OAUTH_INTEGRATION = ("unsupported_auth_method_client_creds_oauth_integration", 401, "invalid_client", "OAuth Integration Client Credentials requests to the Org Authorization Server must use either private_key_jwt or client_secret_basic as the token_endpoint_auth_method.");
    ASSERTION_INVALID_ISSUER = ("client_assertion_invalid_issuer", 401, "invalid_client", "The issuer claim for client_assertion is not a valid client_id.");
    ASSERTION_INVALID_SUBJECT = ("client_assertion_invalid_subject", 401, "invalid_client", "The subject claim for client_assertion is not a valid client_id.");
    ASSERTION_INVALID_AUDIENCE = ("client_assertion_invalid_audience", 401, "invalid_client", "The audience claim for client_assertion must be the endpoint invoked for the request.");
    ASSERTION_EXPIRATION_REQUIRED = ("client_assertion_expiration_required", 401, "invalid_client", "The client_assertion must contain the 'exp' claim as seconds since epoch.");
    ASSERTION_EXPIRED = ("client_assertion_expired_token", 401, "invalid_client", "The client_assertion token is expired.");
    ASSERTION_TOO_FAR_IN_FUTURE = ("client_assertion_expires_too_far_in_future", 401, "invalid_client", "The client_assertion token has an expiration too far into the future.");
    ASSERTION_ISSUED_IN_FUTURE = ("client_assertion_issued_at_in_future", 401, "invalid_client", "The client_assertion token must be issued before the current time.");
    ASSERTION_ALREADY_USED = ("client_assertion_already_used", 401, "invalid_client", "The client_assertion token has already been used.");
    ASSERTION_INVALID_SIGNATURE = ("client_assertion_invalid_signature", 401, "invalid_client", "The client_assertion signature is invalid.");
    ASSERTION_INVALID_JWT = ("client_assertion_invalid_jwt", 401, "invalid_client", "The parsing of the client_assertion failed.");
    ASSERTION_INVALID_KID = ("client_assertion_invalid_kid", 401, "invalid_client", "The client_assertion JWT kid is invalid.");
    ASSERTION_INVALID_JWKS = ("client_assertion_invalid_jwks", 401, "invalid_client", "The client JWKSet is invalid.");
    ASSERTION_INVALID_ALGORITHM = ("client_assertion_invalid_signature_algorithm", 401, "invalid_client", "The client_assertion JWT signature algorithm is invalid.");
    ASSERTION_JWKS_NOT_CONFIGURED = ("client_assertion_jwks_not_configured", 401, "invalid_client", "The client does not have a JWKSet configured, but the client_assertion requires one.");
    ASSERTION_TYPE_INVALID = ("client_assertion_type_invalid", 400, "invalid_request", "The client_assertion_type is invalid.");
    MULTIPLE_CLIENT_CREDENTIALS = ("multiple_client_credentials", 401, "invalid_request", "Cannot supply multiple client credentials. Use one of the following: credentials in the Authorization header, credentials in the post body, or a client_assertion in the post body.");
    CREDENTIALS_IN_QUERY = ("client_credentials_in_query", 400, "invalid_request", "Client credentials cannot be supplied via query parameters.");
    INVALID_REQUEST = ("invalid_request", 400, "invalid_request", "Invalid request");
    MISSING_GRANT_TYPE = ("token_request_missing_grant_type", 400, "invalid_request", "The token request must specify a 'grant_type'. Valid values: [{}]");
    UNSUPPORTED_GRANT_TYPE = ("unsupported_grant_type", 400, "unsupported_grant_type", "The authorization grant type is not supported by the authorization server. Configured grant types: [{}].");
    MISSING_SCOPES = ("missing_scopes", 400, "invalid_scope", "No scopes were requested.");
    ILLEGAL_SCOPE = ("illegal_scope", 400, "invalid_scope", "The following scopes are not allowed for this request: [{}].");
    INVALID_SCOPE = ("invalid_scope", 400, "invalid_scope", "The requested scope is invalid, unknown, malformed, or exceeds the scope granted by the resource owner.");
    OPENID_NOT_ALLOWED = ("openid_not_allowed_client_creds", 400, "invalid_scope", "Cannot request 'openid' scopes using client credentials.");
    SELF_SCOPE_REQUESTED = ("client_credentials_self_scope_requested", 400, "client_credentials_self_scope_requested", "The 'client_credentials' grant type may not request .self scopes.");
    NO_SCOPES_GRANTED = ("no_org_scopes_granted", 400, "consent_required", "You are not allowed any of the requested scopes.");
    DPOP_INVALID = ("invalid_dpop_proof", 400, "invalid_dpop_proof", "The DPoP proof JWT is invalid.");
    DPOP_MISSING_HEADER = ("invalid_dpop_proof_missing_header", 400, "invalid_dpop_proof", "The DPoP proof JWT header is missing.");
    DPOP_MULTIPLE_HEADERS = ("invalid_dpop_proof_multiple_headers_not_allowed", 400, "invalid_dpop_proof", "Multiple DPoP proof JWT headers are not allowed.");
    DPOP_INVALID_TYPE = ("invalid_dpop_proof_invalid_type", 400, "invalid_dpop_proof", "'typ' must be 'dpop+jwt' in the DPoP proof JWT.");
    DPOP_INVALID_ALGORITHM = ("invalid_dpop_proof_invalid_signature_algorithm", 400, "invalid_dpop_proof", "The DPoP proof JWT signature algorithm is invalid.");
    DPOP_INVALID_JWT = ("invalid_dpop_proof_invalid_jwt", 400, "invalid_dpop_proof", "The DPoP proof JWT cannot be parsed.");
    DPOP_INVALID_SIGNATURE = ("invalid_dpop_proof_invalid_signature", 400, "invalid_dpop_proof", "The DPoP proof JWT signature is invalid.");
    DPOP_INVALID_HTM = ("invalid_dpop_proof_invalid_htm", 400, "invalid_dpop_proof", "'htm' claim in the DPoP proof JWT is invalid.");
    DPOP_INVALID_HTU = ("invalid_dpop_proof_invalid_htu", 400, "invalid_dpop_proof", "'htu' claim in the DPoP proof JWT is invalid.");
    DPOP_INVALID_IAT = ("invalid_dpop_proof_invalid_iat", 400, "invalid_dpop_proof", "'iat' claim in the DPoP proof JWT is invalid.");
    DPOP_IN_FUTURE = ("invalid_dpop_proof_jwt_issued_in_future", 400, "invalid_dpop_proof", "The DPoP proof JWT is issued in the future.");
    DPOP_TOO_OLD = ("invalid_dpop_proof_jwt_too_old", 400, "invalid_dpop_proof", "The DPoP proof JWT is issued more than five minutes in the past.");
    DPOP_INVALID_JTI = ("invalid_dpop_proof_invalid_jti", 400, "invalid_dpop_proof", "'jti' claim in the DPoP proof JWT is invalid.");
    DPOP_ALREADY_USED = ("dpop_proof_already_used", 400, "invalid_dpop_proof", "The DPoP proof JWT has already been used.");
    DPOP_INVALID_ATH = ("dpop_proof_invalid_ath", 400, "invalid_dpop_proof", "'ath' claim in the DPoP proof does not match the presented access_token.");
    DPOP_BINDING = ("invalid_access_token_dpop_binding", 400, "invalid_dpop_proof", "The access_token is not bound to the provided DPoP proof.");
    USE_DPOP_NONCE = ("use_dpop_nonce", 400, "use_dpop_nonce", "Authorization server requires nonce in DPoP proof.");
    DPOP_PROOF_REQUIRED = ("dpop_proof_required_for_token", 400, "invalid_request", "The resource request requires a DPoP proof.");
    DPOP_SCHEME_REQUIRED = ("dpop_authentication_scheme_required", 400, "invalid_request", "The resource request must use the DPoP authentication scheme when using a DPoP bound token.");
    ACCESS_TOKEN_NOT_DPOP_BOUND = ("access_token_not_dpop_bound", 401, "invalid_token", "The presented access_token is not DPoP bound.");
    INVALID_TOKEN = ("invalid_token", 401, "invalid_token", "The token is invalid.");
    TOKEN_EXPIRED = ("token_expired", 401, "invalid_token", "The token has expired.");
    TOKEN_REVOKED = ("access_token_revoked", 401, "invalid_token", "The access token has been revoked.");
}

impl OAuthErrorCode {
    /// The description with each `{}` replaced by `value`.
    #[must_use]
    pub fn describe(&self, value: &str) -> String {
        self.description.replace("{}", value)
    }

    /// The token endpoint's JSON error response, with `value` filled into the description.
    pub(crate) fn response_with(&self, value: &str) -> Response {
        let body = json!({ "error": self.error, "error_description": self.describe(value) });
        let mut response = json_response(
            StatusCode::from_u16(self.status).unwrap_or(StatusCode::BAD_REQUEST),
            &body,
        );
        let headers = response.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
        response
    }

    /// The token endpoint's JSON error response.
    pub(crate) fn response(&self) -> Response {
        self.response_with("")
    }
}

/// One entry of Okta's management API error catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApiErrorCode {
    /// `errorCode`, e.g. `E0000006`.
    pub code: &'static str,
    /// The HTTP status.
    pub status: u16,
    /// `errorSummary`; `{}` marks where Okta inserts a detail.
    pub summary: &'static str,
}

macro_rules! api_codes {
    ($($name:ident = ($code:literal, $status:literal, $summary:literal);)*) => {
        /// The management API errors the fake org answers.
        pub mod api {
            use super::ApiErrorCode;
            $(
                #[doc = concat!("`", $code, "` (", stringify!($status), "): ", $summary)]
                pub const $name: ApiErrorCode = ApiErrorCode { code: $code, status: $status, summary: $summary };
            )*
            /// Every code above.
            pub const ALL: &[ApiErrorCode] = &[$($name),*];
        }
    };
}

api_codes! {
    VALIDATION = ("E0000001", 400, "Api validation failed: {}");
    INVALID_REQUEST = ("E0000002", 400, "The request was not valid: {}");
    MALFORMED_BODY = ("E0000003", 400, "The request body was not well-formed.");
    ACCESS_DENIED = ("E0000006", 403, "You do not have permission to perform the requested action");
    NOT_FOUND = ("E0000007", 404, "Not found: {}");
    INTERNAL = ("E0000009", 500, "Internal Server Error");
    READ_ONLY = ("E0000010", 503, "Service is in read only mode");
    INVALID_TOKEN = ("E0000011", 401, "Invalid token provided");
    METHOD_NOT_ALLOWED = ("E0000022", 405, "The endpoint does not support the provided HTTP method");
    INVALID_SEARCH = ("E0000031", 400, "Invalid search criteria.");
    USER_STATUS = ("E0000038", 403, "This operation is not allowed in the user's current status.");
    RATE_LIMITED = ("E0000047", 429, "API call exceeded rate limit due to too many requests.");
    INVALID_FILTER = ("E0000053", 400, "Invalid SCIM filter.");
    UNSUPPORTED = ("E0000060", 501, "Unsupported operation.");
}

impl ApiErrorCode {
    /// The summary with `{}` replaced by `detail`.
    #[must_use]
    pub fn summary_with(&self, detail: &str) -> String {
        self.summary.replace("{}", detail)
    }

    /// The error object as JSON, with its causes.
    pub(crate) fn body(&self, detail: &str, causes: &[&str]) -> serde_json::Value {
        json!({
            "errorCode": self.code,
            "errorSummary": self.summary_with(detail),
            "errorLink": self.code,
            "errorId": format!("oae{}", crate::secret::random_token(16)),
            "errorCauses": causes.iter().map(|cause| json!({ "errorSummary": cause })).collect::<Vec<_>>(),
        })
    }

    /// The error response.
    pub(crate) fn response(&self, detail: &str, causes: &[&str]) -> Response {
        json_response(
            StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            &self.body(detail, causes),
        )
    }
}

/// A JSON response with Okta's content type.
pub(crate) fn json_response(status: StatusCode, body: &serde_json::Value) -> Response {
    let mut response = Response::new(Body::from(body.to_string()));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}
