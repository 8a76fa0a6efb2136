//! The feeds a small site gets: the site's (`feed.xml`, full content, `feed_limit` posts) and
//! one per tag and per author beside its page, linked from that page, at the root and under
//! a sub-path. Every feed written is read back by a strict XML parser and by the Atom crate.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use atom_syndication::Feed;
use quire_core::listing::{author_url, tag_url};
use std::path::{Path, PathBuf};

#[path = "support/builder.rs"]
mod builder;
use builder::{run, stderr};

/// A tag whose name needs escaping in XML, in HTML and in a URL.
const ODD_TAG: &str = "C++ & <XML> \"quotes\"";

/// The posts: (file stem, date-time, tags, authors). Newest is `e`.
const POSTS: &[(&str, &str, &[&str], &[&str])] = &[
    (
        "2024-01-01-a",
        "2024-01-01 10:00:00 +0000",
        &["rust"],
        &["Ann"],
    ),
    (
        "2024-02-01-b",
        "2024-02-01 10:00:00 +0000",
        &["rust", ODD_TAG],
        &["Bo"],
    ),
    (
        "2024-03-01-c",
        "2024-03-01 10:00:00 +0000",
        &["rust"],
        &["Ann"],
    ),
    (
        "2024-04-01-d",
        "2024-04-01 10:00:00 +0000",
        &["news"],
        &["Ann", "Bo"],
    ),
    (
        "2024-05-01-e",
        "2024-05-01 10:00:00 +0000",
        &["rust", ODD_TAG],
        &["Ann"],
    ),
];

/// Writes the site into `dir`: the posts, `quire.toml` with a feed limit of 3.
fn write_site(dir: &Path) {
    let posts = dir.join("content/posts");
    std::fs::create_dir_all(&posts).unwrap();
    for (stem, date, tags, authors) in POSTS {
        let list = |names: &[&str]| {
            let quoted: Vec<String> = names
                .iter()
                .map(|n| serde_json::to_string(n).unwrap())
                .collect();
            format!("[{}]", quoted.join(", "))
        };
        let slug = &stem[11..];
        let text = format!(
            "---\ntitle: \"Post {slug}\"\ndate: {date}\ntags: {}\nauthor: {}\nsummary: \"Summary {slug}.\"\n---\n\
             The body of **{slug}**, in full.\n\n## A section\n\nMore of {slug}.\n",
            list(tags),
            list(authors)
        );
        std::fs::write(posts.join(format!("{stem}.md")), text).unwrap();
    }
    std::fs::write(
        dir.join("quire.toml"),
        "title = \"Feeds\"\ndescription = \"About feeds.\"\nbase_url = \"https://blog.example/\"\n\
         feed_limit = 3\n",
    )
    .unwrap();
}

/// Builds the site into `dir/out` for the public path `base` (`/` or `/blog/`): the index,
/// then the pages from a shell as Trunk writes it.
fn build(dir: &Path, base: &str) -> PathBuf {
    let out = dir.join("out");
    // A fresh output: the pages step keeps the first shell it is given (`app.html`).
    let _ = std::fs::remove_dir_all(&out);
    let out_arg = out.to_str().unwrap();
    let output = run(dir, &["index", "--out", out_arg]);
    assert!(output.status.success(), "{}", stderr(&output));
    let shell = format!(
        "<!DOCTYPE html><html><head><base href=\"{base}\" /><title>Quire</title>\
         <script type=\"module\">start()</script></head><body><noscript>JS</noscript></body></html>"
    );
    std::fs::write(out.join("index.html"), shell).unwrap();
    let output = run(dir, &["pages", "--out", out_arg, "--compress"]);
    assert!(output.status.success(), "{}", stderr(&output));
    out
}

/// Every `feed.xml` under `dir`, as site paths (`/tags/rust/feed.xml`).
fn feed_files(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.file_name().is_some_and(|n| n == "feed.xml") {
                let rel = path.strip_prefix(dir).unwrap().to_string_lossy();
                found.push(format!("/{}", rel.replace('\\', "/")));
            }
        }
    }
    found.sort();
    found
}

/// The feed at a site path, which a strict XML parser reads, as the Atom crate reads it.
fn read_feed(out: &Path, path: &str) -> Feed {
    let xml = std::fs::read_to_string(out.join(path.trim_start_matches('/'))).unwrap();
    roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{path}: {e}\n{xml}"));
    xml.parse()
        .unwrap_or_else(|e| panic!("{path}: not Atom: {e}\n{xml}"))
}

/// The slugs of a feed's entries (`Post e` → `e`), in order.
fn slugs(feed: &Feed) -> Vec<&str> {
    feed.entries
        .iter()
        .map(|e| e.title.value.trim_start_matches("Post "))
        .collect()
}

