//! The management API: every operation of the catalog is routed here. A request is matched
//! to its operation (unknown path: 404 E0000007; known path, other method: 405 E0000022),
//! its caller authorized (`SSWS` admin token, `Bearer` or `DPoP` access token; 401
//! E0000011), the operation's scopes enforced (403 E0000006 with a `WWW-Authenticate`
//! naming the scope), then served, and the call journaled.
//!
//! Operations that take no credentials (the `/.well-known` documents) skip authorization.
//!
//! Operations with behaviour: System Log ([`logs`]), users and user risk ([`users`]),
//! groups and members ([`groups`]), apps and their scope grants ([`apps`]), OIN API service
//! integration instances and their secrets ([`api_services`]), the org metadata
//! (`/.well-known/okta-organization`). Every other operation of the
//! catalog answers `501` with Okta's error object `E0000060` ("Unsupported operation.") once
//! the caller is authorized, so scope enforcement and the journal cover them too.

// reason: handlers return the HTTP response itself as the early-exit error; it is sent at once,
// so boxing it would only add an allocation.
#![allow(clippy::result_large_err)]

pub(crate) mod api_services;
pub(crate) mod apps;
mod auth;
pub(crate) mod groups;
pub(crate) mod logs;
pub(crate) mod users;

use std::collections::BTreeMap;

use axum::response::Response;
use http::request::Parts;
use http::{HeaderValue, StatusCode};
use oin_scopes::catalog::Lookup;
use oin_scopes::{Catalog, Method, Operation, ScopeSet};
use serde_json::Value;

use crate::errors::{api, json_response};
use crate::journal::{CallerKind, JournalEntry};
use crate::org::Org;

/// One authorized call to an operation.
pub(crate) struct Call<'a> {
    pub(crate) org: &'a std::sync::Arc<Org>,
    pub(crate) operation: &'static Operation,
    /// Path parameters by name, percent-decoded.
    pub(crate) params: BTreeMap<&'static str, String>,
    /// Query parameters (the last value of a repeated one wins).
    pub(crate) query: BTreeMap<String, String>,
    pub(crate) body: &'a [u8],
}

impl Call<'_> {
    /// A path parameter.
    pub(crate) fn param(&self, name: &str) -> &str {
        self.params.get(name).map_or("", String::as_str)
    }

    /// A query parameter.
    pub(crate) fn query(&self, name: &str) -> Option<&str> {
        self.query.get(name).map(String::as_str)
    }

    /// The body as a JSON object, or Okta's E0000003 response.
    pub(crate) fn json_body(&self) -> Result<serde_json::Map<String, Value>, Response> {
        match serde_json::from_slice::<Value>(self.body) {
            Ok(Value::Object(object)) => Ok(object),
            _ => Err(api::MALFORMED_BODY.response("", &[])),
        }
    }

    /// `limit` clamped to `1..=max`, `default` when absent; E0000001 when not a number.
    pub(crate) fn limit(&self, default: usize, max: usize) -> Result<usize, Response> {
        match self.query("limit") {
            None => Ok(default),
            Some(text) => text
                .parse::<i64>()
                .map(|limit| usize::try_from(limit.clamp(0, max as i64)).unwrap_or(default))
                .map_err(|_| {
                    api::VALIDATION.response("limit", &["limit: The value must be an integer."])
                }),
        }
    }

    /// The absolute URL of this operation's path with `query`.
    pub(crate) fn link(&self, path: &str, query: &[(&str, String)]) -> String {
        let mut url = format!("{}{path}", self.org.base_url);
        if !query.is_empty() {
            url.push('?');
            url.push_str(&serde_urlencoded::to_string(query).unwrap_or_default());
        }
        url
    }
}

/// Routes, authorizes, serves and journals one management API request.
///
/// `lookup` is the catalog's answer for the request ([`lookup`]).
pub(crate) fn dispatch(
    org: &std::sync::Arc<Org>,
    parts: &Parts,
    body: &[u8],
    request_id: &str,
    lookup: Option<Lookup<'_>>,
) -> Response {
    let mut entry = journal_entry(org, parts, request_id);
    let response = serve(org, parts, body, &mut entry, lookup);
    entry.status = response.status().as_u16();
    org.journal.record(entry);
    response
}

