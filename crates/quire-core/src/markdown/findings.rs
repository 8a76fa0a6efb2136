//! What rendering removed or changed, for the builder to tell the author. Each message is kept
//! once, with the first byte offset where it occurs and how many times it does, so a post with
//! forty thousand dropped tags carries a few records; offsets become line numbers at the end.

use super::RenderWarning;
use crate::html_policy::allowlist::Dropped;
use std::collections::HashMap;

/// A problem found while rendering, at the byte offset of the Markdown where it first occurs.
struct Finding {
    offset: usize,
    message: String,
    count: usize,
}

/// The problems of one rendering, once per message.
#[derive(Default)]
pub struct Findings {
    list: Vec<Finding>,
    /// Where each message is in `list`.
    index: HashMap<String, usize>,
}

impl Findings {
    /// Records a problem; one already recorded with the same message is counted instead.
    pub fn record(&mut self, offset: usize, message: String) {
        if let Some(found) = self.index.get(&message).and_then(|&i| self.list.get_mut(i)) {
            found.count += 1;
            found.offset = found.offset.min(offset);
            return;
        }
        self.index.insert(message.clone(), self.list.len());
        self.list.push(Finding {
            offset,
            message,
            count: 1,
        });
    }

    /// Records what the HTML policy dropped from a fragment; `map` pairs fragment offsets with
    /// source offsets, in increasing order (a binary search per drop, so many drops in a long
    /// block stay cheap).
    pub fn record_dropped(&mut self, dropped: Vec<Dropped>, map: &[(usize, usize)]) {
        for d in dropped {
            let part = map.partition_point(|(fragment, _)| *fragment <= d.offset);
            let source = part
                .checked_sub(1)
                .and_then(|i| map.get(i))
                .map_or(0, |(fragment, source)| source + (d.offset - fragment));
            self.record(source, format!("raw HTML removed: {}", d.what));
        }
    }

    /// The warnings, at 1-based lines of `markdown`, in line order: one pass over the text and
    /// a binary search per message.
    pub fn into_warnings(self, markdown: &str) -> Vec<RenderWarning> {
        let list = self
            .list
            .into_iter()
            .map(|f| (f.offset, (f.message, f.count)));
        let mut warnings: Vec<RenderWarning> = at_lines(markdown, list)
            .map(|(line, (message, count))| RenderWarning {
                line,
                message,
                count,
            })
            .collect();
        warnings.sort_by_key(|w| w.line);
        warnings
    }
}

/// Things at byte offsets of `markdown`, at its 1-based lines instead: one pass over the text
/// (only when there is something to place) and a binary search each.
pub fn at_lines<T>(
    markdown: &str,
    at: impl IntoIterator<Item = (usize, T)>,
) -> impl Iterator<Item = (usize, T)> {
    let mut at = at.into_iter().peekable();
    let line_starts: Vec<usize> = match at.peek() {
        None => Vec::new(),
        Some(_) => std::iter::once(0)
            .chain(markdown.match_indices('\n').map(|(i, _)| i + 1))
            .collect(),
    };
    at.map(move |(offset, t)| (line_starts.partition_point(|&start| start <= offset), t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_warning_per_message_at_its_first_line_with_a_count() {
        let mut findings = Findings::default();
        findings.record(8, "b".to_string());
        findings.record(4, "a".to_string());
        findings.record(2, "b".to_string());
        findings.record(9, "a".to_string());
        let warnings = findings.into_warnings("l1\nl2\nl3\nl4\n");
        let got: Vec<(usize, &str, usize)> = warnings
            .iter()
            .map(|w| (w.line, w.message.as_str(), w.count))
            .collect();
        assert_eq!(got, [(1, "b", 2), (2, "a", 2)]);
    }

    #[test]
    fn dropped_html_is_placed_through_the_fragment_map() {
        let mut findings = Findings::default();
        let dropped = |offset| Dropped {
            offset,
            what: format!("<x{offset}>"),
        };
        // Fragment bytes 0.. come from source byte 10, 5.. from 20, 9.. from 40.
        let map = [(0, 10), (5, 20), (9, 40)];
        findings.record_dropped(vec![dropped(0), dropped(6), dropped(12)], &map);
        let offsets: Vec<usize> = findings.list.iter().map(|f| f.offset).collect();
        assert_eq!(offsets, [10, 21, 43]);
    }
}
