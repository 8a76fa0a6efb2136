//! One post file to its index record: the slug and date from the file name or front matter,
//! the URL, the banner, the summary.

use crate::date::PostDate;
use crate::front_matter::{self, FrontMatter};
use crate::highlights::{Highlight, extract_highlights};
use crate::index::{Banner, PostMeta};
use crate::markdown::first_paragraph_text;
use crate::permalink::{self, PostFields, UrlScheme};
use crate::url_policy::is_safe_url;
use std::collections::HashSet;
use thiserror::Error;

/// Where a bare banner file name (`image: coding.jpg`) is served from, as on Jekyll blogs.
pub const BANNER_DIR: &str = "/assets/img/banners/";

/// Longest summary made from a post's first paragraph, in characters.
const SUMMARY_CHARS: usize = 280;

/// A post that cannot be published, with the 1-based line to look at.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("{message}")]
pub struct PostError {
    pub line: usize,
    pub message: String,
}

impl From<front_matter::FrontMatterError> for PostError {
    fn from(e: front_matter::FrontMatterError) -> Self {
        PostError {
            line: e.line,
            message: e.message,
        }
    }
}

fn error(line: usize, message: impl Into<String>) -> PostError {
    PostError {
        line,
        message: message.into(),
    }
}

/// A post read from its file: its index record, its Markdown body, and the front matter.
#[derive(Clone, Debug, PartialEq)]
pub struct ParsedPost {
    pub meta: PostMeta,
    pub date: PostDate,
    pub markdown: String,
    /// 1-based line of the file where the Markdown body starts.
    pub body_line: usize,
    pub front_matter: FrontMatter,
    /// The front matter's `highlights` when the key is there (an empty list means none), else
    /// the entries of the body's Highlights section.
    pub highlights: Vec<Highlight>,
    /// The post's URLs under the site's earlier patterns (`previous_permalinks`), other than
    /// its URL and its aliases: the builder makes them aliases unless another post has one too.
    pub earlier_urls: Vec<String>,
}

/// Where a post's file is in the posts folder.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PostFile<'a> {
    /// The file name without `.md`: `YYYY-MM-DD-slug` or `slug`.
    pub stem: &'a str,
    /// The sub-folder of the posts folder the file is in (`inside-rust`, `a/b`), `""` at its
    /// top: the post's section.
    pub section: &'a str,
}

/// Reads a post at the top of the posts folder of a site with the default URLs. `file_stem` is
/// the file name without `.md`: `YYYY-MM-DD-slug` or `slug`.
pub fn parse_post(file_stem: &str, content: &str) -> Result<ParsedPost, PostError> {
    let file = PostFile {
        stem: file_stem,
        section: "",
    };
    parse_site_post(file, content, &UrlScheme::default())
}

