//! The site's URL pattern (`permalink` in `quire.toml`) and the earlier ones whose URLs still
//! lead to each post (`previous_permalinks`): Jekyll's placeholders and `:section`, checked
//! once and filled in for every post.

use super::{file_key, normalize};
use crate::date::PostDate;
use crate::index::SiteInfo;

/// The URL of a post when the site sets no pattern: `/blog/YYYY/MM/slug/`, with the section
/// (the sub-folder of the posts folder) after `/blog/` for a post in one.
pub const DEFAULT_PATTERN: &str = "/blog/:section/:year/:month/:title/";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Placeholder {
    Year,
    Month,
    IMonth,
    Day,
    IDay,
    Title,
    Slug,
    Categories,
    Section,
}

/// Every placeholder by its name, in the order the messages list them.
const PLACEHOLDERS: &[(&str, Placeholder)] = &[
    ("year", Placeholder::Year),
    ("month", Placeholder::Month),
    ("i_month", Placeholder::IMonth),
    ("day", Placeholder::Day),
    ("i_day", Placeholder::IDay),
    ("title", Placeholder::Title),
    ("slug", Placeholder::Slug),
    ("categories", Placeholder::Categories),
    ("section", Placeholder::Section),
];

#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    Text(String),
    Fill(Placeholder),
}

/// A checked URL pattern, such as `/blog/:year/:month/:title/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UrlPattern {
    text: String,
    parts: Vec<Part>,
}

/// What a post brings to its URL.
#[derive(Clone, Copy, Debug)]
pub struct PostFields<'a> {
    pub date: &'a PostDate,
    /// The slug (front matter `slug`, else the file name's), case kept: `:title`.
    pub slug: &'a str,
    /// The front matter's `categories`, as written.
    pub categories: &'a [String],
    /// The sub-folder of the posts folder the post is in (`inside-rust`, `a/b`), `""` at its top.
    pub section: &'a str,
}

impl Default for UrlPattern {
    fn default() -> Self {
        UrlPattern {
            text: DEFAULT_PATTERN.to_string(),
            parts: parts(DEFAULT_PATTERN).unwrap_or_default(),
        }
    }
}

impl UrlPattern {
    /// Reads and checks a pattern: it starts with `/`, its text is what a path may hold, its
    /// placeholders are known, and it names the post (`:title` or `:slug`), so that no post
    /// gets an empty URL and one month's posts do not all get the same.
    pub fn parse(text: &str) -> Result<Self, String> {
        if !text.starts_with('/') {
            return Err(format!(
                "the permalink `{text}` must start with `/`, as in {DEFAULT_EXAMPLE}"
            ));
        }
        let parts = parts(text)?;
        let names_post = parts
            .iter()
            .any(|p| matches!(p, Part::Fill(Placeholder::Title | Placeholder::Slug)));
        if !names_post {
            return Err(format!(
                "the permalink `{text}` does not name the post, so posts would share a URL or \
                 get an empty one: put `:title` or `:slug` in it, as in {DEFAULT_EXAMPLE}"
            ));
        }
        Ok(UrlPattern {
            text: text.to_string(),
            parts,
        })
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The post's URL under this pattern. Placeholders that give nothing (`:section` at the top
    /// of the posts folder, `:categories` of a post without any) leave no empty segment; the URL
    /// ends with `/` when the pattern does, else it is a folder unless its last segment names a
    /// page file (`.html`), as [`normalize`] makes it.
    pub fn expand(&self, post: &PostFields) -> Result<String, String> {
        let mut filled = String::new();
        for part in &self.parts {
            match part {
                Part::Text(text) => filled.push_str(text),
                Part::Fill(p) => filled.push_str(&fill(*p, post)?),
            }
        }
        let segments: Vec<&str> = filled.split('/').filter(|s| !s.is_empty()).collect();
        let joined = format!("/{}", segments.join("/"));
        let url = match self.text.ends_with('/') && joined != "/" {
            true => normalize(&joined).map(|_| format!("{joined}/")),
            false => normalize(&joined),
        };
        url.filter(|u| u != "/").ok_or_else(|| {
            let folder = match post.section {
                "" => String::new(),
                section => format!("the folder `{section}`, "),
            };
            format!(
                "the site's permalink `{}` gives this post `{joined}`, which is not a usable \
                 path: keep {folder}the slug and categories to letters, digits, `-`, `_`, `.` \
                 and `~`",
                self.text
            )
        })
    }
}

const DEFAULT_EXAMPLE: &str = "/blog/:year/:month/:title/";

/// The pattern's text and placeholders; an error names what cannot be in it.
fn parts(text: &str) -> Result<Vec<Part>, String> {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(':') {
        push_text(&mut parts, &rest[..at], text)?;
        let after = &rest[at + 1..];
        let len = after
            .find(|c: char| !(c.is_ascii_lowercase() || c == '_'))
            .unwrap_or(after.len());
        let name = &after[..len];
        let known = PLACEHOLDERS.iter().find(|(n, _)| *n == name);
        let Some((_, placeholder)) = known else {
            let names: Vec<String> = PLACEHOLDERS.iter().map(|(n, _)| format!(":{n}")).collect();
            return Err(format!(
                "the permalink `{text}` has `:{name}`, which is not a placeholder: use {}",
                names.join(", ")
            ));
        };
        parts.push(Part::Fill(*placeholder));
        rest = &after[len..];
    }
    push_text(&mut parts, rest, text)?;
    Ok(parts)
}

fn push_text(parts: &mut Vec<Part>, piece: &str, text: &str) -> Result<(), String> {
    if let Some(bad) = piece
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~' | '/' | '%')))
    {
        return Err(format!(
            "the permalink `{text}` has `{bad}`, which a path cannot hold: use letters, digits, \
             `-`, `_`, `.`, `~`, `/` and placeholders"
        ));
    }
    if piece.contains("//") || piece.split('/').any(|s| s == "." || s == "..") {
        return Err(format!(
            "the permalink `{text}` has an empty, `.` or `..` part: write it like \
             {DEFAULT_EXAMPLE}"
        ));
    }
    if !piece.is_empty() {
        parts.push(Part::Text(piece.to_string()));
    }
    Ok(())
}

/// What a placeholder gives for a post.
fn fill(placeholder: Placeholder, post: &PostFields) -> Result<String, String> {
    let date = post.date;
    Ok(match placeholder {
        Placeholder::Year => format!("{:04}", date.year),
        Placeholder::Month => format!("{:02}", date.month),
        Placeholder::IMonth => date.month.to_string(),
        Placeholder::Day => format!("{:02}", date.day),
        Placeholder::IDay => date.day.to_string(),
        Placeholder::Title => post.slug.to_string(),
        Placeholder::Slug => {
            let slug = slugify(post.slug);
            if slug.is_empty() {
                return Err(format!(
                    "the site's permalink has `:slug`, which is empty for the slug `{}`: give \
                     the post a `slug` with letters or digits",
                    post.slug
                ));
            }
            slug
        }
        Placeholder::Categories => categories(post.categories),
        Placeholder::Section => post.section.to_string(),
    })
}

/// Jekyll's `:slug`: lower case, each run of characters other than letters and digits one `-`,
/// none at either end (`1.45.1-Prerelease` is `1-45-1-prerelease`).
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-').len();
    out.truncate(trimmed);
    out
}

