//! Where a site is served from. Posts, the index and the builder speak in site paths
//! (`/blog/2024/05/x/`, `/assets/img/a.svg`); a site deployed under a sub-path (the public
//! path `/blog/`, as on `https://example.github.io/blog/`) serves them at `/blog/blog/2024/…`.
//! These functions turn one into the other, for the app and the builder alike.

use std::borrow::Cow;

/// The `<meta name>` by which every page tells the app its public path (`/` or `/blog/`).
pub const BASE_META: &str = "quire-base-path";

/// The `<meta name>` by which every page tells the app where its render worker's script is
/// (a served path, public path included), written by the builder beside [`BASE_META`].
pub const RENDER_WORKER_META: &str = "quire-render-worker";

/// A public path in canonical form, `/` or `/some/path/` (leading and trailing slash), or
/// `None` when `raw` is not a plain absolute path (a full URL, `./`, a query, a quote).
pub fn normalize_base(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let plain = raw
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~' | '/' | '%'));
    if !plain || !raw.starts_with('/') || raw.starts_with("//") {
        return None;
    }
    let segments: Vec<&str> = raw.split('/').filter(|s| !s.is_empty()).collect();
    if segments.iter().any(|s| *s == "." || *s == "..") {
        return None;
    }
    Some(match segments.is_empty() {
        true => "/".to_string(),
        false => format!("/{}/", segments.join("/")),
    })
}

/// A site-root-relative URL (`/blog/x/`) as served under `base` (`/sub/blog/x/`). Anything
/// else (`https://…`, `//host/…`, `#top`, `rel/path`, `mailto:…`) is returned unchanged, and so
/// is everything when the site is served from the root (`base` empty or `/`).
pub fn prefixed<'u>(base: &str, url: &'u str) -> Cow<'u, str> {
    let base = base.trim_end_matches('/');
    if base.is_empty() || !url.starts_with('/') || url.starts_with("//") {
        return Cow::Borrowed(url);
    }
    Cow::Owned(format!("{base}{url}"))
}

/// The site path of a request path served under `base`: `/sub/blog/x/` is `/blog/x/`, `/sub`
/// and `/sub/` are `/`. `None` for a path outside `base` (`/subway/`, `/other/`).
pub fn unprefixed<'p>(base: &str, path: &'p str) -> Option<Cow<'p, str>> {
    let base = base.trim_end_matches('/');
    let rest = path.strip_prefix(base)?;
    match rest {
        "" => Some(Cow::Borrowed("/")),
        _ if rest.starts_with('/') => Some(Cow::Borrowed(rest)),
        _ => None,
    }
}

/// The absolute address of the site, for canonical URLs, feeds and link previews, from
/// `base_url` in quire.toml and the public path the site is served under. A `base_url` that
/// names only a host (`https://example.github.io/`) gets the public path; one with a path of
/// its own is taken as written (see [`base_url_mismatch`]). Empty when `base_url` is.
pub fn site_address(base_url: &str, base: &str) -> String {
    let base_url = base_url.trim();
    if base_url.is_empty() {
        return String::new();
    }
    match url_path(base_url) {
        Some("" | "/") => format!("{}{}", base_url.trim_end_matches('/'), normalized(base)),
        _ => base_url.to_string(),
    }
}

/// When `base_url` has a path of its own that is not the public path, what is wrong and how to
/// fix it (the site would announce addresses where its files are not).
pub fn base_url_mismatch(base_url: &str, base: &str) -> Option<String> {
    let path = url_path(base_url.trim())?;
    if matches!(path, "" | "/") {
        return None;
    }
    let own = normalize_base(path).unwrap_or_else(|| path.to_string());
    let base = normalized(base);
    (own != base).then(|| {
        format!(
            "base_url `{base_url}` is under `{own}`, but the site is built to be served from `{base}`: \
             canonical URLs, the feed and the sitemap point at `{own}` while the pages load their files \
             from `{base}`; build with `make dist PUBLIC_URL={own}` or change base_url"
        )
    })
}

