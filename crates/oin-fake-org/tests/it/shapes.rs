//! Response shapes against Okta's pinned specs (`../shared/okta/management-minimal.yaml`,
//! and `oauth-minimal.yaml` for the token endpoint):
//! every property of every object the org answers is declared by the schema of the
//! operation's response (following `$ref`, `allOf` and discriminators), with a JSON type
//! that fits. Skipped, with a note, when the shared spec is not beside the checkout.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::{Value, json};

use crate::support::{Env, public_jwk, set};

struct Spec {
    schemas: serde_json::Map<String, Value>,
}

impl Spec {
    fn load(file: &str) -> Option<Spec> {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/okta")
            .join(file);
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!(
                "note: {} is not present; the shape comparison is skipped",
                path.display()
            );
            return None;
        };
        let spec: Value = serde_norway::from_str(&text).expect("the spec parses");
        let schemas = spec["components"]["schemas"]
            .as_object()
            .expect("schemas")
            .clone();
        Some(Spec { schemas })
    }

    fn resolve<'s>(&'s self, mut schema: &'s Value) -> &'s Value {
        while let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let name = reference.trim_start_matches("#/components/schemas/");
            schema = self
                .schemas
                .get(name)
                .unwrap_or_else(|| panic!("{reference} is in the spec"));
        }
        schema
    }

    /// The declared properties of `schema` for `value`, and whether others are allowed;
    /// `None` for a free-form object.
    fn properties(&self, schema: &Value, value: &Value) -> Option<(BTreeMap<String, Value>, bool)> {
        let schema = self.resolve(schema);
        let mut properties = BTreeMap::new();
        let mut open = matches!(
            schema.get("additionalProperties"),
            Some(Value::Bool(true) | Value::Object(_))
        ) || schema.get("oneOf").is_some()
            || schema.get("anyOf").is_some();
        let mut declared = false;
        if let Some(own) = schema.get("properties").and_then(Value::as_object) {
            declared = true;
            properties.extend(
                own.iter()
                    .map(|(name, schema)| (name.clone(), schema.clone())),
            );
        }
        for part in schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some((more, more_open)) = self.properties(part, value) {
                declared = true;
                open |= more_open;
                properties.extend(more);
            }
        }
        if let Some(discriminator) = schema.get("discriminator") {
            let name = discriminator["propertyName"].as_str().unwrap_or_default();
            let mapped = value
                .get(name)
                .and_then(Value::as_str)
                .and_then(|tag| discriminator["mapping"].get(tag));
            if let Some(reference) = mapped
                && let Some((more, more_open)) =
                    self.properties(&json!({ "$ref": reference }), &json!({}))
            {
                declared = true;
                open |= more_open;
                properties.extend(more);
            }
        }
        declared.then_some((properties, open))
    }

    fn check(&self, value: &Value, schema: &Value, path: &str, problems: &mut Vec<String>) {
        let schema = self.resolve(schema);
        let kind = schema.get("type").and_then(Value::as_str);
        match value {
            Value::Null => {}
            Value::Object(object) => {
                if matches!(
                    kind,
                    Some("string" | "integer" | "number" | "boolean" | "array")
                ) {
                    problems.push(format!("{path}: an object where the spec has {kind:?}"));
                    return;
                }
                let Some((properties, open)) = self.properties(schema, value) else {
                    return;
                };
                for (name, child) in object {
                    match properties.get(name) {
                        Some(child_schema) => {
                            self.check(child, child_schema, &format!("{path}.{name}"), problems)
                        }
                        None if !open => problems.push(format!("{path}.{name}: not in the spec")),
                        None => {}
                    }
                }
            }
            Value::Array(items) => {
                if kind.is_some_and(|kind| kind != "array") {
                    problems.push(format!("{path}: an array where the spec has {kind:?}"));
                } else if let Some(item) = schema.get("items") {
                    for (index, child) in items.iter().enumerate() {
                        self.check(child, item, &format!("{path}[{index}]"), problems);
                    }
                }
            }
            Value::String(_)
                if matches!(
                    kind,
                    Some("integer" | "number" | "boolean" | "object" | "array")
                ) =>
            {
                problems.push(format!("{path}: a string where the spec has {kind:?}"));
            }
            Value::Number(_) if matches!(kind, Some("string" | "boolean" | "object" | "array")) => {
                problems.push(format!("{path}: a number where the spec has {kind:?}"));
            }
            Value::Bool(_)
                if matches!(
                    kind,
                    Some("string" | "integer" | "number" | "object" | "array")
                ) =>
            {
                problems.push(format!("{path}: a boolean where the spec has {kind:?}"));
            }
            _ => {}
        }
    }
}

