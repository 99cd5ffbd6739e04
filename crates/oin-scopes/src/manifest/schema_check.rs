//! Validation against the JSON Schema of `oin.toml`: every violation, converted at the
//! boundary from `jsonschema`'s borrowed errors to owned [`Violation`]s, then rendered as
//! [`Code::Schema`] diagnostics located in the TOML source.

use std::sync::LazyLock;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{JsonType, ValidationError, Validator};
use serde_json::Value;

use super::diagnostic::{Code, Diagnostic};
use super::source::{SourceMap, escape};
use crate::scope::Scope;
use crate::suggest;

/// The schema, built once.
static SCHEMA: LazyLock<Value> = LazyLock::new(super::schema);

/// The validator, built once from [`SCHEMA`]; the error text if the schema does not compile.
static VALIDATOR: LazyLock<Result<Validator, String>> =
    LazyLock::new(|| jsonschema::validator_for(&SCHEMA).map_err(|error| error.to_string()));

/// What is wrong with one value, in our own terms.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Problem {
    /// The value has the wrong type; the expected TOML types.
    WrongType(Vec<&'static str>),
    /// A required key is missing.
    MissingKey(String),
    /// A key the schema does not have.
    UnknownKey(String),
    /// A scope name that does not parse; the parser's explanation.
    BadScopeName(String),
    /// A string longer than the limit.
    TooLong(u64),
    /// A number below the minimum.
    TooSmall(String),
    /// A value that is not one of the allowed ones.
    NotOneOf(Vec<String>),
    /// Anything else, with `jsonschema`'s message (instance values masked).
    Other(String),
}

/// One schema violation, owned.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Violation {
    /// The JSON pointer of the value (for a missing or unknown key: of the key).
    pointer: String,
    problem: Problem,
}

/// Validates `instance`; one diagnostic per violation.
pub(crate) fn check(instance: &Value, map: &SourceMap) -> Vec<Diagnostic> {
    let validator = match &*VALIDATOR {
        Ok(validator) => validator,
        Err(error) => {
            return vec![
                Diagnostic::error(
                    Code::Schema,
                    format!("the manifest schema does not compile: {error}"),
                )
                .help("this is a bug in oin-kit; please report it"),
            ];
        }
    };
    let mut violations = Vec::new();
    for error in validator.iter_errors(instance) {
        convert(&error, &mut violations);
    }
    violations.dedup();
    violations
        .into_iter()
        .map(|violation| render(violation, map))
        .collect()
}

/// Converts one `jsonschema` error into violations; `anyOf` / `oneOf` errors are replaced
/// by the errors of the branch that fits the value's type, where there is one.
fn convert(error: &ValidationError<'_>, out: &mut Vec<Violation>) {
    let pointer = error.instance_path().as_str().to_owned();
    let problem = match error.kind() {
        ValidationErrorKind::Type { kind } => Problem::WrongType(expected_types(kind)),
        ValidationErrorKind::Required { property } => {
            let key = property.as_str().unwrap_or_default().to_owned();
            out.push(Violation {
                pointer: format!("{pointer}/{}", escape(&key)),
                problem: Problem::MissingKey(key),
            });
            return;
        }
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            for key in unexpected {
                out.push(Violation {
                    pointer: format!("{pointer}/{}", escape(key)),
                    problem: Problem::UnknownKey(key.clone()),
                });
            }
            return;
        }
        ValidationErrorKind::Pattern { .. } => match error.instance().as_str() {
            Some(name) => Problem::BadScopeName(match Scope::parse(name) {
                Err(parse) => parse.to_string(),
                Ok(_) => format!("`{name}` is not a valid scope name"),
            }),
            None => Problem::Other(error.masked().to_string()),
        },
        ValidationErrorKind::MaxLength { limit } => Problem::TooLong(*limit),
        ValidationErrorKind::Minimum { limit } => Problem::TooSmall(limit.to_string()),
        ValidationErrorKind::Constant { expected_value } => {
            Problem::NotOneOf(vec![constant(expected_value)])
        }
        ValidationErrorKind::Enum { options } => Problem::NotOneOf(
            options
                .as_array()
                .map(|options| options.iter().map(constant).collect())
                .unwrap_or_default(),
        ),
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            branches(&pointer, context, out, || error.masked().to_string());
            return;
        }
        _ => Problem::Other(error.masked().to_string()),
    };
    out.push(Violation { pointer, problem });
}

