//! Post bodies ready to show: the Markdown (and its highlighted code) fetched (`api`),
//! rendered by the render worker (`render_client`) and kept for the visit, so that a post
//! opened again, or prefetched on hover or focus, shows at once.

use crate::api::{self, ApiError};
use crate::render_client::{self, RenderedBody};
use crate::render_protocol::RenderSettings;
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use quire_core::{PostMeta, RenderOptions, SiteInfo};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

type Loading = Shared<LocalBoxFuture<'static, Result<Rc<RenderedBody>, ApiError>>>;

thread_local! {
    /// Rendered bodies by their file's path.
    static RENDERED: RefCell<HashMap<String, Rc<RenderedBody>>> = RefCell::new(HashMap::new());
    /// Bodies on their way, shared by everyone who waits for them (a click during the
    /// prefetch of the same post waits for that prefetch).
    static LOADING: RefCell<HashMap<String, Loading>> = RefCell::new(HashMap::new());
}

/// A post's body if it was rendered before.
pub fn cached(meta: &PostMeta) -> Option<Rc<RenderedBody>> {
    RENDERED.with_borrow(|r| r.get(&meta.body).cloned())
}

/// A post's body, fetched and rendered unless it was before. A failed load is forgotten, so
/// the next one tries again.
pub async fn load(meta: &PostMeta, site: &SiteInfo) -> Result<Rc<RenderedBody>, ApiError> {
    if let Some(body) = cached(meta) {
        return Ok(body);
    }
    let key = meta.body.clone();
    let loading = LOADING.with_borrow_mut(|l| {
        l.entry(key.clone())
            .or_insert_with(|| {
                fetch_and_render(meta.clone(), site.clone())
                    .boxed_local()
                    .shared()
            })
            .clone()
    });
    let result = loading.await;
    LOADING.with_borrow_mut(|l| l.remove(&key));
    result
}

async fn fetch_and_render(meta: PostMeta, site: SiteInfo) -> Result<Rc<RenderedBody>, ApiError> {
    render_client::start_worker();
    let markdown = api::fetch_body(&meta).await?;
    let code = api::fetch_code_runs(&meta).await;
    crate::perf::mark("quire-render-start");
    let settings = RenderSettings {
        code,
        ..settings(&site, &meta)
    };
    let rendered = render_client::render(markdown, settings).await?;
    crate::perf::measure("quire-render", "quire-render-start");
    let rendered = Rc::new(rendered);
    RENDERED.with_borrow_mut(|r| r.insert(meta.body.clone(), rendered.clone()));
    Ok(rendered)
}

/// Fetches and renders a post's body in the background, unless it is ready already.
pub fn prefetch(meta: PostMeta, site: SiteInfo) {
    if cached(&meta).is_none() {
        leptos::task::spawn_local(async move {
            let _ = load(&meta, &site).await;
        });
    }
}

/// How the app renders a post: links to the site's own address stay inside it, under the
/// public path it is served from, with the post's image sizes and its own files.
fn settings(site: &SiteInfo, meta: &PostMeta) -> RenderSettings {
    let address = crate::base_path::address(&site.base_url);
    let base_path = crate::base_path::base_path();
    let options = RenderOptions::for_site(site, &address, &base_path)
        .with_images(&meta.images)
        .with_files(&meta.url, &meta.files);
    RenderSettings::from(options)
}
