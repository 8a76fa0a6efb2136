//! The app shell Trunk writes (`index.html`), made ready to become every route's entry file:
//! the public path read from the `<base>` Trunk fills in (`<base data-trunk-public-url />` in
//! our `index.html`) and handed to the app as a `<meta>` instead, Trunk's inline start-up
//! script moved into a file (and made to start the app once the page has loaded, see
//! [`crate::app_start`]), and the places where a page's head and fallback go.
//!
//! The `<base>` element itself is not kept: it would make every `#fragment` link of a post
//! (table of contents, footnotes, heading anchors) resolve against the site root.

use crate::headers;
use crate::tags::find_tags;
use quire_core::escape::escape_attribute_into;
use quire_core::html_policy::tokenizer::parse_tag;
use quire_core::site_path::{BASE_META, RENDER_WORKER_META, normalize_base, prefixed};

/// A shell ready for [`crate::pages::render`].
#[derive(Debug, PartialEq)]
pub struct Shell {
    pub html: String,
    /// The public path the site is built for, `/` or `/some/path/`.
    pub base_path: String,
    /// The start-up script's file name and content, if the shell had an inline one.
    pub boot: Option<(String, String)>,
}

/// Prepares Trunk's shell. A shell without `<base>` is served from the root; a `<base>` whose
/// `href` is not an absolute path (`./`, a full URL) is an error that says what to build with.
pub fn prepare(trunk_html: &str) -> Result<Shell, String> {
    let (html, base_path) = match find_base(trunk_html) {
        Some((start, len, href)) => {
            let base = normalize_base(&href).ok_or_else(|| {
                format!(
                    "the app was built for the public URL `{href}`; Quire needs an absolute path: \
                     build with PUBLIC_URL=/ or a path such as PUBLIC_URL=/blog/"
                )
            })?;
            let html = format!(
                "{}{}{}",
                &trunk_html[..start],
                base_meta(&base),
                &trunk_html[start + len..]
            );
            (html, base)
        }
        None => {
            let meta = format!("{}\n</head>", base_meta("/"));
            (trunk_html.replacen("</head>", &meta, 1), "/".to_string())
        }
    };
    let (html, boot) = externalize_boot_script(&html, &base_path);
    let html = match is_dev_server(&html) {
        true => html,
        false => with_policy(&html),
    };
    Ok(Shell {
        html,
        base_path,
        boot,
    })
}

fn base_meta(base: &str) -> String {
    let mut meta = format!("<meta name=\"{BASE_META}\" content=\"");
    escape_attribute_into(&mut meta, base);
    meta.push_str("\" />");
    meta
}

/// `html` with the path of the render worker's script (`loader`, a file at the top of the
/// output) for the app, as a `<meta>` at the end of its `<head>`.
pub fn with_render_worker(html: &str, base_path: &str, loader: &str) -> String {
    let mut meta = format!("<meta name=\"{RENDER_WORKER_META}\" content=\"");
    escape_attribute_into(&mut meta, &prefixed(base_path, &format!("/{loader}")));
    meta.push_str("\" />\n</head>");
    html.replacen("</head>", &meta, 1)
}

/// The first `<base>` tag: its offset, length and `href`.
fn find_base(html: &str) -> Option<(usize, usize, String)> {
    let (start, len, tag) = find_tags(html, "base").next()?;
    let href = tag.attributes.into_iter().find(|(n, _)| n == "href");
    Some((start, len, href.map(|(_, v)| v).unwrap_or_default()))
}

/// Whether the shell is `trunk serve`'s: it carries Trunk's inline live-reload script, which
/// the policy (no inline scripts) would block. Such a shell gets no policy `<meta>`; it never
/// leaves the developer's machine, where no headers are sent either.
pub fn is_dev_server(html: &str) -> bool {
    html.contains(".well-known/trunk/ws")
}

