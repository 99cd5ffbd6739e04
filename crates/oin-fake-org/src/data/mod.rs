//! The org's seeded data: users, groups and their members, apps (held in memory, created
//! from the seed at start and changed by the API), and the System Log ([`logs`], generated
//! on demand).

pub(crate) mod collection;
pub(crate) mod filter;
pub(crate) mod logs;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use serde_json::{Value, json};

use crate::config::FakeOrgConfig;
use crate::ids::{pick, seeded_id};
use crate::time::Timestamp;
use collection::Collection;
use logs::LogStore;

/// Users, groups, memberships, apps and user risk.
#[derive(Debug, Default)]
pub(crate) struct Directory {
    pub(crate) users: Collection,
    pub(crate) groups: Collection,
    /// Group id → member user ids.
    pub(crate) members: BTreeMap<String, BTreeSet<String>>,
    pub(crate) apps: Collection,
    /// User id → risk level and reason.
    pub(crate) risk: BTreeMap<String, (String, Option<String>)>,
}

/// All the org's data.
#[derive(Debug)]
pub(crate) struct Data {
    pub(crate) logs: LogStore,
    directory: Mutex<Directory>,
}

const STATUSES: &[&str] = &[
    "STAGED",
    "SUSPENDED",
    "DEPROVISIONED",
    "PROVISIONED",
    "LOCKED_OUT",
];
const DEPARTMENTS: &[&str] = &[
    "Engineering",
    "Sales",
    "Marketing",
    "Finance",
    "Support",
    "Legal",
];

impl Data {
    pub(crate) fn generate(config: &FakeOrgConfig, base_url: &str, now: Timestamp) -> Self {
        let seed = config.seed;
        let sizes = config.data;
        let mut directory = Directory::default();
        for index in 0..sizes.users as u64 {
            let created = now.minus(Duration::from_secs(
                3600 * (sizes.users as u64 - index + 24),
            ));
            let status = match pick(seed, index, 20, 20) {
                choice if choice < STATUSES.len() => STATUSES[choice],
                _ => "ACTIVE",
            };
            let (first, last) = logs::person(seed, index);
            let login = format!(
                "{}.{}{index}@example.com",
                first.to_lowercase(),
                last.to_lowercase()
            );
            let profile = json!({
                "firstName": first,
                "lastName": last,
                "mobilePhone": null,
                "secondEmail": null,
                "login": login,
                "email": login,
                "department": DEPARTMENTS[pick(seed, index, 21, DEPARTMENTS.len())],
            });
            let user = user_json(
                base_url,
                &seeded_id("00u", seed, index),
                status,
                created,
                profile,
            );
            directory.users.push(user);
        }
        let user_ids: Vec<String> = directory
            .users
            .values()
            .filter_map(|user| user["id"].as_str().map(str::to_owned))
            .collect();
        for index in 0..sizes.groups as u64 {
            let created = now.minus(Duration::from_secs(
                86_400 * (sizes.groups as u64 - index + 1),
            ));
            let department = DEPARTMENTS[index as usize % DEPARTMENTS.len()];
            let id = seeded_id("00g", seed, index);
            let group = group_json(
                base_url,
                &id,
                created,
                &format!("{department} {index}"),
                &format!("Everyone in {department} (team {index})"),
            );
            directory.groups.push(group);
            directory.members.insert(id, BTreeSet::new());
        }
        let group_ids: Vec<String> = directory.members.keys().cloned().collect();
        if !group_ids.is_empty() {
            for (index, user_id) in user_ids.iter().enumerate() {
                for salt in [30, 31] {
                    let group = &group_ids[pick(seed, index as u64, salt, group_ids.len())];
                    if let Some(members) = directory.members.get_mut(group) {
                        members.insert(user_id.clone());
                    }
                }
            }
        }
        for index in 0..sizes.apps as u64 {
            let created = now.minus(Duration::from_secs(
                86_400 * (sizes.apps as u64 - index + 1),
            ));
            let id = seeded_id("0oa", seed, index);
            directory.apps.push(app_json(base_url, &id, &format!("Example App {index}"), created, "BOOKMARK", json!({"app": {"url": format!("https://app{index}.example.com"), "requestIntegration": false}})));
        }
        let span = i64::try_from(sizes.log_span.as_millis()).unwrap_or(i64::MAX);
        Self {
            logs: LogStore::new(seed, sizes.log_events, span, now, sizes.users as u64),
            directory: Mutex::new(directory),
        }
    }

