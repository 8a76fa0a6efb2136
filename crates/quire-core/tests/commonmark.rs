//! CommonMark conformance of what readers get, as numbers.
//!
//! Renders the 652 examples of the CommonMark 0.31.2 spec and the 28 GitHub-flavoured extension
//! examples of cmark-gfm (both read in place from `../shared/corpus/commonmark/`, never copied
//! into the repository) two ways:
//!
//! - with [`render`] and default [`RenderOptions`]: what a post's reader gets (raw HTML through
//!   the policy, URLs checked, headings with ids and anchors, GitHub's extended autolinks, …).
//!   Every example that differs from the spec is listed with the reason, found by
//!   [`classify`]: the smallest set of Quire's known decorations (heading ids, `rel` on
//!   external links, …) whose removal makes it pass, or else what Quire's policy did to it.
//!   The pass count and the count of every reason are asserted exactly, so any change in what
//!   readers get fails here until the tables below are updated on purpose;
//! - with [`render_trusted`]: pulldown-cmark with Quire's option set and raw HTML trusted, the
//!   parser's own conformance, also asserted exactly.
//!
//! The output is compared with the spec's HTML after the normalisation of the spec's own
//! `test/normalize.py` (see [`normalize_html`]); an example passes only when both normalise to
//! the same string. One difference from `normalize.py` is counted as equal: a `"` in text
//! written as is versus written `&quot;` (the same text once parsed; pulldown-cmark 0.13 no
//! longer escapes `"` in text, cmark does). The count under `normalize.py`'s own treatment is
//! printed next to it, with the examples that only that treatment fails, so the leniency is
//! visible.
//!
//! An extension example whose expected HTML is `<IGNORE>` only checks that the renderer does not
//! crash: cmark-gfm's `spec_tests.py` counts it as passed once the program returns.
//!
//! Without the corpus the tests fail when `CI` is set, and otherwise skip after a banner (see
//! `support/shared_corpus.rs`). The counts, the failing examples and their reasons are written
//! to the process's stderr directly, past libtest's output capture, so they show with or
//! without `--nocapture`; the diffs go to the captured stdout (shown with `--nocapture` or on
//! failure).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::Path;

use quire_core::markdown::{RenderOptions, render, render_trusted};
use serde_json::Value;

#[path = "support/shared_corpus.rs"]
mod shared_corpus;
use shared_corpus::shared_corpus;

/// Spec examples that pass through [`render_trusted`], out of 652.
const SPEC_TRUSTED_PASS: usize = 652;
/// Spec examples that pass through [`render`], out of 652.
const SPEC_RENDER_PASS: usize = 527;
/// Why the other spec examples differ through [`render`]: examples per reason (an example that
/// needs two decorations removed counts under both).
const SPEC_REASONS: &[(Reason, usize)] = &[
    (Reason::HeadingIds, 40),
    (Reason::LinkRel, 12),
    (Reason::ImageHints, 23),
    (Reason::ImageRoot, 9),
    (Reason::CodeLang, 5),
    (Reason::GfmAutolinks, 5),
    (Reason::UrlPolicy, 4),
    (Reason::RawHtml, 35),
    (Reason::CodeLangFiltered, 1),
];

/// Extension examples that pass through [`render_trusted`], out of 28.
const GFM_TRUSTED_PASS: usize = 20;
/// Extension examples that pass through [`render`], out of 28.
const GFM_RENDER_PASS: usize = 19;
/// Why the other extension examples differ through [`render`].
const GFM_REASONS: &[(Reason, usize)] = &[
    (Reason::LinkRel, 4),
    (Reason::ImageHints, 1),
    (Reason::TaskLabels, 3),
    (Reason::RawHtml, 1),
    // Footnotes (#23): pulldown-cmark numbers and links them its own way.
    (Reason::PulldownCmark, 1),
];

/// Writes to the process's stderr without going through libtest's output capture, so the line
/// is seen whether or not the test passes and whether or not `--nocapture` is given.
fn loud(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

struct Example {
    number: u64,
    section: String,
    markdown: String,
    html: String,
}

/// Reads a spec test file. The spec text writes a tab as `→` and the npm package's extractor
/// keeps it, so `→` becomes a tab in both the Markdown and the HTML, as the spec's own
/// `spec_tests.py` does when it extracts the examples.
fn load(path: &Path) -> Vec<Example> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let entries: Vec<Value> = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not a JSON array: {e}", path.display()));
    entries
        .iter()
        .map(|v| {
            let field = |k: &str| {
                v[k].as_str()
                    .unwrap_or_else(|| panic!("{}: an entry has no `{k}`: {v}", path.display()))
                    .replace('→', "\t")
            };
            Example {
                // spec.json names it `number`, extensions.json `example`.
                number: v["number"]
                    .as_u64()
                    .or_else(|| v["example"].as_u64())
                    .unwrap_or_else(|| panic!("{}: an entry has no number: {v}", path.display())),
                section: field("section"),
                markdown: field("markdown"),
                html: field("html"),
            }
        })
        .collect()
}

