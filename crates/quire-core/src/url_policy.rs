//! URL policy for links and images: which schemes may reach the page, links to the site's own
//! absolute URLs made root-relative (so they navigate inside the app), a post's own files
//! (a page bundle's) served beside the post, other relative image paths resolved against the
//! site root.

use crate::site_path::{lookup_key, prefixed};

/// Whether a URL may appear in an `href` or `src`: http(s), mailto, relative and fragment URLs.
/// Browsers ignore ASCII whitespace and control characters inside a scheme, so those are
/// removed before the scheme is read.
pub fn is_safe_url(url: &str) -> bool {
    let compact: String = url
        .chars()
        // Any space, control or zero-width character goes: browsers would not run
        // `\u{2028}javascript:`, but a URL that only a careful parser finds harmless is
        // refused all the same.
        .filter(|c| {
            !c.is_whitespace()
                && !c.is_control()
                && !matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
        })
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    match compact.find([':', '/', '?', '#']) {
        Some(i) if compact.as_bytes()[i] == b':' && is_scheme(&compact[..i]) => {
            matches!(&compact[..i], "http" | "https" | "mailto")
        }
        // No scheme (`foo):bar` has none either: `)` cannot be part of one), so relative.
        _ => true,
    }
}

/// Whether a browser reads `s` as a URL scheme: a letter, then letters, digits, `+`, `-`, `.`.
fn is_scheme(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Whether a link leaves the site (after [`site_relative`] has had its say): an http(s) URL, or
/// one a browser reads as another host's (`//host`, `/\host`, `\\host`; tabs and newlines,
/// which browsers drop, and percent-encoding do not hide it). A lone leading `\` counts too.
pub fn is_external(url: &str) -> bool {
    let compact = browser_view(url, 8);
    compact.starts_with("http:") || compact.starts_with("https:") || names_a_host(&compact)
}

/// The start of `url` as a browser's URL parser sees it, lower-cased: leading spaces and
/// controls trimmed, ASCII tabs and newlines removed, percent-escapes decoded; at most `max`
/// characters.
fn browser_view(url: &str, max: usize) -> String {
    let mut chars = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'));
    let mut out = Vec::with_capacity(max);
    while out.len() < max {
        let Some(c) = chars.next() else { break };
        if c != '%' {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        let hex: String = chars.by_ref().take(2).collect();
        match u8::from_str_radix(&hex, 16) {
            Ok(byte) if hex.len() == 2 && byte.is_ascii() => {
                out.push(char::from(byte).to_ascii_lowercase());
            }
            _ => out.extend(std::iter::once('%').chain(hex.chars())),
        }
    }
    out.into_iter().collect()
}

/// Whether a URL (as [`browser_view`] gives it) starts with a leading `\`, or with two slashes
/// of either kind: a path a browser takes for the start of another host.
fn names_a_host(compact: &str) -> bool {
    let mut chars = compact.chars();
    matches!(
        (chars.next(), chars.next()),
        (Some('\\'), _) | (Some('/'), Some('/' | '\\'))
    )
}

/// A link to the site's own absolute URL (`https://blog.example/blog/...`, either scheme, or
/// `//blog.example/...`), as a root-relative path; other URLs unchanged. A URL whose path
/// would take the browser to another host (`https://blog.example//evil.example/`) is not the
/// site's own and stays absolute.
pub fn site_relative<'u>(url: &'u str, site_url: Option<&str>) -> &'u str {
    let Some(site) = site_url else { return url };
    let host = |u: &str| -> Option<String> {
        let lower = u.get(..8).unwrap_or(u).to_ascii_lowercase();
        let rest = if lower.starts_with("https://") || lower.starts_with("http://") {
            u.split_once("://").map(|(_, r)| r)
        } else {
            u.strip_prefix("//")
        }?;
        Some(rest.to_ascii_lowercase())
    };
    let (Some(site_host), Some(url_rest)) = (host(site.trim_end_matches('/')), host(url)) else {
        return url;
    };
    if url_rest.starts_with(&site_host) && url_rest[site_host.len()..].starts_with(['/', '?', '#'])
    {
        let offset = url.len() - url_rest.len() + site_host.len();
        let path = &url[offset..];
        if names_a_host(&browser_view(path, 8)) {
            url
        } else {
            path
        }
    } else if url_rest == site_host {
        "/"
    } else {
        url
    }
}

