//! The span-keeping document tree that YAML and JSON are both read into.
//!
//! Every node keeps the byte range it was read from, so any rule can point at the exact node.
//! Scalars keep their source text (never converted to numbers: real specs hold integers outside
//! i64), and mappings keep their entries in source order. YAML aliases stay aliases: following
//! one is the reader's decision, under a budget, so an alias bomb costs nothing until followed.

/// The finished collection whose children are the entries (or items) past `first` on the
/// parsers' shared child stacks, which are popped back to `first`.
pub fn take_children(
    entries: &mut Vec<(NodeId, NodeId)>,
    items: &mut Vec<NodeId>,
    is_map: bool,
    first: usize,
) -> Kind {
    if is_map {
        Kind::Map(entries.drain(first..).collect())
    } else {
        Kind::Seq(items.drain(first..).collect())
    }
}

/// Index of a node in its [`Tree`].
pub type NodeId = u32;

/// A byte range in the source text, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }
}

/// How a scalar was written; `status-code-not-quoted` needs to tell `201:` from `"201":`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarStyle {
    /// A YAML plain scalar, or a JSON number/true/false/null.
    Plain,
    /// Single- or double-quoted (every JSON string).
    Quoted,
    /// A YAML literal (`|`) or folded (`>`) block scalar.
    Block,
}

#[derive(Debug, Clone)]
pub enum Kind {
    /// Entries in source order: (key node, value node).
    Map(Vec<(NodeId, NodeId)>),
    Seq(Vec<NodeId>),
    Scalar(Box<str>, ScalarStyle),
    /// A YAML alias: the node it names (always defined earlier in the document).
    Alias(NodeId),
}

#[derive(Debug, Clone)]
pub struct Node {
    pub span: Span,
    pub kind: Kind,
}

/// One parsed document: an arena of nodes and its root.
#[derive(Debug, Clone, Default)]
pub struct Tree {
    pub nodes: Vec<Node>,
    pub root: NodeId,
}

impl Tree {
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id as usize]
    }

    pub fn span(&self, id: NodeId) -> Span {
        self.node(id).span
    }

    /// Appends a node and returns its id.
    pub fn push(&mut self, span: Span, kind: Kind) -> NodeId {
        let id = self.nodes.len() as NodeId;
        self.nodes.push(Node { span, kind });
        id
    }

    /// The node an alias chain ends at. Aliases always name an earlier node, but `&a [*a]`
    /// names an ancestor, so the chain itself is bounded by a small hop limit.
    pub fn deref(&self, mut id: NodeId) -> NodeId {
        for _ in 0..64 {
            match self.node(id).kind {
                Kind::Alias(target) => id = target,
                _ => return id,
            }
        }
        id
    }

    /// The text of a scalar node (after following aliases), or `None` for collections.
    pub fn str(&self, id: NodeId) -> Option<&str> {
        match &self.node(self.deref(id)).kind {
            Kind::Scalar(text, _) => Some(text),
            _ => None,
        }
    }

    pub fn style(&self, id: NodeId) -> Option<ScalarStyle> {
        match &self.node(id).kind {
            Kind::Scalar(_, style) => Some(*style),
            _ => None,
        }
    }

    /// The entries of a mapping (after following aliases); empty for anything else.
    /// YAML merge keys (`<<`) are returned as ordinary entries: [`crate::tree::Tree::get`]
    /// and the model builder decide how to merge.
    pub fn entries(&self, id: NodeId) -> &[(NodeId, NodeId)] {
        match &self.node(self.deref(id)).kind {
            Kind::Map(entries) => entries,
            _ => &[],
        }
    }

    /// The items of a sequence (after following aliases); empty for anything else.
    pub fn items(&self, id: NodeId) -> &[NodeId] {
        match &self.node(self.deref(id)).kind {
            Kind::Seq(items) => items,
            _ => &[],
        }
    }

    pub fn is_map(&self, id: NodeId) -> bool {
        matches!(self.node(self.deref(id)).kind, Kind::Map(_))
    }

    /// The first entry whose key is the scalar `key`: `(key node, value node)`.
    pub fn get(&self, map: NodeId, key: &str) -> Option<(NodeId, NodeId)> {
        self.entries(map)
            .iter()
            .copied()
            .find(|&(k, _)| self.str(k) == Some(key))
    }

    /// The value under `key`, if any.
    pub fn value(&self, map: NodeId, key: &str) -> Option<NodeId> {
        self.get(map, key).map(|(_, v)| v)
    }

    /// The scalar text under `key`, if any.
    pub fn value_str(&self, map: NodeId, key: &str) -> Option<&str> {
        self.value(map, key).and_then(|v| self.str(v))
    }
}
