//! The search index end to end, natively: build from documents, load shards the way the app
//! does (only those `missing_shards` asks for), query, rank.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use quire_core::search::shard::decode;
use quire_core::search::{
    HighlightText, PostText, Query, SearchFiles, SearchHit, SearchIndex, SearchResults, build_index,
};

struct Doc {
    title: &'static str,
    tags: Vec<String>,
    body: &'static str,
}

fn doc(title: &'static str, tags: &[&str], body: &'static str) -> Doc {
    Doc {
        title,
        tags: tags.iter().map(|t| t.to_string()).collect(),
        body,
    }
}

fn build(
    docs: &[Doc],
    highlights: &[(u32, &'static str, &'static str)],
    shard: usize,
) -> SearchFiles {
    let posts: Vec<PostText> = docs
        .iter()
        .map(|d| PostText {
            title: d.title,
            tags: &d.tags,
            body: d.body,
        })
        .collect();
    let hl: Vec<HighlightText> = highlights
        .iter()
        .map(|&(post, name, text)| HighlightText { post, name, text })
        .collect();
    build_index(&posts, &hl, shard)
}

/// Runs a query as the app does, returning the hits and how many shards were fetched.
fn search(files: &SearchFiles, index: &mut SearchIndex, q: &str) -> (Vec<SearchHit>, usize) {
    let (results, fetched) = search_words(files, index, q);
    (results.hits, fetched)
}

fn search_words(files: &SearchFiles, index: &mut SearchIndex, q: &str) -> (SearchResults, usize) {
    let query = Query::parse(q);
    let mut fetched = 0;
    for _round in 0..3 {
        let missing = index.missing_shards(&query);
        if missing.is_empty() {
            break;
        }
        for i in missing {
            index.insert_shard(i, decode(&files.shards[i]).unwrap());
            fetched += 1;
        }
    }
    assert!(
        index.missing_shards(&query).is_empty(),
        "still missing after 3 rounds"
    );
    (index.search(&query), fetched)
}

fn corpus() -> (Vec<Doc>, Vec<(u32, &'static str, &'static str)>) {
    let docs = vec![
        doc(
            "November review: Skipper, Patroni and more",
            &["monthly"],
            "This month the team shipped many things across Kubernetes.",
        ),
        doc(
            "Running Postgres on Kubernetes",
            &["postgres", "kubernetes"],
            "The postgres operator creates clusters; Patroni keeps them highly available.",
        ),
        doc(
            "Skipper internals",
            &["http"],
            "Skipper is an HTTP router. Routing tables are updated without restarts.",
        ),
        doc(
            "A café for Müller",
            &[],
            "Notes from Zürich about kubectl and a naïve approach.",
        ),
        doc(
            "October review",
            &["monthly"],
            "Meetups in Berlin. Mentioned in passing: skipper got faster.",
        ),
    ];
    let highlights = vec![
        (0, "Skipper", "announced another release with 1,400 commits"),
        (0, "Patroni", "a template for high availability PostgreSQL"),
        (4, "Zalenium", "Selenium grid on Kubernetes"),
    ];
    (docs, highlights)
}

fn posts(hits: &[SearchHit]) -> Vec<u32> {
    hits.iter().map(|h| h.post).collect()
}

#[test]
fn ranks_title_and_highlight_above_body() {
    let (docs, hl) = corpus();
    let files = build(&docs, &hl, 64);
    let mut index = SearchIndex::new(files.manifest.clone());
    let (hits, _) = search(&files, &mut index, "skipper");
    assert_eq!(posts(&hits)[..2], [0, 2], "{hits:?}");
    assert_eq!(hits[0].highlight, Some(0), "the Skipper highlight is named");
    assert_eq!(hits[1].highlight, None);
    assert_eq!(
        *posts(&hits).last().unwrap(),
        4,
        "the body-only mention comes last"
    );
}

#[test]
fn every_word_must_match() {
    let (docs, hl) = corpus();
    let files = build(&docs, &hl, 64);
    let mut index = SearchIndex::new(files.manifest.clone());
    let (hits, _) = search(&files, &mut index, "postgres operator");
    assert_eq!(posts(&hits), [1]);
    // Words of a post and of its highlights together.
    let (hits, _) = search(&files, &mut index, "patroni template");
    assert_eq!(posts(&hits), [0]);
    assert_eq!(hits[0].highlight, Some(1));
    let (hits, _) = search(&files, &mut index, "skipper zzzz");
    assert!(hits.is_empty());
}

