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

/// How many mappings one lookup may merge, and how deeply merges may nest: real documents
/// merge one or two; an alias bomb built of merges stops here.
const MERGE_MAPS: usize = 64;
const MERGE_DEPTH: usize = 8;

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
    /// Single- or double-quoted (every JSON string), or a plain scalar tagged `!!str`: a
    /// string, whatever it looks like.
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
    /// Keys written twice in one mapping. The earlier entries are gone from the mapping: the
    /// readers of YAML and JSON everyone else uses keep the last one.
    pub duplicates: Vec<Duplicate>,
    /// Where a second YAML document starts (its `---`): it is not read.
    pub second_document: Option<Span>,
    /// Whether some mapping has a YAML merge key (`<<`): lookups then also search the merged
    /// mappings, and can skip that when no file needs it.
    pub has_merge: bool,
    /// Whether some node is a YAML alias (`*name`): an incremental re-parse cannot tell who
    /// names an anchor it would replace, and need not walk the tree to find out.
    pub has_alias: bool,
}

/// A key repeated in one mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Duplicate {
    /// The first time the key is written.
    pub first: NodeId,
    /// A later time (the last one is the entry kept).
    pub repeated: NodeId,
    /// The mapping.
    pub map: NodeId,
    /// The key the mapping stands under (`responses`), if it is a mapping value.
    pub parent_key: Option<NodeId>,
}

/// Above this many entries, repeated keys are found by sorting rather than by comparing every
/// pair.
const PAIRWISE_MAX: usize = 8;

/// The text a key is compared by: none for a merge key (`<<: *a` may be written twice, and is
/// not the key `'<<'`) nor for a collection.
#[inline]
fn key_text(tree: &Tree, key: NodeId) -> Option<&str> {
    match &tree.node(key).kind {
        Kind::Scalar(text, style) => {
            (!(tree.has_merge && *style == ScalarStyle::Plain && &**text == "<<")).then_some(text)
        }
        _ => tree.str(key),
    }
}

/// A key's length and first and last bytes in one word (never 0, which marks "no key"):
/// equal keys have equal signatures, and the different keys of one mapping seldom do.
#[inline]
fn signature(key: &str) -> u64 {
    let bytes = key.as_bytes();
    let ends = match bytes {
        [] => 0,
        [first, .., last] => u64::from(*first) << 8 | u64::from(*last),
        [only] => u64::from(*only),
    };
    1 << 63 | (bytes.len() as u64) << 16 | ends
}

