//! The journal: every call to a management API path, with the operation, the caller, the
//! scopes its token had and the scopes the operation needs, and the status. Conformance
//! reads it to derive the scopes an integration really uses.

use std::sync::Mutex;

use oin_scopes::ScopeSet;
use serde::Serialize;

/// How a call was authorized.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CallerKind {
    /// No or an unusable `Authorization` header.
    Anonymous,
    /// `Authorization: Bearer` with an access token.
    Bearer,
    /// `Authorization: DPoP` with a DPoP-bound access token.
    Dpop,
    /// `Authorization: SSWS` with the admin API token.
    ApiToken,
}

/// One recorded call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct JournalEntry {
    /// When the call arrived (RFC 3339, org clock).
    pub time: String,
    /// The call's `X-Okta-Request-Id`.
    pub request_id: String,
    /// The integration (client id) whose token made the call, if a valid token was shown.
    pub client_id: Option<String>,
    /// How the call was authorized.
    pub caller: CallerKind,
    /// The HTTP method.
    pub method: String,
    /// The request path, without query.
    pub path: String,
    /// The catalog operation, or `None` for a path or method the API does not have.
    pub operation_id: Option<&'static str>,
    /// The scopes of the token used (`None` without a valid token).
    pub scopes_had: Option<ScopeSet>,
    /// The scopes the operation requires (all of them).
    pub scopes_needed: ScopeSet,
    /// The response status.
    pub status: u16,
}

/// The org's journal.
#[derive(Debug, Default)]
pub(crate) struct Journal {
    entries: Mutex<Vec<JournalEntry>>,
}

impl Journal {
    pub(crate) fn record(&self, entry: JournalEntry) {
        self.lock().push(entry);
    }

    pub(crate) fn entries(&self) -> Vec<JournalEntry> {
        self.lock().clone()
    }

    pub(crate) fn ndjson(&self) -> String {
        let mut out = String::new();
        for entry in self.lock().iter() {
            if let Ok(line) = serde_json::to_string(entry) {
                out.push_str(&line);
                out.push('\n');
            }
        }
        out
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<JournalEntry>> {
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
