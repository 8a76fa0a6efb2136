//! Bounds checked on front matter text before the YAML or TOML parser sees it. The YAML parser
//! takes time quadratic in the nesting of `{`/`[` (200 KB of `{a: ` took 20 s before its own
//! recursion error), so size and nesting are measured here first, in one pass over the text;
//! the same pass finds characters YAML refuses, which its parser reports without a line.

use super::{Format, FrontMatterError};

/// The most front matter a post may have, in bytes.
pub const MAX_BYTES: usize = 64 * 1024;

/// How deep lists and maps may nest in front matter (indentation, `- ` items, `[`, `{`, and
/// TOML's dotted keys and table names all count).
pub const MAX_DEPTH: usize = 32;

/// How many `[` and `{` front matter may hold in all, whatever the quotes around them. The
/// depth count does not follow quotes, so a `]` inside a string could hide nesting from it;
/// this bound cannot be hidden, and keeps the parser's worst case small.
pub const MAX_BRACKETS: usize = 1024;

const FIX: &str = "front matter holds a post's fields (title, date, tags, …): \
                   move long text into the post's body";

/// Checks the size and nesting of front matter. `first_line` is the file line the text starts
/// on; an error names the line where a limit is passed.
pub fn check(text: &str, first_line: usize, format: Format) -> Result<(), FrontMatterError> {
    if text.len() > MAX_BYTES {
        let line = first_line + count_newlines(&text.as_bytes()[..MAX_BYTES]);
        return Err(FrontMatterError::new(
            line,
            format!(
                "front matter is longer than {} KiB (the limit is passed on this line): {FIX}",
                MAX_BYTES / 1024
            ),
        ));
    }
    let mut indents: Vec<usize> = Vec::new();
    let mut flow = 0;
    let mut brackets = 0;
    for (i, line) in text.lines().enumerate() {
        let line_number = first_line + i;
        if format == Format::Yaml
            && let Some(c) = line.chars().find(|&c| !yaml_allows(c))
        {
            return Err(FrontMatterError::new(
                line_number,
                format!(
                    "front matter has the control character U+{:04X} on this line, which YAML \
                     does not allow: delete it",
                    u32::from(c)
                ),
            ));
        }
        let base = match format {
            Format::Yaml => yaml_block_depth(line, &mut indents),
            Format::Toml => toml_key_depth(line),
        };
        if base > MAX_DEPTH {
            return Err(too_deep(line_number));
        }
        for byte in line.bytes() {
            match byte {
                b'[' | b'{' => {
                    flow += 1;
                    brackets += 1;
                    if brackets > MAX_BRACKETS {
                        return Err(FrontMatterError::new(
                            line_number,
                            format!(
                                "front matter has more than {MAX_BRACKETS} `[` and `{{`: \
                                 write lists and maps with fewer brackets, or {FIX}"
                            ),
                        ));
                    }
                    if base + flow > MAX_DEPTH {
                        return Err(too_deep(line_number));
                    }
                }
                b']' | b'}' => flow = usize::saturating_sub(flow, 1),
                _ => {}
            }
        }
    }
    Ok(())
}

fn too_deep(line: usize) -> FrontMatterError {
    FrontMatterError::new(
        line,
        format!(
            "front matter nests lists and maps more than {MAX_DEPTH} levels deep on this line: \
             Quire reads fields, lists and maps of a level or two, so flatten it"
        ),
    )
}

/// The characters YAML allows in a document (YAML 1.2 `c-printable`, as libyaml checks it).
fn yaml_allows(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}'
        | '\u{e000}'..='\u{fffd}' | '\u{10000}'..='\u{10ffff}')
}

fn count_newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// The block nesting of a YAML line: the open indentation levels (`indents`, updated here),
/// plus one for each `- ` or `? ` that starts it (`- - - x` nests three lists on one line).
/// Blank and comment lines keep the levels as they are.
fn yaml_block_depth(line: &str, indents: &mut Vec<usize>) -> usize {
    let content = line.trim_start_matches(' ');
    if content.trim().is_empty() || content.starts_with('#') {
        return indents.len();
    }
    let indent = line.len() - content.len();
    while indents.last().is_some_and(|&top| top > indent) {
        indents.pop();
    }
    if indents.last().is_none_or(|&top| top < indent) {
        indents.push(indent);
    }
    let mut markers = 0;
    let mut rest = content;
    while let Some(after) = rest.strip_prefix("- ").or_else(|| rest.strip_prefix("? ")) {
        markers += 1;
        rest = after.trim_start_matches(' ');
        // Stop counting as soon as the line is too deep: the caller reports it.
        if indents.len() + markers > MAX_DEPTH {
            break;
        }
    }
    indents.len() + markers
}

