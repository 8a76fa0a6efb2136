//! The index step (`quire-build index`, Trunk's pre_build hook): every post read and checked
//! on all cores, the images they show measured, and `posts/` written into the output (the
//! index, the bodies, the search files). On any error nothing is written.

use crate::diagnostic::Diagnostic;
use crate::posts::{claim_line, post_files, post_warnings, read_post};
use crate::{
    claims, earlier_urls, images, output, own_files, parallel, progress, search, settings,
};
use quire_core::index::{INDEX_VERSION, PostIndex, SiteInfo};
use quire_core::markdown::BodyImage;
use quire_core::permalink::UrlScheme;
use quire_core::url_policy::PostFiles;
use quire_core::{ParsedPost, PostMeta, RenderOptions};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// What to build from where.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    pub settings: PathBuf,
    pub content: PathBuf,
    pub out: PathBuf,
    /// Publish posts marked `draft: true` too (for `trunk serve`).
    pub drafts: bool,
    /// The site's static files, where posts' images are (`public/` beside `content` unless
    /// given; then, when there is none, only the posts' own images get a size).
    pub public: Option<PathBuf>,
    /// Where the resized copies of images are kept between builds; `None` keeps them only in
    /// `out`.
    pub image_cache: Option<PathBuf>,
    /// Highlight code blocks into runs files beside the posts (always, but in the builder
    /// benchmark's build without highlighting).
    pub highlight_code: bool,
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
    let site = settings::load(&options.settings).map_err(|d| vec![d])?;
    let public = options.public_folder().map_err(|d| vec![d])?;
    let files = post_files(&options.content)?;

    let mut report = BuildReport::default();
    let urls = UrlScheme::for_site(&site)
        .map_err(|e| vec![Diagnostic::error(&options.settings, 0, e.message)])?;
    let (mut posts, mut read) = read_all(
        (&options.content, files),
        (&site, &urls),
        public.as_deref(),
        &mut report.warnings,
    )?;
    posts.retain(|(_, p)| {
        let keep = options.drafts || !p.front_matter.draft;
        report.drafts_left_out += usize::from(!keep);
        keep
    });
    // Newest first; the slug (then the URL: one slug may be in two sections) breaks ties so
    // that the order never depends on the file system.
    posts.sort_by(|(_, a), (_, b)| {
        b.date
            .cmp(&a.date)
            .then_with(|| a.meta.slug.cmp(&b.meta.slug))
            .then_with(|| a.meta.url.cmp(&b.meta.url))
    });
    report.published = posts.len();
    // The own files of the posts published, each by its path in the output.
    let own: HashMap<String, PathBuf> = posts
        .iter()
        .filter_map(|(path, _)| read.own_files.remove(path))
        .flatten()
        .map(|(file, to)| (to, file))
        .collect();
    own_files::copy_all(&options.out, &own)?;
    if public.is_some() || !own.is_empty() {
        let folders = images::ImageFolders {
            public,
            out: options.out.clone(),
            cache: options.image_cache.clone(),
            own,
        };
        report
            .warnings
            .extend(images::add_sizes(&folders, &mut posts, &read.body_images));
    }
    // Each post's warnings together, in line order.
    report
        .warnings
        .sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    let code_runs = match options.highlight_code {
        true => crate::highlight::add_runs(&mut posts),
        false => Vec::new(),
    };
    write(&options.out, site, &posts, code_runs)?;
    Ok(report)
}

/// The posts read, each with its file.
type Posts = Vec<(PathBuf, ParsedPost)>;

/// What the posts' bodies name, by the post's file.
#[derive(Default)]
struct BodyFiles {
    /// The images each body shows, to measure.
    body_images: HashMap<PathBuf, Vec<BodyImage>>,
    /// The post's own files, each with its path in the output.
    own_files: HashMap<PathBuf, Vec<(PathBuf, String)>>,
}

