//! Highlighted code as data: the token runs the builder finds for a post's fenced code blocks
//! (`CodeRuns`, the file `posts/<post>.code.json`), the fence options Zola reads (`linenos`,
//! `hl_lines`, `linenostart`, `hide_lines`), and a block written with both: `<span
//! class="hl-…">` around escaped text, lines wrapped when an option asks for it.

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

/// The version of the runs file; a file of another version is not applied.
pub const CODE_RUNS_VERSION: u32 = 1;

/// The token classes, by number in the runs (0 is plain text): each is written
/// `class="hl-<name>"` and coloured by the stylesheet.
pub const CLASSES: [&str; 12] = [
    "",
    "keyword",
    "string",
    "comment",
    "number",
    "function",
    "type",
    "constant",
    "punct",
    "attribute",
    "macro",
    "tag",
];

/// A post's highlighted code blocks. In JSON:
/// `{"version":1,"blocks":[{"block":0,"hash":123,"runs":[2,1,1,0,…]}]}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeRuns {
    pub version: u32,
    /// The blocks that have runs, in order of `block`.
    pub blocks: Vec<BlockRuns>,
}

/// The runs of one fenced code block.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockRuns {
    /// Which fenced code block of the post (0 for the first), in document order.
    pub block: u32,
    /// [`text_hash`] of the block's text: runs of a block whose text changed are not applied.
    pub hash: u32,
    /// `[length, class, length, class, …]`: lengths in bytes of the block's text, in order,
    /// adding up to all of it; classes index [`CLASSES`].
    pub runs: Vec<u32>,
}

impl CodeRuns {
    /// The runs of the fenced block `block` whose text is `text`, if they fit it.
    pub fn get(&self, block: u32, text: &str) -> Option<Vec<(usize, usize, u8)>> {
        if self.version != CODE_RUNS_VERSION {
            return None;
        }
        let found = self.blocks.binary_search_by_key(&block, |b| b.block).ok()?;
        let runs = &self.blocks[found];
        match runs.hash == text_hash(text) {
            true => spans(&runs.runs, text),
            false => None,
        }
    }
}

/// The runs as `(start, end, class)` spans over `text`, if they cover it exactly, on
/// character boundaries, with known classes.
fn spans(runs: &[u32], text: &str) -> Option<Vec<(usize, usize, u8)>> {
    if !runs.len().is_multiple_of(2) {
        return None;
    }
    let mut out = Vec::with_capacity(runs.len() / 2);
    let mut at = 0usize;
    for pair in runs.chunks_exact(2) {
        let end = at.checked_add(usize::try_from(pair[0]).ok()?)?;
        let class = u8::try_from(pair[1])
            .ok()
            .filter(|&c| (c as usize) < CLASSES.len())?;
        if !text.is_char_boundary(end) || end > text.len() {
            return None;
        }
        out.push((at, end, class));
        at = end;
    }
    (at == text.len()).then_some(out)
}

/// FNV-1a over the text's bytes: tells a block's text from the one the runs were made for.
pub fn text_hash(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// A fenced code block of a post: its number, info string and text, as [`render`](super::render)
/// sees them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FencedBlock {
    pub block: u32,
    pub info: String,
    pub text: String,
}

/// Every fenced code block of a post, in document order: what the builder highlights.
pub fn fenced_blocks(markdown: &str) -> Vec<FencedBlock> {
    let mut found: Vec<FencedBlock> = Vec::new();
    let mut open = false;
    for event in Parser::new_ext(markdown, super::options()) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let block = u32::try_from(found.len()).unwrap_or(u32::MAX);
                let info = info.to_string();
                found.push(FencedBlock {
                    block,
                    info,
                    text: String::new(),
                });
                open = true;
            }
            Event::End(TagEnd::CodeBlock) => open = false,
            Event::Text(text) if open => {
                if let Some(last) = found.last_mut() {
                    last.text.push_str(&text);
                }
            }
            _ => {}
        }
    }
    found
}

