//! What Trunk's post_build hook writes beside the app: every route's entry file, the feed,
//! the sitemap, robots.txt and `_headers`, all from the app shell Trunk wrote and the index
//! written before, for the public path the app was built for.

use crate::compress::remove_siblings;
use crate::pages::{self, Site};
use crate::{Diagnostic, feeds, headers, shell};
use quire_core::site_path::base_url_mismatch;
use quire_core::{PostIndex, RenderOptions};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The app shell, as Trunk wrote it, beside the entry files made from it.
pub const SHELL_FILE: &str = "app.html";

/// What writing the pages did.
#[derive(Debug, Default)]
pub struct PagesReport {
    pub written: usize,
    /// The public path the pages were written for (`/` or `/blog/`).
    pub base_path: String,
    pub warnings: Vec<Diagnostic>,
}

/// Writes the entry file of every route, the feed, the sitemap, robots.txt and `_headers`
/// into `out`, from the app shell Trunk wrote (`out/index.html`) and the index written before.
/// Runs as Trunk's post_build hook.
pub fn write_pages(out: &Path) -> Result<PagesReport, Diagnostic> {
    let read = |path: PathBuf, hint: &str| {
        std::fs::read_to_string(&path)
            .map_err(|e| Diagnostic::error(&path, 0, format!("cannot read it ({e}): {hint}")))
    };
    // Trunk's index.html is the app shell; it is kept as app.html, so that the pages can be
    // written again from it (index.html itself becomes the home page's entry file).
    let shell_path = out.join(SHELL_FILE);
    let trunk_html = match std::fs::read_to_string(&shell_path) {
        Ok(shell) => shell,
        Err(_) => {
            let hint = "run this after Trunk has built the app (the post_build hook)";
            let shell = read(out.join("index.html"), hint)?;
            std::fs::write(&shell_path, &shell)
                .map_err(|e| Diagnostic::error(&shell_path, 0, format!("cannot write: {e}")))?;
            shell
        }
    };
    let shell = shell::prepare(&trunk_html)
        .map_err(|message| Diagnostic::error(&shell_path, 0, message))?;
    let index_path = out.join("posts/index.json");
    let index: PostIndex =
        serde_json::from_str(&read(index_path.clone(), "build the index first")?).map_err(|e| {
            Diagnostic::error(&index_path, e.line(), format!("not a post index: {e}"))
        })?;
    let site = Site::new(&index, &shell.base_path);
    let warnings = settings_warnings(&index, &shell.base_path);

    let options = RenderOptions {
        site_url: Some(site.address.as_str()).filter(|u| !u.is_empty()),
        video_hosts: Some(&index.site.video_hosts),
        remote_posters: index.site.remote_posters,
        base_path: &shell.base_path,
    };
    let mut bodies = HashMap::new();
    for post in &index.posts {
        let markdown = read(
            out.join(&post.body),
            "the index names a body that is missing",
        )?;
        bodies.insert(
            post.slug.as_str(),
            quire_core::render(&markdown, options).html,
        );
    }
    let mut files: Vec<(String, String)> = Vec::new();
    let mut taken = HashSet::new();
    for post in &index.posts {
        let page = pages::post_page(post, &bodies[post.slug.as_str()], &site);
        let path = pages::entry_path(&post.url);
        taken.insert(path.clone());
        files.push((path, pages::render(&shell.html, &page, &site)));
    }
    for post in &index.posts {
        for alias in &post.aliases {
            let path = pages::entry_path(alias);
            if taken.insert(path.clone()) {
                files.push((path, pages::redirect_page(&post.url, &site)));
            }
        }
    }
    // The app's own routes, unless a post took their path.
    let highlights_path = out.join("posts").join(quire_core::search::HIGHLIGHTS_FILE);
    let highlights: quire_core::search::HighlightsFile = std::fs::read(&highlights_path)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default();
    let mut routes = pages::list_pages(&site);
    routes.push(("search/index.html".into(), pages::search_page(&site)));
    routes.push((
        "highlights/index.html".into(),
        pages::highlights_page(&site, &highlights),
    ));
    for (path, page) in routes {
        if taken.insert(path.clone()) {
            files.push((path, pages::render(&shell.html, &page, &site)));
        }
    }
    files.push((
        "404.html".into(),
        pages::render(&shell.html, &pages::not_found_page(&site), &site),
    ));
    files.push((
        "index.html".into(),
        pages::render(&shell.html, &pages::home_page(&site, 1), &site),
    ));
    files.push((
        "feed.xml".into(),
        feeds::atom(&site, &|p| bodies.get(p.slug.as_str()).cloned()),
    ));
    let sitemap = feeds::sitemap(&site)
        .map_err(|e| Diagnostic::error(out, 0, format!("cannot write the sitemap: {e}")))?;
    files.push(("sitemap.xml".into(), sitemap));
    files.push(("robots.txt".into(), feeds::robots(&site)));
    let mut hashed = hashed_assets(out)?;
    if let Some((name, code)) = shell.boot.clone() {
        hashed.push(name.clone());
        files.push((name, code));
    }
    hashed.sort();
    hashed.dedup();
    files.push((
        "_headers".into(),
        headers::headers_file(&shell.base_path, &hashed),
    ));
    for (path, content) in &files {
        let path = out.join(path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| Diagnostic::error(dir, 0, format!("cannot create the folder: {e}")))?;
        }
        remove_siblings(&path);
        std::fs::write(&path, content)
            .map_err(|e| Diagnostic::error(&path, 0, format!("cannot write: {e}")))?;
    }
    Ok(PagesReport {
        written: files.len(),
        base_path: shell.base_path,
        warnings,
    })
}

/// Settings that do not fit the deployment: a `base_url` under another path than the one the
/// app was built for, video players the Content-Security-Policy would block.
fn settings_warnings(index: &PostIndex, base_path: &str) -> Vec<Diagnostic> {
    let settings = Path::new("quire.toml");
    let mut warnings = Vec::new();
    if let Some(message) = base_url_mismatch(&index.site.base_url, base_path) {
        warnings.push(Diagnostic::warning(settings, 0, message));
    }
    let blocked = headers::blocked_players(&index.site.video_hosts);
    if !blocked.is_empty() {
        warnings.push(Diagnostic::warning(
            settings,
            0,
            format!(
                "video_hosts allows players from {} that the Content-Security-Policy's frame-src \
                 blocks: add them to deploy/nginx/quire-headers.conf (and rebuild), or those videos \
                 will not play",
                blocked.join(", ")
            ),
        ));
    }
    warnings
}

/// The content-hashed assets Trunk wrote at the top of `out`.
fn hashed_assets(out: &Path) -> Result<Vec<String>, Diagnostic> {
    let fail =
        |e: std::io::Error| Diagnostic::error(out, 0, format!("cannot list the folder: {e}"));
    let mut names = Vec::new();
    for entry in std::fs::read_dir(out).map_err(fail)? {
        let name = entry
            .map_err(fail)?
            .file_name()
            .to_string_lossy()
            .into_owned();
        if headers::is_hashed_asset(&name) {
            names.push(name);
        }
    }
    Ok(names)
}
