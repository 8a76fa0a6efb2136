//! One entry file per route, so any static host answers a deep link with 200 and the right
//! page: the app's shell (Trunk's `index.html`) with the route's title, description, canonical
//! URL, Open Graph and Twitter tags, JSON-LD for posts, and the content as a `<noscript>`
//! fallback for crawlers and link previews. Old URLs get a small redirect page.

use crate::feeds::absolute;
use quire_core::date::format_for_readers;
use quire_core::html_policy::escape_attribute_into;
use quire_core::index::page_title;
use quire_core::listing::{author_url, page_count, page_url, tag_url, term_slug, year_url};
use quire_core::search::HighlightsFile;
use quire_core::{PostIndex, PostMeta};

/// What one entry file says about its route.
pub struct Page {
    /// The route's own title (the site's name is appended).
    pub title: String,
    pub description: String,
    /// Site path, for the canonical URL.
    pub path: String,
    pub image: Option<(String, String)>,
    pub article: Option<PostMeta>,
    /// Readable HTML for clients without JavaScript (already policy-filtered).
    pub fallback: String,
}

fn attr(value: &str) -> String {
    let mut out = String::new();
    escape_attribute_into(&mut out, value);
    out
}

/// Plain text (front matter is never markup) for an HTML text node.
fn text(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The shell with this page's head and fallback.
pub fn render(shell: &str, page: &Page, index: &PostIndex) -> String {
    let site = &index.site;
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
    let has_base = !site.base_url.is_empty();
    if has_base {
        meta("property", "og:url", &absolute(&site.base_url, &page.path));
    }
    if let Some((src, alt)) = &page.image {
        meta("property", "og:image", &absolute(&site.base_url, src));
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
        let canonical = absolute(&site.base_url, &page.path);
        head.push_str(&format!(
            "    <link rel=\"canonical\" href=\"{}\" />\n",
            attr(&canonical)
        ));
    }
    head.push_str(&format!(
        "    <link rel=\"alternate\" type=\"application/atom+xml\" title=\"{}\" href=\"/feed.xml\" />\n",
        attr(&site.title)
    ));
    // The data the app will ask for first, fetched while the app itself downloads.
    head.push_str(&preload("/posts/index.json"));
    if let Some(post) = &page.article {
        head.push_str(&preload(&format!("/{}", post.body)));
    }
    if let Some(post) = &page.article {
        head.push_str(&format!(
            "    <script type=\"application/ld+json\">{}</script>\n",
            json_ld(post, index)
        ));
    }
    let with_head = replace_title(shell, &head);
    replace_noscript(
        &with_head,
        &format!(
            "<noscript><main class=\"fallback\">{}</main></noscript>",
            page.fallback
        ),
    )
}

/// A `<link rel="preload">` that the app's `fetch` of the same URL reuses.
fn preload(href: &str) -> String {
    format!(
        "    <link rel=\"preload\" href=\"{}\" as=\"fetch\" crossorigin=\"anonymous\" />\n",
        attr(href)
    )
}

fn replace_title(shell: &str, head: &str) -> String {
    match (shell.find("<title>"), shell.find("</title>")) {
        (Some(start), Some(end)) if start < end => {
            format!(
                "{}{}{}",
                &shell[..start],
                head.trim_end(),
                &shell[end + "</title>".len()..]
            )
        }
        _ => shell.replacen("</head>", &format!("{head}</head>"), 1),
    }
}

fn replace_noscript(shell: &str, fallback: &str) -> String {
    match (shell.find("<noscript>"), shell.find("</noscript>")) {
        (Some(start), Some(end)) if start < end => {
            format!(
                "{}{fallback}{}",
                &shell[..start],
                &shell[end + "</noscript>".len()..]
            )
        }
        _ => shell.replacen("<body>", &format!("<body>\n    {fallback}"), 1),
    }
}

/// JSON-LD `BlogPosting`, safe inside a `<script>` element (no `<` survives).
fn json_ld(post: &PostMeta, index: &PostIndex) -> String {
    let site = &index.site;
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
    if !site.base_url.is_empty() {
        value["url"] = absolute(&site.base_url, &post.url).into();
        value["mainEntityOfPage"] = absolute(&site.base_url, &post.url).into();
    }
    if let Some(banner) = &post.banner {
        value["image"] = absolute(&site.base_url, &banner.src).into();
    }
    value
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// The page for a post, with its body HTML (rendered by `quire_core::render`).
pub fn post_page(post: &PostMeta, body_html: &str) -> Page {
    let byline = match post.authors.is_empty() {
        true => format_for_readers(&post.date),
        false => format!(
            "{} · {}",
            format_for_readers(&post.date),
            post.authors.join(", ")
        ),
    };
    let fallback = format!(
        "<article><h1>{}</h1><p><time datetime=\"{}\">{}</time></p>{body_html}</article><p><a href=\"/\">All posts</a></p>",
        text(&post.title),
        attr(&post.published),
        text(&byline),
    );
    Page {
        title: post.title.clone(),
        description: post.summary.clone(),
        path: post.url.clone(),
        image: post.banner.as_ref().map(|b| (b.src.clone(), b.alt.clone())),
        article: Some(post.clone()),
        fallback,
    }
}

/// A list of posts as readable HTML.
fn post_items<'a>(posts: impl Iterator<Item = &'a PostMeta>) -> String {
    posts
        .map(|p| {
            format!(
                "<li><a href=\"{}\">{}</a> <time datetime=\"{}\">{}</time><p>{}</p></li>",
                attr(&p.url),
                text(&p.title),
                attr(&p.published),
                text(&format_for_readers(&p.date)),
                text(&p.summary)
            )
        })
        .collect()
}

/// Page `page` of the home list (`/`, `/page/2/`, …), with links to its neighbours.
pub fn home_page(index: &PostIndex, page: usize) -> Page {
    let pages = page_count(index.posts.len(), index.site.posts_per_page);
    let items = post_items(index.page(page).unwrap_or_default().iter());
    let mut nav = String::new();
    if page > 1 {
        nav.push_str(&format!(
            "<a href=\"{}\" rel=\"prev\">Newer posts</a> ",
            page_url(page - 1)
        ));
    }
    if page < pages {
        nav.push_str(&format!(
            "<a href=\"{}\" rel=\"next\">Older posts</a>",
            page_url(page + 1)
        ));
    }
    Page {
        title: if page == 1 {
            String::new()
        } else {
            format!("Page {page}")
        },
        description: index.site.description.clone(),
        path: page_url(page),
        image: None,
        article: None,
        fallback: format!(
            "<h1>{}</h1><p>{}</p><ul>{items}</ul><nav>{nav}</nav>",
            text(&index.site.title),
            text(&index.site.description)
        ),
    }
}

/// A list page (tag, author, year): its title, description, path and posts.
pub fn list_page(title: String, description: String, path: String, posts: &[&PostMeta]) -> Page {
    let items = post_items(posts.iter().copied());
    Page {
        fallback: format!(
            "<h1>{}</h1><p>{}</p><ul>{items}</ul>",
            text(&title),
            text(&description)
        ),
        title,
        description,
        path,
        image: None,
        article: None,
    }
}

/// Every list page of the index: pages 2… of the home list, tags, authors, years and the
/// archive, as (entry path, page).
pub fn list_pages(index: &PostIndex) -> Vec<(String, Page)> {
    let count = |n: usize| {
        if n == 1 {
            "1 post".to_string()
        } else {
            format!("{n} posts")
        }
    };
    let mut out = Vec::new();
    for page in 2..=page_count(index.posts.len(), index.site.posts_per_page) {
        out.push((entry_path(&page_url(page)), home_page(index, page)));
    }
    for (name, _) in index.tags() {
        if let Some((name, posts)) = index.tagged(&term_slug(name)) {
            let path = tag_url(name);
            let page = list_page(
                format!("Tagged “{name}”"),
                format!("{} tagged {name}.", count(posts.len())),
                path.clone(),
                &posts,
            );
            out.push((entry_path(&path), page));
        }
    }
    for (name, _) in index.authors() {
        if let Some((name, posts)) = index.by_author(&term_slug(name)) {
            let path = author_url(name);
            let page = list_page(
                format!("Posts by {name}"),
                format!("{} by {name}.", count(posts.len())),
                path.clone(),
                &posts,
            );
            out.push((entry_path(&path), page));
        }
    }
    let years = index.years();
    for (year, posts) in &years {
        let path = year_url(year);
        let page = list_page(
            format!("Posts from {year}"),
            format!("{} published in {year}.", count(posts.len())),
            path.clone(),
            posts,
        );
        out.push((entry_path(&path), page));
    }
    let all: Vec<&PostMeta> = index.posts.iter().collect();
    let archive = list_page(
        "Archive".into(),
        format!("All {} by year, tag and author.", count(all.len())),
        "/archive/".into(),
        &all,
    );
    out.push(("archive/index.html".into(), archive));
    out
}

/// The search page (`/search`); its results come from the app.
pub fn search_page() -> Page {
    Page {
        title: "Search".into(),
        description: "Search the posts and their highlights.".into(),
        path: "/search/".into(),
        image: None,
        article: None,
        fallback: "<h1>Search</h1><p>Search needs JavaScript. \
                   <a href=\"/highlights/\">Every highlight</a> and <a href=\"/\">all posts</a> \
                   are readable without it.</p>"
            .into(),
    }
}

/// The highlights page (`/highlights`): every highlight, grouped by post, newest first.
pub fn highlights_page(index: &PostIndex, highlights: &HighlightsFile) -> Page {
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
                attr(&post.url),
                text(&post.title)
            ));
        }
        let href = match &h.section {
            Some(id) => format!("{}#{id}", post.url),
            None => post.url.clone(),
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
        fallback: format!("<h1>Highlights</h1>{items}"),
    }
}

