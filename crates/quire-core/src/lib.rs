//! Quire's pure core, shared by the browser app and the native builder: the post index format,
//! front matter, dates, and Markdown rendering. No I/O and no web APIs, so it compiles and is
//! tested natively and for wasm alike.

pub mod date;
pub mod front_matter;
pub mod html_policy;
pub mod index;
pub mod markdown;
pub mod permalink;
pub mod post;
pub mod site_path;
pub mod video;

pub use date::PostDate;
pub use front_matter::{FrontMatter, FrontMatterError};
pub use index::{Banner, PathMatch, PostIndex, PostMeta, SiteInfo};
pub use markdown::{RenderOptions, Rendered, render, render_markdown};
pub use post::{ParsedPost, PostError, parse_post};
