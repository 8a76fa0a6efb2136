//! A post's highlights: the entries of a section whose heading contains "Highlights", each a
//! bold or linked lead-in (`**[Skipper](…)**`, `[**Patroni**](…)`, `- [Kopf](…) …`) with its
//! paragraph. The search index and the `/highlights` page are made from them.

mod lead_in;

use crate::markdown::{HeadingIds, options};
use lead_in::{LeadIn, Place};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};

/// One highlight of a post: a project or topic named in its Highlights section or its front
/// matter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Highlight {
    /// The lead-in: the project's or topic's name, plain text ("Skipper", "ExternalDNS version
    /// 0.5.9"), trailing ':' '.' '-' '–' trimmed.
    pub name: String,
    /// Where the lead-in links to, if it is a link (kept exactly as written; absolute or
    /// relative). A link the renderer would disable (`javascript:` …) gives none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The rest of the entry as plain text (no Markdown, no HTML; inline links become their
    /// text; leading separators like ':' '-' '–' '—' trimmed; whitespace collapsed). May be
    /// empty.
    pub text: String,
    /// The id of the heading of the section it was found in, as the rendered page has it, so
    /// that `post-url#id` lands there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
}

/// The highlights of a Markdown body: the entries of every section whose heading contains
/// "Highlights" (any case), up to the next heading of the same or a higher level. Inside it a
/// sub-heading is an entry of its own, or the title of a group when entries follow it; once the
/// section has entries of its own before any sub-heading, the next heading ends it (authors
/// write `# Project Highlights` followed by `## New Releases`).
pub fn extract_highlights(markdown: &str) -> Vec<Highlight> {
    let mut reader = SectionReader::default();
    for event in Parser::new_ext(markdown, options()) {
        reader.push(event);
    }
    reader.finish()
}

/// The inline events of one block, collected until it ends.
struct Run<'a> {
    /// `Some` for a heading: its level and the author's `{#id}`.
    heading: Option<(HeadingLevel, Option<CowStr<'a>>)>,
    events: Vec<Event<'a>>,
}

/// A block container that is open around the current run (a list item, a block quote, …).
/// What it inherits from the containers around it is copied in, so no check walks the stack.
struct Container {
    is_item: bool,
    /// Whether the item's first block has been read.
    read: bool,
    /// The highlight this container's text belongs to: one its item opened, or one of an item
    /// around it.
    entry: Option<usize>,
    in_footnote: bool,
}

/// The open Highlights section.
struct Section {
    level: u8,
    /// The id of its latest heading: its own, or the sub-heading entries stand under.
    anchor: String,
    /// How many highlights were found before it opened.
    first: usize,
    has_sub_heading: bool,
}

/// A lead-in with nothing after it yet (a sub-heading or a bold line): a highlight of its own
/// when text follows, the title of a group when entries do.
struct Label {
    highlight: Highlight,
    from_heading: bool,
}

#[derive(Default)]
struct SectionReader<'a> {
    ids: HeadingIds,
    containers: Vec<Container>,
    run: Option<Run<'a>>,
    section: Option<Section>,
    label: Option<Label>,
    found: Vec<Highlight>,
}

