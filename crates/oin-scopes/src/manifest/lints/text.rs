//! Small checks on text values shared by the lints: lengths, URLs, email addresses and
//! environment variable names.

/// The length of a text as OIN counts it: in characters.
pub(super) fn length(text: &str) -> usize {
    text.chars().count()
}

/// Whether a text is empty or only white space.
pub(super) fn is_blank(text: &str) -> bool {
    text.trim().is_empty()
}

/// A URL's scheme and host, when the text is an absolute `scheme://host…` URL with no white
/// space.
pub(super) fn url_parts(text: &str) -> Option<(String, &str)> {
    if text.chars().any(char::is_whitespace) {
        return None;
    }
    let (scheme, rest) = text.split_once("://")?;
    if scheme.is_empty()
        || !scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_and_port = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let host = if let Some(bracketed) = host_and_port.strip_prefix('[') {
        bracketed.split(']').next().unwrap_or_default()
    } else {
        host_and_port.split(':').next().unwrap_or_default()
    };
    (!host.is_empty()).then(|| (scheme.to_ascii_lowercase(), host))
}

/// Whether a host is one only the ISV's own machines can reach: loopback, private names.
pub(super) fn is_private_host(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host.ends_with(".local")
        || host.ends_with(".internal")
        || host.ends_with(".test")
        || host.ends_with(".invalid")
        || host == "::1"
        || host.starts_with("127.")
        || host.starts_with("10.")
        || host.starts_with("192.168.")
        || host
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_private() || ip.is_loopback())
        || !host.contains(['.', ':'])
}

/// Whether a text looks like an email address: one `@` between a non-empty local part and a
/// domain with a dot, and no white space.
pub(super) fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text.chars().any(char::is_whitespace)
}

/// Whether a text is an environment variable name: ASCII letters, digits and `_`, not
/// starting with a digit.
pub(super) fn is_env_var_name(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_urls() {
        assert_eq!(
            url_parts("https://docs.acme.com/okta?x#y"),
            Some(("https".to_owned(), "docs.acme.com"))
        );
        assert_eq!(
            url_parts("HTTP://user@[::1]:8080/"),
            Some(("http".to_owned(), "::1"))
        );
        assert_eq!(url_parts("docs.acme.com/okta"), None);
        assert_eq!(url_parts("https:///path"), None);
        assert_eq!(url_parts("https://acme.com/a b"), None);
    }

    #[test]
    fn knows_private_hosts() {
        for host in [
            "localhost",
            "127.0.0.1",
            "10.1.2.3",
            "wiki",
            "docs.corp.internal",
            "::1",
        ] {
            assert!(is_private_host(host), "{host}");
        }
        for host in ["docs.acme.com", "8.8.8.8"] {
            assert!(!is_private_host(host), "{host}");
        }
    }

    #[test]
    fn reads_emails_and_env_names() {
        assert!(is_email("support@acme.com"));
        assert!(!is_email("support@acme"));
        assert!(!is_email("support acme.com"));
        assert!(!is_email("a@b@c.com"));
        assert!(is_env_var_name("OIN_TEST_PASSWORD"));
        assert!(is_env_var_name("_x1"));
        assert!(!is_env_var_name("1X"));
        assert!(!is_env_var_name("hunter 2!"));
        assert!(!is_env_var_name(""));
    }

    #[test]
    fn counts_characters() {
        assert_eq!(length("Acmé"), 4);
        assert!(is_blank(" \n"));
    }
}
