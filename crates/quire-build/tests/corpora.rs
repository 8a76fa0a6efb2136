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
    let settings = format!("title = \"Corpus\"\nbase_url = \"{base_url}\"\n");
    build_with(content, &settings, out, public)
}

/// Builds a corpus with the given `quire.toml`.
fn build_with(content: &Path, settings: &str, out: &Path, public: Option<&Path>) -> Output {
    let settings = {
        let path = out.join("quire.toml");
        std::fs::write(&path, settings).unwrap();
        path
    };
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

/// The build's standard error, once it is known to have succeeded (else its last 4,000 bytes
/// are the failure message: a corpus build prints a warning per odd post).
fn succeeded(output: &Output) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        output.status.success(),
        "{}",
        &stderr[stderr.floor_char_boundary(stderr.len().saturating_sub(4000))..]
    );
    stderr
}

#[test]
fn the_rust_blog_builds_all_750_posts_at_their_own_urls() {
    let Some(dir) = shared_corpus("rust-blog", "building the Rust blog") else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let output = build(&dir, "https://blog.rust-lang.org/", out.path(), None);
    let stderr = succeeded(&output);
    let warnings = stderr.lines().filter(|l| l.contains(": warning: ")).count();
    eprintln!(
        "rust-blog: {} ({warnings} warnings)",
        stderr.lines().last().unwrap_or("")
    );
    let index = read_index(out.path());
    assert_eq!(index.posts.len(), 750);
    // Posts with Rust, TOML or shell code have their token runs beside the body.
    let with_code: Vec<_> = index.posts.iter().filter(|p| p.code_runs).collect();
    assert!(with_code.len() > 200, "{} posts with runs", with_code.len());
    for post in with_code {
        let path = out.path().join("site").join(post.code_runs_path().unwrap());
        let runs: quire_core::markdown::code::CodeRuns =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        assert!(!runs.blocks.is_empty(), "{}", path.display());
    }

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

/// The Rust blog as a site with sections: its Inside Rust posts moved into `inside-rust/`, and
/// each post's `path` replaced by the date in it (and the slug, `with_slug`; else the file
/// name's, which is unique in its folder, as several meetings of a month share the path's), so
/// that the site's pattern makes the URLs. Returns the content folder and each post's URL on
/// the real blog.
fn rust_blog_in_sections(
    dir: &Path,
    into: &Path,
    with_slug: bool,
) -> (std::path::PathBuf, Vec<String>) {
    let content = into.join(format!("content-{with_slug}"));
    let mut real_urls = Vec::new();
    for entry in std::fs::read_dir(dir.join("posts")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let (folder, name) = match name.strip_prefix("inside-rust_") {
            Some(rest) => (content.join("posts/inside-rust"), rest.to_string()),
            None => (content.join("posts"), name),
        };
        let text = std::fs::read_to_string(&path).unwrap();
        let mut fences = 0;
        let text: Vec<String> = text
            .lines()
            .map(|line| {
                fences += usize::from(line == "+++");
                (line, fences == 1)
            })
            .map(
                |(line, in_front_matter)| match line.strip_prefix("path = \"") {
                    Some(rest) if in_front_matter => {
                        let path = rest.trim_end_matches('"');
                        real_urls.push(format!("/{path}/"));
                        let parts: Vec<&str> = path.rsplitn(4, '/').collect();
                        let (slug, day, month, year) = (parts[0], parts[1], parts[2], parts[3]);
                        let year = year.rsplit('/').next().unwrap();
                        let date = format!("date = \"{year}-{month}-{day}\"");
                        match with_slug {
                            true => format!("{date}\nslug = \"{slug}\""),
                            false => date,
                        }
                    }
                    _ => line.to_string(),
                },
            )
            .collect();
        // `roadmap@0.md`: `@` is in no URL.
        let file = folder.join(name.replace('@', "-"));
        assert!(!file.exists(), "{}", file.display());
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(file, text.join("\n")).unwrap();
    }
    real_urls.sort();
    (content, real_urls)
}

#[test]
fn the_rust_blog_in_sections_keeps_them_apart_and_a_pattern_gives_its_urls() {
    let Some(dir) = shared_corpus("rust-blog", "the Rust blog in sections") else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let (content, real_urls) = rust_blog_in_sections(&dir, work.path(), false);
    assert_eq!(real_urls.len(), 750);
    let settings = "title = \"Corpus\"\n";
    let output = build_with(&content, settings, work.path(), None);
    succeeded(&output);
    let index = read_index(work.path());
    assert_eq!(index.posts.len(), 750);
    let inside: Vec<_> = index
        .posts
        .iter()
        .filter(|p| p.url.starts_with("/blog/inside-rust/"))
        .collect();
    assert_eq!(inside.len(), 363, "the Inside Rust posts keep apart");
    // The two blogs share slugs (`all-hands`, ...): each post has its own URL all the same.
    let shared = inside
        .iter()
        .filter(|i| {
            index
                .posts
                .iter()
                .any(|p| p.slug == i.slug && p.url != i.url)
        })
        .count();
    assert!(shared >= 2, "{shared} slugs in both blogs");

    // Zola's own scheme as the site's pattern: every post at its URL on the real blog, and
    // at the default URL it had before, by a redirect.
    let settings = "title = \"Corpus\"\npermalink = \"/:section/:year/:month/:day/:title/\"\n\
                    previous_permalinks = [\"/blog/:section/:year/:month/:title/\"]\n";
    let (content, _) = rust_blog_in_sections(&dir, work.path(), true);
    let output = build_with(&content, settings, work.path(), None);
    let stderr = succeeded(&output);
    // Meetings of one month shared a URL under the old pattern: it leads to none of them.
    let shared = stderr.matches("is also claimed by").count();
    assert!(shared >= 14, "{shared} old URLs shared:\n{stderr}");
    let moved = read_index(work.path());
    let mut urls: Vec<String> = moved.posts.iter().map(|p| p.url.clone()).collect();
    urls.sort();
    assert_eq!(urls, real_urls);
    for post in &moved.posts {
        let section = match post.url.starts_with("/inside-rust/") {
            true => "inside-rust/",
            false => "",
        };
        let (year, month) = (&post.date[..4], &post.date[5..7]);
        let old = format!("/blog/{section}{year}/{month}/{}/", post.slug);
        assert!(
            post.aliases.contains(&old) || stderr.contains(&format!("`{old}`, this post's URL")),
            "{}: {old} leads to it, or the build says why not",
            post.url
        );
    }
}

/// Every `.md` file under `dir`, in name order.
fn markdown_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            match path.is_dir() {
                true => folders.push(path),
                false if path.extension().is_some_and(|e| e == "md") => files.push(path),
                false => {}
            }
        }
    }
    files.sort();
    files
}

