//! System Log events generated on demand: event `i` is a pure function of the seed and `i`,
//! so millions of events cost no memory. The initial events are spread evenly over a span
//! ending at the org's start; [`LogStore::append`] adds batches published later, for
//! polling clients to find. Publication times never decrease with the index, so a time
//! bound is a binary search.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;

use crate::ids::{mix, pick, seeded_id};
use crate::time::Timestamp;

/// Event types with their display message, severity and legacy type.
const EVENT_TYPES: &[(&str, &str, &str, &str)] = &[
    (
        "user.session.start",
        "User login to Okta",
        "INFO",
        "core.user_auth.login_success",
    ),
    (
        "user.authentication.sso",
        "User single sign on to app",
        "INFO",
        "app.auth.sso",
    ),
    (
        "user.session.end",
        "User logout from Okta",
        "INFO",
        "core.user_auth.logout_success",
    ),
    (
        "policy.evaluate_sign_on",
        "Evaluation of sign-on policy",
        "INFO",
        "",
    ),
    (
        "user.lifecycle.create",
        "Create Okta user",
        "INFO",
        "core.user.config.user_creation.success",
    ),
    (
        "user.account.update_profile",
        "Update user profile for Okta",
        "INFO",
        "core.user.config.profile_update.success",
    ),
    (
        "group.user_membership.add",
        "Add user to group membership",
        "INFO",
        "core.user_group_member.user_add",
    ),
    (
        "application.user_membership.add",
        "Add user to application membership",
        "INFO",
        "app.generic.provision.assign_user_to_app",
    ),
    (
        "user.authentication.auth_via_mfa",
        "Authentication of user via MFA",
        "INFO",
        "core.user.factor.attempt_success",
    ),
    (
        "user.account.lock",
        "Max sign in attempts exceeded",
        "WARN",
        "core.user_auth.account_locked",
    ),
    (
        "system.api_token.create",
        "Create API token",
        "INFO",
        "api.token.create",
    ),
    (
        "user.session.start",
        "User login to Okta",
        "WARN",
        "core.user_auth.login_failed",
    ),
];

const FIRST_NAMES: &[&str] = &[
    "Alice", "Bob", "Carol", "Dave", "Erin", "Frank", "Grace", "Heidi", "Ivan", "Judy", "Mallory",
    "Niaj", "Olivia", "Peggy", "Rupert", "Sybil", "Trent", "Victor", "Walter", "Yvonne",
];
const LAST_NAMES: &[&str] = &[
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
];
const CITIES: &[(&str, &str, &str, f64, f64)] = &[
    (
        "San Francisco",
        "California",
        "United States",
        37.7749,
        -122.4194,
    ),
    ("New York", "New York", "United States", 40.7128, -74.0060),
    ("London", "England", "United Kingdom", 51.5072, -0.1276),
    ("Berlin", "Berlin", "Germany", 52.5200, 13.4050),
    ("Tokyo", "Tokyo", "Japan", 35.6762, 139.6503),
    ("Sydney", "New South Wales", "Australia", -33.8688, 151.2093),
];
const BROWSERS: &[(&str, &str, &str)] = &[
    (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
        "Windows 10",
        "CHROME",
    ),
    (
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
        "Mac OS X",
        "SAFARI",
    ),
    (
        "Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0",
        "Linux",
        "FIREFOX",
    ),
];

/// Names of a seeded person, shared with the user directory so that log actors are users.
pub(crate) fn person(seed: u64, index: u64) -> (&'static str, &'static str) {
    (
        FIRST_NAMES[pick(seed, index, 1, FIRST_NAMES.len())],
        LAST_NAMES[pick(seed, index, 2, LAST_NAMES.len())],
    )
}

/// The System Log.
#[derive(Debug)]
pub(crate) struct LogStore {
    seed: u64,
    initial: u64,
    /// Publication time of the first initial event, and the span they cover (ms).
    first: i64,
    span: i64,
    /// How many events exist.
    len: AtomicU64,
    /// Appended batches: (index of the batch's first event, publication time).
    batches: Mutex<Vec<(u64, Timestamp)>>,
    /// Users the actors are drawn from: (count, seed) and the org's base URL.
    users: u64,
}

