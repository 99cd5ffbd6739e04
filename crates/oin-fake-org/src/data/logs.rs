//! System Log events generated on demand: event `i` is a pure function of the seed and `i`,
//! so millions of events cost no memory. The initial events are spread evenly over a span
//! ending at the org's start; [`LogStore::append`] adds batches published later, for
//! polling clients to find. Publication times never decrease with the index, so a time
//! bound is a binary search.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Value, json};

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
    pub(crate) fn event(&self, index: u64, base_url: &str) -> Value {
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
        let uuid = uuid(seed, index);
        let session = seeded_id("102", seed ^ 0x5E55, user);
        json!({
            "actor": {
                "id": user_id,
                "type": "User",
                "alternateId": login,
                "displayName": format!("{first} {last}"),
                "detailEntry": null
            },
            "client": {
                "userAgent": { "rawUserAgent": agent, "os": os, "browser": browser },
                "zone": "null",
                "device": "Computer",
                "id": null,
                "ipAddress": ip,
                "geographicalContext": {
                    "city": city, "state": state, "country": country, "postalCode": null,
                    "geolocation": { "lat": lat, "lon": lon }
                }
            },
            "device": null,
            "authenticationContext": {
                "authenticationProvider": null,
                "credentialProvider": null,
                "credentialType": null,
                "issuer": null,
                "interface": null,
                "authenticationStep": 0,
                "rootSessionId": session,
                "externalSessionId": session
            },
            "displayMessage": message,
            "eventType": event_type,
            "outcome": {
                "result": if failed { "FAILURE" } else { "SUCCESS" },
                "reason": if failed { Value::from("INVALID_CREDENTIALS") } else { Value::Null }
            },
            "published": self.published(index).to_rfc3339(),
            "securityContext": { "asNumber": 64512, "asOrg": "example isp", "isp": "example isp", "domain": "example.com", "isProxy": false },
            "severity": severity,
            "debugContext": { "debugData": { "requestId": request_id, "requestUri": "/idp/idx/identify", "url": format!("{base_url}/idp/idx/identify?") } },
            "legacyEventType": if legacy.is_empty() { Value::Null } else { Value::from(legacy) },
            "transaction": { "type": "WEB", "id": request_id, "detail": {} },
            "uuid": uuid,
            "version": "0",
            "request": { "ipChain": [ { "ip": ip, "geographicalContext": { "city": city, "state": state, "country": country }, "version": "V4", "source": null } ] },
            "target": [ {
                "id": user_id,
                "type": "User",
                "alternateId": login,
                "displayName": format!("{first} {last}"),
                "detailEntry": null
            } ]
        })
    }
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
