//! One cache slot per (tenant, scope set): the current token, and the single-flight state that
//! lets exactly one task request a new token while the others wait for its outcome.

use std::sync::{PoisonError, RwLock};
use std::time::{Duration, Instant};

use crate::{AccessToken, TokenError};

struct Failure {
    attempt: u64,
    error: TokenError,
    until: Instant,
}

#[derive(Default)]
struct State {
    token: Option<AccessToken>,
    /// How many requests were started.
    attempts: u64,
    /// The last failed attempt, its error (shared with the tasks that waited for it) and
    /// until when it is remembered for tasks that come later.
    failure: Option<Failure>,
}

/// A cache slot.
#[derive(Default)]
pub(crate) struct Slot {
    state: RwLock<State>,
    /// Held by the one task requesting a token; the others wait here.
    fetch: tokio::sync::Mutex<()>,
}

/// What a waiting task finds once it holds the fetch lock.
pub(crate) enum Turn {
    /// A fresh token arrived meanwhile.
    Token(AccessToken),
    /// The request it waited for failed: the same error, without another request.
    Failed(TokenError),
    /// Its turn to request: the attempt number to report back.
    Fetch(u64),
}

impl Slot {
    /// A token still fresh `margin` from now.
    pub(crate) fn fresh(&self, margin: Duration) -> Option<AccessToken> {
        let state = self.state.read().unwrap_or_else(PoisonError::into_inner);
        state
            .token
            .as_ref()
            .filter(|token| token.is_fresh_at(Instant::now(), margin))
            .cloned()
    }

    /// The number of attempts started so far.
    pub(crate) fn attempts(&self) -> u64 {
        self.state
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .attempts
    }

    /// The fetch lock.
    pub(crate) fn fetch_lock(&self) -> &tokio::sync::Mutex<()> {
        &self.fetch
    }

    /// Decides, under the fetch lock, what a task that saw `seen` attempts does now.
    pub(crate) fn turn(&self, seen: u64, margin: Duration) -> Turn {
        let mut state = self.state.write().unwrap_or_else(PoisonError::into_inner);
        if let Some(token) = state
            .token
            .as_ref()
            .filter(|token| token.is_fresh_at(Instant::now(), margin))
        {
            return Turn::Token(token.clone());
        }
        if let Some(failure) = &state.failure {
            let latest = failure.attempt == state.attempts;
            if latest && (failure.attempt > seen || Instant::now() < failure.until) {
                return Turn::Failed(failure.error.clone());
            }
        }
        state.attempts += 1;
        Turn::Fetch(state.attempts)
    }

    /// Records the outcome of attempt `attempt`; a failure is remembered for `memory` (for a
    /// 429, until the `retry_after` Okta gave, if longer).
    pub(crate) fn finish(
        &self,
        attempt: u64,
        outcome: &Result<AccessToken, TokenError>,
        memory: Duration,
    ) {
        let mut state = self.state.write().unwrap_or_else(PoisonError::into_inner);
        match outcome {
            Ok(token) => {
                state.token = Some(token.clone());
                state.failure = None;
            }
            Err(error) => {
                let memory = match error {
                    TokenError::RateLimited {
                        retry_after: Some(wait),
                        ..
                    } => memory.max((*wait).min(Duration::from_secs(300))),
                    _ => memory,
                };
                state.failure = Some(Failure {
                    attempt,
                    error: error.clone(),
                    until: Instant::now() + memory,
                });
            }
        }
    }

    /// Forgets a remembered failure (the credentials changed).
    pub(crate) fn forget_failure(&self) {
        self.state
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .failure = None;
    }

    /// Drops the cached token, or only `token` if given and still cached; and any remembered
    /// failure.
    pub(crate) fn invalidate(&self, token: Option<&AccessToken>) -> bool {
        let mut state = self.state.write().unwrap_or_else(PoisonError::into_inner);
        state.failure = None;
        let matches = match (&state.token, token) {
            (Some(cached), Some(token)) => cached.same_as(token),
            (Some(_), None) => true,
            (None, _) => false,
        };
        if matches {
            state.token = None;
        }
        matches
    }
}