/// Every post read (the files of a `content` folder) and checked, its URL following `urls`,
/// with the images its body shows and its own files (relative paths not its own looked for in
/// `public`), its warnings added to `warnings`; the errors of every broken post and every clash
/// of URLs.
fn read_all(
    (content, files): (&Path, Vec<PathBuf>),
    (site, urls): (&SiteInfo, &UrlScheme),
    public: Option<&Path>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<(Posts, BodyFiles), Vec<Diagnostic>> {
    // Warnings do not depend on where the site is served (links to `base_url` as written), nor
    // on the images' sizes, read afterwards from the images each post shows.
    let options = RenderOptions::for_site(site, &site.base_url, "/");
    let mut errors = Vec::new();
    let mut posts = Vec::new();
    let mut read = BodyFiles::default();
    for (path, result) in read_posts((content, public), files, urls, options) {
        match result {
            Ok(ReadPost {
                post,
                warnings: found,
                images,
                own_files,
            }) => {
                warnings.extend(found);
                read.body_images.insert(path.clone(), images);
                read.own_files.insert(path.clone(), own_files);
                posts.push((path, post));
            }
            Err(d) => errors.push(d),
        }
    }
    warnings.extend(earlier_urls::add(&mut posts));
    errors.extend(path_clashes(&posts));
    match errors.is_empty() {
        true => Ok((posts, read)),
        false => Err(errors),
    }
}

/// Writes the index of the published `posts` (newest first), their bodies, their highlighted
/// code (`code_runs`: files under `posts/`) and the search files into `out/posts/`.
fn write(
    out: &Path,
    site: SiteInfo,
    posts: &[(PathBuf, ParsedPost)],
    code_runs: Vec<(String, Vec<u8>)>,
) -> Result<(), Vec<Diagnostic>> {
    let index = PostIndex {
        version: INDEX_VERSION,
        site,
        posts: posts.iter().map(|(_, p)| p.meta.clone()).collect(),
    };
    let bodies: Vec<(&str, &str)> = posts
        .iter()
        .map(|(_, p)| (p.meta.body.as_str(), p.markdown.as_str()))
        .collect();
    let published: Vec<&ParsedPost> = posts.iter().map(|(_, p)| p).collect();
    let mut search = search::search_files(&published).map_err(|e| {
        vec![Diagnostic::error(
            out,
            0,
            format!("cannot encode the search index: {e}"),
        )]
    })?;
    search.extend(code_runs);
    output::write_posts(out, &index, &bodies, &search).map_err(|d| vec![d])
}

/// One post read and checked.
struct ReadPost {
    post: ParsedPost,
    warnings: Vec<Diagnostic>,
    /// The images its body shows, resolved as the renderer does.
    images: Vec<BodyImage>,
    /// Its own files to copy, each with its path in the output.
    own_files: Vec<(PathBuf, String)>,
}

type PostResult = Result<ReadPost, Diagnostic>;

/// Reads and checks every post of `content` (relative paths looked for in `public` too), on
/// all cores, in the order given, with a progress line on a terminal when it takes a while.
fn read_posts(
    (content, public): (&Path, Option<&Path>),
    files: Vec<PathBuf>,
    urls: &UrlScheme,
    options: RenderOptions<'_>,
) -> Vec<(PathBuf, PostResult)> {
    let read = |path: &PathBuf| -> PostResult {
        let mut post = read_post(content, path, urls)?;
        let own = own_files::find(content, path, &mut post, public);
        let rendered = quire_core::render(&post.markdown, options).warnings;
        let mut warnings = post_warnings(path, &post, rendered);
        warnings.extend(own.warnings);
        let files = Some(PostFiles {
            url: &post.meta.url,
            files: &post.meta.files,
        });
        let images = quire_core::markdown::images(&post.markdown, files)
            .into_iter()
            .filter(|i| !own.missing_images.contains(&i.src))
            .collect();
        Ok(ReadPost {
            post,
            warnings,
            images,
            own_files: own.copies,
        })
    };
    let mut progress = progress::Progress::new();
    let total = files.len();
    let results = parallel::map_with_progress(&files, read, |done| progress.update(done, total));
    progress.finish();
    files.into_iter().zip(results).collect()
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
