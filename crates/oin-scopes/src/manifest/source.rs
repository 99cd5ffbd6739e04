//! The manifest's TOML source: parsed once into a JSON value (for the schema) and an index
//! from JSON pointers to the line and column of each key and value (for the diagnostics).

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde_json::{Map, Number, Value};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::diagnostic::Location;

/// A 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Position {
    pub(crate) line: usize,
    pub(crate) column: usize,
}

/// One key/value of the document.
#[derive(Debug, Clone, Copy)]
struct Node {
    /// Where the key is, for table entries.
    key: Option<Position>,
    /// Where the value is: its first character, or the table header of a table.
    value: Position,
    /// The value's bytes in the source (of a table: its header).
    span: (usize, usize),
    /// The value's TOML type name.
    kind: &'static str,
}

/// Line starts of a text, to turn byte offsets into positions.
struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        Self { text, starts }
    }

    fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self
            .starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0);
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |before| before.chars().count())
            + 1;
        Position {
            line: line.max(1),
            column,
        }
    }
}

/// Where each key and value of a manifest is, by JSON pointer.
#[derive(Debug, Clone)]
pub(crate) struct SourceMap {
    path: PathBuf,
    nodes: BTreeMap<String, Node>,
}

impl SourceMap {
    /// A map with no nodes: every location is the start of the file.
    pub(crate) fn empty(path: &Path) -> Self {
        Self {
            path: path.to_owned(),
            nodes: BTreeMap::new(),
        }
    }

    /// The manifest file.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// The location of the value at `pointer`, or of its closest ancestor that exists (so a
    /// missing key points at its table's header).
    pub(crate) fn value(&self, pointer: &str) -> Option<Location> {
        let (_, node) = self.closest(pointer)?;
        Some(self.location(pointer, node.value))
    }

    /// The location of the key at `pointer` (of its value for array items), or of its
    /// closest ancestor that exists.
    pub(crate) fn key(&self, pointer: &str) -> Option<Location> {
        let (found, node) = self.closest(pointer)?;
        let position = if found {
            node.key.unwrap_or(node.value)
        } else {
            node.value
        };
        Some(self.location(pointer, position))
    }

    /// The location of the innermost value whose source contains the byte `offset`, such as
    /// the value a deserialization error points at.
    pub(crate) fn at_offset(&self, offset: usize) -> Option<Location> {
        let (pointer, node) = self
            .nodes
            .iter()
            .filter(|(_, node)| node.span.0 <= offset && offset < node.span.1.max(node.span.0 + 1))
            .min_by_key(|(_, node)| node.span.1 - node.span.0)?;
        Some(self.location(pointer, node.value))
    }

    /// The TOML type name of the value at `pointer`.
    pub(crate) fn kind(&self, pointer: &str) -> Option<&'static str> {
        self.nodes.get(pointer).map(|node| node.kind)
    }

    /// Whether a value exists at `pointer`.
    #[cfg(test)]
    pub(crate) fn contains(&self, pointer: &str) -> bool {
        self.nodes.contains_key(pointer)
    }

    fn closest(&self, pointer: &str) -> Option<(bool, Node)> {
        let mut current = pointer;
        let mut found = true;
        loop {
            if let Some(node) = self.nodes.get(current) {
                return Some((found, *node));
            }
            found = false;
            current = current.rsplit_once('/')?.0;
        }
    }

    fn location(&self, pointer: &str, position: Position) -> Location {
        Location {
            path: self.path.clone(),
            pointer: pointer.to_owned(),
            line: position.line,
            column: position.column,
        }
    }
}

/// The location of a byte offset of `source` that has no pointer (a TOML syntax error).
pub(crate) fn offset_location(path: &Path, source: &str, offset: usize) -> Location {
    let position = Lines::new(source).position(offset);
    Location {
        path: path.to_owned(),
        pointer: String::new(),
        line: position.line,
        column: position.column,
    }
}

/// Escapes a key for a JSON pointer (RFC 6901).
pub(crate) fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// A parsed TOML document: the document itself (to deserialize), the same as JSON (to
/// validate), and the positions of its keys and values.
pub(crate) struct Parsed<'i> {
    pub(crate) table: Spanned<DeTable<'i>>,
    pub(crate) json: Value,
    pub(crate) map: SourceMap,
}

/// Parses `source`.
///
/// # Errors
/// The TOML syntax error.
pub(crate) fn parse<'i>(source: &'i str, path: &Path) -> Result<Parsed<'i>, toml::de::Error> {
    let table = DeTable::parse(source)?;
    let lines = Lines::new(source);
    let mut nodes = BTreeMap::new();
    let root_span = table.span();
    let json = walk_table(table.get_ref(), "", &lines, &mut nodes);
    nodes.insert(
        String::new(),
        Node {
            key: None,
            value: lines.position(root_span.start),
            span: (root_span.start, root_span.end),
            kind: "table",
        },
    );
    Ok(Parsed {
        table,
        json,
        map: SourceMap {
            path: path.to_owned(),
            nodes,
        },
    })
}

