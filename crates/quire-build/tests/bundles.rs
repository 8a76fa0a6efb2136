//! A post's own files: Zola page bundles (`content/posts/<date>-<slug>/index.md` with files
//! beside it) and files beside any post, on sites built in a temporary folder as authors build
//! them: copied beside the post's URL, pointed at by the entry file, the feed and the index,
//! under the root and a sub-path; a missing file is a warning at its line.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use quire_core::PostIndex;
use std::path::Path;

#[path = "support/builder.rs"]
mod builder;
use builder::stderr;

const BUNDLE: &str = "+++\ntitle = \"Bundle\"\n\n[banner]\nimage = \"cover.svg\"\nalt = \"Cover\"\n+++\n\
                      ![Chart](./chart.svg \"Runs\")\n\n\
                      The [raw data](data/run%201.csv) and [a page](../other/).\n\n\
                      <p><img src=\"photo.png\" alt=\"Photo\"></p>\n\n\
                      ![Gone](missing.png)\n";

const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"360\"></svg>";

/// A site: settings, the posts folder's files by path, and a public folder.
fn site(settings: &str, files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(site.path().join("quire.toml"), settings).unwrap();
    std::fs::create_dir_all(site.path().join("public/assets")).unwrap();
    std::fs::write(site.path().join("public/assets/site.svg"), SVG).unwrap();
    for (path, bytes) in files {
        let file = site.path().join("content/posts").join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, bytes).unwrap();
    }
    site
}

fn bundle_site() -> tempfile::TempDir {
    site(
        "title = \"T\"\nbase_url = \"https://blog.example/\"\n",
        &[
            ("2024-05-01-bundle/index.md", BUNDLE.as_bytes()),
            ("2024-05-01-bundle/cover.svg", SVG.as_bytes()),
            ("2024-05-01-bundle/chart.svg", SVG.as_bytes()),
            ("2024-05-01-bundle/photo.png", &png(40, 30)),
            ("2024-05-01-bundle/data/run 1.csv", b"a,b\n1,2\n"),
            ("2024-05-01-bundle/unlinked.txt", b"still published"),
            ("2024-05-01-bundle/.secret", b"never"),
            (
                "2024-05-01-bundle/index.html",
                b"<p>would replace the post</p>",
            ),
            (
                "2024-04-01-single.md",
                b"---\ntitle: Single\n---\n![Flow](diagrams/flow.svg) ![Site](assets/site.svg)\n\n\
                  [notes](notes.pdf)\n",
            ),
            ("diagrams/flow.svg", SVG.as_bytes()),
            ("diagrams/unused.svg", SVG.as_bytes()),
        ],
    )
}

/// A PNG of `width` × `height` pixels (a header is all the builder reads).
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bytes.extend(width.to_be_bytes());
    bytes.extend(height.to_be_bytes());
    bytes.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
    bytes
}

/// Both steps into `out/`, under the public path `base`; the index and the index step's
/// standard error.
fn build(site: &Path, base: &str) -> (PostIndex, String) {
    let index = builder::run(site, &["index", "--out", "out"]);
    assert!(index.status.success(), "{}", stderr(&index));
    std::fs::write(
        site.join("out/index.html"),
        format!(
            "<!DOCTYPE html><html><head><title>Quire</title><base href=\"{base}\">\
             <script type=\"module\">start()</script></head><body></body></html>"
        ),
    )
    .unwrap();
    let pages = builder::run(site, &["pages", "--out", "out"]);
    assert!(pages.status.success(), "{}", stderr(&pages));
    let text = std::fs::read_to_string(site.join("out/posts/index.json")).unwrap();
    (serde_json::from_str(&text).unwrap(), stderr(&index))
}

#[test]
fn a_bundle_is_one_post_with_its_files_beside_its_url() {
    let site = bundle_site();
    let (index, warnings) = build(site.path(), "/");
    let bundle = index.posts.iter().find(|p| p.title == "Bundle").unwrap();
    assert_eq!(bundle.url, "/blog/2024/05/bundle/", "named by its folder");
    assert_eq!(bundle.files, ["chart.svg", "data/run%201.csv", "photo.png"]);
    let banner = bundle.banner.as_ref().unwrap();
    assert_eq!(banner.src, "/blog/2024/05/bundle/cover.svg");
    assert!(
        bundle
            .images
            .get("/blog/2024/05/bundle/photo.png")
            .is_none(),
        "raw HTML images get no size"
    );
    let size = bundle.images.get("/blog/2024/05/bundle/chart.svg").unwrap();
    assert_eq!((size.width, size.height), (640, 360));

    let out = site.path().join("out/blog/2024/05/bundle");
    for file in [
        "cover.svg",
        "chart.svg",
        "photo.png",
        "data/run 1.csv",
        "unlinked.txt",
    ] {
        assert!(out.join(file).is_file(), "{file} is copied beside the post");
    }
    assert!(!out.join(".secret").exists(), "hidden files stay out");
    let page = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        !page.contains("would replace"),
        "the post's page is its own"
    );
    for expected in [
        "src=\"/blog/2024/05/bundle/chart.svg\"",
        "href=\"/blog/2024/05/bundle/data/run%201.csv\"",
        "src=\"/blog/2024/05/bundle/photo.png\"",
        "src=\"/missing.png\"",
        "href=\"../other/\"",
    ] {
        assert!(page.contains(expected), "{expected} in {page}");
    }
    assert!(
        !site.path().join("out/index.md").exists() && !out.join("index.md").exists(),
        "the post's Markdown is not a file of the site"
    );

    // The missing image, at its line in the bundle's index.md (14: the 7-line front matter,
    // then the body's line 7), and nothing else of the bundle.
    let lines: Vec<&str> = warnings.lines().filter(|l| l.contains("bundle/")).collect();
    assert_eq!(lines.len(), 1, "{warnings}");
    assert!(
        lines[0].contains("2024-05-01-bundle/index.md:14: warning")
            && lines[0].contains("`missing.png` names no file"),
        "{warnings}"
    );
}

