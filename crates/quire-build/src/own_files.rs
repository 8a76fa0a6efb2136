//! A post's own files: every file of a page bundle (`2024-05-01-slug/index.md` with
//! `figure.png` beside it), and the files beside any other post that its body links to or
//! shows. Found in the post's folder, never outside it (no `..`, no hidden files, no symbolic
//! links), listed in the post's index record (`PostMeta::files`) so that the renderer points
//! relative paths at them, and copied beside the post's URL. A relative path that names a file
//! neither beside the post nor in the public folder is a warning at its line.

use crate::diagnostic::Diagnostic;
use crate::fs;
use crate::images::percent_decoded;
use crate::posts::is_bundle;
use quire_core::ParsedPost;
use quire_core::markdown::{BodyReference, local_references};
use quire_core::site_path::lookup_key;
use quire_core::url_policy::{local_path, resolve_image};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// What [`find`] learnt of one post.
#[derive(Debug, Default)]
pub(crate) struct OwnFiles {
    /// Each file to copy, and its path in the output (`blog/2024/05/slug/figure.png`).
    pub copies: Vec<(PathBuf, String)>,
    /// The images the body shows that are nowhere, as the renderer resolves them
    /// (`/figure.png`): warned about here, so not measured.
    pub missing_images: HashSet<String>,
    pub warnings: Vec<Diagnostic>,
}

/// Finds the own files of the post read from `path` (a file of the site's `content` folder),
/// lists those its body names in `post.meta.files`, points its banner at its own image if it
/// has one, and says what to copy where. `public` is the site's public folder, where a relative
/// path that is not the post's own may be.
pub(crate) fn find(
    content: &Path,
    path: &Path,
    post: &mut ParsedPost,
    public: Option<&Path>,
) -> OwnFiles {
    let folder = Folder {
        dir: path.parent().unwrap_or(Path::new("")),
        url: lookup_key(&post.meta.url).trim_end_matches('/').to_string(),
        bundle: is_bundle(content, path),
    };
    let mut own = OwnFiles::default();
    if folder.bundle {
        for relative in bundle_files(folder.dir, &mut own.warnings) {
            own.copies
                .push((folder.dir.join(&relative), folder.output(&relative)));
        }
    }
    own_banner(&folder, post, &mut own);
    let mut seen = HashSet::new();
    for reference in local_references(&post.markdown) {
        let Some(relative) = decoded(&reference.path) else {
            continue;
        };
        if !seen.insert(reference.path.clone()) {
            continue;
        }
        match own_file(folder.dir, &relative) {
            Ok(file) => {
                post.meta.files.push(reference.path.clone());
                folder.copy(file, &relative, &mut own);
            }
            Err(problem) => {
                let at_root = public.is_some_and(|p| p.join(&relative).is_file());
                if at_root || !(reference.image || names_a_file(&relative)) {
                    continue;
                }
                let line = post.body_line + reference.line - 1;
                own.warnings
                    .push(missing(path, line, &reference, &problem, public));
                if reference.image {
                    own.missing_images.insert(resolve_image(&reference.path));
                }
            }
        }
    }
    own
}

/// A post's folder: where it is, where its files are served (`/blog/2024/05/slug`, no `/` at
/// the end), whether it is a page bundle's (whose every file is copied already).
struct Folder<'p> {
    dir: &'p Path,
    url: String,
    bundle: bool,
}

impl Folder<'_> {
    /// A file's path in the output (`blog/2024/05/slug/figure.png`).
    fn output(&self, relative: &str) -> String {
        format!("{}/{relative}", self.url)
            .trim_start_matches('/')
            .to_string()
    }

    /// Copies `file` beside the post, unless the bundle's files are all copied.
    fn copy(&self, file: PathBuf, relative: &str, own: &mut OwnFiles) {
        if !self.bundle {
            own.copies.push((file, self.output(relative)));
        }
    }
}

/// The banner's image, when its front matter names one of the post's own files
/// (`image: cover.png` beside the post): served beside the post, instead of from the banners
/// folder a bare file name means otherwise.
fn own_banner(folder: &Folder<'_>, post: &mut ParsedPost, own: &mut OwnFiles) {
    let Some(written) = post.front_matter.banner.as_ref().map(|b| b.image.trim()) else {
        return;
    };
    let Some((path, _)) = local_path(written) else {
        return;
    };
    let Some(relative) = decoded(path) else {
        return;
    };
    if let (Ok(file), Some(banner)) = (own_file(folder.dir, &relative), post.meta.banner.as_mut()) {
        banner.src = format!("{}/{path}", folder.url);
        folder.copy(file, &relative, own);
    }
}

