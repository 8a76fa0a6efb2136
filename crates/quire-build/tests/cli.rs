//! The `quire-build` command run on fixture sites (`tests/fixtures/<name>/`), as Trunk's hook
//! and authors run it.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use quire_core::PostIndex;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "support/builder.rs"]
mod builder;
use builder::stderr;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Runs the index step on a fixture into `out`, from the fixture's folder as an author would.
fn build(name: &str, out: &Path, extra: &[&str]) -> Output {
    step("index", name, out, extra)
}

/// Runs the pages step on a fixture's output `out`, from the fixture's folder.
fn pages(name: &str, out: &Path, extra: &[&str]) -> Output {
    step("pages", name, out, extra)
}

/// Runs one step (subcommand) of the builder on a fixture.
fn step(step: &str, name: &str, out: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_quire-build"))
        .current_dir(fixture(name))
        .arg(step)
        .arg("--out")
        .arg(out)
        .args(extra)
        .env_remove("TRUNK_STAGING_DIR")
        .output()
        .expect("the builder runs")
}

/// Writes an app shell as Trunk writes it (`index.html`, a blocking script and a stylesheet in
/// its head, an inline start-up script), with `extra` at the end of its head; returns it.
fn write_shell(out: &Path, extra: &str) -> String {
    let shell = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\" /><title>Quire</title>\
         <script src=\"/theme-0123456789abcdef.js\"></script>\
         <link rel=\"stylesheet\" href=\"/main-0123456789abcdef.css\" />\
         <script type=\"module\">start()</script>{extra}</head><body><noscript>JS</noscript></body></html>"
    );
    std::fs::write(out.join("index.html"), &shell).unwrap();
    shell
}

/// Every `.html` file under `dir` but `posts/`, as paths relative to it.
fn html_files(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            let rel = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if path.is_dir() && rel != "posts" {
                stack.push(path);
            } else if rel.ends_with(".html") {
                found.push(rel);
            }
        }
    }
    found.sort();
    found
}

fn read_index(out: &Path) -> PostIndex {
    let text = std::fs::read_to_string(out.join("posts/index.json")).expect("index written");
    serde_json::from_str(&text).expect("index parses")
}

#[test]
fn builds_the_index_and_one_body_per_post() {
    let out = tempfile::tempdir().unwrap();
    let output = build("good", out.path(), &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("3 post(s) published, 1 draft(s) left out"),
        "{}",
        stderr(&output)
    );

    let index = read_index(out.path());
    assert_eq!(index.site.title, "Fixture Blog");
    let urls: Vec<&str> = index.posts.iter().map(|p| p.url.as_str()).collect();
    assert_eq!(
        urls,
        [
            "/blog/2024/03/Hello-World/",
            "/blog/2023/12/crlf/",
            "/blog/2022/07/undated-name/"
        ],
        "newest first, slugs with their case"
    );
    let hello = &index.posts[0];
    assert_eq!(hello.title, "Hello, World: the first post");
    assert_eq!(hello.authors, ["Ann Example", "Bo Example"]);
    assert_eq!(hello.published, "2024-03-05T09:30:00+01:00");
    assert_eq!(hello.summary, "The very first paragraph of the blog.");
    assert_eq!(
        hello.banner.as_ref().map(|b| b.src.as_str()),
        Some("/assets/img/banners/hello.jpg")
    );
    assert_eq!(index.posts[2].summary, "A summary from the author.");

    for post in &index.posts {
        let body = std::fs::read_to_string(out.path().join(&post.body)).unwrap();
        assert!(
            !body.contains("title:"),
            "the body has no front matter: {body}"
        );
    }
    assert_eq!(
        hello.body, "posts/blog,2024,03,Hello-World.md",
        "named by its URL"
    );
    assert_eq!(
        std::fs::read_to_string(out.path().join(&hello.body)).unwrap(),
        "The very first paragraph of the blog.\n\n## More\n\nText.\n"
    );
}

