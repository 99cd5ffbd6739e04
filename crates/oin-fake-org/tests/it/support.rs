//! Shared helpers: starting an org, signing client assertions and DPoP proofs with the
//! TEST-ONLY fixture keys, and token requests.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use oin_fake_org::{FakeOrg, FakeOrgConfig, Install, Installed};
use oin_scopes::ScopeSet;
use serde_json::{Map, Value, json};

pub(crate) const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// A running org and a plain HTTP client.
pub(crate) struct Env {
    pub(crate) org: FakeOrg,
    pub(crate) http: reqwest::Client,
}

impl Env {
    pub(crate) async fn start() -> Env {
        Env::with(FakeOrgConfig::default()).await
    }

    pub(crate) async fn with(config: FakeOrgConfig) -> Env {
        let org = FakeOrg::start(config).await.expect("the fake org starts");
        let http = reqwest::Client::builder().build().expect("client");
        Env { org, http }
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.org.url())
    }

    /// A client-secret install with these scopes.
    pub(crate) fn install_secret(&self, scopes: &str) -> (String, String) {
        let installed = self
            .org
            .admin()
            .install(Install::client_secret(set(scopes)))
            .expect("install");
        let secret = installed
            .client_secret
            .expect("a secret")
            .expose()
            .to_owned();
        (installed.client_id, secret)
    }

    /// A private_key_jwt install with the public keys of these fixture keys.
    pub(crate) fn install_keys(&self, keys: &[&str], scopes: &str, dpop: bool) -> Installed {
        let jwks = json!({ "keys": keys.iter().map(|name| public_jwk(name)).collect::<Vec<_>>() });
        self.org
            .admin()
            .install(Install::private_key_jwt(jwks, set(scopes)).require_dpop(dpop))
            .expect("install")
    }

    /// `POST /oauth2/v1/token` with Basic credentials.
    pub(crate) async fn token_basic(
        &self,
        client_id: &str,
        secret: &str,
        scope: &str,
    ) -> reqwest::Response {
        self.http
            .post(self.org.token_url())
            .basic_auth(client_id, Some(secret))
            .form(&[("grant_type", "client_credentials"), ("scope", scope)])
            .send()
            .await
            .expect("token request")
    }

    /// An access token for a client-secret install with these scopes.
    pub(crate) async fn bearer(&self, scopes: &str) -> String {
        let (id, secret) = self.install_secret(scopes);
        let response = self.token_basic(&id, &secret, scopes).await;
        assert_eq!(response.status(), 200);
        let body: Value = response.json().await.expect("json");
        body["access_token"].as_str().expect("a token").to_owned()
    }

    /// A request to `path` with the admin API token.
    pub(crate) fn admin_request(
        &self,
        method: reqwest::Method,
        path: &str,
    ) -> reqwest::RequestBuilder {
        let url = if path.starts_with("http") {
            path.to_owned()
        } else {
            self.url(path)
        };
        self.http.request(method, url).header(
            "authorization",
            format!("SSWS {}", self.org.admin_token().expose()),
        )
    }

    /// `GET path` with the admin API token, as JSON.
    pub(crate) async fn admin_get(&self, path: &str) -> Value {
        let response = self
            .admin_request(reqwest::Method::GET, path)
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 200, "GET {path}");
        response.json().await.expect("json")
    }

    /// `GET path` with a bearer token.
    pub(crate) async fn get(&self, token: &str, path_or_url: &str) -> reqwest::Response {
        let url = if path_or_url.starts_with("http") {
            path_or_url.to_owned()
        } else {
            self.url(path_or_url)
        };
        self.http
            .get(url)
            .bearer_auth(token)
            .send()
            .await
            .expect("request")
    }
}

/// The form of a `private_key_jwt` token request.
pub(crate) fn assertion_form(scope: &str, jwt: &str) -> [(&'static str, String); 4] {
    [
        ("grant_type", "client_credentials".to_owned()),
        ("scope", scope.to_owned()),
        ("client_assertion_type", JWT_BEARER.to_owned()),
        ("client_assertion", jwt.to_owned()),
    ]
}

pub(crate) fn set(scopes: &str) -> ScopeSet {
    scopes.parse().expect("scopes")
}

fn keys_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/keys")
}

pub(crate) fn public_jwk(name: &str) -> Value {
    let text =
        std::fs::read_to_string(keys_dir().join(format!("{name}.jwk.json"))).expect("fixture jwk");
    serde_json::from_str(&text).expect("jwk json")
}

