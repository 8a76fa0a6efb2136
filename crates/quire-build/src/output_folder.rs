//! The folder `quire-build pages` writes into, and what is there before it does: the app's build
//! (Trunk's shell, hashed scripts and styles, `public/` copied as it is) and, from an earlier
//! run, the pages written then, which that run listed in [`LIST_FILE`]. A run writes its own
//! files again and removes those it no longer writes. A post's page never overwrites a file
//! of the app's build, never goes through one, never names one (`/favicon.svg/`) nor a folder
//! the build put at the top (`/assets/`): those are the app's, as its routes are.

use crate::claims::folders;
use crate::compress::remove_siblings;
use crate::diagnostic::Diagnostic;
use crate::fs;
use crate::output::replace_file;
use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

/// The list of files the last `pages` run wrote, in the output folder.
pub const LIST_FILE: &str = ".quire-pages";

/// What the output folder holds before the pages are written.
#[derive(Debug)]
pub struct OutputFolder {
    root: PathBuf,
    /// Every file and folder found, in lower case (but `posts/` and names starting with `.`
    /// at the top), and whether it is a folder.
    found: HashMap<String, bool>,
    /// The files the last run wrote, as listed.
    written: Vec<String>,
    /// Those files and the folders they are in, in lower case.
    ours: HashSet<String>,
}

impl OutputFolder {
    /// Looks at what `root` holds (the index step's `posts/` aside).
    pub fn scan(root: &Path) -> Result<Self, Diagnostic> {
        let mut found = HashMap::new();
        let mut stack = vec![(root.to_path_buf(), String::new())];
        while let Some((dir, prefix)) = stack.pop() {
            for fs::Entry { path, name, kind } in fs::read_dir(&dir)? {
                if prefix.is_empty() && (name == "posts" || name.starts_with('.')) {
                    continue;
                }
                let rel = format!("{prefix}{name}");
                // The entry's own type: a symbolic link is a file here, never followed.
                let is_dir = kind.is_dir();
                if is_dir {
                    stack.push((path, format!("{rel}/")));
                }
                found.insert(rel.to_lowercase(), is_dir);
            }
        }
        let list = std::fs::read_to_string(root.join(LIST_FILE)).unwrap_or_default();
        let written: Vec<String> = list
            .lines()
            .filter(|l| !l.starts_with('#') && is_inside(l))
            .map(str::to_string)
            .collect();
        let mut ours = HashSet::new();
        for file in &written {
            let lower = file.to_lowercase();
            ours.extend(folders(&lower).map(str::to_string));
            ours.insert(lower);
        }
        Ok(OutputFolder {
            root: root.to_path_buf(),
            found,
            written,
            ours,
        })
    }

    /// Why the page `file` (an output path) of a post's `url` cannot be written, if it cannot.
    pub fn conflict(&self, url: &str, file: &str) -> Option<String> {
        let theirs =
            |path: &str, dir: bool| self.found.get(path) == Some(&dir) && !self.ours.contains(path);
        let named = url.trim_matches('/').to_lowercase();
        if theirs(&named, false) || (theirs(&named, true) && !named.contains('/')) {
            return Some(format!(
                "names `{}`, which the app's build put in the output",
                url.trim_matches('/')
            ));
        }
        let lower = file.to_lowercase();
        if let Some(through) = folders(&lower).find(|f| theirs(f, false)) {
            return Some(format!(
                "puts a page inside `{through}`, a file of the app's build"
            ));
        }
        if theirs(&lower, false) {
            return Some(format!(
                "would overwrite `{file}`, a file of the app's build"
            ));
        }
        if theirs(&lower, true) {
            return Some(format!(
                "would be a page where the app's build has the folder `{file}`"
            ));
        }
        None
    }

