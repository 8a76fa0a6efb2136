//! The app shell Trunk writes (`index.html`), made ready to become every route's entry file:
//! the public path read from the `<base>` Trunk fills in (`<base data-trunk-public-url />` in
//! our `index.html`) and handed to the app as a `<meta>` instead, Trunk's inline start-up
//! script moved into a file, and the places where a page's head and fallback go.
//!
//! The `<base>` element itself is not kept: it would make every `#fragment` link of a post
//! (table of contents, footnotes, heading anchors) resolve against the site root.

use quire_core::html_policy::{escape_attribute_into, parse_tag};
use quire_core::site_path::{BASE_META, normalize_base, prefixed};

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

/// The first `<base>` tag: its offset, length and `href`.
fn find_base(html: &str) -> Option<(usize, usize, String)> {
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find("<base") {
        let start = from + found;
        if let Some((tag, len)) = parse_tag(&html[start..]).filter(|(t, _)| t.name == "base") {
            let href = tag.attributes.into_iter().find(|(n, _)| n == "href");
            return Some((start, len, href.map(|(_, v)| v).unwrap_or_default()));
        }
        from = start + "<base".len();
    }
    None
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