impl LogStore {
    pub(crate) fn new(
        seed: u64,
        initial: u64,
        span_millis: i64,
        end: Timestamp,
        users: u64,
    ) -> Self {
        Self {
            seed,
            initial,
            first: end.0 - span_millis,
            span: span_millis,
            len: AtomicU64::new(initial),
            batches: Mutex::new(Vec::new()),
            users,
        }
    }

    /// How many events exist.
    pub(crate) fn len(&self) -> u64 {
        self.len.load(Ordering::Acquire)
    }

    /// Appends `count` events published at `now`.
    pub(crate) fn append(&self, count: u64, now: Timestamp) {
        if count == 0 {
            return;
        }
        let mut batches = self.lock();
        let start = self.len();
        let time = batches.last().map_or(now, |&(_, last)| last.max(now));
        batches.push((start, time));
        self.len.store(start + count, Ordering::Release);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<(u64, Timestamp)>> {
        self.batches
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// When event `index` was published.
    pub(crate) fn published(&self, index: u64) -> Timestamp {
        if index < self.initial {
            let offset =
                i128::from(self.span) * i128::from(index) / i128::from(self.initial.max(1));
            return Timestamp(self.first + offset as i64);
        }
        let batches = self.lock();
        let at = batches.partition_point(|&(start, _)| start <= index);
        batches
            .get(at.wrapping_sub(1))
            .map_or(Timestamp(self.first + self.span), |&(_, time)| time)
    }

    /// The first index whose publication time is at or after `time` (in `0..=len`).
    pub(crate) fn first_at_or_after(&self, time: Timestamp, len: u64) -> u64 {
        let (mut low, mut high) = (0_u64, len);
        while low < high {
            let middle = low + (high - low) / 2;
            if self.published(middle) < time {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        low
    }

    /// Event `index` in Okta's `LogEvent` shape.
    pub(crate) fn event<'b>(&self, index: u64, base_url: &'b str) -> LogEvent<'b> {
        let seed = self.seed;
        let (event_type, message, severity, legacy) =
            EVENT_TYPES[pick(seed, index, 10, EVENT_TYPES.len())];
        let user = pick(seed, index, 11, self.users.max(1) as usize) as u64;
        let (first, last) = person(seed, user);
        let user_id = seeded_id("00u", seed, user);
        let login = format!(
            "{}.{}{user}@example.com",
            first.to_lowercase(),
            last.to_lowercase()
        );
        let (city, state, country, lat, lon) = CITIES[pick(seed, index, 12, CITIES.len())];
        let (agent, os, browser) = BROWSERS[pick(seed, index, 13, BROWSERS.len())];
        let failed = legacy.ends_with("failed") || severity == "WARN";
        let ip = format!(
            "203.0.{}.{}",
            pick(seed, index, 14, 256),
            pick(seed, index, 15, 254) + 1
        );
        let request_id = seeded_id("", seed ^ 0x5157, index);
        let session = seeded_id("102", seed ^ 0x5E55, user);
        let place = Place {
            city,
            state,
            country,
        };
        let actor = Actor {
            id: user_id,
            kind: "User",
            alternate_id: login,
            display_name: format!("{first} {last}"),
            detail_entry: None,
        };
        LogEvent {
            target: [actor.clone()],
            actor,
            client: Client {
                user_agent: UserAgent {
                    raw_user_agent: agent,
                    os,
                    browser,
                },
                zone: "null",
                device: "Computer",
                id: None,
                ip_address: ip.clone(),
                geographical_context: Geography {
                    place,
                    postal_code: None,
                    geolocation: Geolocation { lat, lon },
                },
            },
            authentication_context: AuthenticationContext {
                authentication_provider: None,
                credential_provider: None,
                credential_type: None,
                issuer: None,
                interface: None,
                authentication_step: 0,
                external_session_id: session,
            },
            display_message: message,
            event_type,
            outcome: Outcome {
                result: if failed { "FAILURE" } else { "SUCCESS" },
                reason: failed.then_some("INVALID_CREDENTIALS"),
            },
            published: self.published(index).to_rfc3339(),
            security_context: SecurityContext {
                as_number: 64512,
                as_org: "example isp",
                isp: "example isp",
                domain: "example.com",
                is_proxy: false,
            },
            severity,
            debug_context: DebugContext {
                debug_data: DebugData {
                    request_id: request_id.clone(),
                    request_uri: "/idp/idx/identify",
                    url: IdentifyUrl(base_url),
                },
            },
            legacy_event_type: (!legacy.is_empty()).then_some(legacy),
            transaction: Transaction {
                kind: "WEB",
                id: request_id,
                detail: Empty {},
            },
            uuid: uuid(seed, index),
            version: "0",
            request: Request {
                ip_chain: [IpAddress {
                    ip,
                    geographical_context: place,
                    version: "V4",
                    source: None,
                }],
            },
        }
    }
}

/// A System Log event (`LogEvent`), serialized as Okta writes it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct LogEvent<'b> {
    actor: Actor,
    client: Client,
    authentication_context: AuthenticationContext,
    display_message: &'static str,
    event_type: &'static str,
    outcome: Outcome,
    published: String,
    security_context: SecurityContext,
    severity: &'static str,
    debug_context: DebugContext<'b>,
    legacy_event_type: Option<&'static str>,
    transaction: Transaction,
    uuid: String,
    version: &'static str,
    request: Request,
    target: [Actor; 1],
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Actor {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    alternate_id: String,
    display_name: String,
    detail_entry: Option<()>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Client {
    user_agent: UserAgent,
    zone: &'static str,
    device: &'static str,
    id: Option<()>,
    ip_address: String,
    geographical_context: Geography,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct UserAgent {
    raw_user_agent: &'static str,
    os: &'static str,
    browser: &'static str,
}

#[derive(Debug, Clone, Copy, Serialize)]
struct Place {
    city: &'static str,
    state: &'static str,
    country: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Geography {
    #[serde(flatten)]
    place: Place,
    postal_code: Option<()>,
    geolocation: Geolocation,
}

#[derive(Debug, Serialize)]
struct Geolocation {
    lat: f64,
    lon: f64,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct AuthenticationContext {
    authentication_provider: Option<()>,
    credential_provider: Option<()>,
    credential_type: Option<()>,
    issuer: Option<()>,
    interface: Option<()>,
    authentication_step: u32,
    external_session_id: String,
}

#[derive(Debug, Serialize)]
struct Outcome {
    result: &'static str,
    reason: Option<&'static str>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct SecurityContext {
    as_number: u32,
    as_org: &'static str,
    isp: &'static str,
    domain: &'static str,
    is_proxy: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct DebugContext<'b> {
    debug_data: DebugData<'b>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct DebugData<'b> {
    request_id: String,
    request_uri: &'static str,
    url: IdentifyUrl<'b>,
}

/// `{base_url}/idp/idx/identify?`, written without an allocation.
#[derive(Debug)]
struct IdentifyUrl<'b>(&'b str);

impl Serialize for IdentifyUrl<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&format_args!("{}/idp/idx/identify?", self.0))
    }
}

#[derive(Debug, Serialize)]
struct Transaction {
    #[serde(rename = "type")]
    kind: &'static str,
    id: String,
    detail: Empty,
}

#[derive(Debug, Serialize)]
struct Empty {}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Request {
    ip_chain: [IpAddress; 1],
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct IpAddress {
    ip: String,
    geographical_context: Place,
    version: &'static str,
    source: Option<()>,
}

/// A version-4-shaped UUID for `(seed, index)`.
fn uuid(seed: u64, index: u64) -> String {
    let high = mix(seed ^ mix(index ^ 0x0A11));
    let low = mix(high ^ index);
    let high = (high & 0xFFFF_FFFF_FFFF_0FFF) | 0x4000;
    let low = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000;
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        high >> 32,
        (high >> 16) & 0xFFFF,
        high & 0xFFFF,
        low >> 48,
        low & 0xFFFF_FFFF_FFFF
    )
}
