//! The post index (`posts/index.json`): the one definition of its format, written by the
//! builder and read by the app.

use crate::site_path::lookup_key;
use serde::{Deserialize, Serialize};

/// Bumped when the format changes incompatibly, so an app never misreads an older index.
pub const INDEX_VERSION: u32 = 1;

/// The whole index: site settings the app needs, and every published post, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PostIndex {
    pub version: u32,
    pub site: SiteInfo,
    pub posts: Vec<PostMeta>,
}

/// The site settings: what authors write in `quire.toml` (read by the builder, which reports
/// a problem at its line) and what the app gets of them in the index, one type for both.
/// Unknown keys are an error, so a typo does not pass silently.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteInfo {
    /// The blog's name, shown in the header and in every page title.
    pub title: String,
    /// One sentence about the blog, for the home page.
    #[serde(default)]
    pub description: String,
    /// Where the blog is published, e.g. `https://blog.example/`. Links in posts to this
    /// address (as migrated posts often have) navigate inside the site.
    #[serde(default)]
    pub base_url: String,
    /// Hosts whose videos posts may embed (YouTube and Vimeo unless set); other iframes are
    /// dropped with a warning.
    #[serde(default = "default_video_hosts")]
    pub video_hosts: Vec<String>,
    /// Show YouTube's thumbnail on video facades before play. Off by default: it is a request
    /// to a third party before the reader asks for the video.
    #[serde(default)]
    pub remote_posters: bool,
    /// Posts on each page of the home list (10 unless set).
    #[serde(default = "default_posts_per_page")]
    pub posts_per_page: usize,
    /// Posts in each feed (the site's, a tag's, an author's), newest first: 20 unless set,
    /// 0 for every post.
    #[serde(default = "default_feed_limit")]
    pub feed_limit: usize,
    /// Extra header links, besides the pages every blog has: `[[nav]]` tables with `title`
    /// and `url`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nav: Vec<NavLink>,
    /// The URL of every post that sets none of its own, as a pattern of Jekyll's placeholders
    /// and `:section` (`/blog/:year/:month/:title/`); `/blog/:section/:year/:month/:title/`
    /// unless set (see `permalink::pattern`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permalink: Option<String>,
    /// Earlier patterns: each post's URL under each of them leads to it (a redirect page).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub previous_permalinks: Vec<String>,
}

/// A link in the site's header.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NavLink {
    pub title: String,
    pub url: String,
}

/// Posts per page unless the settings say otherwise.
pub fn default_posts_per_page() -> usize {
    10
}

/// Posts per feed unless the settings say otherwise.
pub fn default_feed_limit() -> usize {
    20
}

/// The video hosts of a site whose settings name none.
pub fn default_video_hosts() -> Vec<String> {
    crate::video::DEFAULT_HOSTS
        .iter()
        .map(|h| h.to_string())
        .collect()
}

/// One post's metadata: everything a list or a post header shows, without the body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PostMeta {
    /// The file name's slug, case kept (`Open-Source-Harassment-Policy`).
    pub slug: String,
    /// The post's path on the site, `/blog/YYYY/MM/slug/` unless the author set their own.
    pub url: String,
    /// Old paths that lead to the post.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    pub title: String,
    /// Calendar date, `YYYY-MM-DD`.
    pub date: String,
    /// RFC 3339 date-time (midnight UTC when only a date was given).
    pub published: String,
    #[serde(default)]
    pub authors: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub banner: Option<Banner>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// The author's summary, or the first paragraph as plain text.
    #[serde(default)]
    pub summary: String,
    /// Path of the Markdown body, relative to the site root, named by the post's URL
    /// (`posts/blog,2024,05,slug.md`; see `permalink::body_path`).
    pub body: String,
    /// Minutes to read the body, at 230 words a minute (at least 1).
    #[serde(default)]
    pub reading_minutes: u32,
    /// The sizes of the site's own images the post shows (its banner and its body's images),
    /// read by the builder.
    #[serde(default, skip_serializing_if = "ImageSizes::is_empty")]
    pub images: ImageSizes,
    /// Whether the builder highlighted code blocks of the post: their token runs are in
    /// `<body without .md>.code.json` beside the body ([`PostMeta::code_runs_path`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub code_runs: bool,
    /// The post's own files that its body links to or shows (a page bundle's, or files beside
    /// the post), by their path relative to the post's folder as the body writes them
    /// (`figure.png`): the builder copies each beside the post's URL, and the renderer points
    /// there ([`crate::markdown::RenderOptions::with_files`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<String>,
}

impl PostMeta {
    /// The file of the post's highlighted code, beside its body (`posts/x.md` →
    /// `posts/x.code.json`), when the builder wrote one.
    pub fn code_runs_path(&self) -> Option<String> {
        let stem = self.body.strip_suffix(".md").unwrap_or(&self.body);
        self.code_runs.then(|| format!("{stem}.code.json"))
    }
}

