//! The response headers every host should send, from one source: the nginx snippet
//! `deploy/nginx/quire-headers.conf` (built into the builder), written out as a `_headers`
//! file for the hosts that read one (Netlify, Cloudflare Pages), and checked against the
//! site's video hosts (the Content-Security-Policy's `frame-src` must let their players in).

use quire_core::escape::escape_attribute_into;
use quire_core::site_path::prefixed;
use quire_core::video::player_origins;

/// The nginx snippet, as shipped.
pub const NGINX_HEADERS: &str = include_str!("../../../deploy/nginx/quire-headers.conf");

/// How long hashed assets are cached (as the nginx config says).
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The `add_header NAME "VALUE" always;` lines of the nginx snippet, as (name, value).
pub fn security_headers() -> Vec<(&'static str, &'static str)> {
    NGINX_HEADERS.lines().filter_map(parse_add_header).collect()
}

fn parse_add_header(line: &str) -> Option<(&str, &str)> {
    let rest = line.trim().strip_prefix("add_header")?.trim_start();
    let (name, rest) = rest.split_once(char::is_whitespace)?;
    let value = rest.trim_start().strip_prefix('"')?;
    let (value, _) = value.split_once('"')?;
    Some((name, value))
}

/// The value of one of the snippet's headers (`""` when it has none of that name).
pub fn header(name: &str) -> &'static str {
    security_headers()
        .into_iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map_or("", |(_, value)| value)
}

/// Directives a policy in a `<meta>` element may not carry: browsers ignore them there (and
/// say so in the console). The headers still send them where a server sends headers.
pub const HEADER_ONLY_DIRECTIVES: &[&str] =
    &["frame-ancestors", "report-uri", "report-to", "sandbox"];

/// The Content-Security-Policy without the directives a `<meta>` cannot carry.
pub fn meta_policy() -> String {
    header("Content-Security-Policy")
        .split(';')
        .map(str::trim)
        .filter(|d| {
            let name = d.split_whitespace().next().unwrap_or_default();
            !d.is_empty() && !HEADER_ONLY_DIRECTIVES.contains(&name.to_ascii_lowercase().as_str())
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The policy as the `<meta>` elements every written page carries first in its `<head>`, for
/// hosts that send no headers of ours (GitHub Pages, object stores): the Content-Security-Policy
/// (without what only a header can say) and the Referrer-Policy. The other headers
/// (X-Frame-Options, X-Content-Type-Options, Permissions-Policy) have no `<meta>` form.
pub fn policy_meta() -> String {
    let mut out = String::from("<meta http-equiv=\"Content-Security-Policy\" content=\"");
    escape_attribute_into(&mut out, &meta_policy());
    out.push_str("\" />");
    let referrer = header("Referrer-Policy");
    if !referrer.is_empty() {
        out.push_str("<meta name=\"referrer\" content=\"");
        escape_attribute_into(&mut out, referrer);
        out.push_str("\" />");
    }
    out
}

/// The sources of one directive of the Content-Security-Policy.
pub fn csp_sources(directive: &str) -> Vec<&'static str> {
    header("Content-Security-Policy")
        .split(';')
        .map(|d| d.split_whitespace().collect::<Vec<_>>())
        .find(|d| d.first() == Some(&directive))
        .map(|d| d[1..].to_vec())
        .unwrap_or_default()
}

/// The players the site's `video_hosts` allow that the policy's `frame-src` would block.
pub fn blocked_players(video_hosts: &[String]) -> Vec<&'static str> {
    blocked_by(&csp_sources("frame-src"), video_hosts)
}

fn blocked_by(frame_src: &[&str], video_hosts: &[String]) -> Vec<&'static str> {
    player_origins(video_hosts)
        .into_iter()
        .filter(|origin| !frame_src.contains(origin))
        .collect()
}

