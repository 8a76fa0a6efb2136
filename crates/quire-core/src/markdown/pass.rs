//! The event pass between pulldown-cmark's parser and its HTML writer: raw HTML through the
//! policy, links and images checked and decorated, headings given ids and anchors, code blocks
//! labelled. Every problem is recorded with its byte offset for the builder's warnings.

use super::RenderOptions;
use super::autolink;
use super::code::{CodeRuns, FenceOptions, code_html, fence_language, visible_text};
use super::embeds;
use super::findings::Findings;
use super::headings::{self, HeadingIds, TocEntry};
use super::tables::TableWriter;
use crate::escape::{escape_attribute_into, escape_href_into};
use crate::html_policy::allowlist;
use crate::image::{COLUMN_SIZES, srcset};
use crate::index::{ImageSize, ImageSizes};
use crate::site_path::prefixed;
use crate::url_policy::{BodyUrls, is_external, is_safe_url, site_relative};
use crate::video;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd};
use std::fmt::Write;

struct HeadingBuffer<'a> {
    level: HeadingLevel,
    explicit_id: Option<CowStr<'a>>,
    classes: Vec<CowStr<'a>>,
    text: String,
    events: Vec<Event<'a>>,
}

struct ImageBuffer {
    /// Its URL resolved against the site, without the public path; empty when refused.
    path: String,
    title: String,
    alt: String,
    depth: usize,
}