/// The nesting a TOML line's key adds: one per segment of a table name (`[a.b.c]`) or of a
/// dotted key (`a.b.c = 1`). Dots inside quoted keys count too; no real key has 32.
fn toml_key_depth(line: &str) -> usize {
    let line = line.trim_start();
    let key = if line.starts_with('[') {
        line.split(']').next().unwrap_or(line)
    } else {
        match line.split_once('=') {
            Some((key, _)) => key,
            None => return 0,
        }
    };
    1 + key.bytes().filter(|&b| b == b'.').count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line_of(text: &str, format: Format) -> Option<usize> {
        check(text, 2, format).err().map(|e| e.line)
    }

    #[test]
    fn ordinary_front_matter_passes() {
        let yaml = "title: A [draft]\ntags: [a, b]\nbanner:\n  image: x.jpg\nhighlights:\n  \
                    - name: X\n    url: /x/\n  - {name: Y}\nsummary: |\n  See [1] and [2].\n";
        assert_eq!(line_of(yaml, Format::Yaml), None);
        let toml = "title = \"A\"\n[taxonomies]\ntags = [\"a\"]\n[[highlights]]\nname = \"X\"\n\
                    [extra.social.links]\nx = { a = [1, [2]] }\n";
        assert_eq!(line_of(toml, Format::Toml), None);
    }

    #[test]
    fn deep_flow_nesting_names_its_line() {
        let yaml = format!("title: T\nx: {}\n", "{a: ".repeat(1000));
        assert_eq!(line_of(&yaml, Format::Yaml), Some(3));
        let toml = format!("title = 'T'\n\nx = {}\n", "[".repeat(1000));
        assert_eq!(line_of(&toml, Format::Toml), Some(4));
        let at_limit = format!("x: {}1{}\n", "[".repeat(31), "]".repeat(31));
        assert_eq!(line_of(&at_limit, Format::Yaml), None);
        let past = format!("x: {}1{}\n", "[".repeat(32), "]".repeat(32));
        assert_eq!(line_of(&past, Format::Yaml), Some(2));
    }

    #[test]
    fn closing_brackets_in_strings_cannot_hide_nesting() {
        let yaml = format!("x: {}\n", "{a: \"]}\", b: ".repeat(2000));
        let e = check(&yaml, 2, Format::Yaml).unwrap_err();
        assert!(e.message.contains("more than 1024 `[` and `{`"), "{e}");
    }

    #[test]
    fn block_nesting_counts_indentation_and_items() {
        let dashes = format!("x:\n{}a\n", "- ".repeat(100));
        assert_eq!(line_of(&dashes, Format::Yaml), Some(3));
        let mut indented = String::new();
        for depth in 0..40 {
            indented.push_str(&format!("{}k{depth}:\n", " ".repeat(depth)));
        }
        assert_eq!(line_of(&indented, Format::Yaml), Some(2 + 32));
        let dotted = format!("title = 'T'\n{}b = 1\n", "a.".repeat(100));
        assert_eq!(line_of(&dotted, Format::Toml), Some(3));
        let table = format!("[{}b]\n", "a.".repeat(100));
        assert_eq!(line_of(&table, Format::Toml), Some(2));
    }

    #[test]
    fn yaml_control_characters_name_their_line() {
        for c in ['\0', '\u{b}', '\u{c}', '\u{7f}', '\u{9f}', '\u{fffe}'] {
            let e = check(&format!("title: A\nsummary: \"a{c}b\"\n"), 2, Format::Yaml).unwrap_err();
            assert_eq!(e.line, 3, "{c:?}: {e}");
            assert!(e.message.contains("control character U+"), "{e}");
        }
        assert_eq!(
            line_of("title: \"tab\there\" é ✓ 🦀\r\n", Format::Yaml),
            None
        );
    }

    #[test]
    fn size_names_the_line_where_it_is_passed() {
        let line = "key: 0123456789012345678901234567890123456789012345678901234567890123\n";
        let text = line.repeat(2 * MAX_BYTES / line.len());
        let e = check(&text, 2, Format::Yaml).unwrap_err();
        assert_eq!(e.line, 2 + MAX_BYTES / line.len());
        assert!(e.message.contains("longer than 64 KiB"), "{e}");
        assert!(e.message.contains("body"), "{e}");
    }
}
