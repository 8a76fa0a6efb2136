//! State the whole app shares: the post index, fetched once and read by every route and by
//! the header, search box and prefetching.

use crate::api::ApiError;
use leptos::prelude::*;
use quire_core::PostIndex;
use std::sync::Arc;

/// The post index, fetched once and shared by every route.
#[derive(Clone, Copy)]
pub struct IndexResource(pub LocalResource<Result<Arc<PostIndex>, ApiError>>);

impl IndexResource {
    /// The blog's name, once the index has loaded.
    pub fn site_title(self) -> Option<String> {
        self.0
            .get()
            .and_then(Result::ok)
            .map(|i| i.site.title.clone())
    }
}
