//! One entry file per route, so any static host answers a deep link with 200 and the right
//! page: the app's shell (Trunk's `index.html`) with the route's title, description, canonical
//! URL, Open Graph and Twitter tags, JSON-LD for posts, and the route's content in the app's
//! own markup (`markup`), visible at once, readable without JavaScript, and taken over by the
//! app when it starts (`src/takeover.rs`). Old URLs get a small redirect page.

use crate::feeds::feed_path;
use crate::markup::{self, Cx, attr, text};
use crate::shell::{replace_noscript, replace_title};
use crate::site::Site;
use quire_core::index::page_title;
use quire_core::listing::{
    ListWording, archive_description, author_url, page_count, page_url, tag_url, year_url,
};
use quire_core::search::HighlightsFile;
use quire_core::{PostMeta, Rendered};

/// What one entry file says about its route.
pub struct Page {
    /// The route's own title (the site's name is appended).
    pub title: String,
    pub description: String,
    /// Site path, for the canonical URL.
    pub path: String,
    pub image: Option<(String, String)>,
    pub article: Option<PostMeta>,
    /// The site path the app compares with the path it starts on to take the page over
    /// (`*` for the not-found page, served at any unknown path).
    pub page: String,
    /// The content of `<main>`, in the app's markup (post bodies already policy-filtered).
    pub content: String,
    /// The site path of the route's own feed (a tag's, an author's), linked beside the site's.
    pub feed: Option<String>,
}

/// The shell with this page's head and fallback.
pub fn render(shell: &str, page: &Page, context: &Site) -> String {
    let site = &context.index.site;
    let full_title = page_title(&page.title, &site.title);
    let mut head = format!("<title>{}</title>\n", text(&full_title));
    let mut meta = |key: &str, name: &str, value: &str| {
        if !value.is_empty() {
            head.push_str(&format!(
                "    <meta {key}=\"{name}\" content=\"{}\" />\n",
                attr(value)
            ));
        }
    };
    meta("name", "description", &page.description);
    meta("property", "og:site_name", &site.title);
    meta("property", "og:title", &page.title);
    meta("property", "og:description", &page.description);
    meta(
        "property",
        "og:type",
        if page.article.is_some() {
            "article"
        } else {
            "website"
        },
    );
    let has_base = !context.address.is_empty();
    if has_base {
        meta("property", "og:url", &context.absolute(&page.path));
    }
    if let Some((src, alt)) = &page.image {
        meta("property", "og:image", &context.absolute(src));
        meta("property", "og:image:alt", alt);
    }
    let card = if page.image.is_some() {
        "summary_large_image"
    } else {
        "summary"
    };
    meta("name", "twitter:card", card);
    meta("name", "twitter:title", &page.title);
    meta("name", "twitter:description", &page.description);
    if let Some(post) = &page.article {
        meta("property", "article:published_time", &post.published);
        for tag in &post.tags {
            meta("property", "article:tag", tag);
        }
    }
    if has_base {
        let canonical = context.absolute(&page.path);
        head.push_str(&format!(
            "    <link rel=\"canonical\" href=\"{}\" />\n",
            attr(&canonical)
        ));
    }
    // The site's feed on every page; a tag's or an author's page has its own too.
    let site_feed = (site.title.as_str(), feed_path("/"));
    let own_feed = page
        .feed
        .as_ref()
        .map(|path| (full_title.as_str(), path.clone()));
    for (title, path) in std::iter::once(site_feed).chain(own_feed) {
        head.push_str(&format!(
            "    <link rel=\"alternate\" type=\"application/atom+xml\" title=\"{}\" href=\"{}\" />\n",
            attr(title),
            attr(&context.link(&path))
        ));
    }
    if let Some(post) = &page.article {
        head.push_str(&format!(
            "    <script type=\"application/ld+json\">{}</script>\n",
            json_ld(post, context)
        ));
    }
    let with_head = replace_title(shell, &head);
    let here = (page.page != "*").then_some(page.page.as_str());
    let frame = markup::frame(
        &Cx::new(context, here),
        &page.page,
        &page.title,
        &page.content,
    );
    replace_noscript(&with_head, &frame)
}

