//! Lints of what the OIN team and the customer's admin fill in (`OIN207`–`OIN213`,
//! `OIN217`): tenant settings, the test account, and the conformance command.

use std::collections::BTreeMap;

use super::Context;
use super::text;
use crate::manifest::diagnostic::{Code, Diagnostic};

/// The limit of a tenant setting's name.
const MAX_SETTING_NAME: usize = 1024;
/// Okta's documentation says both "up to three" and "up to eight" tenant settings.
const WARN_ABOVE_SETTINGS: usize = 3;
const MAX_SETTINGS: usize = 8;
/// The test account's limits in the OIN Wizard.
const MAX_ACCOUNT_URL: usize = 512;
const MAX_USERNAME: usize = 255;
const MAX_INSTRUCTIONS: usize = 2048;

pub(super) fn check(context: &mut Context<'_>) {
    tenant_settings(context);
    test_account(context);
    conformance(context);
}

fn tenant_settings(context: &mut Context<'_>) {
    let settings = &context.manifest.tenant_settings;
    let count = settings.len();
    if count > WARN_ABOVE_SETTINGS {
        let (diagnostic, index) = if count > MAX_SETTINGS {
            (
                Diagnostic::error(
                    Code::TooManyTenantSettings,
                    format!(
                        "{count} tenant settings are defined; OIN takes at most {MAX_SETTINGS}"
                    ),
                ),
                MAX_SETTINGS,
            )
        } else {
            (
                Diagnostic::warning(
                    Code::TooManyTenantSettings,
                    format!(
                        "{count} tenant settings are defined; OIN may take only {WARN_ABOVE_SETTINGS}"
                    ),
                ),
                WARN_ABOVE_SETTINGS,
            )
        };
        let at = context.at(&format!("/tenant_settings/{index}"));
        context.report(diagnostic.at(at).help(
            "Okta's documentation conflicts: the OIN Wizard's tenant settings page says up to eight, \
             the OIN limitations say up to three; keep to three where you can",
        ));
    }
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (index, setting) in settings.iter().enumerate() {
        let pointer = format!("/tenant_settings/{index}");
        let name = setting.name.as_str();
        if !is_setting_name(name) {
            let at = context.at(&format!("{pointer}/name"));
            context.report(
                Diagnostic::error(
                    Code::TenantSettingName,
                    format!("tenant setting name `{name}` is not lower-case letters, digits and `_` starting with a letter"),
                )
                .at(at)
                .help(format!("rename it, such as `{}`", setting_name_like(name))),
            );
        } else if text::length(name) > MAX_SETTING_NAME {
            let at = context.at(&format!("{pointer}/name"));
            context.report(
                Diagnostic::error(
                    Code::TenantSettingName,
                    format!("tenant setting name is longer than {MAX_SETTING_NAME} characters"),
                )
                .at(at)
                .help("shorten it"),
            );
        }
        if let Some(first) = seen.insert(name, index) {
            let line = context
                .at(&format!("/tenant_settings/{first}/name"))
                .map_or(String::new(), |l| format!(" (first at line {})", l.line));
            let at = context.at(&format!("{pointer}/name"));
            context.report(
                Diagnostic::error(
                    Code::DuplicateTenantSetting,
                    format!("tenant setting `{name}` is defined twice{line}"),
                )
                .at(at)
                .help("give each setting its own name, or remove this one"),
            );
            seen.insert(name, first);
        }
        if text::is_blank(&setting.label) {
            let at = context.at(&format!("{pointer}/label"));
            context.report(
                Diagnostic::error(
                    Code::TenantSettingLabel,
                    format!("tenant setting `{name}` has an empty label"),
                )
                .at(at)
                .help("write the label the customer's admin sees, such as \"Account ID\""),
            );
        }
    }
}

/// Lower-case ASCII letters, digits and `_`, starting with a letter.
fn is_setting_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A valid name close to an invalid one: `Account-ID` → `account_id`.
fn setting_name_like(name: &str) -> String {
    let mut out = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if c.is_ascii_uppercase() && previous_lower {
            out.push('_');
        }
        previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let trimmed = out.trim_matches('_');
    match trimmed.chars().next() {
        Some(first) if first.is_ascii_lowercase() => trimmed.to_owned(),
        Some(_) => format!("setting_{trimmed}"),
        None => "setting".to_owned(),
    }
}

