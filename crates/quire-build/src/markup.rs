//! The app's markup, written out at build time: every entry file shows its route in exactly
//! the elements, classes and text the app's components render (`src/components`,
//! `src/routes`), so the page reads before the app starts and the app takes it over without a
//! change on screen. The browser tests compare the two for every kind of page.

use crate::site::Site;
use quire_core::PostMeta;
use quire_core::date::format_for_readers;
use quire_core::escape::escape_attribute_into;
use quire_core::image::{COLUMN_SIZES, banner_size};
use quire_core::listing::{author_url, tag_url, year_url};
use quire_core::markdown::{TOC_MIN_ENTRIES, TocEntry};

/// Text for an HTML text node.
pub fn text(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A value for a double-quoted attribute.
pub fn attr(value: &str) -> String {
    let mut out = String::new();
    escape_attribute_into(&mut out, value);
    out
}

/// The page being written: its site and its own served path, which decides which links are
/// marked `aria-current="page"`, as the router's `<A>` marks them.
pub struct Cx<'a> {
    pub site: &'a Site<'a>,
    /// The page's path as served (`/sub/tags/rust/`); `None` for the not-found page.
    pub current: Option<String>,
}

impl<'a> Cx<'a> {
    pub fn new(site: &'a Site<'a>, site_path: Option<&str>) -> Self {
        Cx {
            site,
            current: site_path.map(|p| site.link(p)),
        }
    }

    /// An in-app link (`<A>` in the app) to a site path, with extra attributes and inner HTML.
    fn a(&self, path: &str, extra: &str, inner: &str) -> String {
        let href = self.site.link(path);
        let current = match &self.current {
            Some(here) if is_active_for(&href, here) => " aria-current=\"page\"",
            _ => "",
        };
        format!("<a href=\"{}\"{extra}{current}>{inner}</a>", attr(&href))
    }
}

/// Whether the router's `<A href>` counts as the current page at `location`
/// (leptos_router's own rule: every segment of `href` matches, a trailing slash aside).
fn is_active_for(href: &str, location: &str) -> bool {
    let mut href_parts = href.split('/');
    std::iter::zip(location.split('/'), href_parts.by_ref())
        .enumerate()
        .all(|(i, (here, part))| here == part || part.is_empty() && i > 1)
        && matches!(href_parts.next(), None | Some(""))
}

/// The skip link, the site's header and `<main>` with the route's content. `page` is the site
/// path the content is for, which the app compares with the path it starts on (`*` for the
/// not-found page); `title` the route's own title.
pub fn frame(cx: &Cx, page: &str, title: &str, content: &str) -> String {
    format!(
        "<a class=\"skip-link\" href=\"#main\" target=\"_self\">Skip to content</a>{}\
         <main id=\"main\" tabindex=\"-1\" data-quire-page=\"{}\" data-quire-title=\"{}\">{content}</main>",
        site_header(cx),
        attr(page),
        attr(title),
    )
}

/// `src/components/site_header.rs` with the search box and theme toggle as they first render.
fn site_header(cx: &Cx) -> String {
    let site = &cx.site.index.site;
    let title = if site.title.is_empty() {
        "Home"
    } else {
        &site.title
    };
    let nav: String = site
        .nav
        .iter()
        .map(|l| {
            format!(
                "<a href=\"{}\" data-nav=\"\">{}</a>",
                attr(&cx.site.link(&l.url)),
                text(&l.title)
            )
        })
        .collect();
    format!(
        "<header class=\"site-header\"><div class=\"site-header-inner\">{}\
         <nav class=\"site-nav\" aria-label=\"Site\">{}{}{nav}</nav>{SEARCH_BOX}{THEME_TOGGLE}</div></header>",
        cx.a("/", " class=\"site-title\"", &text(title)),
        cx.a("/archive", "", "Archive"),
        cx.a("/highlights", "", "Highlights"),
    )
}

/// `src/components/search_box.rs` before anything is typed.
const SEARCH_BOX: &str = "<div class=\"search-box\" role=\"search\">\
<label class=\"visually-hidden\" for=\"search-input\">Search posts</label>\
<input id=\"search-input\" type=\"search\" placeholder=\"Search  /\" autocomplete=\"off\" \
spellcheck=\"false\" role=\"combobox\" aria-autocomplete=\"list\" aria-controls=\"search-listbox\" \
aria-expanded=\"false\">\
<div class=\"search-popup\" hidden=\"\"><p class=\"search-status\" role=\"status\"></p>\
<ul id=\"search-listbox\" class=\"search-results\" role=\"listbox\" aria-label=\"Search results\"></ul>\
</div></div>";

