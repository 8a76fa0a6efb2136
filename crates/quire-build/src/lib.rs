//! Quire's index builder: reads `content/posts/*.md` and writes, into the build output,
//! `posts/index.json` and one Markdown body per post. The output is complete or absent.

pub mod app_start;
pub mod claims;
pub mod compress;
pub mod feeds;
pub mod headers;
pub mod images;
pub mod markup;
pub mod output;
pub mod output_folder;
pub mod pages;
pub mod progress;
pub mod publish;
pub mod render_worker;
pub mod search;
pub mod shell;
pub mod site;
pub mod tags;

use quire_core::index::{INDEX_VERSION, PostIndex, SiteInfo};
use quire_core::markdown::{BodyImage, RenderWarning};
use quire_core::{ParsedPost, PostMeta, RenderOptions, parse_post};
use std::collections::{HashMap, HashSet};
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
    /// The site's static files, where posts' images are (`public/` beside `content` unless
    /// given; then, when there is none, images get no size).
    pub public: Option<PathBuf>,
    /// Where the resized copies of images are kept between builds; `None` keeps them only in
    /// `out`.
    pub image_cache: Option<PathBuf>,
}

impl BuildOptions {
    /// The public folder, when there is one; one that was named must exist.
    fn public_folder(&self) -> Result<Option<PathBuf>, Diagnostic> {
        if let Some(public) = &self.public {
            return match public.is_dir() {
                true => Ok(Some(public.clone())),
                false => Err(Diagnostic::error(
                    public,
                    0,
                    "the public folder does not exist: name the folder the site's images are in",
                )),
            };
        }
        let beside = match self.content.file_name() {
            Some(_) => self.content.with_file_name("public"),
            None => self.content.join("../public"),
        };
        Ok(beside.is_dir().then_some(beside))
    }
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
    let public = options.public_folder().map_err(|d| vec![d])?;
    let files = post_files(&options.content)?;

