//! Tests of the catalog: its size, the resolution rules, and — when Okta's pinned specs are
//! beside the workspace — agreement with the operation table extracted from them.

use super::*;
use crate::ScopeSet;

fn resolve(method: Method, path: &str) -> Option<&'static str> {
    Catalog::get()
        .resolve(method, path)
        .map(Operation::operation_id)
}

#[test]
fn holds_every_operation_of_both_specs() {
    let catalog = Catalog::get();
    let count = |origin| {
        catalog
            .operations()
            .iter()
            .filter(|operation| operation.origin() == origin)
            .count()
    };
    assert_eq!(count(Origin::Management), 732);
    assert_eq!(count(Origin::OinSubmissions), 24);
    let management_scopes: ScopeSet = catalog
        .operations()
        .iter()
        .filter(|operation| operation.origin() == Origin::Management)
        .flat_map(|operation| operation.scopes().iter().cloned())
        .collect();
    assert_eq!(management_scopes.len(), 109);
    assert!(
        catalog
            .specs()
            .iter()
            .any(|spec| spec.version == "2026.06.3" && spec.sha256.len() == 64)
    );
}

#[test]
fn operation_ids_are_unique_and_found() {
    let catalog = Catalog::get();
    for operation in catalog.operations() {
        assert_eq!(
            catalog.operation(operation.operation_id()),
            Some(operation),
            "{operation}"
        );
    }
}

#[test]
fn every_template_resolves_to_itself() {
    for operation in Catalog::get().operations() {
        let path = operation.path().replace('{', "x").replace('}', "");
        let found = Catalog::get().resolve(operation.method(), &path);
        // A template with a parameter where another has a literal resolves to the literal
        // one only if the made-up value equals that literal, which `x…` never does.
        assert_eq!(found, Some(operation), "{} {path}", operation.method());
    }
}

#[test]
fn literal_segments_win_over_parameters() {
    assert_eq!(
        resolve(Method::Get, "/api/v1/users/00u1abc/groups"),
        Some("listUserGroups")
    );
    assert_eq!(
        resolve(Method::Get, "/api/v1/groups/rules"),
        Some("listGroupRules")
    );
    assert_eq!(
        resolve(Method::Get, "/api/v1/groups/00g1"),
        Some("getGroup")
    );
    assert_eq!(
        resolve(
            Method::Get,
            "/api/v1/logs?since=2026-01-01T00:00:00Z&limit=5"
        ),
        Some("listLogEvents")
    );
}

#[test]
fn falls_back_to_a_parameter_when_the_literal_branch_leads_nowhere() {
    // `rules` is a literal under /api/v1/groups, and `rules/{groupRuleId}` takes `roles`,
    // but nothing under it takes `r1`: the group whose id is `rules` must still match.
    assert_eq!(
        resolve(Method::Get, "/api/v1/groups/rules/roles/r1"),
        Some("getGroupAssignedRole")
    );
    // Where the literal branch does lead somewhere, it wins: `users` is a group rule's id.
    assert_eq!(
        resolve(Method::Get, "/api/v1/groups/rules/users"),
        Some("getGroupRule")
    );
}

#[test]
fn unknown_paths_methods_and_malformed_input() {
    let catalog = Catalog::get();
    assert!(matches!(
        catalog.lookup(Method::Get, "/api/v1/nothing-here"),
        Lookup::NotFound
    ));
    assert!(matches!(
        catalog.lookup(Method::Get, "api/v1/logs"),
        Lookup::NotFound
    ));
    assert!(matches!(
        catalog.lookup(Method::Get, "/api/v1/users//groups"),
        Lookup::NotFound
    ));
    assert!(matches!(catalog.lookup(Method::Get, ""), Lookup::NotFound));
    match catalog.lookup(Method::Patch, "/api/v1/logs") {
        Lookup::MethodNotAllowed { allowed } => assert_eq!(allowed, vec![Method::Get]),
        other => panic!("expected MethodNotAllowed, got {other:?}"),
    }
}

#[test]
fn path_parameters_are_extracted() {
    let Lookup::Found(found) =
        Catalog::get().lookup(Method::Delete, "/api/v1/groups/00g1/users/00u2?x=1")
    else {
        panic!("unassignUserFromGroup not found");
    };
    assert_eq!(found.operation().operation_id(), "unassignUserFromGroup");
    assert_eq!(
        found.params().collect::<Vec<_>>(),
        vec![("groupId", "00g1"), ("userId", "00u2")]
    );
    assert_eq!(found.param("userId"), Some("00u2"));
    assert_eq!(found.param("nope"), None);
}

