//! Re-parsing only what an edit touched, for the language server.
//!
//! A 10 MB description takes most of a lint to parse, while an edit in an editor changes a few
//! bytes inside one operation. When the edit lies strictly inside a collection that can be read
//! on its own (any JSON object or array; a YAML block collection that starts its own line and
//! keeps its indentation), only that collection's new text is parsed, its subtree is spliced
//! into the tree in place of the old one, and the spans after it are shifted. Anything else
//! (an edit between top-level keys, a YAML document with aliases, a text that no longer parses
//! there) is left to a full parse, so the result is always the tree a full parse would give.

use super::{Format, ParseError};
use std::collections::HashSet;

use crate::tree::{Duplicate, Kind, NodeId, Span, Tree};

/// One text edit in byte offsets: `old[start..old_end]` became `new[start..new_end]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub old_end: usize,
    pub new_end: usize,
}

/// What a successful splice did: how many nodes of the arena are now unreachable (the caller
/// re-parses in full once they outnumber the live ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spliced {
    pub garbage: usize,
    /// The edit touched no node (blank lines, comments, JSON white space): every node is where
    /// it was, moved by the edit, so what was said about them only moves too.
    pub trivia: bool,
}

/// How many enclosing collections are tried, innermost first, before giving up: an edit that
/// breaks the text fails at every level, and the full parse that follows reports it.
const ATTEMPTS: usize = 3;

/// Updates `tree`, the tree of `old`, for `new` = `old` with `edit` applied. `None` leaves
/// `tree` untouched: parse `new` in full.
pub fn reparse(
    tree: &mut Tree,
    old: &str,
    new: &str,
    edit: Edit,
    format: Format,
) -> Option<Spliced> {
    if edit.start > edit.old_end || edit.old_end > old.len() || edit.new_end > new.len() {
        return None;
    }
    if tree.has_alias {
        // An anchor inside the region could be named from outside it: ids would go stale.
        return None;
    }
    if is_trivia(tree, old, new, edit, format) {
        // Blank lines or comments (JSON: white space) between nodes: the tree stays, moved.
        shift_around(tree, edit);
        return Some(Spliced {
            garbage: 0,
            trivia: true,
        });
    }
    let path = enclosing(tree, edit);
    // The root (path[0]) is never re-read on its own: that is the full parse.
    for depth in (1..path.len()).rev().take(ATTEMPTS) {
        let (parent, slot, node) = path[depth];
        let region = match format {
            Format::Json => json_region(tree, node, edit),
            Format::Yaml => yaml_region(tree, old, node, edit),
        };
        let Some(region) = region else { continue };
        let delta = edit.new_end as isize - edit.old_end as isize;
        let new_end = (region.end as isize + delta) as usize;
        let Some(text) = new.get(region.start..new_end) else {
            continue;
        };
        if format == Format::Yaml && !keeps_indentation(new, region.start, new_end, region.indent) {
            continue;
        }
        let Ok(sub) = parse_region(text, format) else {
            continue;
        };
        let same_kind = matches!(
            (&tree.node(node).kind, &sub.node(sub.root).kind),
            (Kind::Map(_), Kind::Map(_)) | (Kind::Seq(_), Kind::Seq(_))
        );
        if !same_kind || sub.has_alias {
            continue;
        }
        let replaced = subtree(tree, node);
        let garbage = replaced.len();
        // A block collection ends where its last child does: an ancestor that ended with the
        // replaced node ends with the new one (which may end before the region does).
        let ends: Vec<u32> = path[..=depth]
            .iter()
            .map(|&(_, _, n)| tree.span(n).end)
            .collect();
        shift(tree, region.end, delta);
        // The key the collection stands under, which its repeated keys name.
        let key = parent.and_then(|p| match &tree.node(p).kind {
            Kind::Map(entries) => entries.get(slot).map(|&(k, _)| k),
            _ => None,
        });
        let base = tree.nodes.len() as NodeId;
        // Repeated keys: those of the replaced collections go, the new parse's come.
        tree.duplicates.retain(|d| !replaced.contains(&d.map));
        tree.duplicates
            .extend(sub.duplicates.iter().map(|d| Duplicate {
                first: d.first + base,
                repeated: d.repeated + base,
                map: d.map + base,
                parent_key: match d.parent_key {
                    Some(k) => Some(k + base),
                    None if d.map == sub.root => key,
                    None => None,
                },
            }));
        tree.has_merge |= sub.has_merge;
        let root = graft(tree, sub, region.start as u32);
        let mut child_end = tree.span(root).end;
        for d in (0..depth).rev() {
            let ancestor = path[d].2 as usize;
            if ends[d] == ends[d + 1] {
                tree.nodes[ancestor].span.end = child_end;
            }
            child_end = tree.nodes[ancestor].span.end;
        }
        set_child(tree, parent.unwrap_or(tree.root), slot, root);
        return Some(Spliced {
            garbage,
            trivia: false,
        });
    }
    None
}

