//! CommonMark conformance of Quire's Markdown dialect, as a number.
//!
//! Renders the 652 examples of the CommonMark 0.31.2 spec and the 28 GitHub-flavoured extension
//! examples of cmark-gfm (both read in place from `../shared/corpus/commonmark/`, never copied
//! into the repository) with [`quire_core::markdown::render_trusted`]: pulldown-cmark with
//! Quire's option set (tables, footnotes, strikethrough, task lists, heading attributes) and raw
//! HTML trusted. The output is compared with the spec's HTML after the normalisation of the
//! spec's own `test/normalize.py` (see [`normalize_html`]); an example passes only when both
//! normalise to the same string.
//!
//! One difference from `normalize.py` is counted as equal: a `"` in text written as is versus
//! written `&quot;` (the same text once parsed; pulldown-cmark 0.13 no longer escapes `"` in
//! text, cmark does). The count under `normalize.py`'s own treatment is printed next to it, with
//! the examples that only that treatment fails, so the leniency is visible.
//!
//! An extension example whose expected HTML is `<IGNORE>` only checks that the renderer does not
//! crash: cmark-gfm's `spec_tests.py` counts it as passed once the program returns.
//!
//! The spec examples must reach [`SPEC_THRESHOLD`]; the extension examples are only measured
//! (pulldown-cmark has no extended autolinks and no tag filter, and writes footnotes and table
//! alignment its own way), with their failures listed.
//!
//! The counts and the failing examples are written to the process's stderr directly, past
//! libtest's output capture, so they show with or without `--nocapture`; the diffs of the
//! failing examples go to the captured stdout (shown with `--nocapture` or on failure), and the
//! assertion message repeats the count.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write as _;
use std::path::{Path, PathBuf};

use quire_core::markdown::render_trusted;
use serde_json::Value;

/// Spec examples that must pass, out of 652.
const SPEC_THRESHOLD: usize = 645;

/// `../shared/corpus/commonmark/` seen from the repository root.
fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/commonmark")
}

/// Writes to the process's stderr without going through libtest's output capture, so the line
/// is seen whether or not the test passes and whether or not `--nocapture` is given.
fn loud(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

fn skip_if_absent() -> bool {
    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if shared.exists() {
        return false;
    }
    loud("");
    loud("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
    loud("SKIPPED: ../shared/corpus not found — CommonMark conformance NOT measured");
    loud(&format!("(looked for {})", shared.display()));
    loud("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!");
    loud("");
    true
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

struct Failure {
    number: u64,
    section: String,
    markdown: String,
    expected: String,
    actual: String,
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

fn label(number: u64, section: &str) -> String {
    format!("#{number} ({section})")
}

fn run(examples: &[Example]) -> Outcome {
    let mut outcome = Outcome {
        total: examples.len(),
        pass: 0,
        failures: Vec::new(),
        strict_pass: 0,
        strict_only_failures: Vec::new(),
    };
    for ex in examples {
        let actual = render_trusted(&ex.markdown);
        let ignore = ex.html.trim() == "<IGNORE>";
        let same = |quotes| ignore || normalize(&actual, quotes) == normalize(&ex.html, quotes);
        let strict = same(Quotes::Strict);
        if strict {
            outcome.strict_pass += 1;
        }
        if same(Quotes::AsReference) {
            outcome.pass += 1;
            if !strict {
                outcome
                    .strict_only_failures
                    .push(label(ex.number, &ex.section));
            }
        } else {
            outcome.failures.push(Failure {
                number: ex.number,
                section: ex.section.clone(),
                markdown: ex.markdown.clone(),
                expected: ex.html.clone(),
                actual,
            });
        }
    }
    outcome
}

fn report(title: &str, o: &Outcome) -> String {
    let summary = format!("{title}: {}/{} pass", o.pass, o.total);
    let list = o
        .failures
        .iter()
        .map(|f| label(f.number, &f.section))
        .collect::<Vec<_>>()
        .join(", ");
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
    if !o.failures.is_empty() {
        loud(&format!("{title} failing: {list}"));
        // The diffs go to the captured output: shown with --nocapture, or when the test fails.
        for f in &o.failures {
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
    }
    format!("{summary}; failing: [{list}]; {strict}")
}

#[test]
fn commonmark_spec_conformance() {
    if skip_if_absent() {
        return;
    }
    let examples = load(&corpus_dir().join("spec.json"));
    assert_eq!(
        examples.len(),
        652,
        "spec.json should hold the 652 examples of CommonMark 0.31.2"
    );
    let outcome = run(&examples);
    let line = report("CommonMark", &outcome);
    assert!(
        outcome.pass >= SPEC_THRESHOLD,
        "{line} — fewer than {SPEC_THRESHOLD} pass (run with --nocapture for the diffs)"
    );
}

#[test]
fn gfm_extension_examples() {
    if skip_if_absent() {
        return;
    }
    let examples = load(&corpus_dir().join("gfm/extensions.json"));
    assert_eq!(
        examples.len(),
        28,
        "extensions.json should hold 28 examples"
    );
    let outcome = run(&examples);
    let line = report("GFM extensions", &outcome);
    assert!(outcome.pass > 0, "{line}");
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