/// A post's images by their site path (the banner's `src`; `/assets/img/posts/chart.png` as its
/// Markdown resolves it), for the `width`, `height` and `srcset` of each `<img>`. In JSON a
/// list of entries in path order, each an image's size then its path:
/// `["1200 500 /assets/img/banners/a.svg", "1600 900 480 960 /assets/img/posts/chart.png"]`.
/// Strings, so that the app reads them with the decoder it has for every other list of strings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ImageSizes(Vec<String>);

impl From<Vec<String>> for ImageSizes {
    /// The entries as the index lists them (`"w h [widths] path"`).
    fn from(entries: Vec<String>) -> Self {
        ImageSizes(entries)
    }
}

impl ImageSizes {
    /// The entries as the index lists them (`"w h [widths] path"`).
    pub fn entries(&self) -> &[String] {
        &self.0
    }

    /// The size of the image at `src`.
    pub fn get(&self, src: &str) -> Option<ImageSize> {
        let found = self.0.binary_search_by(|entry| entry_path(entry).cmp(src));
        found
            .ok()
            .and_then(|i| ImageSize::parse(entry_size(&self.0[i])))
    }

    /// Adds or replaces the size of the image at `src`, keeping the path order.
    pub fn insert(&mut self, src: &str, size: &ImageSize) {
        let entry = format!("{size} {src}");
        match self.0.binary_search_by(|entry| entry_path(entry).cmp(src)) {
            Ok(i) => self.0[i] = entry,
            Err(i) => self.0.insert(i, entry),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The images and their sizes, in path order (entries that do not read as one skipped).
    pub fn iter(&self) -> impl Iterator<Item = (&str, ImageSize)> {
        self.0
            .iter()
            .filter_map(|e| Some((entry_path(e), ImageSize::parse(entry_size(e))?)))
    }
}

/// An entry's path: from its first `/` (sizes are digits and spaces).
fn entry_path(entry: &str) -> &str {
    entry.find('/').map_or("", |i| &entry[i..])
}

fn entry_size(entry: &str) -> &str {
    &entry[..entry.len() - entry_path(entry).len()]
}

/// An image's size as a browser shows it (a JPEG's EXIF rotation applied; an SVG's `width` and
/// `height`, else its `viewBox`), and the widths of the smaller copies the builder made of it
/// (see [`crate::image`]). Written `width height copy-widths…`: `1600 900 480 960`, `1200 500`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageSize {
    pub width: u32,
    pub height: u32,
    /// Widths of the resized copies, narrowest first; none for SVG and small images.
    pub widths: Vec<u32>,
}

impl ImageSize {
    /// Reads `width height copy-widths…`; `None` unless it is two numbers or more.
    pub fn parse(text: &str) -> Option<ImageSize> {
        let mut numbers = Vec::new();
        for number in text.split(' ').filter(|n| !n.is_empty()) {
            numbers.push(number.parse::<u32>().ok()?);
        }
        match numbers[..] {
            [width, height, ..] => Some(ImageSize {
                width,
                height,
                widths: numbers.split_off(2),
            }),
            _ => None,
        }
    }
}

impl std::fmt::Display for ImageSize {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.width, self.height)?;
        self.widths.iter().try_for_each(|w| write!(f, " {w}"))
    }
}

/// A post's banner image.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Banner {
    /// Root-relative path or absolute http(s) URL.
    pub src: String,
    #[serde(default)]
    pub alt: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
}

/// What a request path leads to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PathMatch<'a> {
    /// The post's own URL (with or without the trailing slash).
    Post(&'a PostMeta),
    /// One of its old URLs: redirect to the post.
    Alias(&'a PostMeta),
}

impl Default for SiteInfo {
    fn default() -> Self {
        SiteInfo {
            title: String::new(),
            description: String::new(),
            base_url: String::new(),
            video_hosts: default_video_hosts(),
            remote_posters: false,
            posts_per_page: default_posts_per_page(),
            feed_limit: default_feed_limit(),
            nav: Vec::new(),
            permalink: None,
            previous_permalinks: Vec::new(),
        }
    }
}

impl PostIndex {
    /// The post at a path, by its URL or one of its aliases.
    pub fn find_by_path(&self, path: &str) -> Option<PathMatch<'_>> {
        let key = lookup_key(path);
        if let Some(post) = self.posts.iter().find(|p| lookup_key(&p.url) == key) {
            return Some(PathMatch::Post(post));
        }
        self.posts
            .iter()
            .find(|p| p.aliases.iter().any(|a| lookup_key(a) == key))
            .map(PathMatch::Alias)
    }
}

/// A page's `<title>`: `Page · Site`, or whichever of the two there is.
pub fn page_title(page: &str, site: &str) -> String {
    match (page.is_empty(), site.is_empty() || site == page) {
        (true, _) => site.to_string(),
        (false, true) => page.to_string(),
        (false, false) => format!("{page} · {site}"),
    }
}

