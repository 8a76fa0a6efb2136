//! When the app starts on an entry file: after the page the reader came for has loaded.
//!
//! Every entry file shows its page without the app, so the app's download (wasm, JS and the
//! post index) must not compete with that page's own styles and images. Trunk's start-up
//! script imports the app at once and its shell preloads the wasm and the JS; here the script
//! imports the app only once the page has loaded (or after a few seconds, should an image
//! hang), preloading the index at that moment so it still arrives beside the wasm, and the
//! shell's preloads of the app go.

use quire_core::site_path::prefixed;

/// How long the app waits for the page's `load` event at most, in milliseconds.
const LOAD_WAIT_MS: u32 = 3000;

/// Trunk's start-up script, rewritten to run once the page has loaded; `None` when it is not
/// the script Trunk writes (`import init, * as bindings from '…';` first), which then stays
/// as it is.
pub fn deferred(code: &str, base_path: &str) -> Option<String> {
    const IMPORT: &str = "import init, * as bindings from ";
    let first = code.trim_start();
    let rest = first.strip_prefix(IMPORT)?;
    let end = rest.find(';')?;
    let specifier = rest[..end].trim();
    let quoted = |s: &str| s.len() >= 2 && (s.starts_with('\'') || s.starts_with('"'));
    if !quoted(specifier) || specifier.contains('\n') {
        return None;
    }
    let body: String = rest[end + 1..]
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| format!("  {l}\n"))
        .collect();
    let index = prefixed(base_path, "/posts/index.json");
    let index = serde_json::to_string(index.as_ref()).ok()?;
    Some(format!(
        "// Quire: the page is on screen without the app; the app downloads and starts once the\n\
         // page has loaded (or after {LOAD_WAIT_MS} ms), so it never competes with what the reader came for.\n\
         const start = async () => {{\n\
         \x20 const index = document.createElement('link');\n\
         \x20 Object.assign(index, {{ rel: 'preload', as: 'fetch', crossOrigin: 'anonymous', href: {index} }});\n\
         \x20 document.head.append(index);\n\
         \x20 const bindings = await import({specifier});\n\
         \x20 const init = bindings.default;\n\
         {body}}};\n\
         let started = false;\n\
         const once = () => {{\n\
         \x20 if (!started) {{\n\
         \x20   started = true;\n\
         \x20   start();\n\
         \x20 }}\n\
         }};\n\
         if (document.readyState === 'complete') once();\n\
         else {{\n\
         \x20 addEventListener('load', once, {{ once: true }});\n\
         \x20 setTimeout(once, {LOAD_WAIT_MS});\n\
         }}\n"
    ))
}

/// `html` without the `<link>` elements that fetch the app ahead of time: `modulepreload`
/// (the JS) and `preload` of a `.wasm`.
pub fn without_app_preloads(html: &str) -> String {
    let mut kept = String::with_capacity(html.len());
    let mut copied = 0;
    for (start, len, tag) in crate::tags::find_tags(html, "link") {
        let value = |name: &str| {
            tag.attributes
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.to_ascii_lowercase())
                .unwrap_or_default()
        };
        let rel = value("rel");
        let wasm = rel == "preload"
            && value("href")
                .split(['?', '#'])
                .next()
                .is_some_and(|p| p.ends_with(".wasm"));
        if rel == "modulepreload" || wasm {
            kept.push_str(html[copied..start].trim_end_matches([' ', '\t']));
            copied = start + len;
            if html[copied..].starts_with('\n') {
                copied += 1;
            }
        }
    }
    kept.push_str(&html[copied..]);
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRUNK: &str = "import init, * as bindings from '/quire-1a2b.js';\n\
                         const wasm = await init({ module_or_path: '/quire-1a2b_bg.wasm' });\n\n\n\
                         window.wasmBindings = bindings;\n\n\n\
                         dispatchEvent(new CustomEvent(\"TrunkApplicationStarted\", {detail: {wasm}}));\n";

    #[test]
    fn the_app_is_imported_once_the_page_has_loaded() {
        let code = deferred(TRUNK, "/").unwrap();
        assert!(!code.contains("import init"), "{code}");
        assert!(
            code.contains("const bindings = await import('/quire-1a2b.js');"),
            "{code}"
        );
        assert!(code.contains("const init = bindings.default;"), "{code}");
        assert!(
            code.contains(
                "  const wasm = await init({ module_or_path: '/quire-1a2b_bg.wasm' });\n"
            ),
            "{code}"
        );
        assert!(
            code.contains("  dispatchEvent(new CustomEvent(\"TrunkApplicationStarted\""),
            "{code}"
        );
        assert!(
            code.contains("addEventListener('load', once, { once: true });"),
            "{code}"
        );
        assert!(
            code.contains("if (document.readyState === 'complete') once();"),
            "{code}"
        );
        assert!(code.contains("href: \"/posts/index.json\""), "{code}");
        let sub = deferred(TRUNK, "/quire-sub/").unwrap();
        assert!(
            sub.contains("href: \"/quire-sub/posts/index.json\""),
            "{sub}"
        );
    }

    #[test]
    fn another_script_stays_as_it_is() {
        assert_eq!(deferred("init()\n", "/"), None);
        assert_eq!(deferred("import init, * as bindings from x;", "/"), None);
    }

    #[test]
    fn the_apps_preloads_go_and_others_stay() {
        let html = "<head>\n<link rel=\"stylesheet\" href=\"/main.css\"/>\n\
                    <link rel=\"modulepreload\" href=\"/quire-1a2b.js\" crossorigin=\"anonymous\">\n\
                    <link rel=\"preload\" href=\"/quire-1a2b_bg.wasm\" as=\"fetch\" type=\"application/wasm\">\n\
                    <link rel=\"preload\" href=\"/posts/index.json\" as=\"fetch\" />\n</head>";
        assert_eq!(
            without_app_preloads(html),
            "<head>\n<link rel=\"stylesheet\" href=\"/main.css\"/>\n\
             <link rel=\"preload\" href=\"/posts/index.json\" as=\"fetch\" />\n</head>"
        );
    }
}