fn normalized(base: &str) -> String {
    normalize_base(base).unwrap_or_else(|| "/".to_string())
}

/// The path of an absolute http(s) URL (`""` for `https://host`), without query or fragment.
fn url_path(url: &str) -> Option<&str> {
    let (_, rest) = url.split_once("://")?;
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    Some(rest.find('/').map_or("", |i| &rest[i..]))
}

/// The key under which a request path finds a post: no trailing `/` or `/index.html`.
pub fn lookup_key(path: &str) -> &str {
    let path = path.strip_suffix("/index.html").unwrap_or(path);
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() { "/" } else { trimmed }
}

/// The identity of a post's path as files on any disk: [`lookup_key`] in lower case, because
/// on a case-insensitive disk (macOS, Windows, some hosts) `/x/` and `/X/` are one folder.
/// Two posts may not share it.
pub fn file_key(path: &str) -> String {
    lookup_key(path).to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_paths_are_normalized_or_refused() {
        assert_eq!(normalize_base("/").as_deref(), Some("/"));
        assert_eq!(normalize_base("").as_deref(), None);
        assert_eq!(normalize_base("/blog").as_deref(), Some("/blog/"));
        assert_eq!(normalize_base("/a//b/").as_deref(), Some("/a/b/"));
        assert_eq!(
            normalize_base(" /quire-sub/ ").as_deref(),
            Some("/quire-sub/")
        );
        for bad in [
            "./",
            "blog/",
            "//cdn.example/",
            "https://x.example/blog/",
            "/a/../b/",
            "/a\"/",
            "/a?b",
        ] {
            assert_eq!(normalize_base(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn site_paths_get_the_prefix_and_lose_it_again() {
        assert_eq!(prefixed("/sub/", "/blog/x/"), "/sub/blog/x/");
        assert_eq!(prefixed("/sub", "/"), "/sub/");
        assert_eq!(prefixed("/", "/blog/x/"), "/blog/x/");
        assert_eq!(prefixed("", "/blog/x/"), "/blog/x/");
        for unchanged in [
            "https://x.example/a",
            "//x.example/a",
            "#top",
            "rel/x.png",
            "mailto:a@b",
        ] {
            assert_eq!(prefixed("/sub/", unchanged), unchanged);
        }
        assert_eq!(
            unprefixed("/sub/", "/sub/blog/x/").as_deref(),
            Some("/blog/x/")
        );
        assert_eq!(unprefixed("/sub/", "/sub/").as_deref(), Some("/"));
        assert_eq!(unprefixed("/sub/", "/sub").as_deref(), Some("/"));
        assert_eq!(unprefixed("/sub/", "/subway/"), None);
        assert_eq!(unprefixed("/sub/", "/other/"), None);
        assert_eq!(unprefixed("/", "/blog/x/").as_deref(), Some("/blog/x/"));
    }

    #[test]
    fn the_site_address_joins_host_and_public_path() {
        assert_eq!(
            site_address("https://x.example/", "/"),
            "https://x.example/"
        );
        assert_eq!(site_address("https://x.example", "/"), "https://x.example/");
        assert_eq!(
            site_address("https://x.example/", "/sub/"),
            "https://x.example/sub/"
        );
        assert_eq!(
            site_address("https://x.example/sub/", "/sub/"),
            "https://x.example/sub/"
        );
        assert_eq!(
            site_address("https://x.example/other/", "/sub/"),
            "https://x.example/other/"
        );
        assert_eq!(site_address("", "/sub/"), "");
        assert_eq!(base_url_mismatch("https://x.example/", "/sub/"), None);
        assert_eq!(base_url_mismatch("https://x.example/sub", "/sub/"), None);
        assert_eq!(base_url_mismatch("", "/sub/"), None);
        let message = base_url_mismatch("https://x.example/blog/", "/").unwrap();
        assert!(message.contains("PUBLIC_URL=/blog/"), "{message}");
    }
}
