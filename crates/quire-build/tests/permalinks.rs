//! The site's URL pattern (`permalink` in `quire.toml`), the URLs it replaces
//! (`previous_permalinks`) and posts in sections (sub-folders of `content/posts/`), on sites
//! built in a temporary folder as authors build them.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use quire_core::PostIndex;
use std::path::Path;
use std::process::Output;

#[path = "support/builder.rs"]
mod builder;
use builder::stderr;

/// A site in a temporary folder: `quire.toml` and the posts, by their path in `content/posts/`.
fn site(settings: &str, posts: &[(&str, &str)]) -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(site.path().join("quire.toml"), settings).unwrap();
    for (path, text) in posts {
        let file = site.path().join("content/posts").join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
    site
}

/// Runs one step of the builder in the site's folder, into its `out/`.
fn run(site: &Path, step: &str) -> Output {
    builder::run(site, &[step, "--out", "out"])
}

/// The index step, which must succeed; the index it wrote.
fn build(site: &Path) -> PostIndex {
    let output = run(site, "index");
    assert!(output.status.success(), "{}", stderr(&output));
    let text = std::fs::read_to_string(site.join("out/posts/index.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The pages step after the index step, with an app shell as Trunk writes it.
fn build_pages(site: &Path) -> PostIndex {
    let index = build(site);
    std::fs::write(
        site.join("out/index.html"),
        "<!DOCTYPE html><html><head><title>Quire</title>\
         <script type=\"module\">start()</script></head><body></body></html>",
    )
    .unwrap();
    let output = run(site, "pages");
    assert!(output.status.success(), "{}", stderr(&output));
    index
}

fn post(title: &str) -> String {
    format!("---\ntitle: {title}\n---\nThe post {title}.\n")
}

/// (URL, aliases) of every post, newest first.
fn urls(index: &PostIndex) -> Vec<(&str, Vec<&str>)> {
    index
        .posts
        .iter()
        .map(|p| {
            (
                p.url.as_str(),
                p.aliases.iter().map(String::as_str).collect(),
            )
        })
        .collect()
}

#[test]
fn a_pattern_moves_every_post_and_the_old_urls_redirect() {
    let settings = "title = \"T\"\n\
                    permalink = \"/:section/:year/:month/:day/:title/\"\n\
                    previous_permalinks = [\"/blog/:section/:year/:month/:title/\", \
                    \"/:year/:title.html\"]\n";
    let own = "---\ntitle: Own\npermalink: /about/own/\n---\nMine.\n";
    let site = site(
        settings,
        &[
            ("2024-03-05-Hello.md", &post("Hello")),
            ("2024-02-01-second.md", &post("Second")),
            ("inside-rust/2024-01-10-notes.md", &post("Notes")),
            ("2023-12-01-own.md", own),
        ],
    );
    let index = build_pages(site.path());
    assert_eq!(
        urls(&index),
        [
            (
                "/2024/03/05/Hello/",
                vec!["/blog/2024/03/Hello/", "/2024/Hello.html"]
            ),
            (
                "/2024/02/01/second/",
                vec!["/blog/2024/02/second/", "/2024/second.html"]
            ),
            (
                "/inside-rust/2024/01/10/notes/",
                vec!["/blog/inside-rust/2024/01/notes/", "/2024/notes.html"]
            ),
            ("/about/own/", vec![]),
        ],
        "every post moved but the one with its own URL, which had no other"
    );
    assert_eq!(
        index.site.permalink.as_deref(),
        Some("/:section/:year/:month/:day/:title/")
    );
    let out = site.path().join("out");
    for post in &index.posts {
        let page = out
            .join(post.url.trim_start_matches('/'))
            .join("index.html");
        let page = std::fs::read_to_string(&page).unwrap();
        assert!(
            page.contains(&format!("<title>{} · T</title>", post.title)),
            "{page}"
        );
        for old in &post.aliases {
            let file = match old.ends_with('/') {
                true => format!("{old}index.html"),
                false => old.clone(),
            };
            let redirect = std::fs::read_to_string(out.join(file.trim_start_matches('/')))
                .unwrap_or_else(|e| panic!("{old}: {e}"));
            assert!(
                redirect.contains(&format!("content=\"0; url={}\"", post.url)),
                "{old} leads to {}: {redirect}",
                post.url
            );
        }
    }
}

/// Two posts of one month with one slug had one URL under a month's pattern: it leads to
/// neither, and the build says so without failing.
#[test]
fn an_old_url_two_posts_would_share_leads_to_neither() {
    let site = site(
        "title = \"T\"\npermalink = \"/:year/:month/:day/:title/\"\n\
         previous_permalinks = [\"/blog/:year/:month/:title/\", \"/:year/:month/:day/:title.html\"]\n",
        &[
            ("2024-01-01-meeting.md", &post("First")),
            ("2024-01-15-meeting.md", &post("Second")),
        ],
    );
    let output = run(site.path(), "index");
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains(
            "content/posts/2024-01-15-meeting.md:1: warning: `/blog/2024/01/meeting/`, this \
             post's URL under a `previous_permalinks` pattern, is also claimed by \
             content/posts/2024-01-01-meeting.md"
        ),
        "{err}"
    );
    let text = std::fs::read_to_string(site.path().join("out/posts/index.json")).unwrap();
    let index: PostIndex = serde_json::from_str(&text).unwrap();
    assert_eq!(
        urls(&index),
        [
            ("/2024/01/15/meeting/", vec!["/2024/01/15/meeting.html"]),
            ("/2024/01/01/meeting/", vec!["/2024/01/01/meeting.html"]),
        ]
    );
}

#[test]
fn the_same_slug_in_two_sections_keeps_apart() {
    let site = site(
        "title = \"T\"\n",
        &[
            ("2024-01-01-news.md", &post("Top")),
            ("inside-rust/2024-01-01-news.md", &post("Inside")),
            ("teams/compiler/2024-01-01-news.md", &post("Nested")),
            (
                "inside-rust/_index.md",
                "+++\ntitle = \"Zola's section page\"\n+++\n",
            ),
            (".drafts/2024-01-01-news.md", &post("Hidden")),
        ],
    );
    let index = build(site.path());
    let mut found: Vec<(&str, &str, &str)> = index
        .posts
        .iter()
        .map(|p| (p.title.as_str(), p.url.as_str(), p.body.as_str()))
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            (
                "Inside",
                "/blog/inside-rust/2024/01/news/",
                "posts/blog,inside-rust,2024,01,news.md"
            ),
            (
                "Nested",
                "/blog/teams/compiler/2024/01/news/",
                "posts/blog,teams,compiler,2024,01,news.md"
            ),
            ("Top", "/blog/2024/01/news/", "posts/blog,2024,01,news.md"),
        ],
        "Zola's `_index.md` and hidden folders are no posts"
    );

    // A pattern without `:section` makes them claim one URL: the error names both files.
    std::fs::write(
        site.path().join("quire.toml"),
        "title = \"T\"\npermalink = \"/:year/:title/\"\n",
    )
    .unwrap();
    std::fs::remove_dir_all(site.path().join("content/posts/teams")).unwrap();
    let output = run(site.path(), "index");
    assert!(!output.status.success());
    let err = stderr(&output);
    assert!(
        err.contains(
            "content/posts/inside-rust/2024-01-01-news.md:1: error: the URL `/2024/news/` is \
             already taken by content/posts/2024-01-01-news.md"
        ),
        "{err}"
    );
}