// --- Running ------------------------------------------------------------------------------

/// How an example is rendered.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// [`render`] with default options: what readers get.
    Render,
    /// [`render_trusted`]: bare pulldown-cmark.
    Trusted,
}

struct Failure {
    number: u64,
    section: String,
    markdown: String,
    expected: String,
    actual: String,
    reasons: Vec<Reason>,
}

struct Outcome {
    total: usize,
    pass: usize,
    failures: Vec<Failure>,
    /// Passes under `normalize.py`'s own treatment of `"` in text.
    strict_pass: usize,
    /// Examples that pass, but not under `normalize.py`'s own treatment of `"` in text.
    strict_only_failures: Vec<String>,
}

impl Outcome {
    /// Failing examples per reason.
    fn reasons(&self) -> BTreeMap<Reason, usize> {
        let mut counts = BTreeMap::new();
        for reason in self.failures.iter().flat_map(|f| &f.reasons) {
            *counts.entry(*reason).or_insert(0) += 1;
        }
        counts
    }
}

fn label(number: u64, section: &str) -> String {
    format!("#{number} ({section})")
}

/// Whether `actual` is the example's HTML (with the given treatment of quotes).
fn matches(ex: &Example, actual: &str, quotes: Quotes) -> bool {
    ex.html.trim() == "<IGNORE>" || normalize(actual, quotes) == normalize(&ex.html, quotes)
}

fn run(examples: &[Example], mode: Mode) -> Outcome {
    let mut outcome = Outcome {
        total: examples.len(),
        pass: 0,
        failures: Vec::new(),
        strict_pass: 0,
        strict_only_failures: Vec::new(),
    };
    for ex in examples {
        let (actual, unsafe_url) = match mode {
            Mode::Render => {
                let r = render(&ex.markdown, RenderOptions::default());
                let unsafe_url = r.warnings.iter().any(|w| w.message.contains("unsafe URL"));
                (r.html, unsafe_url)
            }
            Mode::Trusted => (render_trusted(&ex.markdown), false),
        };
        let strict = matches(ex, &actual, Quotes::Strict);
        outcome.strict_pass += usize::from(strict);
        if matches(ex, &actual, Quotes::AsReference) {
            outcome.pass += 1;
            if !strict {
                outcome
                    .strict_only_failures
                    .push(label(ex.number, &ex.section));
            }
            continue;
        }
        let reasons = match mode {
            Mode::Render => classify(ex, &actual, unsafe_url),
            Mode::Trusted => vec![Reason::PulldownCmark],
        };
        outcome.failures.push(Failure {
            number: ex.number,
            section: ex.section.clone(),
            markdown: ex.markdown.clone(),
            expected: ex.html.clone(),
            actual,
            reasons,
        });
    }
    outcome
}

fn report(title: &str, o: &Outcome) -> String {
    let summary = format!("{title}: {}/{} pass", o.pass, o.total);
    let strict = format!(
        "{title}, with normalize.py's own treatment of `\"` in text (a bare `\"` differs from \
         `&quot;`): {}/{} pass{}",
        o.strict_pass,
        o.total,
        if o.strict_only_failures.is_empty() {
            String::new()
        } else {
            format!("; it also fails {}", o.strict_only_failures.join(", "))
        }
    );
    loud(&summary);
    loud(&strict);
    for f in &o.failures {
        let reasons: Vec<&str> = f.reasons.iter().map(|r| r.describe()).collect();
        loud(&format!(
            "  {} differs: {}",
            label(f.number, &f.section),
            reasons.join("; ")
        ));
        // The diffs go to the captured output: shown with --nocapture, or when the test fails.
        println!(
            "--- {title} example {} ({})\nmarkdown: {:?}\nexpected: {:?}\nactual:   {:?}\n\
             normalised expected: {:?}\nnormalised actual:   {:?}",
            f.number,
            f.section,
            f.markdown,
            f.expected,
            f.actual,
            normalize_html(&f.expected),
            normalize_html(&f.actual),
        );
    }
    let counts = reason_table(&o.reasons());
    if !o.failures.is_empty() {
        loud(&format!("{title}, examples per reason: {counts}"));
    }
    format!("{summary}; per reason: {counts}")
}

/// `[(Reason::X, n), …]`, as the constants above are written.
fn reason_table(counts: &BTreeMap<Reason, usize>) -> String {
    let rows: Vec<String> = counts
        .iter()
        .map(|(reason, n)| format!("(Reason::{reason:?}, {n})"))
        .collect();
    format!("[{}]", rows.join(", "))
}

