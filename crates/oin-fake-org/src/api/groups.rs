//! Groups and their members: list (`limit`, `after`, `q`, `filter`, `search`), get, create,
//! replace, delete, list members, add and remove a member.

use axum::response::Response;
use serde_json::Value;

use super::users::{find, paged};
use super::{Call, no_content, not_found, ok};
use crate::data::{filter::Filter, group_json};
use crate::errors::api;
use crate::ids::random_id;

pub(crate) fn list(call: &Call<'_>) -> Response {
    let limit = match call.limit(10_000, 10_000) {
        Ok(limit) => limit,
        Err(response) => return response,
    };
    let expression = call.query("search").or_else(|| call.query("filter"));
    let filter = match expression.map(Filter::parse) {
        Some(None) => return api::INVALID_SEARCH.response("", &[]),
        Some(Some(filter)) => Some(filter),
        None => None,
    };
    let q = call.query("q").map(str::to_lowercase);
    let directory = call.org.data.directory();
    let page = directory.groups.page(call.query("after"), limit, |group| {
        filter.as_ref().is_none_or(|filter| filter.matches(group))
            && q.as_ref().is_none_or(|q| {
                group["profile"]["name"]
                    .as_str()
                    .is_some_and(|name| name.to_lowercase().starts_with(q.as_str()))
            })
    });
    paged(call, "/api/v1/groups", page)
}

pub(crate) fn get(call: &Call<'_>) -> Response {
    let directory = call.org.data.directory();
    match directory.groups.get(call.param("groupId")) {
        Some(group) => ok(group),
        None => not_found("UserGroup", call.param("groupId")),
    }
}

fn profile(call: &Call<'_>) -> Result<(String, String), Response> {
    let body = call.json_body()?;
    let name = body
        .get("profile")
        .and_then(|profile| profile.get("name"))
        .and_then(Value::as_str)
        .filter(|name| !name.is_empty())
        .ok_or_else(|| {
            api::VALIDATION.response("UserGroup", &["name: The field cannot be left blank"])
        })?;
    let description = body
        .get("profile")
        .and_then(|profile| profile.get("description"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    Ok((name.to_owned(), description.to_owned()))
}

pub(crate) fn create(call: &Call<'_>) -> Response {
    let (name, description) = match profile(call) {
        Ok(profile) => profile,
        Err(response) => return response,
    };
    let mut directory = call.org.data.directory();
    if directory
        .groups
        .values()
        .any(|group| group["profile"]["name"] == name.as_str())
    {
        return api::VALIDATION.response(
            "UserGroup",
            &["name: An object with this field already exists in the current organization"],
        );
    }
    let id = random_id("00g");
    let group = group_json(
        &call.org.base_url,
        &id,
        call.org.clock.now(),
        &name,
        &description,
    );
    directory.groups.push(group.clone());
    directory.members.insert(id, Default::default());
    ok(&group)
}

pub(crate) fn replace(call: &Call<'_>) -> Response {
    let (name, description) = match profile(call) {
        Ok(profile) => profile,
        Err(response) => return response,
    };
    let now = call.org.clock.now().to_rfc3339();
    let mut directory = call.org.data.directory();
    let Some(group) = directory.groups.get_mut(call.param("groupId")) else {
        return not_found("UserGroup", call.param("groupId"));
    };
    group["profile"]["name"] = Value::from(name);
    group["profile"]["description"] = Value::from(description);
    group["lastUpdated"] = Value::from(now);
    ok(group)
}

pub(crate) fn delete(call: &Call<'_>) -> Response {
    let mut directory = call.org.data.directory();
    if directory.groups.remove(call.param("groupId")).is_none() {
        return not_found("UserGroup", call.param("groupId"));
    }
    directory.members.remove(call.param("groupId"));
    no_content()
}

pub(crate) fn members(call: &Call<'_>) -> Response {
    let limit = match call.limit(1000, 1000) {
        Ok(limit) => limit,
        Err(response) => return response,
    };
    let directory = call.org.data.directory();
    let group_id = call.param("groupId");
    let Some(members) = directory.members.get(group_id) else {
        return not_found("UserGroup", group_id);
    };
    let page = directory.users.page(call.query("after"), limit, |user| {
        user["id"].as_str().is_some_and(|id| members.contains(id))
    });
    paged(call, &format!("/api/v1/groups/{group_id}/users"), page)
}

pub(crate) fn add_member(call: &Call<'_>) -> Response {
    change_member(call, true)
}

pub(crate) fn remove_member(call: &Call<'_>) -> Response {
    change_member(call, false)
}

fn change_member(call: &Call<'_>, add: bool) -> Response {
    let now = call.org.clock.now().to_rfc3339();
    let mut directory = call.org.data.directory();
    let group_id = call.param("groupId").to_owned();
    let Some(user_id) = find(&directory, call.param("userId"))
        .and_then(|user| user["id"].as_str())
        .map(str::to_owned)
    else {
        return not_found("User", call.param("userId"));
    };
    let Some(members) = directory.members.get_mut(&group_id) else {
        return not_found("UserGroup", &group_id);
    };
    if add {
        members.insert(user_id);
    } else {
        members.remove(&user_id);
    }
    if let Some(group) = directory.groups.get_mut(&group_id) {
        group["lastMembershipUpdated"] = Value::from(now);
    }
    no_content()
}
