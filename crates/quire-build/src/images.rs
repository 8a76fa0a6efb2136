//! The site's own images that posts show (banners, and body images under the site root): their
//! size as a browser shows them, read from the public folder for `width` and `height`, and for
//! PNG and JPEG images wider than a copy would be, smaller copies in the output for `srcset`
//! (`copies`). A missing or unreadable image is a warning at its line in the post, and the
//! image is shown as before, without a size. SVG images are never resized.

mod copies;
mod svg;

use crate::diagnostic::Diagnostic;
use crate::parallel;
use crate::posts::banner_line;
use quire_core::image::fits_a_srcset;
use quire_core::markdown::BodyImage;
use quire_core::{ImageSize, ParsedPost};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The end of the warning about an image without a size.
const WITHOUT_SIZE: &str = "it is shown without `width` and `height`";

/// Where images are read from and their copies written.
#[derive(Clone, Debug)]
pub struct ImageFolders {
    /// The site's static files (`public/`), served from the site root; `None` when the site
    /// has none (then only the posts' own images are measured).
    pub public: Option<PathBuf>,
    /// The build output: each copy is written beside where the image itself will be.
    pub out: PathBuf,
    /// Where copies are kept between builds (Trunk's output folder is new on every build);
    /// `None` keeps them only in `out`.
    pub cache: Option<PathBuf>,
    /// The posts' own files (`own_files`), by their path in the output
    /// (`blog/2024/05/slug/figure.png`): the file each is copied from.
    pub own: HashMap<String, PathBuf>,
}

impl ImageFolders {
    /// The file an image's path in the output (as [`site_file`] gives it) is read from: a
    /// post's own file, else one of the public folder.
    fn source(&self, file: &str) -> Option<PathBuf> {
        match self.own.get(file) {
            Some(own) => Some(own.clone()),
            None => self.public.as_ref().map(|public| public.join(file)),
        }
    }
}

/// The formats whose size is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Svg,
    Png,
    Jpeg,
    Gif,
    Webp,
}

impl Format {
    fn of(file: &str) -> Option<Format> {
        let ext = file.rsplit_once('.')?.1.to_ascii_lowercase();
        Some(match ext.as_str() {
            "svg" => Format::Svg,
            "png" => Format::Png,
            "jpg" | "jpeg" => Format::Jpeg,
            "gif" => Format::Gif,
            "webp" => Format::Webp,
            _ => return None,
        })
    }
}

/// What was learnt of one file: its size, and what went wrong (the end of a warning).
#[derive(Clone, Debug, Default)]
struct Measured {
    size: Option<ImageSize>,
    problem: Option<String>,
}

/// Reads the size of every site image the posts show (each file once, on all cores), makes
/// their copies, and writes the sizes into the posts' index records (`PostMeta::images`, the
/// banner's too). Returns the warnings, at the banner's front matter line and at each body
/// image's line.
pub fn add_sizes(
    folders: &ImageFolders,
    posts: &mut [(PathBuf, ParsedPost)],
    body_images: &HashMap<PathBuf, Vec<BodyImage>>,
) -> Vec<Diagnostic> {
    let no_images = Vec::new();
    let images_of = |path: &PathBuf| body_images.get(path).unwrap_or(&no_images);
    let mut sizes = Sizes::default();
    for (path, post) in posts.iter() {
        let banner = post.meta.banner.as_ref().map(|b| b.src.as_str());
        let body = images_of(path).iter().map(|i| i.src.as_str());
        for src in banner.into_iter().chain(body) {
            if !sizes.files.contains_key(src) {
                // Without a public folder, only the posts' own images are files to read.
                let file = site_file(src).map(|file| {
                    file.filter(|f| folders.public.is_some() || folders.own.contains_key(f))
                });
                sizes.files.insert(src.to_string(), file);
            }
        }
    }
    // Each file once, with copies when a URL that can stand in a `srcset` shows it.
    let mut files: BTreeMap<&str, bool> = BTreeMap::new();
    for (src, file) in &sizes.files {
        if let Ok(Some(file)) = file {
            *files.entry(file).or_default() |= fits_a_srcset(src);
        }
    }
    let files = files.into_iter().map(|(f, c)| (f.to_string(), c)).collect();
    sizes.measured = measure_all(folders, files);

    let mut warnings = Vec::new();
    for (path, post) in posts.iter_mut() {
        // The banner at its front matter line, the body's images at theirs; each image once.
        let banner = post.meta.banner.as_ref();
        let banner = banner.map(|b| (b.src.clone(), banner_line(post)));
        let body = images_of(path)
            .iter()
            .map(|i| (i.src.clone(), post.body_line + i.line - 1));
        let mut seen = HashSet::new();
        let shown: Vec<(String, usize)> = banner
            .into_iter()
            .chain(body)
            .filter(|(src, _)| seen.insert(src.clone()))
            .collect();
        for (src, line) in shown {
            let (size, warning) = sizes.look_up(&src);
            warnings.extend(warning.map(|w| Diagnostic::warning(path, line, w)));
            if let Some(size) = size {
                post.meta.images.insert(&src, &size);
            }
        }
    }
    warnings
}