/// JSON-LD `BlogPosting`, safe inside a `<script>` element (no `<` survives).
fn json_ld(post: &PostMeta, context: &Site) -> String {
    let site = &context.index.site;
    let authors: Vec<_> = post
        .authors
        .iter()
        .map(|name| serde_json::json!({ "@type": "Person", "name": name }))
        .collect();
    let mut value = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": post.title,
        "description": post.summary,
        "datePublished": post.published,
        "author": authors,
        "keywords": post.tags.join(", "),
        "publisher": { "@type": "Organization", "name": site.title },
    });
    if !context.address.is_empty() {
        value["url"] = context.absolute(&post.url).into();
        value["mainEntityOfPage"] = context.absolute(&post.url).into();
    }
    if let Some(banner) = &post.banner {
        value["image"] = context.absolute(&banner.src).into();
    }
    value
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// The page for a post, with its body as `quire_core::render` gave it.
pub fn post_page(post: &PostMeta, body: &Rendered, site: &Site) -> Page {
    let (newer, older) = site.index.neighbours(&post.url);
    let cx = Cx::new(site, Some(&post.url));
    Page {
        title: post.title.clone(),
        description: post.summary.clone(),
        path: post.url.clone(),
        image: post.banner.as_ref().map(|b| (b.src.clone(), b.alt.clone())),
        article: Some(post.clone()),
        feed: None,
        page: post.url.clone(),
        content: markup::post(&cx, post, &body.html, &body.toc, newer, older),
    }
}

/// Page `page` of the home list (`/`, `/page/2/`, …), with links to its neighbours.
pub fn home_page(site: &Site, page: usize) -> Page {
    let index = site.index;
    let pages = page_count(index.posts.len(), index.site.posts_per_page);
    let path = page_url(page);
    let posts = index.page(page).unwrap_or_default();
    Page {
        title: if page == 1 {
            String::new()
        } else {
            format!("Page {page}")
        },
        description: index.site.description.clone(),
        content: markup::home(&Cx::new(site, Some(&path)), posts, page, pages),
        page: path.clone(),
        path,
        image: None,
        article: None,
        feed: None,
    }
}

/// A list page (tag, author, year): its title, description, path and posts.
fn list_page(
    title: String,
    description: String,
    path: String,
    posts: &[&PostMeta],
    site: &Site,
) -> Page {
    Page {
        content: markup::listing(&Cx::new(site, Some(&path)), &title, &description, posts),
        page: path.clone(),
        title,
        description,
        path,
        image: None,
        article: None,
        feed: None,
    }
}

/// Every list page of the index: pages 2… of the home list, tags, authors, years and the
/// archive, as (entry path, page).
pub fn list_pages(site: &Site) -> Vec<(String, Page)> {
    let index = site.index;
    let mut out = Vec::new();
    for page in 2..=page_count(index.posts.len(), index.site.posts_per_page) {
        out.push((entry_path(&page_url(page)), home_page(site, page)));
    }
    // Each term grouped once, in one pass over the posts.
    for term in index.tag_terms() {
        let (name, posts) = (term.name, &term.posts);
        let path = tag_url(name);
        let (title, description) = ListWording::Tag(name).words(posts.len());
        let mut page = list_page(title, description, path.clone(), posts, site);
        page.feed = Some(feed_path(&path));
        out.push((entry_path(&path), page));
    }
    for term in index.author_terms() {
        let (name, posts) = (term.name, &term.posts);
        let path = author_url(name);
        let (title, description) = ListWording::Author(name).words(posts.len());
        let mut page = list_page(title, description, path.clone(), posts, site);
        page.feed = Some(feed_path(&path));
        out.push((entry_path(&path), page));
    }
    for (year, posts) in &index.years() {
        let path = year_url(year);
        let (title, description) = ListWording::Year(year).words(posts.len());
        let page = list_page(title, description, path.clone(), posts, site);
        out.push((entry_path(&path), page));
    }
    let archive = Page {
        title: "Archive".into(),
        description: archive_description(index.posts.len()),
        path: "/archive/".into(),
        image: None,
        article: None,
        feed: None,
        page: "/archive/".into(),
        content: markup::archive(&Cx::new(site, Some("/archive/"))),
    };
    out.push(("archive/index.html".into(), archive));
    out
}

/// The search page (`/search`); its results come from the app.
pub fn search_page(site: &Site) -> Page {
    Page {
        title: "Search".into(),
        description: "Search the posts and their highlights.".into(),
        path: "/search/".into(),
        image: None,
        article: None,
        feed: None,
        page: "/search/".into(),
        content: format!(
            "<h1>Search</h1><p>Search needs JavaScript. <a href=\"{}\">Every highlight</a> \
             and <a href=\"{}\">all posts</a> are readable without it.</p>",
            attr(&site.link("/highlights/")),
            attr(&site.link("/"))
        ),
    }
}

