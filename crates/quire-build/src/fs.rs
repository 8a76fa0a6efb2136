//! File system access for the builder, each step's error naming its path and what was being
//! done (as mdBook's `utils/fs.rs` does), so that no call site words an I/O error by hand.

use crate::diagnostic::Diagnostic;
use std::borrow::Cow;
use std::fmt;
use std::fs::{self, FileType};
use std::io;
use std::path::{Path, PathBuf};

/// A file operation that failed: on which path, what it was and why.
#[derive(Debug)]
pub struct FileError {
    pub path: PathBuf,
    /// `read`, `write`, `list`, `create`, `remove`, `rename`, `look at`.
    verb: &'static str,
    /// What the path is to the author: `it`, `the folder`, `the site settings`.
    object: Cow<'static, str>,
    /// What to do about it, if the reason alone does not say.
    hint: Option<Cow<'static, str>>,
    source: io::Error,
}

impl FileError {
    fn new(path: &Path, verb: &'static str, object: &'static str, source: io::Error) -> Self {
        FileError {
            path: path.to_path_buf(),
            verb,
            object: Cow::Borrowed(object),
            hint: None,
            source,
        }
    }

    /// Names what the file is (`the site settings`) instead of `it`.
    pub fn naming(mut self, object: impl Into<Cow<'static, str>>) -> Self {
        self.object = object.into();
        self
    }

    /// Adds what the author can do about it.
    pub fn hint(mut self, hint: impl Into<Cow<'static, str>>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The reason, without the path: `cannot read it: No such file or directory (os error 2)`,
    /// or with a hint `cannot read it (…): build the index first`.
    pub fn message(&self) -> String {
        let Self {
            verb,
            object,
            source,
            ..
        } = self;
        match &self.hint {
            None => format!("cannot {verb} {object}: {source}"),
            Some(hint) => format!("cannot {verb} {object} ({source}): {hint}"),
        }
    }

    /// What went wrong, if the operating system said.
    pub fn kind(&self) -> io::ErrorKind {
        self.source.kind()
    }
}

/// `path: cannot read it: …`, for messages that name the file themselves.
impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message())
    }
}

impl std::error::Error for FileError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// An error at the file as a whole.
impl From<FileError> for Diagnostic {
    fn from(error: FileError) -> Self {
        Diagnostic::error(&error.path, 0, error.message())
    }
}

/// One entry of a folder: its path and its own type (a symbolic link is not followed).
#[derive(Debug)]
pub struct Entry {
    pub path: PathBuf,
    /// The entry's name, lossily as text.
    pub name: String,
    pub kind: FileType,
}

pub fn read(path: &Path) -> Result<Vec<u8>, FileError> {
    fs::read(path).map_err(|e| FileError::new(path, "read", "it", e))
}

pub fn read_to_string(path: &Path) -> Result<String, FileError> {
    fs::read_to_string(path).map_err(|e| FileError::new(path, "read", "it", e))
}

pub fn write(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    fs::write(path, bytes).map_err(|e| FileError::new(path, "write", "it", e))
}

pub fn create_dir_all(path: &Path) -> Result<(), FileError> {
    fs::create_dir_all(path).map_err(|e| FileError::new(path, "create", "the folder", e))
}

/// Renames `from` to `to`; the error is about `to`, the file being written.
pub fn rename(from: &Path, to: &Path) -> Result<(), FileError> {
    fs::rename(from, to).map_err(|e| FileError::new(to, "write", "it", e))
}

/// Copies the file `from` to `to`, making `to`'s folder first; the error is about `to` unless
/// `from` cannot be read.
pub fn copy(from: &Path, to: &Path) -> Result<(), FileError> {
    if let Some(folder) = to.parent() {
        create_dir_all(folder)?;
    }
    fs::copy(from, to).map(|_| ()).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound if !from.exists() => FileError::new(from, "read", "it", e),
        _ => FileError::new(to, "write", "it", e),
    })
}

pub fn remove_file(path: &Path) -> Result<(), FileError> {
    fs::remove_file(path).map_err(|e| FileError::new(path, "remove", "it", e))
}

/// The size and times of the file at `path` (a symbolic link followed).
pub fn metadata(path: &Path) -> Result<fs::Metadata, FileError> {
    fs::metadata(path).map_err(|e| FileError::new(path, "look at", "it", e))
}

/// The entries of the folder `dir`, in the order the system gives them.
pub fn read_dir(dir: &Path) -> Result<Vec<Entry>, FileError> {
    let fail = |e| FileError::new(dir, "list", "the folder", e);
    let mut entries = Vec::new();
    for entry in fs::read_dir(dir).map_err(fail)? {
        let entry = entry.map_err(fail)?;
        entries.push(Entry {
            path: entry.path(),
            name: entry.file_name().to_string_lossy().into_owned(),
            kind: entry.file_type().map_err(fail)?,
        });
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_path_and_the_step() {
        let missing = Path::new("no/such/quire.toml");
        let error = read_to_string(missing).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::NotFound);
        let diagnostic = Diagnostic::from(read_to_string(missing).unwrap_err());
        assert_eq!(diagnostic.path, missing);
        assert!(
            diagnostic.message.starts_with("cannot read it: "),
            "{diagnostic}"
        );
        let named = error
            .naming("the site settings")
            .hint("name it with --settings");
        assert!(
            named
                .message()
                .starts_with("cannot read the site settings (")
                && named.message().ends_with("): name it with --settings"),
            "{named}"
        );
        assert!(
            named
                .to_string()
                .starts_with("no/such/quire.toml: cannot read")
        );
        let listed = read_dir(Path::new("no/such/folder")).unwrap_err();
        assert!(
            listed.message().starts_with("cannot list the folder: "),
            "{listed}"
        );
    }
}