/// Whether a file name is one of Trunk's content-hashed assets (`quire-0123456789abcdef.js`,
/// `…_bg.wasm`, `main-….css`, the builder's `boot-….js`): the nginx config's rule. Trunk
/// writes its 64-bit hash without leading zeros, so it can be shorter than 16 digits.
pub fn is_hashed_asset(name: &str) -> bool {
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    if !matches!(ext, "wasm" | "js" | "css") {
        return false;
    }
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    match stem.rsplit_once('-') {
        Some((_, hash)) => {
            (10..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
        }
        None => false,
    }
}

/// The `_headers` file: the security headers on every path under the public path, a year of
/// caching for each hashed asset. Other files keep the host's default (revalidated) caching.
pub fn headers_file(base_path: &str, hashed_assets: &[String]) -> String {
    let mut out = String::from(
        "# Written by quire-build from deploy/nginx/quire-headers.conf: the headers the nginx\n\
         # config sends, for hosts that read this file (Netlify, Cloudflare Pages).\n",
    );
    out.push_str(&prefixed(base_path, "/*"));
    out.push('\n');
    for (name, value) in security_headers() {
        out.push_str(&format!("  {name}: {value}\n"));
    }
    for asset in hashed_assets {
        out.push_str(&prefixed(base_path, &format!("/{asset}")));
        out.push_str(&format!("\n  Cache-Control: {IMMUTABLE}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_nginx_header_is_read() {
        let expected = NGINX_HEADERS
            .lines()
            .filter(|l| l.trim_start().starts_with("add_header"))
            .count();
        let headers = security_headers();
        assert_eq!(headers.len(), expected, "{headers:?}");
        assert!(headers.iter().any(|(n, v)| *n == "Content-Security-Policy"
            && v.contains("script-src 'self' 'wasm-unsafe-eval'")));
        assert!(csp_sources("frame-src").contains(&"https://player.vimeo.com"));
    }

    #[test]
    fn the_meta_policy_is_the_header_policy_less_what_a_meta_cannot_say() {
        let header = header("Content-Security-Policy");
        let directives = |policy: &str| -> Vec<String> {
            policy
                .split(';')
                .map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|d| !d.is_empty())
                .collect()
        };
        let expected: Vec<String> = directives(header)
            .into_iter()
            .filter(|d| !d.starts_with("frame-ancestors"))
            .collect();
        assert!(header.contains("frame-ancestors 'none'"), "{header}");
        assert_eq!(directives(&meta_policy()), expected);
        assert!(
            expected
                .iter()
                .any(|d| d == "script-src 'self' 'wasm-unsafe-eval'")
        );
        assert_eq!(
            policy_meta(),
            format!(
                "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\" />\
                 <meta name=\"referrer\" content=\"strict-origin-when-cross-origin\" />",
                meta_policy()
            )
        );
    }

    #[test]
    fn the_headers_file_has_the_same_headers_and_the_prefix() {
        let file = headers_file("/sub/", &["quire-0123456789abcdef_bg.wasm".into()]);
        assert!(file.contains("\n/sub/*\n"), "{file}");
        for (name, value) in security_headers() {
            assert!(
                file.contains(&format!("\n  {name}: {value}\n")),
                "{name}: {file}"
            );
        }
        assert!(
            file.ends_with(&format!(
                "/sub/quire-0123456789abcdef_bg.wasm\n  Cache-Control: {IMMUTABLE}\n"
            )),
            "{file}"
        );
        assert!(headers_file("/", &[]).contains("\n/*\n"));
    }

    #[test]
    fn hashed_assets_are_recognised() {
        for name in [
            "quire-1498c5903172d7be.js",
            "quire-1498c5903172d7be_bg.wasm",
            "main-11f650734d42cf35.css",
            "boot-2f3c0dc302b6a80a.js",
            "quire-945f56ddf715eb7.js",
        ] {
            assert!(is_hashed_asset(name), "{name}");
        }
        for name in [
            "index.html",
            "quire.js",
            "a-123.js",
            "feed.xml",
            "x-1498c5903172d7be.md",
        ] {
            assert!(!is_hashed_asset(name), "{name}");
        }
    }

    #[test]
    fn players_the_policy_blocks_are_named() {
        let all = quire_core::index::default_video_hosts();
        assert!(blocked_players(&all).is_empty());
        assert!(blocked_players(&[]).is_empty());
        assert_eq!(
            blocked_by(&["https://www.youtube-nocookie.com"], &all),
            ["https://player.vimeo.com"]
        );
        assert!(blocked_by(&["https://www.youtube-nocookie.com"], &["youtu.be".into()]).is_empty());
    }
}