/// The warning about a relative path that names no file.
fn missing(
    path: &Path,
    line: usize,
    reference: &BodyReference,
    problem: &str,
    public: Option<&Path>,
) -> Diagnostic {
    let what = match reference.image {
        true => "the image",
        false => "the link to",
    };
    let public = public.map_or(String::new(), |p| {
        let relative = decoded(&reference.path).unwrap_or_default();
        format!(
            " nor in the public folder (`{}`)",
            p.join(relative).display()
        )
    });
    let message = format!(
        "{what} `{}` names no file: {problem}{public}",
        reference.path
    );
    Diagnostic::warning(path, line, message)
}

/// Copies the posts' own files (`own`: by their path in the output, the file each is copied
/// from) into `out`; the error of each that cannot be.
pub(crate) fn copy_all(out: &Path, own: &HashMap<String, PathBuf>) -> Result<(), Vec<Diagnostic>> {
    let errors: Vec<Diagnostic> = own
        .iter()
        .filter_map(|(to, from)| fs::copy(from, &out.join(to)).err())
        .map(Diagnostic::from)
        .collect();
    match errors.is_empty() {
        true => Ok(()),
        false => Err(errors),
    }
}

/// A relative path as a file name (`run%201.csv` is `run 1.csv`); `None` when it is not one
/// (invalid UTF-8, or a segment that decodes to `..`, a hidden name or a separator).
fn decoded(path: &str) -> Option<String> {
    let decoded = percent_decoded(path)?;
    let fine = decoded
        .split('/')
        .all(|s| !s.is_empty() && !s.starts_with('.') && !s.contains(['\\', '\0']));
    fine.then_some(decoded)
}

/// The post's own file at `relative` in `folder`: a plain file, reached through no symbolic
/// link, that is neither a post nor a page of the site; else why not.
fn own_file(folder: &Path, relative: &str) -> Result<PathBuf, String> {
    let file = folder.join(relative);
    let beside = || format!("there is none beside the post (`{}`)", file.display());
    let mut at = folder.to_path_buf();
    for segment in relative.split('/') {
        at.push(segment);
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                return Err(format!(
                    "`{}` is a symbolic link, which is never published",
                    at.display()
                ));
            }
            Ok(_) => {}
            Err(_) => return Err(beside()),
        }
    }
    match file.is_file() && publishable(relative) {
        true => Ok(file),
        false => Err(beside()),
    }
}

/// Whether a file of a post's folder may be published beside the post: not a post (`*.md`),
/// nor a page that would replace the post's own (`index.html`).
fn publishable(relative: &str) -> bool {
    let name = relative.rsplit('/').next().unwrap_or(relative);
    !name.ends_with(".md") && name != "index.html"
}

/// Whether a link's path looks like a file (`notes.pdf`) rather than a page (`../other/`,
/// `page.html`): only those are looked for.
fn names_a_file(relative: &str) -> bool {
    let name = relative.rsplit('/').next().unwrap_or(relative);
    name.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty() && !matches!(ext, "html" | "htm" | "md" | "markdown")
    })
}

/// Every file of a page bundle's folder and its sub-folders, by its path relative to the
/// folder, in path order, but the post itself, hidden files and what may not be published; a
/// symbolic link is a warning and is left out.
fn bundle_files(folder: &Path, warnings: &mut Vec<Diagnostic>) -> Vec<String> {
    let mut found = Vec::new();
    let mut folders = vec![(folder.to_path_buf(), String::new())];
    while let Some((dir, prefix)) = folders.pop() {
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) => {
                warnings.push(Diagnostic::warning(&dir, 0, e.message()));
                continue;
            }
        };
        for fs::Entry { path, name, kind } in entries {
            let relative = format!("{prefix}{name}");
            if name.starts_with('.') {
                continue;
            }
            if kind.is_symlink() {
                warnings.push(Diagnostic::warning(
                    &path,
                    0,
                    "is a symbolic link in a page bundle: it is not published (a link can \
                     publish any file of this machine); copy the file in instead",
                ));
            } else if kind.is_dir() {
                folders.push((path, format!("{relative}/")));
            } else if kind.is_file() && publishable(&relative) {
                found.push(relative);
            }
        }
    }
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_name_files() {
        assert_eq!(
            decoded("data/run%201.csv").as_deref(),
            Some("data/run 1.csv")
        );
        for refused in [
            "a/%2e%2e/b.png",
            "%2Egit/config",
            "x%00.png",
            "a%5cb",
            "a//b",
        ] {
            assert_eq!(decoded(refused), None, "{refused}");
        }
        assert!(names_a_file("notes.pdf") && names_a_file("a/b.tar.gz"));
        assert!(!names_a_file("other/") && !names_a_file("page.html") && !names_a_file(".x"));
        assert!(!publishable("index.html") && !publishable("a/post.md"));
    }

    #[test]
    fn a_file_that_cannot_be_copied_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::write(&out, "a file where the output folder should be").unwrap();
        let own = HashMap::from([("blog/x/a.png".to_string(), dir.path().join("missing.png"))]);
        let errors = copy_all(&out, &own).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].to_string().contains("out/blog/x"),
            "{}",
            errors[0]
        );
    }
}
