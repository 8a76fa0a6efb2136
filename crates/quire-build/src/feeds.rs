//! `feed.xml` (Atom), `sitemap.xml` and `robots.txt`, written with the XML crates of the field.

use crate::site::{Site, absolute};
use atom_syndication::{Content, Entry, Feed, FixedDateTime, Link, Person, Text};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

/// Posts in the feed, newest first.
pub const FEED_ENTRIES: usize = 20;

fn date(rfc3339: &str) -> FixedDateTime {
    FixedDateTime::parse_from_rfc3339(rfc3339).unwrap_or_default()
}

/// The text with every character XML 1.0 does not allow left out (controls other than tab,
/// line feed and carriage return; U+FFFE and U+FFFF): one of them anywhere, even escaped,
/// and a feed reader or a crawler rejects the whole document. Front matter and bodies can
/// hold them (a stray form feed pasted with the text).
pub fn xml_chars(text: String) -> String {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && !matches!(c, '\u{fffe}' | '\u{ffff}'))
    };
    match text.chars().all(allowed) {
        true => text,
        false => text.chars().filter(|c| allowed(*c)).collect(),
    }
}

/// The Atom feed: the newest posts with their summary and, given `html_of` (the body HTML of
/// the post at a position of the index), full content. Addresses are the site's (`base_url`
/// with the public path). Every field goes through [`xml_chars`], as the written feed does.
pub fn atom(site: &Site, html_of: &dyn Fn(usize) -> Option<String>) -> String {
    let (index, base) = (site.index, &site.address);
    let posts = &index.posts[..index.posts.len().min(FEED_ENTRIES)];
    let entries: Vec<Entry> = posts
        .iter()
        .enumerate()
        .map(|(position, post)| {
            let url = absolute(base, &post.url);
            Entry {
                id: url.clone(),
                title: Text::plain(post.title.clone()),
                updated: date(&post.published),
                published: Some(date(&post.published)),
                authors: post
                    .authors
                    .iter()
                    .map(|name| Person {
                        name: name.clone(),
                        ..Person::default()
                    })
                    .collect(),
                links: vec![Link {
                    href: url,
                    rel: "alternate".into(),
                    ..Link::default()
                }],
                summary: Some(Text::plain(post.summary.clone())),
                content: html_of(position).map(|html| Content {
                    value: Some(html),
                    content_type: Some("html".into()),
                    ..Content::default()
                }),
                categories: post
                    .tags
                    .iter()
                    .map(|t| atom_syndication::Category {
                        term: t.clone(),
                        ..Default::default()
                    })
                    .collect(),
                ..Entry::default()
            }
        })
        .collect();
    let feed = Feed {
        id: absolute(base, "/"),
        title: Text::plain(index.site.title.clone()),
        subtitle: Some(Text::plain(index.site.description.clone())).filter(|t| !t.value.is_empty()),
        updated: posts
            .first()
            .map(|p| date(&p.published))
            .unwrap_or_default(),
        links: vec![
            Link {
                href: absolute(base, "/feed.xml"),
                rel: "self".into(),
                ..Link::default()
            },
            Link {
                href: absolute(base, "/"),
                rel: "alternate".into(),
                ..Link::default()
            },
        ],
        entries,
        ..Feed::default()
    };
    xml_chars(feed.to_string())
}

/// `sitemap.xml`: the home page and every post, with its date.
pub fn sitemap(site: &Site) -> Result<String, quick_xml::Error> {
    let (index, base) = (site.index, &site.address);
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 1);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let urlset = BytesStart::new("urlset")
        .with_attributes([("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9")]);
    writer.write_event(Event::Start(urlset))?;
    let home = (
        absolute(base, "/"),
        index.posts.first().map(|p| p.date.clone()),
    );
    let posts = index
        .posts
        .iter()
        .map(|p| (absolute(base, &p.url), Some(p.date.clone())));
    for (loc, lastmod) in std::iter::once(home).chain(posts) {
        writer.write_event(Event::Start(BytesStart::new("url")))?;
        for (name, value) in [("loc", Some(loc)), ("lastmod", lastmod)] {
            if let Some(value) = value {
                writer.write_event(Event::Start(BytesStart::new(name)))?;
                writer.write_event(Event::Text(BytesText::new(&value)))?;
                writer.write_event(Event::End(BytesEnd::new(name)))?;
            }
        }
        writer.write_event(Event::End(BytesEnd::new("url")))?;
    }
    writer.write_event(Event::End(BytesEnd::new("urlset")))?;
    Ok(xml_chars(
        String::from_utf8_lossy(&writer.into_inner()).into_owned(),
    ))
}