fn test_account(context: &mut Context<'_>) {
    let account = &context.manifest.test_account;
    let limits = [
        ("url", Some(account.url.as_str()), MAX_ACCOUNT_URL),
        ("username", Some(account.username.as_str()), MAX_USERNAME),
        (
            "instructions",
            account.instructions.as_deref(),
            MAX_INSTRUCTIONS,
        ),
    ];
    for (key, value, limit) in limits {
        let Some(value) = value else { continue };
        let pointer = format!("/test_account/{key}");
        let length = text::length(value);
        if text::is_blank(value) {
            let at = context.at(&pointer);
            context.report(
                Diagnostic::error(Code::TestAccountLength, format!("`test_account.{key}` is empty"))
                    .at(at)
                    .help(match key {
                        "instructions" => "say how to configure the integration and make it call Okta, or remove the key",
                        _ => "the OIN team needs it to sign in to your application",
                    }),
            );
        } else if length > limit {
            let at = context.at(&pointer);
            context.report(
                Diagnostic::error(
                    Code::TestAccountLength,
                    format!("`test_account.{key}` is {length} characters long; OIN takes at most {limit}"),
                )
                .at(at)
                .help("shorten it"),
            );
        }
    }
    if !text::is_blank(&account.url) {
        let at = context.at("/test_account/url");
        match text::url_parts(&account.url) {
            Some((scheme, _)) if scheme == "https" => {}
            Some((scheme, _)) if scheme == "http" => context.report(
                Diagnostic::warning(
                    Code::TestAccountUrl,
                    "the test account's sign-in URL uses `http://`",
                )
                .at(at)
                .help("the OIN team signs in with a real password: give an `https://` URL"),
            ),
            _ => context.report(
                Diagnostic::error(
                    Code::TestAccountUrl,
                    "the test account's URL is not an `https://` URL",
                )
                .at(at)
                .help("write the full address where the OIN team signs in, such as `https://app.example.com/login`"),
            ),
        }
    }
    // The value is never repeated in a message: it may be the password itself.
    if !text::is_env_var_name(&account.password_env) {
        let at = context.at("/test_account/password_env");
        context.report(
            Diagnostic::warning(
                Code::PasswordEnv,
                "`test_account.password_env` does not look like the name of an environment variable",
            )
            .at(at)
            .help(
                "write the variable's name, such as `OIN_TEST_PASSWORD`, never the password; \
                 if this is the password, remove it from the file and its history, and change it",
            ),
        );
    }
}

fn conformance(context: &mut Context<'_>) {
    let Some(conformance) = &context.manifest.conformance else {
        return;
    };
    match conformance.command.first() {
        None => {
            let at = context.at("/conformance/command");
            context.report(
                Diagnostic::error(Code::ConformanceCommand, "the conformance command is empty")
                    .at(at)
                    .help("give the program and its arguments, such as `command = [\"cargo\", \"test\", \"--test\", \"conformance\"]`"),
            );
        }
        Some(program) if text::is_blank(program) => {
            let at = context.at("/conformance/command/0");
            context.report(
                Diagnostic::error(
                    Code::ConformanceCommand,
                    "the conformance command's program is empty",
                )
                .at(at)
                .help("the first item is the program to run, such as `cargo`"),
            );
        }
        Some(_) => {}
    }
    if conformance.timeout_secs == 0 {
        let at = context.at("/conformance/timeout_secs");
        context.report(
            Diagnostic::error(
                Code::ConformanceCommand,
                "the conformance timeout is zero seconds",
            )
            .at(at)
            .help("give the command time to run, or remove `timeout_secs` for the default of 300"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenant_setting_names() {
        assert!(is_setting_name("account_id"));
        assert!(is_setting_name("region2"));
        assert!(!is_setting_name("Account"));
        assert!(!is_setting_name("_x"));
        assert!(!is_setting_name("2fa"));
        assert!(!is_setting_name("sub-domain"));
        assert_eq!(setting_name_like("Account-ID"), "account_id");
        assert_eq!(setting_name_like("accountId"), "account_id");
        assert_eq!(setting_name_like("2fa"), "setting_2fa");
        assert_eq!(setting_name_like("--"), "setting");
    }
}
