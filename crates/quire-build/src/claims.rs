//! Which paths of the site a post may have. A post is known by its URL, and its URL and its
//! aliases become files beside the app's own (`blog/2019/03/x/index.html`, a redirect page).
//! So a post may claim none of the app's paths: its routes (`/`, `/page/…`, `/tags/…`,
//! `/authors/…`, `/archive/…`, `/search/`, `/highlights/`, `/404`), its files (`index.html`,
//! `404.html`, `app.html`, `feed.xml`, `sitemap.xml`, `robots.txt`, `_headers`, `posts/…`,
//! the hashed scripts and styles; a tag's or author's `feed.xml` is under its prefix) and
//! their precompressed copies (`.gz`, `.br`). Nor may it
//! claim another post's path, compared as a case-insensitive disk compares them, nor put a
//! page inside another page. Whole route prefixes are the app's, not only the list pages of
//! today: a tag first used next week must not take an older post's URL.

use crate::headers::is_hashed_asset;
use crate::pages::entry_path;
use quire_core::PostMeta;
use quire_core::permalink::{file_key, normalize};
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

/// Longest segment of a post's path, in bytes: a file name on most disks stops at 255, and a
/// page's `.html.br` sibling needs room.
pub const MAX_SEGMENT_BYTES: usize = 200;

/// Longest path of a post, in bytes.
pub const MAX_PATH_BYTES: usize = 2000;

/// First segments of a page's file that belong to the app, and what they are.
const RESERVED: &[(&str, &str)] = &[
    ("index.html", "the home page"),
    ("page", "the pages of the home list"),
    ("tags", "the tag pages and their feeds"),
    ("authors", "the author pages and their feeds"),
    ("archive", "the archive"),
    ("search", "the search page"),
    ("highlights", "the highlights page"),
    ("404", "the not-found page"),
    ("404.html", "the not-found page"),
    ("app.html", "the app shell"),
    ("feed.xml", "the feed"),
    ("sitemap.xml", "the sitemap"),
    ("robots.txt", "robots.txt"),
    ("_headers", "the headers file"),
    ("posts", "the post index and bodies"),
];

/// A path a post asks for: its URL or one of its aliases.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Claim<'a> {
    /// The post's position in the list checked.
    pub post: usize,
    pub url: &'a str,
    pub is_alias: bool,
}

impl Claim<'_> {
    fn what(&self) -> &'static str {
        match self.is_alias {
            true => "alias",
            false => "URL",
        }
    }

    fn fix(&self) -> &'static str {
        match self.is_alias {
            true => "remove the alias or change it",
            false => "give the post another `permalink`",
        }
    }
}

/// Why a claim cannot be had.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Not a path for a post, for the reason given.
    Unusable(String),
    /// Another post has the same path, as it wrote it (`/X/` for `/x/`, `/x/index.html`).
    Taken { other: usize, as_written: String },
    /// The path puts a page inside `page`, which is a page of another post (or of this one).
    InsidePage { other: usize, page: String },
}

/// A claim that cannot be had.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal<'a> {
    pub claim: Claim<'a>,
    pub problem: Problem,
}

impl Refusal<'_> {
    /// The message for the author; `name_of` names a post of the list (its file).
    pub fn message(&self, name_of: &dyn Fn(usize) -> String) -> String {
        let (claim, what, fix) = (self.claim, self.claim.what(), self.claim.fix());
        let url = shown(claim.url);
        match &self.problem {
            Problem::Unusable(why) => format!("the {what} `{url}` {why}: {fix}"),
            Problem::Taken { other, as_written } => {
                let written = match as_written == claim.url {
                    true => String::new(),
                    false => format!(
                        " as `{}` (the same file on a disk that ignores letter case)",
                        shown(as_written)
                    ),
                };
                format!(
                    "the {what} `{url}` is already taken by {}{written}: {fix}",
                    name_of(*other)
                )
            }
            Problem::InsidePage { other, page } => format!(
                "the {what} `{url}` puts a page inside `{page}`, which is a page of {}: {fix}",
                name_of(*other)
            ),
        }
    }
}

