//! Quire's builder: the index step reads `content/posts/*.md` and writes, into the build
//! output, `posts/index.json` and one Markdown body per post (complete or absent); the pages
//! step writes every route's entry file, the feed and the rest beside the app; the compress
//! step writes precompressed siblings of the output's text files.

pub mod app_start;
pub mod claims;
pub mod compress;
pub mod diagnostic;
pub mod earlier_urls;
pub mod feeds;
pub mod fs;
pub mod headers;
pub mod highlight;
pub mod images;
pub mod index;
pub mod markup;
pub mod output;
pub mod output_folder;
pub mod own_files;
pub mod pages;
pub mod parallel;
pub mod posts;
pub mod progress;
pub mod publish;
pub mod render_worker;
pub mod search;
pub mod settings;
pub mod shell;
pub mod site;
pub mod tags;

pub use diagnostic::Diagnostic;
pub use index::{BuildOptions, BuildReport, build};
pub use publish::{PagesReport, SHELL_FILE, write_pages};