    let mut errors = Vec::new();
    let mut report = BuildReport::default();
    let mut posts: Vec<(PathBuf, ParsedPost)> = Vec::new();
    let mut body_images: HashMap<PathBuf, Vec<BodyImage>> = HashMap::new();
    let render_options = RenderOptions {
        site_url: Some(settings.base_url.as_str()).filter(|u| !u.is_empty()),
        video_hosts: Some(&settings.video_hosts),
        remote_posters: settings.remote_posters,
        // Warnings do not depend on where the site is served.
        base_path: "/",
        // Nor on the images' sizes, read afterwards from the images each post shows.
        images: None,
    };
    for (path, result) in read_posts(files, render_options) {
        match result {
            Ok((post, warnings, images)) => {
                report.warnings.extend(warnings);
                body_images.insert(path.clone(), images);
                posts.push((path, post));
            }
            Err(d) => errors.push(d),
        }
    }
    errors.extend(path_clashes(&posts));
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
    if let Some(public) = public {
        let folders = images::ImageFolders {
            public,
            out: options.out.clone(),
            cache: options.image_cache.clone(),
        };
        report
            .warnings
            .extend(images::add_sizes(&folders, &mut posts, &body_images));
        // Each post's warnings together, in line order.
        report
            .warnings
            .sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    }

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

type PostResult = Result<(ParsedPost, Vec<Diagnostic>, Vec<BodyImage>), Diagnostic>;

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
        let warnings = quire_core::render(&post.markdown, options).warnings;
        let warnings = post_warnings(path, &post, warnings);
        let images = quire_core::markdown::images(&post.markdown);
        done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok((post, warnings, images))
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

pub(crate) fn read_post(path: &Path) -> Result<ParsedPost, Diagnostic> {
    let content = std::fs::read_to_string(path)
        .map_err(|e| Diagnostic::error(path, 0, format!("cannot read the post: {e}")))?;
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    parse_post(stem, &content).map_err(|e| Diagnostic::error(path, e.line, e.message))
}

/// What an author should fix but that does not stop the build: raw HTML the policy removed,
/// unsafe link URLs (the render's `warnings`), a banner without alt text.
fn post_warnings(path: &Path, post: &ParsedPost, found: Vec<RenderWarning>) -> Vec<Diagnostic> {
    // One warning per kind of problem, at its first line, so a post full of `style`
    // attributes does not bury everything else.
    let mut kinds: Vec<(String, usize, usize)> = Vec::new();
    let mut kind_of: HashMap<String, usize> = HashMap::new();
    for w in found {
        let count = w.count.max(1);
        match kind_of.get(&w.message) {
            Some(&i) => {
                let (_, line, n) = &mut kinds[i];
                *line = (*line).min(w.line);
                *n += count;
            }
            None => {
                kind_of.insert(w.message.clone(), kinds.len());
                kinds.push((w.message, w.line, count));
            }
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
        warnings.push(Diagnostic::warning(
            path,
            banner_line(post),
            "the banner has no `alt`: describe the image for readers who cannot see it",
        ));
    }
    warnings.sort_by_key(|w| w.line);
    warnings
}

/// The front matter line of a post's banner.
pub(crate) fn banner_line(post: &ParsedPost) -> usize {
    let lines = &post.front_matter.key_lines;
    lines
        .get("banner")
        .or(lines.get("image"))
        .copied()
        .unwrap_or(1)
}

/// Every `*.md` directly in the posts folder, in name order. A symbolic link there is an
/// error: it could publish any file of the machine that builds the site.
pub(crate) fn post_files(content: &Path) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let dir = content.join("posts");
    let fail = |e: std::io::Error| {
        vec![Diagnostic::error(
            &dir,
            0,
            format!("cannot list the posts folder: {e}"),
        )]
    };
    let mut files = Vec::new();
    let mut links = Vec::new();
    for entry in std::fs::read_dir(&dir).map_err(fail)? {
        let entry = entry.map_err(fail)?;
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        // The entry's own type: a symbolic link is not followed.
        let kind = entry.file_type().map_err(fail)?;
        if kind.is_symlink() {
            links.push(Diagnostic::error(
                &path,
                0,
                "is a symbolic link: a post must be a file in the posts folder (a link can \
                 publish any file of this machine); copy the post in instead",
            ));
        } else if kind.is_file() {
            files.push(path);
        }
    }
    if !links.is_empty() {
        links.sort_by(|a, b| a.path.cmp(&b.path));
        return Err(links);
    }
    files.sort();
    Ok(files)
}

/// The front matter line of a post's URL (`permalink`, `path`) or of its aliases; 1 when the
/// URL comes from the file name.
pub(crate) fn claim_line(post: &ParsedPost, is_alias: bool) -> usize {
    let keys: &[&str] = match is_alias {
        true => &["aliases", "redirect_from"],
        false => &["permalink", "path", "url"],
    };
    keys.iter()
        .find_map(|k| post.front_matter.key_lines.get(*k).copied())
        .unwrap_or(1)
}

/// URLs and aliases that the app keeps for itself, that another post has (letter case aside:
/// its files would be the same on a case-insensitive disk) or that cannot be files; and body
/// names that collide (only a hash collision of very long URLs could).
fn path_clashes(posts: &[(PathBuf, ParsedPost)]) -> Vec<Diagnostic> {
    let metas: Vec<&PostMeta> = posts.iter().map(|(_, p)| &p.meta).collect();
    let name_of = |i: usize| posts[i].0.display().to_string();
    let refusals = claims::check(&metas, &[]).refusals;
    let refused: HashSet<usize> = refusals
        .iter()
        .filter(|r| !r.claim.is_alias)
        .map(|r| r.claim.post)
        .collect();
    let mut errors: Vec<Diagnostic> = refusals
        .iter()
        .map(|r| {
            let (path, post) = &posts[r.claim.post];
            Diagnostic::error(
                path,
                claim_line(post, r.claim.is_alias),
                r.message(&name_of),
            )
        })
        .collect();
    let mut bodies: HashMap<String, usize> = HashMap::new();
    for (i, (path, post)) in posts.iter().enumerate() {
        if refused.contains(&i) {
            continue;
        }
        if let Some(first) = bodies.insert(post.meta.body.to_ascii_lowercase(), i) {
            errors.push(Diagnostic::error(
                path,
                claim_line(post, false),
                format!(
                    "the body file `{}` would also be the one of {}: give the post another \
                     `permalink`",
                    post.meta.body,
                    name_of(first)
                ),
            ));
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Warnings are grouped by kind with a map: 10 times the kinds, about 10 times the time.
    #[test]
    fn grouping_warnings_is_linear() {
        let time = |kinds: usize| {
            let body: String = (0..kinds)
                .map(|i| format!("[link {i}](javascript:alert({i}))\n\n"))
                .collect();
            let post = parse_post("2024-01-01-x", &format!("---\ntitle: T\n---\n{body}")).unwrap();
            let started = std::time::Instant::now();
            let rendered = quire_core::render(&post.markdown, RenderOptions::default());
            let warnings = post_warnings(Path::new("x.md"), &post, rendered.warnings);
            let took = started.elapsed();
            assert_eq!(warnings.len(), kinds);
            assert_eq!(warnings[0].line, 4);
            took
        };
        // The smallest of a few runs: what the work costs, not what the machine was doing.
        let best = |kinds: usize| (0..3).map(|_| time(kinds)).min().unwrap_or_default();
        let (small, large) = (best(3_000), best(30_000));
        assert!(
            large < small * 30,
            "10x the kinds took {large:?} against {small:?}"
        );
    }

    #[test]
    fn repeated_warnings_are_one_with_a_count() {
        let body = "[a](javascript:x)\n\n[b](javascript:x)\n\n[c](javascript:x)\n";
        let post = parse_post("2024-01-01-x", &format!("---\ntitle: T\n---\n{body}")).unwrap();
        let rendered = quire_core::render(&post.markdown, RenderOptions::default());
        let warnings = post_warnings(Path::new("x.md"), &post, rendered.warnings);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].line, 4);
        assert!(
            warnings[0]
                .message
                .ends_with("(and 2 more times further on)"),
            "{warnings:?}"
        );
    }
}