/// A fence's language: the info string's first word, up to a comma or `{`, with only the
/// characters a language name has.
pub fn fence_language(info: &str) -> String {
    let lang = info.split([' ', ',', '{']).next().unwrap_or("").trim();
    lang.chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '+' | '#' | '.'))
        .collect()
}

/// Zola's fence options: ```` ```rust,linenos,linenostart=10,hl_lines=1 3-5,hide_lines=7 ````.
/// Line ranges count the block's lines from 1, whatever `linenostart` says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FenceOptions {
    pub linenos: bool,
    pub linenostart: u32,
    pub hl_lines: Vec<(u32, u32)>,
    pub hide_lines: Vec<(u32, u32)>,
}

/// At most this many ranges of lines are read from one option.
const MAX_RANGES: usize = 64;

impl FenceOptions {
    pub fn parse(info: &str) -> FenceOptions {
        let mut options = FenceOptions {
            linenostart: 1,
            ..FenceOptions::default()
        };
        for word in info.split(',').skip(1).map(str::trim) {
            let (key, value) = word.split_once('=').unwrap_or((word, ""));
            match key.trim() {
                "linenos" => options.linenos = true,
                "linenostart" => {
                    options.linenostart = value.trim().parse().unwrap_or(1);
                }
                "hl_lines" => options.hl_lines = ranges(value),
                "hide_lines" => options.hide_lines = ranges(value),
                _ => {}
            }
        }
        options
    }

    /// Whether the block is written line by line.
    fn by_line(&self) -> bool {
        self.linenos || !self.hl_lines.is_empty() || !self.hide_lines.is_empty()
    }
}

/// `1 3-5 9`: inclusive ranges of lines; what does not read as one is left out.
fn ranges(value: &str) -> Vec<(u32, u32)> {
    let range = |word: &str| {
        let (from, to) = word.split_once('-').unwrap_or((word, word));
        let (from, to) = (from.parse::<u32>().ok()?, to.parse::<u32>().ok()?);
        (from <= to).then_some((from, to))
    };
    value
        .split_whitespace()
        .filter_map(range)
        .take(MAX_RANGES)
        .collect()
}

fn in_ranges(ranges: &[(u32, u32)], line: u32) -> bool {
    ranges.iter().any(|&(from, to)| (from..=to).contains(&line))
}

/// The inside of a block's `<code>`: its text escaped, each span of `runs` (plain without)
/// in its class, line by line when `options` ask for line numbers or marked or hidden lines;
/// `None` when neither (the block is written as any other text).
pub fn code_html(
    text: &str,
    runs: Option<&[(usize, usize, u8)]>,
    options: &FenceOptions,
) -> Option<String> {
    if runs.is_none() && !options.by_line() {
        return None;
    }
    let plain = [(0, text.len(), 0u8)];
    let spans = runs.unwrap_or(&plain);
    let mut out = String::with_capacity(text.len() * 2);
    if !options.by_line() {
        write_spans(&mut out, text, spans, (0, text.len()));
        return Some(out);
    }
    let mut start = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let end = start + line.trim_end_matches('\n').len();
        if !in_ranges(&options.hide_lines, number) {
            let marked = in_ranges(&options.hl_lines, number);
            out.push_str(match marked {
                true => "<span class=\"line marked\">",
                false => "<span class=\"line\">",
            });
            if options.linenos {
                let shown = options.linenostart.saturating_add(number - 1);
                let _ = write!(
                    out,
                    "<span class=\"ln\" data-ln=\"{shown}\" aria-hidden=\"true\"></span>"
                );
            }
            write_spans(&mut out, text, spans, (start, end));
            out.push_str("</span>\n");
        }
        start += line.len();
    }
    Some(out)
}

