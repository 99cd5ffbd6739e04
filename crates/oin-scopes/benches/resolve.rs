//! How fast the catalog resolves a request to its operation, on one core.
//!
//! `cargo bench -p oin-scopes --bench resolve` (or `cargo xtask bench`). The inputs are one
//! concrete path per operation of the catalog (parameters filled with realistic ids), so the
//! figure is the average over the whole API, literal-heavy and parameter-heavy paths alike.

use divan::{AllocProfiler, Bencher, black_box};
use oin_scopes::{Catalog, Method};

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

fn main() {
    divan::main();
}

/// One request per catalog operation: the template with each `{param}` replaced by an id.
fn requests() -> Vec<(Method, String)> {
    Catalog::get()
        .operations()
        .iter()
        .map(|operation| {
            let path = operation
                .path()
                .split('/')
                .map(|segment| {
                    if segment.starts_with('{') {
                        "00u1a2b3c4d5e6f7g8h9"
                    } else {
                        segment
                    }
                })
                .collect::<Vec<_>>()
                .join("/");
            (operation.method(), path)
        })
        .collect()
}

/// Resolves every operation's request once per iteration; divan reports the time per
/// iteration, so divide by the number of operations (printed as throughput in items/s).
#[divan::bench]
fn resolve_every_operation(bencher: Bencher<'_, '_>) {
    let catalog = Catalog::get();
    let requests = requests();
    bencher
        .counter(divan::counter::ItemsCount::new(requests.len()))
        .bench(|| {
            for (method, path) in &requests {
                black_box(catalog.resolve(*method, black_box(path)));
            }
        });
}

/// The hot path of a System Log tail: one literal-only path with a query.
#[divan::bench]
fn resolve_logs_poll() -> Option<&'static oin_scopes::Operation> {
    Catalog::get().resolve(
        Method::Get,
        black_box("/api/v1/logs?after=1733300000000_1&limit=1000"),
    )
}

/// A deep path with parameters and backtracking at `/api/v1/groups/rules`.
#[divan::bench]
fn resolve_with_backtracking() -> Option<&'static oin_scopes::Operation> {
    Catalog::get().resolve(Method::Get, black_box("/api/v1/groups/rules/roles/ra1b2c3"))
}

/// An unknown path (the fake org's 404 path).
#[divan::bench]
fn resolve_unknown() -> Option<&'static oin_scopes::Operation> {
    Catalog::get().resolve(
        Method::Get,
        black_box("/api/v1/users/00u1/not-an-operation"),
    )
}