/// The canonical path of a post: `/blog/YYYY/MM/slug/`.
pub fn post_url(year: u16, month: u8, slug: &str) -> String {
    format!("/blog/{year:04}/{month:02}/{slug}/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(slug: &str, url: &str) -> PostMeta {
        PostMeta {
            slug: slug.into(),
            url: url.into(),
            aliases: vec![],
            title: slug.into(),
            date: "2024-03-05".into(),
            published: "2024-03-05T00:00:00Z".into(),
            authors: vec![],
            banner: None,
            tags: vec![],
            summary: String::new(),
            body: format!("posts/{slug}.md"),
            reading_minutes: 1,
            images: ImageSizes::default(),
            code_runs: false,
            files: Vec::new(),
        }
    }

    #[test]
    fn finds_posts_by_path_and_alias() {
        let mut b = meta("B", "/blog/2023/01/B/");
        b.aliases = vec!["/old/b.html".into()];
        let index = PostIndex {
            version: INDEX_VERSION,
            site: SiteInfo::default(),
            posts: vec![meta("a", "/blog/2024/03/a/"), b],
        };
        let slug = |m: Option<PathMatch<'_>>| match m {
            Some(PathMatch::Post(p)) => format!("post {}", p.slug),
            Some(PathMatch::Alias(p)) => format!("alias {}", p.slug),
            None => "none".into(),
        };
        assert_eq!(slug(index.find_by_path("/blog/2023/01/B")), "post B");
        assert_eq!(slug(index.find_by_path("/blog/2023/01/B/")), "post B");
        assert_eq!(
            slug(index.find_by_path("/blog/2023/01/b/")),
            "none",
            "slugs keep their case"
        );
        assert_eq!(
            slug(index.find_by_path("/blog/2024/04/a/")),
            "none",
            "the month is part of the URL"
        );
        assert_eq!(slug(index.find_by_path("/old/b.html")), "alias B");
    }

    #[test]
    fn page_titles_name_the_site() {
        assert_eq!(page_title("Post", "Blog"), "Post · Blog");
        assert_eq!(page_title("", "Blog"), "Blog");
        assert_eq!(page_title("Post", ""), "Post");
        assert_eq!(page_title("Blog", "Blog"), "Blog");
    }

    #[test]
    fn round_trips_through_json() {
        let index = PostIndex {
            version: INDEX_VERSION,
            site: SiteInfo {
                title: "T".into(),
                description: "D".into(),
                base_url: String::new(),
                video_hosts: default_video_hosts(),
                remote_posters: false,
                ..SiteInfo::default()
            },
            posts: vec![meta("a", &post_url(2024, 3, "a"))],
        };
        let json = serde_json::to_string(&index).unwrap();
        assert!(json.contains("\"/blog/2024/03/a/\""));
        assert!(
            !json.contains("images") && !json.contains("size"),
            "no image, no field: {json}"
        );
        assert_eq!(serde_json::from_str::<PostIndex>(&json).unwrap(), index);
    }

    #[test]
    fn image_sizes_are_a_compact_table_by_site_path() {
        let mut post = meta("a", "/blog/2024/03/a/");
        let chart = ImageSize {
            width: 1600,
            height: 900,
            widths: vec![480, 960],
        };
        post.images.insert("/assets/img/posts/chart.png", &chart);
        let banner = ImageSize {
            width: 1200,
            height: 500,
            widths: vec![],
        };
        post.images.insert("/assets/img/banners/a.svg", &banner);
        let json = serde_json::to_string(&post).unwrap();
        assert!(
            json.contains(
                "\"images\":[\"1200 500 /assets/img/banners/a.svg\",\
                 \"1600 900 480 960 /assets/img/posts/chart.png\"]"
            ),
            "{json}"
        );
        let read = serde_json::from_str::<PostMeta>(&json).unwrap();
        assert_eq!(read, post);
        assert_eq!(read.images.get("/assets/img/posts/chart.png"), Some(chart));
        assert_eq!(ImageSize::parse("1200"), None);
        assert_eq!(ImageSize::parse("1200 x"), None);
        assert_eq!(ImageSize::parse(" 1200  500 "), Some(banner));
    }

    #[test]
    fn image_sizes_are_kept_in_path_order_and_found_by_path() {
        let mut sizes = ImageSizes::default();
        let size = |width| ImageSize {
            width,
            height: 1,
            widths: vec![],
        };
        for (path, width) in [("/b.png", 2), ("/a.png", 1), ("/c d.png", 3), ("/a.png", 4)] {
            sizes.insert(path, &size(width));
        }
        let paths: Vec<&str> = sizes.iter().map(|(path, _)| path).collect();
        assert_eq!(paths, ["/a.png", "/b.png", "/c d.png"]);
        assert_eq!(sizes.get("/a.png"), Some(size(4)));
        assert_eq!(sizes.get("/c d.png"), Some(size(3)));
        assert_eq!(sizes.get("/d.png"), None);
    }
}