/// Journals a request answered before it reached its operation (rate limited, or an
/// injected fault), with the operation it was for.
pub(crate) fn record_unserved(
    org: &Org,
    parts: &Parts,
    request_id: &str,
    operation: Option<&'static Operation>,
    status: StatusCode,
) {
    let mut entry = journal_entry(org, parts, request_id);
    if let Some(operation) = operation {
        entry.operation_id = Some(operation.operation_id());
        entry.scopes_needed = operation.scopes().iter().cloned().collect();
    }
    entry.status = status.as_u16();
    org.journal.record(entry);
}

fn journal_entry(org: &Org, parts: &Parts, request_id: &str) -> JournalEntry {
    JournalEntry {
        time: org.clock.now().to_rfc3339(),
        request_id: request_id.to_owned(),
        client_id: None,
        caller: CallerKind::Anonymous,
        method: parts.method.as_str().to_owned(),
        path: parts.uri.path().to_owned(),
        operation_id: None,
        scopes_had: None,
        scopes_needed: ScopeSet::new(),
        status: 0,
    }
}

/// The catalog's answer for a request; `None` for a method the API never uses (`HEAD`...).
pub(crate) fn lookup(parts: &Parts) -> Option<Lookup<'_>> {
    let method = parts.method.as_str().parse::<Method>().ok()?;
    Some(Catalog::get().lookup(method, parts.uri.path()))
}

fn serve(
    org: &std::sync::Arc<Org>,
    parts: &Parts,
    body: &[u8],
    entry: &mut JournalEntry,
    lookup: Option<Lookup<'_>>,
) -> Response {
    let path = parts.uri.path();
    let found = match lookup {
        Some(Lookup::Found(found)) => found,
        None => return method_not_allowed(&[]),
        Some(Lookup::MethodNotAllowed { allowed }) => return method_not_allowed(&allowed),
        Some(Lookup::NotFound) => {
            return api::NOT_FOUND.response(&format!("Resource not found: {path} (Resource)"), &[]);
        }
    };
    let operation = found.operation();
    entry.operation_id = Some(operation.operation_id());
    entry.scopes_needed = operation.scopes().iter().cloned().collect();
    let caller = match auth::authorize(org, parts, operation) {
        Ok(caller) => caller,
        Err(response) => return response,
    };
    entry.caller = caller.kind();
    entry.client_id = caller.client_id().map(str::to_owned);
    entry.scopes_had = caller.scopes().cloned();
    if let Err(response) = auth::enforce_scopes(org, &caller, operation, path) {
        return response;
    }
    let params = found
        .params()
        .map(|(name, raw)| (name, percent_decode(raw)))
        .collect();
    let query = parts
        .uri
        .query()
        .and_then(|query| serde_urlencoded::from_str::<Vec<(String, String)>>(query).ok())
        .unwrap_or_default()
        .into_iter()
        .collect();
    let call = Call {
        org,
        operation,
        params,
        query,
        body,
    };
    handle(&call)
}

/// The operations with behaviour; everything else is 501 E0000060.
fn handle(call: &Call<'_>) -> Response {
    match call.operation.operation_id() {
        "getWellknownOrgMetadata" => org_metadata(call),
        "listLogEvents" => logs::list(call),
        "listUsers" => users::list(call),
        "createUser" => users::create(call),
        "getUser" => users::get(call),
        "updateUser" => users::update(call, false),
        "replaceUser" => users::update(call, true),
        "deleteUser" => users::delete(call),
        "listUserGroups" => users::groups(call),
        "activateUser" => users::lifecycle(call, "activate"),
        "deactivateUser" => users::lifecycle(call, "deactivate"),
        "reactivateUser" => users::lifecycle(call, "reactivate"),
        "suspendUser" => users::lifecycle(call, "suspend"),
        "unsuspendUser" => users::lifecycle(call, "unsuspend"),
        "unlockUser" => users::lifecycle(call, "unlock"),
        "getUserRisk" => users::get_risk(call),
        "upsertUserRisk" => users::put_risk(call),
        "listGroups" => groups::list(call),
        "addGroup" => groups::create(call),
        "getGroup" => groups::get(call),
        "replaceGroup" => groups::replace(call),
        "deleteGroup" => groups::delete(call),
        "listGroupUsers" => groups::members(call),
        "assignUserToGroup" => groups::add_member(call),
        "unassignUserFromGroup" => groups::remove_member(call),
        "listApplications" => apps::list(call),
        "getApplication" => apps::get(call),
        "createApplication" => apps::create(call),
        "deleteApplication" => apps::delete(call),
        "activateApplication" => apps::set_status(call, "ACTIVE"),
        "deactivateApplication" => apps::set_status(call, "INACTIVE"),
        "listScopeConsentGrants" => apps::list_grants(call),
        "grantConsentToScope" => apps::grant(call),
        "getScopeConsentGrant" => apps::get_grant(call),
        "revokeScopeConsentGrant" => apps::revoke_grant(call),
        "listApiServiceIntegrationInstances" => api_services::list(call),
        "createApiServiceIntegrationInstance" => api_services::create(call),
        "getApiServiceIntegrationInstance" => api_services::get(call),
        "deleteApiServiceIntegrationInstance" => api_services::delete(call),
        "listApiServiceIntegrationInstanceSecrets" => api_services::list_secrets(call),
        "createApiServiceIntegrationInstanceSecret" => api_services::create_secret(call),
        "activateApiServiceIntegrationInstanceSecret" => {
            api_services::set_secret_status(call, true)
        }
        "deactivateApiServiceIntegrationInstanceSecret" => {
            api_services::set_secret_status(call, false)
        }
        "deleteApiServiceIntegrationInstanceSecret" => api_services::delete_secret(call),
        _ => api::UNSUPPORTED.response("", &[]),
    }
}