/// The highlights page (`/highlights`): every highlight, grouped by post, newest first.
pub fn highlights_page(site: &Site, highlights: &HighlightsFile) -> Page {
    let index = site.index;
    let mut items = String::new();
    let mut current = None;
    for h in &highlights.highlights {
        let Some(post) = index.posts.get(h.post as usize) else {
            continue;
        };
        if current != Some(h.post) {
            if current.is_some() {
                items.push_str("</ul>");
            }
            current = Some(h.post);
            items.push_str(&format!(
                "<h2><a href=\"{}\">{}</a></h2><ul>",
                attr(&site.link(&post.url)),
                text(&post.title)
            ));
        }
        let href = match &h.section {
            Some(id) => format!("{}#{id}", site.link(&post.url)),
            None => site.link(&post.url),
        };
        items.push_str(&format!(
            "<li><a href=\"{}\">{}</a> {}</li>",
            attr(&href),
            text(&h.name),
            text(&h.text)
        ));
    }
    if current.is_some() {
        items.push_str("</ul>");
    }
    Page {
        title: "Highlights".into(),
        description: "Every project and topic highlighted in the posts.".into(),
        path: "/highlights/".into(),
        image: None,
        article: None,
        feed: None,
        page: "/highlights/".into(),
        content: format!("<section class=\"highlights\"><h1>Highlights</h1>{items}</section>"),
    }
}

/// The not-found page, served by static hosts for unknown paths.
pub fn not_found_page(site: &Site) -> Page {
    Page {
        title: "Page not found".into(),
        description: String::new(),
        path: "/404.html".into(),
        image: None,
        article: None,
        feed: None,
        page: "*".into(),
        content: markup::not_found(&Cx::new(site, None)),
    }
}

/// A page that sends old URLs on to the post, without script.
pub fn redirect_page(to: &str, site: &Site) -> String {
    let target = attr(&site.absolute(to));
    let to = attr(&site.link(to));
    let policy = crate::headers::policy_meta();
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n{policy}\n<title>Moved</title>\n\
         <meta http-equiv=\"refresh\" content=\"0; url={to}\" />\n<link rel=\"canonical\" href=\"{target}\" />\n\
         <meta name=\"robots\" content=\"noindex\" />\n</head>\n<body>\n<p>This post has moved to \
         <a href=\"{to}\">{to}</a>.</p>\n</body>\n</html>\n"
    )
}

