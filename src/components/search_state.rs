//! What the header's search box, its list of results and its keys share: the query, whether
//! the list is open, the chosen result, and the results of the query.

use crate::api::ApiError;
use crate::search::{self, Found, SearchPage};
use crate::state::IndexResource;
use leptos::prelude::*;

/// Results shown in the header's list; the rest are on the results page.
pub const SHOWN: usize = 6;

/// What the box, its list and its keys share.
#[derive(Clone, Copy)]
pub struct SearchState {
    /// What the reader typed.
    pub query: RwSignal<String>,
    /// Whether the list may show.
    pub open: RwSignal<bool>,
    /// The result chosen with the arrow keys.
    pub active: RwSignal<Option<usize>>,
    /// The first [`SHOWN`] results of `query` and how many there are in all.
    pub results: LocalResource<Result<SearchPage, ApiError>>,
}

impl SearchState {
    pub fn new(index: IndexResource) -> Self {
        let query = RwSignal::new(String::new());
        let results = LocalResource::new(move || {
            let q = query.get();
            async move {
                if q.trim().is_empty() {
                    return Ok(SearchPage::default());
                }
                let posts = index.0.await?;
                search::search(&posts, &q, SHOWN).await
            }
        });
        SearchState {
            query,
            open: RwSignal::new(false),
            active: RwSignal::new(None),
            results,
        }
    }

    /// The results shown in the list.
    pub fn found(self) -> Vec<Found> {
        let page = self.results.get().and_then(Result::ok);
        page.map(|page| page.found).unwrap_or_default()
    }

    /// How many posts match in all.
    pub fn total(self) -> usize {
        self.results
            .get()
            .and_then(Result::ok)
            .map_or(0, |page| page.total)
    }

    /// Whether the list shows: open, for a query.
    pub fn expanded(self) -> bool {
        self.open.get() && !self.query.get().trim().is_empty()
    }

    pub fn close(self) {
        self.open.set(false);
        self.active.set(None);
    }
}
