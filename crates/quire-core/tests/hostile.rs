//! Hostile posts (issue #12): many tags, deep or huge front matter, malformed dates, dates in
//! several time zones, control characters. Each is an error with a line the author can go to,
//! or a post; never a panic, and never work that grows faster than the input.
//!
//! Timings compare two sizes 10× apart (linear work takes about 10× as long, quadratic work
//! 100×) and assert less than 30×; no absolute time is asserted. So that both measurements
//! last as long and share the machine's load alike, the small input is timed ten times over
//! against the large one once; the fastest of a few such rounds counts. The measurements are
//! printed past libtest's capture.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use quire_core::index::{INDEX_VERSION, PostIndex, PostMeta, SiteInfo};
use quire_core::listing::tag_url;
use quire_core::{PostError, RenderOptions, parse_post, render};
use std::hint::black_box;
use std::io::Write as _;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// Rounds of measurement; the fastest counts, so a busy machine slows a round, not the verdict.
const ROUNDS: usize = 5;

/// How much larger the large input is than the small one.
const SCALE: u32 = 10;

/// The most the large input may take, in multiples of the small input's time.
const MAX_RATIO: f64 = 30.0;

/// Held by every test of this file while it runs, so that timings never share the machine
/// with the property test.
static ALONE: Mutex<()> = Mutex::new(());

fn alone() -> MutexGuard<'static, ()> {
    ALONE.lock().unwrap_or_else(PoisonError::into_inner)
}

