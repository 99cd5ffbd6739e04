//! The HTTP exchange with a token endpoint, over reqwest (rustls, timeouts, no redirects),
//! kept behind this module so that no reqwest type reaches the public API.

use std::time::Duration;

use http::HeaderMap;
use zeroize::Zeroizing;

/// The largest token response read; a token response is a few kilobytes.
const MAX_BODY: usize = 256 * 1024;

/// A token endpoint's response.
pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    /// The body, zeroized on drop: a successful one holds the access token.
    pub(crate) body: Zeroizing<Vec<u8>>,
}

/// Why no response arrived.
pub(crate) enum Failure {
    Timeout,
    Other(reqwest::Error),
    TooLarge { status: u16 },
}

/// The HTTP client.
pub(crate) struct Transport {
    client: reqwest::Client,
}

impl Transport {
    pub(crate) fn new(
        user_agent: &str,
        connect_timeout: Duration,
        request_timeout: Duration,
    ) -> Result<Self, reqwest::Error> {
        let client = reqwest::Client::builder()
            .user_agent(user_agent)
            .connect_timeout(connect_timeout)
            .timeout(request_timeout)
            // A token endpoint never redirects legitimately; following one could carry the
            // credentials elsewhere, so a redirect is reported instead.
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(Self { client })
    }

    /// POSTs a form and reads the whole response.
    pub(crate) async fn post_form(
        &self,
        url: &str,
        headers: HeaderMap,
        body: String,
    ) -> Result<Response, Failure> {
        let classify = |error: reqwest::Error| {
            if error.is_timeout() {
                Failure::Timeout
            } else {
                Failure::Other(error)
            }
        };
        let mut response = self
            .client
            .post(url)
            .headers(headers)
            .body(body)
            .send()
            .await
            .map_err(classify)?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let mut body = Zeroizing::new(Vec::new());
        while let Some(chunk) = response.chunk().await.map_err(classify)? {
            if body.len() + chunk.len() > MAX_BODY {
                return Err(Failure::TooLarge { status });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Response {
            status,
            headers,
            body,
        })
    }
}
