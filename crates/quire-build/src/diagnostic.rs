//! What the builder tells an author: an error or a warning about a file, at a line of it.

use std::fmt;
use std::path::{Path, PathBuf};

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