/// An image path relative to the post (`assets/x.png`) resolved against the site root, as the
/// post's own URL would otherwise misdirect it.
pub fn resolve_image(src: &str) -> String {
    let plain =
        !src.is_empty() && !src.starts_with(['/', '\\', '.', '#', '?']) && !src.contains(':');
    if plain {
        format!("/{src}")
    } else {
        src.to_string()
    }
}

/// A post's own files (a page bundle's, or files beside the post that it links to), which the
/// builder copies beside the post's URL.
#[derive(Clone, Copy, Debug, Default)]
pub struct PostFiles<'s> {
    /// The post's path on the site (`/blog/2024/05/slug/`).
    pub url: &'s str,
    /// The files, by their path relative to the post's folder as the body writes them
    /// (`figure.png`, `data/run%201.csv`; [`local_path`]).
    pub files: &'s [String],
}

impl PostFiles<'_> {
    /// The site path of the post's own file that `url` names (`./figure.png#x` →
    /// `/blog/2024/05/slug/figure.png#x`); `None` for any URL that names none.
    pub fn resolve(&self, url: &str) -> Option<String> {
        let (path, rest) = local_path(url)?;
        if !self.files.iter().any(|f| f == path) {
            return None;
        }
        let folder = lookup_key(self.url).trim_end_matches('/');
        Some(format!("{folder}/{path}{rest}"))
    }
}

/// A URL relative to the post's folder, split into its path (`./` dropped) and its query and
/// fragment: `./img/a.png?v=2#x` is (`img/a.png`, `?v=2#x`). `None` for a URL with a scheme or
/// a colon, one that starts at the site root or another host, an empty path, and a path with
/// an empty, hidden (`.git`), `..` or backslashed segment: those never name a post's own file.
pub fn local_path(url: &str) -> Option<(&str, &str)> {
    let mut url = url;
    while let Some(rest) = url.strip_prefix("./") {
        url = rest;
    }
    let end = url.find(['?', '#']).unwrap_or(url.len());
    let (path, rest) = url.split_at(end);
    let plain = |c: char| !c.is_whitespace() && !c.is_control() && !matches!(c, ':' | '\\');
    let fine = !path.is_empty()
        && path.chars().all(plain)
        && path
            .split('/')
            .all(|s| !s.is_empty() && !s.starts_with('.'));
    fine.then_some((path, rest))
}

/// Where a post body's own URLs lead: its files beside the post, site paths under the public
/// path the site is served under.
#[derive(Clone, Copy, Debug, Default)]
pub struct BodyUrls<'s> {
    /// The public path (`/blog/` on `https://x.github.io/blog/`); empty or `/` at the root.
    pub base_path: &'s str,
    pub files: Option<PostFiles<'s>>,
}

