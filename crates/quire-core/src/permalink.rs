//! A post's URL: `/blog/YYYY/MM/slug/` by default, or the author's own (`permalink` in Jekyll,
//! `path` in Zola) so that a migrated blog keeps its links; and its old URLs (aliases). The
//! site's own pattern (`permalink` in `quire.toml`) is in [`pattern`].

use crate::date::PostDate;

pub mod pattern;
pub use pattern::{PostFields, UrlPattern, UrlScheme};

/// Expands and checks an author's permalink. Jekyll placeholders (`:year`, `:month`, `:day`,
/// `:title`, `:slug`) are filled in; a Zola path (`2019/11/07/x`) becomes `/2019/11/07/x/`.
pub fn expand(permalink: &str, date: &PostDate, slug: &str) -> Result<String, String> {
    let filled = permalink
        .trim()
        .replace(":year", &format!("{:04}", date.year))
        .replace(":month", &format!("{:02}", date.month))
        .replace(":day", &format!("{:02}", date.day))
        .replace(":title", slug)
        .replace(":slug", slug);
    normalize(&filled).ok_or_else(|| {
        format!(
            "the permalink `{permalink}` is not a usable path: write it like /blog/2024/03/my-post/ \
             (letters, digits, `-`, `_`, `.`, `~` and `/` only)"
        )
    })
}

/// A site path in canonical form: leading `/`, no `.`/`..` segments, and a trailing `/` unless
/// the last segment names a page file (`old-post.html`; `1.45.1-prerelease` is a folder). `None` for anything that is not a plain path.
pub fn normalize(path: &str) -> Option<String> {
    let path = path.trim();
    let plain = path
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~' | '/' | '%'));
    if !plain || path.contains("//") {
        return None;
    }
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if segments.iter().any(|s| *s == "." || *s == "..") {
        return None;
    }
    let mut out = format!("/{}", segments.join("/"));
    let is_file = segments.last().is_some_and(|s| {
        let lower = s.to_ascii_lowercase();
        [".html", ".htm", ".xml", ".txt", ".json"]
            .iter()
            .any(|ext| lower.ends_with(ext))
    });
    if !is_file && !out.ends_with('/') {
        out.push('/');
    }
    Some(out)
}

pub use crate::site_path::{file_key, lookup_key};

/// Longest body file name [`body_path`] makes from a URL as it is, in bytes.
const BODY_NAME_MAX: usize = 200;

/// Where a post's Markdown body is stored, from the site root: its URL with `,` for `/`
/// (`/blog/2019/03/roadmap/` is `posts/blog,2019,03,roadmap.md`), so that a body is named by
/// what identifies its post. No URL holds a `,` ([`normalize`] and the slug rule keep it out)
/// and none has an empty segment, so different URLs get different names, and URLs that
/// differ only in letter case (which the builder refuses) are the only ones whose names a
/// case-insensitive disk confuses. One flat folder: no name is a file for one post and a
/// folder for another. A name that would be too long for a disk keeps its start, then `,,`
/// (which no other name has) and a hash of the whole.
pub fn body_path(url: &str) -> String {
    let flat = lookup_key(url).trim_start_matches('/').replace('/', ",");
    let flat = if flat.is_empty() {
        ",".to_string()
    } else {
        flat
    };
    if flat.len() + ".md".len() <= BODY_NAME_MAX {
        return format!("posts/{flat}.md");
    }
    let hash = flat
        .to_ascii_lowercase()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
    let mut cut = 160;
    while !flat.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("posts/{},,{hash:016x}.md", &flat[..cut])
}