/// The violations of an `anyOf` / `oneOf` none of whose branches matched.
fn branches(
    pointer: &str,
    context: &[Vec<ValidationError<'static>>],
    out: &mut Vec<Violation>,
    fallback: impl FnOnce() -> String,
) {
    let is_type_mismatch = |errors: &Vec<ValidationError<'static>>| {
        errors.iter().all(|error| {
            matches!(error.kind(), ValidationErrorKind::Type { .. })
                && error.instance_path().as_str() == pointer
        })
    };
    // A branch whose type fits the value explains best what is wrong with it.
    let fitting: Vec<_> = context
        .iter()
        .filter(|errors| !is_type_mismatch(errors))
        .collect();
    if let [errors] = fitting.as_slice() {
        let all_constants = errors
            .iter()
            .all(|error| matches!(error.kind(), ValidationErrorKind::Constant { .. }));
        if !(all_constants && context.len() > 1) {
            for error in errors.iter() {
                convert(error, out);
            }
            return;
        }
    }
    // Every branch a constant: the value is not one of them.
    let constants: Vec<String> = context
        .iter()
        .flatten()
        .filter_map(|error| match error.kind() {
            ValidationErrorKind::Constant { expected_value } => Some(constant(expected_value)),
            _ => None,
        })
        .collect();
    if !constants.is_empty() && constants.len() == context.len() {
        out.push(Violation {
            pointer: pointer.to_owned(),
            problem: Problem::NotOneOf(constants),
        });
        return;
    }
    // Every branch a type mismatch: the value has none of their types.
    if fitting.is_empty() {
        let mut expected = Vec::new();
        for error in context.iter().flatten() {
            if let ValidationErrorKind::Type { kind } = error.kind() {
                for name in expected_types(kind) {
                    if !expected.contains(&name) {
                        expected.push(name);
                    }
                }
            }
        }
        out.push(Violation {
            pointer: pointer.to_owned(),
            problem: Problem::WrongType(expected),
        });
        return;
    }
    out.push(Violation {
        pointer: pointer.to_owned(),
        problem: Problem::Other(fallback()),
    });
}

fn constant(value: &Value) -> String {
    value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_owned)
}

/// The TOML names of the JSON types, without `null` (TOML has none).
fn expected_types(kind: &TypeKind) -> Vec<&'static str> {
    let types: Vec<JsonType> = match kind {
        TypeKind::Single(single) => vec![*single],
        TypeKind::Multiple(set) => set.iter().collect(),
    };
    types
        .into_iter()
        .filter_map(|kind| match kind {
            JsonType::Null => None,
            JsonType::Boolean => Some("boolean"),
            JsonType::Integer => Some("integer"),
            JsonType::Number => Some("number"),
            JsonType::String => Some("string"),
            JsonType::Array => Some("array"),
            JsonType::Object => Some("table"),
        })
        .collect()
}

