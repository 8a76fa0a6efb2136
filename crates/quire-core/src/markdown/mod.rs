//! Markdown to HTML with pulldown-cmark. One function owns the option set; the event pass
//! (`pass`) keeps what reaches the page safe and decorates it: raw HTML through the policy,
//! link and image URLs checked, GitHub's extended autolinks, heading ids and anchors, a table
//! of contents, code languages, table alignment.

mod autolink;
pub mod code;
mod embeds;
mod findings;
mod headings;
mod pass;
mod references;
mod tables;
mod text;

pub(crate) use headings::HeadingIds;
pub use headings::{TocEntry, slugify};
pub use references::{BodyReference, local_references};

/// Posts with fewer level 2 and 3 headings than this read fine without a table of contents
/// (the app's and the entry files' alike).
pub const TOC_MIN_ENTRIES: usize = 3;
pub use text::plain_text;

use crate::index::{ImageSizes, SiteInfo};
use crate::url_policy::{BodyUrls, PostFiles, is_safe_url};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, TextMergeWithOffset, html};

/// The Markdown dialect Quire reads: CommonMark plus the GitHub-flavoured extensions.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// How a post is rendered.
#[derive(Clone, Copy, Debug, Default)]
pub struct RenderOptions<'s> {
    /// The site's own base URL (`https://blog.example/`): absolute links to it become
    /// root-relative, so they navigate inside the app (unless their path would take a browser
    /// to another host, as `https://blog.example//evil.example/` would: those stay absolute).
    pub site_url: Option<&'s str>,
    /// Hosts whose videos are embedded; `None` for [`crate::video::DEFAULT_HOSTS`].
    pub video_hosts: Option<&'s [String]>,
    /// Show video thumbnails from the video host before play (a third-party request).
    pub remote_posters: bool,
    /// The public path the site is served under (`/blog/` on `https://x.github.io/blog/`):
    /// site-root-relative links and images get it as a prefix. Empty or `/` at the root.
    pub base_path: &'s str,
    /// The post's images by site path (`PostMeta::images`): each gets its `width` and
    /// `height`, and a `srcset` when it has resized copies.
    pub images: Option<&'s ImageSizes>,
    /// The post's highlighted code (`posts/<post>.code.json`, made by the builder): token
    /// runs applied to the fenced code blocks they were made for.
    pub code: Option<&'s code::CodeRuns>,
    /// Code blocks as plain text, for a feed: no runs, no line numbers or marked lines (lines
    /// that `hide_lines` hides are still left out).
    pub plain_code: bool,
    /// The post's own files (`PostMeta::files`): relative links and images that name one lead
    /// beside the post's URL.
    pub files: Option<PostFiles<'s>>,
}

impl<'s> RenderOptions<'s> {
    /// How a post of `site` is rendered, served under `base_path`: links to `address` (the
    /// site's absolute address, [`crate::site_path::site_address`]; none when empty) stay on
    /// the site, and videos are embedded as the settings say. The one place the builder, its
    /// pages and the app turn settings into options; a post's image sizes come with
    /// [`RenderOptions::with_images`].
    pub fn for_site(site: &'s SiteInfo, address: &'s str, base_path: &'s str) -> Self {
        RenderOptions {
            site_url: Some(address).filter(|a| !a.is_empty()),
            video_hosts: Some(&site.video_hosts),
            remote_posters: site.remote_posters,
            base_path,
            images: None,
            code: None,
            plain_code: false,
            files: None,
        }
    }

    /// These options with code blocks as plain text ([`RenderOptions::plain_code`]).
    pub fn with_plain_code(self) -> Self {
        RenderOptions {
            plain_code: true,
            ..self
        }
    }

    /// These options with a post's own files (`PostMeta::files`), served beside its `url`.
    pub fn with_files(self, url: &'s str, files: &'s [String]) -> Self {
        RenderOptions {
            files: Some(PostFiles { url, files }),
            ..self
        }
    }

    /// These options with a post's highlighted code (`PostMeta::code_runs`).
    pub fn with_code(self, code: &'s code::CodeRuns) -> Self {
        RenderOptions {
            code: Some(code),
            ..self
        }
    }

    /// These options with a post's image sizes (`PostMeta::images`).
    pub fn with_images(self, images: &'s ImageSizes) -> Self {
        RenderOptions {
            images: Some(images),
            ..self
        }
    }
}

/// A rendered post body.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rendered {
    /// HTML safe to insert into the page.
    pub html: String,
    /// Its level 2 and 3 headings.
    pub toc: Vec<TocEntry>,
    /// What was removed or changed, for the builder to tell the author.
    pub warnings: Vec<RenderWarning>,
}