/// Runs both modes over a spec file and asserts the exact numbers.
fn check(
    title: &str,
    examples: &[Example],
    trusted_pass: usize,
    render_pass: usize,
    reasons: &[(Reason, usize)],
) {
    let trusted = run(examples, Mode::Trusted);
    let trusted_line = report(&format!("{title} (render_trusted)"), &trusted);
    let rendered = run(examples, Mode::Render);
    let render_line = report(&format!("{title} (render)"), &rendered);
    let expected: BTreeMap<Reason, usize> = reasons.iter().copied().collect();
    assert_eq!(
        (
            trusted.pass,
            rendered.pass,
            reason_table(&rendered.reasons())
        ),
        (trusted_pass, render_pass, reason_table(&expected)),
        "{trusted_line}\n{render_line}\n(pass through render_trusted, pass through render, \
         reasons) changed: if on purpose, update the constants (run with --nocapture for the \
         diffs)"
    );
}

#[test]
fn commonmark_spec_conformance() {
    let Some(dir) = shared_corpus("commonmark", "CommonMark conformance") else {
        return;
    };
    let examples = load(&dir.join("spec.json"));
    assert_eq!(
        examples.len(),
        652,
        "spec.json should hold the 652 examples of CommonMark 0.31.2"
    );
    check(
        "CommonMark",
        &examples,
        SPEC_TRUSTED_PASS,
        SPEC_RENDER_PASS,
        SPEC_REASONS,
    );
}

#[test]
fn gfm_extension_examples() {
    let Some(dir) = shared_corpus("commonmark", "GFM extension conformance") else {
        return;
    };
    let examples = load(&dir.join("gfm/extensions.json"));
    assert_eq!(
        examples.len(),
        28,
        "extensions.json should hold 28 examples"
    );
    check(
        "GFM extensions",
        &examples,
        GFM_TRUSTED_PASS,
        GFM_RENDER_PASS,
        GFM_REASONS,
    );
}

// --- Why an example differs ---------------------------------------------------------------

/// Why an example's HTML through [`render`] differs from the spec's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Reason {
    /// Headings get an `id` and a `#` anchor link.
    HeadingIds,
    /// Links that leave the site get `rel="noopener noreferrer"`.
    LinkRel,
    /// Images get `loading="lazy" decoding="async"`.
    ImageHints,
    /// A relative image path (`train.jpg`) is resolved against the site root (`/train.jpg`).
    ImageRoot,
    /// A fenced code block's `<pre>` gets `data-lang`.
    CodeLang,
    /// Task list boxes get an accessible name (and no line break after them).
    TaskLabels,
    /// GitHub's extended autolinks: bare `https://…`, `www.…` and addresses become links.
    GfmAutolinks,
    /// A link or image URL with a scheme other than http, https or mailto was removed.
    UrlPolicy,
    /// Raw HTML was rebuilt from the allowlist, or dropped (with comments, declarations and
    /// processing instructions).
    RawHtml,
    /// A code block language with characters outside `[A-Za-z0-9+#._-]` was left out.
    CodeLangFiltered,
    /// pulldown-cmark itself writes it differently (through `render_trusted` too).
    PulldownCmark,
    /// None of the above: a regression to look at.
    Unexplained,
}

impl Reason {
    fn describe(self) -> &'static str {
        match self {
            Reason::HeadingIds => "heading ids and anchors",
            Reason::LinkRel => "rel=\"noopener noreferrer\" on external links",
            Reason::ImageHints => "loading/decoding hints on images",
            Reason::ImageRoot => "relative image path resolved against the site root",
            Reason::CodeLang => "data-lang on code blocks",
            Reason::TaskLabels => "task list boxes with an accessible name",
            Reason::GfmAutolinks => "GFM extended autolinks (not CommonMark)",
            Reason::UrlPolicy => "URL policy (scheme not allowed)",
            Reason::RawHtml => "raw-HTML policy (rebuilt or dropped)",
            Reason::CodeLangFiltered => "code block language filtered",
            Reason::PulldownCmark => "pulldown-cmark writes it differently",
            Reason::Unexplained => "UNEXPLAINED",
        }
    }
}

/// Takes one decoration out of rendered HTML.
type Undo = fn(&str) -> String;

/// A decoration Quire adds, and how to take it out of rendered HTML again.
const DECORATIONS: [(Reason, Undo); 7] = [
    (Reason::HeadingIds, undo_heading_ids),
    (Reason::LinkRel, |h| {
        h.replace(" rel=\"noopener noreferrer\"", "")
    }),
    (Reason::ImageHints, |h| {
        h.replace(" loading=\"lazy\" decoding=\"async\"", "")
    }),
    (Reason::ImageRoot, undo_image_root),
    (Reason::CodeLang, |h| {
        strip_attribute(h, "<pre", "data-lang")
    }),
    (Reason::TaskLabels, undo_task_labels),
    (Reason::GfmAutolinks, undo_gfm_autolinks),
];

