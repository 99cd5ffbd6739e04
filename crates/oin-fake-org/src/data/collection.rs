//! [`Collection`]: objects in creation order, found by id, paged with Okta's `after`
//! cursor (the id of the last object of the previous page).

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

/// Objects with an `id`, in creation order.
#[derive(Debug, Default)]
pub(crate) struct Collection {
    items: BTreeMap<u64, Value>,
    by_id: HashMap<String, u64>,
    next: u64,
}

/// One page of a listing.
#[derive(Debug)]
pub(crate) struct Page {
    pub(crate) items: Vec<Value>,
    /// The `after` cursor of the next page, when there is one.
    pub(crate) next_after: Option<String>,
}

impl Collection {
    /// Adds an object at the end; it must have a string `id`.
    pub(crate) fn push(&mut self, item: Value) {
        let Some(id) = item.get("id").and_then(Value::as_str).map(str::to_owned) else {
            return;
        };
        let seq = self.next;
        self.next += 1;
        self.by_id.insert(id, seq);
        self.items.insert(seq, item);
    }

    pub(crate) fn get(&self, id: &str) -> Option<&Value> {
        self.by_id.get(id).and_then(|seq| self.items.get(seq))
    }

    pub(crate) fn get_mut(&mut self, id: &str) -> Option<&mut Value> {
        let seq = self.by_id.get(id)?;
        self.items.get_mut(seq)
    }

    pub(crate) fn remove(&mut self, id: &str) -> Option<Value> {
        let seq = self.by_id.remove(id)?;
        self.items.remove(&seq)
    }

    pub(crate) fn values(&self) -> impl Iterator<Item = &Value> {
        self.items.values()
    }

    /// Up to `limit` objects after the one with id `after` (from the start when `None`)
    /// that satisfy `keep`. An unknown cursor starts past the end (an empty page).
    pub(crate) fn page(
        &self,
        after: Option<&str>,
        limit: usize,
        keep: impl Fn(&Value) -> bool,
    ) -> Page {
        let start = match after {
            None => 0,
            Some(after) => match self.by_id.get(after) {
                Some(seq) => seq + 1,
                None => u64::MAX,
            },
        };
        let mut items = Vec::new();
        let mut more = false;
        for item in self
            .items
            .range(start..)
            .map(|(_, item)| item)
            .filter(|item| keep(item))
        {
            if items.len() == limit {
                more = true;
                break;
            }
            items.push(item.clone());
        }
        let next_after = if more && limit > 0 {
            items
                .last()
                .and_then(|item| item.get("id"))
                .and_then(Value::as_str)
                .map(str::to_owned)
        } else {
            None
        };
        Page { items, next_after }
    }
}
