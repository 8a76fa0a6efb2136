//! Real blogs nobody on the team wrote (`../shared/corpus`): the 18 posts of the Zalando Open
//! Source blog (Jekyll) and the 750 posts of the Rust blog (Zola) must build. Skips loudly when
//! `../shared` is absent, and fails then when `CI` is set (`shared_corpus`).

#![allow(clippy::expect_used, clippy::unwrap_used)]

use quire_core::{PathMatch, PostIndex, RenderOptions, render};
use std::path::Path;
use std::process::{Command, Output};

#[path = "../../quire-core/tests/support/shared_corpus.rs"]
mod shared_corpus;
use shared_corpus::shared_corpus;

/// Builds a corpus; with `public`, its images are measured and resized too (the copies kept in
/// a cache that outlives the test, so that only the first run makes them).
fn build(content: &Path, base_url: &str, out: &Path, public: Option<&Path>) -> Output {
    let settings = out.join("quire.toml");
    std::fs::write(
        &settings,
        format!("title = \"Corpus\"\nbase_url = \"{base_url}\"\n"),
    )
    .unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_quire-build"));
    command.arg("index");
    if let Some(public) = public {
        let cache = Path::new(env!("CARGO_TARGET_TMPDIR")).join("corpus-image-cache");
        command.arg("--public").arg(public);
        command.arg("--image-cache").arg(cache);
    }
    command
        .arg("--settings")
        .arg(&settings)
        .arg("--content")
        .arg(content)
        .arg("--out")
        .arg(out.join("site"))
        .env_remove("TRUNK_STAGING_DIR")
        .output()
        .expect("the builder runs")
}

fn read_index(out: &Path) -> PostIndex {
    serde_json::from_str(&std::fs::read_to_string(out.join("site/posts/index.json")).unwrap())
        .unwrap()
}

#[test]
fn the_zalando_blog_builds_and_its_links_stay_inside_the_site() {
    let Some(dir) = shared_corpus("zalando-blog", "building the Zalando blog") else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    // The corpus folder is its site root: `assets/` is served as `/assets/`.
    let output = build(
        &dir,
        "https://opensource.zalando.com/",
        out.path(),
        Some(&dir),
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    eprintln!("{stderr}");
    let index = read_index(out.path());
    assert_eq!(index.posts.len(), 18, "every post is published");

    assert!(
        !stderr.contains("warning: the image `"),
        "every image is read: {stderr}"
    );
    let (mut internal_links, mut sized_images, mut copied_images) = (0, 0, 0);
    for post in &index.posts {
        assert!(post.url.starts_with("/blog/"), "{}", post.url);
        // Banners are served from /assets/img/banners/ as on the Jekyll site: the file exists.
        if let Some(banner) = &post.banner {
            let file = dir.join(banner.src.trim_start_matches('/'));
            assert!(
                file.is_file(),
                "{} banner {} missing",
                post.slug,
                banner.src
            );
            // Its size was read, and a photo wider than the copies has them.
            let size = post.images.get(&banner.src).expect("the banner's size");
            assert!(size.width > 0 && size.height > 0, "{}", banner.src);
            sized_images += 1;
            copied_images += usize::from(!size.widths.is_empty());
        }
        let markdown = std::fs::read_to_string(out.path().join("site").join(&post.body)).unwrap();
        let options = RenderOptions::for_site(&index.site, &index.site.base_url, "/");
        let html = render(&markdown, options).html;
        // Every link to one of the blog's own posts, root-relative or absolute to the old site,
        // now points at a post of this index.
        for href in html
            .split("href=\"")
            .skip(1)
            .map(|rest| &rest[..rest.find('"').unwrap()])
        {
            assert!(
                !href.starts_with("https://opensource.zalando.com/blog/"),
                "{href} left absolute"
            );
            if href.starts_with("/blog/20") {
                let target = index.find_by_path(href.split('#').next().unwrap());
                assert!(
                    matches!(target, Some(PathMatch::Post(_))),
                    "{}: {href} is no post",
                    post.slug
                );
                internal_links += 1;
            }
        }
        // Images the posts reference are in the corpus, at the path the page will ask for, and
        // the index has their size.
        for src in html
            .split("<img src=\"")
            .skip(1)
            .map(|rest| &rest[..rest.find('"').unwrap()])
        {
            if src.starts_with('/') {
                assert!(
                    dir.join(src.trim_start_matches('/')).is_file(),
                    "{}: {src} missing",
                    post.slug
                );
                assert!(
                    post.images.get(src).is_some(),
                    "{}: {src} has no size",
                    post.slug
                );
                sized_images += 1;
            }
        }
    }
    assert!(
        internal_links >= 3,
        "the corpus links between its posts ({internal_links} links)"
    );
    eprintln!("zalando-blog: {sized_images} images sized, {copied_images} banners with copies");
    assert!(
        sized_images >= 30 && copied_images >= 10,
        "{sized_images} images sized, {copied_images} banners with copies"
    );
}

#[test]
fn the_rust_blog_builds_all_750_posts_at_their_own_urls() {
    let Some(dir) = shared_corpus("rust-blog", "building the Rust blog") else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let output = build(&dir, "https://blog.rust-lang.org/", out.path(), None);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{}",
        &stderr[stderr.len().saturating_sub(4000)..]
    );
    let warnings = stderr.lines().filter(|l| l.contains(": warning: ")).count();
    eprintln!(
        "rust-blog: {} ({warnings} warnings)",
        stderr.lines().last().unwrap_or("")
    );
    let index = read_index(out.path());
    assert_eq!(index.posts.len(), 750);

    let post = index
        .posts
        .iter()
        .find(|p| p.url == "/2019/11/07/Async-await-stable/")
        .expect("Zola's `path` is the URL");
    assert_eq!(post.date, "2019-11-07", "the date comes from the path");
    assert_eq!(post.authors, ["Niko Matsakis"]);
    assert!(matches!(
        index.find_by_path("/2019/11/07/Async-await-stable.html"),
        Some(PathMatch::Alias(p)) if p.slug == post.slug
    ));
    assert!(
        index
            .posts
            .iter()
            .any(|p| p.url.starts_with("/inside-rust/"))
    );
    let mut dates: Vec<&str> = index.posts.iter().map(|p| p.published.as_str()).collect();
    let newest_first = dates.windows(2).all(|w| w[0] >= w[1]);
    assert!(newest_first, "newest first");
    dates.dedup();
}
