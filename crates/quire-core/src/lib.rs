//! Quire's pure core, shared by the browser app and the native builder: the post index format,
//! front matter, dates, Markdown rendering, highlights. No I/O and no web APIs, so it compiles
//! and is tested natively and for wasm alike.

pub mod date;
pub mod escape;
pub mod front_matter;
pub mod highlights;
pub mod html_policy;
pub mod image;
pub mod index;
pub mod json;
pub mod listing;
pub mod markdown;
pub mod permalink;
pub mod post;
pub mod search;
pub mod site_path;
pub mod url_policy;
pub mod video;

pub use date::PostDate;
pub use front_matter::{FrontMatter, FrontMatterError};
pub use highlights::{Highlight, extract_highlights};
pub use index::{Banner, ImageSize, ImageSizes, PathMatch, PostIndex, PostMeta, SiteInfo};
pub use markdown::{RenderOptions, Rendered, render, render_markdown};
pub use post::{ParsedPost, PostError, PostFile, parse_post, parse_site_post};
