//! "Did you mean …?": the closest of a list of known names to a misspelt one.

/// The candidate closest to `input`, if one is close enough to be a likely misspelling:
/// compared case-insensitively by Damerau–Levenshtein distance, at most a third of the
/// input's length and at most 4 edits.
pub(crate) fn closest<'a>(
    input: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let needle = input.to_lowercase();
    let limit = (needle.chars().count() / 3).clamp(1, 4);
    candidates
        .into_iter()
        .map(|candidate| {
            let distance = strsim::damerau_levenshtein(&needle, &candidate.to_lowercase());
            (distance, candidate)
        })
        .filter(|&(distance, _)| distance <= limit)
        .min_by_key(|&(distance, candidate)| (distance, candidate))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_close_names_only() {
        let names = ["okta.users.read", "okta.users.manage", "okta.groups.read"];
        assert_eq!(closest("okta.user.read", names), Some("okta.users.read"));
        assert_eq!(closest("OKTA.USERS.READ", names), Some("okta.users.read"));
        assert_eq!(closest("okta.grups.reed", names), Some("okta.groups.read"));
        assert_eq!(closest("acme.widgets.read", names), None);
        assert_eq!(closest("x", ["y"]), Some("y"));
        assert_eq!(closest("ab", ["xy"]), None);
    }
}
