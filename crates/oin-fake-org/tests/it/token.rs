//! The token endpoint: every client authentication method, DPoP with the nonce round, and
//! every failure with Okta's status, `error` and `error_description`.

use std::time::Duration;

use jsonwebtoken::{Algorithm, EncodingKey, Header};
use oin_fake_org::{AdminError, ClientAuthMethod, FakeOrgConfig, Install};
use serde_json::Value;

use crate::support::{Env, assertion, assertion_form, ath, dpop_proof, now, oauth_error, set};

#[tokio::test]
async fn client_secret_basic_issues_a_bearer_token_with_the_requested_scopes() {
    let env = Env::start().await;
    let (id, secret) = env.install_secret("okta.users.read okta.logs.read");
    let response = env
        .token_basic(&id, &secret, "okta.users.read okta.logs.read")
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert!(response.headers().contains_key("x-okta-request-id"));
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3600);
    assert_eq!(body["scope"], "okta.logs.read okta.users.read");
    assert!(body["access_token"].as_str().unwrap().len() > 40);
    assert_eq!(env.org.admin().token_requests(&id), 1);
}

#[tokio::test]
async fn an_oin_instance_takes_basic_only_and_post_when_told() {
    let env = Env::start().await;
    let post = |client_id: String, secret: String| {
        let env = &env;
        async move {
            let form = [
                ("grant_type", "client_credentials"),
                ("scope", "okta.users.read"),
                ("client_id", client_id.as_str()),
                ("client_secret", secret.as_str()),
            ];
            env.http
                .post(env.org.token_url())
                .form(&form)
                .send()
                .await
                .unwrap()
        }
    };

    // Like Okta: an OIN API service integration instance refuses the secret in the form.
    let (id, secret) = env.install_secret("okta.users.read");
    let (status, error, description) = oauth_error(post(id, secret).await).await;
    assert_eq!((status, error.as_str()), (401, "invalid_client"));
    assert!(
        description.starts_with("OAuth Integration Client Credentials requests"),
        "{description}"
    );

    // A client made for client_secret_post takes it.
    let lenient = env
        .org
        .admin()
        .install(
            Install::client_secret(set("okta.users.read"))
                .auth_method(ClientAuthMethod::ClientSecretPost),
        )
        .unwrap();
    let secret = lenient.client_secret.unwrap().expose().to_owned();
    let response = post(lenient.client_id, secret).await;
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn the_token_carries_only_the_granted_scopes() {
    let env = Env::start().await;
    let installed = env
        .org
        .admin()
        .install(
            Install::client_secret(set("okta.users.manage okta.logs.read"))
                .granting(set("okta.users.manage")),
        )
        .unwrap();
    let (id, secret) = (
        installed.client_id.clone(),
        installed.client_secret.unwrap().expose().to_owned(),
    );
    let body: Value = env
        .token_basic(&id, &secret, "okta.users.read okta.logs.read")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        body["scope"], "okta.users.read",
        "manage covers read; logs were not granted"
    );
    let (status, error, description) =
        oauth_error(env.token_basic(&id, &secret, "okta.logs.read").await).await;
    assert_eq!(
        (status, error.as_str(), description.as_str()),
        (
            400,
            "consent_required",
            "You are not allowed any of the requested scopes."
        )
    );

    env.org
        .admin()
        .set_granted_scopes(&id, set("okta.logs.read"))
        .unwrap();
    let body: Value = env
        .token_basic(&id, &secret, "okta.logs.read")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["scope"], "okta.logs.read");
}