#[test]
fn drafts_are_published_only_when_asked() {
    let out = tempfile::tempdir().unwrap();
    let output = build("good", out.path(), &["--drafts"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let index = read_index(out.path());
    assert!(index.posts.iter().any(|p| p.slug == "a-draft"));
}

#[test]
fn broken_posts_fail_the_build_naming_file_and_line_and_write_nothing() {
    let out = tempfile::tempdir().unwrap();
    let output = build("broken", out.path(), &[]);
    assert!(!output.status.success());
    let err = stderr(&output);
    // Every broken post is reported at once, each as `path:line: error: message`.
    let expect = [
        ("2024-02-02-bad-yaml.md:", "front matter is not valid YAML"),
        ("2024-03-03-no-title.md:1: error:", "no `title`"),
        ("2024-04-04-bad-date.md:4: error:", "YYYY-MM-DD"),
    ];
    for (location, message) in expect {
        let line = err
            .lines()
            .find(|l| l.contains(location))
            .unwrap_or_else(|| panic!("no `{location}` in:\n{err}"));
        assert!(line.contains(message), "{line}");
        assert!(
            line.starts_with("content/posts/"),
            "the path is the author's: {line}"
        );
    }
    let yaml_line = err.lines().find(|l| l.contains("bad-yaml")).unwrap();
    let line_no: usize = yaml_line.split(':').nth(1).unwrap().parse().unwrap();
    assert!(
        (3..=5).contains(&line_no),
        "YAML error near the bad line: {yaml_line}"
    );
    assert!(err.contains("3 error(s); nothing was written"), "{err}");
    assert!(
        !err.contains("fine.md"),
        "the good post is not blamed:\n{err}"
    );
    assert!(!out.path().join("posts").exists(), "no half-written output");
}

#[test]
fn a_failed_build_keeps_the_previous_output_whole() {
    let out = tempfile::tempdir().unwrap();
    assert!(build("good", out.path(), &[]).status.success());
    let before = std::fs::read_to_string(out.path().join("posts/index.json")).unwrap();
    assert!(!build("broken", out.path(), &[]).status.success());
    let after = std::fs::read_to_string(out.path().join("posts/index.json")).unwrap();
    assert_eq!(before, after);
    let leftovers: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n != "posts")
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary folders left: {leftovers:?}"
    );
}

#[test]
fn a_rebuild_replaces_the_output() {
    let out = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(out.path().join("posts")).unwrap();
    std::fs::write(out.path().join("posts/removed-post.md"), "old").unwrap();
    assert!(build("good", out.path(), &[]).status.success());
    assert!(
        !out.path().join("posts/removed-post.md").exists(),
        "stale bodies are gone"
    );
}

/// A Jekyll blog reuses a slug in a later year: the posts have different URLs, so they are
/// different posts, with a body and a page each (and so are `same` and `Same` in other months).
#[test]
fn the_same_slug_in_another_year_is_another_post() {
    let out = tempfile::tempdir().unwrap();
    let output = build("years", out.path(), &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let index = read_index(out.path());
    let mut bodies: Vec<(String, String)> = index
        .posts
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(out.path().join(&p.body)).unwrap();
            (p.body.clone(), text)
        })
        .collect();
    bodies.sort();
    assert_eq!(
        bodies,
        [
            (
                "posts/blog,2019,03,roadmap.md".into(),
                "What we plan for 2019.\n".into()
            ),
            (
                "posts/blog,2020,02,roadmap.md".into(),
                "What we plan for 2020.\n".into()
            ),
            ("posts/blog,2024,01,same.md".into(), "One.\n".into()),
            ("posts/blog,2024,02,Same.md".into(), "Two.\n".into()),
        ]
    );
    let lower: std::collections::HashSet<String> =
        bodies.iter().map(|(b, _)| b.to_lowercase()).collect();
    assert_eq!(lower.len(), 4, "distinct on a case-insensitive disk too");
    write_shell(out.path(), "");
    let output = pages("years", out.path(), &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    for (file, title) in [
        ("blog/2019/03/roadmap/index.html", "The 2019 roadmap"),
        ("blog/2020/02/roadmap/index.html", "The 2020 roadmap"),
    ] {
        let page = std::fs::read_to_string(out.path().join(file)).unwrap();
        assert!(
            page.contains(&format!("<title>{title} · ")),
            "{file}: {page}"
        );
    }
}

/// Two posts at one URL (letter case aside) are an error naming both files and the line.
#[test]
fn two_posts_at_one_url_are_an_error_naming_both() {
    let out = tempfile::tempdir().unwrap();
    let output = build("clash", out.path(), &[]);
    assert!(!output.status.success());
    let err = stderr(&output);
    for expected in [
        "content/posts/2019-03-20-Roadmap.md:1: error: the URL `/blog/2019/03/Roadmap/` is \
         already taken by content/posts/2019-03-04-roadmap.md as `/blog/2019/03/roadmap/`",
        "content/posts/2021-05-05-moved.md:3: error: the URL `/blog/2019/03/roadmap/` is \
         already taken by content/posts/2019-03-04-roadmap.md: ",
    ] {
        assert!(err.contains(expected), "{expected}\nnot in:\n{err}");
    }
    assert!(err.contains("2 error(s); nothing was written"), "{err}");
    assert!(!out.path().join("posts").exists());
}