fn feed_of(page: &str) -> String {
    format!("{page}feed.xml")
}

#[test]
fn every_tag_and_author_has_a_feed_of_its_newest_posts() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path());
    let out = build(dir.path(), "/");
    let odd = feed_of(&tag_url(ODD_TAG));
    let mut expected = vec![
        "/feed.xml".to_string(),
        feed_of(&tag_url("rust")),
        odd.clone(),
        feed_of(&tag_url("news")),
        feed_of(&author_url("Ann")),
        feed_of(&author_url("Bo")),
    ];
    expected.sort();
    assert_eq!(feed_files(&out), expected);
    for path in &expected {
        let feed = read_feed(&out, path);
        assert!(feed.entries.len() <= 3, "{path}: {}", feed.entries.len());
        let self_link = &feed.links.iter().find(|l| l.rel == "self").unwrap().href;
        assert_eq!(self_link, &format!("https://blog.example{path}"));
        let published: Vec<_> = feed.entries.iter().map(|e| e.published).collect();
        let mut newest_first = published.clone();
        newest_first.sort_by(|a, b| b.cmp(a));
        assert_eq!(published, newest_first, "{path}");
    }
    // Exactly that term's posts, newest first, at most `feed_limit`.
    for (page, want) in [
        (tag_url("rust"), &["e", "c", "b"][..]),
        (tag_url(ODD_TAG), &["e", "b"]),
        (tag_url("news"), &["d"]),
        (author_url("Ann"), &["e", "d", "c"]),
        (author_url("Bo"), &["d", "b"]),
    ] {
        let feed = read_feed(&out, &feed_of(&page));
        assert_eq!(slugs(&feed), want, "{page}");
        let alternate = &feed.links.iter().find(|l| l.rel == "alternate").unwrap();
        assert_eq!(alternate.href, format!("https://blog.example{page}"));
        // Each term's feed carries the posts' full content too.
        assert!(
            feed.entries.iter().all(|e| e
                .content
                .as_ref()
                .and_then(|c| c.value.as_deref())
                .is_some_and(|html| html.contains("<strong>"))),
            "{page}"
        );
    }
    let odd_feed = read_feed(&out, &odd);
    assert_eq!(odd_feed.title.value, format!("Tagged “{ODD_TAG}” · Feeds"));
    assert!(
        odd_feed.entries[0]
            .categories
            .iter()
            .any(|c| c.term == ODD_TAG)
    );
    // Precompressed like the other text files.
    for suffix in ["br", "gz"] {
        let packed = out.join(format!("{}.{suffix}", odd.trim_start_matches('/')));
        assert!(packed.is_file(), "{}", packed.display());
    }
}

#[test]
fn the_site_feed_carries_full_content_up_to_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path());
    let out = build(dir.path(), "/");
    let feed = read_feed(&out, "/feed.xml");
    assert_eq!(feed.title.value, "Feeds");
    assert_eq!(slugs(&feed), ["e", "d", "c"]);
    for entry in &feed.entries {
        let slug = entry.title.value.trim_start_matches("Post ");
        let content = entry.content.as_ref().expect("full content");
        assert_eq!(content.content_type.as_deref(), Some("html"));
        let html = content.value.as_deref().unwrap();
        for part in [
            format!("The body of <strong>{slug}</strong>, in full."),
            "<h2 id=\"a-section\">A section ".to_string(),
            format!("<p>More of {slug}.</p>"),
        ] {
            assert!(html.contains(&part), "{part} not in {html}");
        }
        assert_eq!(
            entry.summary.as_ref().map(|s| s.value.as_str()),
            Some(format!("Summary {slug}.").as_str())
        );
    }
    // Without a limit (0), every post.
    let settings = dir.path().join("quire.toml");
    let text = std::fs::read_to_string(&settings).unwrap();
    std::fs::write(&settings, text.replace("feed_limit = 3", "feed_limit = 0")).unwrap();
    let out = build(dir.path(), "/");
    assert_eq!(
        slugs(&read_feed(&out, "/feed.xml")),
        ["e", "d", "c", "b", "a"]
    );
    assert_eq!(
        slugs(&read_feed(&out, &feed_of(&tag_url("rust")))),
        ["e", "c", "b", "a"]
    );
}

