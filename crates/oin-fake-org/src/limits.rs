//! Rate limits as Okta applies them: a per-bucket counter over a 60-second window that
//! starts with the bucket's first request (not aligned to the minute), reported in
//! `X-Rate-Limit-Limit`, `-Remaining` and `-Reset` (epoch seconds) on every response, and an
//! org-wide limit on requests in flight.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::config::RateLimits;
use crate::time::Timestamp;

const WINDOW_MILLIS: i64 = 60_000;

/// What the limiter says about one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Decision {
    pub(crate) limit: u32,
    pub(crate) remaining: u32,
    /// Epoch seconds when the window resets.
    pub(crate) reset: i64,
    pub(crate) allowed: bool,
}

#[derive(Debug, Clone, Copy)]
struct Window {
    start: i64,
    count: u32,
}

/// The org's rate limiter.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    config: RateLimits,
    /// Windows by bucket index, and by bucket index and caller.
    windows: Mutex<HashMap<(usize, Option<String>), Window>>,
    in_flight: AtomicUsize,
}

/// Holds one slot of the concurrency limit until dropped.
#[derive(Debug)]
pub(crate) struct InFlight<'a> {
    limiter: &'a RateLimiter,
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.limiter.in_flight.fetch_sub(1, Ordering::AcqRel);
    }
}

impl RateLimiter {
    pub(crate) fn new(config: RateLimits) -> Self {
        Self {
            config,
            windows: Mutex::new(HashMap::new()),
            in_flight: AtomicUsize::new(0),
        }
    }

    /// Takes a concurrency slot; `Err` with the slot released when the org is at its limit
    /// (and limits are enforced).
    pub(crate) fn enter(&self) -> Result<InFlight<'_>, ()> {
        let before = self.in_flight.fetch_add(1, Ordering::AcqRel);
        let guard = InFlight { limiter: self };
        match self.config.concurrency {
            Some(limit) if self.config.enabled && before >= limit => Err(()),
            _ => Ok(guard),
        }
    }

    /// Counts a request against its bucket and, when the caller is known (a client id or
    /// the API token), against the caller's share of it.
    pub(crate) fn check(
        &self,
        method: &http::Method,
        path: &str,
        now: Timestamp,
        caller: Option<&str>,
    ) -> Decision {
        let (index, limit) = self.bucket(method, path);
        let mut windows = self
            .windows
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let org = current(&mut windows, (index, None), now);
        let share = caller
            .zip(self.config.per_client_percent)
            .map(|(caller, percent)| {
                let ceiling = (limit.saturating_mul(u32::from(percent.min(100))) / 100).max(1);
                (
                    current(&mut windows, (index, Some(caller.to_owned())), now),
                    ceiling,
                )
            });
        let org_left = limit.saturating_sub(org.count);
        let allowed = !self.config.enabled
            || org_left > 0 && share.is_none_or(|(own, ceiling)| own.count < ceiling);
        if allowed {
            bump(&mut windows, (index, None));
            if let Some(caller) = caller.filter(|_| share.is_some()) {
                bump(&mut windows, (index, Some(caller.to_owned())));
            }
        }
        let used = u32::from(allowed);
        match share {
            // The caller's ceiling, and what is left of it (or of the bucket, if less).
            Some((own, ceiling)) => Decision {
                limit: ceiling,
                remaining: ceiling
                    .saturating_sub(own.count + used)
                    .min(org_left.saturating_sub(used)),
                reset: reset_of(if ceiling.saturating_sub(own.count) <= org_left {
                    own
                } else {
                    org
                }),
                allowed,
            },
            None => Decision {
                limit,
                remaining: org_left.saturating_sub(used),
                reset: reset_of(org),
                allowed,
            },
        }
    }

    /// The bucket of a request: its index (the default bucket is `usize::MAX`) and limit.
    fn bucket(&self, method: &http::Method, path: &str) -> (usize, u32) {
        self.config
            .buckets
            .iter()
            .enumerate()
            .find(|(_, bucket)| {
                bucket.method.as_ref().is_none_or(|only| only == method)
                    && path.starts_with(bucket.prefix.as_str())
                    && matches!(
                        path.as_bytes().get(bucket.prefix.len()),
                        None | Some(b'/' | b'?')
                    )
            })
            .map_or(
                (usize::MAX, self.config.default_per_minute),
                |(index, bucket)| (index, bucket.per_minute),
            )
    }
}

/// The window of `key` at `now`, restarted when its minute is over.
fn current(
    windows: &mut HashMap<(usize, Option<String>), Window>,
    key: (usize, Option<String>),
    now: Timestamp,
) -> Window {
    let window = windows.entry(key).or_insert(Window {
        start: now.0,
        count: 0,
    });
    if now.0 >= window.start + WINDOW_MILLIS {
        *window = Window {
            start: now.0,
            count: 0,
        };
    }
    *window
}

fn bump(windows: &mut HashMap<(usize, Option<String>), Window>, key: (usize, Option<String>)) {
    if let Some(window) = windows.get_mut(&key) {
        window.count = window.count.saturating_add(1);
    }
}

/// Epoch seconds when `window` resets.
fn reset_of(window: Window) -> i64 {
    (window.start + WINDOW_MILLIS).div_euclid(1000)
}
