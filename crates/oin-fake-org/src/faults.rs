//! Fault injection: which requests fail, and how, decided from the seed and a per-operation
//! request counter, so the same seed and the same sequence of calls fail the same way.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::config::{FaultKind, Faults};
use crate::ids::mix;

/// The org's fault schedule.
#[derive(Debug)]
pub(crate) struct FaultPlan {
    seed: u64,
    faults: Faults,
    state: Mutex<PlanState>,
}

#[derive(Debug, Default)]
struct PlanState {
    /// Requests seen per operation.
    counters: HashMap<String, u64>,
    /// Remaining 429s of a burst, per operation.
    bursts: HashMap<String, u32>,
    /// Faults injected per rule, for [`FaultRule::at_most`](crate::FaultRule::at_most).
    injected: HashMap<usize, u64>,
}

impl FaultPlan {
    pub(crate) fn new(seed: u64, faults: Faults) -> Self {
        Self {
            seed,
            faults,
            state: Mutex::new(PlanState::default()),
        }
    }

    /// The fault for the next request to `operation_id` (`token` for the token endpoint).
    pub(crate) fn decide(&self, operation_id: &str) -> Option<FaultKind> {
        if self.faults.rules.is_empty() {
            return None;
        }
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(left) = state.bursts.get_mut(operation_id)
            && *left > 0
        {
            *left -= 1;
            return Some(FaultKind::RateLimitBurst(0));
        }
        let counter = state.counters.entry(operation_id.to_owned()).or_default();
        let n = *counter;
        *counter += 1;
        let salt = operation_id
            .bytes()
            .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
                (hash ^ u64::from(byte)).wrapping_mul(0x100_0000_01b3)
            });
        for (index, rule) in self.faults.rules.iter().enumerate() {
            if !rule.operations.is_empty() && !rule.operations.iter().any(|op| op == operation_id) {
                continue;
            }
            let injected = state.injected.get(&index).copied().unwrap_or(0);
            if rule.max_faults.is_some_and(|max| injected >= max) {
                continue;
            }
            let roll = mix(self.seed ^ mix(salt ^ mix(n ^ ((index as u64) << 48))));
            let threshold = (rule.share.clamp(0.0, 1.0) * (1_u64 << 53) as f64) as u64;
            if roll >> 11 < threshold {
                *state.injected.entry(index).or_default() += 1;
                if let FaultKind::RateLimitBurst(length) = rule.kind {
                    state
                        .bursts
                        .insert(operation_id.to_owned(), length.saturating_sub(1));
                }
                return Some(rule.kind);
            }
        }
        None
    }
}
