//! Lints of the OIN catalog entry and the support contacts (`OIN201`–`OIN206`,
//! `OIN214`–`OIN215`): OIN's limits on the name, the description, the use cases, the
//! configuration guide URL and the contacts.

use std::collections::BTreeSet;

use super::Context;
use super::text;
use crate::manifest::diagnostic::{Code, Diagnostic};
use crate::manifest::model::Contact;
use crate::suggest;

/// The display name's limit (OIN Wizard, and the submissions API's `name`).
const MAX_NAME: usize = 64;
/// The description's limit.
const MAX_DESCRIPTION: usize = 1024;
/// How many optional use cases the OIN Wizard takes.
const MAX_USE_CASES: usize = 3;
/// The escalation contact's limit (`TestInfo.escalationSupportContact`).
const MAX_EMAIL: usize = 255;

/// The OIN Wizard's use cases for API service integrations, spelt as Okta's documentation
/// spells them.
pub(crate) const USE_CASES: &[&str] = &[
    "Automation",
    "Centralized Logging",
    "Directory and HR Sync",
    "Identity Governance and Administration (IGA)",
    "Identity Verification",
    "Multifactor Authentication (MFA)",
    "Zero Trust",
];

/// Use cases OIN Manager had that the OIN Wizard does not.
const RETIRED_USE_CASES: &[&str] = &[
    "Bot or Fraud Detection",
    "Lifecycle Management",
    "Risk Signal Sharing",
];

pub(super) fn check(context: &mut Context<'_>) {
    name_and_description(context);
    use_cases(context);
    config_guide_url(context);
    support(context);
}

fn name_and_description(context: &mut Context<'_>) {
    let integration = &context.manifest.integration;
    let (name, description) = (&integration.name, &integration.description);
    let length = text::length(name);
    if text::is_blank(name) {
        let at = context.at("/integration/name");
        context.report(
            Diagnostic::error(Code::NameLength, "the integration's name is empty")
                .at(at)
                .help("give the name customers will see in the OIN catalog"),
        );
    } else if length > MAX_NAME {
        let at = context.at("/integration/name");
        context.report(
            Diagnostic::error(
                Code::NameLength,
                format!("the integration's name is {length} characters long; OIN takes at most {MAX_NAME}"),
            )
            .at(at)
            .help("shorten it: the name is the title of the catalog entry; say more in `description`"),
        );
    }
    let length = text::length(description);
    if text::is_blank(description) {
        let at = context.at("/integration/description");
        context.report(
            Diagnostic::error(
                Code::DescriptionLength,
                "the integration's description is empty",
            )
            .at(at)
            .help("say what the integration does for the customer and which Okta data it uses"),
        );
    } else if length > MAX_DESCRIPTION {
        let at = context.at("/integration/description");
        context.report(
            Diagnostic::error(
                Code::DescriptionLength,
                format!(
                    "the integration's description is {length} characters long; OIN takes at most {MAX_DESCRIPTION}"
                ),
            )
            .at(at)
            .help("shorten it; put the details in the configuration guide"),
        );
    }
}

fn use_cases(context: &mut Context<'_>) {
    let use_cases = &context.manifest.integration.use_cases;
    if use_cases.len() > MAX_USE_CASES {
        let at = context.at(&format!("/integration/use_cases/{MAX_USE_CASES}"));
        context.report(
            Diagnostic::error(
                Code::TooManyUseCases,
                format!(
                    "{} use cases are listed; the OIN Wizard takes at most {MAX_USE_CASES}",
                    use_cases.len()
                ),
            )
            .at(at)
            .help("keep the three that describe the integration best (Okta adds default use cases of its own)"),
        );
    }
    let mut seen = BTreeSet::new();
    for (index, use_case) in use_cases.iter().enumerate() {
        let pointer = format!("/integration/use_cases/{index}");
        if USE_CASES.contains(&use_case.as_str()) {
            if !seen.insert(use_case.as_str()) {
                let at = context.at(&pointer);
                context.report(
                    Diagnostic::warning(
                        Code::DuplicateUseCase,
                        format!("use case \"{use_case}\" is listed twice"),
                    )
                    .at(at)
                    .help("remove the second one"),
                );
            }
            continue;
        }
        let at = context.at(&pointer);
        let diagnostic = Diagnostic::error(
            Code::UnknownUseCase,
            format!("\"{use_case}\" is not an OIN use case"),
        )
        .at(at);
        let help = if let Some(meant) = same_use_case(use_case) {
            format!("write it as Okta spells it: \"{meant}\"")
        } else if RETIRED_USE_CASES
            .iter()
            .any(|retired| retired.eq_ignore_ascii_case(use_case))
        {
            format!(
                "\"{use_case}\" was an OIN Manager use case; the OIN Wizard offers {}",
                quoted_list()
            )
        } else if let Some(close) = suggest::closest(use_case, USE_CASES.iter().copied()) {
            format!("did you mean \"{close}\"?")
        } else {
            format!("the use cases are {}", quoted_list())
        };
        context.report(diagnostic.help(help));
    }
}