/// The first `YYYY/MM/DD` in a path: the date of a Zola post whose date is only in its path.
pub fn date_in_path(path: &str) -> Option<PostDate> {
    let segments: Vec<&str> = path.split('/').collect();
    segments.windows(3).find_map(|w| {
        let all_digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        (all_digits(w[0], 4) && all_digits(w[1], 2) && all_digits(w[2], 2))
            .then(|| PostDate::parse(&format!("{}-{}-{}", w[0], w[1], w[2])).ok())
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date() -> PostDate {
        PostDate::parse("2019-02-04").unwrap()
    }

    #[test]
    fn expands_jekyll_and_zola_permalinks() {
        assert_eq!(
            expand("/blog/:year/:month/:title/", &date(), "X").unwrap(),
            "/blog/2019/02/X/"
        );
        assert_eq!(
            expand("2019/11/07/Async-await-stable", &date(), "x").unwrap(),
            "/2019/11/07/Async-await-stable/"
        );
        assert_eq!(
            expand("inside-rust/2020/07/27/1.45.1-prerelease", &date(), "x").unwrap(),
            "/inside-rust/2020/07/27/1.45.1-prerelease/"
        );
        assert_eq!(expand("/about.html", &date(), "x").unwrap(), "/about.html");
        for bad in [
            "javascript:alert(1)",
            "/a b/",
            "/../etc/",
            "https://evil.example/",
            "/x?y",
            "//evil.example/x",
        ] {
            assert!(expand(bad, &date(), "x").is_err(), "{bad}");
        }
    }

    #[test]
    fn lookup_ignores_trailing_slash_and_index_html() {
        assert_eq!(lookup_key("/blog/2019/02/x/"), "/blog/2019/02/x");
        assert_eq!(lookup_key("/blog/2019/02/x"), "/blog/2019/02/x");
        assert_eq!(lookup_key("/blog/2019/02/x/index.html"), "/blog/2019/02/x");
        assert_eq!(lookup_key("/"), "/");
        assert_eq!(lookup_key("/index.html"), "/");
        assert_eq!(
            lookup_key("/blog/xindex.html"),
            "/blog/xindex.html",
            "only a whole `index.html` segment is the folder's page"
        );
        assert_eq!(file_key("/Blog/X/index.html"), "/blog/x");
    }

    #[test]
    fn bodies_are_named_by_their_url() {
        assert_eq!(
            body_path("/blog/2019/03/roadmap/"),
            "posts/blog,2019,03,roadmap.md"
        );
        assert_eq!(
            body_path("/blog/2020/02/roadmap/"),
            "posts/blog,2020,02,roadmap.md",
            "the same slug in another year is another body"
        );
        assert_eq!(body_path("/2019/t.html"), "posts/2019,t.html.md");
        assert_eq!(body_path("/x/index.html"), body_path("/x/"));
        // A flat folder: `/x/` and `/x.md/y/` cannot need `x.md` as a file and a folder.
        assert_eq!(body_path("/x.md/y/"), "posts/x.md,y.md");
        // Names joined without a separator that cannot occur would collide.
        assert_ne!(body_path("/a/b-c/"), body_path("/a-b/c/"));
        assert_ne!(body_path("/a/bc/"), body_path("/ab/c/"));
    }

    #[test]
    fn long_urls_get_short_distinct_body_names() {
        let long = |tail: &str| format!("/{}/{tail}/", "a".repeat(200));
        let (one, two) = (body_path(&long("x")), body_path(&long("y")));
        assert_ne!(one, two);
        for name in [&one, &two] {
            let file = name.strip_prefix("posts/").unwrap();
            assert!(file.len() <= BODY_NAME_MAX, "{file}");
            assert!(file.contains(",,"), "{file}");
        }
        assert_eq!(
            body_path(&long("x")),
            one,
            "the same URL, the same name, build after build"
        );
    }

    #[test]
    fn finds_dates_in_paths() {
        assert_eq!(
            date_in_path("inside-rust/2020/07/27/x").map(|d| d.ymd()),
            Some("2020-07-27".into())
        );
        assert_eq!(
            date_in_path("2019/11/07/x").map(|d| d.ymd()),
            Some("2019-11-07".into())
        );
        assert!(date_in_path("releases/1.9.0").is_none());
        assert!(date_in_path("2019/13/07/x").is_none());
    }
}