/// The outcome of [`check`]: each page to write, and each claim refused.
#[derive(Debug, Default)]
pub struct Claims<'a> {
    /// Claims granted, with the output file of each (URLs first, then aliases; an alias
    /// that is its own post's URL again has none).
    pub pages: Vec<(Claim<'a>, String)>,
    pub refusals: Vec<Refusal<'a>>,
}

/// Checks the URLs and then the aliases of `posts` against the app's paths and each other.
/// `app_files` are output files the app writes besides (`tags/rust/index.html`); the app's
/// reserved prefixes apply without them. Linear in the number of claims and their depth.
pub fn check<'a>(posts: &[&'a PostMeta], app_files: &[String]) -> Claims<'a> {
    let urls = posts.iter().enumerate().map(|(post, p)| Claim {
        post,
        url: p.url.as_str(),
        is_alias: false,
    });
    let aliases = posts.iter().enumerate().flat_map(|(post, p)| {
        p.aliases.iter().map(move |a| Claim {
            post,
            url: a.as_str(),
            is_alias: true,
        })
    });
    let mut files: HashMap<String, Option<usize>> = app_files
        .iter()
        .map(|f| (f.to_ascii_lowercase(), None))
        .collect();
    let app_folders: HashSet<&str> = files.keys().flat_map(|f| folders(f)).collect();
    let app_folders: HashSet<String> = app_folders.into_iter().map(str::to_string).collect();
    let mut keys: HashMap<String, Claim> = HashMap::new();
    let mut out = Claims::default();
    let mut granted = Vec::new();
    for claim in urls.chain(aliases) {
        let refuse = |problem| Refusal { claim, problem };
        if let Some(why) = unusable(claim.url) {
            out.refusals.push(refuse(Problem::Unusable(why)));
            continue;
        }
        match keys.entry(file_key(claim.url)) {
            Entry::Occupied(o) if o.get().post == claim.post && claim.is_alias => continue,
            Entry::Occupied(o) => {
                out.refusals.push(refuse(Problem::Taken {
                    other: o.get().post,
                    as_written: o.get().url.to_string(),
                }));
                continue;
            }
            Entry::Vacant(v) => {
                v.insert(claim);
            }
        }
        let file = entry_path(claim.url);
        let key = file.to_ascii_lowercase();
        if app_folders.contains(&key) {
            let why = format!("would be a page where the app has the folder `{file}`");
            out.refusals.push(refuse(Problem::Unusable(why)));
            continue;
        }
        match files.entry(key) {
            Entry::Occupied(o) => {
                let problem = match *o.get() {
                    Some(other) => Problem::Taken {
                        other,
                        as_written: posts[other].url.clone(),
                    },
                    None => Problem::Unusable(format!("is the app's file `{file}`")),
                };
                out.refusals.push(refuse(problem));
            }
            Entry::Vacant(v) => {
                v.insert(Some(claim.post));
                granted.push((claim, file));
            }
        }
    }
    // A page cannot be a folder too: the deeper claim is refused.
    for (claim, file) in granted {
        let lower = file.to_ascii_lowercase();
        let inside = folders(&lower).find_map(|f| files.get(f).map(|owner| (f, *owner)));
        match inside {
            None => out.pages.push((claim, file)),
            Some((page, Some(other))) => out.refusals.push(Refusal {
                claim,
                problem: Problem::InsidePage {
                    other,
                    page: page.to_string(),
                },
            }),
            Some((page, None)) => out.refusals.push(Refusal {
                claim,
                problem: Problem::Unusable(format!("puts a page inside the app's file `{page}`")),
            }),
        }
    }
    out
}

