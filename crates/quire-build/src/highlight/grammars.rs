//! Which grammar highlights a fence's language: two-face's (bat's set), found by name, file
//! extension or one of the aliases posts use, else one of our own (`syntaxes/`: PowerShell, the
//! WebAssembly text format), for languages two-face has none of.

use std::sync::OnceLock;
use syntect::parsing::{SyntaxDefinition, SyntaxReference, SyntaxSet, SyntaxSetBuilder};

/// Languages Jekyll, Hugo and GitHub posts name that the grammars know by another name; the
/// rest are found by file extension (`rs`, `yml`, `py`, `ts`, …) or name (`rust`, `toml`).
const ALIASES: &[(&str, &str)] = &[
    ("shell", "bash"),
    ("console", "bash"),
    ("shell-session", "bash"),
    ("shellsession", "bash"),
    ("zsh", "bash"),
    ("terminal", "bash"),
    ("golang", "go"),
    ("c++", "cpp"),
    ("docker", "Dockerfile"),
    ("dockerfile", "Dockerfile"),
    ("hcl", "terraform"),
    ("tf", "terraform"),
    ("jsonc", "json"),
    ("json5", "json"),
    ("javascript", "js"),
    ("typescript", "ts"),
    ("python3", "py"),
    ("ps1", "powershell"),
    ("pwsh", "powershell"),
    ("wasm", "wat"),
    ("postgresql", "sql"),
    ("psql", "sql"),
    ("kt", "kotlin"),
    ("proto", "protobuf"),
    ("protobuf", "proto"),
    ("objc", "objective-c"),
];

/// Fences that name no language to highlight.
const PLAIN: &[&str] = &["text", "txt", "plain", "plaintext", "none", "output"];

/// Our own grammars (`syntaxes/`), built into the binary: languages two-face has none of.
const OWN_GRAMMARS: [&str; 2] = [
    include_str!("../../syntaxes/PowerShell.sublime-syntax"),
    include_str!("../../syntaxes/WebAssembly.sublime-syntax"),
];

/// two-face's grammars, each loaded when first used.
fn bat_syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(two_face::syntax::extra_newlines)
}

/// Our own grammars, a set of their own: they include no other grammar, and adding them to
/// two-face's set would link all of its grammars again (0.85 s on every run).
fn own_syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(|| {
        let mut builder = SyntaxSetBuilder::new();
        for grammar in own_grammars() {
            builder.add(grammar);
        }
        builder.build()
    })
}

/// Our grammars that load (for lines that end in their newline, as [`super::highlight`] reads them);
/// one that does not is left out, and its language stays plain.
fn own_grammars() -> Vec<SyntaxDefinition> {
    OWN_GRAMMARS
        .iter()
        .filter_map(|text| SyntaxDefinition::load_from_str(text, true, None).ok())
        .collect()
}

/// A grammar, with the set it is parsed in.
#[derive(Clone, Copy)]
pub struct Grammar {
    pub(super) set: &'static SyntaxSet,
    pub(super) syntax: &'static SyntaxReference,
}

impl Grammar {
    pub fn name(&self) -> &'static str {
        &self.syntax.name
    }
}

/// The grammar a fence's language names, if any: two-face's, else one of ours.
pub fn grammar_for(lang: &str) -> Option<Grammar> {
    let lang = lang.to_ascii_lowercase();
    if lang.is_empty() || PLAIN.contains(&lang.as_str()) {
        return None;
    }
    let name = ALIASES
        .iter()
        .find(|(alias, _)| *alias == lang)
        .map_or(lang.as_str(), |(_, name)| name);
    [bat_syntaxes(), own_syntaxes()]
        .into_iter()
        .find_map(|set| {
            let syntax = set.find_syntax_by_token(name)?;
            (syntax.name != "Plain Text").then_some(Grammar { set, syntax })
        })
}

#[cfg(test)]
mod tests {
    use super::super::highlight;
    use super::*;
    use quire_core::markdown::code::CLASSES;

