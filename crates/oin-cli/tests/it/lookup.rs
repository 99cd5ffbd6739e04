//! `oin scopes for` and `oin scopes explain`.

use crate::oin;

#[test]
fn the_system_log_needs_okta_logs_read() {
    let run = oin(&["scopes", "for", "GET", "/api/v1/logs"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("listLogEvents"), "{}", run.stdout);
    assert!(
        run.stdout.contains("needs: okta.logs.read"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_url_with_a_query_and_json_output() {
    let run = oin(&[
        "scopes",
        "for",
        "delete",
        "https://acme.okta.com/api/v1/groups/00g1/users/00u1?x=1",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    let answer: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(answer["operation_id"], "unassignUserFromGroup");
    assert_eq!(answer["scopes"], serde_json::json!(["okta.groups.manage"]));
}

#[test]
fn unknown_paths_and_methods_are_usage_errors() {
    let run = oin(&["scopes", "for", "GET", "/api/v1/nothing"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("no operation of the Okta management API has the path `/api/v1/nothing`"),
        "{}",
        run.stderr
    );
    let run = oin(&["scopes", "for", "PATCH", "/api/v1/logs"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("has no PATCH operation; it has GET"),
        "{}",
        run.stderr
    );
    let run = oin(&["scopes", "for", "TRACE", "/api/v1/logs"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("`TRACE` is not a method"),
        "{}",
        run.stderr
    );
}

#[test]
fn explain_lists_what_a_scope_grants() {
    let run = oin(&["scopes", "explain", "okta.logs.read"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.contains("1 operation(s) it grants on its own:"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("/api/v1/logs (listLogEvents)"),
        "{}",
        run.stdout
    );

    let run = oin(&["scopes", "explain", "okta.groups.read", "--format", "json"]);
    let explanation: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(explanation["included_in"], "okta.groups.manage");
    let partly = explanation["with_other_scopes"].as_array().unwrap();
    assert!(
        partly
            .iter()
            .all(|operation| operation["scopes"].as_array().unwrap().len() == 2),
        "{partly:?}"
    );
}

#[test]
fn explain_suggests_a_known_scope() {
    let run = oin(&["scopes", "explain", "okta.user.read"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `okta.users.read`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn answers_have_no_github_format() {
    let run = oin(&["scopes", "for", "GET", "/api/v1/logs", "--format", "github"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("invalid value 'github'"),
        "{}",
        run.stderr
    );
}