#[test]
fn a_post_beside_its_files_gets_those_it_names() {
    let site = bundle_site();
    let (index, warnings) = build(site.path(), "/");
    let single = index.posts.iter().find(|p| p.title == "Single").unwrap();
    assert_eq!(single.files, ["diagrams/flow.svg"]);
    let out = site.path().join("out/blog/2024/04/single");
    assert!(out.join("diagrams/flow.svg").is_file());
    assert!(
        !out.join("diagrams/unused.svg").exists(),
        "only what the post names is copied"
    );
    let page = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(page.contains("src=\"/blog/2024/04/single/diagrams/flow.svg\""));
    assert!(
        page.contains("src=\"/assets/site.svg\""),
        "a path of the public folder stays at the site root"
    );
    let notes: Vec<&str> = warnings
        .lines()
        .filter(|l| l.contains("notes.pdf"))
        .collect();
    assert!(
        notes.len() == 1 && notes[0].contains("2024-04-01-single.md:6: warning"),
        "a link to a missing file is a warning at its line: {warnings}"
    );
}

#[test]
fn under_a_sub_path_and_in_the_feed_the_files_are_found() {
    let site = bundle_site();
    build(site.path(), "/sub/");
    let out = site.path().join("out");
    let page = std::fs::read_to_string(out.join("blog/2024/05/bundle/index.html")).unwrap();
    assert!(
        page.contains("src=\"/sub/blog/2024/05/bundle/chart.svg\""),
        "{page}"
    );
    assert!(page.contains("href=\"/sub/blog/2024/05/bundle/data/run%201.csv\""));

    let feed = std::fs::read_to_string(out.join("feed.xml")).unwrap();
    let feed = feed.parse::<atom_syndication::Feed>().unwrap();
    let entry = feed
        .entries()
        .iter()
        .find(|e| e.title().as_str() == "Bundle");
    let content = entry.unwrap().content().unwrap();
    let html = content.value().unwrap();
    assert!(
        html.contains("src=\"/sub/blog/2024/05/bundle/chart.svg\""),
        "{html}"
    );
    assert_eq!(
        content.base(),
        Some("https://blog.example/sub/blog/2024/05/bundle/"),
        "paths resolve against the post in any feed reader"
    );
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_in_a_bundle_is_never_published() {
    let site = bundle_site();
    let bundle = site.path().join("content/posts/2024-05-01-bundle");
    std::os::unix::fs::symlink("/etc/hostname", bundle.join("host.txt")).unwrap();
    let (_, warnings) = build(site.path(), "/");
    assert!(
        !site
            .path()
            .join("out/blog/2024/05/bundle/host.txt")
            .exists()
    );
    assert!(
        warnings.contains("host.txt") && warnings.contains("symbolic link"),
        "{warnings}"
    );
}

#[test]
fn a_post_beside_a_bundle_is_an_error_not_a_loss() {
    let site = bundle_site();
    let stray = site
        .path()
        .join("content/posts/2024-05-01-bundle/2024-06-01-stray.md");
    std::fs::write(&stray, "---\ntitle: Stray\n---\nLost?\n").unwrap();
    let output = builder::run(site.path(), &["index", "--out", "out"]);
    assert!(!output.status.success());
    let err = stderr(&output);
    assert!(
        err.contains("2024-06-01-stray.md") && err.contains("beside a page bundle's index.md"),
        "{err}"
    );
    assert!(!site.path().join("out").exists(), "nothing written");
}

#[test]
fn without_a_public_folder_a_bundles_images_still_get_their_size() {
    let site = bundle_site();
    std::fs::remove_dir_all(site.path().join("public")).unwrap();
    let (index, warnings) = build(site.path(), "/");
    let bundle = index.posts.iter().find(|p| p.title == "Bundle").unwrap();
    let size = bundle.images.get("/blog/2024/05/bundle/chart.svg").unwrap();
    assert_eq!((size.width, size.height), (640, 360));
    assert!(
        bundle
            .images
            .get("/blog/2024/05/bundle/cover.svg")
            .is_some()
    );
    let single = index.posts.iter().find(|p| p.title == "Single").unwrap();
    assert!(
        single.images.get("/assets/site.svg").is_none(),
        "nothing to read a site image from"
    );
    assert!(!warnings.contains("there is no file"), "{warnings}");
}
