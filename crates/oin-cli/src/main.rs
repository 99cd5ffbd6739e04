//! The `oin` binary: see the `oin_cli` library.

fn main() -> std::process::ExitCode {
    oin_cli::main()
}