/// Why `actual` differs from the example: the smallest set of [`DECORATIONS`] whose removal
/// makes it pass, or else the one policy that explains it.
fn classify(ex: &Example, actual: &str, unsafe_url: bool) -> Vec<Reason> {
    let mut sets: Vec<u32> = (1..1 << DECORATIONS.len()).collect();
    sets.sort_by_key(|set| (set.count_ones(), *set));
    for set in sets {
        let chosen = || {
            DECORATIONS
                .iter()
                .enumerate()
                .filter(move |(i, _)| set & (1 << i) != 0)
                .map(|(_, d)| d)
        };
        let undone = chosen().fold(actual.to_string(), |html, (_, undo)| undo(&html));
        if matches(ex, &undone, Quotes::AsReference) {
            return chosen().map(|(reason, _)| *reason).collect();
        }
    }
    let reason = if unsafe_url {
        Reason::UrlPolicy
    } else if has_raw_html(&ex.markdown) {
        Reason::RawHtml
    } else if ex.html.contains("<code class=\"language-") && actual.contains("<pre><code>") {
        Reason::CodeLangFiltered
    } else if !matches(ex, &render_trusted(&ex.markdown), Quotes::AsReference) {
        Reason::PulldownCmark
    } else {
        Reason::Unexplained
    };
    vec![reason]
}

