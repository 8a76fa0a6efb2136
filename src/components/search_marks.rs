//! Marking the words a reader searched for inside a post (`?highlight=` in its URL), and
//! taking the marks away again. Marks are `<mark>` elements made around text nodes; no
//! markup is parsed.

use leptos::prelude::document;
use quire_core::search::text::words;
use wasm_bindgen::JsCast;
use web_sys::{Element, Node};

/// The query parameter that carries the words to mark in a post (from a search result): it
/// changes what is marked, not which page it is.
pub const MARKS_PARAM: &str = "highlight";

const MARK_CLASS: &str = "search-mark";
/// `NodeFilter.SHOW_TEXT`.
const SHOW_TEXT: u32 = 4;

/// Wraps each occurrence of the (folded) `terms` under `root` in a mark; returns the first.
pub fn mark_words(root: &Element, terms: &[String]) -> Option<Element> {
    if terms.is_empty() {
        return None;
    }
    let doc = document();
    let walker = doc
        .create_tree_walker_with_what_to_show(root, SHOW_TEXT)
        .ok()?;
    let mut texts: Vec<Node> = Vec::new();
    while let Ok(Some(node)) = walker.next_node() {
        texts.push(node);
    }
    let mut first = None;
    for node in texts {
        let Some(text) = node.node_value() else {
            continue;
        };
        let hits: Vec<_> = words(&text).filter(|w| terms.contains(&w.folded)).collect();
        let Some(parent) = node.parent_node() else {
            continue;
        };
        if hits.is_empty() || in_control(&parent) {
            continue;
        }
        let fragment = doc.create_document_fragment();
        let mut at = 0;
        for w in hits {
            let _ = fragment.append_with_str_1(&text[at..w.start]);
            let Ok(mark) = doc.create_element("mark") else {
                continue;
            };
            mark.set_class_name(MARK_CLASS);
            mark.set_text_content(Some(&text[w.start..w.end]));
            let _ = fragment.append_with_node_1(&mark);
            first.get_or_insert(mark);
            at = w.end;
        }
        let _ = fragment.append_with_str_1(&text[at..]);
        let _ = parent.replace_child(&fragment, &node);
    }
    first
}

/// Text inside buttons (the video facades) is left alone.
fn in_control(parent: &Node) -> bool {
    parent
        .dyn_ref::<Element>()
        .and_then(|el| el.closest("button, .video-embed").ok().flatten())
        .is_some()
}

/// Removes every mark under `root`, leaving its text in place.
pub fn clear_marks(root: &Element) {
    let Ok(marks) = root.query_selector_all(&format!("mark.{MARK_CLASS}")) else {
        return;
    };
    for i in 0..marks.length() {
        let Some(mark) = marks.item(i) else { continue };
        let text = document().create_text_node(&mark.text_content().unwrap_or_default());
        if let Some(parent) = mark.parent_node() {
            let _ = parent.replace_child(&text, &mark);
        }
    }
    root.normalize();
}