fn loud(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

fn timed(work: impl FnOnce()) -> Duration {
    let start = Instant::now();
    work();
    start.elapsed()
}

/// Asserts that `large` (an input [`SCALE`] times the size of `small`'s) takes less than
/// [`MAX_RATIO`] times as long as `small`. Each round times `small` [`SCALE`] times in a row
/// and `large` once.
fn assert_linear(what: &str, mut small: impl FnMut(), mut large: impl FnMut()) {
    let (mut small_time, mut large_time) = (Duration::MAX, Duration::MAX);
    for _ in 0..ROUNDS {
        small_time = small_time.min(timed(|| (0..SCALE).for_each(|_| small())) / SCALE);
        large_time = large_time.min(timed(&mut large));
    }
    let ratio = large_time.as_secs_f64() / small_time.as_secs_f64().max(1e-9);
    loud(&format!(
        "{what}: small {:.3} ms, {SCALE}× larger {:.3} ms ({ratio:.1}×)",
        small_time.as_secs_f64() * 1e3,
        large_time.as_secs_f64() * 1e3,
    ));
    assert!(
        ratio < MAX_RATIO,
        "{what}: {SCALE}× the input took {ratio:.1}× the time ({small_time:?} → \
         {large_time:?}); linear work takes about {SCALE}×"
    );
}

fn post_error(stem: &str, content: &str) -> PostError {
    match parse_post(stem, content) {
        Ok(p) => panic!("{stem}: expected an error, got the post {}", p.meta.url),
        Err(e) => e,
    }
}

fn meta(i: usize, tags: Vec<String>) -> PostMeta {
    PostMeta {
        slug: format!("p{i}"),
        url: format!("/blog/p{i}/"),
        aliases: vec![],
        title: format!("Post {i}"),
        date: format!("{}-01-01", 2000 + i % 25),
        published: String::new(),
        authors: vec![format!("Author {}", i % 40)],
        banner: None,
        tags,
        summary: String::new(),
        body: format!("posts/p{i}.md"),
        reading_minutes: 1,
        images: Default::default(),
        code_runs: false,
        files: Vec::new(),
    }
}

/// `tags` distinct tags, 20 on each post, so no post passes the cap.
fn index_with_tags(tags: usize) -> PostIndex {
    const PER_POST: usize = 20;
    PostIndex {
        version: INDEX_VERSION,
        site: SiteInfo::default(),
        posts: (0..tags / PER_POST)
            .map(|i| meta(i, (0..PER_POST).map(|j| format!("Tag {i} {j}")).collect()))
            .collect(),
    }
}

/// Item 5: grouping re-slugged every tag of every post for every tag (20,000 tags: 20,012
/// pages in 3 minutes). Everything the tag, author, year and archive pages are made from.
#[test]
fn tags_group_in_linear_time() {
    let _alone = alone();
    let work = |index: &PostIndex| {
        let terms = index.tag_terms();
        for term in &terms {
            black_box(tag_url(term.name));
            black_box(term.posts.len());
        }
        black_box(index.tags());
        black_box(index.authors());
        black_box(index.author_terms());
        black_box(index.years());
        terms.len()
    };
    // Ten different small indexes, so that the small runs do not find their data in the cache.
    let small: Vec<PostIndex> = (0..SCALE).map(|_| index_with_tags(2_000)).collect();
    let large = index_with_tags(20_000);
    assert_eq!((work(&small[0]), work(&large)), (2_000, 20_000));
    let mut next = small.iter().cycle();
    assert_linear(
        "2,000 and 20,000 tags grouped",
        || {
            if let Some(index) = next.next() {
                black_box(work(index));
            }
        },
        || {
            black_box(work(&large));
        },
    );
}

/// Item 5: the caps, with the line of the key that passes them.
#[test]
fn a_post_with_20000_tags_is_an_error_at_its_tags_line() {
    let _alone = alone();
    let tags: Vec<String> = (0..20_000).map(|i| format!("t{i}")).collect();
    let block = format!("---\ntitle: T\ntags:\n  - {}\n---\n", tags.join("\n  - "));
    let e = post_error("2024-01-01-x", &block);
    assert!(e.line >= 3, "{}: {e}", e.line);
    let inline = format!("---\ntitle: T\ntags: [{}]\n---\n", tags[..500].join(", "));
    let e = post_error("2024-01-01-x", &inline);
    assert_eq!(e.line, 3, "{e}");
    assert!(e.message.contains("past 64 tags"), "{e}");
    let authors = format!("---\ntitle: T\nauthors: [{}]\n---\n", tags[..33].join(", "));
    let e = post_error("2024-01-01-x", &authors);
    assert_eq!(e.line, 3, "{e}");
    assert!(e.message.contains("more than the 32"), "{e}");
}

/// Item 8: `x: ` then `{a: ` × 50,000 kept the YAML parser busy for 20 s; nesting is measured
/// before parsing, in YAML and in TOML, and the error names the line.
#[test]
fn deep_front_matter_fails_fast_in_yaml_and_toml() {
    let _alone = alone();
    type Maker = fn(usize) -> String;
    let cases: [(&str, Maker, usize); 5] = [
        (
            "yaml {a: ",
            |n| format!("---\ntitle: T\nx: {}\n---\n", "{a: ".repeat(n)),
            3,
        ),
        (
            "yaml [",
            |n| format!("---\ntitle: T\n\nx: {}\n---\n", "[".repeat(n)),
            4,
        ),
        (
            "yaml - - -",
            |n| format!("---\ntitle: T\nx:\n{}a\n---\n", "- ".repeat(n)),
            4,
        ),
        (
            "toml {a = ",
            |n| format!("+++\ntitle = 'T'\nx = {}\n+++\n", "{a = ".repeat(n)),
            3,
        ),
        (
            "toml dotted key",
            |n| format!("+++\ntitle = 'T'\n{}b = 1\n+++\n", "a.".repeat(n)),
            3,
        ),
    ];
    for (what, make, line) in cases {
        // 1,000 and 10,000 levels: 2 to 50 KB, under the size limit, so nesting stops them.
        let inputs = [make(1_000), make(10_000)];
        for input in &inputs {
            let e = post_error("2024-01-01-x", input);
            assert_eq!(e.line, line, "{what}: {e}");
            assert!(
                e.message.contains("more than 32 levels deep"),
                "{what}: {e}"
            );
        }
        let [small, large] = &inputs;
        assert_linear(
            what,
            || {
                black_box(parse_post("2024-01-01-x", small).is_err());
            },
            || {
                black_box(parse_post("2024-01-01-x", large).is_err());
            },
        );
    }
    let huge = format!("---\ntitle: T\nx: {}\n---\n", "{a: ".repeat(50_000));
    let start = Instant::now();
    let e = post_error("2024-01-01-x", &huge);
    loud(&format!(
        "yaml {{a: × 50,000 ({} KB): {e} in {:.2} ms",
        huge.len() / 1000,
        start.elapsed().as_secs_f64() * 1e3
    ));
    assert_eq!(e.line, 3, "{e}");
    assert!(e.message.contains("longer than 64 KiB"), "{e}");
}

/// Item 6: a date cut inside a character panicked the builder.
#[test]
fn malformed_dates_name_the_date_line() {
    let _alone = alone();
    for date in [
        "\"2024-01-0é\"",
        "2024-13-01",
        "2024-02-30",
        "2024-01-01T25:00",
        "2024-01-01 10:00 +99:99",
        "\"\"",
        // YAML escapes: the date itself holds the control characters.
        "\"2024-01-01 \\v\\f\\0\"",
        &format!("2024-01-01 {}", "9".repeat(10_000)),
    ] {
        let e = post_error("x", &format!("---\ntitle: T\n\ndate: {date}\n---\n"));
        assert_eq!(e.line, 4, "{date}: {e}");
        assert!(e.message.contains("YYYY-MM-DD"), "{date}: {e}");
        assert!(e.message.len() < 300, "{date}: {} bytes", e.message.len());
    }
    for stem in ["2024-01-0é-x", "2024-01-01é", "é", "2024-01-0\u{b}-x"] {
        let e = post_error(stem, "---\ntitle: T\n---\n");
        assert_eq!(e.line, 1, "{stem}: {e}");
    }
}

/// Item 11: posts sorted by local time: 10:00 in Berlin (08:00Z) listed after 09:30 in London.
/// Sorted as the builder sorts them, newest first.
#[test]
fn posts_sort_by_instant_across_offsets() {
    let _alone = alone();
    let dates = [
        ("london", "2024-05-01 09:30:00 +0000"),
        ("berlin", "2024-05-01 10:00:00 +0200"),
        ("new-york", "2024-05-01T23:30:00-05:00"),
        ("tokyo", "2024-05-02T09:00:00+09:00"),
        ("plain", "2024-05-02"),
    ];
    let mut posts: Vec<_> = dates
        .iter()
        .map(|(slug, date)| {
            parse_post(slug, &format!("---\ntitle: T\ndate: {date}\n---\n")).unwrap()
        })
        .collect();
    posts.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then_with(|| a.meta.slug.cmp(&b.meta.slug))
    });
    let order: Vec<_> = posts.iter().map(|p| p.meta.slug.as_str()).collect();
    // 04:30Z on 2 May, 00:00Z, 00:00Z (Tokyo, one spelling later), 09:30Z and 08:00Z on 1 May.
    assert_eq!(order, ["new-york", "tokyo", "plain", "london", "berlin"]);
}