/// An image of a body: its URL resolved against the site (`/assets/img/x.png`, as
/// [`RenderOptions::images`] is keyed), at a 1-based line of the Markdown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BodyImage {
    pub line: usize,
    pub src: String,
}

/// A problem at a 1-based line of the Markdown. Each message is reported once, at the first
/// line where it occurs, with how many times it occurs in the post.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenderWarning {
    pub line: usize,
    pub message: String,
    /// How many times this problem occurs (1 or more); `line` is where it first does.
    pub count: usize,
}

/// Renders a post body.
pub fn render(markdown: &str, options: RenderOptions<'_>) -> Rendered {
    let mut pass = pass::Pass::new(options);
    let events = Parser::new_ext(markdown, self::options()).into_offset_iter();
    // Runs of text come as one event, so that an autolink or a video URL is seen whole.
    for (event, range) in TextMergeWithOffset::new(events) {
        pass.push(event, range.start);
    }
    let warnings = std::mem::take(&mut pass.findings).into_warnings(markdown);
    let toc = std::mem::take(&mut pass.toc);
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut html, pass.finish().into_iter());
    Rendered {
        html,
        toc,
        warnings,
    }
}

/// The images a body shows, whose URL [`render`] keeps, each resolved against the site (and
/// the post's own `files`) as [`RenderOptions::images`] is keyed, at its line: what the
/// builder measures. (A pass of its own, so that the app, which renders with the sizes,
/// carries none of it.)
pub fn images(markdown: &str, files: Option<PostFiles<'_>>) -> Vec<BodyImage> {
    let urls = BodyUrls {
        base_path: "",
        files,
    };
    let events = Parser::new_ext(markdown, options()).into_offset_iter();
    let found = events.filter_map(|(event, range)| match event {
        Event::Start(Tag::Image { dest_url, .. }) if is_safe_url(&dest_url) => {
            Some((range.start, urls.image(&dest_url)))
        }
        _ => None,
    });
    findings::at_lines(markdown, found)
        .map(|(line, src)| BodyImage { line, src })
        .collect()
}

/// Renders a post body to HTML safe to insert into the page, with default options.
pub fn render_markdown(markdown: &str) -> String {
    render(markdown, RenderOptions::default()).html
}

/// Renders Markdown as pulldown-cmark does, raw HTML trusted and no Quire decorations: the
/// mode in which conformance with the CommonMark spec is measured. Never for posts.
pub fn render_trusted(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, Parser::new_ext(markdown, options()));
    out
}

/// The first paragraph of a body as plain text, shortened to about `max_chars` at a word
/// boundary: the summary of a post whose author gave none.
pub fn first_paragraph_text(markdown: &str, max_chars: usize) -> String {
    let mut text = String::new();
    let mut in_paragraph = false;
    let mut image_depth = 0usize;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::Paragraph) => in_paragraph = true,
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            _ if image_depth > 0 => {}
            Event::End(TagEnd::Paragraph) if !text.trim().is_empty() => break,
            Event::End(TagEnd::Paragraph) => in_paragraph = false,
            Event::Text(t) | Event::Code(t) if in_paragraph => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak if in_paragraph => text.push(' '),
            _ => {}
        }
    }
    shorten(text.trim(), max_chars)
}

fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(max_chars).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max_chars / 2 => &cut[..i],
        _ => &cut,
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_images_a_body_shows_are_listed_at_their_lines() {
        let md = "Intro\n\n![A](assets/a.png)\n\ntext ![B](/b.svg \"t\") and\n![C](https://x.example/c.png)\n\n\
                  ![bad](javascript:x)\n";
        let found: Vec<(usize, String)> = images(md, None)
            .into_iter()
            .map(|i| (i.line, i.src))
            .collect();
        let expected = [
            (3, "/assets/a.png"),
            (5, "/b.svg"),
            (6, "https://x.example/c.png"),
        ];
        assert_eq!(found, expected.map(|(l, s)| (l, s.to_string())));
    }

    #[test]
    fn first_paragraph_is_the_summary() {
        let md = "![banner](x.png)\n\nFirst *para* with `code`\nand a break.\n\nSecond.";
        assert_eq!(
            first_paragraph_text(md, 200),
            "First para with code and a break."
        );
        let long = "word ".repeat(100);
        let short = first_paragraph_text(&long, 50);
        assert!(
            short.ends_with('…') && short.chars().count() <= 51,
            "{short}"
        );
    }
}