/// Aliases and permalinks over the app's pages and files, or that no disk can hold, stop the
/// index step with the file and the line, before anything is written.
#[test]
fn aliases_and_permalinks_cannot_take_the_apps_paths() {
    let out = tempfile::tempdir().unwrap();
    let output = build("takeover", out.path(), &[]);
    assert!(!output.status.success());
    let err = stderr(&output);
    let aliases = "content/posts/2024-01-01-aliases.md:3: error: the alias";
    for alias in [
        "/archive/",
        "/search/",
        "/highlights/",
        "/tags/open-source/",
        "/page/2/",
        "/app.html",
        "/feed.xml",
        "/sitemap.xml",
        "/robots.txt",
        "/_headers/",
        "/posts/index.json",
        "/index.html",
    ] {
        let expected = format!("{aliases} `{alias}` belongs to the app (");
        assert!(err.contains(&expected), "{expected}\nnot in:\n{err}");
    }
    assert!(!err.contains("/old/fine/"), "{err}");
    assert!(
        err.contains(
            "content/posts/2024-01-02-search.md:4: error: the URL `/search/` belongs to the app"
        ),
        "{err}"
    );
    assert!(
        err.contains("content/posts/2024-01-03-long.md:4: error: the alias `/old/xxx"),
        "{err}"
    );
    assert!(err.contains("has a part of 300 bytes"), "{err}");
    assert!(err.contains("14 error(s); nothing was written"), "{err}");
    assert!(!out.path().join("posts").exists());
}

/// What Trunk put in the output (`favicon.svg`, `assets/`) is the app's too: an alias there
/// stops `pages` with the file and the line, and nothing is written.
#[test]
fn pages_do_not_write_over_the_apps_build() {
    let out = tempfile::tempdir().unwrap();
    assert!(build("assets", out.path(), &[]).status.success());
    let shell = write_shell(out.path(), "");
    std::fs::create_dir_all(out.path().join("assets/img")).unwrap();
    std::fs::write(out.path().join("assets/img/logo.svg"), "<svg/>").unwrap();
    std::fs::write(out.path().join("favicon.svg"), "<svg/>").unwrap();
    let output = pages("assets", out.path(), &[]);
    assert!(!output.status.success());
    let err = stderr(&output);
    let at = "content/posts/2024-01-01-hello.md:3: error: the alias";
    for expected in [
        format!("{at} `/favicon.svg/` names `favicon.svg`, which the app's build put"),
        format!("{at} `/assets/` names `assets`, which the app's build put"),
        format!("{at} `/assets/img/logo.svg/old/` puts a page inside `assets/img/logo.svg`"),
    ] {
        assert!(err.contains(&expected), "{expected}\nnot in:\n{err}");
    }
    assert!(!err.contains("hello-again"), "{err}");
    assert_eq!(
        std::fs::read_to_string(out.path().join("index.html")).unwrap(),
        shell,
        "nothing written"
    );
    assert!(!out.path().join("app.html").exists());
    assert_eq!(
        std::fs::read_to_string(out.path().join("favicon.svg")).unwrap(),
        "<svg/>"
    );
}