pub(crate) fn private_key(name: &str) -> EncodingKey {
    let pem = std::fs::read(keys_dir().join(format!("{name}.pem"))).expect("fixture key");
    if name.contains("-ec-") {
        EncodingKey::from_ec_pem(&pem).expect("ec key")
    } else {
        EncodingKey::from_rsa_pem(&pem).expect("rsa key")
    }
}

pub(crate) fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("time")
        .as_secs() as i64
}

/// RFC 3339 (UTC) for `days` days ago, e.g. for a System Log `since`.
pub(crate) fn days_ago(days: i64) -> String {
    let seconds = now() - days * 86_400;
    let (day_number, of_day) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    // Civil date from a day count (H. Hinnant's algorithm).
    let z = day_number + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        of_day / 3600,
        of_day / 60 % 60,
        of_day % 60
    )
}

pub(crate) fn unique(prefix: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    format!(
        "{prefix}-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// Signs `claims` with a fixture key.
pub(crate) fn sign(key: &str, header: Header, claims: &Map<String, Value>) -> String {
    jsonwebtoken::encode(&header, claims, &private_key(key)).expect("sign")
}

/// A valid client assertion for `client_id`, changed by `tweak`.
pub(crate) fn assertion(
    env: &Env,
    client_id: &str,
    key: &str,
    tweak: impl FnOnce(&mut Header, &mut Map<String, Value>),
) -> String {
    let alg = if key.contains("-ec-") {
        Algorithm::ES256
    } else {
        Algorithm::RS256
    };
    let mut header = Header::new(alg);
    header.kid = Some(key.to_owned());
    let mut claims = Map::new();
    claims.insert("iss".into(), client_id.into());
    claims.insert("sub".into(), client_id.into());
    claims.insert("aud".into(), env.org.token_url().into());
    claims.insert("iat".into(), now().into());
    claims.insert("exp".into(), (now() + 300).into());
    claims.insert("jti".into(), unique("assertion").into());
    tweak(&mut header, &mut claims);
    sign(key, header, &claims)
}

/// A DPoP proof with the fixture DPoP key, changed by `tweak`.
pub(crate) fn dpop_proof(
    htm: &str,
    htu: &str,
    nonce: Option<&str>,
    ath: Option<&str>,
    tweak: impl FnOnce(&mut Header, &mut Map<String, Value>),
) -> String {
    let mut header = Header::new(Algorithm::ES256);
    header.typ = Some("dpop+jwt".into());
    let mut jwk = public_jwk("fake-org-test-ec-dpop");
    if let Some(object) = jwk.as_object_mut() {
        object.remove("kid");
    }
    header.jwk = Some(serde_json::from_value::<Jwk>(jwk).expect("jwk"));
    let mut claims = Map::new();
    claims.insert("htm".into(), htm.into());
    claims.insert("htu".into(), htu.into());
    claims.insert("iat".into(), now().into());
    claims.insert("jti".into(), unique("proof").into());
    if let Some(nonce) = nonce {
        claims.insert("nonce".into(), nonce.into());
    }
    if let Some(ath) = ath {
        claims.insert("ath".into(), ath.into());
    }
    tweak(&mut header, &mut claims);
    sign("fake-org-test-ec-dpop", header, &claims)
}

/// `base64url(sha256(token))`.
pub(crate) fn ath(token: &str) -> String {
    use base64::Engine as _;
    use sha2::Digest as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(token.as_bytes()))
}

/// The OAuth error of a token response: (status, error, error_description).
pub(crate) async fn oauth_error(response: reqwest::Response) -> (u16, String, String) {
    let status = response.status().as_u16();
    let body: Value = response.json().await.expect("json error body");
    (
        status,
        body["error"].as_str().unwrap_or_default().to_owned(),
        body["error_description"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
    )
}

/// The Okta error object of a management API response: (status, errorCode).
pub(crate) async fn api_error(response: reqwest::Response) -> (u16, String) {
    let status = response.status().as_u16();
    let body: Value = response.json().await.expect("json error body");
    assert!(
        body["errorSummary"].is_string()
            && body["errorId"].is_string()
            && body["errorCauses"].is_array(),
        "{body}"
    );
    (
        status,
        body["errorCode"].as_str().unwrap_or_default().to_owned(),
    )
}