/// `src/components/theme_toggle.rs` in the light theme (theme.js has set the page's theme
/// before this is painted; the app sets the button's state when it starts).
const THEME_TOGGLE: &str = "<button type=\"button\" class=\"theme-toggle\" aria-pressed=\"false\" \
title=\"Switch to the dark theme\"><svg viewBox=\"0 0 24 24\" aria-hidden=\"true\" focusable=\"false\">\
<path d=\"M21 12.79A9 9 0 1 1 11.21 3 7 7 0 0 0 21 12.79z\"></path></svg>\
<span class=\"visually-hidden\">Dark theme</span></button>";

/// `Byline` in `src/components/post_header.rs`.
fn byline(cx: &Cx, post: &PostMeta) -> String {
    let authors = match post.authors.is_empty() {
        true => String::new(),
        false => {
            let links: Vec<String> = post
                .authors
                .iter()
                .map(|name| cx.a(&author_url(name), "", &text(name)))
                .collect();
            format!(
                " · <span class=\"post-authors\">{}</span>",
                links.join(", ")
            )
        }
    };
    format!(
        "<p class=\"post-meta\"><time datetime=\"{}\">{}</time>{authors} · \
         <span class=\"reading-time\">{} min read</span></p>",
        attr(&post.published),
        text(&format_for_readers(&post.date)),
        post.reading_minutes.max(1)
    )
}

/// `PostHeader` in `src/components/post_header.rs`.
fn post_header(cx: &Cx, post: &PostMeta) -> String {
    let tags = match post.tags.is_empty() {
        true => String::new(),
        false => {
            let items: String = post
                .tags
                .iter()
                .map(|t| format!("<li>{}</li>", cx.a(&tag_url(t), "", &text(t))))
                .collect();
            format!("<ul class=\"post-tags\" aria-label=\"Tags\">{items}</ul>")
        }
    };
    let banner = post.banner.as_ref().map_or(String::new(), |b| {
        let caption = b.caption.as_ref().map_or(String::new(), |c| {
            format!("<figcaption>{}</figcaption>", text(c))
        });
        let size = banner_size(&b.src, &post.images, &|p| cx.site.link(p));
        let (width, height) = (size.width, size.height);
        let srcset = size.srcset.map_or(String::new(), |set| {
            format!(" srcset=\"{}\" sizes=\"{COLUMN_SIZES}\"", attr(&set))
        });
        format!(
            "<figure class=\"post-banner\"><img src=\"{}\" alt=\"{}\" width=\"{width}\" \
             height=\"{height}\"{srcset} decoding=\"async\" fetchpriority=\"high\">{caption}</figure>",
            attr(&cx.site.link(&b.src)),
            attr(&b.alt)
        )
    });
    format!(
        "<header class=\"post-header\"><h1 class=\"post-title\">{}</h1>{}{tags}{banner}</header>",
        text(&post.title),
        byline(cx, post)
    )
}

/// `TableOfContents` in `src/components/toc.rs`, for posts with enough headings.
fn toc(entries: &[TocEntry]) -> String {
    if entries.len() < TOC_MIN_ENTRIES {
        return String::new();
    }
    let items: String = entries
        .iter()
        .map(|e| {
            format!(
                "<li class=\"toc-level-{}\"><a href=\"#{}\">{}</a></li>",
                e.level,
                attr(&e.id),
                text(&e.text)
            )
        })
        .collect();
    format!(
        "<nav class=\"toc\" aria-labelledby=\"toc-title\"><h2 id=\"toc-title\">Contents</h2><ol>{items}</ol></nav>"
    )
}