/// `GET /.well-known/okta-organization`: the org's id and pipeline, unauthenticated.
fn org_metadata(call: &Call<'_>) -> Response {
    let base = &call.org.base_url;
    ok(&serde_json::json!({
        "id": crate::ids::seeded_id("00o", call.org.config.seed, 0),
        "pipeline": "idx",
        "_links": {
            "organization": { "href": base },
            "alternate": { "href": base }
        }
    }))
}

fn method_not_allowed(allowed: &[Method]) -> Response {
    let mut response = api::METHOD_NOT_ALLOWED.response("", &[]);
    let allow = allowed
        .iter()
        .map(|method| method.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    if let Ok(value) = HeaderValue::from_str(&allow) {
        response.headers_mut().insert(http::header::ALLOW, value);
    }
    response
}

/// `%XX` sequences decoded; invalid ones kept as they are.
fn percent_decode(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = |at: usize| {
            bytes
                .get(at)
                .and_then(|digit| char::from(*digit).to_digit(16))
        };
        if bytes[index] == b'%'
            && let (Some(high), Some(low)) = (hex(index + 1), hex(index + 2))
        {
            out.push((high * 16 + low) as u8);
            index += 3;
            continue;
        }
        out.push(bytes[index]);
        index += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| raw.to_owned())
}

/// `200` with a JSON body.
pub(crate) fn ok(body: &Value) -> Response {
    json_response(StatusCode::OK, body)
}

/// A JSON response with this status.
pub(crate) fn with_status(status: StatusCode, body: &Value) -> Response {
    json_response(status, body)
}

/// `204 No Content`.
pub(crate) fn no_content() -> Response {
    let mut response = Response::new(axum::body::Body::empty());
    *response.status_mut() = StatusCode::NO_CONTENT;
    response
}

/// A `200` list with `Link` headers: `self` always, `next` when `next` is given.
pub(crate) fn list_response(
    items: Vec<Value>,
    self_link: &str,
    next_link: Option<&str>,
) -> Response {
    list_response_bytes(
        Value::Array(items).to_string().into_bytes(),
        self_link,
        next_link,
    )
}

/// [`list_response`] for a body already serialized.
pub(crate) fn list_response_bytes(
    body: Vec<u8>,
    self_link: &str,
    next_link: Option<&str>,
) -> Response {
    let mut response = Response::new(axum::body::Body::from(body));
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&format!("<{self_link}>; rel=\"self\"")) {
        headers.append(http::header::LINK, value);
    }
    if let Some(next) = next_link
        && let Ok(value) = HeaderValue::from_str(&format!("<{next}>; rel=\"next\""))
    {
        headers.append(http::header::LINK, value);
    }
    response
}

/// 404 E0000007 for an object that does not exist.
pub(crate) fn not_found(what: &str, id: &str) -> Response {
    api::NOT_FOUND.response(&format!("Resource not found: {id} ({what})"), &[])
}

#[cfg(test)]
mod tests {
    #[test]
    fn percent_decoding_keeps_what_it_cannot_decode() {
        for (raw, decoded) in [
            ("a%40b.com", "a@b.com"),
            ("100%", "100%"),
            ("%4", "%4"),
            ("%zz", "%zz"),
            ("%C3%A9", "\u{e9}"),
            ("%FF", "%FF"),
        ] {
            assert_eq!(super::percent_decode(raw), decoded, "{raw}");
        }
    }
}