pub struct Pass<'a, 's> {
    site_url: Option<&'s str>,
    /// The public path, and the post's own files.
    urls: BodyUrls<'s>,
    image_sizes: Option<&'s ImageSizes>,
    video_hosts: Vec<String>,
    /// The first events of a paragraph, held back in case it is only a video link.
    paragraph: Option<Vec<(Event<'a>, usize)>>,
    facades: embeds::Facades,
    table: TableWriter,
    out: Vec<Event<'a>>,
    pub toc: Vec<TocEntry>,
    pub findings: Findings,
    ids: HeadingIds,
    html_block: Option<Vec<(usize, CowStr<'a>)>>,
    skip_inline_until: Option<String>,
    heading: Option<HeadingBuffer<'a>>,
    image: Option<ImageBuffer>,
    /// Inside a link (whose text is never autolinked again).
    link_depth: usize,
    /// Inside a code block (whose text is never autolinked).
    in_code_block: bool,
    /// The post's highlighted code, and the fenced block being read (its text held until
    /// its end, to be written with its runs and fence options).
    code_runs: Option<&'s CodeRuns>,
    /// Code blocks as plain text (`RenderOptions::plain_code`).
    plain_code: bool,
    fenced: Option<FencedCode>,
    fenced_count: u32,
}

struct FencedCode {
    block: u32,
    options: FenceOptions,
    text: String,
}

impl<'a, 's> Pass<'a, 's> {
    pub fn new(options: RenderOptions<'s>) -> Self {
        let video_hosts = match options.video_hosts {
            Some(hosts) => hosts.to_vec(),
            None => video::DEFAULT_HOSTS.iter().map(|h| h.to_string()).collect(),
        };
        Pass {
            site_url: options.site_url,
            urls: BodyUrls {
                base_path: options.base_path,
                files: options.files,
            },
            image_sizes: options.images,
            video_hosts,
            paragraph: None,
            table: TableWriter::default(),
            facades: embeds::Facades::new(options.remote_posters),
            out: Vec::new(),
            toc: Vec::new(),
            findings: Findings::default(),
            ids: HeadingIds::default(),
            html_block: None,
            skip_inline_until: None,
            heading: None,
            image: None,
            link_depth: 0,
            in_code_block: false,
            code_runs: options.code,
            plain_code: options.plain_code,
            fenced: None,
            fenced_count: 0,
        }
    }

    pub fn finish(self) -> Vec<Event<'a>> {
        self.out
    }

    pub fn push(&mut self, event: Event<'a>, offset: usize) {
        if let Some(block) = self.html_block.as_mut() {
            match event {
                Event::Html(html) => block.push((offset, html)),
                Event::End(TagEnd::HtmlBlock) => self.flush_html_block(),
                _ => {}
            }
            return;
        }
        if self.paragraph.is_some() {
            return self.hold_paragraph(event, offset);
        }
        if matches!(event, Event::Start(Tag::Paragraph))
            && self.skip_inline_until.is_none()
            && self.image.is_none()
        {
            self.paragraph = Some(Vec::new());
            return;
        }
        if self.skip_inline_until.is_some() && !self.ends_skip(&event) {
            return;
        }
        if let Some(image) = self.image.as_mut() {
            match event {
                Event::Start(Tag::Image { .. }) => image.depth += 1,
                Event::End(TagEnd::Image) if image.depth > 0 => image.depth -= 1,
                Event::End(TagEnd::Image) => self.flush_image(),
                Event::Text(t) | Event::Code(t) => image.alt.push_str(&t),
                _ => {}
            }
            return;
        }
        if let Some(html) = self.table.html(&event) {
            return self.emit(Event::Html(CowStr::from(html)));
        }
        match event {
            Event::Start(Tag::HtmlBlock) => self.html_block = Some(Vec::new()),
            Event::Html(html) | Event::InlineHtml(html) => self.inline_html(&html, offset),
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                self.heading = Some(HeadingBuffer {
                    level,
                    explicit_id: id,
                    classes,
                    text: String::new(),
                    events: Vec::new(),
                });
            }
            Event::End(TagEnd::Heading(_)) => self.flush_heading(),
            Event::Start(Tag::Link {
                link_type: LinkType::Email,
                dest_url,
                title,
                ..
            }) => {
                // `<a@b.example>`: the URL is the bare address.
                self.link_depth += 1;
                self.link(&format!("mailto:{dest_url}"), &title, offset);
            }
            Event::Start(Tag::Link {
                dest_url, title, ..
            }) => {
                self.link_depth += 1;
                self.link(&dest_url, &title, offset);
            }
            Event::End(TagEnd::Link) => {
                self.link_depth = self.link_depth.saturating_sub(1);
                self.emit(event);
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let path = if is_safe_url(&dest_url) {
                    self.urls.image(&dest_url)
                } else {
                    self.finding(
                        offset,
                        format!(
                            "an image with an unsafe URL (`{}`) was removed",
                            short(&dest_url)
                        ),
                    );
                    String::new()
                };
                self.image = Some(ImageBuffer {
                    path,
                    title: title.to_string(),
                    alt: String::new(),
                    depth: 0,
                });
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                self.in_code_block = true;
                match kind {
                    CodeBlockKind::Fenced(info) => self.code_block(&info),
                    indented => self.emit(Event::Start(Tag::CodeBlock(indented))),
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                self.in_code_block = false;
                self.flush_fenced();
                self.emit(event);
            }
            Event::TaskListMarker(done) => self.emit_html(task_marker(done)),
            Event::Text(text) => self.text(text, offset),
            Event::SoftBreak | Event::HardBreak => {
                if let Some(h) = self.heading.as_mut() {
                    h.text.push(' ');
                }
                self.emit(event);
            }
            Event::Code(ref text) => {
                if let Some(h) = self.heading.as_mut() {
                    h.text.push_str(text);
                }
                self.emit(event);
            }
            other => self.emit(other),
        }
    }

    /// Holds a paragraph's first events; a paragraph of only a video link becomes its facade,
    /// any other is replayed as it came.
    fn hold_paragraph(&mut self, event: Event<'a>, offset: usize) {
        let ends = matches!(event, Event::End(TagEnd::Paragraph));
        let Some(held) = self.paragraph.as_mut() else {
            return;
        };
        if !ends && held.len() < 3 {
            held.push((event, offset));
            return;
        }
        let held = self.paragraph.take().unwrap_or_default();
        if ends
            && let Some(facade) = embeds::lone_video(&held, &self.video_hosts, &mut self.facades)
        {
            self.emit(Event::Html(CowStr::from(facade)));
            return;
        }
        self.emit(Event::Start(Tag::Paragraph));
        for (event, offset) in held {
            self.push(event, offset);
        }
        self.push(event, offset);
    }

    /// Text, with GitHub's extended autolinks (`www.x.example`, `https://…`, `a@b.example`)
    /// made links under the same URL policy as written ones; never inside a link or code.
    fn text(&mut self, text: CowStr<'a>, offset: usize) {
        if let Some(code) = self.fenced.as_mut() {
            return code.text.push_str(&text);
        }
        if let Some(h) = self.heading.as_mut() {
            h.text.push_str(&text);
        }
        let links = match self.link_depth == 0 && !self.in_code_block {
            true => autolink::find(&text),
            false => Vec::new(),
        };
        if links.is_empty() {
            return self.emit(Event::Text(text));
        }
        let piece = |from: usize, to: usize| Event::Text(CowStr::from(text[from..to].to_string()));
        let mut from = 0;
        for link in links {
            if from < link.start {
                self.emit(piece(from, link.start));
            }
            self.link(&link.url, "", offset);
            self.emit(piece(link.start, link.end));
            self.emit(Event::End(TagEnd::Link));
            from = link.end;
        }
        if from < text.len() {
            self.emit(piece(from, text.len()));
        }
    }

    fn emit(&mut self, event: Event<'a>) {
        match self.heading.as_mut() {
            Some(h) => h.events.push(event),
            None => self.out.push(event),
        }
    }

    fn emit_html(&mut self, html: String) {
        self.emit(Event::InlineHtml(CowStr::from(html)));
    }

    fn finding(&mut self, offset: usize, message: String) {
        self.findings.record(offset, message);
    }

    fn ends_skip(&mut self, event: &Event<'a>) -> bool {
        let ends = match event {
            Event::InlineHtml(html) => self
                .skip_inline_until
                .as_deref()
                .is_some_and(|element| allowlist::closes_element(html, element)),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::TableCell
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition,
            ) => {
                self.skip_inline_until = None;
                // A link whose end was skipped ends with its block.
                for _ in 0..std::mem::take(&mut self.link_depth) {
                    self.emit(Event::End(TagEnd::Link));
                }
                return true;
            }
            _ => false,
        };
        if ends {
            self.skip_inline_until = None;
        }
        false
    }

