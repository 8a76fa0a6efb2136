//! Renderer warnings at scale: a problem that occurs forty thousand times is one warning with a
//! count (issue #12). The renderer's rules themselves are examples in `tests/spec/` (`spec.rs`).

use quire_core::markdown::{RenderOptions, render};

/// Issue #12: forty thousand dropped tags were forty thousand warning records.
#[test]
fn warnings_come_once_per_message_with_a_count_at_the_first_line() {
    let markdown = format!(
        "Intro\n\n{}\n[a](javascript:x) <script>x</script>\n",
        "<foo>x\n".repeat(40_000)
    );
    let warnings = render(&markdown, RenderOptions::default()).warnings;
    let got: Vec<(usize, &str, usize)> = warnings
        .iter()
        .map(|w| (w.line, w.message.as_str(), w.count))
        .collect();
    assert_eq!(
        got,
        [
            (3, "raw HTML removed: <foo>", 40_000),
            (
                40_004,
                "a link to an unsafe URL (`javascript:x`) was disabled",
                1
            ),
            (
                40_004,
                "raw HTML removed: <script> and its content, up to its end tag or the end of the paragraph",
                1
            ),
        ]
    );
}