    #[test]
    fn aliases_find_their_grammar() {
        for (lang, grammar) in [
            ("rust", "Rust"),
            ("rs", "Rust"),
            ("toml", "TOML"),
            ("sh", "Bourne Again Shell (bash)"),
            ("shell", "Bourne Again Shell (bash)"),
            ("console", "Bourne Again Shell (bash)"),
            ("bash", "Bourne Again Shell (bash)"),
            ("yml", "YAML"),
            ("js", "JavaScript"),
            ("ts", "TypeScript"),
            ("py", "Python"),
            ("JSON", "JSON"),
            ("ps1", "PowerShell"),
            ("pwsh", "PowerShell"),
            ("PowerShell", "PowerShell"),
            ("wat", "WebAssembly Text"),
            ("wast", "WebAssembly Text"),
            ("wasm", "WebAssembly Text"),
        ] {
            assert_eq!(grammar_for(lang).map(|g| g.name()), Some(grammar), "{lang}");
        }
        for lang in ["", "text", "txt", "no-such-language"] {
            assert!(grammar_for(lang).is_none(), "{lang}");
        }
    }

    #[test]
    fn our_own_grammars_load() {
        let names: Vec<String> = own_grammars().into_iter().map(|g| g.name).collect();
        assert_eq!(names, ["PowerShell", "WebAssembly Text"]);
    }

    /// Asserts of each `(token, class)` that the token, where it first is in `text`, is all
    /// in that class when `text` is highlighted as `lang`.
    fn assert_classes(lang: &str, text: &str, wanted: &[(&str, &str)]) {
        let runs = highlight(text, grammar_for(lang).unwrap()).unwrap();
        let mut class_of = Vec::with_capacity(text.len());
        for pair in runs.chunks(2) {
            let class = CLASSES[pair[1] as usize];
            class_of.extend(std::iter::repeat_n(class, pair[0] as usize));
        }
        assert_eq!(class_of.len(), text.len());
        for (token, class) in wanted {
            let at = text.find(token).unwrap();
            let found = &class_of[at..at + token.len()];
            assert!(
                found.iter().all(|c| c == class),
                "{lang}: `{token}` is {found:?}, not {class}"
            );
        }
    }

    #[test]
    fn powershell_is_highlighted_into_classes() {
        let text = "<# Lists\n   files #>\nfunction Show-Big([int]$Min = 0x10) {\n\
                    \x20   Get-ChildItem -Recurse | Where-Object { $_.Length -gt $Min } # big\n\
                    \x20   if ($null -eq $env:HOME) { return @'\nhere 'raw'\n'@ }\n\
                    \x20   \"total: $($Min + 1)`n\"\n}\nPS> ./x test -- --nocapture\n";
        assert_classes(
            "powershell",
            text,
            &[
                ("<# Lists\n   files #>", "comment"),
                ("function", "keyword"),
                ("Show-Big", "function"),
                ("int", "type"),
                ("0x10", "number"),
                ("Get-ChildItem", "function"),
                ("-Recurse", "attribute"),
                ("-gt", "punct"),
                ("$_", "keyword"),
                ("# big", "comment"),
                ("if", "keyword"),
                ("$null", "constant"),
                ("@'\nhere 'raw'\n'@", "string"),
                ("\"total:", "string"),
                ("+", "punct"),
                ("PS>", "punct"),
                ("--nocapture", "attribute"),
            ],
        );
    }

    #[test]
    fn webassembly_text_is_highlighted_into_classes() {
        let text = "(module ;; adds\n  (import \"env\" \"log\" (func $log (param i32)))\n\
                    \x20 (func $add (export \"add\") (param $a i32) (result i32)\n\
                    \x20   (; nested (; block ;) comment ;)\n\
                    \x20   local.get $a\n    i32.const -42\n    i32.add\n    call $log))\n";
        assert_classes(
            "wat",
            text,
            &[
                ("(", "punct"),
                ("module", "keyword"),
                (";; adds", "comment"),
                ("\"env\"", "string"),
                ("$log", "function"),
                ("param", "keyword"),
                ("i32", "type"),
                ("$add", "function"),
                ("(; nested (; block ;) comment ;)", "comment"),
                ("local.get", "function"),
                ("-42", "number"),
                ("call", "keyword"),
            ],
        );
    }
}
