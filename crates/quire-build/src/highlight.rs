//! Highlighted code: every fenced code block of a post in a language the grammars know,
//! highlighted natively with syntect (bat's grammar set, from two-face) and written as token
//! runs (`CodeRuns`, in `posts/<post>.code.json` beside the body), which the app and the
//! entry files apply while they render the Markdown. Scopes map onto a few classes
//! (`quire_core::markdown::code::CLASSES`). Two grammars are our own (`syntaxes/`: PowerShell,
//! the WebAssembly text format), for languages two-face has none of.

use quire_core::markdown::code::{
    BlockRuns, CODE_RUNS_VERSION, CodeRuns, fence_language, fenced_blocks, text_hash,
};
use quire_core::{ParsedPost, PostMeta};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use syntect::parsing::{ParseState, Scope, ScopeStack};
use syntect::util::LinesWithEndings;

mod grammars;

pub use grammars::{Grammar, grammar_for};

/// A block longer than this is left plain (the grammars' regexes are not linear).
const MAX_BLOCK_BYTES: usize = 256 * 1024;

/// The runs of every fenced block of `markdown` that a grammar highlights; `None` when no
/// block has any.
pub fn code_runs(markdown: &str) -> Option<CodeRuns> {
    let mut blocks = Vec::new();
    for block in fenced_blocks(markdown) {
        if block.text.len() > MAX_BLOCK_BYTES {
            continue;
        }
        let Some(grammar) = grammar_for(&fence_language(&block.info)) else {
            continue;
        };
        if let Some(runs) = highlight(&block.text, grammar) {
            blocks.push(BlockRuns {
                block: block.block,
                hash: text_hash(&block.text),
                runs,
            });
        }
    }
    (!blocks.is_empty()).then_some(CodeRuns {
        version: CODE_RUNS_VERSION,
        blocks,
    })
}

/// Highlights each post with code (on all cores), marks it in its `PostMeta` and returns the
/// runs files to write beside the bodies (path under `posts/`, JSON).
pub fn add_runs(posts: &mut [(PathBuf, ParsedPost)]) -> Vec<(String, Vec<u8>)> {
    let found = crate::parallel::map(posts, |(_, post)| code_runs(&post.markdown));
    let mut files = Vec::new();
    for ((_, post), runs) in posts.iter_mut().zip(found) {
        post.meta.code_runs = false;
        let Some(runs) = runs else { continue };
        let Ok(json) = serde_json::to_vec(&runs) else {
            continue;
        };
        post.meta.code_runs = true;
        if let Some(path) = post.meta.code_runs_path() {
            let rel = path.strip_prefix("posts/").unwrap_or(&path).to_string();
            files.push((rel, json));
        }
    }
    files
}

/// The runs the index step wrote beside `post`'s body in `out`, if it says there are any
/// (an unreadable file leaves the post's code plain, as the app would show it).
pub fn read_runs(out: &Path, post: &PostMeta) -> Option<CodeRuns> {
    let bytes = std::fs::read(out.join(post.code_runs_path()?)).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// `[length, class, …]` over `text`, adjacent runs of one class joined; `None` when the
/// grammar fails or finds nothing to colour.
fn highlight(text: &str, Grammar { set, syntax }: Grammar) -> Option<Vec<u32>> {
    let classes = Classes::get();
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut runs: Vec<(usize, u8)> = Vec::new();
    let push = |runs: &mut Vec<(usize, u8)>, piece: &str, class: u8, line_start: bool| {
        if piece.is_empty() {
            return;
        }
        // Blanks take the class before them on their line (indentation is plain), so that
        // runs join.
        let class = match (piece.trim().is_empty(), line_start) {
            (true, true) => 0,
            (true, false) => runs.last().map_or(0, |r| r.1),
            (false, _) => class,
        };
        match runs.last_mut() {
            Some(last) if last.1 == class => last.0 += piece.len(),
            _ => runs.push((piece.len(), class)),
        }
    };
    for line in LinesWithEndings::from(text) {
        let ops = state.parse_line(line, set).ok()?;
        let mut at = 0;
        for (i, op) in ops {
            let i = i.min(line.len());
            push(&mut runs, &line[at..i], classes.of(&stack), at == 0);
            at = i;
            stack.apply(&op).ok()?;
        }
        push(&mut runs, &line[at..], classes.of(&stack), at == 0);
    }
    if runs.iter().all(|r| r.1 == 0) {
        return None;
    }
    let mut flat = Vec::with_capacity(runs.len() * 2);
    for (len, class) in runs {
        flat.extend([u32::try_from(len).ok()?, u32::from(class)]);
    }
    Some(flat)
}

/// Scopes onto classes (numbers in `CLASSES`): a comment or a string wins wherever it is in
/// the stack; otherwise the innermost scope that a rule names.
struct Classes {
    enclosing: Vec<(Scope, u8)>,
    innermost: Vec<(Scope, u8)>,
}

impl Classes {
    fn get() -> &'static Classes {
        static CLASSES: OnceLock<Classes> = OnceLock::new();
        CLASSES.get_or_init(|| {
            let rules = |list: &[(&str, u8)]| {
                list.iter()
                    .filter_map(|(s, c)| Scope::new(s).ok().map(|s| (s, *c)))
                    .collect()
            };
            Classes {
                enclosing: rules(&[("comment", 3), ("string", 2)]),
                innermost: rules(INNERMOST),
            }
        })
    }

    fn of(&self, stack: &ScopeStack) -> u8 {
        let scopes = stack.as_slice();
        for (prefix, class) in &self.enclosing {
            if scopes.iter().any(|s| prefix.is_prefix_of(*s)) {
                return *class;
            }
        }
        for scope in scopes.iter().rev() {
            if let Some((_, class)) = self.innermost.iter().find(|(p, _)| p.is_prefix_of(*scope)) {
                return *class;
            }
        }
        0
    }
}