    fn inline_html(&mut self, html: &str, offset: usize) {
        if let Some(element) = allowlist::opens_dropped_element(html) {
            self.finding(
                offset,
                format!(
                    "raw HTML removed: <{element}> and its content, up to its end tag or the end of the paragraph"
                ),
            );
            self.skip_inline_until = Some(element);
            return;
        }
        let mut dropped = Vec::new();
        let clean = allowlist::sanitize_fragment_with(
            html,
            &mut dropped,
            &self.urls,
            &mut allowlist::no_embeds,
        );
        self.findings.record_dropped(dropped, &[(0, offset)]);
        self.emit_html(clean);
    }

    fn flush_html_block(&mut self) {
        let Some(parts) = self.html_block.take() else {
            return;
        };
        let mut source = String::new();
        let mut map = Vec::with_capacity(parts.len());
        for (offset, part) in &parts {
            map.push((source.len(), *offset));
            source.push_str(part);
        }
        let mut dropped = Vec::new();
        let hosts = &self.video_hosts;
        let facades = &mut self.facades;
        let clean =
            allowlist::sanitize_fragment_with(&source, &mut dropped, &self.urls, &mut |tag| {
                embeds::iframe(tag, hosts, facades)
            });
        self.findings.record_dropped(dropped, &map);
        self.emit(Event::Html(CowStr::from(clean)));
    }

    fn link(&mut self, dest: &str, title: &str, offset: usize) {
        let mut tag = String::from("<a");
        if is_safe_url(dest) {
            let href = self.urls.href(site_relative(dest, self.site_url));
            tag.push_str(" href=\"");
            escape_href_into(&mut tag, &href);
            tag.push('"');
            if is_external(&href) {
                tag.push_str(" rel=\"noopener noreferrer\"");
            }
        } else {
            self.finding(
                offset,
                format!("a link to an unsafe URL (`{}`) was disabled", short(dest)),
            );
        }
        if !title.is_empty() {
            tag.push_str(" title=\"");
            escape_attribute_into(&mut tag, title);
            tag.push('"');
        }
        tag.push('>');
        self.emit_html(tag);
    }

