//! The raw-HTML policy. Raw HTML in a post is untrusted: it is tokenised here and rebuilt from
//! an allowlist of harmless tags and attributes, every attribute value and every piece of text
//! re-escaped, so what reaches the page is only markup Quire wrote itself. Anything else is
//! dropped and reported, so the builder can warn the author.

use crate::markdown::{is_external, is_safe_url};
use crate::site_path::prefixed;
use std::collections::HashSet;

/// Something the policy removed, at a byte offset of the fragment it was given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dropped {
    pub offset: usize,
    pub what: String,
}

/// Elements dropped together with everything inside them.
const DROP_WITH_CONTENT: &[&str] = &[
    "script",
    "style",
    "template",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "svg",
    "math",
    "noscript",
    "noembed",
    "noframes",
    "textarea",
    "title",
    "xmp",
    "plaintext",
    "select",
    "head",
    "canvas",
];

/// Elements whose tags are kept; `attrs` beyond the global ones (`title`, `lang`, `dir`, `id`,
/// `class`).
fn allowed_attributes(tag: &str) -> Option<&'static [&'static str]> {
    Some(match tag {
        "a" => &["href", "name", "target"],
        "progress" => &["value", "max"],
        "meter" => &["value", "min", "max", "low", "high", "optimum"],
        "img" => &["src", "alt", "width", "height"],
        "blockquote" | "q" => &["cite"],
        "del" | "ins" => &["cite", "datetime"],
        "time" => &["datetime"],
        "details" => &["open"],
        "ol" => &["start", "reversed", "type"],
        "li" => &["value"],
        "td" | "th" => &["colspan", "rowspan", "align", "scope"],
        "col" | "colgroup" => &["span"],
        "abbr" | "b" | "bdi" | "bdo" | "br" | "caption" | "cite" | "code" | "dd" | "dfn"
        | "div" | "dl" | "dt" | "em" | "figcaption" | "figure" | "h1" | "h2" | "h3" | "h4"
        | "h5" | "h6" | "hr" | "i" | "kbd" | "mark" | "p" | "pre" | "rp" | "rt" | "ruby" | "s"
        | "samp" | "small" | "span" | "strike" | "strong" | "sub" | "summary" | "sup" | "table"
        | "tbody" | "tfoot" | "thead" | "tr" | "tt" | "u" | "ul" | "var" | "wbr" | "center" => &[],
        _ => return None,
    })
}

const GLOBAL_ATTRIBUTES: &[&str] = &["title", "lang", "dir", "id", "class"];
const URL_ATTRIBUTES: &[&str] = &["href", "src", "cite"];
const VOID: &[&str] = &["br", "hr", "img", "wbr", "col"];

/// Whether the policy drops this element with everything inside it (lower-case name).
pub fn drops_content(tag: &str) -> bool {
    DROP_WITH_CONTENT.contains(&tag)
}

/// The element an inline raw HTML tag opens when the policy drops that element with everything
/// up to its closing tag (`<script>`, `<style>`, …); `None` for other tags and for `<x/>`.
pub fn opens_dropped_element(html: &str) -> Option<String> {
    let (tag, _) = parse_tag(html)?;
    let opens = !tag.closing && drops_content(&tag.name) && !html.trim_end().ends_with("/>");
    opens.then_some(tag.name)
}

/// Whether an inline raw HTML tag is the closing tag of `element` (lower-case name).
pub fn closes_element(html: &str, element: &str) -> bool {
    parse_tag(html).is_some_and(|(tag, _)| tag.closing && tag.name == element)
}

/// A tag as read from the source.
#[derive(Debug, PartialEq, Eq)]
pub struct ParsedTag {
    pub name: String,
    pub closing: bool,
    /// Attribute names lower-cased, values with character references decoded.
    pub attributes: Vec<(String, String)>,
}

/// Rebuilds an HTML fragment from the allowlist, appending what it removed to `dropped`.
pub fn sanitize_fragment(html: &str, dropped: &mut Vec<Dropped>) -> String {
    sanitize_fragment_with(html, dropped, "", &mut no_embeds)
}