/// One failing token request: the form, the Basic credentials, and what Okta answers.
struct Case {
    name: &'static str,
    basic: Option<(String, String)>,
    form: Vec<(&'static str, String)>,
    query: &'static str,
    status: u16,
    error: &'static str,
    description: &'static str,
}

async fn check(env: &Env, cases: Vec<Case>) {
    for case in cases {
        let mut request = env
            .http
            .post(format!("{}{}", env.org.token_url(), case.query))
            .form(&case.form);
        if let Some((id, secret)) = &case.basic {
            request = request.basic_auth(id, Some(secret));
        }
        let (status, error, description) = oauth_error(request.send().await.unwrap()).await;
        assert_eq!(
            (status, error.as_str()),
            (case.status, case.error),
            "{}: {description}",
            case.name
        );
        assert!(
            description.starts_with(case.description),
            "{}: {description}",
            case.name
        );
    }
}

fn form(scope: &str) -> Vec<(&'static str, String)> {
    vec![
        ("grant_type", "client_credentials".into()),
        ("scope", scope.into()),
    ]
}

#[tokio::test]
async fn client_secret_failures_match_okta() {
    let env = Env::start().await;
    let (id, secret) = env.install_secret("okta.users.read");
    let good = || Some((id.clone(), secret.clone()));
    let with = |extra: &[(&'static str, &str)]| {
        let mut form = form("okta.users.read");
        form.extend(extra.iter().map(|(key, value)| (*key, (*value).to_owned())));
        form
    };
    let cases = vec![
        Case {
            name: "wrong secret",
            basic: Some((id.clone(), "nope".into())),
            form: form("okta.users.read"),
            query: "",
            status: 401,
            error: "invalid_client",
            description: "The client secret supplied for a confidential client is invalid.",
        },
        Case {
            name: "unknown client",
            basic: Some(("0oaunknown".into(), secret.clone())),
            form: form("okta.users.read"),
            query: "",
            status: 401,
            error: "invalid_client",
            description: "Client authentication failed.",
        },
        Case {
            name: "no credentials",
            basic: None,
            form: form("okta.users.read"),
            query: "",
            status: 401,
            error: "invalid_client",
            description: "No client credentials found.",
        },
        Case {
            name: "two kinds of credentials",
            basic: good(),
            form: with(&[("client_id", &id), ("client_secret", &secret)]),
            query: "",
            status: 401,
            error: "invalid_request",
            description: "Cannot supply multiple client credentials.",
        },
        Case {
            name: "credentials in the query",
            basic: good(),
            form: form("okta.users.read"),
            query: "?client_secret=x",
            status: 400,
            error: "invalid_request",
            description: "Client credentials cannot be supplied via query parameters.",
        },
        Case {
            name: "no scope",
            basic: good(),
            form: vec![("grant_type", "client_credentials".into())],
            query: "",
            status: 400,
            error: "invalid_scope",
            description: "No scopes were requested.",
        },
        Case {
            name: "openid",
            basic: good(),
            form: form("openid okta.users.read"),
            query: "",
            status: 400,
            error: "invalid_scope",
            description: "Cannot request 'openid' scopes using client credentials.",
        },
        Case {
            name: "self scope",
            basic: good(),
            form: form("okta.users.read.self"),
            query: "",
            status: 400,
            error: "client_credentials_self_scope_requested",
            description: "The 'client_credentials' grant type may not request .self scopes.",
        },
        Case {
            name: "unknown scope",
            basic: good(),
            form: form("okta.unicorns.read"),
            query: "",
            status: 400,
            error: "invalid_scope",
            description: "The following scopes are not allowed for this request: [okta.unicorns.read].",
        },
        Case {
            name: "other grant",
            basic: good(),
            form: vec![
                ("grant_type", "password".into()),
                ("scope", "okta.users.read".into()),
            ],
            query: "",
            status: 400,
            error: "unsupported_grant_type",
            description: "The authorization grant type is not supported by the authorization server. Configured grant types: [client_credentials].",
        },
        Case {
            name: "no grant",
            basic: good(),
            form: vec![("scope", "okta.users.read".into())],
            query: "",
            status: 400,
            error: "invalid_request",
            description: "The token request must specify a 'grant_type'.",
        },
        Case {
            name: "not granted",
            basic: good(),
            form: form("okta.groups.read"),
            query: "",
            status: 400,
            error: "consent_required",
            description: "You are not allowed any of the requested scopes.",
        },
    ];
    check(&env, cases).await;

    let response = env
        .http
        .post(env.org.token_url())
        .header("authorization", "Basic !!!notbase64")
        .form(&form("okta.users.read"))
        .send()
        .await
        .unwrap();
    let (status, error, description) = oauth_error(response).await;
    assert_eq!(
        (status, error.as_str(), description.as_str()),
        (
            401,
            "invalid_client",
            "Found Authentication header but was not valid client credentials."
        )
    );
    assert_eq!(
        env.org.admin().token_requests(&id),
        8,
        "every well-formed request naming the client counts"
    );
}

#[tokio::test]
async fn private_key_jwt_verifies_the_assertion_with_the_installed_keys() {
    let env = Env::start().await;
    for (keys, key) in [
        (
            &["fake-org-test-rsa-1", "fake-org-test-rsa-2"][..],
            "fake-org-test-rsa-2",
        ),
        (&["fake-org-test-ec-1"][..], "fake-org-test-ec-1"),
    ] {
        let installed = env.install_keys(keys, "okta.logs.read", false);
        let jwt = assertion(&env, &installed.client_id, key, |_, _| {});
        let form = assertion_form("okta.logs.read", &jwt);
        let response = env
            .http
            .post(env.org.token_url())
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{key}");
        assert_eq!(env.org.admin().verified_assertions(&installed.client_id), 1);
        assert!(installed.client_secret.is_none());
    }
}

#[tokio::test]
async fn private_key_jwt_failures_match_okta() {
    let env = Env::start().await;
    let two = env.install_keys(
        &["fake-org-test-rsa-1", "fake-org-test-rsa-2"],
        "okta.logs.read",
        false,
    );
    let one = env.install_keys(&["fake-org-test-rsa-1"], "okta.logs.read", false);
    let (secret_client, _) = env.install_secret("okta.logs.read");
    let id = two.client_id.clone();
    let token_url = env.org.token_url();
    let replayed = assertion(&env, &id, "fake-org-test-rsa-1", |_, _| {});
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "wrong audience",
            assertion(&env, &id, "fake-org-test-rsa-1", |_, c| {
                c.insert(
                    "aud".into(),
                    "https://elsewhere.example.com/oauth2/v1/token".into(),
                );
            }),
            "The audience claim for client_assertion must be the endpoint invoked for the request.",
        ),
        (
            "no exp",
            assertion(&env, &id, "fake-org-test-rsa-1", |_, c| {
                c.remove("exp");
            }),
            "The client_assertion must contain the 'exp' claim as seconds since epoch.",
        ),
        (
            "exp too far",
            assertion(&env, &id, "fake-org-test-rsa-1", |_, c| {
                c.insert("exp".into(), (now() + 7200).into());
            }),
            "The client_assertion token has an expiration too far into the future.",
        ),
        (
            "expired",
            assertion(&env, &id, "fake-org-test-rsa-1", |_, c| {
                c.insert("exp".into(), (now() - 600).into());
            }),
            "The client_assertion token is expired.",
        ),
        (
            "iat in future",
            assertion(&env, &id, "fake-org-test-rsa-1", |_, c| {
                c.insert("iat".into(), (now() + 600).into());
            }),
            "The client_assertion token must be issued before the current time.",
        ),
        (
            "wrong sub",
            assertion(&env, &id, "fake-org-test-rsa-1", |_, c| {
                c.insert("sub".into(), "someone-else".into());
            }),
            "The subject claim for client_assertion is not a valid client_id.",
        ),
        (
            "unknown iss",
            assertion(&env, "0oanobody", "fake-org-test-rsa-1", |_, _| {}),
            "The issuer claim for client_assertion is not a valid client_id.",
        ),
        (
            "signed by another key",
            assertion(&env, &id, "fake-org-test-rsa-2", |h, _| {
                h.kid = Some("fake-org-test-rsa-1".into());
            }),
            "The client_assertion signature is invalid.",
        ),
        (
            "unknown kid",
            assertion(&env, &id, "fake-org-test-rsa-1", |h, _| {
                h.kid = Some("nope".into());
            }),
            "The client_assertion JWT kid is invalid.",
        ),
        (
            "no kid among two keys",
            assertion(&env, &id, "fake-org-test-rsa-1", |h, _| {
                h.kid = None;
            }),
            "The client_assertion JWT kid is invalid.",
        ),
        (
            "not a JWT",
            "garbage".to_owned(),
            "The parsing of the client_assertion failed.",
        ),
        (
            "HS256",
            {
                let mut claims = serde_json::Map::new();
                for (k, v) in [("iss", &id), ("sub", &id), ("aud", &token_url)] {
                    claims.insert(k.into(), v.clone().into());
                }
                claims.insert("exp".into(), (now() + 60).into());
                jsonwebtoken::encode(
                    &Header::new(Algorithm::HS256),
                    &claims,
                    &EncodingKey::from_secret(b"a shared secret of sufficient length").unwrap(),
                )
                .unwrap()
            },
            "The client_assertion JWT signature algorithm is invalid.",
        ),
        (
            "a client without keys",
            assertion(&env, &secret_client, "fake-org-test-rsa-1", |_, _| {}),
            "The client does not have a JWKSet configured, but the client_assertion requires one.",
        ),
    ];
    for (name, jwt, description) in cases {
        let form = assertion_form("okta.logs.read", &jwt);
        let (status, error, text) =
            oauth_error(env.http.post(&token_url).form(&form).send().await.unwrap()).await;
        assert_eq!(
            (status, error.as_str(), text.as_str()),
            (401, "invalid_client", description),
            "{name}"
        );
    }