/// The not-found page, served by static hosts for unknown paths.
pub fn not_found_page() -> Page {
    Page {
        title: "Page not found".into(),
        description: String::new(),
        path: "/404.html".into(),
        image: None,
        article: None,
        fallback: "<h1>Page not found</h1><p><a href=\"/\">All posts</a></p>".into(),
    }
}

/// A page that sends old URLs on to the post, without script.
pub fn redirect_page(to: &str, base_url: &str) -> String {
    let target = attr(&absolute(base_url, to));
    let to = attr(to);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n<title>Moved</title>\n\
         <meta http-equiv=\"refresh\" content=\"0; url={to}\" />\n<link rel=\"canonical\" href=\"{target}\" />\n\
         <meta name=\"robots\" content=\"noindex\" />\n</head>\n<body>\n<p>This post has moved to \
         <a href=\"{to}\">{to}</a>.</p>\n</body>\n</html>\n"
    )
}

/// Moves Trunk's inline start-up script into a file of its own (named by a hash of its
/// content, so it is cached like the other hashed assets), so the site runs under a
/// Content-Security-Policy without `'unsafe-inline'` scripts. Returns the new shell and the
/// file to write, if the shell had an inline module script.
pub fn externalize_boot_script(shell: &str) -> (String, Option<(String, String)>) {
    const OPEN: &str = "<script type=\"module\">";
    let Some(start) = shell.find(OPEN) else {
        return (shell.to_string(), None);
    };
    let Some(len) = shell[start..].find("</script>") else {
        return (shell.to_string(), None);
    };
    let code = shell[start + OPEN.len()..start + len].trim().to_string() + "\n";
    // FNV-1a: stable across builds and Rust versions, which std's hasher is not.
    let hash = code.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let name = format!("boot-{hash:016x}.js");
    let tag = format!("<script type=\"module\" src=\"/{name}\"></script>");
    let shell = format!(
        "{}{tag}{}",
        &shell[..start],
        &shell[start + len + "</script>".len()..]
    );
    (shell, Some((name, code)))
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
    use quire_core::SiteInfo;
    use quire_core::index::{Banner, INDEX_VERSION};

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
        let html = render(SHELL, &post_page(&post(), "<p>Body</p>"), &index());
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
            html.contains("<noscript><main class=\"fallback\"><article><h1>A &lt;script&gt;"),
            "{html}"
        );
        assert!(html.contains("<p>Body</p>"), "{html}");
        assert!(html.contains("init()"), "the app still starts: {html}");
    }

    #[test]
    fn entry_paths_follow_urls() {
        assert_eq!(entry_path("/"), "index.html");
        assert_eq!(entry_path("/blog/2024/03/x/"), "blog/2024/03/x/index.html");
        assert_eq!(entry_path("/2019/11/07/x.html"), "2019/11/07/x.html");
    }

    #[test]
    fn the_boot_script_leaves_the_page() {
        let (shell, file) = externalize_boot_script(SHELL);
        let (name, code) = file.unwrap();
        assert!(
            name.starts_with("boot-") && name.len() == "boot-".len() + 16 + 3,
            "{name}"
        );
        assert_eq!(code, "init()\n");
        assert!(
            shell.contains(&format!(
                "<script type=\"module\" src=\"/{name}\"></script>"
            )),
            "{shell}"
        );
        assert!(!shell.contains("init()"));
        assert_eq!(
            externalize_boot_script(&shell).1,
            None,
            "nothing inline is left"
        );
    }

    #[test]
    fn redirects_need_no_script() {
        let html = redirect_page("/blog/2024/03/x/", "https://blog.example/");
        assert!(html.contains("content=\"0; url=/blog/2024/03/x/\""));
        assert!(!html.contains("<script"));
    }
}
