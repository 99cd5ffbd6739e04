//! The `oin.toml` manifest of an OIN API service integration: its model and JSON Schema.

mod model;

pub use model::{
    Conformance, Contact, ContactKind, Integration, Manifest, RequestedScope, Support,
    TenantSetting, TestAccount, schema, schema_json,
};
