//! Path-template matching: a segment trie built once from the catalog, walked without
//! allocating. A literal segment is preferred to a parameter at each level, with
//! backtracking: `/api/v1/groups/rules` is `listGroupRules`, not `getGroup` with the id
//! `rules`, and a path whose literal branch leads nowhere still falls back to the parameter.

use std::str::Split;

use super::operation::{Method, Operation};

const NO_OPERATION: u16 = u16::MAX;

/// One node of the trie: the literal children sorted by segment, the parameter child, and
/// for each method the index of the operation whose template ends here.
#[derive(Debug)]
struct Node {
    literals: Vec<(&'static str, u32)>,
    parameter: Option<u32>,
    operations: [u16; Method::ALL.len()],
}

impl Node {
    fn new() -> Self {
        Self {
            literals: Vec::new(),
            parameter: None,
            operations: [NO_OPERATION; Method::ALL.len()],
        }
    }

    fn literal(&self, segment: &str) -> Option<u32> {
        self.literals
            .binary_search_by(|(literal, _)| shortlex(literal, segment))
            .ok()
            .map(|index| self.literals[index].1)
    }

    fn has_operations(&self) -> bool {
        self.operations
            .iter()
            .any(|&operation| operation != NO_OPERATION)
    }
}

/// The trie over every operation's path template.
#[derive(Debug)]
pub(crate) struct Router {
    nodes: Vec<Node>,
}

/// What a request path and method resolve to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Found {
    /// The index of the operation.
    Operation(u16),
    /// The path is a template of the catalog, but not for this method; the methods it has.
    OtherMethods([bool; Method::ALL.len()]),
    /// No template matches the path.
    Nothing,
}

impl Router {
    /// Builds the trie. Panics only if the generated catalog holds two operations with one
    /// method and template, or more than `u16::MAX` operations, which its tests rule out.
    pub(crate) fn new(operations: &[Operation]) -> Self {
        let mut nodes = vec![Node::new()];
        for (index, operation) in operations.iter().enumerate() {
            let mut node = 0_usize;
            for segment in template_segments(operation.path) {
                node = if is_parameter(segment) {
                    match nodes[node].parameter {
                        Some(child) => child as usize,
                        None => {
                            let child = push(&mut nodes);
                            nodes[node].parameter = Some(child);
                            child as usize
                        }
                    }
                } else {
                    match nodes[node].literal(segment) {
                        Some(child) => child as usize,
                        None => {
                            let child = push(&mut nodes);
                            let literals = &mut nodes[node].literals;
                            let at = literals
                                .partition_point(|(literal, _)| shortlex(literal, segment).is_lt());
                            literals.insert(at, (segment, child));
                            child as usize
                        }
                    }
                };
            }
            let slot = &mut nodes[node].operations[operation.method.index()];
            assert_eq!(
                *slot, NO_OPERATION,
                "two operations for {} {}",
                operation.method, operation.path
            );
            *slot = u16::try_from(index).expect("the catalog holds fewer than 65535 operations");
        }
        Self { nodes }
    }

    /// Finds the operation for `method` and `path` (a path without query; a query or
    /// fragment, if present, is ignored).
    pub(crate) fn find(&self, method: Method, path: &str) -> Found {
        let Some(segments) = request_segments(path) else {
            return Found::Nothing;
        };
        if let Some(operation) = self.walk(0, segments.clone(), &|node| {
            let operation = node.operations[method.index()];
            (operation != NO_OPERATION).then_some(operation)
        }) {
            return Found::Operation(operation);
        }
        match self.walk(0, segments, &|node| node.has_operations().then_some(node)) {
            Some(node) => {
                Found::OtherMethods(node.operations.map(|operation| operation != NO_OPERATION))
            }
            None => Found::Nothing,
        }
    }

    fn walk<'n, T>(
        &'n self,
        node: u32,
        mut segments: Split<'_, char>,
        accept: &impl Fn(&'n Node) -> Option<T>,
    ) -> Option<T> {
        let current = &self.nodes[node as usize];
        let Some(segment) = segments.next() else {
            return accept(current);
        };
        if let Some(child) = current.literal(segment)
            && let Some(found) = self.walk(child, segments.clone(), accept)
        {
            return Some(found);
        }
        match current.parameter {
            Some(child) if !segment.is_empty() => self.walk(child, segments, accept),
            _ => None,
        }
    }
}

/// Length first, then bytes: most comparisons in a binary search end at the length.
fn shortlex(a: &str, b: &str) -> std::cmp::Ordering {
    a.len()
        .cmp(&b.len())
        .then_with(|| a.as_bytes().cmp(b.as_bytes()))
}

fn push(nodes: &mut Vec<Node>) -> u32 {
    nodes.push(Node::new());
    u32::try_from(nodes.len() - 1).expect("the trie has fewer than 2^32 nodes")
}

fn is_parameter(segment: &str) -> bool {
    segment.starts_with('{') && segment.ends_with('}')
}

fn template_segments(template: &str) -> Split<'_, char> {
    template.strip_prefix('/').unwrap_or(template).split('/')
}

/// The segments of a request path, without its query and fragment; `None` when the path
/// does not start with `/`.
fn request_segments(path: &str) -> Option<Split<'_, char>> {
    let end = path
        .bytes()
        .position(|byte| byte == b'?' || byte == b'#')
        .unwrap_or(path.len());
    path[..end].strip_prefix('/').map(|rest| rest.split('/'))
}

/// The path parameters of a request matched against a template, in template order.
#[derive(Debug, Clone)]
pub struct PathParams<'t, 'p> {
    template: Split<'t, char>,
    path: Split<'p, char>,
}

impl<'t, 'p> PathParams<'t, 'p> {
    pub(crate) fn new(template: &'t str, path: &'p str) -> Self {
        let empty = "".split('/');
        let path = request_segments(path).unwrap_or(empty);
        Self {
            template: template_segments(template),
            path,
        }
    }
}

impl<'t, 'p> Iterator for PathParams<'t, 'p> {
    /// The parameter's name without braces, and its raw (still percent-encoded) value.
    type Item = (&'t str, &'p str);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let template = self.template.next()?;
            let value = self.path.next()?;
            if is_parameter(template) {
                return Some((&template[1..template.len() - 1], value));
            }
        }
    }
}