#[test]
fn scopes_are_declared_and_described() {
    let catalog = Catalog::get();
    let logs = catalog
        .scope("okta.logs.read")
        .expect("okta.logs.read is declared");
    assert!(!logs.description().is_empty());
    for operation in catalog.operations() {
        for scope in operation.scopes() {
            assert!(
                catalog.is_known_scope(scope),
                "{scope} of {operation} is not in the scope list"
            );
        }
    }
    assert_eq!(
        catalog
            .suggest_scope("okta.user.read")
            .map(|info| info.scope().as_str()),
        Some("okta.users.read")
    );
    assert_eq!(
        catalog
            .suggest_scope("okta.logs.reed")
            .map(|info| info.scope().as_str()),
        Some("okta.logs.read")
    );
    assert_eq!(catalog.suggest_scope("payroll.export"), None);
    assert_eq!(
        catalog
            .suggest_scope("okta.logs.manage")
            .map(|info| info.scope().as_str()),
        Some("okta.logs.read")
    );
    let manage = Scope::parse("okta.users.manage").unwrap();
    assert_eq!(
        catalog
            .counterpart(&manage)
            .map(|info| info.scope().as_str()),
        Some("okta.users.read")
    );
    assert_eq!(
        catalog.counterpart(&Scope::parse("okta.logs.read").unwrap()),
        None
    );
}

#[test]
fn submissions_operations_are_marked() {
    let operation = Catalog::get()
        .resolve(Method::Post, "/integrations/api/v1/submissions/0oa1/submit")
        .unwrap();
    assert_eq!(operation.origin(), Origin::OinSubmissions);
    assert_eq!(operation.lifecycle(), Some(Lifecycle::ProductDev));
    assert_eq!(operation.scopes()[0].as_str(), "okta.manifests.manage");
}

/// When Okta's specs are beside the workspace, the catalog must agree row by row with the
/// operation table extracted from them (`scopes-extended.tsv` and `scopes-dev.tsv`).
#[test]
fn agrees_with_the_extracted_operation_tables() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/okta");
    let dir = std::env::var_os("OIN_OKTA_SPECS").map_or(dir, std::path::PathBuf::from);
    let (Ok(extended), Ok(dev)) = (
        std::fs::read_to_string(dir.join("scopes-extended.tsv")),
        std::fs::read_to_string(dir.join("scopes-dev.tsv")),
    ) else {
        eprintln!(
            "note: Okta's operation tables are not at {}; the catalog's size checks still ran",
            dir.display()
        );
        return;
    };
    let catalog = Catalog::get();
    let mut rows = 0;
    for line in extended.lines().skip(1) {
        let columns: Vec<&str> = line.split('\t').collect();
        let [
            method,
            path,
            operation_id,
            tag,
            scopes,
            _auth,
            lifecycle,
            _no_scope,
            deprecated,
        ] = columns[..]
        else {
            panic!("unexpected row {line:?}");
        };
        let operation = catalog
            .operation(operation_id)
            .unwrap_or_else(|| panic!("{operation_id} is missing"));
        assert_eq!(operation.method().as_str(), method, "{operation_id}");
        assert_eq!(operation.path(), path, "{operation_id}");
        assert_eq!(operation.tag(), tag, "{operation_id}");
        let expected: Vec<&str> = scopes
            .split(',')
            .filter(|scope| !scope.is_empty())
            .collect();
        let mut actual: Vec<&str> = operation.scopes().iter().map(Scope::as_str).collect();
        let mut expected_sorted = expected.clone();
        actual.sort_unstable();
        expected_sorted.sort_unstable();
        assert_eq!(actual, expected_sorted, "{operation_id}");
        assert_eq!(
            operation.lifecycle().map_or("", Lifecycle::as_str),
            lifecycle,
            "{operation_id}"
        );
        assert_eq!(
            operation.is_deprecated(),
            deprecated == "true",
            "{operation_id}"
        );
        rows += 1;
    }
    assert_eq!(rows, 732);
    let submissions = dev
        .lines()
        .filter(|line| line.contains("\tYourOinIntegrations\t"))
        .count();
    assert_eq!(submissions, 24);
}
