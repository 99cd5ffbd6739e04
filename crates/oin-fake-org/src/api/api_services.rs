//! OIN API service integration instances (`/integrations/api/v1/api-services`): install
//! (`POST`, the client secret in the response only), list, get, uninstall (`DELETE`, which
//! revokes), and the instance's client secrets: list, create (at most two), activate,
//! deactivate, delete (inactive only).

use std::sync::Arc;

use axum::response::Response;
use http::StatusCode;
use oin_scopes::{Scope, ScopeSet};
use serde_json::{Value, json};

use super::{Call, list_response, no_content, not_found, ok, with_status};
use crate::admin::{AdminError, AdminHandle, Install};
use crate::clients::{Client, ClientKind, StoredSecret};
use crate::errors::api;

fn admin(call: &Call<'_>) -> AdminHandle {
    AdminHandle {
        org: Arc::clone(call.org),
    }
}

fn instance_json(call: &Call<'_>, client: &Client) -> Value {
    let base = &call.org.base_url;
    let id = &client.id;
    let mut body = json!({
        "id": id,
        "type": client.name,
        "name": client.name,
        "createdAt": client.created.to_rfc3339(),
        "createdBy": "00ufakeorgadmin00001",
        "configGuideUrl": format!("https://docs.example.com/{}/configuration-guide", client.name),
        "grantedScopes": client.granted.iter().map(Scope::as_str).collect::<Vec<_>>(),
        "_links": {
            "self": { "href": format!("{base}/integrations/api/v1/api-services/{id}"), "hints": { "allow": ["GET", "DELETE"] } },
            "client": { "href": format!("{base}/oauth2/v1/clients/{id}"), "hints": { "allow": ["GET"] } },
            "logo": { "name": "small", "href": format!("{base}/assets/img/logos/{}_small_logo", client.name) }
        }
    });
    if !client.properties.is_empty() {
        body["properties"] = json!(client.properties);
    }
    body
}

fn secret_json(call: &Call<'_>, client_id: &str, secret: &StoredSecret, reveal: bool) -> Value {
    let base = &call.org.base_url;
    let link = format!(
        "{base}/integrations/api/v1/api-services/{client_id}/credentials/secrets/{}",
        secret.id
    );
    let links = if secret.status == crate::clients::SecretStatus::Active {
        json!({ "deactivate": { "href": format!("{link}/lifecycle/deactivate"), "hints": { "allow": ["POST"] } } })
    } else {
        json!({
            "activate": { "href": format!("{link}/lifecycle/activate"), "hints": { "allow": ["POST"] } },
            "delete": { "href": link, "hints": { "allow": ["DELETE"] } }
        })
    };
    use base64::Engine as _;
    use sha2::Digest as _;
    let hash = sha2::Sha256::digest(secret.value.expose().as_bytes());
    json!({
        "id": secret.id,
        "status": secret.status.as_str(),
        "client_secret": if reveal { secret.value.expose().to_owned() } else { secret.value.masked() },
        "secret_hash": base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&hash[..16]),
        "created": secret.created.to_rfc3339(),
        "lastUpdated": secret.last_updated.to_rfc3339(),
        "_links": links
    })
}

fn with_instance<T>(call: &Call<'_>, read: impl FnOnce(&Client) -> T) -> Option<T> {
    let security = call.org.security();
    security
        .clients
        .get(call.param("apiServiceId"))
        .filter(|client| client.kind == ClientKind::ApiService)
        .map(read)
}

pub(crate) fn list(call: &Call<'_>) -> Response {
    let instances: Vec<Value> = {
        let security = call.org.security();
        security
            .clients
            .values()
            .filter(|client| client.kind == ClientKind::ApiService)
            .map(|client| instance_json(call, client))
            .collect()
    };
    let self_link = call.link("/integrations/api/v1/api-services", &[]);
    list_response(instances, &self_link, None)
}

pub(crate) fn get(call: &Call<'_>) -> Response {
    with_instance(call, |client| ok(&instance_json(call, client)))
        .unwrap_or_else(|| not_found("ApiServiceIntegrationInstance", call.param("apiServiceId")))
}

