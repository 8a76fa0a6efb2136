//! One route, one file.

pub mod highlights;
pub mod home;
pub mod listing;
pub mod not_found;
pub mod post;
pub mod search;
