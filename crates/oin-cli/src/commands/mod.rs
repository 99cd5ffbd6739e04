//! One module per `oin` subcommand.

pub mod scopes;
pub mod tenant;