/// A block's text as plain code (a feed's): its lines but those `hide_lines` hides, counted
/// as [`code_html`] counts them.
pub fn visible_text(text: &str, options: &FenceOptions) -> String {
    if options.hide_lines.is_empty() {
        return text.to_string();
    }
    let numbered = text.split_inclusive('\n').zip(1..=u32::MAX);
    numbered
        .filter(|&(_, number)| !in_ranges(&options.hide_lines, number))
        .map(|(line, _)| line)
        .collect()
}

/// The part of `spans` within `from..to` of `text`.
fn write_spans(
    out: &mut String,
    text: &str,
    spans: &[(usize, usize, u8)],
    (from, to): (usize, usize),
) {
    let first = spans.partition_point(|&(_, end, _)| end <= from);
    for &(start, end, class) in &spans[first..] {
        if start >= to {
            break;
        }
        let piece = &text[start.max(from)..end.min(to)];
        if piece.is_empty() {
            continue;
        }
        match CLASSES.get(usize::from(class)).filter(|c| !c.is_empty()) {
            Some(name) => {
                let _ = write!(out, "<span class=\"hl-{name}\">");
                escape_code_into(out, piece);
                out.push_str("</span>");
            }
            None => escape_code_into(out, piece),
        }
    }
}

/// Escapes code for a text node: every `&` too (code shows character references as written).
fn escape_code_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs_for(text: &str, runs: Vec<u32>) -> CodeRuns {
        CodeRuns {
            version: CODE_RUNS_VERSION,
            blocks: vec![BlockRuns {
                block: 0,
                hash: text_hash(text),
                runs,
            }],
        }
    }

    #[test]
    fn runs_apply_only_to_the_text_they_were_made_for() {
        let text = "fn x\n";
        let runs = runs_for(text, vec![2, 1, 3, 0]);
        assert_eq!(runs.get(0, text), Some(vec![(0, 2, 1), (2, 5, 0)]));
        assert_eq!(runs.get(1, text), None);
        assert_eq!(runs.get(0, "fn y\n"), None);
        // Lengths that do not add up, split a character or name no class: not applied.
        for bad in [
            vec![2, 1],
            vec![2, 1, 9, 0],
            vec![2, 99, 3, 0],
            vec![2, 1, 3],
        ] {
            assert_eq!(runs_for(text, bad).get(0, text), None);
        }
        let text = "é\n";
        assert_eq!(runs_for(text, vec![1, 1, 2, 0]).get(0, text), None);
        assert_eq!(runs_for(text, vec![u32::MAX, 1, 2, 0]).get(0, text), None);
    }

    #[test]
    fn fence_options_read_as_zola_writes_them() {
        let o =
            FenceOptions::parse("rust,linenos,linenostart=10,hl_lines=1 3-5 x 9-8,hide_lines=7");
        assert!(o.linenos);
        assert_eq!(o.linenostart, 10);
        assert_eq!(o.hl_lines, vec![(1, 1), (3, 5)]);
        assert_eq!(o.hide_lines, vec![(7, 7)]);
        assert_eq!(FenceOptions::parse("rust").linenostart, 1);
        assert!(!FenceOptions::parse("rust linenos").by_line());
    }

    #[test]
    fn plain_code_leaves_out_only_hidden_lines() {
        let text = "a\nb\nc\nd";
        let hidden = FenceOptions::parse("rust,linenos,hl_lines=1,hide_lines=2 4");
        assert_eq!(visible_text(text, &hidden), "a\nc\n");
        let numbered = FenceOptions::parse("rust,linenos");
        assert_eq!(visible_text(text, &numbered), text);
    }

    #[test]
    fn fenced_blocks_are_numbered_in_order() {
        let md = "```rust\nfn a() {}\n```\n\n    indented\n\n- ```\n  b\n  ```\n";
        let blocks = fenced_blocks(md);
        let found: Vec<(u32, &str, &str)> = blocks
            .iter()
            .map(|b| (b.block, b.info.as_str(), b.text.as_str()))
            .collect();
        assert_eq!(found, vec![(0, "rust", "fn a() {}\n"), (1, "", "b\n")]);
    }
}