#[tokio::test]
async fn responses_have_the_shapes_of_oktas_spec() {
    let Some(spec) = Spec::load("management-minimal.yaml") else {
        return;
    };
    let env = Env::start().await;
    let token = env
        .bearer("okta.users.read okta.groups.read okta.apps.read okta.appGrants.read okta.logs.read okta.userRisk.read")
        .await;
    let get = |path: String| {
        let request = env.http.get(env.url(&path)).bearer_auth(&token);
        async move {
            request
                .send()
                .await
                .expect("request")
                .json::<Value>()
                .await
                .expect("json")
        }
    };
    let users = get("/api/v1/users?limit=3".into()).await;
    let user_id = users[0]["id"].as_str().unwrap().to_owned();
    let groups = get("/api/v1/groups?limit=3".into()).await;
    let service_app = env
        .org
        .admin()
        .install(oin_fake_org::Install::private_key_jwt(
            json!({ "keys": [public_jwk("fake-org-test-ec-1")] }),
            set("okta.users.read"),
        ))
        .unwrap();
    let apps = get("/api/v1/apps".into()).await;
    let grants = get(format!("/api/v1/apps/{}/grants", service_app.client_id)).await;
    let logs = get("/api/v1/logs?limit=20".into()).await;
    let risk = get(format!("/api/v1/users/{user_id}/risk")).await;
    let error = get("/api/v1/users/00unobody".into()).await;
    let organization = get("/.well-known/okta-organization".into()).await;
    let created = env
        .admin_request(reqwest::Method::POST, "/integrations/api/v1/api-services")
        .json(&json!({"type": "acme", "grantedScopes": ["okta.users.read"]}))
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    let instance_id = created["id"].as_str().unwrap();
    let instances = env.admin_get("/integrations/api/v1/api-services").await;
    let secrets = env
        .admin_get(&format!(
            "/integrations/api/v1/api-services/{instance_id}/credentials/secrets"
        ))
        .await;

    let array = |name: &str| json!({ "type": "array", "items": { "$ref": format!("#/components/schemas/{name}") } });
    let one = |name: &str| json!({ "$ref": format!("#/components/schemas/{name}") });
    let cases = [
        ("listUsers", users, array("User")),
        ("listGroups", groups, array("Group")),
        ("listApplications", apps, array("Application")),
        (
            "listScopeConsentGrants",
            grants,
            array("OAuth2ScopeConsentGrant"),
        ),
        ("listLogEvents", logs, array("LogEvent")),
        ("getUserRisk", risk, one("UserRiskGetResponse")),
        ("an error", error, one("Error")),
        (
            "getWellknownOrgMetadata",
            organization,
            one("WellKnownOrgMetadata"),
        ),
        (
            "createApiServiceIntegrationInstance",
            created,
            one("postAPIServiceIntegrationInstance"),
        ),
        (
            "listApiServiceIntegrationInstances",
            instances,
            array("APIServiceIntegrationInstance"),
        ),
        (
            "listApiServiceIntegrationInstanceSecrets",
            secrets,
            array("APIServiceIntegrationInstanceSecret"),
        ),
    ];
    let mut problems = Vec::new();
    for (name, body, schema) in &cases {
        assert!(!body.is_null(), "{name}");
        spec.check(body, schema, name, &mut problems);
    }
    assert!(
        problems.is_empty(),
        "properties or types not in Okta's spec:\n{}",
        problems.join("\n")
    );
}