/// `PostView` in `src/routes/post.rs`: the article with its rendered body, then the links to
/// the neighbouring posts.
pub fn post(
    cx: &Cx,
    post: &PostMeta,
    body_html: &str,
    entries: &[TocEntry],
    newer: Option<&PostMeta>,
    older: Option<&PostMeta>,
) -> String {
    let link = |p: Option<&PostMeta>, rel: &str, label: &str| {
        p.map_or(String::new(), |p| {
            let inner = format!(
                "<span class=\"post-nav-label\">{label}</span><span class=\"post-nav-title\">{}</span>",
                text(&p.title)
            );
            cx.a(
                &p.url,
                &format!(" rel=\"{rel}\" class=\"post-nav-{rel}\""),
                &inner,
            )
        })
    };
    let nav = match newer.is_some() || older.is_some() {
        true => format!(
            "<nav class=\"post-nav\" aria-label=\"More posts\">{}{}</nav>",
            link(older, "prev", "← Older"),
            link(newer, "next", "Newer →")
        ),
        false => String::new(),
    };
    format!(
        "<article class=\"post\">{}{}<div class=\"post-body\">{}</div></article>{nav}",
        post_header(cx, post),
        toc(entries),
        contained(body_html)
    )
}

/// Elements whose end tag a parser supplies itself when their parent closes.
const OPTIONAL_END: &[&str] = &[
    "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "caption", "colgroup",
    "option", "rt", "rp",
];
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// A post body that stays inside its `<div>` in a whole page as it does in the app, where it is
/// parsed on its own (`innerHTML`): an element the author left open (a raw `<b>`) is closed
/// at its end, and an end tag with nothing to close (a raw `</div>`) is dropped. The body comes
/// from `quire_core::render`, whose policy rebuilt every tag, so every `<` starts a tag.
pub fn contained(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 16);
    let mut open: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let tag = &rest[start..];
        let len = tag_len(tag);
        let (whole, after) = tag.split_at(len);
        rest = after;
        let closing = whole.starts_with("</");
        let name: String = whole[if closing { 2 } else { 1 }..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() {
            out.push_str(whole);
        } else if closing {
            if let Some(at) = open.iter().rposition(|n| *n == name) {
                for inner in open.drain(at..).skip(1).rev() {
                    if !OPTIONAL_END.contains(&inner.as_str()) {
                        out.push_str(&format!("</{inner}>"));
                    }
                }
                out.push_str(whole);
            }
        } else {
            out.push_str(whole);
            if !VOID.contains(&name.as_str()) && !whole.ends_with("/>") {
                open.push(name);
            }
        }
    }
    out.push_str(rest);
    for name in open.iter().rev() {
        if !OPTIONAL_END.contains(&name.as_str()) {
            out.push_str(&format!("</{name}>"));
        }
    }
    out
}

/// The length of the tag at the start of `s`, quoted attribute values included.
fn tag_len(s: &str) -> usize {
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return i + 1,
            (None, _) => {}
        }
    }
    s.len()
}

/// `PostCard` in `src/components/post_card.rs`.
fn post_card(cx: &Cx, post: &PostMeta) -> String {
    format!(
        "<article class=\"post-card\"><h2 class=\"post-card-title\">{}</h2>{}\
         <p class=\"post-card-summary\">{}</p></article>",
        cx.a(&post.url, "", &text(&post.title)),
        byline(cx, post),
        text(&post.summary)
    )
}

/// `PostList` in `src/components/post_list.rs`.
fn post_list<'p>(cx: &Cx, posts: impl IntoIterator<Item = &'p PostMeta>) -> String {
    let cards: String = posts.into_iter().map(|p| post_card(cx, p)).collect();
    format!("<div class=\"post-list\">{cards}</div>")
}

/// `Pagination` in `src/components/post_list.rs`; `href` gives a page's site path.
fn pagination(cx: &Cx, page: usize, pages: usize, href: fn(usize) -> String) -> String {
    if pages <= 1 {
        return String::new();
    }
    let newer = match page > 1 {
        true => cx.a(
            &href(page - 1),
            " rel=\"prev\" class=\"pagination-newer\"",
            "← Newer posts",
        ),
        false => String::new(),
    };
    let older = match page < pages {
        true => cx.a(
            &href(page + 1),
            " rel=\"next\" class=\"pagination-older\"",
            "Older posts →",
        ),
        false => String::new(),
    };
    format!(
        "<nav class=\"pagination\" aria-label=\"Pages\">{newer}\
         <span class=\"pagination-current\" aria-current=\"page\">Page {page} of {pages}</span>{older}</nav>"
    )
}

