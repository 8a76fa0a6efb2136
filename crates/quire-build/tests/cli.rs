//! The `quire-build` command run on fixture sites (`tests/fixtures/<name>/`), as Trunk's hook
//! and authors run it.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use quire_core::PostIndex;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Runs the builder on a fixture into `out`, from the fixture's folder as an author would.
fn build(name: &str, out: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_quire-build"))
        .current_dir(fixture(name))
        .arg("--out")
        .arg(out)
        .args(extra)
        .env_remove("TRUNK_STAGING_DIR")
        .output()
        .expect("the builder runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
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
        std::fs::read_to_string(out.path().join("posts/Hello-World.md")).unwrap(),
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

#[test]
fn slugs_that_differ_only_in_case_clash() {
    let out = tempfile::tempdir().unwrap();
    let output = build("clash", out.path(), &[]);
    assert!(!output.status.success());
    let err = stderr(&output);
    assert!(
        err.contains("2024-02-01-Same.md:1: error: the slug `Same` is already used by"),
        "{err}"
    );
    assert!(!out.path().join("posts").exists());
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
    let output = build("good", out.path(), &["--pages"]);
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
        let output = build("good", out.path(), &["--pages"]);
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
    let output = build("good", out.path(), &["--pages"]);
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

#[test]
fn compression_writes_siblings_and_a_rewrite_drops_stale_ones() {
    let out = tempfile::tempdir().unwrap();
    assert!(build("good", out.path(), &[]).status.success());
    let shell = format!(
        "<!DOCTYPE html><html><head><title>Quire</title></head><body><noscript>JS</noscript>{}</body></html>",
        "<!-- padding -->".repeat(100)
    );
    std::fs::write(out.path().join("index.html"), shell).unwrap();
    let output = build("good", out.path(), &["--pages", "--compress"]);
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
    let output = build("good", out.path(), &["--pages"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(home.is_file());
    for suffix in ["gz", "br"] {
        assert!(
            !out.path().join(format!("index.html.{suffix}")).exists(),
            "a rewritten page has no stale .{suffix}"
        );
    }
}
