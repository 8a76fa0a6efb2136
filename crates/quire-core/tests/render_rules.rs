//! Renderer rules as examples: Markdown in, the exact HTML a reader gets out. Hostile links
//! that try to leave the site, GitHub's extended autolinks, table alignment, and the warnings
//! the builder shows (issue #12). A failure prints the example and both HTMLs.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use quire_core::markdown::{RenderOptions, render};
use quire_core::{ImageSize, ImageSizes};

const SITE: RenderOptions<'static> = RenderOptions {
    site_url: Some("https://blog.example/"),
    video_hosts: None,
    remote_posters: false,
    base_path: "",
    images: None,
};

/// Renders each `(markdown, html)` with `options` and compares the whole HTML.
fn check(options: RenderOptions<'_>, examples: &[(&str, &str)]) {
    let mut failures = Vec::new();
    for (markdown, expected) in examples {
        let actual = render(markdown, options).html;
        if actual != *expected {
            failures.push(format!(
                "markdown: {markdown:?}\nexpected: {expected:?}\nactual:   {actual:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

/// Issue #12: `https://blog.example//evil.example/login` became `//evil.example/login`, a
/// protocol-relative link to another host, and `https://blog.example/\evil.example/x` became
/// `/\evil.example/x`, which browsers read as `//evil.example/x`, without `rel`.
#[test]
fn own_site_links_whose_path_names_another_host_stay_absolute_and_external() {
    check(
        SITE,
        &[
            (
                "[docs](https://blog.example//evil.example/login)",
                "<p><a href=\"https://blog.example//evil.example/login\" \
                 rel=\"noopener noreferrer\">docs</a></p>\n",
            ),
            (
                "[x](https://blog.example/\\evil.example/x)",
                "<p><a href=\"https://blog.example/%5Cevil.example/x\" \
                 rel=\"noopener noreferrer\">x</a></p>\n",
            ),
            (
                "[y](https://blog.example/%2F%2Fevil.example/)",
                "<p><a href=\"https://blog.example/%2F%2Fevil.example/\" \
                 rel=\"noopener noreferrer\">y</a></p>\n",
            ),
            (
                "<https://blog.example//evil.example/>",
                "<p><a href=\"https://blog.example//evil.example/\" \
                 rel=\"noopener noreferrer\">https://blog.example//evil.example/</a></p>\n",
            ),
            // The site's own links still become root-relative.
            (
                "[ok](https://blog.example/blog/x/) [home](https://blog.example)",
                "<p><a href=\"/blog/x/\">ok</a> <a href=\"/\">home</a></p>\n",
            ),
        ],
    );
}

#[test]
fn hrefs_a_browser_reads_as_another_host_are_external() {
    check(
        RenderOptions::default(),
        &[
            (
                "[z](/\\evil.example/x) [w](\\\\evil.example/x)",
                "<p><a href=\"/%5Cevil.example/x\" rel=\"noopener noreferrer\">z</a> \
                 <a href=\"%5Cevil.example/x\" rel=\"noopener noreferrer\">w</a></p>\n",
            ),
            (
                "<a href=\"/\\evil.example/\">raw</a>",
                "<p><a href=\"/\\evil.example/\" rel=\"noopener noreferrer\">raw</a></p>\n",
            ),
            (
                "<a href=\"//evil.example/\">raw</a>",
                "<p><a href=\"//evil.example/\" rel=\"noopener noreferrer\">raw</a></p>\n",
            ),
            ("[local](/a//b)", "<p><a href=\"/a//b\">local</a></p>\n"),
        ],
    );
}

#[test]
fn bare_urls_become_links_under_the_url_policy() {
    check(
        SITE,
        &[
            (
                "see https://blog.example/blog/y/, www.x.example and a@b.example.",
                "<p>see <a href=\"/blog/y/\">https://blog.example/blog/y/</a>, \
                 <a href=\"http://www.x.example\" rel=\"noopener noreferrer\">www.x.example</a> \
                 and <a href=\"mailto:a@b.example\">a@b.example</a>.</p>\n",
            ),
            (
                "https://blog.example//evil.example/",
                "<p><a href=\"https://blog.example//evil.example/\" \
                 rel=\"noopener noreferrer\">https://blog.example//evil.example/</a></p>\n",
            ),
            // Never inside code, a link, or a code block.
            (
                "`www.code.example` [www.in.link](/x)\n\n    www.indented.example\n",
                "<p><code>www.code.example</code> <a href=\"/x\">www.in.link</a></p>\n\
                 <pre><code>www.indented.example\n</code></pre>\n",
            ),
            (
                "<x@y.example>",
                "<p><a href=\"mailto:x@y.example\">x@y.example</a></p>\n",
            ),
        ],
    );
}

#[test]
fn table_alignment_is_an_attribute_and_empty_bodies_are_left_out() {
    check(
        RenderOptions::default(),
        &[
            (
                "| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n",
                "<table><thead><tr><th align=\"left\">a</th><th align=\"center\">b</th>\
                 <th align=\"right\">c</th></tr></thead>\n<tbody>\n<tr><td align=\"left\">1</td>\
                 <td align=\"center\">2</td><td align=\"right\">3</td></tr>\n</tbody></table>\n",
            ),
            (
                "| a |\n| - |\n",
                "<table><thead><tr><th>a</th></tr></thead>\n</table>\n",
            ),
        ],
    );
}

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
                "raw HTML <script> and what follows it in this paragraph was removed",
                1
            ),
        ]
    );
}

/// The sizes of the post's images (the index's `images`, read by the builder): `width` and
/// `height` for every image in the table, `srcset` and `sizes` for those with copies; an image
/// not in the table, or without one, is written as before.
#[test]
fn images_get_their_size_and_copies_from_the_table() {
    let mut sizes = ImageSizes::default();
    let chart = ImageSize {
        width: 1600,
        height: 900,
        widths: vec![480, 960],
    };
    sizes.insert("/assets/img/chart.png", &chart);
    let flow = ImageSize {
        width: 1200,
        height: 500,
        widths: vec![],
    };
    sizes.insert("/assets/img/flow.svg", &flow);
    let sized = RenderOptions {
        images: Some(&sizes),
        ..SITE
    };
    let chart = "![Chart of response times](assets/img/chart.png \"By month\")";
    check(
        sized,
        &[
            (
                chart,
                "<p><img src=\"/assets/img/chart.png\" alt=\"Chart of response times\" \
                 title=\"By month\" width=\"1600\" height=\"900\" \
                 srcset=\"/assets/img/chart-480w.png 480w, /assets/img/chart-960w.png 960w, \
                 /assets/img/chart.png 1600w\" \
                 sizes=\"(max-width: 42rem) calc(100vw - 2.5rem), 39.5rem\" \
                 loading=\"lazy\" decoding=\"async\"></p>\n",
            ),
            (
                "![Flow](/assets/img/flow.svg)",
                "<p><img src=\"/assets/img/flow.svg\" alt=\"Flow\" width=\"1200\" height=\"500\" \
                 loading=\"lazy\" decoding=\"async\"></p>\n",
            ),
            (
                "![Other](/assets/img/other.png) ![Out](https://x.example/assets/img/chart.png)",
                "<p><img src=\"/assets/img/other.png\" alt=\"Other\" loading=\"lazy\" \
                 decoding=\"async\"> <img src=\"https://x.example/assets/img/chart.png\" \
                 alt=\"Out\" loading=\"lazy\" decoding=\"async\"></p>\n",
            ),
        ],
    );
    // Without a table, as before.
    check(
        SITE,
        &[(
            chart,
            "<p><img src=\"/assets/img/chart.png\" alt=\"Chart of response times\" \
             title=\"By month\" loading=\"lazy\" decoding=\"async\"></p>\n",
        )],
    );
    // Under a sub-path, every candidate has the public path, as `src` has.
    check(
        RenderOptions {
            base_path: "/quire-sub/",
            ..sized
        },
        &[(
            "![Chart](/assets/img/chart.png)",
            "<p><img src=\"/quire-sub/assets/img/chart.png\" alt=\"Chart\" width=\"1600\" \
             height=\"900\" srcset=\"/quire-sub/assets/img/chart-480w.png 480w, \
             /quire-sub/assets/img/chart-960w.png 960w, /quire-sub/assets/img/chart.png 1600w\" \
             sizes=\"(max-width: 42rem) calc(100vw - 2.5rem), 39.5rem\" loading=\"lazy\" \
             decoding=\"async\"></p>\n",
        )],
    );
}