    /// Writes `files` (output path, content), removing first the files of the last run that
    /// are not among them, then lists them for the next run.
    pub fn write(&self, files: &[(String, String)]) -> Result<(), Diagnostic> {
        let now: HashSet<&str> = files.iter().map(|(path, _)| path.as_str()).collect();
        for old in self.written.iter().filter(|f| !now.contains(f.as_str())) {
            let path = self.root.join(old);
            match fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(e.naming("this page of an earlier build").into());
                }
                _ => remove_siblings(&path),
            }
            let mut dir = path.parent();
            while let Some(d) = dir.filter(|d| *d != self.root) {
                if std::fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
        for (path, content) in files {
            replace_file(&self.root.join(path), content.as_bytes())?;
        }
        let mut list = String::from(
            "# The files quire-build pages wrote here; its next run may rewrite or remove them.\n",
        );
        for (path, _) in files {
            list.push_str(path);
            list.push('\n');
        }
        replace_file(&self.root.join(LIST_FILE), list.as_bytes())
    }
}

/// Whether a listed path is a plain relative path outside `posts/` (a list that was edited
/// never makes a run remove anything elsewhere).
fn is_inside(path: &str) -> bool {
    let p = Path::new(path);
    !path.is_empty()
        && p.components().all(|c| matches!(c, Component::Normal(_)))
        && !p.starts_with("posts")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn folder() -> tempfile::TempDir {
        let out = tempfile::tempdir().unwrap();
        let root = out.path();
        for dir in ["assets/img", "posts", "blog/2019/03/x"] {
            fs::create_dir_all(root.join(dir)).unwrap();
        }
        for file in [
            "favicon.svg",
            "assets/img/a.png",
            "quire-0123456789abcdef.js",
            "blog/2019/03/x/diagram.png",
            "old.html",
        ] {
            fs::write(root.join(file), "the app's").unwrap();
        }
        out
    }

    #[test]
    fn the_app_builds_files_are_not_for_posts() {
        let out = folder();
        let folder = OutputFolder::scan(out.path()).unwrap();
        let conflict = |url: &str| folder.conflict(url, &crate::pages::entry_path(url));
        for url in [
            "/favicon.svg/",
            "/FAVICON.svg/",
            "/assets/",
            "/assets/img/a.png/",
            "/favicon.svg/x/",
            "/quire-0123456789abcdef.js/",
            "/old.html",
        ] {
            assert!(conflict(url).is_some(), "{url}");
        }
        // Beside the app's files, nothing is overwritten: a post may have its images there.
        for url in [
            "/blog/2019/03/x/",
            "/assets/img/old/",
            "/blog/2019/03/y/",
            "/posts-old/",
        ] {
            assert_eq!(conflict(url), None, "{url}");
        }
    }

    #[test]
    fn a_run_rewrites_and_removes_only_its_own_files() {
        let out = folder();
        let root = out.path();
        let files = |list: &[&str]| -> Vec<(String, String)> {
            list.iter()
                .map(|f| (f.to_string(), format!("page {f}")))
                .collect()
        };
        let first = files(&["index.html", "old/index.html", "gone/deep/index.html"]);
        OutputFolder::scan(root).unwrap().write(&first).unwrap();
        fs::write(root.join("gone/deep/index.html.gz"), "packed").unwrap();
        let again = OutputFolder::scan(root).unwrap();
        assert_eq!(
            again.conflict("/old/", "old/index.html"),
            None,
            "its own page"
        );
        again
            .write(&files(&["index.html", "old/index.html"]))
            .unwrap();
        assert!(
            !root.join("gone").exists(),
            "a page no longer written goes, and its folders"
        );
        assert!(root.join("favicon.svg").is_file() && root.join("old.html").is_file());
        let list = fs::read_to_string(root.join(LIST_FILE)).unwrap();
        assert!(list.ends_with("\nindex.html\nold/index.html\n"), "{list}");
        // A list that was tampered with removes nothing outside the folder's own pages.
        fs::write(
            root.join(LIST_FILE),
            "../x\n/etc/passwd\nposts/index.json\nfavicon.svg\n",
        )
        .unwrap();
        fs::write(root.join("posts/index.json"), "{}").unwrap();
        OutputFolder::scan(root).unwrap().write(&[]).unwrap();
        assert!(root.join("posts/index.json").is_file());
        assert!(!root.join("favicon.svg").exists(), "listed, so it was ours");
    }
}