/// `robots.txt`: everything may be crawled; the sitemap is named when the site has a base URL.
/// (Crawlers read it only at the root of a host: under a sub-path it is inert.)
pub fn robots(site: &Site) -> String {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if !site.address.is_empty() {
        text.push_str(&format!(
            "\nSitemap: {}\n",
            absolute(&site.address, "/sitemap.xml")
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use quire_core::index::INDEX_VERSION;
    use quire_core::{PostIndex, PostMeta, SiteInfo};

    fn index() -> PostIndex {
        let post = |slug: &str, date: &str| PostMeta {
            slug: slug.into(),
            url: format!("/blog/2024/03/{slug}/"),
            aliases: vec![],
            title: format!("Title <{slug}> & co"),
            date: date[..10].into(),
            published: date.into(),
            authors: vec!["Ann".into()],
            banner: None,
            tags: vec!["rust".into()],
            summary: "Sum & mary".into(),
            body: format!("posts/{slug}.md"),
            reading_minutes: 1,
            images: Default::default(),
        };
        PostIndex {
            version: INDEX_VERSION,
            site: SiteInfo {
                title: "Blog".into(),
                base_url: "https://blog.example/".into(),
                ..SiteInfo::default()
            },
            posts: vec![
                post("b", "2024-03-05T10:00:00+01:00"),
                post("a", "2024-03-01T00:00:00Z"),
            ],
        }
    }

    #[test]
    fn the_feed_is_atom_with_every_post() {
        let index = index();
        let xml = atom(&Site::new(&index, "/"), &|i| {
            Some(format!("<p>{}</p>", index.posts[i].slug))
        });
        let feed: Feed = xml.parse().expect("the feed parses back");
        assert_eq!(feed.entries.len(), 2);
        assert_eq!(feed.entries[0].title.value, "Title <b> & co");
        assert_eq!(
            feed.entries[0].links[0].href,
            "https://blog.example/blog/2024/03/b/"
        );
        assert_eq!(
            feed.entries[0]
                .content
                .as_ref()
                .and_then(|c| c.value.as_deref()),
            Some("<p>b</p>")
        );
        assert_eq!(feed.updated.to_rfc3339(), "2024-03-05T10:00:00+01:00");
    }

    /// Whatever characters the posts and the settings hold, the feed and the sitemap are
    /// XML 1.0 that a strict parser reads.
    #[test]
    fn control_characters_never_reach_the_xml() {
        let mut index = index();
        index.site.title = "Blog\u{c}".into();
        index.site.description = "About\u{1}things".into();
        let post = &mut index.posts[0];
        post.title = "Form\u{c}feed".into();
        post.summary = "Sum\u{0}mary\u{fffe}".into();
        post.authors = vec!["Ann\u{1b}".into()];
        post.tags = vec!["ta\u{7}g".into()];
        post.url = "/blog/2024/03/b\u{b}/".into();
        post.published = "2024-03-05T10:00:00+01:00".into();
        let site = Site::new(&index, "/");
        let feed = atom(&site, &|_| Some("<p>vertical\u{b}tab\u{ffff}</p>".into()));
        let doc = roxmltree::Document::parse(&feed).unwrap_or_else(|e| panic!("{e}: {feed:?}"));
        let text_of = |name: &str| -> Vec<&str> {
            doc.descendants()
                .filter(|n| n.has_tag_name(name))
                .filter_map(|n| n.text())
                .collect()
        };
        assert!(text_of("title").contains(&"Formfeed"), "{feed}");
        assert!(text_of("content").contains(&"<p>verticaltab</p>"), "{feed}");
        assert!(text_of("summary").contains(&"Summary"), "{feed}");
        assert!(text_of("name").contains(&"Ann"), "{feed}");
        assert!(feed.contains("term=\"tag\""), "{feed}");
        let map = sitemap(&site).unwrap();
        let doc = roxmltree::Document::parse(&map).unwrap_or_else(|e| panic!("{e}: {map:?}"));
        assert!(
            doc.descendants()
                .any(|n| n.text() == Some("https://blog.example/blog/2024/03/b/")),
            "{map}"
        );
        assert_eq!(xml_chars("tab\tline\nok".into()), "tab\tline\nok");
    }

    #[test]
    fn the_sitemap_lists_every_post() {
        let index = index();
        let site = Site::new(&index, "/");
        let xml = sitemap(&site).unwrap();
        assert!(
            xml.contains("<loc>https://blog.example/blog/2024/03/a/</loc>"),
            "{xml}"
        );
        assert!(xml.contains("<lastmod>2024-03-05</lastmod>"), "{xml}");
        assert_eq!(xml.matches("<url>").count(), 3);
        assert!(robots(&site).contains("Sitemap: https://blog.example/sitemap.xml"));
    }

    #[test]
    fn under_a_sub_path_feed_and_sitemap_carry_it() {
        let index = index();
        let site = Site::new(&index, "/sub/");
        let feed: Feed = atom(&site, &|_| None).parse().unwrap();
        assert_eq!(feed.id, "https://blog.example/sub/");
        assert_eq!(feed.links[0].href, "https://blog.example/sub/feed.xml");
        assert_eq!(
            feed.entries[0].links[0].href,
            "https://blog.example/sub/blog/2024/03/b/"
        );
        let xml = sitemap(&site).unwrap();
        assert!(
            xml.contains("<loc>https://blog.example/sub/</loc>"),
            "{xml}"
        );
        assert!(
            xml.contains("<loc>https://blog.example/sub/blog/2024/03/a/</loc>"),
            "{xml}"
        );
        assert!(robots(&site).contains("Sitemap: https://blog.example/sub/sitemap.xml"));
    }
}
