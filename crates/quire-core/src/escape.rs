//! Writing text and values into HTML: text nodes, double-quoted attribute values, and URLs in
//! an `href` or `src`. Used by everything that writes markup, trusted or rebuilt by the policy.

/// Escapes text for an HTML text node, keeping well-formed character references.
pub fn escape_text_into(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(i) = rest.find(['&', '<', '>', '"']) {
        out.push_str(&rest[..i]);
        let c = rest.as_bytes()[i];
        rest = &rest[i + 1..];
        match c {
            b'&' if is_reference(rest) => out.push('&'),
            b'&' => out.push_str("&amp;"),
            b'<' => out.push_str("&lt;"),
            b'>' => out.push_str("&gt;"),
            _ => out.push_str("&quot;"),
        }
    }
    out.push_str(rest);
}

fn is_reference(after_amp: &str) -> bool {
    let body = after_amp
        .strip_prefix('#')
        .map_or(after_amp, |n| n.strip_prefix(['x', 'X']).unwrap_or(n));
    let len = body
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(body.len());
    len > 0 && len <= 32 && body[len..].starts_with(';')
}

/// Escapes an attribute value for a double-quoted attribute.
pub fn escape_attribute_into(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Writes a URL into a double-quoted `href` or `src` as pulldown-cmark does: bytes that may
/// not appear in a URL (spaces, quotes, `<`, `\`, non-ASCII, …) percent-encoded, `&` and `'`
/// as character references.
pub(crate) fn escape_href_into(out: &mut String, url: &str) {
    for (i, c) in url.char_indices() {
        match c {
            '&' => out.push_str("&amp;"),
            '\'' => out.push_str("&#x27;"),
            c if c.is_ascii_alphanumeric() || "!#$%()*+,-./:;=?@^_~".contains(c) => out.push(c),
            _ => {
                for byte in url[i..i + c.len_utf8()].bytes() {
                    out.push('%');
                    out.push(char::from(HEX[usize::from(byte >> 4)]));
                    out.push(char::from(HEX[usize::from(byte & 0xF)]));
                }
            }
        }
    }
}
