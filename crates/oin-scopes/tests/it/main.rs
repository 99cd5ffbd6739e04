//! The integration tests of oin-scopes: one binary, one module per concern.

mod common;
mod diff;
mod docs;
mod lint;
mod logo;
mod oracle;
