//! Quire's index builder: reads `content/posts/*.md` and writes, into the build output,
//! `posts/index.json` and one Markdown body per post. The output is complete or absent.

pub mod compress;
pub mod feeds;
pub mod headers;
pub mod output;
pub mod pages;
pub mod progress;
pub mod publish;
pub mod search;
pub mod shell;
pub mod site;

use quire_core::index::{INDEX_VERSION, PostIndex, SiteInfo};
use quire_core::permalink::lookup_key;
use quire_core::{ParsedPost, RenderOptions, parse_post};
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

pub use publish::{PagesReport, SHELL_FILE, write_pages};
pub use site::SiteSettings;

/// What to build from where.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    pub settings: PathBuf,
    pub content: PathBuf,
    pub out: PathBuf,
    /// Publish posts marked `draft: true` too (for `trunk serve`).
    pub drafts: bool,
}

/// An error or warning about a file, printed as `path:line: severity: message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: PathBuf,
    /// 1-based; 0 when the problem is the file as a whole.
    pub line: usize,
    pub message: String,
    pub is_error: bool,
}

impl Diagnostic {
    pub fn error(path: &Path, line: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_path_buf(),
            line,
            message: message.into(),
            is_error: true,
        }
    }

    pub fn warning(path: &Path, line: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            is_error: false,
            ..Diagnostic::error(path, line, message)
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = if self.is_error { "error" } else { "warning" };
        match self.line {
            0 => write!(f, "{}: {severity}: {}", self.path.display(), self.message),
            n => write!(
                f,
                "{}:{n}: {severity}: {}",
                self.path.display(),
                self.message
            ),
        }
    }
}

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildReport {
    pub published: usize,
    pub drafts_left_out: usize,
    pub warnings: Vec<Diagnostic>,
}

/// Builds the index. On any error nothing is written and every error is returned, so an author
/// sees all broken posts at once.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Vec<Diagnostic>> {
    let settings = SiteSettings::load(&options.settings).map_err(|d| vec![d])?;
    let files = post_files(&options.content).map_err(|d| vec![d])?;

    let mut errors = Vec::new();
    let mut report = BuildReport::default();
    let mut posts: Vec<(PathBuf, ParsedPost)> = Vec::new();
    let render_options = RenderOptions {
        site_url: Some(settings.base_url.as_str()).filter(|u| !u.is_empty()),
        video_hosts: Some(&settings.video_hosts),
        remote_posters: settings.remote_posters,
        // Warnings do not depend on where the site is served.
        base_path: "/",
    };
    for (path, result) in read_posts(files, render_options) {
        match result {
            Ok((post, warnings)) => {
                report.warnings.extend(warnings);
                posts.push((path, post));
            }
            Err(d) => errors.push(d),
        }
    }
    errors.extend(slug_clashes(&posts));
    if !errors.is_empty() {
        return Err(errors);
    }

    posts.retain(|(_, p)| {
        let keep = options.drafts || !p.front_matter.draft;
        report.drafts_left_out += usize::from(!keep);
        keep
    });
    // Newest first; the slug breaks ties so that the order never depends on the file system.
    posts.sort_by(|(_, a), (_, b)| {
        b.date
            .cmp(&a.date)
            .then_with(|| a.meta.slug.cmp(&b.meta.slug))
    });
    report.published = posts.len();

    let index = PostIndex {
        version: INDEX_VERSION,
        site: SiteInfo {
            title: settings.title,
            description: settings.description,
            base_url: settings.base_url,
            video_hosts: settings.video_hosts,
            remote_posters: settings.remote_posters,
            posts_per_page: settings.posts_per_page,
            nav: settings.nav,
        },
        posts: posts.iter().map(|(_, p)| p.meta.clone()).collect(),
    };
    let bodies: Vec<(&str, &str)> = posts
        .iter()
        .map(|(_, p)| (p.meta.body.as_str(), p.markdown.as_str()))
        .collect();
    let published: Vec<&ParsedPost> = posts.iter().map(|(_, p)| p).collect();
    let search = search::search_files(&published).map_err(|e| {
        vec![Diagnostic::error(
            &options.out,
            0,
            format!("cannot encode the search index: {e}"),
        )]
    })?;
    output::write_posts(&options.out, &index, &bodies, &search).map_err(|d| vec![d])?;
    Ok(report)
}

type PostResult = Result<(ParsedPost, Vec<Diagnostic>), Diagnostic>;

