//! Property tests: whatever the input, the front matter parser, the date parser, the Markdown
//! renderer and the highlights reader never panic, and the HTML policy's output never carries script. Bounded (a fixed number of cases)
//! so CI stays quick; each failure prints a minimal input.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use quire_core::date::format_for_readers;
use quire_core::html_policy::allowlist::sanitize_fragment;
use quire_core::url_policy::is_safe_url;
use quire_core::{PostDate, extract_highlights, parse_post, render_markdown};

/// Pieces hostile HTML and Markdown are made of, so random strings hit the interesting paths.
fn hostile_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<".to_string()),
        Just(">".to_string()),
        Just("</".to_string()),
        Just("/>".to_string()),
        Just("<script>".to_string()),
        Just("</script>".to_string()),
        Just("<img src=x onerror=alert(1)>".to_string()),
        Just("<a href=\"".to_string()),
        Just("javascript:".to_string()),
        Just("&#106;".to_string()),
        Just("&#x6A".to_string()),
        Just("&colon;".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("=".to_string()),
        Just(" onload=".to_string()),
        Just("<svg>".to_string()),
        Just("<!--".to_string()),
        Just("-->".to_string()),
        Just("<![CDATA[".to_string()),
        Just("<style>".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("[x](".to_string()),
        Just(")".to_string()),
        Just("![i](".to_string()),
        Just("`".to_string()),
        Just("*".to_string()),
        Just("|".to_string()),
        Just("---".to_string()),
        Just("<details>".to_string()),
        Just("<iframe src=".to_string()),
        Just("\t".to_string()),
        Just("\0".to_string()),
        "[a-zA-Z0-9 ]{0,8}",
        any::<char>().prop_map(String::from),
    ]
}

fn hostile_text() -> impl Strategy<Value = String> {
    prop::collection::vec(hostile_piece(), 0..40).prop_map(|v| v.concat())
}

/// A Highlights section of lead-in pieces and hostile ones.
fn highlights_section() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        hostile_piece(),
        Just("**".to_string()),
        Just("[**".to_string()),
        Just("](https://x.example/) ".to_string()),
        Just("\n- ".to_string()),
        Just("\n\n### ".to_string()),
        Just(". ".to_string()),
        Just(" - ".to_string()),
        Just(": ".to_string()),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| format!("## Highlights\n\n{}", v.concat()))
}

/// Text shaped like a date, cut and joined in odd places (`2024-01-0` then `é`: issue #12).
fn date_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[0-9]{1,4}",
        Just("2024-01-0".to_string()),
        Just("2024-02-29".to_string()),
        Just("-".to_string()),
        Just(":".to_string()),
        Just("T".to_string()),
        Just(" ".to_string()),
        Just("+".to_string()),
        Just("Z".to_string()),
        Just(".".to_string()),
        Just("é".to_string()),
        Just("\0".to_string()),
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..16).prop_map(|v| v.concat())
}

/// What must never appear in HTML Quire puts on the page.
fn assert_no_script(html: &str) {
    let lower = html.to_ascii_lowercase();
    for bad in ["<script", "<svg", "<iframe", "<style"] {
        assert!(!lower.contains(bad), "{bad} in {html}");
    }
    // No event-handler attribute: ` on…=` may only appear in text or inside a quoted value
    // (Quire writes every value in double quotes and escapes `"` inside it).
    let (mut in_tag, mut in_value) = (false, false);
    let bytes = lower.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'"' if in_tag => {
                in_value = !in_value;
                if in_value {
                    // A scheme is only dangerous at the start of an attribute value.
                    let value = &lower[i + 1..];
                    for scheme in ["javascript:", "vbscript:", "data:"] {
                        assert!(!value.starts_with(scheme), "{scheme} URL in {html}");
                    }
                }
            }
            _ if in_value => {}
            b'<' => in_tag = true,
            b'>' => in_tag = false,
            b' ' if in_tag && lower[i + 1..].starts_with("on") => {
                let name: String = lower[i + 1..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                assert!(
                    !lower[i + 1 + name.len()..].starts_with('='),
                    "handler {name} in {html}"
                );
            }
            _ => {}
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn policy_output_never_carries_script(input in hostile_text()) {
        let clean = sanitize_fragment(&input, &mut Vec::new());
        assert_no_script(&clean);
        // Rebuilding what the policy rebuilt changes nothing: its output is already canonical.
        prop_assert_eq!(sanitize_fragment(&clean, &mut Vec::new()), clean.clone());
    }

    #[test]
    fn rendered_posts_never_carry_script(input in hostile_text()) {
        assert_no_script(&render_markdown(&input));
    }

    #[test]
    fn highlights_have_names_safe_urls_and_sections(input in highlights_section()) {
        for h in extract_highlights(&input) {
            prop_assert!(!h.name.is_empty() && h.name.trim() == h.name, "{:?}", h);
            prop_assert!(h.text.trim() == h.text, "{:?}", h);
            prop_assert!(h.url.as_deref().is_none_or(is_safe_url), "{:?}", h);
            prop_assert!(h.section.is_some(), "{:?}", h);
        }
    }

    #[test]
    fn dates_parse_or_say_how_to_write_them(text in prop_oneof![any::<String>(), date_like()]) {
        match PostDate::parse(&text) {
            Ok(date) => {
                let again = PostDate::parse(&date.rfc3339()).unwrap();
                prop_assert_eq!(again.instant(), date.instant());
                prop_assert_eq!(format_for_readers(&date.ymd()).is_empty(), false);
            }
            Err(message) => prop_assert!(message.contains("YYYY-MM-DD"), "{}", message),
        }
        if let Some((date, rest)) = PostDate::from_file_stem(&text) {
            prop_assert!(text.ends_with(rest) && date.seconds.is_none());
        }
        let _ = format_for_readers(&text);
    }

    #[test]
    fn front_matter_never_panics(front in hostile_text(), body in hostile_text(), toml in any::<bool>()) {
        let fence = if toml { "+++" } else { "---" };
        let post = format!("{fence}\n{front}\n{fence}\n{body}");
        if let Ok(p) = parse_post("2024-01-01-x", &post) {
            prop_assert!(p.meta.url.starts_with('/'));
        }
        let yaml_like = format!("---\ntitle: {front}\ndate: 2024-01-01\ntags: [{body}]\n---\n");
        let _ = parse_post("x", &yaml_like);
    }
}

/// The checker itself must catch what it looks for, or the properties prove nothing.
#[test]
fn the_checker_catches_script() {
    for bad in [
        "<a href=\"javascript:alert(1)\">x</a>",
        "<img src=\"x\" onerror=\"alert(1)\">",
        "<p>ok</p><script>x</script>",
        "<img src=\"data:image/svg+xml,x\">",
    ] {
        assert!(
            std::panic::catch_unwind(|| assert_no_script(bad)).is_err(),
            "{bad} passed"
        );
    }
    assert_no_script(
        "<p>&lt;a href=\"javascript:x\"&gt; onerror=x</p><a title=\"a onclick=b\">t</a>",
    );
}