/// The images the posts show: the file each names, and what was learnt of each file.
#[derive(Default)]
struct Sizes {
    /// By the image's URL: its file under the public folder, `None` when it is not on the site,
    /// or why it cannot be read.
    files: HashMap<String, Result<Option<String>, String>>,
    measured: HashMap<String, Measured>,
}

impl Sizes {
    /// An image's size, and the warning about it, if any.
    fn look_up(&self, src: &str) -> (Option<ImageSize>, Option<String>) {
        let mut found = match self.files.get(src) {
            Some(Ok(Some(file))) => self.measured.get(file).cloned().unwrap_or_default(),
            Some(Err(problem)) => Measured {
                size: None,
                problem: Some(format!("{problem}; {WITHOUT_SIZE}")),
            },
            _ => Measured::default(),
        };
        if let Some(size) = found.size.as_mut().filter(|_| !fits_a_srcset(src)) {
            size.widths.clear();
        }
        let warning = found.problem.map(|p| format!("the image `{src}`: {p}"));
        (found.size, warning)
    }
}

/// Measures each file (a path under the public folder), on all cores.
fn measure_all(folders: &ImageFolders, files: Vec<(String, bool)>) -> HashMap<String, Measured> {
    let measured = parallel::map(&files, |(file, copies)| measure(folders, file, *copies));
    files
        .into_iter()
        .map(|(file, _)| file)
        .zip(measured)
        .collect()
}

/// The size of one file under the public folder, and its copies if `copies`.
fn measure(folders: &ImageFolders, file: &str, copies: bool) -> Measured {
    let Some(format) = Format::of(file) else {
        return Measured::default();
    };
    let Some(path) = folders.source(file) else {
        return Measured::default();
    };
    let without_size = |problem: String| Measured {
        size: None,
        problem: Some(format!("{problem}; {WITHOUT_SIZE}")),
    };
    if !path.is_file() {
        return without_size(format!("there is no file `{}`", path.display()));
    }
    let read = match format {
        Format::Svg => std::fs::read_to_string(&path)
            .map_err(|e| e.to_string())
            .and_then(|text| svg::size(&text)),
        raster => raster_size(&path, raster),
    };
    let (width, height) = match read {
        Ok(size) => size,
        Err(e) => {
            return without_size(format!("cannot read its size ({}: {e})", path.display()));
        }
    };
    let (widths, problem) = match format {
        Format::Png | Format::Jpeg if copies => match copies::make(folders, file, width, height) {
            Ok(widths) => (widths, None),
            Err(e) => (
                Vec::new(),
                Some(format!("cannot make its smaller copies: {e}")),
            ),
        },
        _ => (Vec::new(), None),
    };
    Measured {
        size: Some(ImageSize {
            width,
            height,
            widths,
        }),
        problem,
    }
}

/// The file under the public folder that a site path names (`/assets/x%20y.png` →
/// `assets/x y.png`, without query or fragment); `None` for an image that is not on the site
/// (another host, a path relative to the post), an error for one that leaves the folder.
fn site_file(src: &str) -> Result<Option<String>, String> {
    let Some(path) = src.strip_prefix('/') else {
        return Ok(None);
    };
    if path.starts_with('/') || src.contains('\\') {
        return Ok(None);
    }
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let decoded = percent_decoded(path)
        .ok_or_else(|| "its path is not valid UTF-8 once decoded".to_string())?;
    let mut segments = Vec::new();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        if segment == "." || segment == ".." || segment.contains('\0') {
            return Err("its path leaves the site's files".to_string());
        }
        segments.push(segment);
    }
    Ok(Some(segments.join("/")))
}

/// A path with its percent-escapes decoded; `None` when that is not UTF-8.
pub(crate) fn percent_decoded(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// A PNG, JPEG, GIF or WebP image's size from its header; a JPEG's turned by its EXIF
/// orientation, as browsers show it.
fn raster_size(path: &Path, format: Format) -> Result<(u32, u32), String> {
    let size = imagesize::size(path).map_err(|e| e.to_string())?;
    let (Ok(width), Ok(height)) = (u32::try_from(size.width), u32::try_from(size.height)) else {
        return Err("it is too large".to_string());
    };
    if width == 0 || height == 0 {
        return Err("it has no pixels".to_string());
    }
    match format == Format::Jpeg && copies::is_turned(path)? {
        true => Ok((height, width)),
        false => Ok((width, height)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_paths_name_files_under_the_public_folder() {
        let file = |src| site_file(src).map_err(|_| "error");
        assert_eq!(
            file("/assets/img/a.png"),
            Ok(Some("assets/img/a.png".into()))
        );
        assert_eq!(
            file("/assets//my%20chart.png?v=2#x"),
            Ok(Some("assets/my chart.png".into()))
        );
        for other in [
            "https://x.example/a.png",
            "//x.example/a.png",
            "rel/a.png",
            "/\\x/a",
        ] {
            assert_eq!(file(other), Ok(None), "{other}");
        }
        for outside in [
            "/../etc/passwd",
            "/assets/%2e%2e/%2E%2E/x.png",
            "/a/./b.png",
        ] {
            assert_eq!(file(outside), Err("error"), "{outside}");
        }
    }
}
