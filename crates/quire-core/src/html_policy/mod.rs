//! The raw-HTML policy. Raw HTML in a post is untrusted: it is tokenised here and rebuilt from
//! an allowlist of harmless tags and attributes, every attribute value and every piece of text
//! re-escaped, so what reaches the page is only markup Quire wrote itself. Anything else is
//! dropped and reported, so the builder can warn the author.
//!
//! [`tokenizer`] reads the HTML; [`allowlist`] decides what is kept and rebuilds it, writing
//! through [`crate::escape`] and checking URLs with [`crate::url_policy`].

pub mod allowlist;
pub mod tokenizer;