fn render(violation: Violation, map: &SourceMap) -> Diagnostic {
    let Violation { pointer, problem } = violation;
    let (parent, _) = pointer.rsplit_once('/').unwrap_or(("", ""));
    let describe = description(&pointer);
    match problem {
        Problem::WrongType(expected) => {
            let found = map.kind(&pointer).unwrap_or("value");
            let diagnostic = Diagnostic::error(
                Code::Schema,
                format!(
                    "{} must be {}, not {}",
                    display(&pointer),
                    one_of_types(&expected),
                    with_article(found)
                ),
            )
            .at(map.value(&pointer));
            match (example(&pointer, &expected), describe) {
                (Some(example), Some(text)) => {
                    diagnostic.help(format!("write `{example}`: {}", lowercase_first(&text)))
                }
                (Some(example), None) => diagnostic.help(format!("write `{example}`")),
                (None, text) => diagnostic.help_opt(about(&pointer, text)),
            }
        }
        Problem::MissingKey(key) => {
            let (what, add) = if is_table(&pointer) {
                let header = format!("[{}]", dotted(&pointer));
                (format!("table `{header}`"), format!("a `{header}` table"))
            } else if is_array_of_tables(&pointer) {
                let header = format!("[[{}]]", dotted(&pointer));
                (format!("`{header}` tables"), format!("`{header}` tables"))
            } else {
                (format!("key `{key}`"), format!("`{key} = …`"))
            };
            let mut diagnostic = Diagnostic::error(
                Code::Schema,
                format!("{} is missing the required {what}", display(parent)),
            )
            .at(map.value(&pointer));
            diagnostic.help = Some(match describe {
                Some(text) => format!("add {add}: {}", lowercase_first(&text)),
                None => format!("add {add}"),
            });
            diagnostic
        }
        Problem::UnknownKey(key) => {
            let lower = key.to_ascii_lowercase();
            let secret = ["password", "secret", "token"]
                .iter()
                .any(|word| lower.contains(word));
            let message = format!("{} has no key `{key}`", display(parent));
            let diagnostic = Diagnostic::error(Code::Schema, message).at(map.key(&pointer));
            if secret {
                return diagnostic.help(
                    "secrets never go in the manifest: keep the test account's password in an \
                     environment variable and name it with `password_env = \"OIN_TEST_PASSWORD\"`",
                );
            }
            if !parent.is_empty() && known_keys("").contains(&key) {
                return diagnostic.help(format!(
                    "`{key}` belongs at the top level, but TOML puts every key written after a \
                     `[table]` header into that table: move it above the first header"
                ));
            }
            let known = known_keys(parent);
            match suggest::closest(&key, known.iter().map(String::as_str)) {
                Some(close) => diagnostic.help(format!("did you mean `{close}`?")),
                None if known.is_empty() => diagnostic,
                None => diagnostic.help(format!(
                    "the keys of {} are {}",
                    display(parent),
                    list(&known, "and")
                )),
            }
        }
        Problem::BadScopeName(explanation) => Diagnostic::error(Code::Schema, explanation)
            .at(map.value(&pointer))
            .help("Okta scope names look like `okta.users.read`"),
        Problem::TooLong(limit) => Diagnostic::error(
            Code::Schema,
            format!("{} is longer than {limit} characters", display(&pointer)),
        )
        .at(map.value(&pointer))
        .help_opt(about(&pointer, describe)),
        Problem::TooSmall(limit) => Diagnostic::error(
            Code::Schema,
            format!("{} must be at least {limit}", display(&pointer)),
        )
        .at(map.value(&pointer))
        .help_opt(about(&pointer, describe)),
        Problem::NotOneOf(options) => Diagnostic::error(
            Code::Schema,
            format!(
                "{} must be {}",
                display(&pointer),
                if options.len() == 1 {
                    format!("`{}`", options[0])
                } else {
                    format!("one of {}", list(&options, "or"))
                }
            ),
        )
        .at(map.value(&pointer))
        .help_opt(about(&pointer, describe)),
        Problem::Other(message) => Diagnostic::error(Code::Schema, message)
            .at(map.value(&pointer))
            .help_opt(about(&pointer, describe)),
    }
}

/// `` `type`: what the contact is for ``: the property's description as a hint.
fn about(pointer: &str, description: Option<String>) -> Option<String> {
    let key = segments(pointer).last()?;
    let name = if is_index(&key) { dotted(pointer) } else { key };
    description.map(|text| format!("`{name}`: {}", lowercase_first(&text)))
}