/// `html` with the site's policy ([`headers::policy_meta`]) first in its `<head>` (after
/// `<meta charset>` when that comes first), before any script or style the policy governs.
/// A policy `<meta>` already there (from an earlier build) is replaced, so the page carries
/// exactly one, the current one.
pub fn with_policy(html: &str) -> String {
    let mut cleaned = String::with_capacity(html.len());
    let mut copied = 0;
    for (start, len, tag) in find_tags(html, "meta") {
        let has = |name: &str, value: &str| {
            tag.attributes
                .iter()
                .any(|(n, v)| n == name && v.eq_ignore_ascii_case(value))
        };
        if has("http-equiv", "content-security-policy") || has("name", "referrer") {
            cleaned.push_str(&html[copied..start]);
            copied = start + len;
        }
    }
    cleaned.push_str(&html[copied..]);
    let html = cleaned;
    let at = match find_tags(&html, "head").next() {
        Some((start, len, _)) => {
            let after = start + len;
            let rest = html[after..].trim_start();
            let charset = rest
                .starts_with('<')
                .then(|| parse_tag(rest))
                .flatten()
                .filter(|(tag, _)| {
                    tag.name == "meta" && tag.attributes.iter().any(|(n, _)| n == "charset")
                });
            match charset {
                Some((_, len)) => html.len() - rest.len() + len,
                None => after,
            }
        }
        None => 0,
    };
    format!("{}{}{}", &html[..at], headers::policy_meta(), &html[at..])
}

/// Moves Trunk's inline start-up script into a file of its own (named by a hash of its
/// content, so it is cached like the other hashed assets), so the site runs under a
/// Content-Security-Policy without `'unsafe-inline'` scripts. Returns the new shell and the
/// file to write, if the shell had an inline module script.
pub fn externalize_boot_script(shell: &str, base_path: &str) -> (String, Option<(String, String)>) {
    const OPEN: &str = "<script type=\"module\">";
    let Some(start) = shell.find(OPEN) else {
        return (shell.to_string(), None);
    };
    let Some(len) = shell[start..].find("</script>") else {
        return (shell.to_string(), None);
    };
    let code = shell[start + OPEN.len()..start + len].trim().to_string() + "\n";
    let deferred = crate::app_start::deferred(&code, base_path);
    let code = deferred.clone().unwrap_or(code);
    // FNV-1a: stable across builds and Rust versions, which std's hasher is not.
    let hash = code.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let name = format!("boot-{hash:016x}.js");
    let src = prefixed(base_path, &format!("/{name}")).into_owned();
    let tag = format!("<script type=\"module\" src=\"{src}\"></script>");
    let shell = format!(
        "{}{tag}{}",
        &shell[..start],
        &shell[start + len + "</script>".len()..]
    );
    let shell = match deferred {
        Some(_) => crate::app_start::without_app_preloads(&shell),
        None => shell,
    };
    (shell, Some((name, code)))
}

/// The shell with `head` in place of its `<title>` (or at the end of `<head>`).
pub fn replace_title(shell: &str, head: &str) -> String {
    match (shell.find("<title>"), shell.find("</title>")) {
        (Some(start), Some(end)) if start < end => {
            format!(
                "{}{}{}",
                &shell[..start],
                head.trim_end(),
                &shell[end + "</title>".len()..]
            )
        }
        _ => shell.replacen("</head>", &format!("{head}</head>"), 1),
    }
}