impl<'a> SectionReader<'a> {
    fn push(&mut self, event: Event<'a>) {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => self.start_run(Some((level, id))),
            Event::Start(Tag::Paragraph) => self.start_run(None),
            Event::End(TagEnd::Heading(_) | TagEnd::Paragraph) => self.end_run(),
            Event::Start(ref tag) if is_inline(&tag.to_end()) => self.inline(event),
            Event::End(ref tag) if is_inline(tag) => self.inline(event),
            Event::Start(tag) => {
                self.end_run();
                let outer = self.containers.last();
                self.containers.push(Container {
                    is_item: matches!(tag, Tag::Item),
                    read: false,
                    entry: outer.and_then(|c| c.entry),
                    in_footnote: matches!(tag, Tag::FootnoteDefinition(_))
                        || outer.is_some_and(|c| c.in_footnote),
                });
            }
            Event::End(_) => {
                self.end_run();
                self.containers.pop();
            }
            Event::Rule => self.end_run(),
            other => self.inline(other),
        }
    }

    fn finish(mut self) -> Vec<Highlight> {
        self.end_run();
        self.close_section();
        self.found
    }

    fn start_run(&mut self, heading: Option<(HeadingLevel, Option<CowStr<'a>>)>) {
        self.end_run();
        self.run = Some(Run {
            heading,
            events: Vec::new(),
        });
    }

    /// An inline event: part of the open run, or the start of a tight list item's text.
    fn inline(&mut self, event: Event<'a>) {
        if self.run.is_none() && self.containers.last().is_some_and(|c| c.is_item) {
            self.start_run(None);
        }
        if let Some(run) = self.run.as_mut()
            && (run.heading.is_some() || self.section.is_some())
        {
            run.events.push(event);
        }
    }

    fn end_run(&mut self) {
        let Some(run) = self.run.take() else { return };
        let events = lead_in::visible(run.events);
        match run.heading {
            Some((level, explicit_id)) => {
                self.heading(level as u8, explicit_id.as_deref(), &events)
            }
            None => self.block(&events),
        }
    }

    fn heading(&mut self, level: u8, explicit_id: Option<&str>, events: &[Event<'_>]) {
        let text = lead_in::heading_text(events);
        let id = self.ids.assign(explicit_id, &text);
        let has_own_entries = self.label.is_some() || self.found.len() > self.section_start();
        if self.section.as_ref().is_some_and(|section| {
            level <= section.level || (!section.has_sub_heading && has_own_entries)
        }) {
            self.close_section();
        }
        if let Some(section) = self.section.as_mut() {
            section.anchor = id;
            section.has_sub_heading = true;
            self.flush_label();
            let (name, url) = lead_in::heading_name(events);
            if !name.is_empty() {
                let lead = LeadIn {
                    name,
                    url,
                    text: String::new(),
                    bold: true,
                };
                self.label = Some(Label {
                    highlight: self.highlight(lead),
                    from_heading: true,
                });
            }
        } else if text.to_lowercase().contains("highlights") {
            self.section = Some(Section {
                level,
                anchor: id,
                first: self.found.len(),
                has_sub_heading: false,
            });
        }
    }

    /// A paragraph or a list item's text inside the section.
    fn block(&mut self, events: &[Event<'_>]) {
        let container = self.containers.last_mut();
        if self.section.is_none() || container.as_ref().is_some_and(|c| c.in_footnote) {
            return;
        }
        let lead = match container {
            // Text under an entry's list item (more paragraphs, sub-items) belongs to it.
            Some(c) if c.entry.is_some() => None,
            Some(c) if c.is_item && !c.read => {
                c.read = true;
                lead_in::read_lead_in(events, Place::ListItem)
            }
            Some(c) if c.is_item => None,
            _ => lead_in::read_lead_in(events, Place::Paragraph),
        };
        match lead {
            Some(lead) if lead.bold && lead.text.is_empty() => self.set_label(lead),
            Some(lead) => {
                let index = self.push_entry(lead);
                if let Some(container) = self.containers.last_mut().filter(|c| c.is_item) {
                    container.entry = Some(index);
                }
            }
            None => self.append_text(&lead_in::plain_text(events)),
        }
    }

    fn section_start(&self) -> usize {
        self.section.as_ref().map_or(self.found.len(), |s| s.first)
    }

    fn owning_entry(&self) -> Option<usize> {
        self.containers.last().and_then(|c| c.entry)
    }

    /// Text that is no entry of its own: more of the open list item's entry or of the label.
    fn append_text(&mut self, text: &str) {
        let target = match self.owning_entry() {
            Some(index) => self.found.get_mut(index),
            None => self.label.as_mut().map(|l| &mut l.highlight),
        };
        if let Some(highlight) = target
            && !text.is_empty()
        {
            if !highlight.text.is_empty() {
                highlight.text.push(' ');
            }
            highlight.text.push_str(text);
        }
    }

    fn set_label(&mut self, lead: LeadIn) {
        if let Some(pending) = self.label.take()
            && !(pending.from_heading && pending.highlight.text.is_empty())
        {
            self.found.push(pending.highlight);
        }
        self.label = Some(Label {
            highlight: self.highlight(lead),
            from_heading: false,
        });
    }

    /// Adds an entry; a label right before it with no text of its own was a group's title.
    fn push_entry(&mut self, lead: LeadIn) -> usize {
        if let Some(pending) = self.label.take()
            && !pending.highlight.text.is_empty()
        {
            self.found.push(pending.highlight);
        }
        let highlight = self.highlight(lead);
        self.found.push(highlight);
        self.found.len() - 1
    }

    fn flush_label(&mut self) {
        if let Some(pending) = self.label.take() {
            self.found.push(pending.highlight);
        }
    }

    fn close_section(&mut self) {
        self.flush_label();
        self.section = None;
    }

    fn highlight(&self, lead: LeadIn) -> Highlight {
        Highlight {
            name: lead.name,
            url: lead.url,
            text: lead.text,
            section: self.section.as_ref().map(|s| s.anchor.clone()),
        }
    }
}

fn is_inline(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, url: Option<&str>, text: &str, section: &str) -> Highlight {
        Highlight {
            name: name.into(),
            url: url.map(Into::into),
            text: text.into(),
            section: Some(section.into()),
        }
    }

    fn names(markdown: &str) -> Vec<String> {
        extract_highlights(markdown)
            .into_iter()
            .map(|h| h.name)
            .collect()
    }

    #[test]
    fn bold_links_under_a_level_one_heading_until_the_next_one() {
        let md = "Intro.\n\n# Project Highlights \n\n\
                  [**ExternalDNS version 0.5.9**](https://github.com/k/external-dns) is ready \
                  for testing.\nIt controls [DNS](https://x.example) records.\n\n\
                  [**Skipper**](https://github.com/zalando/skipper) announced a release.\n\n\
                  # Inside Zalando Open Source\n\n[**Training**](https://x.example/t) began.\n";
        assert_eq!(
            extract_highlights(md),
            [
                entry(
                    "ExternalDNS version 0.5.9",
                    Some("https://github.com/k/external-dns"),
                    "is ready for testing. It controls DNS records.",
                    "project-highlights"
                ),
                entry(
                    "Skipper",
                    Some("https://github.com/zalando/skipper"),
                    "announced a release.",
                    "project-highlights"
                ),
            ]
        );
    }

    #[test]
    fn bold_around_a_link_and_plain_bold_at_level_two() {
        let md = "## Project Highlights\n\n\
                  **[Inkwell](https://github.com/l/inkwell)** is our parser.\n\n\
                  **Bramble:** handles assets.\n\n**Thicket** - a tiny crate.\n\n\
                  __Fernlog.__ got a formatter.\n\n## New Releases\n\n**Inkwell 0.7** shipped.\n";
        let found = extract_highlights(md);
        assert_eq!(
            found[0],
            entry(
                "Inkwell",
                Some("https://github.com/l/inkwell"),
                "is our parser.",
                "project-highlights"
            )
        );
        assert_eq!(
            found[1..],
            [
                entry("Bramble", None, "handles assets.", "project-highlights"),
                entry("Thicket", None, "a tiny crate.", "project-highlights"),
                entry("Fernlog", None, "got a formatter.", "project-highlights"),
            ]
        );
    }

    #[test]
    fn list_items_that_open_with_a_link_or_bold() {
        let md = "## Highlights\n\n\
                  - [Kopf](https://github.com/z/kopf) now supports built-in resources.\n\
                  * **[Skipper](https://github.com/z/skipper)**: weekly releases\n\
                  - [**Connexion 2.0**](https://github.com/z/connexion) - OpenAPI 3\n\
                  - **Patroni:** failover\n\
                  - [PGObserver](https://github.com/z/pgobserver), monitoring\n\
                  - just a remark\n";
        let found = extract_highlights(md);
        let got: Vec<(&str, Option<&str>, &str)> = found
            .iter()
            .map(|h| (h.name.as_str(), h.url.as_deref(), h.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "Kopf",
                    Some("https://github.com/z/kopf"),
                    "now supports built-in resources."
                ),
                (
                    "Skipper",
                    Some("https://github.com/z/skipper"),
                    "weekly releases"
                ),
                (
                    "Connexion 2.0",
                    Some("https://github.com/z/connexion"),
                    "OpenAPI 3"
                ),
                ("Patroni", None, "failover"),
                (
                    "PGObserver",
                    Some("https://github.com/z/pgobserver"),
                    "monitoring"
                ),
            ]
        );
    }

    #[test]
    fn a_loose_item_keeps_its_later_paragraphs_and_sub_items() {
        let md = "## Project Highlights\n\n\
                  - [**Postgres-Operator**](https://x.example/po) after one year:\n\n  \
                  It manages 500 clusters.\n\n  - faster backups\n  - [docs](https://x.example/d)\n\n\
                  - [**Flair**](https://x.example/flair) got a release.\n";
        let found = extract_highlights(md);
        assert_eq!(names(md), ["Postgres-Operator", "Flair"]);
        assert_eq!(
            found[0].text,
            "after one year: It manages 500 clusters. faster backups docs"
        );
    }

    #[test]
    fn the_section_ends_at_a_heading_of_the_same_or_a_higher_level() {
        let md = "## Project Highlights\n\n**A** one.\n\n### Notes\n\n**B** two.\n\n\
                  ## Other\n\n**C** three.\n\n# Top\n\n**D** four.\n";
        assert_eq!(
            names(md),
            ["A"],
            "a heading after the section's own entries ends it"
        );
        let md = "# Project Highlights\n\n**A** one.\n\n## New Releases\n\n**B** two.\n";
        assert_eq!(names(md), ["A"]);
        let md = "### Project Highlights\n\n**A** one.\n\n## Up\n\n**B** two.\n";
        assert_eq!(names(md), ["A"]);
    }

    #[test]
    fn sub_headings_are_entries_or_the_titles_of_groups() {
        let md = "## Project Highlights\n\nWhat happened this month.\n\n\
                  ### [Skipper](https://github.com/z/skipper)\n\nA new release.\n\nMore routes.\n\n\
                  ### Patroni\n\nFailover on GitLab.\n\n\
                  ### Incubator {#incubator}\n\n- [Darty](https://x.example/darty) data versions\n\
                  - [Transformer](https://x.example/t) HAR files\n\n## Next\n\n### Not this\n\nNo.\n";
        assert_eq!(
            extract_highlights(md),
            [
                entry(
                    "Skipper",
                    Some("https://github.com/z/skipper"),
                    "A new release. More routes.",
                    "skipper"
                ),
                entry("Patroni", None, "Failover on GitLab.", "patroni"),
                entry(
                    "Darty",
                    Some("https://x.example/darty"),
                    "data versions",
                    "incubator"
                ),
                entry(
                    "Transformer",
                    Some("https://x.example/t"),
                    "HAR files",
                    "incubator"
                ),
            ]
        );
    }

    #[test]
    fn captions_intros_and_group_titles_are_no_entries() {
        let md = "## Project Highlights\n\n\
                  [Nakadi](https://nakadi.io) made its way to FOSDEM 2019. Try it!\n\n\
                  <iframe src=\"https://www.youtube.com/embed/x\"></iframe>\n\n\
                  [Lionel Montrieux](https://x.example/lm) on Nakadi at [FOSDEM](https://fosdem.org)\n\n\
                  **Two new projects entered Zalando-Incubator this month:**\n\n\
                  - [Transformer](https://x.example/t) converts HAR files.\n\
                  - [Autoscaler](https://x.example/a) sizes clusters.\n\n\
                  In addition to the project highlights, we released a [policy](https://x.example/p).\n";
        assert_eq!(names(md), ["Nakadi", "Transformer", "Autoscaler"]);
    }

    #[test]
    fn a_bold_line_followed_by_its_paragraph_is_an_entry() {
        let md = "## Highlights\n\n**Skipper**\n\nWeekly releases.\n\n**Patroni**\n\n**Spilo**\n";
        let found = extract_highlights(md);
        assert_eq!(names(md), ["Skipper", "Patroni", "Spilo"]);
        assert_eq!(found[0].text, "Weekly releases.");
        assert_eq!(found[1].text, "");
    }

    #[test]
    fn a_link_that_opens_the_second_sentence_before_a_dash() {
        let md = "## Project Highlights\n\n\
                  A new operator joins our Cloud Native Applications.  \
                  [Elasticsearch Operator](https://github.com/z/es-operator) - an operator for \
                  running Elasticsearch.\n\n\
                  We met at [KubeCon](https://x.example/k). It was fun - really.\n";
        assert_eq!(
            extract_highlights(md),
            [entry(
                "Elasticsearch Operator",
                Some("https://github.com/z/es-operator"),
                "an operator for running Elasticsearch.",
                "project-highlights"
            )]
        );
    }

    #[test]
    fn without_a_highlights_heading_there_are_none() {
        assert_eq!(
            names("**Skipper** routes.\n\n- [Kopf](https://x.example) rocks.\n"),
            [] as [String; 0]
        );
        let md = "## News\n\nOur highlights this month:\n\n**Skipper** routes.\n\n\
                  ## Highlight reel\n\n**Patroni** fails over.\n";
        assert!(names(md).is_empty(), "{:?}", names(md));
        let md =
            "## Project Highlights\n\nNothing bold, just [a link](https://x.example) in text.\n";
        assert!(names(md).is_empty());
    }

    #[test]
    fn any_heading_that_contains_highlights_counts() {
        for heading in [
            "# Project Highlights",
            "## project highlights",
            "### HIGHLIGHTS of the month",
            "Highlights of the month\n---",
        ] {
            let md = format!("{heading}\n\n**Skipper** routes.\n");
            assert_eq!(names(&md), ["Skipper"], "{heading}");
        }
    }

    #[test]
    fn raw_html_and_images_give_no_text() {
        let md = "## Highlights\n\n\
                  **Skipper** <span class=\"x\">routes</span> <script>alert(1)</script>fast \
                  ![logo](x.png) traffic<!-- note -->.\n\n\
                  <div>\n**Not** markdown here\n</div>\n\n\
                  **<em>Patroni</em>** <b>fails</b> over.\n";
        let found = extract_highlights(md);
        assert_eq!(names(md), ["Skipper", "Patroni"]);
        assert_eq!(found[0].text, "routes fast traffic.");
        assert_eq!(found[1].text, "fails over.");
    }

    #[test]
    fn nested_emphasis_and_code_in_the_lead_in() {
        let md = "## Highlights\n\n**Skipper *2.0*** routes.\n\n***Patroni*** fails over.\n\n\
                  [***Kopf***](https://x.example/kopf) operators.\n\n\
                  **[*Flair* NLP](https://x.example/flair):** tags text.\n\n\
                  **[`quire-core`](https://x.example/qc)** renders `Markdown` safely.\n";
        let found = extract_highlights(md);
        assert_eq!(
            names(md),
            ["Skipper 2.0", "Patroni", "Kopf", "Flair NLP", "quire-core"]
        );
        assert_eq!(found[3].url.as_deref(), Some("https://x.example/flair"));
        assert_eq!(found[3].text, "tags text.");
        assert_eq!(found[4].url.as_deref(), Some("https://x.example/qc"));
        assert_eq!(found[4].text, "renders Markdown safely.");
    }

    #[test]
    fn sections_are_the_ids_the_page_gives_their_headings() {
        let md = "## Project Highlights\n\nIntro.\n\n## Project Highlights\n\n**A** one.\n\n\
                  # Highlights {#best}\n\n**B** two.\n\n## Highlights <b>2</b> `x`\n\n**C** three.\n";
        let sections: Vec<Option<String>> = extract_highlights(md)
            .into_iter()
            .map(|h| h.section)
            .collect();
        assert_eq!(
            sections,
            [
                Some("project-highlights-1".to_string()),
                Some("best".to_string()),
                Some("highlights-2-x".to_string()),
            ]
        );
        let html = crate::render_markdown(md);
        for id in ["project-highlights-1", "best", "highlights-2-x"] {
            assert!(html.contains(&format!("id=\"{id}\"")), "{id} in {html}");
        }
    }

    #[test]
    fn unsafe_urls_are_dropped_and_relative_ones_kept() {
        let md = "## Highlights\n\n[**Evil**](javascript:alert(1)) text.\n\n\
                  - [Post](/blog/2025/03/x/) relative.\n- [Anchor](#setup) local.\n";
        let urls: Vec<Option<String>> = extract_highlights(md).into_iter().map(|h| h.url).collect();
        assert_eq!(
            urls,
            [None, Some("/blog/2025/03/x/".into()), Some("#setup".into())]
        );
    }

    #[test]
    fn footnotes_tables_and_code_are_no_entries() {
        let md = "## Highlights\n\n**Skipper** routes.[^1]\n\n| **A** | b |\n|---|---|\n| **C** | d |\n\n\
                  ```\n**Code** block\n```\n\n[^1]: **Note** a footnote.\n";
        let found = extract_highlights(md);
        assert_eq!(names(md), ["Skipper"]);
        assert_eq!(found[0].text, "routes.");
    }

    #[test]
    fn long_and_deep_sections_are_read_in_linear_time() {
        let inputs = [
            format!("x.{}{}", " ".repeat(200_000), "[](u)".repeat(100_000)),
            "A. [a](u) ".repeat(50_000),
            "**a** ".repeat(100_000),
            "**a**\n\n".repeat(50_000),
            format!("{}**a** b", "> ".repeat(20_000)),
            "- [a](u) b\n".repeat(50_000),
        ];
        for body in inputs {
            let md = format!("## Highlights\n\n{body}");
            let started = std::time::Instant::now();
            let found = extract_highlights(&md);
            let elapsed = started.elapsed();
            assert!(
                elapsed < std::time::Duration::from_secs(10),
                "{elapsed:?} for {}…",
                &body[..20]
            );
            assert!(found.len() <= 50_000);
        }
    }

    #[test]
    fn serializes_without_empty_fields() {
        let h = Highlight {
            name: "Skipper".into(),
            url: None,
            text: String::new(),
            section: None,
        };
        let json = serde_json::to_string(&h).unwrap();
        assert_eq!(json, r#"{"name":"Skipper","text":""}"#);
        let back: Highlight = serde_json::from_str(&json).unwrap();
        assert_eq!(back, h);
    }
}
