//! Applications: list (`limit`, `after`, `q`, `filter`), get, activate, deactivate, delete,
//! and create — an OIDC service app (`oauthClient.application_type: service`) with
//! `private_key_jwt` and its JWKS, optionally DPoP-bound, becomes a client of the token
//! endpoint — plus the app's scope consent grants, which are the client's granted scopes.

use axum::response::Response;
use http::StatusCode;
use oin_scopes::{Scope, ScopeSet};
use serde_json::{Value, json};

use super::users::paged;
use super::{Call, list_response, no_content, not_found, ok, with_status};
use crate::admin::{AdminError, AdminHandle, Install};
use crate::clients::ClientKind;
use crate::data::{filter::Filter, service_app_json};
use crate::errors::api;

pub(crate) fn list(call: &Call<'_>) -> Response {
    let limit = match call.limit(200, 200) {
        Ok(limit) => limit,
        Err(response) => return response,
    };
    let filter = match call.query("filter").map(Filter::parse) {
        Some(None) => return api::INVALID_FILTER.response("", &[]),
        Some(Some(filter)) => Some(filter),
        None => None,
    };
    let q = call.query("q").map(str::to_lowercase);
    let directory = call.org.data.directory();
    let page = directory.apps.page(call.query("after"), limit, |app| {
        filter.as_ref().is_none_or(|filter| filter.matches(app))
            && q.as_ref().is_none_or(|q| {
                ["label", "name"].iter().any(|field| {
                    app[field]
                        .as_str()
                        .is_some_and(|value| value.to_lowercase().starts_with(q.as_str()))
                })
            })
    });
    paged(call, "/api/v1/apps", page)
}

pub(crate) fn get(call: &Call<'_>) -> Response {
    let directory = call.org.data.directory();
    match directory.apps.get(call.param("appId")) {
        Some(app) => ok(app),
        None => not_found("AppInstance", call.param("appId")),
    }
}

pub(crate) fn set_status(call: &Call<'_>, status: &str) -> Response {
    let mut directory = call.org.data.directory();
    match directory.apps.get_mut(call.param("appId")) {
        Some(app) => {
            app["status"] = Value::from(status);
            ok(&json!({}))
        }
        None => not_found("AppInstance", call.param("appId")),
    }
}

pub(crate) fn delete(call: &Call<'_>) -> Response {
    let app_id = call.param("appId");
    let mut directory = call.org.data.directory();
    let Some(app) = directory.apps.get(app_id) else {
        return not_found("AppInstance", app_id);
    };
    if app["status"] == "ACTIVE" {
        return api::VALIDATION.response(
            "Cannot delete an active application",
            &["Deactivate the application before deleting it."],
        );
    }
    directory.apps.remove(app_id);
    drop(directory);
    let admin = AdminHandle {
        org: std::sync::Arc::clone(call.org),
    };
    let _ = admin.uninstall(app_id);
    no_content()
}

/// `POST /api/v1/apps`: an OIDC service app with `private_key_jwt`.
pub(crate) fn create(call: &Call<'_>) -> Response {
    let body = match call.json_body() {
        Ok(body) => body,
        Err(response) => return response,
    };
    let body = Value::Object(body);
    let label = body["label"].as_str().unwrap_or("Service app").to_owned();
    let is_service = body["signOnMode"] == "OPENID_CONNECT"
        && body["settings"]["oauthClient"]["application_type"] == "service";
    if !is_service {
        return api::UNSUPPORTED.response("", &["The fake org creates OIDC service apps only (signOnMode OPENID_CONNECT, application_type service)."]);
    }
    let auth_method = body["credentials"]["oauthClient"]["token_endpoint_auth_method"]
        .as_str()
        .unwrap_or("");
    if auth_method != "private_key_jwt" {
        return api::VALIDATION.response(
            "token_endpoint_auth_method",
            &["Service apps that request Okta API scopes must use private_key_jwt."],
        );
    }
    let jwks = body["settings"]["oauthClient"]["jwks"].clone();
    let require_dpop = body["settings"]["oauthClient"]["dpop_bound_access_tokens"]
        .as_bool()
        .unwrap_or(false);
    let admin = AdminHandle {
        org: std::sync::Arc::clone(call.org),
    };
    let install = Install::private_key_jwt(jwks.clone(), ScopeSet::new())
        .require_dpop(require_dpop)
        .name(label.clone());
    let installed = match admin.install_as(install, ClientKind::ServiceApp) {
        Ok(installed) => installed,
        Err(AdminError::InvalidJwks { reason }) => {
            return api::VALIDATION.response("jwks", &[&format!("jwks: {reason}")]);
        }
        Err(error) => return api::VALIDATION.response("", &[&error.to_string()]),
    };
    let app = service_app_json(
        &call.org.base_url,
        &installed.client_id,
        &label,
        call.org.clock.now(),
        &jwks,
        require_dpop,
    );
    call.org.data.directory().apps.push(app.clone());
    ok(&app)
}

