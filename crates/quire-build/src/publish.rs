//! What Trunk's post_build hook writes beside the app: every route's entry file, the feed,
//! the sitemap, robots.txt and `_headers`, all from the app shell Trunk wrote and the index
//! written before, for the public path the app was built for.

use crate::claims::{self, Claim, Problem, Refusal};
use crate::diagnostic::Diagnostic;
use crate::output::replace_file;
use crate::output_folder::OutputFolder;
use crate::posts::{claim_line, post_files, read_post};
use crate::site::Site;
use crate::{feeds, fs, headers, pages, render_worker, shell};
use quire_core::permalink::UrlScheme;
use quire_core::site_path::base_url_mismatch;
use quire_core::{ParsedPost, PostIndex, PostMeta, RenderOptions, Rendered};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The app shell, as Trunk wrote it, beside the entry files made from it.
pub const SHELL_FILE: &str = "app.html";

/// The index the index step wrote, in the output.
const INDEX_PATH: &str = "posts/index.json";

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
/// Runs as Trunk's post_build hook. The app's files and routes come first, then the posts'
/// pages, then their aliases' redirects; a post's URL or alias that the app has, or that
/// would overwrite or go through a file of the app's build, is an error named at its line in
/// the post under `content` (re-read only then), and nothing is written.
pub fn write_pages(out: &Path, content: &Path) -> Result<PagesReport, Vec<Diagnostic>> {
    let (trunk_html, mut shell, index) = read_shell_and_index(out).map_err(|d| vec![d])?;
    if let Some(loader) = render_worker::publish(out).map_err(|d| vec![d])? {
        shell.html = shell::with_render_worker(&shell.html, &shell.base_path, &loader);
    }
    let site = Site::new(&index, &shell.base_path);
    let warnings = settings_warnings(&index, &shell.base_path);
    let folder = OutputFolder::scan(out).map_err(|d| vec![d])?;

    let options = RenderOptions::for_site(&index.site, &site.address, &shell.base_path);
    let (bodies, feed_bodies) = bodies(out, &index, options).map_err(|d| vec![d])?;
    let app = app_files(out, &site, &shell, &feed_bodies).map_err(|d| vec![d])?;
    let app_paths: Vec<String> = app
        .iter()
        .map(|(path, _)| path.clone())
        .chain([SHELL_FILE.to_string(), INDEX_PATH.to_string()])
        .collect();
    let granted = post_pages(&index, &app_paths, &folder, content, out)?;
    let mut files = app;
    for (claim, file) in granted {
        let post = &index.posts[claim.post];
        let page = match claim.is_alias {
            false => {
                let page = pages::post_page(post, &bodies[claim.post], &site);
                pages::render(&shell.html, &page, &site)
            }
            true => pages::redirect_page(&post.url, &site),
        };
        files.push((file, page));
    }
    // The shell is kept (with the policy, as every page) only now: a run that stopped before
    // left Trunk's index.html as it was.
    let kept = match shell::is_dev_server(&trunk_html) {
        true => trunk_html.clone(),
        false => shell::with_policy(&trunk_html),
    };
    replace_file(&out.join(SHELL_FILE), kept.as_bytes()).map_err(|d| vec![d])?;
    folder.write(&files).map_err(|d| vec![d])?;
    Ok(PagesReport {
        written: files.len(),
        base_path: shell.base_path,
        warnings,
    })
}

/// Each post's body by its place in the index (a post is its URL, not its slug), twice: as
/// the entry files show it (code highlighted, lines numbered and marked, as the app does) and
/// as the feeds carry it (code plain: rendered again when the post has a fenced block, which
/// needs a fence of ``` or ~~~).
fn bodies(
    out: &Path,
    index: &PostIndex,
    options: RenderOptions<'_>,
) -> Result<(Vec<Rendered>, Vec<Rendered>), Diagnostic> {
    let mut pages = Vec::with_capacity(index.posts.len());
    let mut feeds = Vec::with_capacity(index.posts.len());
    for post in &index.posts {
        let markdown = fs::read_to_string(&out.join(&post.body))
            .map_err(|e| e.hint("the index names a body that is missing"))?;
        let options = options
            .with_images(&post.images)
            .with_files(&post.url, &post.files);
        let runs = crate::highlight::read_runs(out, post);
        let highlighted = runs.as_ref().map_or(options, |r| options.with_code(r));
        let page = quire_core::render(&markdown, highlighted);
        feeds.push(match markdown.contains("```") || markdown.contains("~~~") {
            true => quire_core::render(&markdown, options.with_plain_code()),
            false => page.clone(),
        });
        pages.push(page);
    }
    Ok((pages, feeds))
}

/// Trunk's shell (from the kept `app.html`, else Trunk's `index.html`), prepared, and the
/// index the index step wrote.
fn read_shell_and_index(out: &Path) -> Result<(String, shell::Shell, PostIndex), Diagnostic> {
    let read =
        |path: PathBuf, hint: &'static str| fs::read_to_string(&path).map_err(|e| e.hint(hint));
    // Trunk's index.html is the app shell; it is kept as app.html, so that the pages can be
    // written again from it (index.html itself becomes the home page's entry file).
    let shell_path = out.join(SHELL_FILE);
    let trunk_html = match std::fs::read_to_string(&shell_path) {
        Ok(shell) => shell,
        Err(_) => {
            let hint = "run this after Trunk has built the app (the post_build hook)";
            read(out.join("index.html"), hint)?
        }
    };
    let shell = shell::prepare(&trunk_html)
        .map_err(|message| Diagnostic::error(&shell_path, 0, message))?;
    let index_path = out.join(INDEX_PATH);
    let text = read(index_path.clone(), "build the index first")?;
    let index: PostIndex = serde_json::from_str(&text)
        .map_err(|e| Diagnostic::error(&index_path, e.line(), format!("not a post index: {e}")))?;
    Ok((trunk_html, shell, index))
}