/// The use case a differently written one means: other case, punctuation or spacing, the
/// abbreviation alone (`MFA`), or the name without it.
fn same_use_case(written: &str) -> Option<&'static str> {
    let squash = |text: &str| -> String {
        text.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let written = squash(written);
    USE_CASES.iter().copied().find(|use_case| {
        let (long, short) = match use_case.split_once(" (") {
            Some((long, short)) => (long, short.trim_end_matches(')')),
            None => (*use_case, ""),
        };
        [squash(use_case), squash(long), squash(short)]
            .iter()
            .any(|form| !form.is_empty() && *form == written)
    })
}

fn quoted_list() -> String {
    USE_CASES
        .iter()
        .map(|use_case| format!("\"{use_case}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

fn config_guide_url(context: &mut Context<'_>) {
    let url = &context.manifest.integration.config_guide_url;
    let at = context.at("/integration/config_guide_url");
    match text::url_parts(url) {
        Some((scheme, host)) if scheme == "https" => {
            if text::is_private_host(host) {
                context.report(
                    Diagnostic::warning(
                        Code::ConfigGuideUrl,
                        format!("the configuration guide is on `{host}`, which the OIN team cannot reach"),
                    )
                    .at(at)
                    .help("publish the guide on a public `https://` site: OIN reviewers read it, and customers after publication"),
                );
            }
        }
        Some((scheme, _)) => context.report(
            Diagnostic::error(
                Code::ConfigGuideUrl,
                format!("the configuration guide URL uses `{scheme}://`; OIN requires `https://`"),
            )
            .at(at)
            .help("serve the guide over HTTPS and write its `https://` URL"),
        ),
        None => context.report(
            Diagnostic::error(
                Code::ConfigGuideUrl,
                "the configuration guide URL is not an absolute URL",
            )
            .at(at)
            .help("write the full address, such as `https://docs.example.com/okta`"),
        ),
    }
}

fn support(context: &mut Context<'_>) {
    let support = &context.manifest.support;
    let at = context.at("/support/escalation_email");
    if !text::is_email(&support.escalation_email) {
        context.report(
            Diagnostic::error(
                Code::InvalidEmail,
                "`support.escalation_email` is not an email address",
            )
            .at(at)
            .help(
                "give the address Okta escalates issues to, such as `oin-escalations@example.com`",
            ),
        );
    } else if text::length(&support.escalation_email) > MAX_EMAIL {
        context.report(
            Diagnostic::error(
                Code::InvalidEmail,
                format!("`support.escalation_email` is longer than {MAX_EMAIL} characters"),
            )
            .at(at)
            .help("use a shorter address"),
        );
    }
    for (index, contact) in support.contacts.iter().enumerate() {
        contact_check(context, index, contact);
    }
}

fn contact_check(context: &mut Context<'_>, index: usize, contact: &Contact) {
    let pointer = format!("/support/contacts/{index}");
    let given: Vec<&str> = [
        ("email", contact.email.is_some()),
        ("url", contact.url.is_some()),
        ("phone", contact.phone.is_some()),
    ]
    .into_iter()
    .filter_map(|(key, present)| present.then_some(key))
    .collect();
    if given.len() != 1 {
        let at = context.at(&pointer);
        let message = if given.is_empty() {
            format!(
                "support contact {} has no `email`, `url` or `phone`",
                index + 1
            )
        } else {
            format!(
                "support contact {} has {}; a contact has exactly one",
                index + 1,
                given
                    .iter()
                    .map(|key| format!("`{key}`"))
                    .collect::<Vec<_>>()
                    .join(" and ")
            )
        };
        context.report(
            Diagnostic::error(Code::SupportContact, message)
                .at(at)
                .help("write one `[[support.contacts]]` entry per way to reach support"),
        );
    }
    if let Some(email) = &contact.email
        && !text::is_email(email)
    {
        let at = context.at(&format!("{pointer}/email"));
        context.report(
            Diagnostic::error(
                Code::InvalidEmail,
                format!(
                    "the email of support contact {} is not an email address",
                    index + 1
                ),
            )
            .at(at)
            .help("write an address such as `support@example.com`"),
        );
    }
    if let Some(url) = &contact.url {
        let at = context.at(&format!("{pointer}/url"));
        match text::url_parts(url) {
            Some((scheme, _)) if scheme == "https" || scheme == "http" => {}
            _ => context.report(
                Diagnostic::error(
                    Code::SupportContact,
                    format!("the url of support contact {} is not a web address", index + 1),
                )
                .at(at)
                .help("write the full address of the support page, such as `https://example.com/support`"),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognizes_use_cases_written_differently() {
        assert_eq!(
            same_use_case("MFA"),
            Some("Multifactor Authentication (MFA)")
        );
        assert_eq!(
            same_use_case("Multi-factor Authentication (MFA)"),
            Some("Multifactor Authentication (MFA)")
        );
        assert_eq!(
            same_use_case("identity governance and administration"),
            Some("Identity Governance and Administration (IGA)")
        );
        assert_eq!(same_use_case("zero-trust"), Some("Zero Trust"));
        assert_eq!(same_use_case("Payroll"), None);
    }
}