/// `POST /integrations/api/v1/api-services` `{"type", "grantedScopes", "properties"?}`.
pub(crate) fn create(call: &Call<'_>) -> Response {
    let body = match call.json_body() {
        Ok(body) => body,
        Err(response) => return response,
    };
    let Some(kind) = body
        .get("type")
        .and_then(Value::as_str)
        .filter(|kind| !kind.is_empty())
    else {
        return api::VALIDATION.response("type", &["type: The field cannot be left blank"]);
    };
    let Some(names) = body
        .get("grantedScopes")
        .and_then(Value::as_array)
        .filter(|names| !names.is_empty())
    else {
        return api::VALIDATION.response(
            "grantedScopes",
            &["grantedScopes: The field cannot be left blank"],
        );
    };
    let mut scopes = ScopeSet::new();
    for name in names {
        match name.as_str().map(Scope::parse) {
            Some(Ok(scope)) => {
                scopes.insert(scope);
            }
            _ => {
                return api::VALIDATION.response(
                    "grantedScopes",
                    &[&format!("grantedScopes: {name} is not a scope")],
                );
            }
        }
    }
    let admin = admin(call);
    let installed = match admin.install_as(
        Install::client_secret(scopes).name(kind),
        ClientKind::ApiService,
    ) {
        Ok(installed) => installed,
        Err(AdminError::UnknownScope { scope }) => {
            return api::VALIDATION.response(
                "grantedScopes",
                &[&format!("grantedScopes: {scope} is not a valid scope")],
            );
        }
        Err(error) => return api::VALIDATION.response("", &[&error.to_string()]),
    };
    let properties: std::collections::BTreeMap<String, String> = body
        .get("properties")
        .and_then(Value::as_object)
        .map(|properties| {
            properties
                .iter()
                .filter_map(|(key, value)| {
                    value.as_str().map(|value| (key.clone(), value.to_owned()))
                })
                .collect()
        })
        .unwrap_or_default();
    let mut security = call.org.security();
    let Some(client) = security.clients.get_mut(&installed.client_id) else {
        return api::INTERNAL.response("", &[]);
    };
    client.properties = properties;
    let mut response = instance_json(call, client);
    drop(security);
    if let Some(secret) = &installed.client_secret {
        response["clientSecret"] = Value::from(secret.expose());
    }
    with_status(StatusCode::CREATED, &response)
}

pub(crate) fn delete(call: &Call<'_>) -> Response {
    if with_instance(call, |_| ()).is_none() {
        return not_found("ApiServiceIntegrationInstance", call.param("apiServiceId"));
    }
    let _ = admin(call).uninstall(call.param("apiServiceId"));
    no_content()
}

pub(crate) fn list_secrets(call: &Call<'_>) -> Response {
    let id = call.param("apiServiceId");
    match with_instance(call, |client| {
        client
            .secrets
            .iter()
            .map(|secret| secret_json(call, id, secret, false))
            .collect::<Vec<_>>()
    }) {
        Some(secrets) => ok(&Value::Array(secrets)),
        None => not_found("ApiServiceIntegrationInstance", id),
    }
}

fn admin_error(error: &AdminError) -> Response {
    match error {
        AdminError::TooManySecrets { .. } => api::VALIDATION.response(
            "OAuth2ClientSecretMediated",
            &["You've reached the maximum number of client secrets per client."],
        ),
        AdminError::SecretActive { .. } => api::VALIDATION.response(
            "OAuth2ClientSecretMediated",
            &["You can't delete an active client secret. Deactivate the secret before deleting it."],
        ),
        AdminError::UnknownSecret { secret_id, .. } => not_found("OAuth2ClientSecret", secret_id),
        AdminError::UnknownClient { client_id } => not_found("ApiServiceIntegrationInstance", client_id),
        other => api::VALIDATION.response("", &[&other.to_string()]),
    }
}

pub(crate) fn create_secret(call: &Call<'_>) -> Response {
    let id = call.param("apiServiceId");
    if with_instance(call, |_| ()).is_none() {
        return not_found("ApiServiceIntegrationInstance", id);
    }
    match admin(call).add_secret(id) {
        Ok(issued) => {
            let stored = with_instance(call, |client| {
                client
                    .secrets
                    .iter()
                    .find(|secret| secret.id == issued.id)
                    .cloned()
            })
            .flatten();
            match stored {
                Some(secret) => {
                    with_status(StatusCode::CREATED, &secret_json(call, id, &secret, true))
                }
                None => api::INTERNAL.response("", &[]),
            }
        }
        Err(error) => admin_error(&error),
    }
}

pub(crate) fn set_secret_status(call: &Call<'_>, active: bool) -> Response {
    let (id, secret_id) = (call.param("apiServiceId"), call.param("secretId"));
    if with_instance(call, |_| ()).is_none() {
        return not_found("ApiServiceIntegrationInstance", id);
    }
    let admin = admin(call);
    let result = if active {
        admin.activate_secret(id, secret_id)
    } else {
        admin.deactivate_secret(id, secret_id)
    };
    if let Err(error) = result {
        return admin_error(&error);
    }
    let stored = with_instance(call, |client| {
        client
            .secrets
            .iter()
            .find(|secret| secret.id == secret_id)
            .cloned()
    })
    .flatten();
    match stored {
        Some(secret) => ok(&secret_json(call, id, &secret, false)),
        None => not_found("OAuth2ClientSecret", secret_id),
    }
}

pub(crate) fn delete_secret(call: &Call<'_>) -> Response {
    let (id, secret_id) = (call.param("apiServiceId"), call.param("secretId"));
    if with_instance(call, |_| ()).is_none() {
        return not_found("ApiServiceIntegrationInstance", id);
    }
    match admin(call).remove_secret(id, secret_id) {
        Ok(()) => no_content(),
        Err(error) => admin_error(&error),
    }
}