/// A post linked in from elsewhere on the machine is not published.
#[cfg(unix)]
#[test]
fn a_symlinked_post_is_refused() {
    let site = tempfile::tempdir().unwrap();
    let secret = site.path().join("secret.md");
    std::fs::write(
        &secret,
        "---\ntitle: Private\n---\nThe password is swordfish.\n",
    )
    .unwrap();
    let posts = site.path().join("content/posts");
    std::fs::create_dir_all(&posts).unwrap();
    std::fs::write(
        posts.join("2024-01-01-fine.md"),
        "---\ntitle: Fine\n---\nFine.\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(&secret, posts.join("2024-01-02-leak.md")).unwrap();
    std::fs::write(site.path().join("quire.toml"), "title = \"T\"\n").unwrap();
    let out = site.path().join("out");
    let output = Command::new(env!("CARGO_BIN_EXE_quire-build"))
        .current_dir(site.path())
        .args(["index", "--out"])
        .arg(&out)
        .env_remove("TRUNK_STAGING_DIR")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let err = stderr(&output);
    assert!(
        err.contains("content/posts/2024-01-02-leak.md: error: is a symbolic link"),
        "{err}"
    );
    assert!(!out.exists(), "nothing written");
}

/// A raw vertical tab in a body and a form feed in a title (which XML 1.0 forbids, even
/// escaped) do not break the feed or the sitemap for a strict parser.
#[test]
fn control_characters_do_not_break_the_feed() {
    let site = tempfile::tempdir().unwrap();
    let posts = site.path().join("content/posts");
    std::fs::create_dir_all(&posts).unwrap();
    std::fs::write(
        posts.join("2024-01-01-controls.md"),
        "---\ntitle: \"Form\\ffeed\"\nauthor: \"Ann\\u0001\"\ntags: [\"ta\\u0007g\"]\n---\n\
         Vertical\u{b}tab and a NUL-free \u{1b}escape.\n",
    )
    .unwrap();
    std::fs::write(
        site.path().join("quire.toml"),
        "title = \"T\\f\"\nbase_url = \"https://x.example/\"\n",
    )
    .unwrap();
    let out = site.path().join("out");
    let run = |step: &str| {
        Command::new(env!("CARGO_BIN_EXE_quire-build"))
            .current_dir(site.path())
            .args([step, "--out"])
            .arg(&out)
            .env_remove("TRUNK_STAGING_DIR")
            .output()
            .unwrap()
    };
    let output = run("index");
    assert!(output.status.success(), "{}", stderr(&output));
    write_shell(&out, "");
    let output = run("pages");
    assert!(output.status.success(), "{}", stderr(&output));
    let feed = std::fs::read_to_string(out.join("feed.xml")).unwrap();
    let doc = roxmltree::Document::parse(&feed).unwrap_or_else(|e| panic!("{e}:\n{feed:?}"));
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("title"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(titles, ["T", "Formfeed"], "{feed}");
    assert!(feed.contains("Verticaltab"), "{feed}");
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    roxmltree::Document::parse(&sitemap).unwrap_or_else(|e| panic!("{e}:\n{sitemap:?}"));
}

#[test]
fn a_missing_settings_file_is_named() {
    let out = tempfile::tempdir().unwrap();
    let output = build("good", out.path(), &["--settings", "nope.toml"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("nope.toml: error: cannot read the site settings"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn pages_need_the_app_shell_and_say_so() {
    let out = tempfile::tempdir().unwrap();
    assert!(build("good", out.path(), &[]).status.success());
    let output = pages("good", out.path(), &[]);
    assert!(!output.status.success());
    let err = stderr(&output);
    assert!(err.contains("index.html: error: cannot read it"), "{err}");
    assert!(err.contains("post_build hook"), "{err}");
}

#[test]
fn pages_are_written_from_the_shell_and_can_be_written_again() {
    let out = tempfile::tempdir().unwrap();
    assert!(build("good", out.path(), &[]).status.success());
    let shell = "<!DOCTYPE html><html><head><title>Quire</title>\
                 <script type=\"module\">start()</script></head><body><noscript>JS</noscript></body></html>";
    std::fs::write(out.path().join("index.html"), shell).unwrap();
    for _ in 0..2 {
        let output = pages("good", out.path(), &[]);
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let post =
        std::fs::read_to_string(out.path().join("blog/2024/03/Hello-World/index.html")).unwrap();
    assert!(
        post.contains("<title>Hello, World: the first post · Fixture Blog</title>"),
        "{post}"
    );
    assert_eq!(
        post.matches("<title>").count(),
        1,
        "written again from the kept shell: {post}"
    );
    assert!(
        !post.contains("start()"),
        "no inline script is left: {post}"
    );
    let home = std::fs::read_to_string(out.path().join("index.html")).unwrap();
    assert!(
        home.contains("href=\"/blog/2024/03/Hello-World/\""),
        "{home}"
    );
    assert!(!home.contains("http-equiv=\"refresh\""), "{home}");
    let moved = std::fs::read_to_string(out.path().join("2024/hello-world.html")).unwrap();
    assert!(
        moved.contains("content=\"0; url=/blog/2024/03/Hello-World/\""),
        "the alias, written again: {moved}"
    );
    for file in [
        "404.html",
        "feed.xml",
        "sitemap.xml",
        "robots.txt",
        "app.html",
    ] {
        assert!(out.path().join(file).is_file(), "{file}");
    }
}

#[test]
fn pages_for_a_sub_path_carry_it_everywhere() {
    let out = tempfile::tempdir().unwrap();
    assert!(build("good", out.path(), &[]).status.success());
    let shell = "<!DOCTYPE html><html><head><base href=\"/sub/\" /><title>Quire</title>\
                 <script type=\"module\">start()</script></head><body><noscript>JS</noscript></body></html>";
    std::fs::write(out.path().join("index.html"), shell).unwrap();
    std::fs::write(out.path().join("quire-0123456789abcdef_bg.wasm"), "wasm").unwrap();
    let output = pages("good", out.path(), &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("written for /sub/"),
        "{}",
        stderr(&output)
    );
    let read = |file: &str| std::fs::read_to_string(out.path().join(file)).unwrap();
    let home = read("index.html");
    assert!(
        home.contains("<meta name=\"quire-base-path\" content=\"/sub/\" />"),
        "{home}"
    );
    assert!(!home.contains("<base"), "{home}");
    assert!(
        home.contains("href=\"/sub/blog/2024/03/Hello-World/\""),
        "{home}"
    );
    assert!(
        home.contains("<script type=\"module\" src=\"/sub/boot-"),
        "{home}"
    );
    assert!(read("404.html").contains("href=\"/sub/\""));
    let headers = read("_headers");
    assert!(
        headers.contains("\n/sub/*\n  Content-Security-Policy: "),
        "{headers}"
    );
    assert!(
        headers.contains("\n/sub/quire-0123456789abcdef_bg.wasm\n  Cache-Control: public, max-age=31536000, immutable\n"),
        "{headers}"
    );
    assert!(headers.contains("\n/sub/boot-"), "{headers}");
}

/// Hosts that send no headers of ours (GitHub Pages, object stores) still get the policy:
/// every page written carries it as a `<meta>` before any script or style, once, and it is
/// the headers' policy less the directives only a header can carry.
#[test]
fn every_written_page_carries_the_policy_first() {
    let out = tempfile::tempdir().unwrap();
    assert!(build("good", out.path(), &[]).status.success());
    write_shell(out.path(), "");
    for _ in 0..2 {
        let output = pages("good", out.path(), &[]);
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let header = quire_build::headers::header("Content-Security-Policy");
    let directives: Vec<&str> = header
        .split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty() && !d.starts_with("frame-ancestors"))
        .collect();
    assert!(directives.len() >= 10, "{header}");
    let meta = format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\" />\
         <meta name=\"referrer\" content=\"strict-origin-when-cross-origin\" />",
        directives.join("; ")
    );
    let files = html_files(out.path());
    for expected in [
        "index.html",
        "404.html",
        "app.html",
        "2024/hello-world.html",
        "blog/2024/03/Hello-World/index.html",
        "tags/intro/index.html",
        "search/index.html",
    ] {
        assert!(
            files.iter().any(|f| f == expected),
            "{expected} in {files:?}"
        );
    }
    for file in &files {
        let html = std::fs::read_to_string(out.path().join(file)).unwrap();
        let head = &html[..html.find("</head>").unwrap()];
        assert_eq!(
            head.matches("Content-Security-Policy").count(),
            1,
            "{file}: {head}"
        );
        let at = head.find(&meta).unwrap_or_else(|| panic!("{file}: {head}"));
        for governed in ["<script", "<link", "<style"] {
            if let Some(first) = head.find(governed) {
                assert!(
                    at < first,
                    "{file}: the policy comes after {governed}: {head}"
                );
            }
        }
    }
}

#[test]
fn compression_writes_siblings_and_a_rewrite_drops_stale_ones() {
    let out = tempfile::tempdir().unwrap();
    assert!(build("good", out.path(), &[]).status.success());
    let shell = format!(
        "<!DOCTYPE html><html><head><title>Quire</title></head><body><noscript>JS</noscript>{}</body></html>",
        "<!-- padding -->".repeat(100)
    );
    std::fs::write(out.path().join("index.html"), shell).unwrap();
    let output = pages("good", out.path(), &["--compress"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("precompressed"),
        "{}",
        stderr(&output)
    );
    let home = out.path().join("index.html");
    for suffix in ["gz", "br"] {
        assert!(out.path().join(format!("index.html.{suffix}")).is_file());
    }
    assert!(
        !out.path().join("robots.txt.gz").exists(),
        "too small to gain"
    );
    let output = pages("good", out.path(), &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(home.is_file());
    for suffix in ["gz", "br"] {
        assert!(
            !out.path().join(format!("index.html.{suffix}")).exists(),
            "a rewritten page has no stale .{suffix}"
        );
    }
}