/// Pieces of hostile front matter values.
fn value_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ]{0,8}",
        Just("\u{b}".to_string()),
        Just("\u{c}".to_string()),
        Just("\0".to_string()),
        Just("é".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just(":".to_string()),
        Just("#".to_string()),
        Just("[".to_string()),
        Just("{".to_string()),
        Just("]".to_string()),
        Just(",".to_string()),
        Just("\n".to_string()),
        Just("\n  ".to_string()),
        Just("- ".to_string()),
        Just("&a ".to_string()),
        Just("*a".to_string()),
        Just("!!map ".to_string()),
        any::<char>().prop_map(String::from),
    ]
}

/// A front matter value: mostly plain words, often hostile pieces.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-zA-Z0-9][a-zA-Z0-9 ]{0,12}",
        1 => prop::collection::vec(value_piece(), 0..12).prop_map(|v| v.concat()),
    ]
}

/// Dates a post might be given, well or badly.
fn odd_date() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])([ T]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,3})?)?( ?[+-](0[0-9]|1[0-4]):?[0-5][0-9]|Z)?)?",
        1 => prop_oneof![
            Just("2024-01-0é".to_string()),
            Just("2024-13-01".to_string()),
            Just("2024-02-30".to_string()),
            Just("2024-02-29 23:59:60 -23:59".to_string()),
            Just("2024-01-01T25:00".to_string()),
            Just("2024-01-01 10:00 +99:99".to_string()),
            Just(String::new()),
        ],
        1 => "[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{0,3})?)?( ?[+-][0-9]{2}:?[0-9]{2}|Z)?)?",
        1 => "[0-9é:T +-]{0,30}",
        1 => value(),
    ]
}

/// A list of names, written inline (`true`) or as a block: mostly a few, sometimes past the
/// caps.
fn names() -> impl Strategy<Value = (Vec<String>, bool)> {
    let count = prop_oneof![4 => 0usize..8, 1 => 0usize..100];
    (
        count.prop_flat_map(|n| prop::collection::vec(value(), n)),
        any::<bool>(),
    )
}

/// Front matter nested up to 48 levels, in one of the ways front matter nests.
fn nesting(toml: bool) -> impl Strategy<Value = String> {
    (0usize..48, 0usize..4).prop_map(move |(depth, how)| match (toml, how) {
        (false, 0) => format!("nested: {}1{}", "{a: ".repeat(depth), "}".repeat(depth)),
        (false, 1) => format!("nested: {}1{}", "[".repeat(depth), "]".repeat(depth)),
        (false, 2) => format!("nested:\n{}1", "- ".repeat(depth)),
        (false, _) => (0..depth)
            .map(|i| format!("{}k{i}:", " ".repeat(i)))
            .collect::<Vec<_>>()
            .join("\n"),
        (true, 0) => format!("nested = {}1{}", "{a = ".repeat(depth), "}".repeat(depth)),
        (true, 1) => format!("nested = {}1{}", "[".repeat(depth), "]".repeat(depth)),
        (true, 2) => format!("{}b = 1", "a.".repeat(depth)),
        (true, _) => format!("[{}b]\nc = 1", "a.".repeat(depth)),
    })
}

