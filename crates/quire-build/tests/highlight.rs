//! Highlighted code through the builder's steps: the index step writes a post's token runs
//! beside its body and says so in the index; the post's entry file shows the code highlighted
//! (rendered with the runs, as the app does), the feed carries it plain.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use quire_core::PostIndex;
use quire_core::markdown::code::CodeRuns;
use std::process::Output;

#[path = "support/builder.rs"]
mod builder;
use builder::run;

const POST: &str = "---\ntitle: \"Code\"\ndate: 2024-05-01\n---\nSome code:\n\n\
                    ```rust,hl_lines=2\nfn main() {\n    println!(\"<hi>\");\n}\n```\n\n\
                    ```text\nplain\n```\n";

fn succeeds(output: Output) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
}

#[test]
fn code_is_highlighted_in_the_entry_file_and_plain_in_the_feed() {
    let dir = tempfile::tempdir().unwrap();
    let posts = dir.path().join("content/posts");
    std::fs::create_dir_all(&posts).unwrap();
    std::fs::write(posts.join("2024-05-01-code.md"), POST).unwrap();
    std::fs::write(
        posts.join("2024-04-01-prose.md"),
        "---\ntitle: P\n---\nNo code.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("quire.toml"),
        "title = \"Code\"\nbase_url = \"https://blog.example/\"\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let out_arg = out.to_str().unwrap();
    succeeds(run(dir.path(), &["index", "--out", out_arg]));

    let index: PostIndex =
        serde_json::from_slice(&std::fs::read(out.join("posts/index.json")).unwrap()).unwrap();
    let code = index.posts.iter().find(|p| p.slug == "code").unwrap();
    let prose = index.posts.iter().find(|p| p.slug == "prose").unwrap();
    assert!(code.code_runs && !prose.code_runs);
    let path = code.code_runs_path().unwrap();
    assert_eq!(path, code.body.replace(".md", ".code.json"));
    let runs: CodeRuns = serde_json::from_slice(&std::fs::read(out.join(&path)).unwrap()).unwrap();
    let blocks: Vec<u32> = runs.blocks.iter().map(|b| b.block).collect();
    assert_eq!(blocks, [0], "the text block has no runs");
    let files: Vec<String> = std::fs::read_dir(out.join("posts"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".code.json"))
        .collect();
    assert_eq!(
        files.len(),
        1,
        "only the post with code has a runs file: {files:?}"
    );

    let shell = "<!DOCTYPE html><html><head><base href=\"/\" /><title>Quire</title>\
                 <script type=\"module\">start()</script></head><body></body></html>";
    std::fs::write(out.join("index.html"), shell).unwrap();
    succeeds(run(dir.path(), &["pages", "--out", out_arg]));
    let page = std::fs::read_to_string(
        out.join(code.url.trim_start_matches('/'))
            .join("index.html"),
    )
    .unwrap();
    for part in [
        "<span class=\"hl-keyword\">fn </span><span class=\"hl-function\">main</span>",
        "<span class=\"line marked\">    <span class=\"hl-macro\">println!</span>",
        "&lt;hi&gt;",
        "<code class=\"language-text\">plain\n</code>",
    ] {
        assert!(page.contains(part), "{part} not in the entry file: {page}");
    }
    let feed = std::fs::read_to_string(out.join("feed.xml")).unwrap();
    assert!(feed.contains("fn main() {"), "{feed}");
    assert!(!feed.contains("hl-") && !feed.contains("marked"), "{feed}");
}

/// The Rust blog's PowerShell and WebAssembly blocks (`../shared/corpus/rust-blog`, quoted),
/// in languages two-face has no grammar for: our own grammars give each runs of more than one
/// class, under each name a fence gives the language.
#[test]
fn powershell_and_webassembly_blocks_get_runs_of_several_classes() {
    use quire_build::highlight::code_runs;
    use quire_core::markdown::code::{CLASSES, fenced_blocks};
    let powershell = "PS> ./x test tests/ui -- -- --nocapture\n";
    let wasm = "(module\n    (import \"env\" \"mylibrary_init\" (func $mylibrary_init))\n\n    \
                ;; ...\n)\n";
    for (langs, text) in [
        (["powershell", "ps1", "pwsh"], powershell),
        (["wasm", "wat", "wast"], wasm),
    ] {
        for lang in langs {
            let markdown = format!("```{lang}\n{text}```\n");
            let block = &fenced_blocks(&markdown)[0];
            let runs = code_runs(&markdown).and_then(|r| r.get(block.block, &block.text));
            let runs = runs.unwrap_or_else(|| panic!("{lang}: no runs"));
            let mut classes: Vec<&str> = runs.iter().map(|r| CLASSES[r.2 as usize]).collect();
            classes.sort();
            classes.dedup();
            classes.retain(|c| !c.is_empty());
            assert!(classes.len() > 1, "{lang}: {classes:?}");
        }
    }
}