fn is_index(segment: &str) -> bool {
    !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit())
}

/// How to write a value of the first expected type at `pointer`: `name = "…"`.
fn example(pointer: &str, expected: &[&str]) -> Option<String> {
    let key = segments(pointer).last()?;
    if is_index(&key) {
        let (parent, _) = pointer.rsplit_once('/')?;
        return (expected.first() == Some(&"table")).then(|| format!("[[{}]]", dotted(parent)));
    }
    Some(match *expected.first()? {
        "string" => format!("{key} = \"…\""),
        "integer" | "number" => format!("{key} = 1"),
        "boolean" => format!("{key} = true"),
        "array" => format!("{key} = […]"),
        "table" => format!("[{}]", dotted(pointer)),
        _ => return None,
    })
}

/// `a string`, `a string or an array`.
fn one_of_types(types: &[&str]) -> String {
    match types {
        [] => "something else".to_owned(),
        [only] => with_article(only),
        [first @ .., last] => format!(
            "{} or {}",
            first
                .iter()
                .map(|name| with_article(name))
                .collect::<Vec<_>>()
                .join(", "),
            with_article(last)
        ),
    }
}

fn with_article(name: &str) -> String {
    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {name}")
}

/// `` `a`, `b` and `c` `` (or `` `a`, `b` or `c` `` with `conjunction` "or").
fn list(items: &[String], conjunction: &str) -> String {
    let quoted: Vec<String> = items.iter().map(|item| format!("`{item}`")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [only] => only.clone(),
        [first @ .., last] => format!("{} {conjunction} {last}", first.join(", ")),
    }
}

fn segments(pointer: &str) -> impl Iterator<Item = String> + '_ {
    pointer
        .split('/')
        .skip(1)
        .map(|segment| segment.replace("~1", "/").replace("~0", "~"))
}

/// `scopes[2].name` for `/scopes/2/name`.
pub(crate) fn dotted(pointer: &str) -> String {
    let mut out = String::new();
    for segment in segments(pointer) {
        if is_index(&segment) {
            out.push_str(&format!("[{segment}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&segment);
        }
    }
    out
}

/// How a message names the value at `pointer`.
fn display(pointer: &str) -> String {
    if pointer.is_empty() {
        "the manifest".to_owned()
    } else {
        format!("`{}`", dotted(pointer))
    }
}

/// The schema of the value at `pointer`, following `$ref`s, `anyOf`s and array items.
fn subschema(pointer: &str) -> Option<&'static Value> {
    let root: &'static Value = &SCHEMA;
    let mut current = resolve(root, root)?;
    for segment in segments(pointer) {
        let next = current
            .get("properties")
            .and_then(|properties| properties.get(&segment))
            .or_else(|| current.get("items"))?;
        current = resolve(root, next)?;
    }
    Some(current)
}

/// Follows a `$ref`, and an `anyOf` of one schema and `null`.
fn resolve<'a>(root: &'a Value, schema: &'a Value) -> Option<&'a Value> {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference.strip_prefix("#/$defs/")?;
        return resolve(root, root.get("$defs")?.get(name)?);
    }
    if let Some(branches) = schema.get("anyOf").and_then(Value::as_array) {
        let mut fitting = branches
            .iter()
            .filter(|branch| branch.get("type").and_then(Value::as_str) != Some("null"));
        if let (Some(only), None) = (fitting.next(), fitting.next()) {
            return resolve(root, only);
        }
    }
    Some(schema)
}

/// The description of the value at `pointer`, as the property declaring it says it.
fn description(pointer: &str) -> Option<String> {
    let root: &Value = &SCHEMA;
    let (parent, key) = pointer.rsplit_once('/')?;
    let parent = subschema(parent)?;
    let key = key.replace("~1", "/").replace("~0", "~");
    let property = parent
        .get("properties")
        .and_then(|properties| properties.get(&key))
        .or_else(|| parent.get("items"))?;
    let text = property
        .get("description")
        .or_else(|| resolve(root, property)?.get("description"))?
        .as_str()?;
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(text.trim_end_matches('.').to_owned())
}