/// The shell with `fallback` in place of its `<noscript>` (or at the start of `<body>`).
pub fn replace_noscript(shell: &str, fallback: &str) -> String {
    match (shell.find("<noscript>"), shell.find("</noscript>")) {
        (Some(start), Some(end)) if start < end => {
            format!(
                "{}{fallback}{}",
                &shell[..start],
                &shell[end + "</noscript>".len()..]
            )
        }
        _ => shell.replacen("<body>", &format!("<body>\n    {fallback}"), 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHELL: &str = "<!DOCTYPE html><html><head><meta charset=\"utf-8\" /><title>Quire</title>\
                         <script type=\"module\">init()</script></head><body><noscript>JS</noscript></body></html>";

    #[test]
    fn the_boot_script_leaves_the_page() {
        let (shell, file) = externalize_boot_script(SHELL, "/");
        let (name, code) = file.unwrap();
        assert!(
            name.starts_with("boot-") && name.len() == "boot-".len() + 16 + 3,
            "{name}"
        );
        assert_eq!(code, "init()\n");
        assert!(
            shell.contains(&format!(
                "<script type=\"module\" src=\"/{name}\"></script>"
            )),
            "{shell}"
        );
        assert!(!shell.contains("init()"));
        assert_eq!(
            externalize_boot_script(&shell, "/").1,
            None,
            "nothing inline is left"
        );
    }

    #[test]
    fn the_policy_comes_first_once_and_current() {
        let policy = crate::headers::policy_meta();
        let shell = prepare(SHELL).unwrap().html;
        assert!(
            shell.starts_with(&format!(
                "<!DOCTYPE html><html><head><meta charset=\"utf-8\" />{policy}<title>"
            )),
            "{shell}"
        );
        assert_eq!(
            with_policy(&shell),
            shell,
            "once, however often it is applied"
        );
        let stale = SHELL.replace(
            "<title>",
            "<meta http-equiv=\"content-security-policy\" content=\"default-src *\">\
             <META NAME=referrer content=unsafe-url><title>",
        );
        let fresh = with_policy(&stale);
        assert!(
            !fresh.contains("default-src *") && !fresh.contains("unsafe-url"),
            "{fresh}"
        );
        assert_eq!(fresh.matches(&policy).count(), 1, "{fresh}");
        let no_charset = "<html><head lang=\"en\">\n<script src=\"/a.js\"></script></head></html>";
        assert_eq!(
            with_policy(no_charset),
            format!(
                "<html><head lang=\"en\">{policy}\n<script src=\"/a.js\"></script></head></html>"
            )
        );
        let header = "<html><header><p>x</p></header><head><script></script></head></html>";
        assert!(with_policy(header).contains(&format!("<head>{policy}<script>")));
    }

    #[test]
    fn trunk_serve_keeps_its_live_reload_script() {
        let dev = SHELL.replace(
            "</body>",
            "<script>const url = base + '.well-known/trunk/ws';</script></body>",
        );
        let shell = prepare(&dev).unwrap();
        assert!(
            !shell.html.contains("Content-Security-Policy"),
            "{}",
            shell.html
        );
    }

    #[test]
    fn the_render_workers_path_is_in_the_head() {
        let html = with_render_worker(
            SHELL,
            "/quire-sub/",
            "quire-render-loader-0123456789abcdef.js",
        );
        assert!(
            html.contains(
                "<meta name=\"quire-render-worker\" \
                 content=\"/quire-sub/quire-render-loader-0123456789abcdef.js\" />\n</head>"
            ),
            "{html}"
        );
    }

    #[test]
    fn the_public_path_moves_from_base_to_meta() {
        let trunk = SHELL.replace("<title>", "<base href=\"/quire-sub/\"/><title>");
        let shell = prepare(&trunk).unwrap();
        assert_eq!(shell.base_path, "/quire-sub/");
        assert!(!shell.html.contains("<base"), "{}", shell.html);
        assert!(
            shell
                .html
                .contains("<meta name=\"quire-base-path\" content=\"/quire-sub/\" /><title>"),
            "{}",
            shell.html
        );
        let (name, _) = shell.boot.unwrap();
        assert!(
            shell.html.contains(&format!(
                "<script type=\"module\" src=\"/quire-sub/{name}\">"
            )),
            "{}",
            shell.html
        );
        let at_root = prepare(SHELL).unwrap();
        assert_eq!(at_root.base_path, "/");
        assert!(
            at_root
                .html
                .contains("<meta name=\"quire-base-path\" content=\"/\" />"),
            "{}",
            at_root.html
        );
        let err = prepare(&SHELL.replace("<title>", "<base href=\"./\"><title>")).unwrap_err();
        assert!(err.contains("PUBLIC_URL=/blog/"), "{err}");
    }
}