/// `HomePage` in `src/routes/home.rs`: page `page` of `pages`, with its posts.
pub fn home(cx: &Cx, posts: &[PostMeta], page: usize, pages: usize) -> String {
    let site = &cx.site.index.site;
    let empty = match cx.site.index.posts.is_empty() {
        true => "<p class=\"empty\">No posts have been published yet.</p>",
        false => "",
    };
    format!(
        "<section class=\"home\" aria-labelledby=\"home-title\">\
         <h1 id=\"home-title\" class=\"visually-hidden\">{}</h1>\
         <p class=\"site-description\">{}</p>{}{empty}{}</section>",
        text(&site.title),
        text(&site.description),
        post_list(cx, posts),
        pagination(cx, page, pages, quire_core::listing::page_url)
    )
}

/// `list_page` in `src/routes/listing.rs` (tag, author and year pages).
pub fn listing(cx: &Cx, heading: &str, description: &str, posts: &[&PostMeta]) -> String {
    format!(
        "<section class=\"listing\" aria-labelledby=\"listing-title\">\
         <h1 id=\"listing-title\">{}</h1><p class=\"listing-description\">{}</p>{}</section>",
        text(heading),
        text(description),
        post_list(cx, posts.iter().copied())
    )
}

/// `ArchivePage` in `src/routes/listing.rs`: every post by year, then every tag and author.
pub fn archive(cx: &Cx) -> String {
    let index = cx.site.index;
    let years: String = index
        .years()
        .into_iter()
        .map(|(year, posts)| {
            let items: String = posts
                .iter()
                .map(|p| {
                    format!(
                        "<li><time datetime=\"{}\">{}</time> {}</li>",
                        attr(&p.published),
                        text(&format_for_readers(&p.date)),
                        cx.a(&p.url, "", &text(&p.title))
                    )
                })
                .collect();
            format!(
                "<h2 class=\"archive-year\">{}</h2><ul class=\"archive-list\">{items}</ul>",
                cx.a(&year_url(year), "", &text(year))
            )
        })
        .collect();
    let terms = |names: Vec<(&str, usize)>, url: fn(&str) -> String| -> String {
        names
            .into_iter()
            .map(|(name, n)| {
                format!(
                    "<li>{}<span class=\"count\"> ({n})</span></li>",
                    cx.a(&url(name), "", &text(name))
                )
            })
            .collect()
    };
    format!(
        "<section class=\"archive\" aria-labelledby=\"archive-title\">\
         <h1 id=\"archive-title\">Archive</h1>{years}<h2>Tags</h2><ul class=\"term-list\">{}</ul>\
         <h2>Authors</h2><ul class=\"term-list\">{}</ul></section>",
        terms(index.tags(), tag_url),
        terms(index.authors(), author_url)
    )
}

/// `NotFound` in `src/routes/not_found.rs`.
pub fn not_found(cx: &Cx) -> String {
    format!(
        "<section class=\"not-found\" aria-labelledby=\"not-found-title\">\
         <h1 id=\"not-found-title\">Page not found</h1>\
         <p>There is no page at this address. It may have moved, or the link may be mistyped.</p>\
         <p>{}</p></section>",
        cx.a("/", "", "Go to the list of posts")
    )
}

#[cfg(test)]
mod tests {
    use super::{contained, is_active_for};

    #[test]
    fn a_body_stays_inside_its_element() {
        assert_eq!(
            contained("<p>A <b>bold start</p><p>more</p>"),
            "<p>A <b>bold start</b></p><p>more</p>"
        );
        assert_eq!(contained("<p>x</p></div><p>y</p>"), "<p>x</p><p>y</p>");
        assert_eq!(
            contained("<ul><li>a<li>b</ul><em>open"),
            "<ul><li>a<li>b</ul><em>open</em>"
        );
        let clean = "<p>A <a href=\"/x?a=1&amp;b=\\'>\\'\">link</a> <img src=\"/i.png\" alt=\"&gt;\"><br></p>";
        assert_eq!(contained(clean), clean);
    }

    #[test]
    fn links_are_current_as_the_router_says() {
        assert!(is_active_for("/", "/"));
        assert!(!is_active_for("/", "/archive/"));
        assert!(is_active_for("/archive", "/archive/"));
        assert!(is_active_for("/archive", "/archive/2024/"));
        assert!(!is_active_for("/archive/2024/", "/archive/"));
        assert!(is_active_for("/sub/tags/rust/", "/sub/tags/rust/"));
        assert!(!is_active_for("/sub/tags/rust/", "/sub/tags/rusty/"));
    }
}
