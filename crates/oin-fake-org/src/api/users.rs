//! Users: list (`limit`, `after`, `q`, `filter`, `search`), get (by id or login), create,
//! partial and full update, delete, the lifecycle operations, a user's groups, and user risk.

use axum::response::Response;
use http::StatusCode;
use serde_json::{Map, Value, json};

use super::{Call, list_response, no_content, not_found, ok, with_status};
use crate::data::{Directory, filter::Filter, user_json};
use crate::errors::api;
use crate::ids::random_id;

pub(crate) fn list(call: &Call<'_>) -> Response {
    let q = call.query("q").map(str::to_lowercase);
    let default_limit = if q.is_some() { 10 } else { 200 };
    let limit = match call.limit(default_limit, 200) {
        Ok(limit) => limit,
        Err(response) => return response,
    };
    let expression = call.query("search").or_else(|| call.query("filter"));
    let filter = match expression.map(Filter::parse) {
        Some(None) => return api::INVALID_SEARCH.response("", &[]),
        Some(Some(filter)) => Some(filter),
        None => None,
    };
    let hide_deprovisioned = filter.is_none();
    let directory = call.org.data.directory();
    let page = directory.users.page(call.query("after"), limit, |user| {
        if hide_deprovisioned && user["status"] == "DEPROVISIONED" {
            return false;
        }
        if let Some(filter) = &filter {
            return filter.matches(user);
        }
        q.as_ref().is_none_or(|q| {
            ["firstName", "lastName", "email", "login"]
                .iter()
                .any(|field| {
                    user["profile"][field]
                        .as_str()
                        .is_some_and(|value| value.to_lowercase().starts_with(q.as_str()))
                })
        })
    });
    paged(call, "/api/v1/users", page)
}

/// A list response for a collection page, with `self` and `next` links.
pub(crate) fn paged(call: &Call<'_>, path: &str, page: crate::data::collection::Page) -> Response {
    let query: Vec<(&str, String)> = call
        .query
        .iter()
        .map(|(key, value)| (key.as_str(), value.clone()))
        .collect();
    let self_link = call.link(path, &query);
    let next_link = page.next_after.map(|after| {
        let mut query: Vec<(&str, String)> = query
            .iter()
            .filter(|(key, _)| *key != "after")
            .cloned()
            .collect();
        query.push(("after", after));
        call.link(path, &query)
    });
    list_response(page.items, &self_link, next_link.as_deref())
}

/// Finds a user by id or login.
pub(crate) fn find<'d>(directory: &'d Directory, key: &str) -> Option<&'d Value> {
    directory.users.get(key).or_else(|| {
        directory.users.values().find(|user| {
            user["profile"]["login"]
                .as_str()
                .is_some_and(|login| login.eq_ignore_ascii_case(key))
        })
    })
}

fn find_id(directory: &Directory, key: &str) -> Option<String> {
    find(directory, key)
        .and_then(|user| user["id"].as_str())
        .map(str::to_owned)
}

pub(crate) fn get(call: &Call<'_>) -> Response {
    let directory = call.org.data.directory();
    match find(&directory, call.param("id")) {
        Some(user) => ok(user),
        None => not_found("User", call.param("id")),
    }
}

pub(crate) fn create(call: &Call<'_>) -> Response {
    let body = match call.json_body() {
        Ok(body) => body,
        Err(response) => return response,
    };
    let Some(Value::Object(profile)) = body.get("profile") else {
        return api::VALIDATION.response("User", &["profile: The field cannot be left blank"]);
    };
    let missing: Vec<String> = ["login", "email", "firstName", "lastName"]
        .iter()
        .filter(|field| {
            profile
                .get(**field)
                .and_then(Value::as_str)
                .is_none_or(str::is_empty)
        })
        .map(|field| format!("{field}: The field cannot be left blank"))
        .collect();
    if !missing.is_empty() {
        let causes: Vec<&str> = missing.iter().map(String::as_str).collect();
        return api::VALIDATION.response("User", &causes);
    }
    let login = profile["login"].as_str().unwrap_or_default().to_owned();
    let activate = call.query("activate").is_none_or(|value| value != "false");
    let mut directory = call.org.data.directory();
    if find(&directory, &login).is_some() {
        return api::VALIDATION.response(
            "login: An object with this field already exists in the current organization",
            &["login: An object with this field already exists in the current organization"],
        );
    }
    let status = if activate { "ACTIVE" } else { "STAGED" };
    let id = random_id("00u");
    let user = user_json(
        &call.org.base_url,
        &id,
        status,
        call.org.clock.now(),
        Value::Object(profile.clone()),
    );
    directory.users.push(user.clone());
    ok(&user)
}

pub(crate) fn update(call: &Call<'_>, replace: bool) -> Response {
    let body = match call.json_body() {
        Ok(body) => body,
        Err(response) => return response,
    };
    let now = call.org.clock.now().to_rfc3339();
    let mut directory = call.org.data.directory();
    let Some(id) = find_id(&directory, call.param("id")) else {
        return not_found("User", call.param("id"));
    };
    let Some(user) = directory.users.get_mut(&id) else {
        return not_found("User", call.param("id"));
    };
    if let Some(Value::Object(changes)) = body.get("profile") {
        let profile = user["profile"].as_object_mut();
        if let Some(profile) = profile {
            if replace {
                let kept: Map<String, Value> = changes.clone();
                *profile = kept;
            } else {
                for (key, value) in changes {
                    profile.insert(key.clone(), value.clone());
                }
            }
        }
    }
    user["lastUpdated"] = Value::from(now);
    ok(user)
}