/// Reads a post of a site whose URLs follow `urls`: a post that sets its own URL keeps it;
/// any other gets the site's pattern, and its URLs under the earlier patterns as
/// `earlier_urls`.
pub fn parse_site_post(
    file: PostFile<'_>,
    content: &str,
    urls: &UrlScheme,
) -> Result<ParsedPost, PostError> {
    let file_stem = file.stem;
    let split = front_matter::split(content)?;
    let fm = front_matter::parse(split.front_matter, split.first_line, split.format)?;
    let key_line = |key: &str| fm.key_lines.get(key).copied().unwrap_or(1);

    let title = fm
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| error(key_line("title"), "the post has no `title`: add `title: …`"))?
        .to_string();

    let from_name = PostDate::from_file_stem(file_stem);
    let date = post_date(&fm, from_name.map(|(d, _)| d))?;
    let slug = match &fm.slug {
        Some((slug, line)) => {
            check_slug(slug).map_err(|e| error(*line, e.message))?;
            slug.as_str()
        }
        None => from_name.map_or(file_stem, |(_, rest)| rest),
    };
    check_slug(slug)?;
    let (url, earlier) = match &fm.permalink {
        Some((permalink, line)) => (
            permalink::expand(permalink, &date, slug).map_err(|m| error(*line, m))?,
            Vec::new(),
        ),
        None => {
            let fields = PostFields {
                date: &date,
                slug,
                categories: &fm.categories,
                section: file.section,
            };
            urls.urls(&fields).map_err(|m| error(key_line("slug"), m))?
        }
    };
    let aliases = fm
        .aliases
        .iter()
        .map(|alias| {
            permalink::normalize(alias).ok_or_else(|| {
                error(
                    key_line("aliases").max(key_line("redirect_from")),
                    format!("the alias `{alias}` is not a usable path: write it like /old/path/"),
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let written: HashSet<String> = aliases.iter().map(|a| permalink::file_key(a)).collect();
    let earlier_urls = earlier
        .into_iter()
        .filter(|old| !written.contains(&permalink::file_key(old)))
        .collect();

    let banner = fm
        .banner
        .as_ref()
        .map(|b| -> Result<Banner, PostError> {
            if !is_safe_url(&b.image) {
                return Err(error(
                    key_line("banner").max(key_line("image")),
                    "the banner image must be a file name, a path or an http(s) URL",
                ));
            }
            Ok(Banner {
                src: banner_src(&b.image),
                alt: b.alt.clone().unwrap_or_default(),
                caption: b.caption.clone(),
            })
        })
        .transpose()?;

    let markdown = split.body.to_string();
    let highlights = match &fm.highlights {
        Some(listed) => {
            if let Some(bad) = listed
                .iter()
                .find(|h| h.url.as_deref().is_some_and(|u| !is_safe_url(u)))
            {
                return Err(error(
                    key_line("highlights"),
                    format!(
                        "the highlight `{}` has a `url` that is not a path or an http(s) URL",
                        bad.name
                    ),
                ));
            }
            listed.clone()
        }
        None => extract_highlights(&markdown),
    };
    let summary = match fm.summary.as_deref().map(str::trim) {
        Some(s) if !s.is_empty() => s.to_string(),
        _ => first_paragraph_text(&markdown, SUMMARY_CHARS),
    };
    let meta = PostMeta {
        body: permalink::body_path(&url),
        url,
        aliases,
        slug: slug.to_string(),
        title,
        date: date.ymd(),
        published: date.rfc3339(),
        authors: fm.authors.clone(),
        banner,
        tags: fm.tags.clone(),
        summary,
        reading_minutes: crate::listing::reading_minutes(&markdown),
        images: Default::default(),
        code_runs: false,
        files: Vec::new(),
    };
    Ok(ParsedPost {
        meta,
        date,
        markdown,
        body_line: split.body_line,
        front_matter: fm,
        highlights,
        earlier_urls,
    })
}

/// The date from the front matter, else the file name, else a `YYYY/MM/DD` in the permalink.
fn post_date(fm: &FrontMatter, from_name: Option<PostDate>) -> Result<PostDate, PostError> {
    if let Some((text, line)) = &fm.date {
        return PostDate::parse(text).map_err(|m| error(*line, m));
    }
    from_name
        .or_else(|| {
            fm.permalink
                .as_ref()
                .and_then(|(p, _)| permalink::date_in_path(p))
        })
        .ok_or_else(|| {
            error(
                1,
                "the post has no date: add `date: YYYY-MM-DD` or name the file YYYY-MM-DD-slug.md",
            )
        })
}

/// Slugs become URL path segments and file names: keep them to characters safe in both.
fn check_slug(slug: &str) -> Result<(), PostError> {
    let ok = !slug.is_empty()
        && !slug.starts_with('.')
        && slug
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '@' | '+' | '~'));
    if ok {
        Ok(())
    } else {
        Err(error(
            1,
            format!(
                "the file name's slug `{slug}` is not usable in a URL: use letters, digits, \
                 `-`, `_`, `.`, `@`, `+` and `~` only (e.g. 2024-03-05-my-post.md)"
            ),
        ))
    }
}

fn banner_src(image: &str) -> String {
    let image = image.trim();
    if image.starts_with('/') || image.contains("://") {
        image.to_string()
    } else {
        format!("{BANNER_DIR}{}", image.trim_start_matches("./"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const POST: &str = "---\ntitle: Hello\nauthor: Ann\nbanner:\n  image: cat.jpg\n  alt: A cat\n\
                        tags: [a]\n---\nThe first paragraph.\n\nMore.\n";

    #[test]
    fn reads_a_jekyll_post() {
        let p = parse_post("2019-02-04-Open-Source-Policy", POST).unwrap();
        assert_eq!(p.meta.slug, "Open-Source-Policy");
        assert_eq!(p.meta.url, "/blog/2019/02/Open-Source-Policy/");
        assert_eq!(p.meta.body, "posts/blog,2019,02,Open-Source-Policy.md");
        assert_eq!(p.meta.date, "2019-02-04");
        assert_eq!(p.meta.summary, "The first paragraph.");
        let banner = p.meta.banner.unwrap();
        assert_eq!(
            (banner.src.as_str(), banner.alt.as_str()),
            ("/assets/img/banners/cat.jpg", "A cat")
        );
        assert_eq!(p.markdown, "The first paragraph.\n\nMore.\n");
    }

    #[test]
    fn front_matter_date_wins_over_the_file_name() {
        let post = "---\ntitle: T\ndate: 2020-01-02 10:00:00 +0100\n---\nx";
        let p = parse_post("2019-02-04-x", post).unwrap();
        assert_eq!(p.meta.url, "/blog/2020/01/x/");
        assert_eq!(p.meta.published, "2020-01-02T10:00:00+01:00");
        let p = parse_post("plain-name", post).unwrap();
        assert_eq!(p.meta.slug, "plain-name");
    }

    #[test]
    fn errors_name_the_line_and_the_fix() {
        let e = parse_post("2019-02-04-x", "---\nauthor: A\n---\nx").unwrap_err();
        assert!(e.message.contains("no `title`"), "{e}");
        let e = parse_post("2019-02-04-x", "---\ntitle: T\n\ndate: 2019-02-30\n---\n").unwrap_err();
        assert_eq!(e.line, 4);
        assert!(e.message.contains("YYYY-MM-DD"), "{e}");
        let e = parse_post("no-date", "---\ntitle: T\n---\n").unwrap_err();
        assert!(e.message.contains("no date"), "{e}");
        let e = parse_post("2019-02-04-bad slug", "---\ntitle: T\n---\n").unwrap_err();
        assert!(e.message.contains("not usable in a URL"), "{e}");
        let e = parse_post(
            "2019-02-04-x",
            "---\ntitle: T\nbanner:\n  image: javascript:alert(1)\n---\n",
        )
        .unwrap_err();
        assert_eq!(e.line, 3);
    }

    #[test]
    fn zola_posts_keep_their_path_and_aliases() {
        let post = "+++\npath = \"inside-rust/2020/07/27/1.45.1-prerelease\"\ntitle = \"T\"\n\
                    aliases = [\"inside-rust/2020/07/27/1.45.1-prerelease.html\"]\n+++\nBody.";
        let p = parse_post("inside-rust_1.45.1-prerelease", post).unwrap();
        assert_eq!(p.meta.url, "/inside-rust/2020/07/27/1.45.1-prerelease/");
        assert_eq!(p.meta.date, "2020-07-27");
        assert_eq!(
            p.meta.aliases,
            ["/inside-rust/2020/07/27/1.45.1-prerelease.html"]
        );
        assert_eq!(
            p.meta.body,
            "posts/inside-rust,2020,07,27,1.45.1-prerelease.md"
        );
    }

    #[test]
    fn jekyll_permalinks_and_redirects() {
        let post =
            "---\ntitle: T\npermalink: /:year/:title.html\nredirect_from:\n  - /old/t/\n---\nB";
        let p = parse_post("2019-02-04-t", post).unwrap();
        assert_eq!(p.meta.url, "/2019/t.html");
        assert_eq!(p.meta.aliases, ["/old/t/"]);
        let e = parse_post(
            "2019-02-04-t",
            "---\ntitle: T\npermalink: javascript:alert(1)\n---\n",
        )
        .unwrap_err();
        assert_eq!(e.line, 3);
    }

    #[test]
    fn the_site_pattern_gives_urls_and_earlier_ones_aliases() {
        let site = crate::SiteInfo {
            permalink: Some("/:section/:categories/:year/:month/:day/:title/".into()),
            previous_permalinks: vec!["/blog/:section/:year/:month/:title/".into()],
            ..crate::SiteInfo::default()
        };
        let urls = UrlScheme::for_site(&site).unwrap();
        let file = PostFile {
            stem: "2019-02-04-t",
            section: "inside-rust",
        };
        let post = "---\ntitle: T\ncategories: [Release Notes]\naliases: [/old/t/]\n---\nB";
        let p = parse_site_post(file, post, &urls).unwrap();
        assert_eq!(p.meta.url, "/inside-rust/release-notes/2019/02/04/t/");
        assert_eq!(p.meta.aliases, ["/old/t/"]);
        assert_eq!(p.earlier_urls, ["/blog/inside-rust/2019/02/t/"]);
        assert_eq!(p.meta.tags, ["Release Notes"]);

        // A post's own URL wins, and it never had the earlier pattern's.
        let own = "---\ntitle: T\npermalink: /mine/:title/\n---\nB";
        let p = parse_site_post(file, own, &urls).unwrap();
        assert_eq!(p.meta.url, "/mine/t/");
        assert_eq!((p.meta.aliases.len(), p.earlier_urls.len()), (0, 0));

        // An earlier URL the author already lists is not listed twice.
        let listed = "---\ntitle: T\naliases: [/blog/inside-rust/2019/02/t/]\n---\nB";
        let p = parse_site_post(file, listed, &urls).unwrap();
        assert_eq!(p.meta.aliases, ["/blog/inside-rust/2019/02/t/"]);
        assert_eq!(p.earlier_urls, Vec::<String>::new());
    }

    #[test]
    fn a_post_in_a_section_keeps_apart_by_default() {
        let file = PostFile {
            stem: "2019-02-04-t",
            section: "inside-rust",
        };
        let p = parse_site_post(file, "---\ntitle: T\n---\nB", &UrlScheme::default()).unwrap();
        assert_eq!(p.meta.url, "/blog/inside-rust/2019/02/t/");
        assert_eq!(p.meta.aliases, Vec::<String>::new());
        let file = PostFile {
            section: "My Notes",
            ..file
        };
        let e = parse_site_post(
            file,
            "---\ntitle: T\nslug: t\n---\nB",
            &UrlScheme::default(),
        )
        .unwrap_err();
        assert_eq!(e.line, 3, "at the slug's line: {e}");
        assert!(e.message.contains("`My Notes`"), "{e}");
    }

    #[test]
    fn explicit_summary_wins() {
        let p = parse_post(
            "2019-02-04-x",
            "---\ntitle: T\ndescription: Given.\n---\nBody.",
        )
        .unwrap();
        assert_eq!(p.meta.summary, "Given.");
    }

    #[test]
    fn highlights_come_from_front_matter_else_from_the_body() {
        let body = "## Project Highlights\n\n**[Skipper](https://x.example/s)** routes.\n";
        let p = parse_post("2019-02-04-x", &format!("---\ntitle: T\n---\n{body}")).unwrap();
        assert_eq!(p.highlights.len(), 1);
        assert_eq!(
            p.highlights[0].section.as_deref(),
            Some("project-highlights")
        );
        let p = parse_post(
            "2019-02-04-x",
            &format!("---\ntitle: T\nhighlights:\n  - Patroni\n---\n{body}"),
        )
        .unwrap();
        let names: Vec<_> = p.highlights.iter().map(|h| h.name.as_str()).collect();
        assert_eq!(names, ["Patroni"]);
        let p = parse_post(
            "2019-02-04-x",
            &format!("---\ntitle: T\nhighlights: []\n---\n{body}"),
        )
        .unwrap();
        assert_eq!(p.highlights, []);
    }

    #[test]
    fn a_highlight_url_must_be_safe() {
        let e = parse_post(
            "2019-02-04-x",
            "---\ntitle: T\nhighlights:\n  - name: X\n    url: javascript:alert(1)\n---\n",
        )
        .unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("highlight `X`"), "{e}");
    }
}