/// A scope consent grant. Grants are the service app's granted scopes, one each, so the
/// grant id is derived from the app and the scope.
fn grant_json(call: &Call<'_>, app_id: &str, scope: &str) -> Value {
    let base = &call.org.base_url;
    let grant_id = grant_id(app_id, scope);
    let now = call.org.clock.now().to_rfc3339();
    json!({
        "id": grant_id,
        "status": "ACTIVE",
        "created": now,
        "lastUpdated": now,
        "issuer": base,
        "clientId": app_id,
        "scopeId": scope,
        "source": "ADMIN",
        "createdBy": { "id": "00ufakeorgadmin00001", "type": "User" },
        "_links": {
            "app": { "href": format!("{base}/api/v1/apps/{app_id}") },
            "self": { "href": format!("{base}/api/v1/apps/{app_id}/grants/{grant_id}") },
            "client": { "href": format!("{base}/oauth2/v1/clients/{app_id}") }
        }
    })
}

/// The id of the grant of `scope` to `app_id`.
fn grant_id(app_id: &str, scope: &str) -> String {
    let hash = |text: &str| {
        text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x100_0000_01b3)
        })
    };
    crate::ids::seeded_id("oag", hash(app_id), hash(scope))
}

/// The scopes granted to a service app, or the error response for an app that is not one.
fn granted(call: &Call<'_>) -> Result<ScopeSet, Response> {
    let app_id = call.param("appId");
    if call.org.data.directory().apps.get(app_id).is_none() {
        return Err(not_found("AppInstance", app_id));
    }
    let security = call.org.security();
    match security.clients.get(app_id) {
        Some(client) if client.kind == ClientKind::ServiceApp => Ok(client.granted.clone()),
        _ => Err(api::VALIDATION.response("", &["The app is not an OAuth 2.0 service app."])),
    }
}

pub(crate) fn list_grants(call: &Call<'_>) -> Response {
    let app_id = call.param("appId");
    let scopes = match granted(call) {
        Ok(scopes) => scopes,
        Err(response) => return response,
    };
    let grants = scopes
        .iter()
        .map(|scope| grant_json(call, app_id, scope.as_str()))
        .collect();
    let self_link = call.link(&format!("/api/v1/apps/{app_id}/grants"), &[]);
    list_response(grants, &self_link, None)
}

/// The granted scope with this grant id.
fn scope_of_grant(call: &Call<'_>, scopes: &ScopeSet) -> Option<Scope> {
    let (app_id, id) = (call.param("appId"), call.param("grantId"));
    scopes
        .iter()
        .find(|scope| grant_id(app_id, scope.as_str()) == id)
        .cloned()
}

pub(crate) fn get_grant(call: &Call<'_>) -> Response {
    let scopes = match granted(call) {
        Ok(scopes) => scopes,
        Err(response) => return response,
    };
    match scope_of_grant(call, &scopes) {
        Some(scope) => ok(&grant_json(call, call.param("appId"), scope.as_str())),
        None => not_found("OAuth2ScopeConsentGrant", call.param("grantId")),
    }
}

/// `POST /api/v1/apps/{appId}/grants` `{"scopeId", "issuer"}`: grants a scope.
pub(crate) fn grant(call: &Call<'_>) -> Response {
    let body = match call.json_body() {
        Ok(body) => body,
        Err(response) => return response,
    };
    let scope_name = body
        .get("scopeId")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let Ok(scope) = Scope::parse(scope_name) else {
        return api::VALIDATION.response("scopeId", &["scopeId: The field cannot be left blank"]);
    };
    if !oin_scopes::Catalog::get().is_known_scope(&scope) {
        return api::VALIDATION.response(
            "scopeId",
            &[&format!("scopeId: {scope_name} is not a valid scope")],
        );
    }
    if body
        .get("issuer")
        .and_then(Value::as_str)
        .is_some_and(|issuer| issuer.trim_end_matches('/') != call.org.base_url)
    {
        return api::VALIDATION.response(
            "issuer",
            &["issuer: must be the org URL (the org authorization server)"],
        );
    }
    if let Err(response) = granted(call) {
        return response;
    }
    if let Some(client) = call.org.security().clients.get_mut(call.param("appId")) {
        client.granted.insert(scope.clone());
    }
    with_status(
        StatusCode::CREATED,
        &grant_json(call, call.param("appId"), scope.as_str()),
    )
}

pub(crate) fn revoke_grant(call: &Call<'_>) -> Response {
    let scopes = match granted(call) {
        Ok(scopes) => scopes,
        Err(response) => return response,
    };
    let Some(scope) = scope_of_grant(call, &scopes) else {
        return not_found("OAuth2ScopeConsentGrant", call.param("grantId"));
    };
    if let Some(client) = call.org.security().clients.get_mut(call.param("appId")) {
        client.granted.remove(&scope);
    }
    no_content()
}