/// The pages of the posts' URLs and aliases (claim, output path), URLs first: none may be
/// one of `app_files`, nor overwrite, name or go through what the app's build put in the
/// `folder`. The refused ones are errors at their line in the posts under `content`.
fn post_pages<'i>(
    index: &'i PostIndex,
    app_files: &[String],
    folder: &OutputFolder,
    content: &Path,
    out: &Path,
) -> Result<Vec<(Claim<'i>, String)>, Vec<Diagnostic>> {
    let posts: Vec<&PostMeta> = index.posts.iter().collect();
    let claims = claims::check(&posts, app_files);
    let mut refused: Vec<Refusal> = claims.refusals;
    for (claim, file) in &claims.pages {
        if let Some(why) = folder.conflict(claim.url, file) {
            refused.push(Refusal {
                claim: *claim,
                problem: Problem::Unusable(why),
            });
        }
    }
    match refused.is_empty() {
        true => Ok(claims.pages),
        false => Err(locate(&refused, index, content, &out.join(INDEX_PATH))),
    }
}

/// The app's own files, in the order written: every list page, search and highlights, the
/// not-found and home pages, the feeds (the site's, each tag's and author's), the sitemap, robots.txt, the start-up script and
/// `_headers` (output path, content). `bodies` are the posts' HTML as the feeds carry it, by
/// place in the index.
fn app_files(
    out: &Path,
    site: &Site,
    shell: &shell::Shell,
    bodies: &[quire_core::Rendered],
) -> Result<Vec<(String, String)>, Diagnostic> {
    let highlights_path = out.join("posts").join(quire_core::search::HIGHLIGHTS_FILE);
    let highlights: quire_core::search::HighlightsFile = std::fs::read(&highlights_path)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default();
    let mut routes = pages::list_pages(site);
    routes.push(("search/index.html".into(), pages::search_page(site)));
    routes.push((
        "highlights/index.html".into(),
        pages::highlights_page(site, &highlights),
    ));
    routes.push(("404.html".into(), pages::not_found_page(site)));
    routes.push(("index.html".into(), pages::home_page(site, 1)));
    let mut files: Vec<(String, String)> = routes
        .into_iter()
        .map(|(path, page)| (path, pages::render(&shell.html, &page, site)))
        .collect();
    let html_of = |i: usize| bodies.get(i).map(|b| b.html.clone());
    for feed in feeds::feeds(site) {
        let xml = feeds::atom(site, &feed, &html_of);
        files.push((feed.path.trim_start_matches('/').to_string(), xml));
    }
    let sitemap = feeds::sitemap(site)
        .map_err(|e| Diagnostic::error(out, 0, format!("cannot write the sitemap: {e}")))?;
    files.push(("sitemap.xml".into(), sitemap));
    files.push(("robots.txt".into(), feeds::robots(site)));
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
    Ok(files)
}

/// The refusals as errors at the line of the post file they are about, found by reading
/// the posts again under `content`; at the index when that finds no such post (the index was
/// built from other content).
fn locate(
    refused: &[Refusal],
    index: &PostIndex,
    content: &Path,
    index_path: &Path,
) -> Vec<Diagnostic> {
    let mut sources: HashMap<&str, (PathBuf, ParsedPost)> = HashMap::new();
    let wanted: HashSet<&str> = refused
        .iter()
        .flat_map(|r| {
            let other = match r.problem {
                Problem::Taken { other, .. } | Problem::InsidePage { other, .. } => Some(other),
                Problem::Unusable(_) => None,
            };
            std::iter::once(r.claim.post).chain(other)
        })
        .filter_map(|i| index.posts.get(i).map(|p| p.url.as_str()))
        .collect();
    let urls = UrlScheme::for_site(&index.site).unwrap_or_default();
    for path in post_files(content).unwrap_or_default() {
        if let Ok(post) = read_post(content, &path, &urls)
            && let Some(url) = wanted.get(post.meta.url.as_str())
        {
            sources.insert(url, (path, post));
        }
    }
    let name_of = |i: usize| {
        let url = index.posts.get(i).map_or("", |p| p.url.as_str());
        match sources.get(url) {
            Some((path, _)) => path.display().to_string(),
            None => format!("the post at `{url}`"),
        }
    };
    refused
        .iter()
        .map(|r| {
            let url = index.posts.get(r.claim.post).map_or("", |p| p.url.as_str());
            let message = r.message(&name_of);
            match sources.get(url) {
                Some((path, post)) => {
                    Diagnostic::error(path, claim_line(post, r.claim.is_alias), message)
                }
                None => Diagnostic::error(index_path, 0, format!("the post at `{url}`: {message}")),
            }
        })
        .collect()
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
    let entries = fs::read_dir(out)?;
    Ok(entries
        .into_iter()
        .map(|entry| entry.name)
        .filter(|name| headers::is_hashed_asset(name))
        .collect())
}