/// Whether the edit only removes and adds text no node is made of, outside every scalar: in
/// YAML whole lines that are blank or comments (at a line start), in JSON white space. Such an
/// edit (a comment line added at the top, a blank line removed) changes no node.
fn is_trivia(tree: &Tree, old: &str, new: &str, edit: Edit, format: Format) -> bool {
    let removed = &old[edit.start..edit.old_end];
    let Some(added) = new.get(edit.start..edit.new_end) else {
        return false;
    };
    let trivia = |text: &str| match format {
        Format::Json => text
            .bytes()
            .all(|b| matches!(b, b' ' | b'\n' | b'\r' | b'\t')),
        Format::Yaml => {
            (text.is_empty() || text.ends_with('\n'))
                && !text.contains('\r')
                && text.lines().all(|l| {
                    let t = l.trim_start_matches(' ');
                    t.is_empty() || t.starts_with('#')
                })
        }
    };
    let at_line_start = edit.start == 0 || old.as_bytes()[edit.start - 1] == b'\n';
    if !trivia(removed) || !trivia(added) || (format == Format::Yaml && !at_line_start) {
        return false;
    }
    // Not inside a scalar (a block scalar's lines, a multi-line quoted string): every node that
    // spans the edit must be a collection.
    let (s, e) = (edit.start as u32, edit.old_end as u32);
    tree.nodes.iter().all(|n| {
        // Overlaps the removed text, or (an insertion) holds its point strictly inside.
        let spans = n.span.start < e && s < n.span.end;
        !spans || matches!(n.kind, Kind::Map(_) | Kind::Seq(_))
    }) && tree
        .second_document
        .is_none_or(|d| d.start as usize >= edit.old_end)
}

/// Moves the spans around a trivia edit: nodes after it, and the ends of those around it.
fn shift_around(tree: &mut Tree, edit: Edit) {
    let delta = edit.new_end as isize - edit.old_end as isize;
    if delta == 0 {
        return;
    }
    let (s, e) = (edit.start as u32, edit.old_end as u32);
    let moved = |x: u32| (x as isize + delta) as u32;
    if let Some(second) = &mut tree.second_document {
        second.start = moved(second.start);
        second.end = moved(second.end);
    }
    for node in &mut tree.nodes {
        let ends_after = node.span.end > s && node.span.end >= e;
        if node.span.start >= e {
            node.span.start = moved(node.span.start);
        }
        if ends_after {
            node.span.end = moved(node.span.end);
        }
        node.span.end = node.span.end.max(node.span.start);
    }
}

/// The text a collection is re-read from, in the old text.
struct Region {
    start: usize,
    end: usize,
    /// YAML: the collection's indentation (its first line's).
    indent: usize,
}

/// The collections that contain the edit, from the root inwards, each with its parent and its
/// place there (`(parent, slot, node)`; the root has no parent). Keys are not descended into
/// (they are scalars in every real description).
fn enclosing(tree: &Tree, edit: Edit) -> Vec<(Option<NodeId>, usize, NodeId)> {
    let mut path = Vec::new();
    let inside =
        |span: Span| span.start as usize <= edit.start && edit.old_end <= span.end as usize;
    let mut node = tree.root;
    let mut parent = None;
    let mut slot = 0;
    loop {
        let children: Vec<NodeId> = match &tree.node(node).kind {
            Kind::Map(entries) => entries.iter().map(|&(_, v)| v).collect(),
            Kind::Seq(items) => items.clone(),
            _ => break,
        };
        path.push((parent, slot, node));
        let next = children.iter().position(|&c| {
            matches!(tree.node(c).kind, Kind::Map(_) | Kind::Seq(_)) && inside(tree.span(c))
        });
        match next {
            Some(i) => {
                parent = Some(node);
                slot = i;
                node = children[i];
            }
            None => break,
        }
    }
    path
}