impl BodyUrls<'_> {
    /// A link's URL as the page writes it: a post's own file beside the post, site paths under
    /// the public path, others as they are.
    pub fn href(&self, url: &str) -> String {
        match self.files.and_then(|f| f.resolve(url)) {
            Some(own) => prefixed(self.base_path, &own).into_owned(),
            None => prefixed(self.base_path, url).into_owned(),
        }
    }

    /// An image's path on the site, without the public path: a post's own file beside the
    /// post, another relative path against the site root ([`resolve_image`]).
    pub fn image(&self, src: &str) -> String {
        self.files
            .and_then(|f| f.resolve(src))
            .unwrap_or_else(|| resolve_image(src))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_safe_schemes_pass() {
        for bad in [
            "javascript:x",
            " JaVaScRiPt:x",
            "java\tscript:x",
            "jav\u{0}ascript:x",
            "vbscript:x",
            "data:text/html,x",
            "file:///etc",
            "\u{1}javascript:x",
            "java\nscript:x",
            "x-y+z.w:x",
        ] {
            assert!(!is_safe_url(bad), "{bad:?}");
        }
        for good in [
            "https://x.example/",
            "http://x",
            "mailto:a@b.c",
            "/blog/x/",
            "#top",
            "rel/path:colon",
            "foo):",
            "(javascript:x",
            "?q=a:b",
            "",
        ] {
            assert!(is_safe_url(good), "{good:?}");
        }
    }

    #[test]
    fn own_absolute_links_become_root_relative() {
        let site = Some("https://opensource.zalando.com/");
        assert_eq!(
            site_relative("https://opensource.zalando.com/blog/2019/02/x/", site),
            "/blog/2019/02/x/"
        );
        assert_eq!(
            site_relative("http://OpenSource.Zalando.com/blog/x?y#z", site),
            "/blog/x?y#z"
        );
        assert_eq!(site_relative("https://opensource.zalando.com", site), "/");
        assert_eq!(
            site_relative("https://opensource.zalando.com.evil.example/x", site),
            "https://opensource.zalando.com.evil.example/x"
        );
        assert_eq!(
            site_relative("https://github.com/zalando", site),
            "https://github.com/zalando"
        );
        assert_eq!(site_relative("/blog/x/", None), "/blog/x/");
        assert_eq!(site_relative("//opensource.zalando.com/x", site), "/x");
        assert_eq!(
            site_relative("mailto://opensource.zalando.com/x", site),
            "mailto://opensource.zalando.com/x"
        );
    }

    #[test]
    fn own_links_whose_path_names_another_host_stay_absolute() {
        let site = Some("https://blog.example/");
        for url in [
            "https://blog.example//evil.example/login",
            "https://blog.example/\\evil.example/x",
            "https://blog.example/%2F/evil.example/x",
            "https://blog.example/%5cevil.example/x",
            "https://blog.example/\t/evil.example/x",
            "//blog.example//evil.example/",
        ] {
            assert_eq!(site_relative(url, site), url, "{url:?}");
            assert!(is_external(site_relative(url, site)), "{url:?}");
        }
        assert_eq!(site_relative("https://blog.example/a//b", site), "/a//b");
    }

    #[test]
    fn links_a_browser_reads_as_another_host_are_external() {
        for url in [
            "https://x.example/",
            " HTTP://x.example/",
            "http:\\\\x.example",
            "//x.example/",
            "/\\x.example/",
            "\\\\x.example/",
            "\\x.example/",
            "/\t/x.example/",
            "\n//x.example/",
            "/%2fx.example/",
            "/%5Cx.example/",
        ] {
            assert!(is_external(url), "{url:?}");
        }
        for url in [
            "/blog/x/",
            "#top",
            "rel/x",
            "mailto:a@b.c",
            "/%2",
            "/a//b",
            "?q=//x",
            "",
        ] {
            assert!(!is_external(url), "{url:?}");
        }
        assert_eq!(resolve_image("\\x.example/a.png"), "\\x.example/a.png");
    }

    #[test]
    fn relative_images_resolve_against_the_site() {
        assert_eq!(resolve_image("assets/img/x.png"), "/assets/img/x.png");
        assert_eq!(resolve_image("/assets/img/x.png"), "/assets/img/x.png");
        assert_eq!(
            resolve_image("https://x.example/a.png"),
            "https://x.example/a.png"
        );
        assert_eq!(resolve_image("../x.png"), "../x.png");
    }
}

#[cfg(test)]
mod unicode_space_tests {
    use super::is_safe_url;

    #[test]
    fn schemes_behind_unicode_spaces_are_refused() {
        for space in [
            '\u{2028}', '\u{a0}', '\u{1680}', '\u{2000}', '\u{3000}', '\u{200b}', '\u{feff}',
        ] {
            let url = format!("{space}javascript:alert(1)");
            assert!(!is_safe_url(&url), "{url:?}");
        }
        assert!(is_safe_url("\u{a0}/relative/path"));
    }
}