/// Jekyll's `:categories`: each category lower case, joined by `/`, repeats and empty ones
/// left out. Each is slugified too (`Open Source` is `open-source`), as a path holds no spaces.
fn categories(categories: &[String]) -> String {
    let mut seen = std::collections::HashSet::new();
    categories
        .iter()
        .map(|c| slugify(c))
        .filter(|c| !c.is_empty() && seen.insert(c.clone()))
        .collect::<Vec<_>>()
        .join("/")
}

/// A site's URL patterns: the one its posts have, and earlier ones whose URLs redirect.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UrlScheme {
    pub pattern: UrlPattern,
    pub previous: Vec<UrlPattern>,
}

/// A pattern of the settings that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemeError {
    /// The setting: `permalink` or `previous_permalinks`.
    pub key: &'static str,
    /// Which of the `previous_permalinks`.
    pub index: Option<usize>,
    pub message: String,
}

impl UrlScheme {
    /// The patterns of a site's settings (`permalink`, `previous_permalinks`), checked.
    pub fn for_site(site: &SiteInfo) -> Result<Self, SchemeError> {
        let pattern = match &site.permalink {
            Some(text) => UrlPattern::parse(text).map_err(|message| SchemeError {
                key: "permalink",
                index: None,
                message,
            })?,
            None => UrlPattern::default(),
        };
        let previous = site
            .previous_permalinks
            .iter()
            .enumerate()
            .map(|(i, text)| {
                UrlPattern::parse(text).map_err(|message| SchemeError {
                    key: "previous_permalinks",
                    index: Some(i),
                    message,
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(UrlScheme { pattern, previous })
    }

    /// A post's URL, and its URLs under the earlier patterns that differ from it (as files on
    /// any disk) and from each other.
    pub fn urls(&self, post: &PostFields) -> Result<(String, Vec<String>), String> {
        let url = self.pattern.expand(post)?;
        let mut seen = vec![file_key(&url)];
        let mut earlier = Vec::new();
        for pattern in &self.previous {
            let old = pattern.expand(post)?;
            let key = file_key(&old);
            if !seen.contains(&key) {
                seen.push(key);
                earlier.push(old);
            }
        }
        Ok((url, earlier))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date() -> PostDate {
        PostDate::parse("2019-02-04").unwrap()
    }

    fn expand(pattern: &str, slug: &str, categories: &[&str], section: &str) -> String {
        let categories: Vec<String> = categories.iter().map(|c| c.to_string()).collect();
        let post = PostFields {
            date: &date(),
            slug,
            categories: &categories,
            section,
        };
        UrlPattern::parse(pattern)
            .and_then(|p| p.expand(&post))
            .unwrap_or_else(|e| panic!("{pattern}: {e}"))
    }

    #[test]
    fn the_default_is_the_url_posts_always_had() {
        let p = UrlPattern::default();
        assert_eq!(p.as_str(), DEFAULT_PATTERN);
        let post = PostFields {
            date: &date(),
            slug: "Open-Source",
            categories: &[],
            section: "",
        };
        assert_eq!(
            p.expand(&post).unwrap(),
            crate::index::post_url(2019, 2, "Open-Source")
        );
        assert_eq!(
            expand(DEFAULT_PATTERN, "x", &[], "inside-rust"),
            "/blog/inside-rust/2019/02/x/"
        );
    }

    #[test]
    fn fills_jekyll_placeholders() {
        let cases = [
            ("/:year/:month/:day/:title/", "/2019/02/04/My-Post/"),
            ("/:year/:i_month/:i_day/:title/", "/2019/2/4/My-Post/"),
            ("/:year/:month/:day/:title.html", "/2019/02/04/My-Post.html"),
            ("/posts/:slug", "/posts/my-post/"),
            (
                "/:categories/:year/:title/",
                "/open-source/rust/2019/My-Post/",
            ),
            ("/:section/:year/:title/", "/2019/My-Post/"),
            ("/:year-:month-:day-:title/", "/2019-02-04-My-Post/"),
        ];
        for (pattern, url) in cases {
            assert_eq!(
                expand(
                    pattern,
                    "My-Post",
                    &["Open Source", "rust", "RUST", " "],
                    ""
                ),
                url,
                "{pattern}"
            );
        }
        assert_eq!(expand("/:categories/:title/", "x", &[], ""), "/x/");
        assert_eq!(
            expand("/:section/:year/:month/:title/", "x", &[], "inside-rust"),
            "/inside-rust/2019/02/x/"
        );
        assert_eq!(
            expand("/:section/:title/", "x", &[], "a/b"),
            "/a/b/x/",
            "nested folders"
        );
    }

    #[test]
    fn slugs_are_jekylls() {
        assert_eq!(slugify("1.45.1-Prerelease"), "1-45-1-prerelease");
        assert_eq!(slugify("--Hello,  World!--"), "hello-world");
        assert_eq!(slugify("+"), "");
    }

    #[test]
    fn bad_patterns_say_why() {
        let cases = [
            ("blog/:title/", "must start with `/`"),
            ("/:year/:titel/", "`:titel`, which is not a placeholder"),
            ("/:year/:/x/", "`:`, which is not a placeholder"),
            ("/:year/:month/", "does not name the post"),
            ("/:categories/", "does not name the post"),
            ("/a b/:title/", "` `"),
            ("/x?y=:title", "`?`"),
            ("/x//:title/", "empty"),
            ("/../:title/", "`..`"),
        ];
        for (pattern, says) in cases {
            let e = UrlPattern::parse(pattern).unwrap_err();
            assert!(e.contains(says), "{pattern}: {e}");
            assert!(e.contains(pattern), "names the pattern: {e}");
        }
        let e = UrlPattern::parse("/:year/:titel/").unwrap_err();
        assert!(
            e.contains(":i_month") && e.contains(":section"),
            "lists them: {e}"
        );
    }

    #[test]
    fn a_post_that_gives_no_usable_url_is_told() {
        let post = PostFields {
            date: &date(),
            slug: "+",
            categories: &[],
            section: "",
        };
        let e = UrlPattern::parse("/:slug/")
            .unwrap()
            .expand(&post)
            .unwrap_err();
        assert!(e.contains("`:slug`"), "{e}");
        let post = PostFields {
            section: "My Notes",
            slug: "x",
            ..post
        };
        let e = UrlPattern::default().expand(&post).unwrap_err();
        assert!(e.contains("the folder `My Notes`"), "{e}");
    }

    #[test]
    fn earlier_patterns_give_redirects_other_than_the_url() {
        let site = SiteInfo {
            permalink: Some("/:year/:month/:day/:title/".into()),
            previous_permalinks: vec![
                DEFAULT_PATTERN.into(),
                "/:year/:month/:day/:title/".into(),
                "/blog/:year/:month/:title/".into(),
                "/:year/:month/:day/:slug/".into(),
            ],
            ..SiteInfo::default()
        };
        let scheme = UrlScheme::for_site(&site).unwrap();
        let post = PostFields {
            date: &date(),
            slug: "x",
            categories: &[],
            section: "",
        };
        assert_eq!(
            scheme.urls(&post).unwrap(),
            (
                "/2019/02/04/x/".to_string(),
                vec!["/blog/2019/02/x/".to_string()]
            ),
            "the URL itself and repeats are left out"
        );
        let bad = SiteInfo {
            previous_permalinks: vec![DEFAULT_PATTERN.into(), "/:year/".into()],
            ..SiteInfo::default()
        };
        let e = UrlScheme::for_site(&bad).unwrap_err();
        assert_eq!((e.key, e.index), ("previous_permalinks", Some(1)));
        assert_eq!(
            UrlScheme::for_site(&SiteInfo::default()),
            Ok(UrlScheme::default())
        );
    }
}