    /// The directory, recovered if a panicking thread poisoned the lock.
    pub(crate) fn directory(&self) -> MutexGuard<'_, Directory> {
        self.directory
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// A `User` object.
pub(crate) fn user_json(
    base_url: &str,
    id: &str,
    status: &str,
    created: Timestamp,
    profile: Value,
) -> Value {
    let created = created.to_rfc3339();
    let active = status != "STAGED";
    json!({
        "id": id,
        "status": status,
        "created": created,
        "activated": if active { Value::from(created.clone()) } else { Value::Null },
        "statusChanged": if active { Value::from(created.clone()) } else { Value::Null },
        "lastLogin": null,
        "lastUpdated": created,
        "passwordChanged": if active { Value::from(created.clone()) } else { Value::Null },
        "realmId": null,
        "type": { "id": "oty1fakeorgdefault0g4" },
        "profile": profile,
        "credentials": { "password": {}, "provider": { "type": "OKTA", "name": "OKTA" } },
        "_links": { "self": { "href": format!("{base_url}/api/v1/users/{id}") } }
    })
}

/// A `Group` object.
pub(crate) fn group_json(
    base_url: &str,
    id: &str,
    created: Timestamp,
    name: &str,
    description: &str,
) -> Value {
    let created = created.to_rfc3339();
    json!({
        "id": id,
        "created": created,
        "lastUpdated": created,
        "lastMembershipUpdated": created,
        "objectClass": ["okta:user_group"],
        "type": "OKTA_GROUP",
        "profile": { "name": name, "description": description },
        "_links": {
            "logo": [],
            "users": { "href": format!("{base_url}/api/v1/groups/{id}/users") },
            "apps": { "href": format!("{base_url}/api/v1/groups/{id}/apps") }
        }
    })
}

/// An `Application` object.
pub(crate) fn app_json(
    base_url: &str,
    id: &str,
    label: &str,
    created: Timestamp,
    sign_on_mode: &str,
    settings: Value,
) -> Value {
    let created = created.to_rfc3339();
    let name = match sign_on_mode {
        "OPENID_CONNECT" => "oidc_client",
        _ => "bookmark",
    };
    json!({
        "id": id,
        "name": name,
        "label": label,
        "status": "ACTIVE",
        "created": created,
        "lastUpdated": created,
        "signOnMode": sign_on_mode,
        "accessibility": { "selfService": false, "errorRedirectUrl": null, "loginRedirectUrl": null },
        "visibility": { "autoSubmitToolbar": false, "hide": { "iOS": false, "web": false }, "appLinks": {} },
        "features": [],
        "settings": settings,
        "_links": {
            "self": { "href": format!("{base_url}/api/v1/apps/{id}") },
            "users": { "href": format!("{base_url}/api/v1/apps/{id}/users") },
            "groups": { "href": format!("{base_url}/api/v1/apps/{id}/groups") },
            "deactivate": { "href": format!("{base_url}/api/v1/apps/{id}/lifecycle/deactivate") }
        }
    })
}

/// An OIDC service app (`private_key_jwt`, `client_credentials`) as an `Application` object.
pub(crate) fn service_app_json(
    base_url: &str,
    client_id: &str,
    label: &str,
    created: Timestamp,
    jwks: &Value,
    require_dpop: bool,
) -> Value {
    let settings = json!({
        "oauthClient": {
            "application_type": "service",
            "grant_types": ["client_credentials"],
            "response_types": ["token"],
            "jwks": jwks,
            "dpop_bound_access_tokens": require_dpop
        }
    });
    let mut app = app_json(
        base_url,
        client_id,
        label,
        created,
        "OPENID_CONNECT",
        settings,
    );
    app["credentials"] = json!({
        "oauthClient": {
            "autoKeyRotation": true,
            "client_id": client_id,
            "token_endpoint_auth_method": "private_key_jwt",
            "pkce_required": false
        }
    });
    app
}