/// A JSON object or array is a JSON text of its own: any of them strictly around the edit
/// (not touching its brackets) will do.
fn json_region(tree: &Tree, node: NodeId, edit: Edit) -> Option<Region> {
    let span = tree.span(node);
    let (start, end) = (span.start as usize, span.end as usize);
    (start < edit.start && edit.old_end < end).then_some(Region {
        start,
        end,
        indent: 0,
    })
}

/// A YAML block collection that starts its own line (only spaces before it), indented, and
/// whose lines the edit stays within: from that line's start to the end of its last line.
fn yaml_region(tree: &Tree, old: &str, node: NodeId, edit: Edit) -> Option<Region> {
    let span = tree.span(node);
    let (start, end) = (span.start as usize, span.end as usize);
    let first = old.as_bytes().get(start)?;
    if matches!(first, b'{' | b'[') {
        return None;
    }
    let line_start = old[..start].rfind('\n').map_or(0, |i| i + 1);
    let indent = start - line_start;
    if indent == 0 || !old[line_start..start].bytes().all(|b| b == b' ') {
        return None;
    }
    let region_end = if old[..end].ends_with('\n') {
        end
    } else {
        old[end..].find('\n').map_or(old.len(), |i| end + i + 1)
    };
    // The edit must leave the first key alone and the region's last line break in place.
    let last = if old[..region_end].ends_with('\n') {
        region_end - 1
    } else {
        region_end
    };
    if edit.start <= start || edit.old_end > last {
        return None;
    }
    // The line after the region must close the collection in the full document too (an
    // indentless sequence is followed by its parent's next key at the same indentation).
    let after = &old[region_end..];
    let next_line = after.lines().find(|l| !is_blank_or_comment(l));
    if next_line.is_some_and(|l| indentation(l) >= indent) {
        return None;
    }
    Some(Region {
        start: line_start,
        end: region_end,
        indent,
    })
}

/// Whether every line of `new[start..end]` with content is indented at least `indent` and the
/// first exactly `indent`: then the standalone parse sees the structure the document has.
fn keeps_indentation(new: &str, start: usize, end: usize, indent: usize) -> bool {
    let mut lines = new[start..end].lines();
    let Some(first) = lines.next() else {
        return false;
    };
    if indentation(first) != indent || first.trim().is_empty() {
        return false;
    }
    lines.all(|l| l.trim().is_empty() || indentation(l) >= indent)
}

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_blank_or_comment(line: &str) -> bool {
    let t = line.trim_start();
    t.is_empty() || t.starts_with('#')
}

fn parse_region(text: &str, format: Format) -> Result<Tree, ParseError> {
    super::parse(text, format)
}

/// The ids of the nodes reachable from `node`.
fn subtree(tree: &Tree, node: NodeId) -> HashSet<NodeId> {
    let mut ids = HashSet::new();
    let mut stack = vec![node];
    while let Some(id) = stack.pop() {
        ids.insert(id);
        match &tree.node(id).kind {
            Kind::Map(entries) => stack.extend(entries.iter().flat_map(|&(k, v)| [k, v])),
            Kind::Seq(items) => stack.extend(items.iter().copied()),
            _ => {}
        }
    }
    ids
}

/// Moves every span that starts or ends at or after `at` (in the old text) by `delta`: the
/// nodes after the region, and the ends of its ancestors.
fn shift(tree: &mut Tree, at: usize, delta: isize) {
    if delta == 0 {
        return;
    }
    let at = at as u32;
    let moved = |x: u32| (x as isize + delta) as u32;
    if let Some(second) = &mut tree.second_document {
        if second.start >= at {
            second.start = moved(second.start);
            second.end = moved(second.end);
        }
    }
    for node in &mut tree.nodes {
        if node.span.start >= at {
            node.span.start = moved(node.span.start);
        }
        if node.span.end >= at {
            node.span.end = moved(node.span.end);
        }
    }
}