/// `text` in double quotes, with the escapes YAML and TOML share (`\"`, `\\`, `\uXXXX`).
fn quoted(text: &str) -> String {
    let mut out = String::from('"');
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() && u32::from(c) <= 0xffff => {
                out.push_str(&format!("\\u{:04X}", u32::from(c)));
            }
            c if c.is_control() => out.push_str(&format!("\\U{:08X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `text` quoted, or bare (YAML only; TOML strings are always quoted).
fn written(text: &str, toml: bool, bare: bool) -> String {
    if bare && !toml {
        text.to_string()
    } else {
        quoted(text)
    }
}

fn list(names: &(Vec<String>, bool), toml: bool, bare: bool) -> String {
    let (names, inline) = names;
    let items: Vec<String> = names.iter().map(|n| written(n, toml, bare)).collect();
    if toml || *inline {
        format!("[{}]", items.join(", "))
    } else {
        items.iter().map(|i| format!("\n  - {i}")).collect()
    }
}

/// A front matter of hostile fields: odd title and date, up to 100 tags, nesting, a long
/// field; YAML or TOML.
fn front_matter() -> impl Strategy<Value = String> {
    any::<bool>().prop_flat_map(|toml| {
        (
            value(),
            odd_date(),
            names(),
            names(),
            prop::option::of(nesting(toml)),
            0usize..3_000,
            prop::bool::weighted(0.2),
        )
            .prop_map(move |(title, date, tags, authors, nested, long, bare)| {
                let (fence, eq) = if toml { ("+++", " =") } else { ("---", ":") };
                let mut lines = vec![
                    format!("title{eq} {}", written(&title, toml, bare)),
                    format!("date{eq} {}", written(&date, toml, bare)),
                    format!("tags{eq} {}", list(&tags, toml, bare)),
                    format!("authors{eq} {}", list(&authors, toml, bare)),
                    format!("summary{eq} {}", quoted(&"ab ".repeat(long))),
                ];
                // Last, since in TOML what follows `[a.b]` belongs to that table.
                lines.extend(nested);
                format!("{fence}\n{}\n{fence}\n", lines.join("\n"))
            })
    })
}

/// A Markdown body of hostile blocks: repeated headings, deep nesting, control characters.
fn body() -> impl Strategy<Value = String> {
    let block = prop_oneof![
        (0usize..50).prop_map(|n| "## Same heading\n\n".repeat(n)),
        (0usize..200).prop_map(|n| format!("{}deep\n\n", "> ".repeat(n))),
        (0usize..100).prop_map(|n| (0..n)
            .map(|i| format!("{}- item\n", "  ".repeat(i)))
            .collect::<String>()),
        (0usize..100).prop_map(|n| format!("{}x{}\n", "*".repeat(n), "_".repeat(n))),
        (0usize..100).prop_map(|n| format!("{}link{}\n", "[".repeat(n), "](".repeat(n))),
        Just("\u{b}\u{c}\0\r\n\r\n".to_string()),
        Just("| a | b |\n|---|---|\n| \0 | \u{b} |\n".to_string()),
        Just("```\n\0\n".to_string()),
        Just("# é\u{c}\n### {#id}\n".to_string()),
        Just("<details><summary>\0</summary>\n\n".to_string()),
        value(),
    ];
    prop::collection::vec(block, 0..8).prop_map(|v| v.concat())
}

/// 1 + the number of line breaks: the last line a message may name.
fn line_count(text: &str) -> usize {
    1 + text.matches('\n').count()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 300,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Whatever the post, `parse_post` and `render` return; an error or a warning names a
    /// line of the file (or of the body) that exists.
    #[test]
    fn hostile_posts_never_panic_and_errors_have_lines(
        front in front_matter(),
        body in body(),
        stem in prop_oneof![
            Just("2024-01-01-x".to_string()),
            Just("2024-01-0é-x".to_string()),
            Just("x".to_string()),
            "[0-9é-]{0,14}[a-z]{0,3}",
        ],
    ) {
        let _alone = alone();
        let post = format!("{front}{body}");
        match parse_post(&stem, &post) {
            Ok(p) => {
                prop_assert!(p.meta.tags.len() <= 64 && p.meta.authors.len() <= 32);
                let rendered = render(&p.markdown, RenderOptions::default());
                for w in &rendered.warnings {
                    prop_assert!(
                        (1..=line_count(&p.markdown)).contains(&w.line),
                        "warning at line {}: {}", w.line, w.message
                    );
                }
            }
            Err(e) => prop_assert!(
                (1..=line_count(&post)).contains(&e.line),
                "error at line {} of {}: {}", e.line, line_count(&post), e.message
            ),
        }
        let rendered = render(&body, RenderOptions::default());
        for w in &rendered.warnings {
            prop_assert!((1..=line_count(&body)).contains(&w.line), "{}", w.message);
        }
    }
}