#[tokio::test]
async fn changed_objects_and_token_answers_have_the_shapes_of_oktas_specs() {
    let (Some(management), Some(oauth)) = (
        Spec::load("management-minimal.yaml"),
        Spec::load("oauth-minimal.yaml"),
    ) else {
        return;
    };
    let env = Env::start().await;
    let (id, secret) = env.install_secret("okta.users.manage okta.groups.manage");
    let token_response = env
        .token_basic(&id, &secret, "okta.users.manage okta.groups.manage")
        .await
        .json::<Value>()
        .await
        .unwrap();
    let token_error = env
        .token_basic(&id, "wrong", "okta.users.manage")
        .await
        .json::<Value>()
        .await
        .unwrap();
    let token = token_response["access_token"].as_str().unwrap().to_owned();
    let send = |method: reqwest::Method, path: String, body: Option<Value>| {
        let mut request = env.http.request(method, env.url(&path)).bearer_auth(&token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        async move {
            request
                .send()
                .await
                .expect("request")
                .json::<Value>()
                .await
                .expect("json")
        }
    };
    let profile = json!({"profile": {"firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.com", "login": "ada@example.com"}});
    let user = send(reqwest::Method::POST, "/api/v1/users".into(), Some(profile)).await;
    let user_id = user["id"].as_str().unwrap().to_owned();
    let updated = send(
        reqwest::Method::POST,
        format!("/api/v1/users/{user_id}"),
        Some(json!({"profile": {"nickName": "Ada"}})),
    )
    .await;
    let deactivation = send(
        reqwest::Method::POST,
        format!("/api/v1/users/{user_id}/lifecycle/deactivate"),
        None,
    )
    .await;
    let activation = send(
        reqwest::Method::POST,
        format!("/api/v1/users/{user_id}/lifecycle/activate?sendEmail=false"),
        None,
    )
    .await;
    let group = send(
        reqwest::Method::POST,
        "/api/v1/groups".into(),
        Some(json!({"profile": {"name": "Analysts"}})),
    )
    .await;
    let user_groups = send(
        reqwest::Method::GET,
        format!("/api/v1/users/{user_id}/groups"),
        None,
    )
    .await;
    let secret_created = env
        .admin_request(
            reqwest::Method::POST,
            &format!("/integrations/api/v1/api-services/{id}/credentials/secrets"),
        )
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();

    let one = |name: &str| json!({ "$ref": format!("#/components/schemas/{name}") });
    let mut problems = Vec::new();
    oauth.check(
        &token_response,
        &one("TokenResponse"),
        "token",
        &mut problems,
    );
    oauth.check(
        &token_error,
        &one("OAuthError"),
        "token error",
        &mut problems,
    );
    for (name, body, schema) in [
        ("createUser", user, one("User")),
        ("updateUser", updated, one("User")),
        ("deactivateUser", deactivation, json!({"type": "object"})),
        ("activateUser", activation, one("UserActivationToken")),
        ("addGroup", group, one("Group")),
        (
            "listUserGroups",
            user_groups,
            json!({"type": "array", "items": one("Group")}),
        ),
        (
            "createApiServiceIntegrationInstanceSecret",
            secret_created,
            one("APIServiceIntegrationInstanceSecret"),
        ),
    ] {
        assert!(body.is_object() || body.is_array(), "{name}: {body}");
        management.check(&body, &schema, name, &mut problems);
    }
    assert!(
        problems.is_empty(),
        "properties or types not in Okta's specs:\n{}",
        problems.join("\n")
    );
}
