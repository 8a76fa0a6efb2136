//! Renderer rules as spec files: every example of `tests/spec/*.md` (Markdown in, the exact
//! HTML, table of contents and warnings of [`render`] out), in the CommonMark spec's format as
//! pulldown-cmark keeps its own `specs/*.txt`. The format is described in
//! `tests/spec/README.md`. All examples run; a failure lists each failing example as
//! `file:line` with its Markdown and a line diff of expected and actual.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;
use std::path::Path;

use quire_core::markdown::code::{
    BlockRuns, CLASSES, CODE_RUNS_VERSION, CodeRuns, fenced_blocks, text_hash,
};
use quire_core::markdown::{RenderOptions, Rendered, render};
use quire_core::{ImageSize, ImageSizes};

/// The fence around an example: 32 backticks, as in the CommonMark spec.
const FENCE: &str = "````````````````````````````````";

/// One example: where it is, its options (the info string after `example`), its Markdown and
/// the expected output as written in the file.
struct Example {
    place: String,
    info: String,
    markdown: String,
    expected: String,
}

/// The options an example's info string names (`base_path=/blog/ remote_posters …`).
#[derive(Default)]
struct Settings {
    site_url: Option<String>,
    base_path: String,
    video_hosts: Option<Vec<String>>,
    remote_posters: bool,
    images: ImageSizes,
    code: Option<CodeRuns>,
    plain_code: bool,
    /// The post's URL and own files (`post=/blog/x/ file=figure.png`).
    post: String,
    files: Vec<String>,
}

impl Settings {
    fn parse(info: &str) -> Result<Settings, String> {
        let mut settings = Settings::default();
        for word in info.split_whitespace() {
            let (key, value) = word.split_once('=').unwrap_or((word, ""));
            match key {
                "site_url" => settings.site_url = Some(value.to_string()),
                "base_path" => settings.base_path = value.to_string(),
                "video_hosts" => {
                    let hosts = value.split(',').filter(|h| !h.is_empty());
                    settings.video_hosts = Some(hosts.map(str::to_string).collect());
                }
                "remote_posters" if value.is_empty() => settings.remote_posters = true,
                "plain_code" if value.is_empty() => settings.plain_code = true,
                "post" => settings.post = value.to_string(),
                "file" => settings.files.push(value.to_string()),
                "image" => {
                    let (path, size) = image(value).ok_or(format!("bad image `{value}`"))?;
                    settings.images.insert(path, &size);
                }
                "code" => {
                    let block = code_runs(value).ok_or(format!("bad code runs `{value}`"))?;
                    let code = settings.code.get_or_insert_with(|| CodeRuns {
                        version: CODE_RUNS_VERSION,
                        blocks: Vec::new(),
                    });
                    code.blocks.push(block);
                }
                _ => return Err(format!("unknown option `{word}`")),
            }
        }
        Ok(settings)
    }

    fn options(&self) -> RenderOptions<'_> {
        let options = RenderOptions {
            site_url: self.site_url.as_deref(),
            video_hosts: self.video_hosts.as_deref(),
            remote_posters: self.remote_posters,
            base_path: &self.base_path,
            images: Some(&self.images).filter(|images| !images.is_empty()),
            code: self.code.as_ref(),
            plain_code: self.plain_code,
            files: None,
        };
        match self.post.is_empty() {
            true => options,
            false => options.with_files(&self.post, &self.files),
        }
    }

    /// The runs given for the fenced blocks of `markdown` made for their text (the hash the
    /// builder writes).
    fn hash_code(&mut self, markdown: &str) {
        let blocks = fenced_blocks(markdown);
        for runs in self.code.iter_mut().flat_map(|c| c.blocks.iter_mut()) {
            if let Some(b) = blocks.get(runs.block as usize) {
                runs.hash = text_hash(&b.text);
            }
        }
    }
}

/// `0:2/keyword,1,4/string`: a fenced block's number and its runs, each a length in bytes
/// with its class (none: plain).
fn code_runs(value: &str) -> Option<BlockRuns> {
    let (block, list) = value.split_once(':')?;
    let mut runs = Vec::new();
    for run in list.split(',') {
        let (len, class) = run.split_once('/').unwrap_or((run, ""));
        let class = CLASSES.iter().position(|c| *c == class)?;
        runs.extend([len.parse().ok()?, u32::try_from(class).ok()?]);
    }
    Some(BlockRuns {
        block: block.parse().ok()?,
        hash: 0,
        runs,
    })
}

/// `/assets/a.png:1600x900:480,960`: an image's site path, size and copies' widths.
fn image(value: &str) -> Option<(&str, ImageSize)> {
    let mut parts = value.split(':');
    let path = parts.next()?;
    let (width, height) = parts.next()?.split_once('x')?;
    let widths = match parts.next() {
        Some(list) => list
            .split(',')
            .map(|w| w.parse().ok())
            .collect::<Option<_>>()?,
        None => Vec::new(),
    };
    let size = ImageSize {
        width: width.parse().ok()?,
        height: height.parse().ok()?,
        widths,
    };
    Some((path, size))
}

