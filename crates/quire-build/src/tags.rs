//! Finding the start tags of a page Trunk wrote (the shell), as a browser's tokenizer would:
//! the shell's `<base>`, `<meta>`, `<head>` and `<link>` elements.

use quire_core::html_policy::tokenizer::{ParsedTag, parse_tag};

/// Every start tag named `name` (lower case): offset, length and the tag.
pub fn find_tags<'h>(
    html: &'h str,
    name: &str,
) -> impl Iterator<Item = (usize, usize, ParsedTag)> + 'h {
    let lower = html.to_ascii_lowercase();
    let open = format!("<{name}");
    let name = name.to_string();
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(found) = lower[from..].find(&open) {
            let start = from + found;
            from = start + open.len();
            if let Some((tag, len)) = parse_tag(&html[start..])
                && tag.name == name
                && !tag.closing
            {
                from = start + len;
                return Some((start, len, tag));
            }
        }
        None
    })
}