/// Whether Markdown holds something that looks like raw HTML: `<` then a letter, `/`, `!` or
/// `?`, except an autolink (`<https://…>`, `<a@b.c>`).
fn has_raw_html(markdown: &str) -> bool {
    markdown.match_indices('<').any(|(i, _)| {
        let rest = &markdown[i + 1..];
        let inside = &rest[..rest.find('>').unwrap_or(rest.len())];
        let autolink = !inside.contains(' ') && (inside.contains(':') || inside.contains('@'));
        rest.starts_with(|c: char| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'))
            && !autolink
    })
}

/// Removes ` name="…"` from every tag that starts with `tag` followed by that attribute.
fn strip_attribute(html: &str, tag: &str, name: &str) -> String {
    let opening = format!("{tag} {name}=\"");
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(&opening) {
        out.push_str(&rest[..i + tag.len()]);
        let value = &rest[i + opening.len()..];
        rest = &value[value.find('"').map_or(value.len(), |e| e + 1)..];
    }
    out.push_str(rest);
    out
}

fn undo_heading_ids(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let anchor = " <a class=\"heading-anchor\"";
    while let Some(i) = rest.find(anchor) {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        rest = &after[after.find("</a>").map_or(after.len(), |e| e + "</a>".len())..];
    }
    out.push_str(rest);
    (1..=6).fold(out, |html, level| {
        strip_attribute(&html, &format!("<h{level}"), "id")
    })
}

fn undo_image_root(html: &str) -> String {
    html.replace("<img src=\"//", "<img src=\"\u{0}")
        .replace("<img src=\"/", "<img src=\"")
        .replace("<img src=\"\u{0}", "<img src=\"//")
}

fn undo_task_labels(html: &str) -> String {
    html.replace(
        "<input type=\"checkbox\" disabled checked aria-label=\"Done\">",
        "<input disabled=\"\" type=\"checkbox\" checked=\"\"/>\n",
    )
    .replace(
        "<input type=\"checkbox\" disabled aria-label=\"Not done\">",
        "<input disabled=\"\" type=\"checkbox\"/>\n",
    )
}

/// Unwraps every link whose text is its own URL (`<a href="https://x">https://x</a>`, also
/// with `http://` or `mailto:` before the text), as the extended autolinks write them.
fn undo_gfm_autolinks(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find("<a href=\"") {
        out.push_str(&rest[..i]);
        let link = &rest[i..];
        match autolink_text(link) {
            Some((text, len)) => {
                out.push_str(text);
                rest = &link[len..];
            }
            None => {
                out.push_str("<a");
                rest = &link[2..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// For a link at the start of `html` whose text is its URL: the text, and the link's length.
fn autolink_text(html: &str) -> Option<(&str, usize)> {
    let after_href = &html["<a href=\"".len()..];
    let href = &after_href[..after_href.find('"')?];
    let mut at = "<a href=\"".len() + href.len() + 1;
    for attribute in [" rel=\"noopener noreferrer\"", ">"] {
        if html[at..].starts_with(attribute) {
            at += attribute.len();
        }
    }
    if !html[..at].ends_with('>') {
        return None;
    }
    let text = &html[at..at + html[at..].find("</a>")?];
    let url = href_of_text(text);
    let own = [String::new(), "http://".into(), "mailto:".into()]
        .iter()
        .any(|prefix| href == format!("{prefix}{url}"));
    (own && !text.contains('<')).then_some((text, at + text.len() + "</a>".len()))
}

/// Link text (HTML-escaped) written as pulldown-cmark writes an `href`: non-ASCII and other
/// unsafe bytes percent-encoded, `&` as `&amp;`.
fn href_of_text(text: &str) -> String {
    let plain = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    let mut out = String::new();
    for c in plain.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '\'' => out.push_str("&#x27;"),
            c if c.is_ascii_alphanumeric() || "!#$%()*+,-./:;=?@^_~".contains(c) => out.push(c),
            c => {
                let mut buf = [0; 4];
                for byte in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{byte:02X}"));
                }
            }
        }
    }
    out
}

#[test]
fn decorations_are_undone_exactly() {
    let heading = "<h2 id=\"a-1\">A <a class=\"heading-anchor\" href=\"#a-1\" \
                   aria-label=\"Link to the section A\">#</a></h2>\n";
    assert_eq!(undo_heading_ids(heading), "<h2>A</h2>\n");
    assert_eq!(
        undo_image_root("<img src=\"/a.png\"><img src=\"//x/a.png\">"),
        "<img src=\"a.png\"><img src=\"//x/a.png\">"
    );
    assert_eq!(
        strip_attribute("<pre data-lang=\"rust\"><code>", "<pre", "data-lang"),
        "<pre><code>"
    );
    assert_eq!(
        undo_gfm_autolinks(
            "<a href=\"http://www.x.com\" rel=\"noopener noreferrer\">www.x.com</a> \
             <a href=\"mailto:a@b.c\">a@b.c</a> <a href=\"/u\">text</a> \
             <a href=\"http://x/%C3%A5\">http://x/å</a>"
        ),
        "www.x.com a@b.c <a href=\"/u\">text</a> http://x/å"
    );
    assert!(has_raw_html("a <b>c</b>"));
    assert!(has_raw_html("<!-- c -->"));
    assert!(!has_raw_html("<https://x.example> <a@b.c> 1 < 2"));
}

#[test]
fn normalisation_is_not_too_lenient() {
    // Whitespace between block tags, attribute order and quoting, and the spelling of
    // character references are not significant...
    assert_eq!(
        normalize_html("<p>a</p>\n<ul>\n<li>x</li>\n</ul>\n"),
        normalize_html("<p>a</p><ul><li>x</li></ul>")
    );
    assert_eq!(
        normalize_html("<a title='t' href=\"/u\">&#35;&#x41;</a>"),
        normalize_html("<a href=/u title=\"t\">#A</a>")
    );
    assert_eq!(normalize_html("<br />\nx"), normalize_html("<br>x"));
    // ...but text, inline whitespace, escaping, attribute values and <pre> content are.
    for (a, b) in [
        ("<p>a b</p>", "<p>ab</p>"),
        ("<p><em>a</em> b</p>", "<p><em>a</em>b</p>"),
        ("<p>&lt;b&gt;</p>", "<p><b></p>"),
        ("<p>&amp;</p>", "<p>&amp;amp;</p>"),
        ("<a href=\"/a\">x</a>", "<a href=\"/b\">x</a>"),
        ("<a href=\"/a\">x</a>", "<a>x</a>"),
        (
            "<pre><code>a  b\n</code></pre>",
            "<pre><code>a b\n</code></pre>",
        ),
        ("<p>a</p>", "<h1>a</h1>"),
        ("<p>a</p>", "<p>a"),
        ("<script>\"</script>", "<script>&quot;</script>"),
    ] {
        assert_ne!(normalize_html(a), normalize_html(b), "{a} vs {b}");
    }
    // A bare `"` in text is `&quot;` here, but not in normalize.py's own treatment.
    assert_eq!(
        normalize_html("<p>\"a\"</p>"),
        normalize_html("<p>&quot;a&#34;</p>")
    );
    assert_ne!(
        normalize("<p>\"a\"</p>", Quotes::Strict),
        normalize("<p>&quot;a&quot;</p>", Quotes::Strict)
    );
}

// --- Normalisation -------------------------------------------------------------------------

/// A port of the CommonMark spec's `test/normalize.py` (`normalize_html`), which the spec's test
/// runner applies to both the expected and the actual HTML before comparing them:
///
/// - tag and attribute names are lower-cased; attributes are sorted by name then value and
///   written as `name="value"` (or a bare `name` when there is no value), with the value's
///   character references decoded and `&`, `<`, `>`, `"` and `'` escaped again;
/// - a self-closing tag (`<br />`) is written as its start tag (`<br>`);
/// - character references in text are decoded, except that `<`, `>`, `&` and `"` are written
///   `&lt;`, `&gt;`, `&amp;` and `&quot;`; a reference that cannot be decoded is kept as it is;
/// - outside `<pre>`, each run of whitespace in text becomes one space;
/// - whitespace before a block-level start or end tag is removed, as is whitespace at the start
///   of text that follows a block-level start tag and around text that follows a block-level end
///   tag; newlines right after `<br>` are removed;
/// - comments, declarations, processing instructions and CDATA sections are kept verbatim.
///
/// Differences from the Python. One makes this version laxer: a `"` in text (outside `<script>`
/// and `<style>`) is written `&quot;`, as a reference to it is, since the two are the same text
/// once parsed; [`Quotes::Strict`] turns that off. The others all make it stricter:
/// whitespace means ASCII whitespace (Python's `\s` and `str.strip` also take U+00A0 and other
/// Unicode spaces), and only the named references `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`
/// and `&nbsp;` are decoded (Python knows every HTML 4 name), so another named reference only
/// matches itself. Tags are recognised with a grammar close to Python's `html.parser`; a `<`
/// that does not start a tag is text, as in Python.
fn normalize_html(html: &str) -> String {
    normalize(html, Quotes::AsReference)
}

#[derive(Clone, Copy, PartialEq, Eq, Default)]
enum Quotes {
    /// A `"` in text is written `&quot;`, like a reference to it.
    #[default]
    AsReference,
    /// As `normalize.py`: a `"` in text stays as it is, so it differs from `&quot;`.
    Strict,
}

fn normalize(html: &str, quotes: Quotes) -> String {
    let mut n = Normalizer {
        quotes,
        ..Normalizer::default()
    };
    let bytes = html.as_bytes();
    let mut i = 0;
    let mut text_start = 0;
    while i < bytes.len() {
        let token = match bytes[i] {
            b'<' => lex_markup(html, i),
            b'&' => lex_reference(html, i),
            _ => None,
        };
        match token {
            Some((tok, end)) => {
                if text_start < i {
                    n.data(&html[text_start..i]);
                }
                match tok {
                    Token::Start { name, attrs, empty } => {
                        let raw_text = !empty && matches!(name.as_str(), "script" | "style");
                        n.start_tag(&name, attrs, empty);
                        if raw_text {
                            // Script and style content is text up to the end tag, as in Python.
                            let close = format!("</{name}");
                            let rest = &html[end..];
                            let stop = rest.to_ascii_lowercase().find(&close).unwrap_or(rest.len());
                            if stop > 0 {
                                n.raw_text(&rest[..stop]);
                            }
                            i = end + stop;
                            text_start = i;
                            continue;
                        }
                    }
                    Token::End(name) => n.end_tag(&name),
                    Token::Verbatim(raw) => n.verbatim(raw),
                    Token::Reference { decoded, raw } => n.reference(decoded, raw),
                }
                i = end;
                text_start = i;
            }
            None => i += 1,
        }
    }
    if text_start < bytes.len() {
        n.data(&html[text_start..]);
    }
    n.output
}

#[derive(Clone, Copy, PartialEq, Eq, Default)]
enum Last {
    #[default]
    StartTag,
    EndTag,
    Data,
    Other,
}

#[derive(Default)]
struct Normalizer {
    output: String,
    last: Last,
    last_tag: String,
    in_pre: bool,
    quotes: Quotes,
}

fn is_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c' | '\x0b')
}

fn is_block_tag(tag: &str) -> bool {
    matches!(
        tag,
        "article"
            | "header"
            | "aside"
            | "hgroup"
            | "blockquote"
            | "hr"
            | "iframe"
            | "body"
            | "li"
            | "map"
            | "button"
            | "object"
            | "canvas"
            | "ol"
            | "caption"
            | "output"
            | "col"
            | "p"
            | "colgroup"
            | "pre"
            | "dd"
            | "progress"
            | "div"
            | "dl"
            | "section"
            | "dt"
            | "table"
            | "td"
            | "tbody"
            | "embed"
            | "textarea"
            | "fieldset"
            | "tfoot"
            | "figcaption"
            | "th"
            | "figure"
            | "thead"
            | "footer"
            | "tr"
            | "form"
            | "ul"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "video"
            | "script"
            | "style"
    )
}

fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_ws = false;
    for c in s.chars() {
        if is_ws(c) {
            if !in_ws {
                out.push(' ');
            }
            in_ws = true;
        } else {
            out.push(c);
            in_ws = false;
        }
    }
    out
}

fn escape_into(out: &mut String, c: char, quote_apos: bool) {
    match c {
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '&' => out.push_str("&amp;"),
        '"' => out.push_str("&quot;"),
        '\'' if quote_apos => out.push_str("&#x27;"),
        c => out.push(c),
    }
}

impl Normalizer {
    fn trim_output_end(&mut self) {
        let len = self.output.trim_end_matches(is_ws).len();
        self.output.truncate(len);
    }

    fn data(&mut self, data: &str) {
        if self.quotes == Quotes::AsReference && data.contains('"') {
            self.text(&data.replace('"', "&quot;"));
        } else {
            self.text(data);
        }
    }

    /// The content of `<script>` or `<style>`, where references are not decoded.
    fn raw_text(&mut self, data: &str) {
        self.text(data);
    }

    fn text(&mut self, data: &str) {
        let after_tag = matches!(self.last, Last::StartTag | Last::EndTag);
        let after_block_tag = after_tag && is_block_tag(&self.last_tag);
        let mut data = data;
        if after_tag && self.last_tag == "br" {
            data = data.trim_start_matches('\n');
        }
        let mut data = if self.in_pre {
            data.to_string()
        } else {
            collapse_ws(data)
        };
        if after_block_tag && !self.in_pre {
            data = match self.last {
                Last::StartTag => data.trim_start_matches(is_ws).to_string(),
                _ => data.trim_matches(is_ws).to_string(),
            };
        }
        self.output.push_str(&data);
        self.last = Last::Data;
    }

    fn start_tag(&mut self, tag: &str, mut attrs: Vec<(String, Option<String>)>, empty: bool) {
        if tag == "pre" {
            self.in_pre = true;
        }
        if is_block_tag(tag) {
            self.trim_output_end();
        }
        self.output.push('<');
        self.output.push_str(tag);
        attrs.sort();
        for (k, v) in attrs {
            self.output.push(' ');
            self.output.push_str(&k);
            if let Some(v) = v {
                self.output.push_str("=\"");
                for c in decode_attribute(&v).chars() {
                    escape_into(&mut self.output, c, true);
                }
                self.output.push('"');
            }
        }
        self.output.push('>');
        self.last_tag = tag.to_string();
        // Python's handle_startendtag: the tag counts as closed.
        self.last = if empty { Last::EndTag } else { Last::StartTag };
    }

    fn end_tag(&mut self, tag: &str) {
        if tag == "pre" {
            self.in_pre = false;
        } else if is_block_tag(tag) {
            self.trim_output_end();
        }
        self.output.push_str("</");
        self.output.push_str(tag);
        self.output.push('>');
        self.last_tag = tag.to_string();
        self.last = Last::EndTag;
    }

    fn verbatim(&mut self, raw: &str) {
        self.output.push_str(raw);
        self.last = Last::Other;
    }

    fn reference(&mut self, decoded: Option<char>, raw: &str) {
        match decoded {
            Some(c) => escape_into(&mut self.output, c, false),
            None => self.output.push_str(raw),
        }
        self.last = Last::Other;
    }
}

enum Token<'a> {
    Start {
        name: String,
        attrs: Vec<(String, Option<String>)>,
        empty: bool,
    },
    End(String),
    Verbatim(&'a str),
    Reference {
        decoded: Option<char>,
        raw: &'a str,
    },
}

/// Lexes the markup starting at `html[i] == '<'`; `None` when the `<` is text.
fn lex_markup(html: &str, i: usize) -> Option<(Token<'_>, usize)> {
    let rest = &html[i..];
    let verbatim = |open: &str, close: &str| {
        rest.strip_prefix(open).and_then(|after| {
            after.find(close).map(|j| {
                let end = i + open.len() + j + close.len();
                (Token::Verbatim(&html[i..end]), end)
            })
        })
    };
    if rest.starts_with("<!--") {
        // `<!-->` and `<!--->` are complete (empty) comments in HTML and in CommonMark 0.31.
        for short in ["<!-->", "<!--->"] {
            if rest.starts_with(short) {
                return Some((Token::Verbatim(&rest[..short.len()]), i + short.len()));
            }
        }
        return verbatim("<!--", "-->");
    }
    if rest.starts_with("<![CDATA[") {
        return verbatim("<![CDATA[", "]]>");
    }
    if rest.starts_with("<!") {
        return verbatim("<!", ">");
    }
    if rest.starts_with("<?") {
        return verbatim("<?", ">");
    }
    let b = rest.as_bytes();
    if b.len() > 2 && b[1] == b'/' && b[2].is_ascii_alphabetic() {
        // End tag: `</name` then anything up to `>`.
        let name_len = b[2..]
            .iter()
            .position(|&c| is_ws(c as char) || c == b'/' || c == b'>')
            .unwrap_or(b.len() - 2);
        let name = rest[2..2 + name_len].to_ascii_lowercase();
        let close = rest.find('>')?;
        return Some((Token::End(name), i + close + 1));
    }
    if b.len() > 1 && b[1].is_ascii_alphabetic() {
        return lex_start_tag(rest).map(|(tok, len)| (tok, i + len));
    }
    None
}

/// A start tag as Python's `html.parser` reads one: `<name`, attributes (`name`, `name=value`,
/// `name='value'`, `name="value"`), an optional `/`, then `>`.
fn lex_start_tag(rest: &str) -> Option<(Token<'_>, usize)> {
    let b = rest.as_bytes();
    let mut j = 1;
    while j < b.len() && !is_ws(b[j] as char) && b[j] != b'/' && b[j] != b'>' {
        j += 1;
    }
    let name = rest[1..j].to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        let ws_start = j;
        while j < b.len() && (is_ws(b[j] as char) || (b[j] == b'/' && b.get(j + 1) != Some(&b'>')))
        {
            j += 1;
        }
        match b.get(j) {
            None => return None,
            Some(b'>') => {
                return Some((
                    Token::Start {
                        name,
                        attrs,
                        empty: false,
                    },
                    j + 1,
                ));
            }
            Some(b'/') if b.get(j + 1) == Some(&b'>') => {
                return Some((
                    Token::Start {
                        name,
                        attrs,
                        empty: true,
                    },
                    j + 2,
                ));
            }
            Some(_) if j == ws_start => return None, // attributes must be separated
            Some(_) => {}
        }
        let k_start = j;
        while j < b.len() && !is_ws(b[j] as char) && !matches!(b[j], b'/' | b'>' | b'=') {
            j += 1;
        }
        if j == k_start {
            return None;
        }
        let key = rest[k_start..j].to_ascii_lowercase();
        let mut p = j;
        while p < b.len() && is_ws(b[p] as char) {
            p += 1;
        }
        if b.get(p) != Some(&b'=') {
            attrs.push((key, None));
            continue;
        }
        p += 1;
        while p < b.len() && is_ws(b[p] as char) {
            p += 1;
        }
        let value = match b.get(p) {
            Some(&q @ (b'"' | b'\'')) => {
                let close = rest[p + 1..].find(q as char)?;
                let v = &rest[p + 1..p + 1 + close];
                p = p + 1 + close + 1;
                v
            }
            _ => {
                let v_start = p;
                while p < b.len() && !is_ws(b[p] as char) && b[p] != b'>' {
                    p += 1;
                }
                &rest[v_start..p]
            }
        };
        attrs.push((key, Some(value.to_string())));
        j = p;
    }
}