/// Reads and checks every post, on all cores, in the order given, with a progress line on a
/// terminal when it takes a while.
fn read_posts(files: Vec<PathBuf>, options: RenderOptions<'_>) -> Vec<(PathBuf, PostResult)> {
    let total = files.len();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let chunk = total.div_ceil(threads).max(1);
    let done = std::sync::atomic::AtomicUsize::new(0);
    let mut progress = progress::Progress::new();
    let read = |path: &PathBuf| -> PostResult {
        let post = read_post(path)?;
        let warnings = post_warnings(path, &post, options);
        done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok((post, warnings))
    };
    let results = std::thread::scope(|scope| {
        let workers: Vec<_> = files
            .chunks(chunk)
            .map(|part| scope.spawn(|| part.iter().map(read).collect::<Vec<_>>()))
            .collect();
        while workers.iter().any(|w| !w.is_finished()) {
            progress.update(done.load(std::sync::atomic::Ordering::Relaxed), total);
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        workers
            .into_iter()
            .flat_map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect::<Vec<_>>()
    });
    progress.finish();
    files.into_iter().zip(results).collect()
}

fn read_post(path: &Path) -> Result<ParsedPost, Diagnostic> {
    let content = std::fs::read_to_string(path)
        .map_err(|e| Diagnostic::error(path, 0, format!("cannot read the post: {e}")))?;
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    parse_post(stem, &content).map_err(|e| Diagnostic::error(path, e.line, e.message))
}

/// What an author should fix but that does not stop the build: raw HTML the policy removed,
/// unsafe link URLs, a banner without alt text.
fn post_warnings(path: &Path, post: &ParsedPost, options: RenderOptions<'_>) -> Vec<Diagnostic> {
    let rendered = quire_core::render(&post.markdown, options);
    // One warning per kind of problem, at its first line, so a post full of `style`
    // attributes does not bury everything else.
    let mut kinds: Vec<(String, usize, usize)> = Vec::new();
    for w in rendered.warnings {
        match kinds
            .iter_mut()
            .find(|(message, _, _)| *message == w.message)
        {
            Some((_, _, count)) => *count += 1,
            None => kinds.push((w.message, w.line, 1)),
        }
    }
    let mut warnings: Vec<Diagnostic> = kinds
        .into_iter()
        .map(|(message, line, count)| {
            let more = match count {
                1 => String::new(),
                n => format!(" (and {} more times further on)", n - 1),
            };
            Diagnostic::warning(path, post.body_line + line - 1, format!("{message}{more}"))
        })
        .collect();
    if post
        .meta
        .banner
        .as_ref()
        .is_some_and(|b| b.alt.trim().is_empty())
    {
        let line = post
            .front_matter
            .key_lines
            .get("banner")
            .or(post.front_matter.key_lines.get("image"));
        warnings.push(Diagnostic::warning(
            path,
            line.copied().unwrap_or(1),
            "the banner has no `alt`: describe the image for readers who cannot see it",
        ));
    }
    warnings.sort_by_key(|w| w.line);
    warnings
}

/// Every `*.md` directly in the posts folder, in name order.
fn post_files(content: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let dir = content.join("posts");
    let entries = std::fs::read_dir(&dir)
        .map_err(|e| Diagnostic::error(&dir, 0, format!("cannot list the posts folder: {e}")))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| Diagnostic::error(&dir, 0, format!("cannot list the posts folder: {e}")))?
            .path();
        if path.extension().is_some_and(|e| e == "md") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Two posts may not share a slug, even in different case (their body files would collide on
/// case-insensitive disks), nor a URL or an alias (one of them would be unreachable).
fn slug_clashes(posts: &[(PathBuf, ParsedPost)]) -> Vec<Diagnostic> {
    let mut slugs: HashMap<String, &Path> = HashMap::new();
    let mut paths: HashMap<&str, &Path> = HashMap::new();
    let mut errors = Vec::new();
    for (path, post) in posts {
        let meta = &post.meta;
        if let Some(first) = slugs.insert(meta.slug.to_lowercase(), path) {
            errors.push(Diagnostic::error(
                path,
                1,
                format!(
                    "the slug `{}` is already used by {}: rename one of the files",
                    meta.slug,
                    first.display()
                ),
            ));
        }
        let fm_line = |keys: &[&str]| {
            keys.iter()
                .find_map(|k| post.front_matter.key_lines.get(*k).copied())
                .unwrap_or(1)
        };
        let urls = std::iter::once((meta.url.as_str(), fm_line(&["permalink", "path", "url"])))
            .chain(
                meta.aliases
                    .iter()
                    .map(|a| (a.as_str(), fm_line(&["aliases", "redirect_from"]))),
            );
        for (url, line) in urls {
            if let Some(first) = paths.insert(lookup_key(url), path).filter(|p| *p != path) {
                errors.push(Diagnostic::error(
                    path,
                    line,
                    format!(
                        "the URL `{url}` is already taken by {}: give one post another",
                        first.display()
                    ),
                ));
            }
        }
    }
    errors
}