/// Appends `sub`'s nodes to `tree` (ids and spans moved), returning its root's new id.
fn graft(tree: &mut Tree, sub: Tree, offset: u32) -> NodeId {
    let base = tree.nodes.len() as NodeId;
    let root = sub.root + base;
    tree.nodes.reserve(sub.nodes.len());
    for mut node in sub.nodes {
        node.span.start += offset;
        node.span.end += offset;
        match &mut node.kind {
            Kind::Map(entries) => {
                for (k, v) in entries.iter_mut() {
                    *k += base;
                    *v += base;
                }
            }
            Kind::Seq(items) => items.iter_mut().for_each(|i| *i += base),
            Kind::Alias(target) => *target += base,
            Kind::Scalar(..) => {}
        }
        tree.nodes.push(node);
    }
    root
}

fn set_child(tree: &mut Tree, parent: NodeId, slot: usize, child: NodeId) {
    match &mut tree.nodes[parent as usize].kind {
        Kind::Map(entries) => entries[slot].1 = child,
        Kind::Seq(items) => items[slot] = child,
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    /// The tree as nested values with spans, ignoring node ids (which a splice changes).
    fn shape(tree: &Tree, id: NodeId, out: &mut String) {
        let node = tree.node(id);
        out.push_str(&format!("{}..{}:", node.span.start, node.span.end));
        match &node.kind {
            Kind::Map(entries) => {
                out.push('{');
                for &(k, v) in entries {
                    shape(tree, k, out);
                    out.push('=');
                    shape(tree, v, out);
                    out.push(',');
                }
                out.push('}');
            }
            Kind::Seq(items) => {
                out.push('[');
                for &i in items {
                    shape(tree, i, out);
                    out.push(',');
                }
                out.push(']');
            }
            Kind::Scalar(text, style) => out.push_str(&format!("{text:?}{style:?}")),
            Kind::Alias(target) => shape(tree, *target, out),
        }
    }

    fn render(tree: &Tree) -> String {
        let mut out = String::new();
        shape(tree, tree.root, &mut out);
        let span = |id: NodeId| tree.span(id);
        let mut duplicates: Vec<_> = tree
            .duplicates
            .iter()
            .map(|d| {
                (
                    span(d.map),
                    span(d.first),
                    span(d.repeated),
                    d.parent_key.map(span),
                )
            })
            .collect();
        duplicates.sort_by_key(|d| (d.2.start, d.1.start));
        out.push_str(&format!(
            "\nduplicates {duplicates:?}\nsecond {:?}",
            tree.second_document
        ));
        out
    }

    /// Applies `old[range] = text` incrementally; returns whether it was incremental, after
    /// checking that the tree equals a full parse of the new text.
    fn edit(old: &str, find: &str, replace: &str, format: Format) -> bool {
        let start = old.find(find).expect("the text to replace");
        let new = format!("{}{}{}", &old[..start], replace, &old[start + find.len()..]);
        let mut tree = parse(old, format).unwrap();
        let edit = Edit {
            start,
            old_end: start + find.len(),
            new_end: start + replace.len(),
        };
        let done = reparse(&mut tree, old, &new, edit, format).is_some();
        if done {
            let full = parse(&new, format).unwrap();
            assert_eq!(render(&tree), render(&full), "after {find:?} → {replace:?}");
        }
        done
    }

    const YAML: &str = "openapi: 3.1.0\npaths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: ok\n        '404':\n          description: gone # why\n    post:\n      responses:\n        '201': {description: made}\ncomponents:\n  schemas: {}\n";

    #[test]
    fn yaml_edit_inside_an_operation_is_spliced() {
        assert!(edit(
            YAML,
            "description: ok",
            "description: fine, thanks",
            Format::Yaml
        ));
        assert!(edit(YAML, "'404'", "'410'", Format::Yaml));
        assert!(edit(
            YAML,
            "description: gone # why\n",
            "description: gone\n          content:\n            application/json: {}\n",
            Format::Yaml
        ));
        assert!(edit(YAML, "made", "", Format::Yaml));
    }

    #[test]
    fn comment_lines_and_blank_space_move_the_tree_without_a_parse() {
        // Inserted (as an editor sends it: nothing replaced) before `at`, then checked.
        let insert = |text: &str, at: &str, inserted: &str, format| {
            let start = text.find(at).expect("the place");
            let new = format!("{}{inserted}{}", &text[..start], &text[start..]);
            let mut tree = parse(text, format).unwrap();
            let edit = Edit {
                start,
                old_end: start,
                new_end: start + inserted.len(),
            };
            let done = reparse(&mut tree, text, &new, edit, format);
            assert_eq!(render(&tree), render(&parse(&new, format).unwrap()));
            done.map(|s| s.garbage)
        };
        // At the top, between top-level keys, between a key and its block value: no node is
        // parsed again (no garbage).
        assert_eq!(insert(YAML, "openapi", "# edit\n", Format::Yaml), Some(0));
        assert_eq!(
            insert(YAML, "components:", "\n# more\n\n", Format::Yaml),
            Some(0)
        );
        assert_eq!(insert(YAML, "    get:", "# c\n", Format::Yaml), Some(0));
        assert_eq!(insert(JSON, "\"openapi\"", "\n\n  ", Format::Json), Some(0));
        assert_eq!(insert(JSON, "\"x\"", "\n ", Format::Json), Some(0));
        // Removed again.
        let commented = format!("# edit\n{YAML}");
        assert!(edit(&commented, "# edit\n", "", Format::Yaml));
        // Inside a block scalar a `#` line is content: not moved as trivia (a region parse or
        // a full one gives the right tree, which `insert` checks).
        let block = "openapi: 3.1.0\ninfo:\n  description: |\n    one\n    two\npaths: {}\n";
        assert_ne!(
            insert(block, "    two", "    # two\n", Format::Yaml),
            Some(0)
        );
        // In a JSON string, blanks are content.
        assert_ne!(insert(JSON, "ok\"", " ", Format::Json), Some(0));
    }

    #[test]
    fn repeated_keys_follow_the_splice() {
        // Written, then removed again, inside a response (YAML and JSON).
        assert!(edit(
            YAML,
            "          description: ok\n",
            "          description: ok\n          description: again\n",
            Format::Yaml
        ));
        let twice = YAML.replace(
            "          description: ok\n",
            "          description: ok\n          description: again\n",
        );
        assert!(!parse(&twice, Format::Yaml).unwrap().duplicates.is_empty());
        assert!(edit(
            &twice,
            "          description: again\n",
            "",
            Format::Yaml
        ));
        // An edit elsewhere keeps a repeated key where it was, its spans moved.
        assert!(edit(&twice, "'404'", "'4040'", Format::Yaml));
        assert!(edit(&twice, "made", "made it", Format::Yaml));
        assert!(edit(
            JSON,
            r#"{"description": "ok"}"#,
            r#"{"description": "ok", "description": "again"}"#,
            Format::Json
        ));
        // A repeated key of the mapping that was re-read names the key it stands under.
        let mut tree = parse(&twice, Format::Yaml).unwrap();
        let at = twice.find("again").unwrap();
        let new = twice.replacen("again", "once more", 1);
        let edit = Edit {
            start: at,
            old_end: at + 5,
            new_end: at + 9,
        };
        assert!(reparse(&mut tree, &twice, &new, edit, Format::Yaml).is_some());
        let d = tree.duplicates[0];
        assert_eq!(tree.str(d.parent_key.unwrap()), Some("200"));
    }

    #[test]
    fn yaml_edits_that_change_the_structure_are_left_to_a_full_parse() {
        // Dedenting a line to the top level moves it out of every collection but the root.
        assert!(!edit(YAML, "        '404'", "'404'", Format::Yaml));
        // Between top-level keys.
        assert!(!edit(
            YAML,
            "components:",
            "x: 1\ncomponents:",
            Format::Yaml
        ));
        // Broken text.
        assert!(!edit(
            YAML,
            "description: ok",
            "description: [ok",
            Format::Yaml
        ));
        // Aliases anywhere.
        let aliased = format!("{YAML}x-a: &a {{}}\nx-b: *a\n");
        assert!(!edit(
            &aliased,
            "description: ok",
            "description: no",
            Format::Yaml
        ));
    }

    #[test]
    fn a_dedented_line_is_read_with_the_collection_it_moves_to() {
        // `'404'` leaves `responses` and `get` and becomes a key of `/pets`.
        assert!(edit(YAML, "        '404'", "    '404'", Format::Yaml));
    }

    #[test]
    fn indentless_sequences_are_read_with_their_parent() {
        // The indentless `tags` sequence is followed by its parent's next key at its own
        // indentation, so it cannot be read alone; the mapping around it can.
        let text = "openapi: 3.0.0\nx:\n  tags:\n  - a\n  - b\n  more: 1\n";
        assert!(edit(text, "- b", "- c", Format::Yaml));
    }

    const JSON: &str = r#"{"openapi": "3.1.0", "paths": {"/pets": {"get": {"responses": {"200": {"description": "ok"}, "404": {"description": "gone"}}}}}, "x": [1, 2]}"#;

    #[test]
    fn json_edit_inside_an_object_is_spliced() {
        assert!(edit(JSON, "\"ok\"", "\"fine\"", Format::Json));
        assert!(edit(JSON, "\"404\"", "\"410\"", Format::Json));
        assert!(edit(JSON, ", 2", ", 2, 3", Format::Json));
        assert!(edit(
            JSON,
            r#"{"description": "gone"}"#,
            r#"{"description": "gone", "content": {"application/json": {}}}"#,
            Format::Json
        ));
    }

    #[test]
    fn json_edits_that_break_the_text_are_left_to_a_full_parse() {
        assert!(!edit(JSON, "\"ok\"", "\"ok", Format::Json));
        assert!(!edit(JSON, "\"openapi\"", "\"openapi2\"", Format::Json));
    }

    #[test]
    fn repeated_splices_stay_equal_to_a_full_parse() {
        let mut text = YAML.to_string();
        let mut tree = parse(&text, Format::Yaml).unwrap();
        for i in 0..20 {
            let at = text.find("description: ").unwrap() + "description: ".len();
            let insert = format!("{i}");
            let new = format!("{}{}{}", &text[..at], insert, &text[at..]);
            let edit = Edit {
                start: at,
                old_end: at,
                new_end: at + insert.len(),
            };
            assert!(reparse(&mut tree, &text, &new, edit, Format::Yaml).is_some());
            text = new;
            assert_eq!(render(&tree), render(&parse(&text, Format::Yaml).unwrap()));
        }
    }

    /// Random small edits (insertions, deletions, replacements of a few bytes, often of
    /// characters that matter to YAML and JSON) on the fixtures: whenever a splice is made, the
    /// tree must equal the full parse, and a text that does not parse in full is never spliced.
    #[test]
    fn random_edits_agree_with_a_full_parse() {
        let mut seed: u64 = 0x5eed;
        let mut next = move |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) as usize) % n.max(1)
        };
        let pieces = [
            "",
            "a",
            " ",
            "\n",
            "\n  ",
            ":",
            "- ",
            "{",
            "}",
            "[",
            "]",
            ",",
            "\"",
            "'",
            "#",
            "x: 1",
            "  ",
            "description: again\n",
            "\"description\": 1, ",
        ];
        let files = [
            (include_str!("../../fixtures/petstore.yaml"), Format::Yaml),
            (
                include_str!("../../fixtures/versions/openapi-3.1.json"),
                Format::Json,
            ),
            (
                include_str!("../../fixtures/versions/swagger-2.0.yaml"),
                Format::Yaml,
            ),
        ];
        let mut spliced = 0;
        for (original, format) in files {
            let mut text = original.to_string();
            let mut tree = parse(&text, format).unwrap();
            for _ in 0..400 {
                let mut start = next(text.len());
                while !text.is_char_boundary(start) {
                    start -= 1;
                }
                let mut end = (start + next(4)).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                let insert = pieces[next(pieces.len())];
                let new = format!("{}{}{}", &text[..start], insert, &text[end..]);
                let edit = Edit {
                    start,
                    old_end: end,
                    new_end: start + insert.len(),
                };
                let mut candidate = tree.clone();
                let done = reparse(&mut candidate, &text, &new, edit, format).is_some();
                match parse(&new, format) {
                    Ok(full) => {
                        if done {
                            spliced += 1;
                            assert_eq!(render(&candidate), render(&full), "{new}");
                        }
                        // Keep editing a text that parses, as an editor mostly has.
                        text = new;
                        tree = if done { candidate } else { full };
                    }
                    Err(e) => assert!(!done, "spliced a text that does not parse ({e:?}): {new}"),
                }
            }
        }
        assert!(spliced > 100, "only {spliced} edits were spliced");
    }
}