/// A character reference at `html[i] == '&'`: `&name;` or `&#digits;` / `&#xhex;`, as Python's
/// `html.parser` recognises them (the `;` may be left out before a character that cannot
/// continue the reference). `None` when the `&` is text.
fn lex_reference(html: &str, i: usize) -> Option<(Token<'_>, usize)> {
    let b = html.as_bytes();
    let mut j = i + 1;
    let numeric = b.get(j) == Some(&b'#');
    if numeric {
        j += 1;
        let hex = matches!(b.get(j), Some(b'x' | b'X'));
        if hex {
            j += 1;
        }
        let digits_start = j;
        while j < b.len()
            && (if hex {
                b[j].is_ascii_hexdigit()
            } else {
                b[j].is_ascii_digit()
            })
        {
            j += 1;
        }
        // Python needs a character after the reference to recognise it.
        if j == digits_start || j >= b.len() {
            return None;
        }
        let digits = &html[digits_start..j];
        let end = if b[j] == b';' { j + 1 } else { j };
        let decoded = u32::from_str_radix(digits, if hex { 16 } else { 10 })
            .ok()
            .and_then(char::from_u32);
        return Some((
            Token::Reference {
                decoded,
                raw: &html[i..end],
            },
            end,
        ));
    }
    if !b.get(j).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    while j < b.len() && (b[j].is_ascii_alphanumeric() || matches!(b[j], b'-' | b'.')) {
        j += 1;
    }
    if j >= b.len() {
        return None;
    }
    let end = if b[j] == b';' { j + 1 } else { j };
    Some((
        Token::Reference {
            decoded: named_reference(&html[i + 1..j]),
            raw: &html[i..end],
        },
        end,
    ))
}

fn named_reference(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        _ => None,
    }
}

/// Decodes the character references of an attribute value (Python's `html.unescape`, limited
/// to the references [`named_reference`] knows and to numeric ones).
fn decode_attribute(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut i = 0;
    // A terminator so that a reference at the very end is recognised, as html.unescape does.
    let padded = format!("{value}\u{0}");
    while i < value.len() {
        if value.as_bytes()[i] == b'&'
            && let Some((
                Token::Reference {
                    decoded: Some(c), ..
                },
                end,
            )) = lex_reference(&padded, i)
        {
            out.push(c);
            i = end.min(value.len());
            continue;
        }
        let c = value[i..].chars().next().unwrap_or('\0');
        out.push(c);
        i += c.len_utf8();
    }
    out
}
