//! Markdown to HTML with pulldown-cmark. One function owns the option set; the event pass
//! (`pass`) keeps what reaches the page safe and decorates it: raw HTML through the policy,
//! link and image URLs checked, GitHub's extended autolinks, heading ids and anchors, a table
//! of contents, code languages, table alignment.

mod autolink;
mod embeds;
mod findings;
mod headings;
mod pass;
mod tables;
mod text;

pub(crate) use headings::HeadingIds;
pub use headings::{TocEntry, slugify};

/// Posts with fewer level 2 and 3 headings than this read fine without a table of contents
/// (the app's and the entry files' alike).
pub const TOC_MIN_ENTRIES: usize = 3;
pub use text::plain_text;

use crate::index::ImageSizes;
use crate::url_policy::{is_safe_url, resolve_image};
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

/// The images a body shows, whose URL [`render`] keeps, each resolved against the site as
/// [`RenderOptions::images`] is keyed, at its line: what the builder measures. (A pass of its
/// own, so that the app, which renders with the sizes, carries none of it.)
pub fn images(markdown: &str) -> Vec<BodyImage> {
    let events = Parser::new_ext(markdown, options()).into_offset_iter();
    let found = events.filter_map(|(event, range)| match event {
        Event::Start(Tag::Image { dest_url, .. }) if is_safe_url(&dest_url) => {
            Some((range.start, resolve_image(&dest_url)))
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
    fn renders_github_flavoured_markdown() {
        let html = render_markdown(
            "# T\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ new[^1]\n\n- [x] done\n\n[^1]: note\n",
        );
        for part in [
            "<table>",
            "<del>old</del>",
            "type=\"checkbox\"",
            "footnote-definition",
        ] {
            assert!(html.contains(part), "{part} missing in {html}");
        }
    }

    #[test]
    fn task_list_boxes_have_names() {
        let html = render_markdown("- [x] shipped\n- [ ] next\n");
        assert!(
            html.contains("<input type=\"checkbox\" disabled checked aria-label=\"Done\">shipped"),
            "{html}"
        );
        assert!(
            html.contains("<input type=\"checkbox\" disabled aria-label=\"Not done\">next"),
            "{html}"
        );
    }

    #[test]
    fn raw_html_goes_through_the_policy_with_warnings_on_their_lines() {
        let md = "Intro\n\n<script>alert(1)</script>\n\nHi <b onclick=x>there</b> <kbd>K</kbd>\n";
        let r = render(md, RenderOptions::default());
        assert!(
            !r.html.contains("<script") && !r.html.contains("onclick"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("Hi <b>there</b> <kbd>K</kbd>"),
            "{}",
            r.html
        );
        let lines: Vec<usize> = r.warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, [3, 5], "{:?}", r.warnings);
        assert!(
            r.warnings[0].message.contains("<script>"),
            "{:?}",
            r.warnings
        );
    }

    #[test]
    fn inline_script_content_is_dropped_to_the_end_of_the_paragraph() {
        let html = render_markdown("a <script>alert(1)</script> b\n\nnext");
        assert!(!html.contains("alert"), "{html}");
        assert!(html.contains("<p>next</p>"), "{html}");
    }

    #[test]
    fn a_link_cut_short_by_dropped_script_ends_with_its_paragraph() {
        let html = render_markdown("[x <script>y](/u) www.a.example\n\nnext www.b.example");
        assert_eq!(
            html,
            "<p><a href=\"/u\">x </a></p>\n<p>next <a href=\"http://www.b.example\" \
             rel=\"noopener noreferrer\">www.b.example</a></p>\n"
        );
    }

    #[test]
    fn neutralises_script_urls() {
        let r = render(
            "[a](javascript:alert(1)) [b](JaVaScRiPt:x) ![d](data:text/html,x) \
             [e](https://ok.example/) [f](/blog/x/) [g](#top) [h](mailto:a@b.c) [i](vbscript:x) <javascript:alert(1)>",
            RenderOptions::default(),
        );
        let lower = r.html.to_lowercase();
        for bad in ["href=\"javascript", "href=\"vbscript", "src=\"data"] {
            assert!(!lower.contains(bad), "{bad} in {}", r.html);
        }
        for ok in ["https://ok.example/", "/blog/x/", "#top", "mailto:a@b.c"] {
            assert!(r.html.contains(ok), "{ok} missing in {}", r.html);
        }
        // Five unsafe URLs, two of them the same: four messages, one counted twice.
        assert_eq!(r.warnings.len(), 4, "{:?}", r.warnings);
        let counts: Vec<usize> = r.warnings.iter().map(|w| w.count).collect();
        assert_eq!(counts, [2, 1, 1, 1], "{:?}", r.warnings);
    }

    #[test]
    fn under_a_sub_path_site_links_and_images_get_the_prefix() {
        let md = "[home](https://blog.example/sub/blog/2024/01/a/) [root](/blog/x/) [out](https://x.example/a) \
                  [top](#top) [rel](rel/x/)\n\n![A](assets/cat.png) ![B](/assets/dog.png) ![C](https://x.example/c.png)\n\n\
                  <a href=\"/blog/y/\"><img src=\"/assets/e.png\" alt=\"E\"></a> <a href=\"https://x.example/\">x</a>\n\n\
                  <div><img src=\"/assets/f.png\" alt=\"F\"></div>\n";
        let options = RenderOptions {
            site_url: Some("https://blog.example/sub/"),
            base_path: "/sub/",
            ..RenderOptions::default()
        };
        let h = render(md, options).html;
        for expected in [
            "<a href=\"/sub/blog/2024/01/a/\">home</a>",
            "<a href=\"/sub/blog/x/\">root</a>",
            "<a href=\"https://x.example/a\" rel=\"noopener noreferrer\">out</a>",
            "<a href=\"#top\">top</a>",
            "<a href=\"rel/x/\">rel</a>",
            "<img src=\"/sub/assets/cat.png\" alt=\"A\"",
            "<img src=\"/sub/assets/dog.png\" alt=\"B\"",
            "<img src=\"https://x.example/c.png\" alt=\"C\"",
            "<a href=\"/sub/blog/y/\"><img src=\"/sub/assets/e.png\" alt=\"E\"",
            "<a href=\"https://x.example/\" rel=\"noopener noreferrer\">x</a>",
            "<img src=\"/sub/assets/f.png\" alt=\"F\"",
        ] {
            assert!(h.contains(expected), "{expected} missing in {h}");
        }
        let at_root = RenderOptions {
            base_path: "/",
            ..options
        };
        assert!(
            render(md, at_root)
                .html
                .contains("<a href=\"/blog/x/\">root</a>")
        );
    }

    #[test]
    fn decorates_links_images_headings_and_code() {
        let md = "## Intro\n\n## Intro\n\n### Deep {#custom .wide}\n\n\
                  [out](https://x.example/) [home](https://blog.example/blog/2024/01/a/) [rel](/x)\n\n\
                  ![A cat](assets/cat.png \"Title\")\n\n```rust\nfn main() {}\n```\n";
        let r = render(
            md,
            RenderOptions {
                site_url: Some("https://blog.example"),
                ..RenderOptions::default()
            },
        );
        let h = &r.html;
        assert!(
            h.contains("<h2 id=\"intro\">Intro <a class=\"heading-anchor\" href=\"#intro\""),
            "{h}"
        );
        assert!(h.contains("<h2 id=\"intro-1\">"), "{h}");
        assert!(h.contains("<h3 id=\"custom\" class=\"wide\">"), "{h}");
        assert!(
            h.contains("<a href=\"https://x.example/\" rel=\"noopener noreferrer\">out</a>"),
            "{h}"
        );
        assert!(h.contains("<a href=\"/blog/2024/01/a/\">home</a>"), "{h}");
        assert!(h.contains("<a href=\"/x\">rel</a>"), "{h}");
        assert!(
            h.contains(
                "<img src=\"/assets/cat.png\" alt=\"A cat\" title=\"Title\" loading=\"lazy\""
            ),
            "{h}"
        );
        assert!(
            h.contains("<pre data-lang=\"rust\"><code class=\"language-rust\">fn main() {}"),
            "{h}"
        );
        let toc: Vec<(u8, &str)> = r.toc.iter().map(|t| (t.level, t.id.as_str())).collect();
        assert_eq!(toc, [(2, "intro"), (2, "intro-1"), (3, "custom")]);
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    }

    #[test]
    fn the_images_a_body_shows_are_listed_at_their_lines() {
        let md = "Intro\n\n![A](assets/a.png)\n\ntext ![B](/b.svg \"t\") and\n![C](https://x.example/c.png)\n\n\
                  ![bad](javascript:x)\n";
        let found: Vec<(usize, String)> = images(md).into_iter().map(|i| (i.line, i.src)).collect();
        let expected = [
            (3, "/assets/a.png"),
            (5, "/b.svg"),
            (6, "https://x.example/c.png"),
        ];
        assert_eq!(found, expected.map(|(l, s)| (l, s.to_string())));
    }

    #[test]
    fn videos_become_facades_and_other_iframes_are_dropped() {
        let md = "Talk:\n\n<iframe width=\"560\" height=\"315\" src=\"https://www.youtube.com/embed/aqz-KE-bpKQ?start=5\" \
                  title=\"The talk\" allowfullscreen></iframe>\n\nhttps://youtu.be/aqz-KE-bpKQ\n\n\
                  [Our demo](https://vimeo.com/76979871)\n\nSee https://youtu.be/aqz-KE-bpKQ too.\n\n\
                  <iframe src=\"https://evil.example/x\"></iframe>\n\n\
                  <iframe src=\"https://youtube.com.evil.example/embed/aqz-KE-bpKQ\"></iframe>\n";
        let r = render(md, RenderOptions::default());
        assert_eq!(
            r.html.matches("class=\"video-embed\"").count(),
            3,
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("data-start=\"5\" data-ratio=\"560/315\" data-title=\"The talk\""),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("aria-label=\"Play video: Our demo\""),
            "{}",
            r.html
        );
        assert!(
            r.html.contains(
                "<p>See <a href=\"https://youtu.be/aqz-KE-bpKQ\" rel=\"noopener noreferrer\">\
                 https://youtu.be/aqz-KE-bpKQ</a> too.</p>"
            ),
            "a video URL inside a sentence stays a link: {}",
            r.html
        );
        assert!(
            !r.html.contains("<iframe") && !r.html.contains("evil"),
            "{}",
            r.html
        );
        let lines: Vec<usize> = r.warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, [11, 13], "{:?}", r.warnings);
        assert!(
            r.warnings[0].message.contains("`evil.example`"),
            "{:?}",
            r.warnings
        );

        let only_vimeo = ["vimeo.com".to_string()];
        let r = render(
            md,
            RenderOptions {
                video_hosts: Some(&only_vimeo),
                ..RenderOptions::default()
            },
        );
        assert_eq!(
            r.html.matches("class=\"video-embed\"").count(),
            1,
            "{}",
            r.html
        );
        assert!(
            r.warnings
                .iter()
                .any(|w| w.message.contains("not in `video_hosts`")),
            "{:?}",
            r.warnings
        );
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