fn walk_table(
    table: &DeTable<'_>,
    pointer: &str,
    lines: &Lines<'_>,
    nodes: &mut BTreeMap<String, Node>,
) -> Value {
    let mut object = Map::new();
    for (key, value) in table.iter() {
        let child = format!("{pointer}/{}", escape(key.get_ref()));
        let json = walk(value, &child, Some(key.span()), lines, nodes);
        object.insert(key.get_ref().to_string(), json);
    }
    Value::Object(object)
}

fn walk(
    value: &Spanned<DeValue<'_>>,
    pointer: &str,
    key: Option<Range<usize>>,
    lines: &Lines<'_>,
    nodes: &mut BTreeMap<String, Node>,
) -> Value {
    let span = value.span();
    let node = Node {
        key: key.map(|span| lines.position(span.start)),
        value: lines.position(span.start),
        span: (span.start, span.end),
        kind: value.get_ref().type_str(),
    };
    nodes.insert(pointer.to_owned(), node);
    match value.get_ref() {
        DeValue::String(text) => Value::String(text.to_string()),
        DeValue::Integer(integer) => i64::from_str_radix(integer.as_str(), integer.radix())
            .map_or_else(|_| Value::String(integer.to_string()), Value::from),
        DeValue::Float(float) => float
            .as_str()
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map_or_else(|| Value::String(float.to_string()), Value::Number),
        DeValue::Boolean(boolean) => Value::Bool(*boolean),
        DeValue::Datetime(datetime) => Value::String(datetime.to_string()),
        DeValue::Array(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(index, item)| walk(item, &format!("{pointer}/{index}"), None, lines, nodes))
                .collect(),
        ),
        DeValue::Table(table) => walk_table(table, pointer, lines, nodes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = r#"# a comment
[integration]
name = "Acmé"
use_cases = ["Automation", "Zero Trust"]

[[scopes]]
name = "okta.users.read"

[[scopes]]
name = "okta.logs.read"
reason = "tail"

[test_account.extra]
when = 2026-01-01T00:00:00Z
"#;

    fn at(map: &SourceMap, pointer: &str) -> (usize, usize) {
        let location = map.value(pointer).unwrap();
        (location.line, location.column)
    }

    #[test]
    fn maps_pointers_to_values_and_headers() {
        let parsed = parse(SOURCE, Path::new("oin.toml")).unwrap();
        let map = &parsed.map;
        assert_eq!(at(map, ""), (1, 1));
        assert_eq!(at(map, "/integration"), (2, 1));
        assert_eq!(at(map, "/integration/name"), (3, 8));
        assert_eq!(at(map, "/integration/use_cases/1"), (4, 28));
        assert_eq!(at(map, "/scopes/1"), (9, 1));
        assert_eq!(at(map, "/scopes/1/reason"), (11, 10));
        let key = map.key("/scopes/1/reason").unwrap();
        assert_eq!((key.line, key.column), (11, 1));
        // A missing value points at its table's header.
        assert_eq!(at(map, "/scopes/0/reason"), (6, 1));
        assert_eq!(
            map.value("/scopes/0/reason").unwrap().pointer,
            "/scopes/0/reason"
        );
        assert_eq!(map.kind("/test_account/extra/when"), Some("datetime"));
    }

    #[test]
    fn finds_the_innermost_value_at_an_offset() {
        let parsed = parse(SOURCE, Path::new("oin.toml")).unwrap();
        let offset = SOURCE.find("tail").unwrap();
        let location = parsed.map.at_offset(offset).unwrap();
        assert_eq!(location.pointer, "/scopes/1/reason");
        assert_eq!((location.line, location.column), (11, 10));
        let offset = SOURCE.find("Zero").unwrap();
        assert_eq!(
            parsed.map.at_offset(offset).unwrap().pointer,
            "/integration/use_cases/1"
        );
    }

    #[test]
    fn converts_to_json_with_datetimes_as_strings() {
        let parsed = parse(SOURCE, Path::new("oin.toml")).unwrap();
        assert_eq!(parsed.json["integration"]["name"], "Acmé");
        assert_eq!(
            parsed.json["test_account"]["extra"]["when"],
            "2026-01-01T00:00:00Z"
        );
        assert_eq!(parsed.json["scopes"][1]["reason"], "tail");
    }

    #[test]
    fn columns_count_characters() {
        let parsed = parse("[a]\n\"é\" = 1\nb = \"ü\"\n", Path::new("x.toml")).unwrap();
        assert_eq!(at(&parsed.map, "/a/b"), (3, 5));
        let lines = Lines::new("é = 1\n");
        assert_eq!(lines.position(5), Position { line: 1, column: 5 });
    }

    #[test]
    fn escapes_pointer_segments() {
        let parsed = parse("[\"a/b\"]\n\"c~d\" = 1\n", Path::new("x.toml")).unwrap();
        assert!(parsed.map.contains("/a~1b/c~0d"));
    }
}