/// Turns an `<iframe>` into trusted markup (`Ok`), or says why it was dropped (`Err`).
pub type EmbedFn<'e> = dyn FnMut(&ParsedTag) -> Result<String, String> + 'e;

/// The [`EmbedFn`] that drops every `<iframe>`.
pub fn no_embeds(_: &ParsedTag) -> Result<String, String> {
    Err("<iframe> and its content".to_string())
}

/// [`sanitize_fragment`] for a site served under `base_path` (site-root-relative `href` and
/// `src` get it as a prefix; empty or `/` at the root), with `embed` deciding what becomes of
/// each `<iframe>`.
pub fn sanitize_fragment_with(
    html: &str,
    dropped: &mut Vec<Dropped>,
    base_path: &str,
    embed: &mut EmbedFn<'_>,
) -> String {
    let mut out = String::with_capacity(html.len());
    let mut pos = 0;
    while pos < html.len() {
        let rest = &html[pos..];
        let Some(lt) = rest.find('<') else {
            escape_text_into(&mut out, rest);
            break;
        };
        escape_text_into(&mut out, &rest[..lt]);
        pos += lt;
        let rest = &html[pos..];
        if let Some(len) = markup_declaration_len(rest) {
            // Comments, doctypes, CDATA and processing instructions never reach the page.
            pos += len;
            continue;
        }
        match parse_tag(rest) {
            Some((tag, len)) => {
                pos += len;
                if !tag.closing && DROP_WITH_CONTENT.contains(&tag.name.as_str()) {
                    let replacement = match tag.name.as_str() {
                        "iframe" => embed(&tag),
                        name => Err(format!("<{name}> and its content")),
                    };
                    match replacement {
                        Ok(markup) => out.push_str(&markup),
                        Err(what) => dropped.push(Dropped {
                            offset: pos - len,
                            what,
                        }),
                    }
                    pos += skip_to_end_tag(&html[pos..], &tag.name);
                    continue;
                }
                out.push_str(&rebuild_tag(&tag, pos - len, base_path, dropped));
            }
            None => {
                out.push_str("&lt;");
                pos += 1;
            }
        }
    }
    out
}

/// Rebuilds one tag, or returns an empty string when the tag is not allowed. Site-root-relative
/// `href` and `src` values get `base_path` as a prefix.
pub fn rebuild_tag(
    tag: &ParsedTag,
    offset: usize,
    base_path: &str,
    dropped: &mut Vec<Dropped>,
) -> String {
    let Some(allowed) = allowed_attributes(&tag.name) else {
        if !tag.closing {
            dropped.push(Dropped {
                offset,
                what: format!("<{}>", tag.name),
            });
        }
        return String::new();
    };
    if tag.closing {
        return if VOID.contains(&tag.name.as_str()) {
            String::new()
        } else {
            format!("</{}>", tag.name)
        };
    }
    let mut out = format!("<{}", tag.name);
    for (name, value) in &tag.attributes {
        let known = allowed.contains(&name.as_str()) || GLOBAL_ATTRIBUTES.contains(&name.as_str());
        let safe = !URL_ATTRIBUTES.contains(&name.as_str()) || is_safe_url(value);
        if known && safe {
            out.push(' ');
            out.push_str(name);
            out.push_str("=\"");
            let value = match name.as_str() {
                "href" | "src" => prefixed(base_path, value),
                _ => value.into(),
            };
            escape_attribute_into(&mut out, &value);
            out.push('"');
        } else {
            dropped.push(Dropped {
                offset,
                what: if known {
                    format!("the unsafe URL in <{} {name}>", tag.name)
                } else {
                    format!("the `{name}` attribute of <{}>", tag.name)
                },
            });
        }
    }
    if tag.name == "img" {
        out.push_str(" loading=\"lazy\" decoding=\"async\"");
    }
    if tag.name == "a"
        && tag
            .attributes
            .iter()
            .any(|(n, v)| n == "href" && is_external(v))
    {
        out.push_str(" rel=\"noopener noreferrer\"");
    }
    out.push('>');
    out
}