#[test]
fn tag_and_author_pages_link_their_feed() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path());
    for base in ["/", "/blog/"] {
        let out = build(dir.path(), base);
        let prefix = base.trim_end_matches('/');
        for (page, title) in [
            (tag_url("rust"), "Tagged “rust” · Feeds".to_string()),
            (
                tag_url(ODD_TAG),
                "Tagged “C++ &amp; &lt;XML&gt; &quot;quotes&quot;” · Feeds".to_string(),
            ),
            (author_url("Bo"), "Posts by Bo · Feeds".to_string()),
        ] {
            let file = out.join(page.trim_start_matches('/')).join("index.html");
            let html = std::fs::read_to_string(&file).unwrap();
            let head = &html[..html.find("</head>").unwrap()];
            for (title, href) in [
                ("Feeds".to_string(), format!("{prefix}/feed.xml")),
                (title, format!("{prefix}{}", feed_of(&page))),
            ] {
                let link = format!(
                    "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"{title}\" href=\"{href}\" />"
                );
                assert!(head.contains(&link), "{link} not in {head}");
            }
            // The linked feed is there, and names itself at the site's address.
            let feed = read_feed(&out, &feed_of(&page));
            let self_link = &feed.links.iter().find(|l| l.rel == "self").unwrap().href;
            assert_eq!(
                self_link,
                &format!("https://blog.example{prefix}{}", feed_of(&page))
            );
            assert!(
                feed.entries[0].links[0]
                    .href
                    .starts_with(&format!("https://blog.example{prefix}/")),
                "{base}: {}",
                feed.entries[0].links[0].href
            );
        }
        let year = std::fs::read_to_string(out.join("archive/2024/index.html")).unwrap();
        assert_eq!(year.matches("application/atom+xml").count(), 1, "{year}");
    }
}

#[test]
fn no_post_may_take_a_feeds_path() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path());
    std::fs::write(
        dir.path().join("content/posts/2024-06-01-sneaky.md"),
        "---\ntitle: Sneaky\npermalink: /tags/rust/feed.xml\nredirect_from: [/authors/ann/feed.xml]\n---\nText.\n",
    )
    .unwrap();
    let output = run(dir.path(), &["index", "--out", "out"]);
    assert!(!output.status.success());
    let err = stderr(&output);
    for (line, what, path) in [
        (3, "URL", "/tags/rust/feed.xml"),
        (4, "alias", "/authors/ann/feed.xml"),
    ] {
        let expected = format!(
            "content/posts/2024-06-01-sneaky.md:{line}: error: the {what} `{path}` belongs to the app ("
        );
        assert!(err.contains(&expected), "{expected}\nnot in:\n{err}");
    }
}

/// A post whose code blocks have fence options: Rust (which the index step highlights) and
/// text (which it does not), each with a hidden line.
const CODE_POST: &str = "---\ntitle: \"Post code\"\ndate: 2024-06-01\n---\nCode:\n\n\
                         ```rust,linenos,hl_lines=2,hide_lines=3\n\
                         fn main() {\n    let x = 1;\n    hidden_call();\n}\n```\n\n\
                         ```text,linenos,linenostart=5,hide_lines=1\nsecret\nshown\n```\n";

#[test]
fn code_in_a_feed_is_plain_text_without_its_hidden_lines() {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path());
    let posts = dir.path().join("content/posts");
    std::fs::write(posts.join("2024-06-01-code.md"), CODE_POST).unwrap();
    let out = build(dir.path(), "/");
    let feed = read_feed(&out, "/feed.xml");
    let entry = feed.entries.iter().find(|e| e.title.value == "Post code");
    let content = entry.and_then(|e| e.content.as_ref());
    let html = content.and_then(|c| c.value.as_deref()).unwrap();
    let blocks: Vec<&str> = html
        .split("<pre")
        .skip(1)
        .map(|rest| &rest[..rest.find("</pre>").unwrap()])
        .collect();
    assert_eq!(
        blocks,
        [
            "><code class=\"language-rust\">fn main() {\n    let x = 1;\n}\n</code>",
            "><code class=\"language-text\">shown\n</code>",
        ],
        "{html}"
    );

    // The post's entry file shows the same blocks numbered, marked and highlighted.
    let index = std::fs::read_to_string(out.join("posts/index.json")).unwrap();
    let index: quire_core::PostIndex = serde_json::from_str(&index).unwrap();
    let post = index.posts.iter().find(|p| p.slug == "code").unwrap();
    assert!(post.code_runs, "the Rust block is highlighted");
    let file = out
        .join(post.url.trim_start_matches('/'))
        .join("index.html");
    let page = std::fs::read_to_string(file).unwrap();
    for part in [
        "<span class=\"line marked\"><span class=\"ln\" data-ln=\"2\" aria-hidden=\"true\"></span>",
        "<span class=\"hl-keyword\">",
        "<span class=\"ln\" data-ln=\"6\" aria-hidden=\"true\"></span>shown</span>",
    ] {
        assert!(page.contains(part), "{part} not in the entry file: {page}");
    }
    for hidden in ["hidden_call", "secret"] {
        assert!(!page.contains(hidden) && !html.contains(hidden), "{hidden}");
    }
}
