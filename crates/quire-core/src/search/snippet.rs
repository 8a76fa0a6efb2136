//! A snippet: the stretch of a text where most of the matched words are, cut at word
//! boundaries, with those words marked. The app turns the parts into DOM nodes; nothing is
//! ever pasted into HTML.

use super::text::words;

/// A run of snippet text, marked or not.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SnippetPart {
    pub text: String,
    pub marked: bool,
}

/// How long a search result's snippet is, in bytes of text.
pub const SNIPPET_BYTES: usize = 180;

/// How much context is kept before the first marked word.
const LEAD_BYTES: usize = 40;

/// The best stretch of about `max_bytes` of `text` for the (folded) `matched` words, or
/// `None` when none of them occurs.
pub fn snippet(text: &str, matched: &[String], max_bytes: usize) -> Option<Vec<SnippetPart>> {
    let all: Vec<_> = words(text).collect();
    let hits: Vec<usize> = (0..all.len())
        .filter(|&i| matched.iter().any(|m| *m == all[i].folded))
        .collect();
    // The window starting at a hit that holds the most distinct matched words.
    let mut best = (0, usize::MAX);
    for (n, &h) in hits.iter().enumerate() {
        let limit = all[h].start + max_bytes;
        let mut seen: Vec<&str> = Vec::new();
        for &j in hits[n..].iter().take_while(|&&j| all[j].end <= limit) {
            if !seen.contains(&all[j].folded.as_str()) {
                seen.push(&all[j].folded);
            }
        }
        if best.1 == usize::MAX || seen.len() > best.0 {
            best = (seen.len(), h);
        }
    }
    let first = all.get(best.1)?;
    // Some words of context before the first match, starting at a word.
    let lead_from = first.start.saturating_sub(LEAD_BYTES);
    let start = all
        .iter()
        .find(|w| w.start >= lead_from)
        .map_or(first.start, |w| w.start.min(first.start));
    let limit = start + max_bytes;
    let end = all
        .iter()
        .take_while(|w| w.end <= limit)
        .last()
        .map_or(first.end, |w| w.end.max(first.end));
    // With no word left after it, the text's end (its last punctuation) is kept.
    let end = if all.iter().any(|w| w.start >= end) {
        end
    } else {
        text.trim_end().len().max(end)
    };

    let mut parts = Vec::new();
    let mut plain = String::new();
    if start > 0 {
        plain.push('…');
    }
    let mut at = start;
    for w in all.iter().filter(|w| w.start >= start && w.end <= end) {
        if matched.contains(&w.folded) {
            plain.push_str(&text[at..w.start]);
            if !plain.is_empty() {
                parts.push(SnippetPart {
                    text: collapse(&plain),
                    marked: false,
                });
            }
            plain.clear();
            parts.push(SnippetPart {
                text: text[w.start..w.end].to_string(),
                marked: true,
            });
            at = w.end;
        }
    }
    plain.push_str(&text[at..end]);
    if end < text.trim_end().len() {
        plain.push('…');
    }
    if !plain.is_empty() {
        parts.push(SnippetPart {
            text: collapse(&plain),
            marked: false,
        });
    }
    Some(parts)
}

/// Runs of whitespace (line breaks of the plain text) as one space.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(parts: &[SnippetPart]) -> String {
        parts
            .iter()
            .map(|p| {
                if p.marked {
                    format!("[{}]", p.text)
                } else {
                    p.text.clone()
                }
            })
            .collect()
    }

    fn m(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn marks_words_in_place_with_original_case() {
        let s = snippet("We released Skipper today.", &m(&["skipper"]), 200).unwrap();
        assert_eq!(render(&s), "We released [Skipper] today.");
    }

    #[test]
    fn no_match_no_snippet() {
        assert_eq!(snippet("nothing here", &m(&["skipper"]), 100), None);
        assert_eq!(snippet("", &m(&["x"]), 100), None);
    }

    #[test]
    fn picks_the_window_with_most_distinct_words_and_cuts_at_words() {
        let filler = "lorem ipsum dolor sit amet ".repeat(20);
        let text = format!("postgres alone. {filler} the postgres operator runs here. {filler}");
        let s = render(&snippet(&text, &m(&["postgres", "operator"]), 80).unwrap());
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("[postgres] [operator] runs"), "{s}");
        assert!(s.len() < 80 + 60, "{s}");
    }

    #[test]
    fn diacritics_and_whitespace() {
        let s = snippet("Café\n\nMüller  wrote", &m(&["muller"]), 100).unwrap();
        assert_eq!(render(&s), "Café [Müller] wrote");
    }
}