#[test]
fn prefix_of_the_word_being_typed() {
    let (docs, hl) = corpus();
    let files = build(&docs, &hl, 64);
    let mut index = SearchIndex::new(files.manifest.clone());
    let (results, _) = search_words(&files, &mut index, "kube");
    let hits = results.hits;
    let found = posts(&hits);
    for p in [0, 1, 3, 4] {
        assert!(
            found.contains(&p),
            "kube → kubernetes/kubectl in {p}: {found:?}"
        );
    }
    assert!(results.words.iter().any(|w| w == "kubernetes"));
    // Two letters are not completed yet: only the word itself.
    let (hits, _) = search(&files, &mut index, "ku");
    assert!(hits.is_empty(), "{hits:?}");
    // Only the last word is a prefix.
    let (hits, _) = search(&files, &mut index, "kube postgres");
    assert!(hits.is_empty(), "{hits:?}");
}

#[test]
fn one_typo_in_longer_words() {
    let (docs, hl) = corpus();
    let files = build(&docs, &hl, 64);
    let mut index = SearchIndex::new(files.manifest.clone());
    for typo in ["patrony", "patorni", "skiper", "skippper", "postgers"] {
        let (hits, _) = search(&files, &mut index, &format!("{typo} "));
        assert!(!hits.is_empty(), "{typo} finds nothing");
    }
    let (results, _) = search_words(&files, &mut index, "patrony");
    assert_eq!(results.hits[0].post, 0);
    assert_eq!(results.hits[0].highlight, Some(1));
    assert!(results.words.contains(&"patroni".to_string()));
    // Short words must be exact (or a prefix while typing).
    let (hits, _) = search(&files, &mut index, "htp router");
    assert!(hits.is_empty());
    // Two typos are too many.
    let (hits, _) = search(&files, &mut index, "ptarony");
    assert!(hits.is_empty());
}

#[test]
fn case_and_diacritics_fold() {
    let (docs, hl) = corpus();
    let files = build(&docs, &hl, 64);
    let mut index = SearchIndex::new(files.manifest.clone());
    for q in ["MULLER", "müller", "zurich", "Zürich", "cafe", "naive"] {
        let (hits, _) = search(&files, &mut index, q);
        assert_eq!(posts(&hits), [3], "{q}");
    }
}

#[test]
fn stop_words_do_not_block_matches() {
    let (docs, hl) = corpus();
    let files = build(&docs, &hl, 64);
    let mut index = SearchIndex::new(files.manifest.clone());
    let (hits, _) = search(&files, &mut index, "the postgres operator");
    assert_eq!(posts(&hits), [1]);
    assert!(Query::parse("").is_empty());
    assert!(Query::parse(" — ").is_empty());
    let (hits, _) = search(&files, &mut index, "");
    assert!(hits.is_empty());
}

#[test]
fn fetches_only_the_shards_a_query_needs() {
    let (docs, hl) = corpus();
    let files = build(&docs, &hl, 64);
    assert!(
        files.shards.len() >= 6,
        "small target → many shards: {}",
        files.shards.len()
    );
    let mut index = SearchIndex::new(files.manifest.clone());
    let (_, fetched) = search(&files, &mut index, "skipper");
    assert!(fetched <= 2, "{fetched} shards for one word");
    // A second query in the same range fetches nothing new.
    let (_, fetched) = search(&files, &mut index, "skipper");
    assert_eq!(fetched, 0);
}

#[test]
fn any_shard_size_gives_the_same_answers() {
    let (docs, hl) = corpus();
    let queries = [
        "skipper",
        "kube",
        "patrony",
        "postgres operator",
        "müller",
        "berlin meet",
    ];
    let whole = build(&docs, &hl, usize::MAX);
    assert_eq!(whole.shards.len(), 1);
    for size in [1, 16, 64, 300] {
        let files = build(&docs, &hl, size);
        for q in queries {
            let mut a = SearchIndex::new(whole.manifest.clone());
            let mut b = SearchIndex::new(files.manifest.clone());
            let (x, _) = search(&whole, &mut a, q);
            let (y, _) = search(&files, &mut b, q);
            assert_eq!(posts(&x), posts(&y), "{q} at shard size {size}");
        }
    }
}

#[test]
fn shard_names_follow_content() {
    let (docs, hl) = corpus();
    let a = build(&docs, &hl, 64);
    let b = build(&docs, &hl, 64);
    assert_eq!(
        a.manifest, b.manifest,
        "the same input builds the same index"
    );
    let mut names: Vec<_> = a.manifest.shards.iter().map(|s| &s.file).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), a.shards.len());
}
