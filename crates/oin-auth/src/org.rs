//! [`OrgUrl`]: the customer's Okta org, the only origin its tokens are ever sent to.

use std::fmt;
use std::net::IpAddr;

use url::{Host, Url};

/// Why a text is not an Okta org URL. Each message says what to write instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OrgUrlError {
    /// The text is empty.
    #[error(
        "the org url is empty: expected the customer's Okta domain, such as `https://acme.okta.com`"
    )]
    Empty,
    /// A documentation placeholder was left in.
    #[error(
        "the org url `{input}` still contains a placeholder: replace it with the customer's Okta domain, such as `https://acme.okta.com`"
    )]
    Placeholder {
        /// The text given.
        input: String,
    },
    /// The text is not a URL.
    #[error(
        "the org url `{input}` is not a valid url ({reason}): expected `https://{{customer}}.okta.com`"
    )]
    Invalid {
        /// The text given.
        input: String,
        /// What the URL parser said.
        reason: String,
    },
    /// A scheme other than `https` (or `http` without the loopback opt-in).
    #[error(
        "the org url `{input}` uses `{scheme}`: Okta orgs are served over https only (plain http is accepted only for 127.0.0.1, ::1 and localhost, when the caller opts in for tests)"
    )]
    NotHttps {
        /// The text given.
        input: String,
        /// The scheme found.
        scheme: String,
    },
    /// The Admin Console host (`acme-admin.okta.com`) instead of the org's.
    #[error(
        "the org url `{input}` is the Admin Console's host: use the org's own domain `{suggestion}`"
    )]
    AdminHost {
        /// The text given.
        input: String,
        /// The org URL without `-admin`.
        suggestion: String,
    },
    /// A path such as `/oauth2/default` or `/api/v1`.
    #[error(
        "the org url `{input}` has the path `{path}`: API service integrations use the org authorization server, so give the org's origin only (`{suggestion}`)"
    )]
    HasPath {
        /// The text given.
        input: String,
        /// The path found.
        path: String,
        /// The origin alone.
        suggestion: String,
    },
    /// A query string or fragment.
    #[error(
        "the org url `{input}` has a query string or fragment: give the org's origin only (`{suggestion}`)"
    )]
    HasQuery {
        /// The text given.
        input: String,
        /// The origin alone.
        suggestion: String,
    },
    /// A user name or password in the URL.
    #[error(
        "the org url `{input}` contains credentials: give the org's origin only and pass credentials separately"
    )]
    HasCredentials {
        /// The text given, with the credentials removed.
        input: String,
    },
}

/// The customer's Okta org: `https://` and a host (and port), nothing else, normalised
/// (lower-case host, no trailing slash). Parse, don't validate: [`OrgUrl::parse`] is the only
/// way to get one, so a placeholder, an Admin Console host or an authorization server path never
/// reaches the HTTP layer.
///
/// ```
/// use oin_auth::OrgUrl;
///
/// let org = OrgUrl::parse("https://Acme.okta.com/")?;
/// assert_eq!(org.as_str(), "https://acme.okta.com");
/// assert_eq!(org.token_url(), "https://acme.okta.com/oauth2/v1/token");
/// assert!(org.same_origin("https://acme.okta.com/api/v1/users?limit=2"));
/// assert!(!org.same_origin("https://evil.example/api/v1/users"));
///
/// // What Okta's Admin Console shows as the "Okta domain" works too.
/// assert_eq!(OrgUrl::parse("acme.okta.com")?, org);
///
/// assert!(OrgUrl::parse("https://{yourOktaDomain}").is_err());
/// assert!(OrgUrl::parse("https://acme-admin.okta.com").is_err());
/// assert!(OrgUrl::parse("https://acme.okta.com/oauth2/default").is_err());
/// assert!(OrgUrl::parse("http://127.0.0.1:8080").is_err());
/// assert!(OrgUrl::parse_insecure_loopback("http://127.0.0.1:8080").is_ok());
/// # Ok::<(), oin_auth::OrgUrlError>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct OrgUrl {
    /// `scheme://host[:port]`, without a trailing slash.
    origin: String,
    url: Url,
}

impl OrgUrl {
    /// Parses the customer's Okta org URL; `https` only. A bare domain (`acme.okta.com`, what
    /// the Admin Console calls the "Okta domain") is read as `https://acme.okta.com`.
    ///
    /// # Errors
    /// An [`OrgUrlError`] saying what was wrong and what to write instead.
    pub fn parse(input: &str) -> Result<Self, OrgUrlError> {
        Self::parse_with(input, false)
    }

