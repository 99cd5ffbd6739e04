//! The `oin` command-line tool.
