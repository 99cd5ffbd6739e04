//! Okta's SCIM-style `filter` / `search` expressions, the common subset: `attr op value`
//! with `eq`, `ne`, `sw`, `co`, `gt`, `ge`, `lt`, `le` and `pr`, joined by `and` / `or`
//! (`and` binds tighter; no parentheses), over dotted attribute paths
//! (`profile.lastName`, `outcome.result`, `target.id` over arrays).

use serde_json::Value;

/// A parsed expression: a disjunction of conjunctions.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Filter {
    any_of: Vec<Vec<Condition>>,
}

#[derive(Debug, Clone, PartialEq)]
struct Condition {
    path: Vec<String>,
    op: Op,
    value: Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Eq,
    Ne,
    Sw,
    Co,
    Gt,
    Ge,
    Lt,
    Le,
    Pr,
}

impl Filter {
    /// Parses an expression; `None` when it is not in the supported subset.
    pub(crate) fn parse(text: &str) -> Option<Self> {
        let tokens = tokenize(text)?;
        let mut any_of = vec![Vec::new()];
        let mut tokens = tokens.into_iter().peekable();
        loop {
            let path = tokens.next()?;
            if path.starts_with('"') {
                return None;
            }
            let op = match tokens.next()?.to_ascii_lowercase().as_str() {
                "eq" => Op::Eq,
                "ne" => Op::Ne,
                "sw" => Op::Sw,
                "co" => Op::Co,
                "gt" => Op::Gt,
                "ge" => Op::Ge,
                "lt" => Op::Lt,
                "le" => Op::Le,
                "pr" => Op::Pr,
                _ => return None,
            };
            let value = if op == Op::Pr {
                Value::Null
            } else {
                literal(&tokens.next()?)?
            };
            any_of.last_mut()?.push(Condition {
                path: path.split('.').map(str::to_owned).collect(),
                op,
                value,
            });
            match tokens.next() {
                None => break,
                Some(joiner) if joiner.eq_ignore_ascii_case("and") => {}
                Some(joiner) if joiner.eq_ignore_ascii_case("or") => any_of.push(Vec::new()),
                Some(_) => return None,
            }
        }
        Some(Self { any_of })
    }

    /// Whether `item` matches.
    pub(crate) fn matches(&self, item: &Value) -> bool {
        self.any_of
            .iter()
            .any(|all| all.iter().all(|condition| condition.matches(item)))
    }
}

impl Condition {
    fn matches(&self, item: &Value) -> bool {
        let mut found = Vec::new();
        collect(item, &self.path, &mut found);
        if self.op == Op::Pr {
            return found.iter().any(|value| !value.is_null());
        }
        if self.op == Op::Ne {
            return found.iter().all(|value| !equal(value, &self.value));
        }
        found.iter().any(|value| self.compare(value))
    }

    fn compare(&self, actual: &Value) -> bool {
        let expected = &self.value;
        match self.op {
            Op::Eq => equal(actual, expected),
            Op::Sw => text(actual)
                .zip(text(expected))
                .is_some_and(|(a, e)| a.to_lowercase().starts_with(&e.to_lowercase())),
            Op::Co => text(actual)
                .zip(text(expected))
                .is_some_and(|(a, e)| a.to_lowercase().contains(&e.to_lowercase())),
            Op::Gt | Op::Ge | Op::Lt | Op::Le => {
                let ordering = match (actual, expected) {
                    (Value::Number(a), Value::Number(e)) => a
                        .as_f64()
                        .zip(e.as_f64())
                        .and_then(|(a, e)| a.partial_cmp(&e)),
                    (Value::String(a), Value::String(e)) => Some(a.as_str().cmp(e.as_str())),
                    _ => None,
                };
                ordering.is_some_and(|ordering| match self.op {
                    Op::Gt => ordering.is_gt(),
                    Op::Ge => ordering.is_ge(),
                    Op::Lt => ordering.is_lt(),
                    _ => ordering.is_le(),
                })
            }
            Op::Ne | Op::Pr => false,
        }
    }
}

fn text(value: &Value) -> Option<&str> {
    value.as_str()
}

fn equal(actual: &Value, expected: &Value) -> bool {
    match (actual, expected) {
        (Value::String(a), Value::String(e)) => a.eq_ignore_ascii_case(e),
        (Value::Number(a), Value::Number(e)) => a.as_f64() == e.as_f64(),
        _ => actual == expected,
    }
}

/// The values at `path` in `item`, descending into arrays.
fn collect<'v>(item: &'v Value, path: &[String], out: &mut Vec<&'v Value>) {
    match item {
        Value::Array(items) => items.iter().for_each(|item| collect(item, path, out)),
        _ => match path.split_first() {
            None => out.push(item),
            Some((head, rest)) => {
                if let Some(child) = item.get(head) {
                    collect(child, rest, out);
                }
            }
        },
    }
}

fn literal(token: &str) -> Option<Value> {
    if let Some(inner) = token
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
    {
        return Some(Value::String(inner.replace("\\\"", "\"")));
    }
    match token {
        "true" => Some(Value::Bool(true)),
        "false" => Some(Value::Bool(false)),
        "null" => Some(Value::Null),
        _ => token.parse::<f64>().ok().map(Value::from),
    }
}

/// Splits on white space outside double quotes; `None` for an unterminated quote.
fn tokenize(text: &str) -> Option<Vec<String>> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' if quoted => {
                current.push(c);
                current.push(chars.next()?);
            }
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    tokens.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if quoted {
        return None;
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    (!tokens.is_empty()).then_some(tokens)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::Filter;

    #[test]
    fn matches_the_common_subset() {
        let user = json!({"status": "ACTIVE", "profile": {"lastName": "Smith", "login": "a.smith@example.com"}, "target": [{"id": "x"}, {"id": "y"}]});
        let cases = [
            ("status eq \"ACTIVE\"", true),
            ("status eq \"active\"", true),
            ("status ne \"ACTIVE\"", false),
            ("profile.lastName sw \"Sm\"", true),
            ("profile.login co \"smith@\"", true),
            (
                "status eq \"STAGED\" or profile.lastName eq \"Smith\"",
                true,
            ),
            (
                "status eq \"STAGED\" and profile.lastName eq \"Smith\"",
                false,
            ),
            ("target.id eq \"y\"", true),
            ("profile.mobilePhone pr", false),
        ];
        for (expression, expected) in cases {
            let filter = Filter::parse(expression).expect(expression);
            assert_eq!(filter.matches(&user), expected, "{expression}");
        }
        for bad in [
            "",
            "status",
            "status eq",
            "status xx \"a\"",
            "status eq \"open",
            "a eq \"b\" nor c eq \"d\"",
        ] {
            assert!(Filter::parse(bad).is_none(), "{bad}");
        }
    }
}