    /// Like [`OrgUrl::parse`], and also accepts plain `http://` when the host is loopback
    /// (`127.0.0.1`, `::1` or `localhost`): for tests against a local fake org. Never use it
    /// for a customer's org.
    ///
    /// # Errors
    /// As [`OrgUrl::parse`]; `http` with any other host is still refused.
    pub fn parse_insecure_loopback(input: &str) -> Result<Self, OrgUrlError> {
        Self::parse_with(input, true)
    }

    fn parse_with(input: &str, allow_loopback_http: bool) -> Result<Self, OrgUrlError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(OrgUrlError::Empty);
        }
        let lowered = trimmed.to_ascii_lowercase();
        if ["{", "}", "<", ">", "%7b", "%7d", "yourokta", "${"]
            .iter()
            .any(|marker| lowered.contains(marker))
        {
            return Err(OrgUrlError::Placeholder {
                input: trimmed.to_owned(),
            });
        }
        let with_scheme = if trimmed.contains("://") {
            trimmed.to_owned()
        } else {
            format!("https://{trimmed}")
        };
        let url = Url::parse(&with_scheme).map_err(|error| OrgUrlError::Invalid {
            input: trimmed.to_owned(),
            reason: error.to_string(),
        })?;
        if !url.username().is_empty() || url.password().is_some() {
            let mut shown = url.clone();
            // Setting empty credentials on an http(s) URL cannot fail.
            let _ = shown.set_username("");
            let _ = shown.set_password(None);
            return Err(OrgUrlError::HasCredentials {
                input: shown.to_string(),
            });
        }
        let Some(host) = url.host() else {
            return Err(OrgUrlError::Invalid {
                input: trimmed.to_owned(),
                reason: "no host".to_owned(),
            });
        };
        if let Host::Domain(domain) = &host
            && !is_domain_name(domain)
        {
            return Err(OrgUrlError::Invalid {
                input: trimmed.to_owned(),
                reason: format!("`{domain}` is not a domain name"),
            });
        }
        let loopback = is_loopback(&host);
        match url.scheme() {
            "https" => {}
            "http" if allow_loopback_http && loopback => {}
            scheme => {
                return Err(OrgUrlError::NotHttps {
                    input: trimmed.to_owned(),
                    scheme: scheme.to_owned(),
                });
            }
        }
        let origin = url.origin().ascii_serialization();
        if let Host::Domain(domain) = &host
            && let Some((first, rest)) = domain.split_once('.')
            && let Some(org) = first.strip_suffix("-admin")
        {
            let suggestion =
                origin.replacen(&format!("{first}.{rest}"), &format!("{org}.{rest}"), 1);
            return Err(OrgUrlError::AdminHost {
                input: trimmed.to_owned(),
                suggestion,
            });
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(OrgUrlError::HasQuery {
                input: trimmed.to_owned(),
                suggestion: origin,
            });
        }
        if url.path() != "/" && !url.path().is_empty() {
            return Err(OrgUrlError::HasPath {
                input: trimmed.to_owned(),
                path: url.path().to_owned(),
                suggestion: origin,
            });
        }
        Ok(Self { origin, url })
    }

    /// The org's origin, `https://acme.okta.com`, without a trailing slash.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.origin
    }

    /// The host, such as `acme.okta.com`.
    #[must_use]
    pub fn host(&self) -> &str {
        self.url.host_str().unwrap_or_default()
    }

    /// The org authorization server's token endpoint, `{org}/oauth2/v1/token`: where tokens
    /// are requested, and the exact `aud` of a `private_key_jwt` client assertion.
    #[must_use]
    pub fn token_url(&self) -> String {
        format!("{}/oauth2/v1/token", self.origin)
    }

    /// The URL of `path` (which should start with `/`) on this org.
    #[must_use]
    pub fn join(&self, path: &str) -> String {
        if path.starts_with('/') {
            format!("{}{path}", self.origin)
        } else {
            format!("{}/{path}", self.origin)
        }
    }

    /// Whether `url` is on this org's origin (same scheme, host and port): the only place an
    /// access token for this org may be sent. Anything that does not parse as a URL is not.
    #[must_use]
    pub fn same_origin(&self, url: &str) -> bool {
        Url::parse(url).is_ok_and(|url| url.origin() == self.url.origin())
    }

    /// Whether the org is served over plain http on loopback (a test fake org).
    #[must_use]
    pub fn is_insecure_loopback(&self) -> bool {
        self.url.scheme() == "http"
    }
}

/// Dot-separated labels of letters, digits and inner hyphens; two labels at least, except
/// `localhost`.
fn is_domain_name(domain: &str) -> bool {
    let labels: Vec<&str> = domain.trim_end_matches('.').split('.').collect();
    let label_ok = |label: &&str| {
        !label.is_empty()
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    labels.iter().all(label_ok) && (labels.len() >= 2 || domain.eq_ignore_ascii_case("localhost"))
}

fn is_loopback(host: &Host<&str>) -> bool {
    match host {
        Host::Domain(domain) => domain.eq_ignore_ascii_case("localhost"),
        Host::Ipv4(ip) => IpAddr::V4(*ip).is_loopback(),
        Host::Ipv6(ip) => IpAddr::V6(*ip).is_loopback(),
    }
}

impl fmt::Display for OrgUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.origin)
    }
}

