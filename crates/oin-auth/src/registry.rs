//! The registry of tenants inside a [`TokenProvider`](crate::TokenProvider): per tenant its
//! configuration, its cache slots (one per scope set) and its DPoP nonce, each isolated.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use oin_scopes::ScopeSet;

use crate::cache::Slot;
use crate::{Tenant, TenantId};

/// One tenant's state.
pub(crate) struct Entry {
    tenant: RwLock<Tenant>,
    slots: Mutex<HashMap<ScopeSet, Arc<Slot>>>,
    nonce: Mutex<Option<String>>,
}

impl Entry {
    fn new(tenant: Tenant) -> Self {
        Self {
            tenant: RwLock::new(tenant),
            slots: Mutex::default(),
            nonce: Mutex::default(),
        }
    }

    /// The tenant's current configuration.
    pub(crate) fn tenant(&self) -> Tenant {
        self.tenant
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Replaces the configuration (rotated credentials) and forgets remembered failures.
    pub(crate) fn replace(&self, tenant: Tenant) -> Tenant {
        let old = std::mem::replace(
            &mut *self.tenant.write().unwrap_or_else(PoisonError::into_inner),
            tenant,
        );
        for slot in self
            .slots
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .values()
        {
            slot.forget_failure();
        }
        old
    }

    /// The slot of `scopes`, created on first use.
    pub(crate) fn slot(&self, scopes: &ScopeSet) -> Arc<Slot> {
        let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(slot) = slots.get(scopes) {
            return Arc::clone(slot);
        }
        Arc::clone(slots.entry(scopes.clone()).or_default())
    }

    /// The slot of `scopes`, if one exists.
    pub(crate) fn existing_slot(&self, scopes: &ScopeSet) -> Option<Arc<Slot>> {
        self.slots
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(scopes)
            .cloned()
    }

    pub(crate) fn nonce(&self) -> Option<String> {
        self.nonce
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    pub(crate) fn set_nonce(&self, nonce: String) {
        *self.nonce.lock().unwrap_or_else(PoisonError::into_inner) = Some(nonce);
    }
}

/// The tenants.
#[derive(Default)]
pub(crate) struct Registry {
    tenants: RwLock<HashMap<TenantId, Arc<Entry>>>,
}

impl Registry {
    pub(crate) fn get(&self, id: &TenantId) -> Option<Arc<Entry>> {
        self.tenants
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(id)
            .cloned()
    }

    /// Adds or replaces a tenant; a replaced tenant's tokens and nonce are dropped.
    pub(crate) fn insert(&self, tenant: Tenant) -> Option<Tenant> {
        let id = tenant.id().clone();
        let entry = Arc::new(Entry::new(tenant));
        self.tenants
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(id, entry)
            .map(|old| old.tenant())
    }

    pub(crate) fn remove(&self, id: &TenantId) -> Option<Tenant> {
        self.tenants
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(id)
            .map(|old| old.tenant())
    }

    pub(crate) fn len(&self) -> usize {
        self.tenants
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    pub(crate) fn ids(&self) -> Vec<TenantId> {
        let mut ids: Vec<TenantId> = self
            .tenants
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .keys()
            .cloned()
            .collect();
        ids.sort();
        ids
    }
}
