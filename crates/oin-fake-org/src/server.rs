//! [`FakeOrg`]: binds the listener, serves the org in a tokio task, and shuts it down. Every
//! request goes through [`handle`]: request id, concurrency and bucket limits, faults, then
//! the token endpoint or the management API, and the headers every Okta response has.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::response::Response;
use futures::{StreamExt as _, stream};
use http::{HeaderValue, StatusCode};
use oin_scopes::catalog::Lookup;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::admin::AdminHandle;
use crate::config::{FakeOrgConfig, FaultKind};
use crate::errors::api;
use crate::limits::Decision;
use crate::oauth::token;
use crate::org::Org;
use crate::secret::Secret;

/// Largest request body the org reads.
const MAX_BODY: usize = 4 * 1024 * 1024;

/// The token endpoint's path.
pub(crate) const TOKEN_PATH: &str = "/oauth2/v1/token";

/// Why the org could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StartError {
    /// `FakeOrg::start` was called outside a Tokio runtime.
    #[error("the fake org needs a Tokio runtime; call FakeOrg::start from async code run by Tokio")]
    NoRuntime,
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}; pick another address or port")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
}

/// A running fake Okta org on loopback. Dropping it stops the server; [`FakeOrg::shutdown`]
/// stops it and waits.
///
/// ```no_run
/// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// use oin_fake_org::{FakeOrg, FakeOrgConfig, Install};
/// let org = FakeOrg::start(FakeOrgConfig::default()).await?;
/// let installed = org.admin().install(Install::client_secret("okta.users.read".parse()?))?;
/// println!("{} {}", org.url(), installed.client_id);
/// org.shutdown().await;
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct FakeOrg {
    org: Arc<Org>,
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl FakeOrg {
    /// Binds `config.bind` (a free loopback port by default) and serves the org in a tokio
    /// task of the current runtime.
    ///
    /// # Errors
    /// [`StartError::Bind`] when the address cannot be bound, [`StartError::NoRuntime`]
    /// outside a Tokio runtime.
    pub async fn start(config: FakeOrgConfig) -> Result<Self, StartError> {
        let runtime = tokio::runtime::Handle::try_current().map_err(|_| StartError::NoRuntime)?;
        let listener = TcpListener::bind(config.bind)
            .await
            .map_err(|source| StartError::Bind {
                addr: config.bind,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| StartError::Bind {
            addr: config.bind,
            source,
        })?;
        let org = Arc::new(Org::new(config, format!("http://{addr}")));
        let app = Router::new().fallback(handle).with_state(Arc::clone(&org));
        let (stop, stopped) = oneshot::channel::<()>();
        let task = runtime.spawn(async move {
            let serve = axum::serve(listener, app).with_graceful_shutdown(async {
                let _ = stopped.await;
            });
            if let Err(error) = serve.await {
                tracing::error!(%error, "the fake org's server stopped");
            }
        });
        Ok(Self {
            org,
            addr,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// The org URL, `http://127.0.0.1:PORT` (no trailing slash).
    #[must_use]
    pub fn url(&self) -> &str {
        &self.org.base_url
    }

    /// The token endpoint, `{url}/oauth2/v1/token`.
    #[must_use]
    pub fn token_url(&self) -> String {
        self.org.token_url()
    }

    /// The bound address.
    #[must_use]
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The admin API token, for `Authorization: SSWS {token}`.
    #[must_use]
    pub fn admin_token(&self) -> &Secret {
        &self.org.admin_token
    }

    /// The admin handle: installs, secrets, grants, revocation, clock, journal.
    #[must_use]
    pub fn admin(&self) -> AdminHandle {
        AdminHandle {
            org: Arc::clone(&self.org),
        }
    }

    /// Stops the server and waits for it; requests in flight finish first.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for FakeOrg {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// Every request.
async fn handle(State(org): State<Arc<Org>>, request: Request) -> Response {
    let request_id = org.next_request_id();
    let (parts, body) = request.into_parts();
    let body = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(body) => body,
        Err(_) => Bytes::new(),
    };
    let now = org.clock.now();
    let is_token = parts.uri.path() == TOKEN_PATH;
    let lookup = if is_token {
        None
    } else {
        crate::api::lookup(&parts)
    };
    let operation = match &lookup {
        Some(Lookup::Found(found)) => Some(found.operation()),
        _ => None,
    };
    let Ok(_slot) = org.limiter.enter() else {
        let mut response = api::RATE_LIMITED.response("", &[]);
        if !is_token {
            crate::api::record_unserved(&org, &parts, &request_id, operation, response.status());
        }
        let decision = Decision {
            limit: 0,
            remaining: 0,
            reset: now.seconds() + 1,
            allowed: false,
        };
        finish(&mut response, &request_id, decision);
        return response;
    };
    let caller = if is_token {
        None
    } else {
        org.rate_limit_caller(&parts.headers)
    };
    let decision = org
        .limiter
        .check(&parts.method, parts.uri.path(), now, caller.as_deref());
    let operation_id = if is_token {
        Some("token")
    } else {
        operation.map(oin_scopes::Operation::operation_id)
    };
    let fault = operation_id.and_then(|id| org.faults.decide(id));
    let early = if decision.allowed {
        match fault {
            Some(FaultKind::InternalError) => Some(api::INTERNAL.response("", &[])),
            Some(FaultKind::Unavailable) => Some(api::READ_ONLY.response("", &[])),
            Some(FaultKind::RateLimitBurst(_)) => Some(api::RATE_LIMITED.response("", &[])),
            _ => None,
        }
    } else {
        Some(api::RATE_LIMITED.response("", &[]))
    };
    let mut response = match early {
        Some(response) => {
            if !is_token {
                crate::api::record_unserved(
                    &org,
                    &parts,
                    &request_id,
                    operation,
                    response.status(),
                );
            }
            response
        }
        None => {
            if let Some(FaultKind::Latency(delay)) = fault {
                tokio::time::sleep(delay).await;
            }
            route(&org, &parts, &body, &request_id, lookup)
        }
    };
    let decision = if matches!(fault, Some(FaultKind::RateLimitBurst(_))) {
        Decision {
            remaining: 0,
            reset: now.seconds() + 1,
            ..decision
        }
    } else {
        decision
    };
    finish(&mut response, &request_id, decision);
    match fault {
        Some(FaultKind::Malformed) => malformed(response),
        Some(FaultKind::Truncated) => truncated(response).await,
        Some(FaultKind::Reset) => reset(response),
        _ => response,
    }
}

fn route(
    org: &Arc<Org>,
    parts: &http::request::Parts,
    body: &[u8],
    request_id: &str,
    lookup: Option<Lookup<'_>>,
) -> Response {
    if parts.uri.path() == TOKEN_PATH {
        if parts.method == http::Method::POST {
            return token::handle(org, parts, body);
        }
        let mut response = api::METHOD_NOT_ALLOWED.response("", &[]);
        response
            .headers_mut()
            .insert(http::header::ALLOW, HeaderValue::from_static("POST"));
        return response;
    }
    crate::api::dispatch(org, parts, body, request_id, lookup)
}

/// The headers every response carries.
fn finish(response: &mut Response, request_id: &str, decision: Decision) {
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(request_id) {
        headers.insert("x-okta-request-id", value);
    }
    headers.insert("x-rate-limit-limit", HeaderValue::from(decision.limit));
    headers.insert(
        "x-rate-limit-remaining",
        HeaderValue::from(decision.remaining),
    );
    headers.insert("x-rate-limit-reset", HeaderValue::from(decision.reset));
}

/// A `200` whose body is not JSON.
fn malformed(mut response: Response) -> Response {
    *response.status_mut() = StatusCode::OK;
    response.headers_mut().remove(http::header::CONTENT_LENGTH);
    *response.body_mut() = Body::from("{\"this is not\": json");
    response
}

/// The body cut in half: `Content-Length` promises more than is sent.
async fn truncated(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let half = bytes.slice(..bytes.len() / 2);
    parts.headers.insert(
        http::header::CONTENT_LENGTH,
        HeaderValue::from(bytes.len().max(1)),
    );
    // The failure comes a moment after the first half, so the head and that half are
    // written before the connection closes.
    let first = stream::once(async move { Ok::<Bytes, std::io::Error>(half) });
    let failure = stream::once(async {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "injected truncation",
        ))
    });
    Response::from_parts(parts, Body::from_stream(first.chain(failure)))
}

/// The connection closed with nothing written: the body fails before its first chunk, and
/// the server writes the head together with that chunk, so nothing goes out.
fn reset(response: Response) -> Response {
    let (mut parts, _) = response.into_parts();
    parts
        .headers
        .insert(http::header::CONTENT_LENGTH, HeaderValue::from_static("64"));
    let chunks: Vec<Result<Bytes, std::io::Error>> = vec![Err(std::io::Error::new(
        std::io::ErrorKind::ConnectionReset,
        "injected reset",
    ))];
    Response::from_parts(parts, Body::from_stream(stream::iter(chunks)))
}