impl fmt::Debug for OrgUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OrgUrl({:?})", self.origin)
    }
}

impl std::str::FromStr for OrgUrl {
    type Err = OrgUrlError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_org_origins() {
        for (input, origin) in [
            ("https://acme.okta.com", "https://acme.okta.com"),
            (
                "https://ACME.oktapreview.com/",
                "https://acme.oktapreview.com",
            ),
            (" acme.okta.com ", "https://acme.okta.com"),
            (
                "https://login.acme.example:8443",
                "https://login.acme.example:8443",
            ),
        ] {
            assert_eq!(OrgUrl::parse(input).unwrap().as_str(), origin, "{input}");
        }
        let local = OrgUrl::parse_insecure_loopback("http://localhost:3000").unwrap();
        assert!(local.is_insecure_loopback());
        assert_eq!(
            OrgUrl::parse_insecure_loopback("http://[::1]:3000")
                .unwrap()
                .as_str(),
            "http://[::1]:3000"
        );
    }

    #[test]
    fn refuses_what_is_not_an_org() {
        type Expect = fn(&OrgUrlError) -> bool;
        let cases: [(&str, Expect); 10] = [
            ("", |e| matches!(e, OrgUrlError::Empty)),
            ("https://{yourOktaDomain}", |e| {
                matches!(e, OrgUrlError::Placeholder { .. })
            }),
            ("https://${OKTA_DOMAIN}", |e| {
                matches!(e, OrgUrlError::Placeholder { .. })
            }),
            ("https://<org>.okta.com", |e| {
                matches!(e, OrgUrlError::Placeholder { .. })
            }),
            ("http://acme.okta.com", |e| {
                matches!(e, OrgUrlError::NotHttps { .. })
            }),
            ("https://acme.okta.com/oauth2/default", |e| {
                matches!(e, OrgUrlError::HasPath { .. })
            }),
            ("https://acme.okta.com?x=1", |e| {
                matches!(e, OrgUrlError::HasQuery { .. })
            }),
            (
                "https://user:pw@acme.okta.com",
                |e| matches!(e, OrgUrlError::HasCredentials { input } if !input.contains("pw")),
            ),
            ("https://exa mple.com", |e| {
                matches!(e, OrgUrlError::Invalid { .. })
            }),
            ("ftp://acme.okta.com", |e| {
                matches!(e, OrgUrlError::NotHttps { .. })
            }),
        ];
        for (input, expected) in cases {
            let error = OrgUrl::parse(input).unwrap_err();
            assert!(expected(&error), "{input}: {error:?}");
        }
        assert!(matches!(
            OrgUrl::parse_insecure_loopback("http://10.0.0.1"),
            Err(OrgUrlError::NotHttps { .. })
        ));
    }

    #[test]
    fn admin_host_suggests_the_org() {
        let error = OrgUrl::parse("https://acme-admin.okta.com").unwrap_err();
        assert_eq!(
            error,
            OrgUrlError::AdminHost {
                input: "https://acme-admin.okta.com".to_owned(),
                suggestion: "https://acme.okta.com".to_owned()
            }
        );
    }

    #[test]
    fn odd_inputs_are_errors_not_panics() {
        for input in [
            "https://",
            "https://.",
            "://acme.okta.com",
            "https://[::1",
            "https://acme.okta.com:99999",
            "https://acme.okta.com#",
            "https://acme.okta.com/?",
            "\u{0}",
            "https://ac me.okta.com",
            "https://-admin.okta.com",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "https://%",
        ] {
            assert!(OrgUrl::parse(input).is_err(), "{input}");
            let _ = OrgUrl::parse_insecure_loopback(input);
        }
        // Internationalised domains are normalised to their ASCII form.
        assert_eq!(
            OrgUrl::parse("https://bücher.example").unwrap().as_str(),
            "https://xn--bcher-kva.example"
        );
    }

    #[test]
    fn origin_check() {
        let org = OrgUrl::parse_insecure_loopback("http://127.0.0.1:4000").unwrap();
        assert!(org.same_origin("http://127.0.0.1:4000/api/v1/logs"));
        assert!(!org.same_origin("http://127.0.0.1:4001/api/v1/logs"));
        assert!(!org.same_origin("https://127.0.0.1:4000/api/v1/logs"));
        assert!(!org.same_origin("not a url"));
        assert_eq!(
            org.join("/api/v1/users"),
            "http://127.0.0.1:4000/api/v1/users"
        );
    }
}
