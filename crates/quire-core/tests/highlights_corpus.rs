//! Highlights read from real posts: the Zalando monthly reviews of the shared corpus
//! (`../shared/corpus/zalando-blog/posts`, read in place) and our own sample posts
//! (`content/posts`). Each post goes through `parse_post`, as the builder reads it; a table of
//! what was found is printed for a person to look over.
//!
//! The table is written to the process's stderr directly, past libtest's output capture, so it
//! shows with or without `--nocapture`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use quire_core::{Highlight, ParsedPost, parse_post, render};
use std::io::Write as _;
use std::path::{Path, PathBuf};

#[path = "support/shared_corpus.rs"]
mod shared_corpus;
use shared_corpus::shared_corpus;

/// Writes to the process's stderr without going through libtest's output capture.
fn loud(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// Every post of a directory, parsed, by file name.
fn read_posts(dir: &Path) -> Vec<(String, ParsedPost)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| {
            let content = std::fs::read_to_string(path).unwrap();
            let stem = path.file_stem().unwrap().to_string_lossy();
            let post = parse_post(&stem, &content).unwrap_or_else(|e| panic!("{path:?}: {e}"));
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                post,
            )
        })
        .collect()
}

fn print_table(title: &str, posts: &[(String, ParsedPost)]) {
    loud(&format!("\n{title}"));
    for (file, post) in posts {
        let names: Vec<&str> = post.highlights.iter().map(|h| h.name.as_str()).collect();
        loud(&format!(
            "  {file:<46} {:>2}  {}",
            post.highlights.len(),
            names.join(" | ")
        ));
    }
}

/// Every highlight's `section` is the id of a heading on the rendered page.
fn assert_sections_are_rendered_ids(file: &str, post: &ParsedPost) {
    let html = render(&post.markdown, Default::default()).html;
    for h in &post.highlights {
        let section = h
            .section
            .as_deref()
            .unwrap_or_else(|| panic!("{file}: {h:?}"));
        assert!(
            html.contains(&format!(" id=\"{section}\"")),
            "{file}: section `{section}` of {} is no heading id of the page",
            h.name
        );
    }
}

fn find<'p>(post: &'p ParsedPost, name: &str) -> &'p Highlight {
    post.highlights
        .iter()
        .find(|h| h.name == name)
        .unwrap_or_else(|| panic!("no highlight `{name}` in {:?}", post.highlights))
}

fn names(post: &ParsedPost) -> Vec<&str> {
    post.highlights.iter().map(|h| h.name.as_str()).collect()
}