    // A kid is optional with one key; a jti is single use.
    let form = |jwt: &str| assertion_form("okta.logs.read", jwt);
    let no_kid = assertion(&env, &one.client_id, "fake-org-test-rsa-1", |h, _| {
        h.kid = None;
    });
    assert_eq!(
        env.http
            .post(&token_url)
            .form(&form(&no_kid))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        env.http
            .post(&token_url)
            .form(&form(&replayed))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let (status, _, text) = oauth_error(
        env.http
            .post(&token_url)
            .form(&form(&replayed))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, text.as_str()),
        (401, "The client_assertion token has already been used.")
    );

    let mut wrong_type = form(&assertion(&env, &id, "fake-org-test-rsa-1", |_, _| {}));
    wrong_type[2].1 = "urn:example:other".into();
    let (status, error, text) = oauth_error(
        env.http
            .post(&token_url)
            .form(&wrong_type)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, error.as_str(), text.as_str()),
        (
            400,
            "invalid_request",
            "The client_assertion_type is invalid."
        )
    );

    let (status, error, text) =
        oauth_error(env.token_basic(&id, "secret", "okta.logs.read").await).await;
    assert_eq!((status, error.as_str()), (401, "invalid_client"));
    assert!(text.contains("must use the private_key_jwt"), "{text}");
}