/// Why a path is not one a post may have, whoever else claims what; `None` when it may.
pub fn unusable(url: &str) -> Option<String> {
    if normalize(url).as_deref() != Some(url) {
        return Some("is not a plain site path (write it like /old/path/)".into());
    }
    if url.len() > MAX_PATH_BYTES {
        return Some(format!(
            "is {} bytes long, more than {MAX_PATH_BYTES}",
            url.len()
        ));
    }
    let segments = || url.split('/').filter(|s| !s.is_empty());
    if let Some(long) = segments().find(|s| s.len() > MAX_SEGMENT_BYTES) {
        return Some(format!(
            "has a part of {} bytes (`{}…`); {MAX_SEGMENT_BYTES} at most, as file names on disks are short",
            long.len(),
            long.get(..40).unwrap_or(long)
        ));
    }
    if let Some(packed) = segments().find(|s| {
        let lower = s.to_ascii_lowercase();
        lower.ends_with(".gz") || lower.ends_with(".br")
    }) {
        return Some(format!(
            "has a part ending in `{}`, the name of a precompressed copy of a file",
            &packed[packed.len() - 3..]
        ));
    }
    let file = entry_path(url);
    let first = file.split('/').next().unwrap_or_default();
    let lower = first.to_ascii_lowercase();
    if let Some((_, what)) = RESERVED.iter().find(|(name, _)| *name == lower) {
        return Some(format!("belongs to the app ({what}, `/{first}`)"));
    }
    if is_hashed_asset(first) {
        return Some(format!("is the name of one of the app's files (`{first}`)"));
    }
    None
}

/// A path for a message: at most 80 characters of it.
fn shown(url: &str) -> String {
    match url.char_indices().nth(80) {
        Some((cut, _)) => format!("{}…", &url[..cut]),
        None => url.to_string(),
    }
}