/// The fenced code blocks of the corpora by language (the fence's first word): how many, and
/// how many the builder highlights, printed. Every block in a language (not `text`, `plain`
/// or none) gets runs, unless it is blank.
#[test]
fn the_corpora_code_blocks_are_highlighted() {
    use quire_build::highlight::{code_runs, grammar_for};
    use quire_core::markdown::code::{fence_language, fenced_blocks};
    use std::collections::BTreeMap;
    let Some(rust) = shared_corpus("rust-blog", "highlighting the Rust blog's code") else {
        return;
    };
    let zalando = shared_corpus("zalando-blog", "highlighting the Zalando blog's code");
    let plain = ["", "text", "plain"];
    let mut unhighlighted = Vec::new();
    for (name, dir) in [("rust-blog", Some(rust)), ("zalando-blog", zalando)] {
        let Some(dir) = dir else { continue };
        // language → (blocks, highlighted)
        let mut table: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for file in markdown_files(&dir.join("posts")) {
            let markdown = std::fs::read_to_string(&file).unwrap();
            let runs = code_runs(&markdown).unwrap_or_default();
            for block in fenced_blocks(&markdown) {
                let lang = fence_language(&block.info).to_ascii_lowercase();
                let found = runs.get(block.block, &block.text).is_some();
                let row = table.entry(lang.clone()).or_default();
                row.0 += 1;
                row.1 += usize::from(found);
                let blank = block.text.trim().is_empty();
                if !found && !blank && !plain.contains(&lang.as_str()) {
                    unhighlighted.push(format!("{}: a `{lang}` block", file.display()));
                }
            }
        }
        if table.is_empty() {
            eprintln!("{name}: no fenced code blocks");
        }
        eprintln!("{name}: language | blocks | highlighted | grammar");
        for (lang, (blocks, highlighted)) in &table {
            let grammar = grammar_for(lang).map_or("-", |g| g.name());
            eprintln!("{name}: `{lang}` | {blocks} | {highlighted} | {grammar}");
        }
    }
    assert!(
        unhighlighted.is_empty(),
        "blocks without runs:\n{}",
        unhighlighted.join("\n")
    );
}
