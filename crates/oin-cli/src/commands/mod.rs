//! One module per `oin` subcommand.

pub mod scopes;
