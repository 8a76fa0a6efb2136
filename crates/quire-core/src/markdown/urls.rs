//! URL policy for links and images: which schemes may reach the page, links to the site's own
//! absolute URLs made root-relative (so they navigate inside the app), relative image paths
//! resolved against the site root.

/// Whether a URL may appear in an `href` or `src`: http(s), mailto, relative and fragment URLs.
/// Browsers ignore ASCII whitespace and control characters inside a scheme, so those are
/// removed before the scheme is read.
pub fn is_safe_url(url: &str) -> bool {
    let compact: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    match compact.find([':', '/', '?', '#']) {
        Some(i) if compact.as_bytes()[i] == b':' => {
            matches!(&compact[..i], "http" | "https" | "mailto")
        }
        _ => true,
    }
}

/// Whether a link leaves the site (after [`site_relative`] has had its say).
pub fn is_external(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//")
}

/// A link to the site's own absolute URL (`https://blog.example/blog/...`, either scheme),
/// as a root-relative path; other URLs unchanged.
pub fn site_relative<'u>(url: &'u str, site_url: Option<&str>) -> &'u str {
    let Some(site) = site_url else { return url };
    let host = |u: &str| -> Option<String> {
        let rest = u
            .split_once("://")
            .map(|(_, r)| r)
            .or_else(|| u.strip_prefix("//"))?;
        Some(rest.to_ascii_lowercase())
    };
    let (Some(site_host), Some(url_rest)) = (host(site.trim_end_matches('/')), host(url)) else {
        return url;
    };
    if url_rest.starts_with(&site_host) && url_rest[site_host.len()..].starts_with(['/', '?', '#'])
    {
        let offset = url.len() - url_rest.len() + site_host.len();
        &url[offset..]
    } else if url_rest == site_host {
        "/"
    } else {
        url
    }
}

/// An image path relative to the post (`assets/x.png`) resolved against the site root, as the
/// post's own URL would otherwise misdirect it.
pub fn resolve_image(src: &str) -> String {
    let plain = !src.is_empty() && !src.starts_with(['/', '.', '#', '?']) && !src.contains(':');
    if plain {
        format!("/{src}")
    } else {
        src.to_string()
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
