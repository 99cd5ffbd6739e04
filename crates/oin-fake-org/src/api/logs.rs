//! `GET /api/v1/logs` (listLogEvents): bounded queries (`until` set) ordered by `published`
//! with a `next` link while events remain; polling queries (`until` unset,
//! `sortOrder=ASCENDING`) whose `next` link is always present, so a client can keep
//! following it to find new events; `since` (at most 180 days back), `after` (opaque
//! cursor), `limit` (default 100,
//! at most 1000), `sortOrder`, `filter` and `q`.

use std::time::Duration;

use axum::response::Response;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::{Call, list_response_bytes};
use crate::data::filter::Filter;
use crate::data::logs::LogEvent;
use crate::errors::api;
use crate::time::Timestamp;

/// How far back `since` may reach (Okta answers E0000053 beyond it).
const MAX_SINCE_AGE: Duration = Duration::from_secs(180 * 86_400);

/// How many events one request examines at most when a filter skips many.
const MAX_SCAN: u64 = 200_000;

pub(crate) fn list(call: &Call<'_>) -> Response {
    match query(call) {
        Ok(response) | Err(response) => response,
    }
}

fn query(call: &Call<'_>) -> Result<Response, Response> {
    let logs = &call.org.data.logs;
    let limit = call.limit(100, 1000)? as u64;
    let descending = match call.query("sortOrder") {
        None | Some("ASCENDING") => false,
        Some("DESCENDING") => true,
        Some(_) => {
            return Err(api::VALIDATION
                .response("sortOrder", &["sortOrder: must be ASCENDING or DESCENDING"]));
        }
    };
    let time = |name: &str| -> Result<Option<Timestamp>, Response> {
        call.query(name)
            .map(|text| {
                Timestamp::parse_rfc3339(text).ok_or_else(|| {
                    api::VALIDATION
                        .response(name, &[&format!("{name}: must be an ISO 8601 date-time")])
                })
            })
            .transpose()
    };
    let since = time("since")?;
    let until = time("until")?;
    let filter = call
        .query("filter")
        .map(|text| Filter::parse(text).ok_or_else(|| api::INVALID_FILTER.response("", &[])))
        .transpose()?;
    let keywords: Vec<String> = call
        .query("q")
        .map(|q| q.split_whitespace().map(str::to_lowercase).collect())
        .unwrap_or_default();
    if keywords.len() > 10 || keywords.iter().any(|keyword| keyword.chars().count() > 40) {
        return Err(
            api::VALIDATION.response("q", &["q: at most 10 keywords of at most 40 characters"])
        );
    }
    let after = call
        .query("after")
        .map(|cursor| {
            decode_cursor(cursor)
                .ok_or_else(|| api::VALIDATION.response("after", &["after: invalid cursor"]))
        })
        .transpose()?;

    let now = call.org.clock.now();
    if since.is_some_and(|since| since < now.minus(MAX_SINCE_AGE)) {
        return Err(api::INVALID_FILTER.response("", &["since: must be within the last 180 days"]));
    }
    let len = logs.len();
    let polling = until.is_none() && !descending;
    let since =
        since.unwrap_or_else(|| until.unwrap_or(now).minus(Duration::from_secs(7 * 86_400)));
    let low = logs.first_at_or_after(since, len);
    let high = until.map_or(len, |until| logs.first_at_or_after(until, len));

    let base_url = &call.org.base_url;
    let matches = |event: &LogEvent<'_>| {
        filter.as_ref().is_none_or(|filter| {
            serde_json::to_value(event).is_ok_and(|value| filter.matches(&value))
        }) && (keywords.is_empty()
            || serde_json::to_string(event).is_ok_and(|text| {
                let text = text.to_lowercase();
                keywords
                    .iter()
                    .all(|keyword| text.contains(keyword.as_str()))
            }))
    };
    let mut events = Vec::new();
    let (cursor, more) = if descending {
        let mut next = after.unwrap_or(high).min(high);
        let stop = low.max(next.saturating_sub(MAX_SCAN));
        while next > stop && (events.len() as u64) < limit {
            next -= 1;
            let event = logs.event(next, base_url);
            if matches(&event) {
                events.push(event);
            }
        }
        (next, next > low)
    } else {
        let mut next = after.unwrap_or(low);
        let stop = high.min(next.saturating_add(MAX_SCAN));
        while next < stop && (events.len() as u64) < limit {
            let event = logs.event(next, base_url);
            if matches(&event) {
                events.push(event);
            }
            next += 1;
        }
        (next, polling || next < high)
    };

    let mut query: Vec<(&str, String)> = call
        .query
        .iter()
        .filter(|(key, _)| key.as_str() != "after")
        .map(|(key, value)| (key.as_str(), value.clone()))
        .collect();
    let self_link = call.link(
        "/api/v1/logs",
        &call
            .query
            .iter()
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect::<Vec<_>>(),
    );
    let next_link = more.then(|| {
        query.retain(|(key, _)| *key != "since");
        if !query.iter().any(|(key, _)| *key == "limit") {
            query.push(("limit", limit.to_string()));
        }
        query.push(("after", encode_cursor(cursor)));
        call.link("/api/v1/logs", &query)
    });
    let body = serde_json::to_vec(&events).map_err(|_| api::INTERNAL.response("", &[]))?;
    Ok(list_response_bytes(body, &self_link, next_link.as_deref()))
}

/// An opaque cursor for the event index where the next page starts.
fn encode_cursor(index: u64) -> String {
    URL_SAFE_NO_PAD.encode(format!("e{index:x}"))
}

fn decode_cursor(cursor: &str) -> Option<u64> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).ok()?;
    let text = std::str::from_utf8(&bytes).ok()?;
    u64::from_str_radix(text.strip_prefix('e')?, 16).ok()
}
