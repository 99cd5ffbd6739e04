//! Okta management API scopes for OIN API service integrations: the [`Scope`] and
//! [`ScopeSet`] types with Okta's rule that a `.manage` scope includes its `.read` scope, the
//! operation [`Catalog`] generated from Okta's pinned OpenAPI spec (which operation a request
//! calls, and which scopes it needs), and — with the default `manifest` feature — the
//! `oin.toml` manifest of an integration: its model, JSON Schema, lints and diff.
//!
//! This crate does no I/O beyond reading a manifest and its logo, no HTTP and no async.
//!
//! # Which scope does a call need?
//!
//! ```
//! use oin_scopes::{Catalog, Method, ScopeSet};
//!
//! let catalog = Catalog::get();
//! let logs = catalog.resolve(Method::Get, "/api/v1/logs?since=2026-01-01T00:00:00Z").unwrap();
//! assert_eq!(logs.operation_id(), "listLogEvents");
//! assert_eq!(logs.scopes()[0].as_str(), "okta.logs.read");
//!
//! // The least privileged set of scopes for what an integration calls:
//! let calls = [
//!     catalog.resolve(Method::Get, "/api/v1/users").unwrap(),
//!     catalog.resolve(Method::Post, "/api/v1/users/00u1/lifecycle/deactivate").unwrap(),
//!     logs,
//! ];
//! assert_eq!(ScopeSet::covering(calls).to_string(), "okta.logs.read okta.users.manage");
//! ```

pub mod catalog;
#[cfg(feature = "manifest")]
pub mod manifest;
mod scope;
mod scope_set;
mod suggest;

pub use catalog::{Catalog, Lifecycle, Method, Operation, Origin};
pub use scope::{Access, Scope, ScopeError};
pub use scope_set::ScopeSet;
