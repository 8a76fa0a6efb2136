//! Site settings: `quire.toml` at the repository root.

use quire_core::url_policy::is_safe_url;
use serde::Deserialize;
use std::path::Path;

use crate::Diagnostic;

/// The settings authors edit. Unknown keys are an error, so a typo does not pass silently.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SiteSettings {
    /// The blog's name, shown in the header and in every page title.
    pub title: String,
    /// One sentence about the blog, for the home page.
    #[serde(default)]
    pub description: String,
    /// Where the blog is published, e.g. `https://blog.example/`. Links in posts to this
    /// address (as migrated posts often have) navigate inside the app.
    #[serde(default)]
    pub base_url: String,
    /// Hosts whose videos posts may embed (YouTube and Vimeo unless set); other iframes are
    /// dropped with a warning.
    #[serde(default = "quire_core::index::default_video_hosts")]
    pub video_hosts: Vec<String>,
    /// Show YouTube's thumbnail on video facades before play. Off by default: it is a request
    /// to a third party before the reader asks for the video.
    #[serde(default)]
    pub remote_posters: bool,
    /// Posts on each page of the home list (10 unless set).
    #[serde(default = "quire_core::index::default_posts_per_page")]
    pub posts_per_page: usize,
    /// Extra header links: `[[nav]]` tables with `title` and `url`.
    #[serde(default)]
    pub nav: Vec<quire_core::index::NavLink>,
}

impl SiteSettings {
    /// Reads and checks the settings file.
    pub fn load(path: &Path) -> Result<SiteSettings, Diagnostic> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Diagnostic::error(path, 0, format!("cannot read the site settings: {e}"))
        })?;
        Self::parse(&text).map_err(|(line, message)| Diagnostic::error(path, line, message))
    }

    fn parse(text: &str) -> Result<SiteSettings, (usize, String)> {
        let line_of = |span: Option<std::ops::Range<usize>>| {
            span.map_or(0, |span| {
                text[..span.start.min(text.len())].matches('\n').count() + 1
            })
        };
        let settings: SiteSettings =
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
        Ok(settings)
    }
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
        let s = SiteSettings::parse("title = \"Blog\"\ndescription = \"About things\"\n").unwrap();
        assert_eq!(s.title, "Blog");
    }

    #[test]
    fn unknown_or_missing_keys_name_the_line() {
        let (line, msg) = SiteSettings::parse("title = \"Blog\"\ntitel = \"x\"\n").unwrap_err();
        assert_eq!(line, 2);
        assert!(msg.contains("titel"), "{msg}");
        let (_, msg) = SiteSettings::parse("description = \"x\"\n").unwrap_err();
        assert!(msg.contains("title"), "{msg}");
    }

    #[test]
    fn nav_links_follow_the_url_policy_of_posts() {
        let settings = "title = \"Blog\"\n\n[[nav]]\ntitle = \"About\"\nurl = \"/about/\"\n\n\
                        [[nav]]\ntitle = \"Evil\"\nurl = \" JaVa\\tScript:alert(1)\"\n";
        let (line, msg) = SiteSettings::parse(settings).unwrap_err();
        assert_eq!(line, 9, "{msg}");
        assert!(msg.contains("nav link"), "{msg}");
        for bad in ["javascript:alert(1)", "data:text/html,x", "vbscript:x"] {
            let text = format!("title = \"B\"\n[[nav]]\ntitle = \"X\"\nurl = \"{bad}\"\n");
            assert_eq!(SiteSettings::parse(&text).unwrap_err().0, 4, "{bad}");
        }
        let fine = "title = \"B\"\n[[nav]]\ntitle = \"X\"\nurl = \"https://x.example/\"\n\
                    [[nav]]\ntitle = \"Y\"\nurl = \"mailto:a@b.example\"\n";
        assert_eq!(SiteSettings::parse(fine).unwrap().nav.len(), 2);
    }
}
