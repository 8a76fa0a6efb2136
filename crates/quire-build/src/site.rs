//! The site as it is served: its index, the public path it is served under and its absolute
//! address, and the links and absolute URLs of its pages, for the entry files, the feed and
//! the sitemap alike.

use quire_core::PostIndex;
use quire_core::site_path::{prefixed, site_address};

/// The site the entry files belong to: its index, the public path it is served under (`/` or
/// `/blog/`) and its absolute address (`base_url` with that path; empty without `base_url`).
pub struct Site<'a> {
    pub index: &'a PostIndex,
    pub base_path: &'a str,
    pub address: String,
}

impl<'a> Site<'a> {
    pub fn new(index: &'a PostIndex, base_path: &'a str) -> Self {
        Site {
            index,
            base_path,
            address: site_address(&index.site.base_url, base_path),
        }
    }

    /// A site path (`/blog/x/`) as a link on the served site (`/sub/blog/x/`).
    pub fn link(&self, path: &str) -> String {
        prefixed(self.base_path, path).into_owned()
    }

    /// A site path as an absolute URL; the served path when the site has no `base_url`.
    pub fn absolute(&self, path: &str) -> String {
        match self.address.is_empty() {
            true => self.link(path),
            false => absolute(&self.address, path),
        }
    }
}

/// An absolute URL for a site path (root-relative when the site has no `base_url`).
pub fn absolute(base_url: &str, path: &str) -> String {
    if path.contains("://") {
        return path.to_string();
    }
    format!("{}{path}", base_url.trim_end_matches('/'))
}