/// The examples of one spec file.
fn examples(name: &str, text: &str) -> Vec<Example> {
    let mut found = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((index, line)) = lines.next() {
        let Some(info) = line
            .strip_prefix(FENCE)
            .and_then(|l| l.strip_prefix(" example"))
        else {
            continue;
        };
        let (mut markdown, mut expected, mut in_markdown) = (String::new(), String::new(), true);
        for (_, line) in lines.by_ref().take_while(|(_, l)| *l != FENCE) {
            match line {
                "." if in_markdown => in_markdown = false,
                _ if in_markdown => markdown.push_str(&format!("{line}\n")),
                _ => expected.push_str(&format!("{line}\n")),
            }
        }
        found.push(Example {
            place: format!("tests/spec/{name}:{}", index + 1),
            info: info.trim().to_string(),
            markdown: unescape(&markdown),
            expected,
        });
    }
    found
}

/// A rendered post as an example writes it: the HTML, then the table of contents after a line
/// `. toc` (`h2 #id text`), then the warnings after a line `. warnings` (`line: message`, or
/// `line ×count: message`), each section left out when empty.
fn written(rendered: &Rendered) -> String {
    let mut out = rendered.html.clone();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    if !rendered.toc.is_empty() {
        out.push_str(". toc\n");
    }
    for entry in &rendered.toc {
        let _ = writeln!(out, "h{} #{} {}", entry.level, entry.id, entry.text);
    }
    if !rendered.warnings.is_empty() {
        out.push_str(". warnings\n");
    }
    for warning in &rendered.warnings {
        match warning.count {
            1 => writeln!(out, "{}: {}", warning.line, warning.message),
            n => writeln!(out, "{} ×{n}: {}", warning.line, warning.message),
        }
        .unwrap();
    }
    escape(&out)
}

/// Characters a reader could not see in the file, written `→` (a tab) and `\u{200b}`.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' => out.push('→'),
            '\n' | ' ' => out.push(c),
            _ if c.is_whitespace() || c.is_control() || is_invisible(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            _ => out.push(c),
        }
    }
    out
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}')
}

/// The Markdown of an example as the renderer gets it: `→` a tab, `\u{…}` that character.
fn unescape(text: &str) -> String {
    let text = text.replace('→', "\t");
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find("\\u{") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 3..];
        let end = after.find('}').expect("`\\u{` without `}`");
        let code = u32::from_str_radix(&after[..end], 16).expect("a hex code point");
        out.push(char::from_u32(code).expect("a Unicode scalar value"));
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// A line diff of `expected` and `actual` (longest common subsequence): `-` only expected,
/// `+` only actual, two spaces both.
fn diff(expected: &str, actual: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    // common[i][j]: the longest common subsequence of a[i..] and b[j..].
    let mut common = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            common[i][j] = match a[i] == b[j] {
                true => common[i + 1][j + 1] + 1,
                false => common[i + 1][j].max(common[i][j + 1]),
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, String::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            let _ = writeln!(out, "  {}", a[i]);
            (i, j) = (i + 1, j + 1);
        } else if j == b.len() || (i < a.len() && common[i + 1][j] >= common[i][j + 1]) {
            let _ = writeln!(out, "- {}", a[i]);
            i += 1;
        } else {
            let _ = writeln!(out, "+ {}", b[j]);
            j += 1;
        }
    }
    out
}

/// Runs one example: `None` when it passes, else what to show.
fn run(example: &Example) -> Option<String> {
    let mut settings = match Settings::parse(&example.info) {
        Ok(settings) => settings,
        Err(e) => return Some(format!("{}: {e}\n", example.place)),
    };
    settings.hash_code(&example.markdown);
    let actual = written(&render(&example.markdown, settings.options()));
    (actual != example.expected).then(|| {
        format!(
            "{}: {}\n--- markdown\n{}--- diff (- expected, + actual)\n{}",
            example.place,
            format!("example {}", example.info).trim_end(),
            escape(&example.markdown),
            diff(&example.expected, &actual)
        )
    })
}

#[test]
fn spec_examples() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/spec");
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .expect("tests/spec")
        .map(|entry| entry.expect("a spec file").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("README.md"))
        .collect();
    files.sort();
    let (mut total, mut failures) = (0, Vec::new());
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy();
        let examples = examples(&name, &std::fs::read_to_string(path).unwrap());
        assert!(!examples.is_empty(), "no examples in {}", path.display());
        total += examples.len();
        failures.extend(examples.iter().filter_map(run));
    }
    assert!(
        files.len() >= 6,
        "spec files missing in {}",
        folder.display()
    );
    println!("{} spec examples in {} files", total, files.len());
    assert!(
        failures.is_empty(),
        "{} of {total} spec examples failed:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_diff_marks_lines_only_one_side_has() {
    assert_eq!(
        diff("a\nb\nc\n", "a\nx\nc\nd\n"),
        "  a\n- b\n+ x\n  c\n+ d\n"
    );
    assert_eq!(diff("", ""), "");
}
