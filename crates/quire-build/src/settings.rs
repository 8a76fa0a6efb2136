//! Site settings: `quire.toml` at the repository root, read into the one settings type
//! ([`SiteInfo`], which the index carries to the app), each problem at its line.

use crate::diagnostic::Diagnostic;
use crate::fs;
use quire_core::SiteInfo;
use quire_core::permalink::UrlScheme;
use quire_core::url_policy::is_safe_url;
use serde::Deserialize;
use std::path::Path;

/// Reads and checks the settings file.
pub fn load(path: &Path) -> Result<SiteInfo, Diagnostic> {
    let text = fs::read_to_string(path).map_err(|e| e.naming("the site settings"))?;
    parse(&text).map_err(|(line, message)| Diagnostic::error(path, line, message))
}

/// The settings, or the line of the first problem and what it is. Unknown keys are an error
/// (see [`SiteInfo`]); `[[nav]]` URLs follow the URL policy of links in posts; the URL
/// patterns (`permalink`, `previous_permalinks`) must be usable.
fn parse(text: &str) -> Result<SiteInfo, (usize, String)> {
    let line_of = |span: Option<std::ops::Range<usize>>| {
        span.map_or(0, |span| {
            text[..span.start.min(text.len())].matches('\n').count() + 1
        })
    };
    let settings: SiteInfo =
        toml::from_str(text).map_err(|e| (line_of(e.span()), e.message().to_string()))?;
    if !settings.nav.is_empty() {
        let spans: NavSpans =
            toml::from_str(text).map_err(|e| (line_of(e.span()), e.message().to_string()))?;
        for link in spans.nav {
            if !is_safe_url(link.url.get_ref()) {
                return Err((
                    line_of(Some(link.url.span())),
                    format!(
                        "the nav link `{}` is not a path or an http(s) or mailto URL: \
                         links in the header follow the same rule as links in posts",
                        link.url.get_ref()
                    ),
                ));
            }
        }
    }
    if let Err(e) = UrlScheme::for_site(&settings) {
        let spans: PatternSpans =
            toml::from_str(text).map_err(|e| (line_of(e.span()), e.message().to_string()))?;
        let span = match e.index {
            Some(i) => spans.previous_permalinks.get(i).map(|s| s.span()),
            None => spans.permalink.map(|s| s.span()),
        };
        return Err((line_of(span), format!("`{}`: {}", e.key, e.message)));
    }
    Ok(settings)
}

/// Where the URL patterns are written, to name their line.
#[derive(Deserialize)]
struct PatternSpans {
    #[serde(default)]
    permalink: Option<toml::Spanned<String>>,
    #[serde(default)]
    previous_permalinks: Vec<toml::Spanned<String>>,
}

/// Where each `[[nav]]` URL is written, to name its line.
#[derive(Deserialize)]
struct NavSpans {
    #[serde(default)]
    nav: Vec<NavUrl>,
}

#[derive(Deserialize)]
struct NavUrl {
    url: toml::Spanned<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_settings() {
        let s = parse("title = \"Blog\"\ndescription = \"About things\"\n").unwrap();
        assert_eq!(s.title, "Blog");
    }

    #[test]
    fn unknown_or_missing_keys_name_the_line() {
        let (line, msg) = parse("title = \"Blog\"\ntitel = \"x\"\n").unwrap_err();
        assert_eq!(line, 2);
        assert!(msg.contains("titel"), "{msg}");
        let (_, msg) = parse("description = \"x\"\n").unwrap_err();
        assert!(msg.contains("title"), "{msg}");
    }

    #[test]
    fn url_patterns_are_checked_at_their_line() {
        let fine = "title = \"B\"\npermalink = \"/:section/:year/:title/\"\n\
                    previous_permalinks = [\"/blog/:year/:month/:title/\"]\n";
        let s = parse(fine).unwrap();
        assert_eq!(s.permalink.as_deref(), Some("/:section/:year/:title/"));
        assert_eq!(s.previous_permalinks, ["/blog/:year/:month/:title/"]);
        let (line, msg) = parse("title = \"B\"\n\npermalink = \"/:year/:titel/\"\n").unwrap_err();
        assert_eq!(line, 3, "{msg}");
        assert!(msg.starts_with("`permalink`: "), "{msg}");
        assert!(msg.contains("`:titel`"), "{msg}");
        let text = "title = \"B\"\nprevious_permalinks = [\n  \"/blog/:year/:month/:title/\",\n  \
                    \"blog/:title/\",\n]\n";
        let (line, msg) = parse(text).unwrap_err();
        assert_eq!(line, 4, "{msg}");
        assert!(msg.contains("must start with `/`"), "{msg}");
    }

    #[test]
    fn nav_links_follow_the_url_policy_of_posts() {
        let settings = "title = \"Blog\"\n\n[[nav]]\ntitle = \"About\"\nurl = \"/about/\"\n\n\
                        [[nav]]\ntitle = \"Evil\"\nurl = \" JaVa\\tScript:alert(1)\"\n";
        let (line, msg) = parse(settings).unwrap_err();
        assert_eq!(line, 9, "{msg}");
        assert!(msg.contains("nav link"), "{msg}");
        for bad in ["javascript:alert(1)", "data:text/html,x", "vbscript:x"] {
            let text = format!("title = \"B\"\n[[nav]]\ntitle = \"X\"\nurl = \"{bad}\"\n");
            assert_eq!(parse(&text).unwrap_err().0, 4, "{bad}");
        }
        let fine = "title = \"B\"\n[[nav]]\ntitle = \"X\"\nurl = \"https://x.example/\"\n\
                    [[nav]]\ntitle = \"Y\"\nurl = \"mailto:a@b.example\"\n";
        assert_eq!(parse(fine).unwrap().nav.len(), 2);
    }
}
