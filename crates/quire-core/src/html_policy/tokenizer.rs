//! The policy's tokenizer: HTML read as a browser reads it. Start and end tags with their
//! attributes (character references decoded), the comments, doctypes, CDATA sections and
//! processing instructions that never reach the page, and the skip past a dropped element.

use std::collections::HashSet;

/// A tag as read from the source.
#[derive(Debug, PartialEq, Eq)]
pub struct ParsedTag {
    pub name: String,
    pub closing: bool,
    /// Attribute names lower-cased, values with character references decoded.
    pub attributes: Vec<(String, String)>,
}

/// Length of a comment, doctype, CDATA section or processing instruction at the start.
pub(super) fn markup_declaration_len(s: &str) -> Option<usize> {
    let end_after = |from: usize, terminator: &str| {
        s[from..]
            .find(terminator)
            .map_or(s.len(), |i| from + i + terminator.len())
    };
    if s.starts_with("<!--") {
        // `<!-->` and `<!--->` close at once, as browsers read them.
        for short in ["<!-->", "<!--->"] {
            if s.starts_with(short) {
                return Some(short.len());
            }
        }
        return Some(end_after(4, "-->"));
    }
    if s.starts_with("<![CDATA[") {
        return Some(end_after(9, "]]>"));
    }
    if s.starts_with("<!") || s.starts_with("<?") || s.starts_with("</>") {
        return Some(end_after(2, ">"));
    }
    if s.starts_with("</") && !s[2..].starts_with(|c: char| c.is_ascii_alphabetic()) && s.len() > 2
    {
        // `</ x>` and the like are bogus comments to a browser.
        return Some(end_after(2, ">"));
    }
    None
}

/// Parses a start or end tag at the start of `s` (which begins with `<`), returning it and
/// its length. `None` when this `<` does not begin a tag, so it is text.
pub fn parse_tag(s: &str) -> Option<(ParsedTag, usize)> {
    let bytes = s.as_bytes();
    let mut i = 1;
    let closing = bytes.get(1) == Some(&b'/');
    if closing {
        i += 1;
    }
    if !bytes.get(i)?.is_ascii_alphabetic() {
        return None;
    }
    let name_start = i;
    while i < bytes.len() && !is_tag_space(bytes[i]) && bytes[i] != b'/' && bytes[i] != b'>' {
        i += 1;
    }
    let name = s[name_start..i].to_ascii_lowercase();
    let mut attributes = Vec::new();
    // Names already read: the first of a repeated attribute wins, as in a browser.
    let mut seen = HashSet::new();
    loop {
        while i < bytes.len() && (is_tag_space(bytes[i]) || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            // An unterminated tag swallows the rest, as in a browser.
            return Some((
                ParsedTag {
                    name,
                    closing,
                    attributes,
                },
                s.len(),
            ));
        }
        if bytes[i] == b'>' {
            return Some((
                ParsedTag {
                    name,
                    closing,
                    attributes,
                },
                i + 1,
            ));
        }
        let attr_start = i;
        i += 1; // an attribute name may start with `=`
        while i < bytes.len() && !is_tag_space(bytes[i]) && !matches!(bytes[i], b'/' | b'>' | b'=')
        {
            i += 1;
        }
        let attr_name = s[attr_start..i].to_ascii_lowercase();
        while i < bytes.len() && is_tag_space(bytes[i]) {
            i += 1;
        }
        let mut value = String::new();
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while i < bytes.len() && is_tag_space(bytes[i]) {
                i += 1;
            }
            let (raw, next) = match bytes.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = s[i + 1..].find(q as char).map_or(s.len(), |e| i + 1 + e);
                    (&s[i + 1..end], (end + 1).min(s.len()))
                }
                _ => {
                    let end = s[i..]
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .map_or(s.len(), |e| i + e);
                    (&s[i..end], end)
                }
            };
            value = decode_character_references(raw);
            i = next;
        }
        if seen.insert(attr_name.clone()) {
            attributes.push((attr_name, value));
        }
    }
}

fn is_tag_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Skips past `</name ...>` (case-insensitive), or to the end when it never comes. Reads only
/// as far as it skips, so a block of many dropped elements costs its length, not its square.
pub(super) fn skip_to_end_tag(s: &str, name: &str) -> usize {
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(i) = s[from..].find("</") {
        let name_start = from + i + 2;
        let after = name_start + name.len();
        let same_name = bytes
            .get(name_start..after)
            .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()));
        if same_name
            && bytes
                .get(after)
                .is_some_and(|&c| c == b'>' || c == b'/' || c.is_ascii_whitespace())
        {
            return s[after..].find('>').map_or(s.len(), |e| after + e + 1);
        }
        from = name_start;
    }
    s.len()
}

/// Decodes numeric character references and the few named ones that matter for URLs. Values
/// are re-escaped on output, so an undecoded reference stays literal text, never markup.
pub fn decode_character_references(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        match decode_one(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn decode_one(s: &str) -> Option<(char, usize)> {
    let body = &s[1..];
    if let Some(num) = body.strip_prefix('#') {
        let (digits, radix, skip) = match num.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16, 3),
            None => (num, 10, 2),
        };
        let len = digits
            .find(|c: char| !c.is_digit(radix))
            .unwrap_or(digits.len());
        if len == 0 {
            return None;
        }
        let value = u32::from_str_radix(&digits[..len.min(8)], radix).unwrap_or(0xFFFD);
        let c = char::from_u32(value)
            .filter(|&c| c != '\0')
            .unwrap_or('\u{FFFD}');
        let semicolon = usize::from(digits[len..].starts_with(';'));
        return Some((c, skip + len + semicolon));
    }
    const NAMED: &[(&str, char)] = &[
        ("amp", '&'),
        ("lt", '<'),
        ("gt", '>'),
        ("quot", '"'),
        ("apos", '\''),
        ("nbsp", '\u{a0}'),
        ("colon", ':'),
        ("Tab", '\t'),
        ("NewLine", '\n'),
        ("sol", '/'),
        ("lpar", '('),
        ("rpar", ')'),
        ("period", '.'),
        ("comma", ','),
        ("semi", ';'),
        ("equals", '='),
    ];
    NAMED.iter().find_map(|(name, c)| {
        let after = body.strip_prefix(name)?;
        Some((*c, 1 + name.len() + usize::from(after.starts_with(';'))))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_are_parsed_as_browsers_do() {
        let (tag, len) = parse_tag("<IMG SRC = 'a b' alt=c/onerror=x >rest").unwrap();
        assert_eq!(len, "<IMG SRC = 'a b' alt=c/onerror=x >".len());
        assert_eq!(tag.name, "img");
        assert_eq!(tag.attributes[0], ("src".into(), "a b".into()));
        assert_eq!(tag.attributes[1], ("alt".into(), "c/onerror=x".into()));
        let (tag, _) = parse_tag("<p title=a TITLE=b title=c>").unwrap();
        assert_eq!(tag.attributes, [("title".into(), "a".into())]);
        let (tag, _) = parse_tag("<svg/onload=alert(1)>").unwrap();
        assert_eq!(tag.name, "svg");
        assert!(parse_tag("< p>").is_none());
        assert!(parse_tag("<3").is_none());
    }
}