pub(crate) fn delete(call: &Call<'_>) -> Response {
    let now = call.org.clock.now().to_rfc3339();
    let mut directory = call.org.data.directory();
    let Some(id) = find_id(&directory, call.param("id")) else {
        return not_found("User", call.param("id"));
    };
    let deprovisioned = directory
        .users
        .get(&id)
        .is_some_and(|user| user["status"] == "DEPROVISIONED");
    if deprovisioned {
        directory.users.remove(&id);
        for members in directory.members.values_mut() {
            members.remove(&id);
        }
    } else if let Some(user) = directory.users.get_mut(&id) {
        user["status"] = Value::from("DEPROVISIONED");
        user["statusChanged"] = Value::from(now.clone());
        user["lastUpdated"] = Value::from(now);
    }
    no_content()
}

/// A lifecycle transition: the statuses it starts from and the status it leads to.
fn transition(action: &str) -> (&'static [&'static str], &'static str) {
    match action {
        "activate" => (&["STAGED", "PROVISIONED", "DEPROVISIONED"], "ACTIVE"),
        "reactivate" => (&["PROVISIONED"], "PROVISIONED"),
        "deactivate" => (
            &[
                "STAGED",
                "PROVISIONED",
                "ACTIVE",
                "RECOVERY",
                "PASSWORD_EXPIRED",
                "LOCKED_OUT",
                "SUSPENDED",
            ],
            "DEPROVISIONED",
        ),
        "suspend" => (&["ACTIVE"], "SUSPENDED"),
        "unsuspend" => (&["SUSPENDED"], "ACTIVE"),
        _ => (&["LOCKED_OUT"], "ACTIVE"),
    }
}

pub(crate) fn lifecycle(call: &Call<'_>, action: &str) -> Response {
    let now = call.org.clock.now().to_rfc3339();
    let mut directory = call.org.data.directory();
    let Some(id) = find_id(&directory, call.param("id")) else {
        return not_found("User", call.param("id"));
    };
    let Some(user) = directory.users.get_mut(&id) else {
        return not_found("User", call.param("id"));
    };
    let (from, to) = transition(action);
    let status = user["status"].as_str().unwrap_or_default().to_owned();
    if !from.contains(&status.as_str()) {
        return api::USER_STATUS.response("", &[]);
    }
    user["status"] = Value::from(to);
    user["statusChanged"] = Value::from(now.clone());
    user["lastUpdated"] = Value::from(now.clone());
    if to == "ACTIVE" && user["activated"].is_null() {
        user["activated"] = Value::from(now);
    }
    if action == "activate" && call.query("sendEmail") == Some("false") {
        let token = crate::secret::random_token(15);
        return ok(&json!({
            "activationUrl": format!("{}/welcome/{token}", call.org.base_url),
            "activationToken": token
        }));
    }
    ok(&json!({}))
}

pub(crate) fn groups(call: &Call<'_>) -> Response {
    let directory = call.org.data.directory();
    let Some(id) = find_id(&directory, call.param("id")) else {
        return not_found("User", call.param("id"));
    };
    let groups: Vec<Value> = directory
        .groups
        .values()
        .filter(|group| {
            group["id"]
                .as_str()
                .and_then(|group_id| directory.members.get(group_id))
                .is_some_and(|members| members.contains(&id))
        })
        .cloned()
        .collect();
    let self_link = call.link(&format!("/api/v1/users/{id}/groups"), &[]);
    list_response(groups, &self_link, None)
}

fn risk_body(call: &Call<'_>, user_id: &str, level: &str, reason: Option<&str>) -> Value {
    let base = &call.org.base_url;
    let mut body = json!({
        "riskLevel": level,
        "_links": {
            "self": { "href": format!("{base}/api/v1/users/{user_id}/risk"), "hints": { "allow": ["GET", "PUT"] } },
            "user": { "href": format!("{base}/api/v1/users/{user_id}"), "hints": { "allow": ["GET"] } }
        }
    });
    if let Some(reason) = reason {
        body["reason"] = Value::from(reason);
    }
    body
}

pub(crate) fn get_risk(call: &Call<'_>) -> Response {
    let directory = call.org.data.directory();
    let Some(id) = find_id(&directory, call.param("userId")) else {
        return not_found("User", call.param("userId"));
    };
    let (level, reason) = directory
        .risk
        .get(&id)
        .map_or(("NONE", None), |(level, reason)| {
            (level.as_str(), reason.as_deref())
        });
    ok(&risk_body(call, &id, level, reason))
}

pub(crate) fn put_risk(call: &Call<'_>) -> Response {
    let body = match call.json_body() {
        Ok(body) => body,
        Err(response) => return response,
    };
    let level = body
        .get("riskLevel")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if !matches!(level, "HIGH" | "MEDIUM" | "LOW") {
        return api::VALIDATION.response(
            "riskLevel",
            &["riskLevel: must be one of HIGH, MEDIUM or LOW"],
        );
    }
    let reason = body.get("riskReason").and_then(Value::as_str);
    if reason.is_some_and(|reason| reason.chars().count() > 500) {
        return api::VALIDATION.response("riskReason", &["riskReason: at most 500 characters"]);
    }
    let mut directory = call.org.data.directory();
    let Some(id) = find_id(&directory, call.param("userId")) else {
        return not_found("User", call.param("userId"));
    };
    let stored_reason = reason.map(|_| "override.by.admin".to_owned());
    directory
        .risk
        .insert(id.clone(), (level.to_owned(), stored_reason.clone()));
    with_status(
        StatusCode::OK,
        &risk_body(call, &id, level, stored_reason.as_deref()),
    )
}
