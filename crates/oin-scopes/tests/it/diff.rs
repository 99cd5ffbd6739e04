//! The scope gate: each base/head pair under `fixtures/manifests/diff/`.

use oin_scopes::manifest::{ChangeKind, ScopeDiff, diff, lint_source};

use crate::common::{findings, fixtures, lint, relative};

/// Diffs a case's base and head, and snapshots the changes and findings.
fn check(case: &str) -> ScopeDiff {
    let folder = fixtures().join("diff").join(case);
    let base = lint(&folder.join("base.toml"));
    let head = lint(&folder.join("head.toml"));
    assert!(
        base.diagnostics.is_empty(),
        "{case} base: {:#?}",
        base.diagnostics
    );
    assert!(
        head.diagnostics.is_empty(),
        "{case} head: {:#?}",
        head.diagnostics
    );
    let gate = diff(base.manifest.as_ref().unwrap(), &head);
    let changes = serde_json::to_value(gate.changes()).unwrap();
    let mut changes = changes.as_array().cloned().unwrap_or_default();
    for change in &mut changes {
        if let Some(location) = change.get_mut("location") {
            let path = location["path"].as_str().unwrap_or_default().to_owned();
            location["path"] = relative(std::path::Path::new(&path)).into();
        }
    }
    insta::with_settings!({
        description => relative(&folder),
        omit_expression => true,
        prepend_module_to_snapshot => false,
        snapshot_suffix => case,
    }, {
        insta::assert_json_snapshot!("diff", serde_json::json!({
            "failure": gate.is_failure(),
            "changes": changes,
            "diagnostics": findings(&gate.diagnostics()),
        }));
    });
    gate
}

#[test]
fn an_unacknowledged_widening_fails() {
    let gate = check("widening-unacknowledged");
    assert!(gate.is_failure());
    let [change] = gate.changes() else {
        panic!("{:?}", gate.changes())
    };
    assert_eq!(change.scope.as_str(), "okta.users.manage");
    assert!(
        matches!(&change.kind, ChangeKind::Widened { from } if from.as_str() == "okta.users.read")
    );
    assert_eq!(change.acknowledged, None);
}

#[test]
fn an_acknowledged_widening_passes() {
    let gate = check("widening-acknowledged");
    assert!(!gate.is_failure());
    assert!(gate.diagnostics().iter().all(|d| !d.is_error()));
    assert_eq!(
        gate.changes()[0].acknowledged.as_deref(),
        Some("Deactivating flagged users is the new auto-remediation feature of version 3.")
    );
}

#[test]
fn an_unacknowledged_addition_fails() {
    let gate = check("addition-unacknowledged");
    assert!(gate.is_failure());
    assert_eq!(gate.changes()[0].kind, ChangeKind::Added);
}

#[test]
fn an_acknowledged_addition_passes() {
    assert!(!check("addition-acknowledged").is_failure());
}

#[test]
fn a_removal_passes_with_a_note() {
    let gate = check("removal");
    assert!(!gate.is_failure());
    assert_eq!(gate.changes()[0].kind, ChangeKind::Removed);
    assert_eq!(gate.diagnostics()[0].code.as_str(), "OIN403");
}

#[test]
fn a_narrowing_passes_with_a_note() {
    let gate = check("narrowing");
    assert!(!gate.is_failure());
    assert_eq!(
        gate.changes().len(),
        1,
        "one narrowing, not a removal and an addition"
    );
    assert!(
        matches!(&gate.changes()[0].kind, ChangeKind::Narrowed { from } if from.as_str() == "okta.users.manage")
    );
}

#[test]
fn a_changed_reason_is_noted() {
    let gate = check("reason-changed");
    assert!(!gate.is_failure());
    assert!(matches!(
        &gate.changes()[0].kind,
        ChangeKind::ReasonChanged {
            before: Some(_),
            after: Some(_)
        }
    ));
}

#[test]
fn the_same_scopes_in_another_order_are_no_change() {
    let gate = check("unchanged");
    assert!(gate.changes().is_empty());
    assert!(gate.diagnostics().is_empty());
    assert!(!gate.is_failure());
}

#[test]
fn one_unacknowledged_change_fails_the_gate() {
    let gate = check("mixed");
    assert!(gate.is_failure());
    let errors: Vec<_> = gate
        .diagnostics()
        .into_iter()
        .filter(|d| d.is_error())
        .collect();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code.as_str(), "OIN401");
    assert_eq!(errors[0].location.as_ref().map(|l| l.line), Some(22));
}

#[test]
fn a_head_that_cannot_be_read_fails() {
    let base = lint(&fixtures().join("diff/removal/base.toml"));
    let head = lint_source("[integration\n", std::path::Path::new("oin.toml"));
    let gate = diff(base.manifest.as_ref().unwrap(), &head);
    assert!(gate.is_failure());
    assert!(gate.changes().is_empty());
    assert_eq!(gate.diagnostics()[0].code.as_str(), "OIN406");
}

#[test]
fn a_blank_acknowledgement_acknowledges_nothing() {
    let base = lint(&fixtures().join("diff/addition-unacknowledged/base.toml"));
    let text = std::fs::read_to_string(fixtures().join("diff/addition-unacknowledged/head.toml"))
        .unwrap()
        .replace(
            "reason = \"Reads groups to filter events by team.\"",
            "reason = \"Reads groups to filter events by team.\"\nacknowledge = \"  \"",
        );
    let head = lint_source(
        &text,
        &fixtures().join("diff/addition-unacknowledged/head.toml"),
    );
    let gate = diff(base.manifest.as_ref().unwrap(), &head);
    assert!(gate.is_failure());
    assert_eq!(gate.changes()[0].acknowledged, None);
}
