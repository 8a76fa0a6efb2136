//! The URLs a body names relative to its post (Markdown links and images, raw `<a href>` and
//! `<img src>`), at their lines: what the builder looks for in the post's folder, to copy
//! beside the post's URL or to warn about.

use super::findings;
use crate::html_policy::tokenizer::parse_tag;
use crate::url_policy::{is_safe_url, local_path};
use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};

/// A path relative to the post's folder (`figure.png`, `data/run.csv`; [`local_path`]), at a
/// 1-based line of the Markdown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BodyReference {
    pub line: usize,
    pub path: String,
    /// Shown as an image (a Markdown image or a raw `<img>`), rather than linked to.
    pub image: bool,
}

/// Every relative path the body links to or shows, in order, each time it occurs.
pub fn local_references(markdown: &str) -> Vec<BodyReference> {
    let mut found: Vec<(usize, (String, bool))> = Vec::new();
    let mut push = |offset: usize, url: &str, image: bool| {
        if let Some((path, _)) = local_path(url).filter(|_| is_safe_url(url)) {
            found.push((offset, (path.to_string(), image)));
        }
    };
    // Raw HTML of one block arrives a line at a time: joined, so that a tag across lines is
    // read whole, with where each part starts in the Markdown.
    let mut block: Option<(String, Vec<(usize, usize)>)> = None;
    let events = Parser::new_ext(markdown, super::options()).into_offset_iter();
    for (event, range) in events {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) if link_type != LinkType::Email => push(range.start, &dest_url, false),
            Event::Start(Tag::Image { dest_url, .. }) => push(range.start, &dest_url, true),
            Event::Start(Tag::HtmlBlock) => block = Some((String::new(), Vec::new())),
            Event::Html(html) => match block.as_mut() {
                Some((text, map)) => {
                    map.push((text.len(), range.start));
                    text.push_str(&html);
                }
                None => raw_html(&html, &[(0, range.start)], &mut push),
            },
            Event::InlineHtml(html) => raw_html(&html, &[(0, range.start)], &mut push),
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((text, map)) = block.take() {
                    raw_html(&text, &map, &mut push);
                }
            }
            _ => {}
        }
    }
    findings::at_lines(markdown, found)
        .map(|(line, (path, image))| BodyReference { line, path, image })
        .collect()
}

/// The `href` of each `<a>` and `src` of each `<img>` in raw HTML, at its offset in the
/// Markdown (`map`: where each part of `html` starts there).
fn raw_html(html: &str, map: &[(usize, usize)], push: &mut impl FnMut(usize, &str, bool)) {
    let at = |pos: usize| {
        let i = map.partition_point(|&(start, _)| start <= pos).max(1) - 1;
        map.get(i)
            .map_or(0, |&(start, offset)| offset + (pos - start))
    };
    let mut pos = 0;
    while let Some(lt) = html[pos..].find('<') {
        pos += lt;
        let Some((tag, len)) = parse_tag(&html[pos..]) else {
            pos += 1;
            continue;
        };
        let wanted = match tag.name.as_str() {
            "a" => Some(("href", false)),
            "img" => Some(("src", true)),
            _ => None,
        };
        if let Some((attribute, image)) = wanted.filter(|_| !tag.closing) {
            for (_, value) in tag.attributes.iter().filter(|(n, _)| n == attribute) {
                push(at(pos), value, image);
            }
        }
        pos += len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(md: &str) -> Vec<(usize, &'static str, bool)> {
        local_references(md)
            .into_iter()
            .map(|r| (r.line, &*r.path.leak(), r.image))
            .collect()
    }

    #[test]
    fn relative_links_and_images_are_found_at_their_lines() {
        let md = "![Figure](figure.png)\n\nSee [the data](./data/run.csv?v=2#top),\n\
                  [a post](/blog/x/), [away](https://x.example/a.png), [up](../x.png),\n\
                  [hidden](.git/config), <a@b.example>, [bad](javascript:x.png).\n\n\
                  <div>\n<img alt=\"x\"\n  src=\"plot.svg\">\n<a href=\"notes.pdf\">n</a></div>\n\n\
                  Inline <img src=\"./inline.png\"> too.\n";
        assert_eq!(
            refs(md),
            [
                (1, "figure.png", true),
                (3, "data/run.csv", false),
                (8, "plot.svg", true),
                (10, "notes.pdf", false),
                (12, "inline.png", true),
            ]
        );
    }
}