#[test]
fn a_bad_pattern_names_quire_toml_and_its_line() {
    let cases = [
        (
            "permalink = \"/blog/:year/:titel/\"",
            "`:titel`, which is not a placeholder",
        ),
        ("permalink = \"blog/:title/\"", "must start with `/`"),
        ("permalink = \"/:categories/\"", "does not name the post"),
        (
            "previous_permalinks = [\"/:year/\"]",
            "does not name the post",
        ),
    ];
    for (line, says) in cases {
        let site = site(
            &format!("title = \"T\"\n{line}\n"),
            &[("2024-01-01-x.md", &post("X"))],
        );
        let output = run(site.path(), "index");
        assert!(!output.status.success(), "{line}");
        let err = stderr(&output);
        assert!(err.contains("quire.toml:2: error: `"), "{line}: {err}");
        assert!(err.contains(says), "{line}: {err}");
        assert!(!site.path().join("out").exists(), "nothing written");
    }
}

/// The sample site: with no pattern, every post keeps `/blog/YYYY/MM/slug/`, and naming the
/// default pattern changes no post.
#[test]
fn the_default_pattern_changes_nothing() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let settings = std::fs::read_to_string(root.join("quire.toml")).unwrap();
    let sample = site(&settings, &[]);
    copy_folder(
        &root.join("content/posts"),
        &sample.path().join("content/posts"),
    );
    let index = build(sample.path());
    assert!(!index.posts.is_empty());
    for post in &index.posts {
        let (year, month) = (&post.date[..4], &post.date[5..7]);
        assert_eq!(post.url, format!("/blog/{year}/{month}/{}/", post.slug));
    }
    let json = std::fs::read_to_string(sample.path().join("out/posts/index.json")).unwrap();
    assert!(!json.contains("permalink"), "nothing new in the index");

    std::fs::write(
        sample.path().join("quire.toml"),
        format!("{settings}\npermalink = \"/blog/:section/:year/:month/:title/\"\n"),
    )
    .unwrap();
    assert_eq!(build(sample.path()).posts, index.posts);
}

/// Copies the folder `from` (its files and sub-folders: the sample's page bundles) to `to`.
fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        match path.is_dir() {
            true => copy_folder(&path, &target),
            false => drop(std::fs::copy(&path, &target).unwrap()),
        }
    }
}
