//! A pretty-printed JSON document whose one long array is written element by element, so that
//! a report need not hold every file until the end. The bytes are those serde_json's pretty
//! printer gives for the whole document: the document is serialized with the array empty and
//! cut there, and each element is printed alone, then indented to its depth (serde_json's
//! pretty output of a nested value is its output alone with every line after the first moved
//! right by the depth; strings never hold a raw line break).

use std::io::{self, Write};

use serde::Serialize;

/// serde_json's pretty indent.
const INDENT: &str = "  ";

/// The array being written: how deep it sits and how many elements it has so far.
pub struct Array {
    depth: usize,
    len: usize,
}

/// Where `key`'s array sits in `doc` serialized with that array empty: the text before it, the
/// text after it, and its depth. `key` is `None` for a document that is the array.
struct Cut {
    head: String,
    tail: String,
    depth: usize,
}

fn cut(doc: &impl Serialize, key: Option<&str>) -> io::Result<Cut> {
    let text = serde_json::to_string_pretty(doc)?;
    let needle = match key {
        // A key is printed `"key": `; inside a string its quotes would be escaped.
        Some(key) => format!("{}: []", serde_json::to_string(key)?),
        None => "[]".to_string(),
    };
    let at = text
        .rfind(&needle)
        .filter(|_| key.is_some() || text == "[]")
        .ok_or_else(|| io::Error::other(format!("no empty array {needle} in the document")))?;
    let start = at + needle.len() - 2;
    let line = &text[text[..start].rfind('\n').map_or(0, |n| n + 1)..];
    let depth = (line.len() - line.trim_start_matches(' ').len()) / INDENT.len();
    Ok(Cut {
        head: text[..start].to_string(),
        tail: text[start + 2..].to_string(),
        depth,
    })
}

impl Array {
    /// Writes `doc` up to the array `key`, which must be empty in `doc` and come after any other
    /// empty array of that name.
    pub fn open(doc: &impl Serialize, key: Option<&str>, out: &mut dyn Write) -> io::Result<Array> {
        let cut = cut(doc, key)?;
        out.write_all(cut.head.as_bytes())?;
        Ok(Array {
            depth: cut.depth,
            len: 0,
        })
    }

    pub fn push(&mut self, element: &impl Serialize, out: &mut dyn Write) -> io::Result<()> {
        let indent = INDENT.repeat(self.depth + 1);
        let text = serde_json::to_string_pretty(element)?;
        out.write_all(if self.len == 0 { b"[\n" } else { b",\n" })?;
        out.write_all(indent.as_bytes())?;
        out.write_all(text.replace('\n', &format!("\n{indent}")).as_bytes())?;
        self.len += 1;
        Ok(())
    }

    /// Closes the array and writes the rest of `doc`, which is the document given to
    /// [`Array::open`] with what only the end knows (totals) filled in.
    pub fn close(
        self,
        doc: &impl Serialize,
        key: Option<&str>,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        if self.len == 0 {
            out.write_all(b"[]")?;
        } else {
            write!(out, "\n{}]", INDENT.repeat(self.depth))?;
        }
        out.write_all(cut(doc, key)?.tail.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    /// `empty` written with `key`'s array streamed from `elements`.
    fn streamed(empty: &Value, key: Option<&str>, elements: &[Value]) -> String {
        let mut out = Vec::new();
        let mut array = Array::open(empty, key, &mut out).unwrap();
        for element in elements {
            array.push(element, &mut out).unwrap();
        }
        array.close(empty, key, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn streamed_arrays_print_as_serde_json_prints_the_whole_document() {
        let elements = [
            json!({"a": 1, "nested": {"list": [1, 2, {"x": "line\nbreak"}], "empty": {}}}),
            json!("a string with \"findings\": [] in it"),
            json!([]),
            json!({}),
        ];
        let pretty = |doc: &Value| serde_json::to_string_pretty(doc).unwrap();
        for n in [0, 1, elements.len()] {
            let elements = &elements[..n];
            let top = |list: &[Value]| json!({"version": 1, "findings": list, "summary": {"n": 2}});
            assert_eq!(
                streamed(&top(&[]), Some("findings"), elements),
                pretty(&top(elements))
            );
            // Deeper, after an empty array of the same name (`Value` sorts keys).
            let nested = |list: &[Value]| json!({"runs": [{"a": {"findings": []}, "findings": list}], "z": []});
            assert_eq!(
                streamed(&nested(&[]), Some("findings"), elements),
                pretty(&nested(elements))
            );
            assert_eq!(
                streamed(&json!([]), None, elements),
                pretty(&Value::Array(elements.to_vec()))
            );
        }
    }

    #[test]
    fn a_document_without_the_empty_array_is_an_error_not_a_wrong_report() {
        let mut out = Vec::new();
        assert!(Array::open(&json!({"findings": [1]}), Some("findings"), &mut out).is_err());
        assert!(Array::open(&json!({"a": []}), None, &mut out).is_err());
    }
}