/// Scope prefixes and their class, the more specific first: keyword 1, string 2, comment 3,
/// number 4, function 5, type 6, constant 7, punctuation 8, attribute 9, macro 10, tag 11.
const INNERMOST: &[(&str, u8)] = &[
    ("constant.numeric", 4),
    ("constant.character", 2),
    ("constant", 7),
    ("support.constant", 7),
    ("variable.other.constant", 7),
    ("support.macro", 10),
    ("entity.name.macro", 10),
    ("support.function", 5),
    ("entity.name.function", 5),
    ("variable.function", 5),
    ("entity.name.tag", 11),
    ("entity.other.attribute-name", 9),
    ("meta.annotation", 9),
    ("meta.attribute", 9),
    ("entity.name", 6),
    ("entity.other.inherited-class", 6),
    ("support.type", 6),
    ("support.class", 6),
    ("storage.type.primitive", 6),
    ("keyword.operator", 8),
    ("keyword", 1),
    ("storage", 1),
    ("variable.language", 1),
    ("punctuation", 8),
];

#[cfg(test)]
mod tests {
    use super::*;
    use quire_core::markdown::code::CLASSES;

    /// The text of each run with its class name, plain runs left out.
    fn classed(text: &str, runs: &[u32]) -> Vec<(String, &'static str)> {
        let mut at = 0;
        let mut out = Vec::new();
        for pair in runs.chunks(2) {
            let end = at + pair[0] as usize;
            if pair[1] != 0 {
                out.push((text[at..end].to_string(), CLASSES[pair[1] as usize]));
            }
            at = end;
        }
        out
    }

    #[test]
    fn rust_is_highlighted_into_classes() {
        let text = "// hi\n#[derive(Debug)]\nfn main() { println!(\"x{}\", 42); }\n";
        let runs = highlight(text, grammar_for("rs").unwrap()).unwrap();
        let total: u32 = runs.chunks(2).map(|p| p[0]).sum();
        assert_eq!(total as usize, text.len());
        let found = classed(text, &runs);
        for want in [
            ("// hi\n", "comment"),
            ("fn", "keyword"),
            ("main", "function"),
            ("println!", "macro"),
            ("42", "number"),
        ] {
            assert!(
                found
                    .iter()
                    .any(|(t, c)| t.trim() == want.0.trim() && *c == want.1),
                "{want:?} in {found:?}"
            );
        }
        assert!(
            found
                .iter()
                .any(|(t, c)| t.contains("\"x{}\"") && *c == "string")
        );
    }

    #[test]
    fn only_known_languages_get_runs_keyed_by_block() {
        let md = "```text\nplain\n```\n\n```toml\n[package]\nname = \"x\"\n```\n\n```\nnone\n```\n";
        let runs = code_runs(md).unwrap();
        assert_eq!(runs.blocks.len(), 1);
        assert_eq!(runs.blocks[0].block, 1);
        assert!(code_runs("```text\nplain\n```\n").is_none());
        assert!(code_runs("no code").is_none());
    }
}