/// Length of a comment, doctype, CDATA section or processing instruction at the start.
fn markup_declaration_len(s: &str) -> Option<usize> {
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
fn skip_to_end_tag(s: &str, name: &str) -> usize {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(html: &str) -> String {
        sanitize_fragment(html, &mut Vec::new())
    }

    #[test]
    fn keeps_harmless_markup() {
        assert_eq!(
            clean(
                "<details open><summary>More</summary><p>Hi <kbd>Ctrl</kbd>+C<sup>1</sup></p></details>"
            ),
            "<details open=\"\"><summary>More</summary><p>Hi <kbd>Ctrl</kbd>+C<sup>1</sup></p></details>"
        );
        assert_eq!(
            clean("<img src=\"/a.png\" alt=\"A\" onerror=alert(1)>"),
            "<img src=\"/a.png\" alt=\"A\" loading=\"lazy\" decoding=\"async\">"
        );
        assert_eq!(
            clean("<a href=\"https://x.example/\">x</a>"),
            "<a href=\"https://x.example/\" rel=\"noopener noreferrer\">x</a>"
        );
    }

    #[test]
    fn drops_scripts_styles_and_their_content() {
        let mut dropped = Vec::new();
        let out = sanitize_fragment(
            "a<script>alert(1)</script >b<STYLE>*{}</style>c<svg><g onload=x></svg>d",
            &mut dropped,
        );
        assert_eq!(out, "abcd");
        assert_eq!(dropped.len(), 3);
        assert_eq!(clean("<script>never closed"), "");
        // The end tag in any case, not one that only starts like it.
        assert_eq!(
            clean("a<script>x</scripty>y</scr</SCRIPT\t>b<Style>*{}</sTyLe/>c"),
            "abc"
        );
    }

    #[test]
    fn drops_event_handlers_and_script_urls() {
        for (input, expected) in [
            ("<a href=\"javascript:alert(1)\">x</a>", "<a>x</a>"),
            ("<a href=\"&#106;avascript:alert(1)\">x</a>", "<a>x</a>"),
            ("<a href=\"&#x6A&#x61vascript:alert(1)\">x</a>", "<a>x</a>"),
            ("<a href=\"java&Tab;script:alert(1)\">x</a>", "<a>x</a>"),
            ("<a href=\"javascript&colon;alert(1)\">x</a>", "<a>x</a>"),
            (
                "<img src=x onerror=alert(1)>",
                "<img src=\"x\" loading=\"lazy\" decoding=\"async\">",
            ),
            (
                "<img src=\"data:image/svg+xml,<svg onload=alert(1)>\">",
                "<img loading=\"lazy\" decoding=\"async\">",
            ),
            (
                "<p style=\"background:url(javascript:x)\">y</p>",
                "<p>y</p>",
            ),
            ("<x onclick=alert(1)>click</x>", "click"),
            (
                "<form action=x><input formaction=javascript:alert(1)></form>",
                "",
            ),
        ] {
            assert_eq!(clean(input), expected, "{input}");
        }
    }

    #[test]
    fn text_is_re_escaped_so_nothing_becomes_markup() {
        assert_eq!(clean("1 < 2 & 3 > 2"), "1 &lt; 2 &amp; 3 &gt; 2");
        assert_eq!(
            clean("&lt;script&gt; &amp; &copy;"),
            "&lt;script&gt; &amp; &copy;"
        );
        assert_eq!(clean("<!-- <script>alert(1)</script> -->ok"), "ok");
        assert_eq!(
            clean("<!--><img src=x onerror=alert(1)>-->"),
            "<img src=\"x\" loading=\"lazy\" decoding=\"async\">--&gt;"
        );
        assert_eq!(clean("<![CDATA[<script>]]>ok"), "ok");
        assert_eq!(
            clean("<p title=\"a&quot;><script>alert(1)</script>\">t</p>"),
            "<p title=\"a&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">t</p>"
        );
    }

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