/// Where a route's entry file goes: `/a/b/` is `a/b/index.html`, `/a/b.html` is itself.
pub fn entry_path(url: &str) -> String {
    let path = url.trim_start_matches('/');
    if path.is_empty() {
        "index.html".into()
    } else if path.ends_with('/') {
        format!("{path}index.html")
    } else if path.ends_with(".html") || path.ends_with(".htm") {
        path.into()
    } else {
        format!("{path}/index.html")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quire_core::index::{Banner, INDEX_VERSION};
    use quire_core::{PostIndex, SiteInfo};

    const SHELL: &str = "<!DOCTYPE html><html><head><meta charset=\"utf-8\" /><title>Quire</title>\
                         <script type=\"module\">init()</script></head><body><noscript>JS</noscript></body></html>";

    fn post() -> PostMeta {
        PostMeta {
            slug: "x".into(),
            url: "/blog/2024/03/x/".into(),
            aliases: vec![],
            title: "A <script>alert(1)</script> & \"title\"".into(),
            date: "2024-03-05".into(),
            published: "2024-03-05T00:00:00Z".into(),
            authors: vec!["<b>Ann</b>".into()],
            banner: Some(Banner {
                src: "/assets/b.jpg".into(),
                alt: "A \"cat\"".into(),
                caption: None,
            }),
            tags: vec!["rust".into()],
            summary: "First </script> para".into(),
            body: "posts/x.md".into(),
            reading_minutes: 1,
            images: Default::default(),
            code_runs: false,
            files: Vec::new(),
        }
    }

    fn body() -> Rendered {
        Rendered {
            html: "<p>Body</p>".into(),
            ..Rendered::default()
        }
    }

    fn index() -> PostIndex {
        PostIndex {
            version: INDEX_VERSION,
            site: SiteInfo {
                title: "Blog".into(),
                base_url: "https://blog.example/".into(),
                ..SiteInfo::default()
            },
            posts: vec![post()],
        }
    }

    #[test]
    fn a_post_page_carries_its_head_and_fallback_escaped() {
        let index = index();
        let site = Site::new(&index, "/");
        let html = render(SHELL, &post_page(&post(), &body(), &site), &site);
        assert!(
            html.contains(
                "<title>A &lt;script&gt;alert(1)&lt;/script&gt; &amp; \"title\" · Blog</title>"
            ),
            "{html}"
        );
        assert!(
            html.contains(
                "<link rel=\"canonical\" href=\"https://blog.example/blog/2024/03/x/\" />"
            ),
            "{html}"
        );
        assert!(
            html.contains(
                "<meta property=\"og:image\" content=\"https://blog.example/assets/b.jpg\" />"
            ),
            "{html}"
        );
        assert!(
            html.contains("<meta name=\"twitter:card\" content=\"summary_large_image\" />"),
            "{html}"
        );
        assert!(html.contains("\"@type\":\"BlogPosting\""), "{html}");
        assert_eq!(
            html.matches("<script").count(),
            2,
            "only the app's script and the JSON-LD: {html}"
        );
        assert!(
            !html.contains("</script> para"),
            "JSON-LD cannot close its element: {html}"
        );
        assert!(
            html.contains("<h1 class=\"post-title\">A &lt;script&gt;alert(1)&lt;/script&gt; &amp; \"title\"</h1>"),
            "{html}"
        );
        assert!(
            html.contains("<div class=\"post-body\"><p>Body</p></div>"),
            "{html}"
        );
        assert!(
            html.contains("data-quire-page=\"/blog/2024/03/x/\""),
            "the app knows which page it is: {html}"
        );
        assert!(
            !html.contains("<noscript>"),
            "the content is visible: {html}"
        );
        assert!(html.contains("init()"), "the app still starts: {html}");
    }

    #[test]
    fn tag_and_author_pages_link_their_feed_beside_the_sites() {
        let index = index();
        let site = Site::new(&index, "/sub/");
        let alternate = |title: &str, href: &str| {
            format!(
                "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"{title}\" href=\"{href}\" />"
            )
        };
        let mut linked = Vec::new();
        for (file, page) in list_pages(&site) {
            let html = render(SHELL, &page, &site);
            assert!(html.contains(&alternate("Blog", "/sub/feed.xml")), "{html}");
            let feeds = html.matches("application/atom+xml").count();
            if file.starts_with("tags/") || file.starts_with("authors/") {
                assert_eq!(feeds, 2, "{html}");
                linked.push(file);
            } else {
                assert_eq!(feeds, 1, "{file}: {html}");
            }
        }
        assert_eq!(linked, ["tags/rust/index.html", "authors/bannb/index.html"]);
        let tag = render(SHELL, &list_pages(&site)[0].1, &site);
        assert!(
            tag.contains(&alternate(
                "Tagged “rust” · Blog",
                "/sub/tags/rust/feed.xml"
            )),
            "{tag}"
        );
    }

    #[test]
    fn entry_paths_follow_urls() {
        assert_eq!(entry_path("/"), "index.html");
        assert_eq!(entry_path("/blog/2024/03/x/"), "blog/2024/03/x/index.html");
        assert_eq!(entry_path("/2019/11/07/x.html"), "2019/11/07/x.html");
    }

    #[test]
    fn redirects_need_no_script() {
        let index = index();
        let html = redirect_page("/blog/2024/03/x/", &Site::new(&index, "/"));
        assert!(html.contains("content=\"0; url=/blog/2024/03/x/\""));
        assert!(!html.contains("<script"));
    }

    #[test]
    fn under_a_sub_path_every_link_and_address_has_the_prefix() {
        let index = index();
        let site = Site::new(&index, "/sub/");
        assert_eq!(site.address, "https://blog.example/sub/");
        let post_html = render(SHELL, &post_page(&post(), &body(), &site), &site);
        for expected in [
            "<link rel=\"canonical\" href=\"https://blog.example/sub/blog/2024/03/x/\" />",
            "<meta property=\"og:image\" content=\"https://blog.example/sub/assets/b.jpg\" />",
            "href=\"/sub/feed.xml\"",
            "<a href=\"/sub/\" class=\"site-title\"",
            "<a href=\"/sub/tags/rust/\">rust</a>",
            "<img src=\"/sub/assets/b.jpg\"",
            "\"mainEntityOfPage\":\"https://blog.example/sub/blog/2024/03/x/\"",
        ] {
            assert!(
                post_html.contains(expected),
                "{expected} missing in {post_html}"
            );
        }
        let home = render(SHELL, &home_page(&site, 1), &site);
        assert!(home.contains("<a href=\"/sub/blog/2024/03/x/\">"), "{home}");
        let missing = render(SHELL, &not_found_page(&site), &site);
        assert!(
            missing.contains("<a href=\"/sub/\">Go to the list of posts</a>"),
            "{missing}"
        );
        let moved = redirect_page("/blog/2024/03/x/", &site);
        assert!(
            moved.contains("content=\"0; url=/sub/blog/2024/03/x/\""),
            "{moved}"
        );
        assert!(
            moved.contains("href=\"https://blog.example/sub/blog/2024/03/x/\""),
            "{moved}"
        );
    }
}