/// A description to follow a colon: its first letter in lower case.
fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The keys a table at `pointer` may have.
fn known_keys(pointer: &str) -> Vec<String> {
    subschema(pointer)
        .and_then(|schema| schema.get("properties"))
        .and_then(Value::as_object)
        .map(|properties| properties.keys().cloned().collect())
        .unwrap_or_default()
}

/// Whether the value at `pointer` is an array of tables in the schema.
fn is_array_of_tables(pointer: &str) -> bool {
    let root: &Value = &SCHEMA;
    subschema(pointer)
        .filter(|schema| schema.get("type").and_then(Value::as_str) == Some("array"))
        .and_then(|schema| schema.get("items"))
        .and_then(|items| resolve(root, items))
        .and_then(|items| items.get("type"))
        .and_then(Value::as_str)
        == Some("object")
}

/// Whether the value at `pointer` is a table in the schema.
fn is_table(pointer: &str) -> bool {
    subschema(pointer)
        .and_then(|schema| schema.get("type"))
        .and_then(Value::as_str)
        == Some("object")
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::manifest::source;

    fn messages(toml: &str) -> Vec<String> {
        let parsed = source::parse(toml, Path::new("oin.toml")).unwrap();
        check(&parsed.json, &parsed.map)
            .into_iter()
            .map(|d| {
                let at = d.location.map(|l| (l.line, l.column)).unwrap_or_default();
                format!("{}:{} {}", at.0, at.1, d.message)
            })
            .collect()
    }

    #[test]
    fn the_schema_compiles() {
        assert!(VALIDATOR.is_ok(), "{:?}", VALIDATOR.as_ref().err());
    }

    #[test]
    fn reports_missing_tables_at_the_top() {
        let found = messages("scopes = []\n");
        assert!(
            found.contains(
                &"1:1 the manifest is missing the required table `[integration]`".to_owned()
            ),
            "{found:#?}"
        );
    }

    #[test]
    fn looks_inside_optional_tables() {
        let found = messages("[conformance]\ncommand = \"cargo test\"\n");
        assert!(
            found.contains(&"2:11 `conformance.command` must be an array, not a string".to_owned()),
            "{found:#?}"
        );
        let found = messages("conformance = 3\n");
        assert!(
            found.contains(&"1:15 `conformance` must be a table, not an integer".to_owned()),
            "{found:#?}"
        );
    }

    #[test]
    fn lists_the_allowed_constants() {
        let found = messages("[[support.contacts]]\ntype = \"support\"\n");
        assert!(
            found.contains(
                &"2:8 `support.contacts[0].type` must be one of `customer_support` or `escalation_support`"
                    .to_owned()
            ),
            "{found:#?}"
        );
    }

    #[test]
    fn shows_how_to_write_an_array_of_tables() {
        let parsed =
            source::parse("scopes = [\"okta.logs.read\"]\n", Path::new("oin.toml")).unwrap();
        let found: Vec<_> = check(&parsed.json, &parsed.map)
            .into_iter()
            .filter(|d| {
                d.location
                    .as_ref()
                    .is_some_and(|l| l.pointer == "/scopes/0")
            })
            .collect();
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(
            found[0].message,
            "`scopes[0]` must be a table, not a string"
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("write `[[scopes]]`: one requested scope")
        );
    }

    #[test]
    fn names_tables_and_array_items() {
        assert_eq!(dotted("/scopes/2/name"), "scopes[2].name");
        assert_eq!(dotted("/integration"), "integration");
        assert_eq!(known_keys("/support/contacts/0").len(), 4);
        assert!(is_table("/conformance"));
        assert_eq!(
            description("/integration/name").as_deref(),
            Some("The display name (OIN: at most 64 characters)")
        );
    }
}