/// The folders a file path is in, outermost first: `a/b/c.html` is in `a` and `a/b`.
pub fn folders(file: &str) -> impl Iterator<Item = &str> {
    file.match_indices('/').map(move |(i, _)| &file[..i])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(url: &str, aliases: &[&str]) -> PostMeta {
        PostMeta {
            slug: "x".into(),
            url: url.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            title: "T".into(),
            date: "2024-01-01".into(),
            published: "2024-01-01T00:00:00Z".into(),
            authors: vec![],
            banner: None,
            tags: vec![],
            summary: String::new(),
            body: quire_core::permalink::body_path(url),
            reading_minutes: 1,
            images: Default::default(),
            code_runs: false,
            files: Vec::new(),
        }
    }

    fn problems(posts: &[PostMeta], app: &[&str]) -> Vec<(usize, String, Problem)> {
        let refs: Vec<&PostMeta> = posts.iter().collect();
        let app: Vec<String> = app.iter().map(|s| s.to_string()).collect();
        check(&refs, &app)
            .refusals
            .into_iter()
            .map(|r| (r.claim.post, r.claim.url.to_string(), r.problem))
            .collect()
    }

    #[test]
    fn the_same_slug_in_other_years_is_fine_the_same_url_is_not() {
        let posts = [
            post("/blog/2019/03/roadmap/", &[]),
            post("/blog/2020/02/roadmap/", &[]),
            post("/blog/2019/03/Roadmap/", &[]),
        ];
        assert_eq!(
            problems(&posts, &[]),
            [(
                2,
                "/blog/2019/03/Roadmap/".into(),
                Problem::Taken {
                    other: 0,
                    as_written: "/blog/2019/03/roadmap/".into()
                }
            )]
        );
    }

    #[test]
    fn the_app_keeps_its_routes_and_files() {
        let aliases = [
            "/",
            "/index.html",
            "/archive/",
            "/archive/2019/",
            "/search/",
            "/highlights/",
            "/tags/open-source/",
            "/authors/ann/",
            "/tags/open-source/feed.xml",
            "/authors/ann/feed.xml",
            "/page/2/",
            "/app.html",
            "/feed.xml",
            "/sitemap.xml",
            "/robots.txt",
            "/_headers/",
            "/posts/index.json",
            "/404.html",
            "/404/",
            "/Search/",
            "/quire-0123456789abcdef_bg.wasm/",
            "/boot-0123456789abcdef.js/",
            "/index.html/x/",
            "/old.html.gz/",
            "/x/y.br/",
        ];
        let posts = [post("/blog/2019/03/x/", &aliases)];
        let refused = problems(&posts, &[]);
        let urls: Vec<&str> = refused.iter().map(|(_, u, _)| u.as_str()).collect();
        assert_eq!(urls, aliases, "{refused:?}");
        assert!(
            refused
                .iter()
                .all(|(_, _, p)| matches!(p, Problem::Unusable(_))),
            "{refused:?}"
        );
    }

    #[test]
    fn every_list_page_is_under_a_reserved_prefix() {
        use quire_core::index::INDEX_VERSION;
        use quire_core::{PostIndex, SiteInfo};
        let mut posts: Vec<PostMeta> = (0..25)
            .map(|i| post(&format!("/blog/20{:02}/01/p{i}/", 10 + i % 5), &[]))
            .collect();
        for (i, p) in posts.iter_mut().enumerate() {
            p.tags = vec![format!("Tag {i}"), "Open Source".into()];
            p.authors = vec![format!("Ann {}", i % 3)];
            p.date = format!("20{:02}-01-01", 10 + i % 5);
        }
        let index = PostIndex {
            version: INDEX_VERSION,
            site: SiteInfo::default(),
            posts,
        };
        let site = crate::site::Site::new(&index, "/");
        let pages = crate::pages::list_pages(&site);
        assert!(pages.len() > 30, "{}", pages.len());
        for (file, page) in pages {
            assert!(
                unusable(&page.path).is_some(),
                "{} is not reserved",
                page.path
            );
            assert!(unusable(&format!("/{file}")).is_some(), "{file}");
        }
        let feeds = crate::feeds::feeds(&site);
        assert!(feeds.len() > 25, "{}", feeds.len());
        for feed in feeds {
            assert!(
                unusable(&feed.path).is_some(),
                "{} is not reserved",
                feed.path
            );
        }
    }

    #[test]
    fn pages_cannot_be_folders() {
        let posts = [
            post("/x.html", &[]),
            post("/blog/2019/03/y/", &["/x.html/old/", "/X.html", "/y.htm"]),
        ];
        let refused = problems(&posts, &["z/index.html"]);
        assert_eq!(
            refused,
            [
                (
                    1,
                    "/X.html".into(),
                    Problem::Taken {
                        other: 0,
                        as_written: "/x.html".into()
                    }
                ),
                (
                    1,
                    "/x.html/old/".into(),
                    Problem::InsidePage {
                        other: 0,
                        page: "x.html".into()
                    }
                ),
            ]
        );
        let app_file = [post("/z/index.html/a/", &[])];
        assert!(matches!(
            &problems(&app_file, &["z/index.html"])[0].2,
            Problem::Unusable(m) if m.contains("`z/index.html`")
        ));
    }

    #[test]
    fn an_alias_of_the_posts_own_url_is_no_clash() {
        let posts = [post(
            "/blog/2019/03/x/",
            &["/blog/2019/03/x/index.html", "/old/", "/OLD/"],
        )];
        let refs: Vec<&PostMeta> = posts.iter().collect();
        let claims = check(&refs, &[]);
        assert!(claims.refusals.is_empty(), "{:?}", claims.refusals);
        let files: Vec<&str> = claims.pages.iter().map(|(_, f)| f.as_str()).collect();
        assert_eq!(files, ["blog/2019/03/x/index.html", "old/index.html"]);
    }

    #[test]
    fn long_and_odd_paths_are_refused() {
        let long = format!("/blog/{}/", "a".repeat(300));
        let posts = [post(&long, &["/a b/", "/../etc/"])];
        let refused = problems(&posts, &[]);
        assert_eq!(refused.len(), 3, "{refused:?}");
        assert!(matches!(&refused[0].2, Problem::Unusable(m) if m.contains("300 bytes")));
        assert!(unusable(&format!("/blog/{}/", "a".repeat(200))).is_none());
    }

    #[test]
    fn checking_is_linear() {
        let time = |n: usize| {
            let posts: Vec<PostMeta> = (0..n)
                .map(|i| post(&format!("/blog/2019/03/p{i}/"), &[&format!("/old/p{i}/")]))
                .collect();
            let refs: Vec<&PostMeta> = posts.iter().collect();
            let started = std::time::Instant::now();
            assert_eq!(check(&refs, &[]).pages.len(), 2 * n);
            started.elapsed()
        };
        // Best of three, the sizes taking turns: a busy machine slows single runs at random.
        let (mut small, mut large) = (std::time::Duration::MAX, std::time::Duration::MAX);
        for _ in 0..3 {
            small = small.min(time(2_000));
            large = large.min(time(20_000));
        }
        assert!(
            large < small * 40,
            "10x the posts took {large:?} against {small:?}"
        );
    }
}
