//! The policy's allowlist: which tags and attributes are kept, which elements are dropped with
//! their content, and each kept tag rebuilt by Quire with its attribute values re-escaped and
//! its URLs checked; anything removed is reported as [`Dropped`].

use super::tokenizer::{ParsedTag, markup_declaration_len, parse_tag, skip_to_end_tag};
use crate::escape::{escape_attribute_into, escape_text_into};
use crate::site_path::prefixed;
use crate::url_policy::{BodyUrls, is_external, is_safe_url};

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

/// Rebuilds an HTML fragment from the allowlist, appending what it removed to `dropped`.
pub fn sanitize_fragment(html: &str, dropped: &mut Vec<Dropped>) -> String {
    sanitize_fragment_with(html, dropped, &BodyUrls::default(), &mut no_embeds)
}

/// Turns an `<iframe>` into trusted markup (`Ok`), or says why it was dropped (`Err`).
pub type EmbedFn<'e> = dyn FnMut(&ParsedTag) -> Result<String, String> + 'e;

/// The [`EmbedFn`] that drops every `<iframe>`.
pub fn no_embeds(_: &ParsedTag) -> Result<String, String> {
    Err("<iframe> and its content".to_string())
}

/// [`sanitize_fragment`] for a post's body: `href` and `src` as `urls` serves them (a post's
/// own files beside it, site paths under the public path), with `embed` deciding what becomes
/// of each `<iframe>`.
pub fn sanitize_fragment_with(
    html: &str,
    dropped: &mut Vec<Dropped>,
    urls: &BodyUrls<'_>,
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
                out.push_str(&rebuild_tag(&tag, pos - len, urls, dropped));
            }
            None => {
                out.push_str("&lt;");
                pos += 1;
            }
        }
    }
    out
}

/// Rebuilds one tag, or returns an empty string when the tag is not allowed. `href` and `src`
/// values are served as `urls` says: an image's relative path resolves as a Markdown image's
/// does ([`BodyUrls::image`]).
pub fn rebuild_tag(
    tag: &ParsedTag,
    offset: usize,
    urls: &BodyUrls<'_>,
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
                "src" if tag.name == "img" => {
                    prefixed(urls.base_path, &urls.image(value)).into_owned()
                }
                "href" | "src" => urls.href(value),
                _ => value.clone(),
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
                "<img src=\"/x\" loading=\"lazy\" decoding=\"async\">",
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
            "<img src=\"/x\" loading=\"lazy\" decoding=\"async\">--&gt;"
        );
        assert_eq!(clean("<![CDATA[<script>]]>ok"), "ok");
        assert_eq!(
            clean("<p title=\"a&quot;><script>alert(1)</script>\">t</p>"),
            "<p title=\"a&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">t</p>"
        );
    }
}
