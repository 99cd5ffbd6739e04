//! Resolution allocates nothing. A counting global allocator needs a test binary of its own,
//! so this is the one test outside `tests/it`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use oin_scopes::{Catalog, Method};

struct CountingAllocator;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: forwards to the system allocator; the count is a thread-local side effect.
#[allow(unsafe_code, reason = "a global allocator is unsafe to implement")]
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|count| count.set(count.get() + 1));
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: CountingAllocator = CountingAllocator;

#[test]
fn resolving_allocates_nothing() {
    let catalog = Catalog::get();
    let requests: Vec<(Method, String)> = catalog
        .operations()
        .iter()
        .map(|operation| {
            (
                operation.method(),
                operation.path().replace('{', "id-").replace('}', ""),
            )
        })
        .chain([
            (Method::Get, "/api/v1/nothing/here".to_owned()),
            (Method::Patch, "/api/v1/logs".to_owned()),
        ])
        .collect();
    let before = ALLOCATIONS.with(Cell::get);
    let mut found = 0;
    for (method, path) in &requests {
        found += usize::from(catalog.resolve(*method, path).is_some());
    }
    let after = ALLOCATIONS.with(Cell::get);
    assert_eq!(found, catalog.operations().len());
    assert_eq!(
        after - before,
        0,
        "resolve allocated {} times",
        after - before
    );
}