    fn flush_image(&mut self) {
        let Some(image) = self.image.take() else {
            return;
        };
        let mut tag = String::from("<img");
        if !image.path.is_empty() {
            tag.push_str(" src=\"");
            self.served_into(&mut tag, &image.path);
            tag.push('"');
        }
        tag.push_str(" alt=\"");
        escape_attribute_into(&mut tag, &image.alt);
        tag.push('"');
        if !image.title.is_empty() {
            tag.push_str(" title=\"");
            escape_attribute_into(&mut tag, &image.title);
            tag.push('"');
        }
        let size = self.image_sizes.and_then(|sizes| sizes.get(&image.path));
        if let Some(size) = size {
            self.size_into(&mut tag, &image.path, &size);
        }
        tag.push_str(" loading=\"lazy\" decoding=\"async\">");
        self.emit_html(tag);
    }

    /// A site path as the page asks for it: under the public path, escaped for an attribute.
    fn served_into(&self, out: &mut String, path: &str) {
        escape_href_into(out, &prefixed(self.urls.base_path, path));
    }

    /// An image's `width` and `height`, and its copies as `srcset` and `sizes`.
    fn size_into(&self, tag: &mut String, path: &str, size: &ImageSize) {
        let _ = write!(tag, " width=\"{}\" height=\"{}\"", size.width, size.height);
        let served = |p: &str| {
            let mut url = String::new();
            self.served_into(&mut url, p);
            url
        };
        if let Some(set) = srcset(path, size, &served) {
            let _ = write!(tag, " srcset=\"{set}\" sizes=\"{COLUMN_SIZES}\"");
        }
    }

    fn code_block(&mut self, info: &str) {
        self.fenced = Some(FencedCode {
            block: self.fenced_count,
            options: FenceOptions::parse(info),
            text: String::new(),
        });
        self.fenced_count = self.fenced_count.saturating_add(1);
        let lang = fence_language(info);
        if lang.is_empty() {
            self.emit_html("<pre><code>".to_string());
            return;
        }
        // The label the stylesheet shows (plain code, in a feed, has no stylesheet).
        let mut tag = String::from("<pre");
        if !self.plain_code {
            tag.push_str(" data-lang=\"");
            escape_attribute_into(&mut tag, &lang);
            tag.push('"');
        }
        tag.push_str("><code class=\"language-");
        escape_attribute_into(&mut tag, &lang);
        tag.push_str("\">");
        self.emit(Event::Html(CowStr::from(tag)));
    }

    /// A fenced block's text: with its runs and options when it has any, else as any text;
    /// as plain code, its visible lines as text.
    fn flush_fenced(&mut self) {
        let Some(code) = self.fenced.take() else {
            return;
        };
        if self.plain_code {
            return self.emit_code_text(visible_text(&code.text, &code.options));
        }
        let runs = self.code_runs.and_then(|r| r.get(code.block, &code.text));
        match code_html(&code.text, runs.as_deref(), &code.options) {
            Some(html) => self.emit(Event::Html(CowStr::from(html))),
            None => self.emit_code_text(code.text),
        }
    }

    /// A code block's text, escaped as any text (nothing for an empty block).
    fn emit_code_text(&mut self, text: String) {
        if !text.is_empty() {
            self.emit(Event::Text(CowStr::from(text)));
        }
    }

    fn flush_heading(&mut self) {
        let Some(h) = self.heading.take() else { return };
        // Spaces run together (text around dropped raw HTML) count once, as a browser shows them.
        let text = h.text.split_whitespace().collect::<Vec<_>>().join(" ");
        let id = self.ids.assign(h.explicit_id.as_deref(), &text);
        let level = h.level as u8;
        let (open, close) = headings::tags(level, &id, &h.classes, &text);
        self.out.push(Event::Html(CowStr::from(open)));
        self.out.extend(h.events);
        self.out.push(Event::Html(CowStr::from(close)));
        // A heading without text has nothing to list in the table of contents.
        if (2..=3).contains(&level) && !text.is_empty() {
            self.toc.push(TocEntry { level, id, text });
        }
    }
}

/// A task list item's box, with a name: a checkbox without one is an unlabelled form field
/// to screen readers (and to axe-core).
fn task_marker(done: bool) -> String {
    let (checked, name) = if done {
        (" checked", "Done")
    } else {
        ("", "Not done")
    };
    format!("<input type=\"checkbox\" disabled{checked} aria-label=\"{name}\">")
}

/// The start of a URL, for a message.
fn short(url: &str) -> String {
    url.chars().take(40).collect()
}
