//! The error texts the org answers with, compared with Okta's own catalogues in
//! `../shared/okta` (skipped, with a note, when the shared inputs are not beside the
//! checkout).

use std::path::PathBuf;

use oin_fake_org::errors::{api, oauth};
use serde_json::Value;

fn shared(name: &str) -> Option<Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/okta")
        .join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(serde_json::from_str(&text).expect("a JSON catalogue")),
        Err(_) => {
            eprintln!(
                "note: {} is not present; the catalogue comparison is skipped",
                path.display()
            );
            None
        }
    }
}

/// Okta's catalogue writes its placeholders as `en` or `{0}`; ours as `{}`.
fn same_text(ours: &str, theirs: &str) -> bool {
    let normalize = |text: &str| text.replace("[en]", "[{}]").replace("{0}", "{}");
    normalize(ours) == normalize(theirs)
}

#[test]
fn oauth_errors_match_oktas_catalogue() {
    let Some(catalogue) = shared("oauth2-error-codes.json") else {
        return;
    };
    let entries = catalogue["errors"].as_array().expect("errors");
    for code in oauth::ALL {
        let entry = entries
            .iter()
            .find(|entry| entry["internalErrorCode"] == code.internal)
            .unwrap_or_else(|| panic!("{} is in Okta's catalogue", code.internal));
        assert_eq!(entry["statusCode"], code.status, "{}", code.internal);
        assert_eq!(entry["errorCode"], code.error, "{}", code.internal);
        let theirs = entry["errorDescription"].as_str().unwrap();
        assert!(
            same_text(code.description, theirs),
            "{}: ours {:?}, Okta's {:?}",
            code.internal,
            code.description,
            theirs
        );
    }
}

#[test]
fn api_errors_match_oktas_catalogue() {
    let Some(catalogue) = shared("api-error-codes.json") else {
        return;
    };
    let entries = catalogue["errors"].as_array().expect("errors");
    for code in api::ALL {
        let entry = entries
            .iter()
            .find(|entry| entry["errorCode"] == code.code)
            .unwrap_or_else(|| panic!("{} is in Okta's catalogue", code.code));
        assert_eq!(entry["statusCode"], code.status, "{}", code.code);
        let theirs = entry["errorSummary"].as_str().unwrap();
        assert!(
            same_text(code.summary, theirs),
            "{}: ours {:?}, Okta's {:?}",
            code.code,
            code.summary,
            theirs
        );
    }
}
