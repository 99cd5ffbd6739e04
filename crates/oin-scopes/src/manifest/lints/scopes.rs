//! Lints of the requested scopes (`OIN1xx`): each scope must be a real Okta scope that an
//! OIN API service integration may request, requested once, with a reason; the catalog says
//! whether its operations are deprecated or in Early Access.

use std::collections::BTreeMap;

use super::Context;
use super::text;
use crate::catalog::{Catalog, Operation, Origin};
use crate::manifest::diagnostic::{Code, Diagnostic};
use crate::scope::{Access, Scope};
use crate::suggest;

/// The most characters the submission's scope explanation (`scopeExplanation`) takes; the
/// scopes' reasons together make it.
const MAX_SCOPE_EXPLANATION: usize = 5000;

/// OpenID Connect scopes: for sign-in, never for an API service integration.
const OIDC_SCOPES: &[&str] = &[
    "openid",
    "profile",
    "email",
    "address",
    "phone",
    "offline_access",
    "device_sso",
];

/// Real Okta scopes the operation catalog does not cover (they are not in Okta's pinned
/// management spec), and what to say about them.
#[derive(Debug, Clone, Copy)]
enum Outside {
    /// An API outside the management spec; the catalog cannot tell which calls need it.
    Uncatalogued(&'static str),
    /// An API Okta deprecated and removed from the management spec.
    Deprecated(&'static str),
}

const OUTSIDE_CATALOG: &[(&str, Outside)] = &[
    (
        "okta.clients.manage",
        Outside::Uncatalogued("the OAuth 2.0 client API (`/oauth2/v1/clients`)"),
    ),
    (
        "okta.clients.read",
        Outside::Uncatalogued("the OAuth 2.0 client API (`/oauth2/v1/clients`)"),
    ),
    (
        "okta.clients.register",
        Outside::Uncatalogued("dynamic client registration (`/oauth2/v1/clients`)"),
    ),
    (
        "okta.riskEvents.manage",
        Outside::Deprecated("the Risk Events API"),
    ),
    (
        "okta.riskProviders.manage",
        Outside::Deprecated("the Risk Providers API"),
    ),
    (
        "okta.riskProviders.read",
        Outside::Deprecated("the Risk Providers API"),
    ),
    (
        "okta.universalLogout.manage",
        Outside::Uncatalogued("Universal Logout (`/oauth2/v1/global-token-revocation`)"),
    ),
    (
        "okta.workflows.invoke.manage",
        Outside::Uncatalogued("invoking Okta Workflows"),
    ),
];

const REASON_HELP: &str = "add `reason = \"…\"`: the OIN reviewers and each customer's admin read it to decide \
     whether to grant the scope; say which feature makes which calls with it";

pub(super) fn check(context: &mut Context<'_>) {
    let scopes = &context.manifest.scopes;
    if scopes.is_empty() {
        let at = context.at("/scopes");
        context.report(
            Diagnostic::error(Code::NoScopes, "the integration requests no scope")
                .at(at)
                .help(
                    "an API service integration calls the Okta API: add a `[[scopes]]` entry \
                     with `name` and `reason` for each scope it needs",
                ),
        );
        return;
    }
    let mut first_seen: BTreeMap<&Scope, usize> = BTreeMap::new();
    for (index, requested) in scopes.iter().enumerate() {
        let name_at = context.at(&format!("/scopes/{index}/name"));
        if let Some(&first) = first_seen.get(&requested.name) {
            let line = context
                .at(&format!("/scopes/{first}/name"))
                .map_or(String::new(), |l| format!(" (first at line {})", l.line));
            context.report(
                Diagnostic::error(
                    Code::DuplicateScope,
                    format!("scope `{}` is requested twice{line}", requested.name),
                )
                .at(name_at)
                .help("remove this entry, and keep one reason that covers both uses"),
            );
            continue;
        }
        first_seen.insert(&requested.name, index);
        if let Some(diagnostic) = classify(&requested.name) {
            context.report(diagnostic.at(name_at));
        }
        match requested.reason.as_deref() {
            None => {
                let at = context.at(&format!("/scopes/{index}/reason"));
                context.report(
                    Diagnostic::error(
                        Code::MissingReason,
                        format!("scope `{}` has no reason", requested.name),
                    )
                    .at(at)
                    .help(REASON_HELP),
                );
            }
            Some(reason) if text::is_blank(reason) => {
                let at = context.at(&format!("/scopes/{index}/reason"));
                context.report(
                    Diagnostic::error(
                        Code::MissingReason,
                        format!("the reason for scope `{}` is empty", requested.name),
                    )
                    .at(at)
                    .help(REASON_HELP),
                );
            }
            Some(_) => {}
        }
        if requested.acknowledge.as_deref().is_some_and(text::is_blank) {
            let at = context.at(&format!("/scopes/{index}/acknowledge"));
            context.report(
                Diagnostic::warning(
                    Code::EmptyAcknowledgement,
                    format!("the acknowledgement of scope `{}` is empty", requested.name),
                )
                .at(at)
                .help(
                    "an empty `acknowledge` acknowledges nothing: say why the scope is new or \
                     wider, or remove the key",
                ),
            );
        }
    }
    redundant_reads(context);
    reasons_length(context);
}

/// Whether the scope is one an integration may request, and what the catalog says about it.
fn classify(scope: &Scope) -> Option<Diagnostic> {
    let name = scope.as_str();
    if scope.is_self_scope() {
        return Some(
            Diagnostic::error(
                Code::ForbiddenScope,
                format!("scope `{name}` is a `.self` scope, which OIN integrations cannot request"),
            )
            .help(match name.strip_suffix(".self") {
                Some(org_wide) => format!(
                    "`.self` scopes act for a signed-in user; a service integration acts for the org: request `{org_wide}`"
                ),
                None => "request the org-wide scope instead".to_owned(),
            }),
        );
    }
    if OIDC_SCOPES.contains(&name) {
        return Some(
            Diagnostic::error(
                Code::ForbiddenScope,
                format!("scope `{name}` is an OpenID Connect scope, which OIN API service integrations cannot request"),
            )
            .help("API service integrations get tokens with client credentials and no user: remove it"),
        );
    }
    let catalog = Catalog::get();
    if let Some(info) = catalog.scope(name) {
        if info.origin() == Origin::OinSubmissions {
            return Some(
                Diagnostic::error(
                    Code::SubmissionsApiScope,
                    format!("scope `{name}` belongs to the OIN submissions API, which only Okta developer orgs have"),
                )
                .help("customers' orgs cannot grant it: remove it; submit with the OIN Wizard or oin-kit instead"),
            );
        }
        return lifecycle(scope);
    }
    if let Some((_, outside)) = OUTSIDE_CATALOG.iter().find(|(known, _)| *known == name) {
        return Some(match outside {
            Outside::Uncatalogued(api) => Diagnostic::warning(
                Code::UncataloguedScope,
                format!("scope `{name}` is for {api}, outside the operation catalog"),
            )
            .help("oin-kit cannot tell which calls use it, so conformance runs cannot show it is needed: explain it well in its reason"),
            Outside::Deprecated(api) => Diagnostic::warning(
                Code::DeprecatedScope,
                format!("scope `{name}` is for {api}, which Okta deprecated and removed from its management API"),
            )
            .help("send risk signals with Okta's Shared Signals Framework receiver instead (`okta.securityEventsProviders.*`)"),
        });
    }
    let candidates = catalog
        .scopes()
        .iter()
        .map(|info| info.scope().as_str())
        .chain(OUTSIDE_CATALOG.iter().map(|(known, _)| *known));
    let suggestion = manage_of(scope)
        .or_else(|| catalog.counterpart(scope).map(|info| info.scope().as_str()))
        .or_else(|| suggest::closest(name, candidates));
    if scope.is_okta() || suggestion.is_some() {
        let diagnostic = Diagnostic::error(
            Code::UnknownScope,
            format!("scope `{name}` is not an Okta scope"),
        );
        return Some(match suggestion {
            Some(close) => diagnostic.help(format!("did you mean `{close}`?")),
            None => diagnostic.help(
                "Okta management scopes are named `okta.<resource>.read` or `okta.<resource>.manage`; see Okta's list of OAuth 2.0 scopes",
            ),
        });
    }
    Some(
        Diagnostic::error(
            Code::ForbiddenScope,
            format!("scope `{name}` is a custom scope, which OIN API service integrations cannot request"),
        )
        .help("only Okta's own scopes (`okta.…`) can be granted to an OIN API service integration: remove it"),
    )
}

/// Last segments people write for what Okta calls `.manage`.
const WRITE_WORDS: &[&str] = &[
    "write", "create", "update", "delete", "edit", "modify", "admin", "all", "full",
];

/// `okta.users.manage` for a misnamed `okta.users.write` whose resource exists.
fn manage_of(scope: &Scope) -> Option<&'static str> {
    let (resource, last) = scope.as_str().rsplit_once('.')?;
    if !WRITE_WORDS.contains(&last.to_ascii_lowercase().as_str()) {
        return None;
    }
    let manage = Catalog::get().scope(&format!("{resource}.manage"))?;
    Some(manage.scope().as_str())
}

/// Warns about a catalog scope whose every operation is deprecated or in Early Access.
fn lifecycle(scope: &Scope) -> Option<Diagnostic> {
    let operations: Vec<&Operation> = Catalog::get()
        .operations()
        .iter()
        .filter(|operation| {
            operation
                .scopes()
                .iter()
                .any(|required| scope.covers(required))
        })
        .collect();
    let generally_available = |operation: &&Operation| {
        !operation.is_deprecated()
            && operation
                .lifecycle()
                .is_none_or(|lifecycle| lifecycle.is_generally_available())
    };
    if operations.is_empty() || operations.iter().any(generally_available) {
        return None;
    }
    let names = examples(&operations);
    if operations.iter().all(|operation| operation.is_deprecated()) {
        return Some(
            Diagnostic::warning(
                Code::DeprecatedScope,
                format!("every operation scope `{scope}` allows is deprecated ({names})"),
            )
            .help("move to the API that replaces them and request its scope"),
        );
    }
    Some(
        Diagnostic::warning(
            Code::EarlyAccessScope,
            format!("scope `{scope}` is only used by Early Access operations ({names})"),
        )
        .help(
            "these calls fail unless each customer's admin turns the Early Access feature on: say so in the configuration guide, or do without them",
        ),
    )
}

/// `a, b and 3 more`.
fn examples(operations: &[&Operation]) -> String {
    const SHOWN: usize = 3;
    let mut ids: Vec<&str> = operations.iter().map(|op| op.operation_id()).collect();
    ids.sort_unstable();
    ids.dedup();
    let more = ids.len().saturating_sub(SHOWN);
    let mut text = ids
        .iter()
        .take(SHOWN)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if more > 0 {
        text.push_str(&format!(" and {more} more"));
    }
    text
}

/// A `.read` scope beside its `.manage` scope.
fn redundant_reads(context: &mut Context<'_>) {
    let scopes = &context.manifest.scopes;
    let mut found = Vec::new();
    for (index, requested) in scopes.iter().enumerate() {
        if requested.name.access() != Access::Read {
            continue;
        }
        let Some(manage) = requested.name.manage_counterpart() else {
            continue;
        };
        if scopes.iter().any(|other| other.name == manage) {
            found.push((index, requested.name.clone(), manage));
        }
    }
    for (index, read, manage) in found {
        let at = context.at(&format!("/scopes/{index}/name"));
        context.report(
            Diagnostic::warning(
                Code::RedundantRead,
                format!("scope `{read}` is redundant: `{manage}` includes it"),
            )
            .at(at)
            .help(format!(
                "remove the `{read}` entry, and move its reason into the reason for `{manage}`"
            )),
        );
    }
}

/// The reasons together must fit in the submission's scope explanation.
fn reasons_length(context: &mut Context<'_>) {
    let total: usize = context
        .manifest
        .scopes
        .iter()
        .filter_map(|scope| scope.reason.as_deref())
        .map(|reason| text::length(reason.trim()))
        .sum();
    if total > MAX_SCOPE_EXPLANATION {
        let at = context.at("/scopes");
        context.report(
            Diagnostic::error(
                Code::ScopeReasonsLength,
                format!(
                    "the scopes' reasons are {total} characters together; the submission's scope explanation takes at most {MAX_SCOPE_EXPLANATION}"
                ),
            )
            .at(at)
            .help("shorten the reasons: say what each scope is for in a sentence or two"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(name: &str) -> Option<(Code, Option<String>)> {
        classify(&Scope::parse(name).unwrap()).map(|d| (d.code, d.help))
    }

    #[test]
    fn accepts_generally_available_scopes() {
        for name in [
            "okta.users.read",
            "okta.logs.read",
            "okta.apps.manage",
            "ssf.read",
        ] {
            assert_eq!(code(name), None, "{name}");
        }
    }

    #[test]
    fn a_scope_okta_lacks_suggests_its_resource_s_other_scope() {
        assert_eq!(
            code("okta.logs.manage"),
            Some((
                Code::UnknownScope,
                Some("did you mean `okta.logs.read`?".to_owned())
            ))
        );
    }

    #[test]
    fn classifies_scopes_an_integration_cannot_use() {
        assert_eq!(
            code("okta.users.read.self").unwrap().0,
            Code::ForbiddenScope
        );
        assert_eq!(code("openid").unwrap().0, Code::ForbiddenScope);
        assert_eq!(code("offline_access").unwrap().0, Code::ForbiddenScope);
        assert_eq!(code("acme.widgets.read").unwrap().0, Code::ForbiddenScope);
        assert_eq!(
            code("okta.manifests.manage").unwrap().0,
            Code::SubmissionsApiScope
        );
        assert_eq!(code("okta.dr.read").unwrap().0, Code::EarlyAccessScope);
        assert_eq!(
            code("okta.riskEvents.manage").unwrap().0,
            Code::DeprecatedScope
        );
        assert_eq!(
            code("okta.clients.read").unwrap().0,
            Code::UncataloguedScope
        );
    }

    #[test]
    fn suggests_the_scope_meant() {
        let (found, help) = code("okta.user.read").unwrap();
        assert_eq!(found, Code::UnknownScope);
        assert_eq!(help.as_deref(), Some("did you mean `okta.users.read`?"));
        let (_, help) = code("okta.groups.write").unwrap();
        assert_eq!(help.as_deref(), Some("did you mean `okta.groups.manage`?"));
        let (found, _) = code("okta.nothing.like.this").unwrap();
        assert_eq!(found, Code::UnknownScope);
    }
}