#[test]
fn zalando_monthly_reviews_yield_their_project_highlights() {
    let Some(corpus) = shared_corpus("zalando-blog", "the Zalando highlights") else {
        return;
    };
    let dir = corpus.join("posts");
    let posts = read_posts(&dir);
    print_table("Zalando corpus: post → highlights", &posts);
    assert_eq!(posts.len(), 18, "the corpus changed: look at the table");

    let with_section: Vec<&str> = posts
        .iter()
        .filter(|(_, p)| p.markdown.to_lowercase().contains("project highlights"))
        .map(|(f, _)| f.as_str())
        .collect();
    assert_eq!(with_section.len(), 7, "{with_section:?}");
    for (file, post) in &posts {
        if with_section.contains(&file.as_str()) {
            assert!(post.highlights.len() >= 2, "{file}: {:?}", post.highlights);
            for h in &post.highlights {
                assert!(!h.text.is_empty(), "{file}: {h:?}");
                assert!(
                    h.url.is_some() || h.name.starts_with("Dedicated Open Source Time"),
                    "{file}: {h:?}"
                );
                assert!(!h.text.contains(['*', '[', '<']), "{file}: {h:?}");
            }
            assert_sections_are_rendered_ids(file, post);
        } else {
            assert_eq!(post.highlights, [], "{file}");
        }
    }
    let post = |stem: &str| &posts.iter().find(|(f, _)| f.starts_with(stem)).unwrap().1;

    let november = post("2018-12-06-november-review");
    assert_eq!(
        names(november),
        ["ExternalDNS version 0.5.9", "Zalando-Incubator", "Skipper"]
    );
    let urls: Vec<_> = november
        .highlights
        .iter()
        .map(|h| h.url.as_deref())
        .collect();
    assert_eq!(
        urls,
        [
            Some("https://github.com/kubernetes-incubator/external-dns"),
            Some("https://github.com/zalando-incubator"),
            Some("https://github.com/zalando/skipper"),
        ]
    );
    assert!(
        find(november, "Skipper")
            .text
            .starts_with("announced another new release")
    );
    assert_eq!(
        find(november, "Skipper").section.as_deref(),
        Some("project-highlights")
    );

    let december = post("2019-01-07-december-review");
    assert_eq!(
        names(december),
        ["Patroni", "Spilo", "PGObserver", "Postgres-operator"]
    );
    assert!(
        find(december, "Patroni")
            .text
            .starts_with("one of the most well-known")
    );
    assert!(
        find(december, "PGObserver")
            .text
            .starts_with("PGObserver is a battle-tested")
    );

    assert_eq!(
        names(post("2018-11-06-october-updates")),
        ["Connexion version 2.0", "Postgres-Operator", "Flair"]
    );
    assert_eq!(
        names(post("2019-02-07-jan-updates")),
        ["Nakadi", "Transformer", "Autoscaler"],
        "the caption `[Lionel Montrieux](…) on Nakadi at [FOSDEM 2019](…)` and the group title \
         `**Two new projects entered Zalando-Incubator this month:**` are no highlights"
    );
    assert_eq!(
        names(post("2019-03-17-feb-updates")),
        ["Kube Metrics Adapter", "Introscope", "Postgres Operator"]
    );
    let march = post("2019-04-25-mar-updates");
    assert_eq!(
        names(march),
        [
            "Elasticsearch Operator",
            "Kopf - Kubernetes Operator Pythonic Framework",
            "Dedicated Open Source Time In The Zalando Cloud Infrastructure Team",
        ]
    );
    assert_eq!(
        find(
            march,
            "Dedicated Open Source Time In The Zalando Cloud Infrastructure Team"
        )
        .url,
        None
    );
    assert!(
        find(march, "Elasticsearch Operator")
            .text
            .starts_with("an operator for running")
    );
    assert_eq!(
        names(post("2019-07-15-jun-updates")),
        [
            "Kopf - Kubernetes Operator Pythonic Framework",
            "Skipper",
            "Kubernetes Ingress Controller for AWS"
        ]
    );
}

#[test]
fn our_sample_posts_yield_their_highlights() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content/posts");
    let posts = read_posts(&dir);
    print_table("content/posts: post → highlights", &posts);
    let expected: &[(&str, &[&str])] = &[
        (
            "2023-04-04-open-source-review-march-2023.md",
            &["Inkwell", "Bramble", "Thicket", "Fernlog"],
        ),
        (
            "2024-02-06-open-source-review-january-2024.md",
            &["Quire", "Inkwell", "Sapwood", "Bramble"],
        ),
        (
            "2025-04-08-open-source-review-march-2025.md",
            &["Quire", "Inkwell", "Bramble", "Sapwood", "Thicket"],
        ),
    ];
    for (file, post) in &posts {
        let want = expected
            .iter()
            .find(|(f, _)| f == file)
            .map_or(&[][..], |(_, names)| names);
        assert_eq!(names(post), want, "{file}");
        for h in &post.highlights {
            assert!(
                h.url
                    .as_deref()
                    .is_some_and(|u| u.starts_with("https://github.com/larchwood/")),
                "{file}: {h:?}"
            );
            assert!(h.text.len() > 40, "{file}: {h:?}");
        }
        assert_sections_are_rendered_ids(file, post);
    }
}
