//! Quire's browser app: mounts the root component; everything else lives in `app`.

mod api;
mod app;
mod base_path;
mod components;
mod fetch;
mod head;
mod perf;
mod post_bodies;
mod render_client;
mod render_protocol;
mod routes;
mod search;
mod state;
mod takeover;

fn main() {
    console_error_panic_hook::set_once();
    takeover::init();
    leptos::mount::mount_to_body(app::App);
    // For the tests and benchmarks: the app runs from here on.
    if let Some(root) = leptos::prelude::document().document_element() {
        let _ = root.set_attribute("data-quire-app", "started");
    }
}
