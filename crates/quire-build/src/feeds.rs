//! The Atom feeds (the site's `feed.xml`, and one per tag and per author beside its page),
//! `sitemap.xml` and `robots.txt`, written with the XML crates of the field.

use crate::site::{Site, absolute};
use atom_syndication::{Content, Entry, Feed, FixedDateTime, Link, Person, Text};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quire_core::index::page_title;
use quire_core::listing::{ListWording, author_url, tag_url};
use quire_core::{PostMeta, SiteInfo};
use std::collections::HashMap;

/// One feed: where it is, the page it follows and the posts it carries.
#[derive(Clone, Debug, PartialEq)]
pub struct FeedOf {
    /// Its site path (`/feed.xml`, `/tags/rust/feed.xml`).
    pub path: String,
    /// The site path of the page it is the feed of (`/`, `/tags/rust/`).
    pub page: String,
    /// Its title: the page's, with the site's name.
    pub title: String,
    /// Its posts, by place in the index, newest first, at most the site's `feed_limit`.
    pub posts: Vec<usize>,
}

pub use quire_core::listing::feed_path;

/// Posts in each feed: the setting, with 0 for every post.
fn feed_limit(site: &SiteInfo) -> usize {
    match site.feed_limit {
        0 => usize::MAX,
        n => n,
    }
}

/// Every feed of the site: its own, then one per tag and one per author, each term grouped
/// once as its page is ([`quire_core::PostIndex::tag_terms`]).
pub fn feeds(site: &Site) -> Vec<FeedOf> {
    let index = site.index;
    let limit = feed_limit(&index.site);
    // A post is its URL: its place in the index, for the posts a term lists.
    let place: HashMap<&str, usize> = index
        .posts
        .iter()
        .enumerate()
        .map(|(i, post)| (post.url.as_str(), i))
        .collect();
    let term_feed = |page: String, wording: ListWording, posts: &[&PostMeta]| {
        let (title, _) = wording.words(posts.len());
        FeedOf {
            path: feed_path(&page),
            title: page_title(&title, &index.site.title),
            posts: posts
                .iter()
                .take(limit)
                .filter_map(|post| place.get(post.url.as_str()).copied())
                .collect(),
            page,
        }
    };
    let mut out = vec![FeedOf {
        path: feed_path("/"),
        page: "/".into(),
        title: index.site.title.clone(),
        posts: (0..index.posts.len().min(limit)).collect(),
    }];
    for term in index.tag_terms() {
        let page = tag_url(term.name);
        out.push(term_feed(page, ListWording::Tag(term.name), &term.posts));
    }
    for term in index.author_terms() {
        let page = author_url(term.name);
        out.push(term_feed(page, ListWording::Author(term.name), &term.posts));
    }
    out
}

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

/// One post as a feed entry, with its full content when `html` is given.
fn entry(site: &Site, post: &PostMeta, html: Option<String>) -> Entry {
    let url = site.absolute(&post.url);
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
            href: url.clone(),
            rel: "alternate".into(),
            ..Link::default()
        }],
        summary: Some(Text::plain(post.summary.clone())),
        // Relative to the post, as its page: paths in the body (`/blog/x/figure.png`) resolve
        // against it in any reader.
        content: html.map(|html| Content {
            base: Some(url.clone()),
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
}

/// The Atom feed `feed`: its posts with their summary and, given `html_of` (the body HTML of
/// the post at a place in the index), full content. Addresses are the site's (`base_url`
/// with the public path; the served path without `base_url`). Every field goes through
/// [`xml_chars`], as the written feed does.
pub fn atom(site: &Site, feed: &FeedOf, html_of: &dyn Fn(usize) -> Option<String>) -> String {
    let index = site.index;
    let posts: Vec<(usize, &PostMeta)> = feed
        .posts
        .iter()
        .filter_map(|&i| index.posts.get(i).map(|post| (i, post)))
        .collect();
    let feed = Feed {
        id: site.absolute(&feed.page),
        title: Text::plain(feed.title.clone()),
        subtitle: Some(Text::plain(index.site.description.clone())).filter(|t| !t.value.is_empty()),
        updated: posts
            .first()
            .map(|(_, p)| date(&p.published))
            .unwrap_or_default(),
        links: vec![
            Link {
                href: site.absolute(&feed.path),
                rel: "self".into(),
                mime_type: Some("application/atom+xml".into()),
                ..Link::default()
            },
            Link {
                href: site.absolute(&feed.page),
                rel: "alternate".into(),
                ..Link::default()
            },
        ],
        entries: posts
            .iter()
            .map(|&(i, post)| entry(site, post, html_of(i)))
            .collect(),
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
            code_runs: false,
            files: Vec::new(),
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
        let site = Site::new(&index, "/");
        let xml = atom(&site, &feeds(&site)[0], &|i| {
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
        let feed = atom(&site, &feeds(&site)[0], &|_| {
            Some("<p>vertical\u{b}tab\u{ffff}</p>".into())
        });
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
    fn each_tag_and_author_has_a_feed_beside_its_page() {
        let mut index = index();
        index.posts[0].tags = vec!["Rust & C#".into(), "rust".into()];
        index.posts[1].authors = vec!["Bo".into()];
        let site = Site::new(&index, "/");
        let feeds = feeds(&site);
        let found: Vec<(&str, &str, &[usize])> = feeds
            .iter()
            .map(|f| (f.path.as_str(), f.title.as_str(), f.posts.as_slice()))
            .collect();
        assert_eq!(
            found,
            [
                ("/feed.xml", "Blog", &[0, 1][..]),
                ("/tags/rust-c/feed.xml", "Tagged “Rust & C#” · Blog", &[0]),
                ("/tags/rust/feed.xml", "Tagged “rust” · Blog", &[0, 1]),
                ("/authors/ann/feed.xml", "Posts by Ann · Blog", &[0]),
                ("/authors/bo/feed.xml", "Posts by Bo · Blog", &[1]),
            ]
        );
        assert_eq!(feeds[2].page, "/tags/rust/");
        assert_eq!(feed_path("/"), "/feed.xml");
    }

    #[test]
    fn feeds_hold_at_most_the_limit_and_zero_is_every_post() {
        let mut index = index();
        index.site.feed_limit = 1;
        let site = Site::new(&index, "/");
        assert!(feeds(&site).iter().all(|f| f.posts == [0]));
        index.site.feed_limit = 0;
        let site = Site::new(&index, "/");
        assert_eq!(feeds(&site)[0].posts, [0, 1]);
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
        let feed: Feed = atom(&site, &feeds(&site)[0], &|_| None).parse().unwrap();
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

    /// Without `base_url`, a feed's addresses are the served paths, with the public path.
    #[test]
    fn without_a_base_url_feeds_link_the_served_paths() {
        let mut index = index();
        index.site.base_url.clear();
        let site = Site::new(&index, "/sub/");
        let all = feeds(&site);
        let tag = all
            .iter()
            .find(|f| f.path == "/tags/rust/feed.xml")
            .unwrap();
        let feed: Feed = atom(&site, tag, &|_| None).parse().unwrap();
        assert_eq!(feed.id, "/sub/tags/rust/");
        assert_eq!(feed.links[0].href, "/sub/tags/rust/feed.xml");
        assert_eq!(feed.links[1].href, "/sub/tags/rust/");
        assert_eq!(feed.entries[0].links[0].href, "/sub/blog/2024/03/b/");
    }
}
