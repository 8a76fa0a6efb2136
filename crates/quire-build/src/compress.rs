//! Precompressed siblings of the output's text files (`x.wasm.br`, `x.wasm.gz`), for servers
//! that send them as they are (nginx `brotli_static` and `gzip_static`, and CDNs given the
//! files with their `Content-Encoding`): the best compression, paid once at build time
//! instead of on every response.

use crate::diagnostic::Diagnostic;
use crate::{fs, parallel};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Kinds of files worth compressing; images other than SVG are compressed already.
pub const EXTENSIONS: &[&str] = &[
    "html", "js", "mjs", "wasm", "css", "json", "md", "xml", "svg", "txt", "bin",
];

/// Smaller files gain too little to be worth a sibling.
pub const MIN_SIZE: usize = 1024;

/// Brotli's best (11) and its largest usual window: about a second for the wasm.
const BROTLI_QUALITY: u32 = 11;
const BROTLI_WINDOW: u32 = 22;

/// What compression did: files compressed and their total sizes.
#[derive(Debug, Default, PartialEq)]
pub struct Report {
    pub files: usize,
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

/// Writes `.br` and `.gz` beside every text file of at least [`MIN_SIZE`] bytes under `out`
/// (folders whose name starts with `.` are skipped), where they are smaller than the file.
/// Siblings left from an earlier build of a file that no longer gets one are removed.
pub fn compress_dir(out: &Path) -> Result<Report, Diagnostic> {
    let mut files = Vec::new();
    collect(out, &mut files)?;
    // Largest first, so the wasm does not wait behind a queue of posts.
    files.sort_by_key(|(_, size)| std::cmp::Reverse(*size));
    let results = parallel::map(&files, |(path, _)| compress_file(path));
    let mut report = Report::default();
    for result in results {
        let (raw, gzip, brotli) = result?;
        report.files += 1;
        report.raw += raw;
        report.gzip += gzip;
        report.brotli += brotli;
    }
    Ok(report)
}

fn collect(dir: &Path, files: &mut Vec<(PathBuf, u64)>) -> Result<(), Diagnostic> {
    for fs::Entry { path, name, kind } in fs::read_dir(dir)? {
        if name.starts_with('.') {
            continue;
        }
        if kind.is_dir() {
            collect(&path, files)?;
        } else if kind.is_file() && is_compressible(&path) {
            let size = fs::metadata(&path)?.len();
            files.push((path, size));
        }
    }
    Ok(())
}

fn is_compressible(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// The sibling of `path` with `suffix` (`br`, `gz`) appended to its name.
pub fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

/// Removes the compressed siblings of a file that is being rewritten: a server must never
/// send an old `.gz` for a new file.
pub fn remove_siblings(path: &Path) {
    for suffix in ["br", "gz"] {
        let _ = std::fs::remove_file(sibling(path, suffix));
    }
}

type Encoder = fn(&[u8]) -> std::io::Result<Vec<u8>>;

/// Compresses one file; returns its raw size and the sizes served for gzip and brotli.
fn compress_file(path: &Path) -> Result<(u64, u64, u64), Diagnostic> {
    let raw = fs::read(path)?;
    let size = raw.len() as u64;
    let mut served = [size, size];
    let encoders: [(&str, Encoder); 2] = [("gz", gzip), ("br", brotli)];
    for (i, (suffix, encode)) in encoders.into_iter().enumerate() {
        let target = sibling(path, suffix);
        let packed = match raw.len() >= MIN_SIZE {
            true => encode(&raw).map_err(|e| {
                Diagnostic::error(path, 0, format!("cannot compress it ({suffix}): {e}"))
            })?,
            false => Vec::new(),
        };
        if packed.is_empty() || packed.len() >= raw.len() {
            let _ = std::fs::remove_file(&target);
            continue;
        }
        fs::write(&target, &packed)?;
        served[i] = packed.len() as u64;
    }
    Ok((size, served[0], served[1]))
}

fn gzip(raw: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(raw)?;
    encoder.finish()
}

fn brotli(raw: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        let mut writer =
            brotli::CompressorWriter::new(&mut out, 64 * 1024, BROTLI_QUALITY, BROTLI_WINDOW);
        writer.write_all(raw)?;
        writer.flush()?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn text_files_get_siblings_that_decompress_to_them() {
        let dir = tempfile::tempdir().unwrap();
        let big = "<p>Quire compresses what it serves.</p>\n".repeat(100);
        std::fs::create_dir_all(dir.path().join("blog/x")).unwrap();
        std::fs::write(dir.path().join("blog/x/index.html"), &big).unwrap();
        std::fs::write(dir.path().join("small.json"), "{}").unwrap();
        std::fs::write(dir.path().join("small.json.gz"), "stale").unwrap();
        std::fs::write(dir.path().join("photo.png"), &big).unwrap();
        std::fs::create_dir_all(dir.path().join(".stage")).unwrap();
        std::fs::write(dir.path().join(".stage/x.html"), &big).unwrap();

        let report = compress_dir(dir.path()).unwrap();
        assert_eq!(report.files, 2, "{report:?}");
        assert!(
            report.brotli < report.gzip && report.gzip < report.raw,
            "{report:?}"
        );

        let page = dir.path().join("blog/x/index.html");
        let mut unzipped = String::new();
        flate2::read::GzDecoder::new(std::fs::File::open(sibling(&page, "gz")).unwrap())
            .read_to_string(&mut unzipped)
            .unwrap();
        assert_eq!(unzipped, big);
        let mut unbrotlied = String::new();
        brotli::Decompressor::new(std::fs::File::open(sibling(&page, "br")).unwrap(), 4096)
            .read_to_string(&mut unbrotlied)
            .unwrap();
        assert_eq!(unbrotlied, big);

        assert!(
            !dir.path().join("small.json.gz").exists(),
            "a stale sibling is removed"
        );
        assert!(!dir.path().join("photo.png.gz").exists());
        assert!(!dir.path().join(".stage/x.html.gz").exists());
    }
}
