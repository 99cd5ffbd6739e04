//! The `oin` binary.
fn main() {}
