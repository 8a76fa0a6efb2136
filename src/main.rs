//! Quire's browser app: mounts the root component; everything else lives in `app`.

mod api;
mod app;
mod base_path;
mod components;
mod perf;
mod routes;
mod search;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