async fn dpop_token(env: &Env, client_id: &str) -> (String, String) {
    let token_url = env.org.token_url();
    let form = |jwt: String| assertion_form("okta.users.read", &jwt);
    let first = env
        .http
        .post(&token_url)
        .header(
            "dpop",
            dpop_proof("POST", &token_url, None, None, |_, _| {}),
        )
        .form(&form(assertion(
            env,
            client_id,
            "fake-org-test-rsa-1",
            |_, _| {},
        )))
        .send()
        .await
        .unwrap();
    let nonce = first
        .headers()
        .get("dpop-nonce")
        .expect("a nonce")
        .to_str()
        .unwrap()
        .to_owned();
    let (status, error, text) = oauth_error(first).await;
    assert_eq!(
        (status, error.as_str(), text.as_str()),
        (
            400,
            "use_dpop_nonce",
            "Authorization server requires nonce in DPoP proof."
        )
    );
    let second = env
        .http
        .post(&token_url)
        .header(
            "dpop",
            dpop_proof("POST", &token_url, Some(&nonce), None, |_, _| {}),
        )
        .form(&form(assertion(
            env,
            client_id,
            "fake-org-test-rsa-1",
            |_, _| {},
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(second.status(), 200);
    let body: Value = second.json().await.unwrap();
    assert_eq!(body["token_type"], "DPoP");
    (body["access_token"].as_str().unwrap().to_owned(), nonce)
}

#[tokio::test]
async fn dpop_takes_a_nonce_round_and_binds_the_token_to_the_key() {
    let env = Env::start().await;
    let installed = env.install_keys(&["fake-org-test-rsa-1"], "okta.users.read", true);
    let (token, _) = dpop_token(&env, &installed.client_id).await;
    let users = env.url("/api/v1/users");

    let ok = env
        .http
        .get(&users)
        .header("authorization", format!("DPoP {token}"))
        .header(
            "dpop",
            dpop_proof("GET", &users, None, Some(&ath(&token)), |_, _| {}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);

    let failures: Vec<(&str, reqwest::RequestBuilder, u16, &str)> = vec![
        (
            "bearer scheme",
            env.http.get(&users).bearer_auth(&token),
            400,
            "invalid_request",
        ),
        (
            "no proof",
            env.http
                .get(&users)
                .header("authorization", format!("DPoP {token}")),
            400,
            "invalid_request",
        ),
        (
            "wrong ath",
            env.http
                .get(&users)
                .header("authorization", format!("DPoP {token}"))
                .header(
                    "dpop",
                    dpop_proof("GET", &users, None, Some("AAAA"), |_, _| {}),
                ),
            400,
            "invalid_dpop_proof",
        ),
        (
            "wrong htm",
            env.http
                .get(&users)
                .header("authorization", format!("DPoP {token}"))
                .header(
                    "dpop",
                    dpop_proof("POST", &users, None, Some(&ath(&token)), |_, _| {}),
                ),
            400,
            "invalid_dpop_proof",
        ),
    ];
    for (name, request, status, error) in failures {
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), status, "{name}");
        let challenge = response.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            challenge.starts_with("DPoP ") && challenge.contains(&format!("error=\"{error}\"")),
            "{name}: {challenge}"
        );
    }
}

#[tokio::test]
async fn dpop_proof_failures_match_okta() {
    let env = Env::start().await;
    let installed = env.install_keys(&["fake-org-test-rsa-1"], "okta.users.read", true);
    let (_, nonce) = dpop_token(&env, &installed.client_id).await;
    let token_url = env.org.token_url();
    let reused = dpop_proof("POST", &token_url, Some(&nonce), None, |_, _| {});
    let cases: Vec<(&str, Option<String>, &str, &str)> = vec![
        (
            "no proof",
            None,
            "invalid_dpop_proof",
            "The DPoP proof JWT header is missing.",
        ),
        (
            "wrong typ",
            Some(dpop_proof(
                "POST",
                &token_url,
                Some(&nonce),
                None,
                |h, _| {
                    h.typ = Some("JWT".into());
                },
            )),
            "invalid_dpop_proof",
            "'typ' must be 'dpop+jwt' in the DPoP proof JWT.",
        ),
        (
            "wrong htm",
            Some(dpop_proof("GET", &token_url, Some(&nonce), None, |_, _| {})),
            "invalid_dpop_proof",
            "'htm' claim in the DPoP proof JWT is invalid.",
        ),
        (
            "wrong htu",
            Some(dpop_proof(
                "POST",
                "https://elsewhere.example.com/oauth2/v1/token",
                Some(&nonce),
                None,
                |_, _| {},
            )),
            "invalid_dpop_proof",
            "'htu' claim in the DPoP proof JWT is invalid.",
        ),
        (
            "too old",
            Some(dpop_proof(
                "POST",
                &token_url,
                Some(&nonce),
                None,
                |_, c| {
                    c.insert("iat".into(), (now() - 600).into());
                },
            )),
            "invalid_dpop_proof",
            "The DPoP proof JWT is issued more than five minutes in the past.",
        ),
        (
            "in the future",
            Some(dpop_proof(
                "POST",
                &token_url,
                Some(&nonce),
                None,
                |_, c| {
                    c.insert("iat".into(), (now() + 600).into());
                },
            )),
            "invalid_dpop_proof",
            "The DPoP proof JWT is issued in the future.",
        ),
        (
            "stale nonce",
            Some(dpop_proof(
                "POST",
                &token_url,
                Some("stale"),
                None,
                |_, _| {},
            )),
            "use_dpop_nonce",
            "Authorization server requires nonce in DPoP proof.",
        ),
        (
            "not a JWT",
            Some("garbage".into()),
            "invalid_dpop_proof",
            "The DPoP proof JWT cannot be parsed.",
        ),
        ("first use", Some(reused.clone()), "", ""),
        (
            "replayed",
            Some(reused),
            "invalid_dpop_proof",
            "The DPoP proof JWT has already been used.",
        ),
    ];
    for (name, proof, error, description) in cases {
        let jwt = assertion(&env, &installed.client_id, "fake-org-test-rsa-1", |_, _| {});
        let form = assertion_form("okta.users.read", &jwt);
        let mut request = env.http.post(&token_url).form(&form);
        if let Some(proof) = proof {
            request = request.header("dpop", proof);
        }
        let response = request.send().await.unwrap();
        if error.is_empty() {
            assert_eq!(response.status(), 200, "{name}");
            continue;
        }
        let (status, got, text) = oauth_error(response).await;
        assert_eq!(
            (status, got.as_str(), text.as_str()),
            (400, error, description),
            "{name}"
        );
    }
}

#[tokio::test]
async fn secrets_rotate_with_at_most_two_and_deactivated_ones_stop_working() {
    let env = Env::start().await;
    let admin = env.org.admin();
    let installed = admin
        .install(Install::client_secret(set("okta.users.read")))
        .unwrap();
    let id = installed.client_id.clone();
    let old = installed.client_secret.unwrap().expose().to_owned();
    let old_id = installed.secret_id.unwrap();
    let new = admin.add_secret(&id).unwrap();
    assert!(matches!(
        admin.add_secret(&id),
        Err(AdminError::TooManySecrets { .. })
    ));
    for secret in [old.as_str(), new.expose()] {
        assert_eq!(
            env.token_basic(&id, secret, "okta.users.read")
                .await
                .status(),
            200
        );
    }
    assert!(matches!(
        admin.remove_secret(&id, &old_id),
        Err(AdminError::SecretActive { .. })
    ));
    admin.deactivate_secret(&id, &old_id).unwrap();
    assert_eq!(
        env.token_basic(&id, &old, "okta.users.read").await.status(),
        401
    );
    admin.remove_secret(&id, &old_id).unwrap();
    assert_eq!(
        env.token_basic(&id, new.expose(), "okta.users.read")
            .await
            .status(),
        200
    );
    assert_eq!(format!("{:?}", new.secret), "Secret([redacted])");
}

#[tokio::test]
async fn revocation_uninstall_and_expiry_end_a_token() {
    let env = Env::with(FakeOrgConfig {
        token_lifetime: Duration::from_secs(600),
        ..FakeOrgConfig::default()
    })
    .await;
    let admin = env.org.admin();
    let (id, secret) = env.install_secret("okta.users.read");
    let token = |body: Value| body["access_token"].as_str().unwrap().to_owned();

    let first = token(
        env.token_basic(&id, &secret, "okta.users.read")
            .await
            .json()
            .await
            .unwrap(),
    );
    assert_eq!(env.get(&first, "/api/v1/users").await.status(), 200);
    admin.revoke_tokens(&id).unwrap();
    let revoked = env.get(&first, "/api/v1/users").await;
    assert_eq!(revoked.status(), 401);
    assert!(
        revoked.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .contains("error=\"invalid_token\"")
    );

    let second = token(
        env.token_basic(&id, &secret, "okta.users.read")
            .await
            .json()
            .await
            .unwrap(),
    );
    admin.advance_clock(Duration::from_secs(601));
    assert_eq!(env.get(&second, "/api/v1/users").await.status(), 401);

    let third = token(
        env.token_basic(&id, &secret, "okta.users.read")
            .await
            .json()
            .await
            .unwrap(),
    );
    admin.uninstall(&id).unwrap();
    assert_eq!(env.get(&third, "/api/v1/users").await.status(), 401);
    let (status, error, _) =
        oauth_error(env.token_basic(&id, &secret, "okta.users.read").await).await;
    assert_eq!((status, error.as_str()), (401, "invalid_client"));
}

#[tokio::test]
async fn the_nonce_round_uses_up_the_client_assertion_as_okta_does() {
    let env = Env::start().await;
    let installed = env.install_keys(&["fake-org-test-rsa-1"], "okta.users.read", true);
    let token_url = env.org.token_url();
    let jwt = assertion(&env, &installed.client_id, "fake-org-test-rsa-1", |_, _| {});
    let form = assertion_form("okta.users.read", &jwt);
    let first = env
        .http
        .post(&token_url)
        .header(
            "dpop",
            dpop_proof("POST", &token_url, None, None, |_, _| {}),
        )
        .form(&form)
        .send()
        .await
        .unwrap();
    let nonce = first.headers()["dpop-nonce"].to_str().unwrap().to_owned();
    assert_eq!(first.status(), 400);
    let retry = env
        .http
        .post(&token_url)
        .header(
            "dpop",
            dpop_proof("POST", &token_url, Some(&nonce), None, |_, _| {}),
        )
        .form(&form)
        .send()
        .await
        .unwrap();
    let (status, error, text) = oauth_error(retry).await;
    assert_eq!(
        (status, error.as_str(), text.as_str()),
        (
            401,
            "invalid_client",
            "The client_assertion token has already been used."
        )
    );
}

#[tokio::test]
async fn a_rotated_nonce_keeps_working_once_more_then_is_stale() {
    let env = Env::start().await;
    let installed = env.install_keys(&["fake-org-test-rsa-1"], "okta.users.read", true);
    let (_, nonce) = dpop_token(&env, &installed.client_id).await;
    let token_url = env.org.token_url();
    let request = |nonce: &str| {
        let jwt = assertion(&env, &installed.client_id, "fake-org-test-rsa-1", |_, _| {});
        env.http
            .post(&token_url)
            .header(
                "dpop",
                dpop_proof("POST", &token_url, Some(nonce), None, |_, _| {}),
            )
            .form(&assertion_form("okta.users.read", &jwt))
            .send()
    };
    env.org.admin().rotate_dpop_nonce();
    let previous = request(&nonce).await.unwrap();
    assert_eq!(previous.status(), 200, "the previous nonce still works");
    let fresh = previous.headers()["dpop-nonce"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_ne!(fresh, nonce, "the response carries the new nonce");
    env.org.admin().rotate_dpop_nonce();
    let (status, error, _) = oauth_error(request(&nonce).await.unwrap()).await;
    assert_eq!((status, error.as_str()), (400, "use_dpop_nonce"));
}

#[tokio::test]
async fn installs_refuse_unknown_scopes_and_private_keys() {
    let env = Env::start().await;
    let admin = env.org.admin();
    let unknown = admin.install(Install::client_secret(set("okta.unicorns.read")));
    assert!(
        matches!(unknown, Err(AdminError::UnknownScope { scope }) if scope == "okta.unicorns.read")
    );
    let mut private = crate::support::public_jwk("fake-org-test-ec-1");
    private["d"] = "c2VjcmV0".into();
    let keys = admin.install(Install::private_key_jwt(
        serde_json::json!({ "keys": [private] }),
        set("okta.logs.read"),
    ));
    let error = keys.unwrap_err();
    assert!(matches!(error, AdminError::InvalidJwks { .. }));
    assert!(error.to_string().contains("private part"), "{error}");
    let twins = serde_json::json!({ "keys": [crate::support::public_jwk("fake-org-test-rsa-1"), crate::support::public_jwk("fake-org-test-rsa-1")] });
    assert!(matches!(
        admin.install(Install::private_key_jwt(twins, set("okta.logs.read"))),
        Err(AdminError::InvalidJwks { .. })
    ));
    assert!(matches!(
        admin.add_secret("0oanobody"),
        Err(AdminError::UnknownClient { .. })
    ));
}