/// Drops from `entries[first..]` (a mapping being closed) every entry whose key is written
/// again later in it, and returns the repetitions, for reports.
pub fn drop_repeated_keys(
    tree: &Tree,
    entries: &mut Vec<(NodeId, NodeId)>,
    first: usize,
    map_id: NodeId,
    parent_key: Option<NodeId>,
) -> Vec<Duplicate> {
    let map = &entries[first..];
    if map.len() < 2 {
        return Vec::new();
    }
    // (repeat, first, previous) indices into `map`.
    let mut repeats: Vec<(usize, usize, usize)> = Vec::new();
    if map.len() <= PAIRWISE_MAX {
        // This runs for every mapping of every file: keys are compared by a one-word
        // signature first, and by text only when the signatures agree.
        let mut signatures = [0u64; PAIRWISE_MAX];
        for (i, &(k, _)) in map.iter().enumerate() {
            let Some(key) = key_text(tree, k) else {
                continue;
            };
            let signature = signature(key);
            signatures[i] = signature;
            let mut found: Option<(usize, usize)> = None;
            for (j, &earlier) in signatures[..i].iter().enumerate() {
                if earlier == signature && key_text(tree, map[j].0) == Some(key) {
                    found = Some((found.map_or(j, |f| f.0), j));
                }
            }
            if let Some((first_at, previous)) = found {
                repeats.push((i, first_at, previous));
            }
        }
    } else {
        // Sorted by signature, then text, then place: equal keys are neighbours, and texts are
        // compared only where signatures tie (the keys of a large mapping often share length
        // and ends, `/items/12345/{id}`, so ties are sorted by text, never compared pairwise).
        let mut order: Vec<(u64, &str, u32)> = map
            .iter()
            .enumerate()
            .filter_map(|(i, &(k, _))| key_text(tree, k).map(|key| (signature(key), key, i as u32)))
            .collect();
        order.sort_unstable();
        for group in order.chunk_by(|a, b| a.1 == b.1).filter(|g| g.len() > 1) {
            let first_at = group[0].2 as usize;
            for pair in group.windows(2) {
                repeats.push((pair[1].2 as usize, first_at, pair[0].2 as usize));
            }
        }
        repeats.sort_unstable();
    }
    if repeats.is_empty() {
        return Vec::new();
    }
    let duplicates = repeats
        .iter()
        .map(|&(i, first_at, _)| Duplicate {
            first: map[first_at].0,
            repeated: map[i].0,
            map: map_id,
            parent_key,
        })
        .collect();
    let mut dropped = vec![false; map.len()];
    for &(_, _, previous) in &repeats {
        dropped[previous] = true;
    }
    let mut index = 0;
    entries.retain(|_| {
        let keep = index < first || !dropped[index - first];
        index += 1;
        keep
    });
    duplicates
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

    /// The entry whose key is the scalar `key`: `(key node, value node)`. An entry written in
    /// the mapping wins over one merged into it with `<<`.
    pub fn get(&self, map: NodeId, key: &str) -> Option<(NodeId, NodeId)> {
        let found = self
            .entries(map)
            .iter()
            .copied()
            .find(|&(k, _)| self.str(k) == Some(key));
        if found.is_none() && self.has_merge {
            return self
                .merged_entries(map)
                .into_iter()
                .find(|&(k, _)| self.str(k) == Some(key));
        }
        found
    }

    /// Whether `key` is a YAML merge key: a plain `<<` (a quoted one is an ordinary string).
    pub fn is_merge_key(&self, key: NodeId) -> bool {
        matches!(&self.node(key).kind, Kind::Scalar(text, ScalarStyle::Plain) if &**text == "<<")
    }

    /// The entries of a mapping with its merge keys applied as libyaml, PyYAML, js-yaml and
    /// go-yaml apply them: the `<<` entries are replaced by the entries of the mappings they
    /// name (one alias, or a list of them), except those whose key is written in the mapping
    /// itself; of two merged mappings, the earlier in the list wins. Merged entries keep their
    /// own nodes, so their positions are where they are written.
    pub fn merged_entries(&self, map: NodeId) -> Vec<(NodeId, NodeId)> {
        let mut out = Vec::new();
        // A merge may name a mapping that merges in turn, or (through an anchor on an
        // ancestor) itself: the walk is bounded.
        let mut budget = MERGE_MAPS;
        self.merge_into(self.deref(map), &mut out, &mut budget, 0);
        out
    }

    fn merge_into(
        &self,
        map: NodeId,
        out: &mut Vec<(NodeId, NodeId)>,
        budget: &mut usize,
        depth: usize,
    ) {
        // The parsers dropped repeated keys: the mapping's own entries are unique.
        let mut merges = Vec::new();
        for &(k, v) in self.entries(map) {
            if self.has_merge && self.is_merge_key(k) {
                merges.push(v);
            } else {
                out.push((k, v));
            }
        }
        if merges.is_empty() || depth >= MERGE_DEPTH {
            return;
        }
        for value in merges {
            let value = self.deref(value);
            let sources: &[NodeId] = match &self.node(value).kind {
                Kind::Seq(items) => items,
                _ => std::slice::from_ref(&value),
            };
            for &source in sources {
                let source = self.deref(source);
                if *budget == 0 || !self.is_map(source) || source == map {
                    continue;
                }
                *budget -= 1;
                let mut merged = Vec::new();
                self.merge_into(source, &mut merged, budget, depth + 1);
                for (k, v) in merged {
                    if !self.has_key(out, k) {
                        out.push((k, v));
                    }
                }
            }
        }
    }

    fn has_key(&self, entries: &[(NodeId, NodeId)], key: NodeId) -> bool {
        let Some(text) = self.str(key) else {
            return false;
        };
        entries.iter().any(|&(k, _)| self.str(k) == Some(text))
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
