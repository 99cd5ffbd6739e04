//! One module per `oin` subcommand.

pub mod fake_org;
pub mod scopes;
pub mod tenant;
