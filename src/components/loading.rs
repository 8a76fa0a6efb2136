//! The one loading pattern: a placeholder of the page's shape while data loads, then the
//! content, or what failed with a way to try again.

use crate::components::error_view::ErrorView;
use leptos::prelude::*;

/// Shows `fallback` until the resources read by `children` are ready (keeping the previous
/// content meanwhile, as `<Transition>` does), then `children`; an error they return shows an
/// [`ErrorView`] whose button calls `on_retry`.
#[component]
pub fn Loading(
    #[prop(into)] fallback: ViewFnOnce,
    #[prop(into)] on_retry: Callback<()>,
    children: ChildrenFn,
) -> impl IntoView {
    view! {
        <Transition fallback>
            <ErrorBoundary fallback=move |errors| {
                view! { <ErrorView errors on_retry /> }
            }>{children()}</ErrorBoundary>
        </Transition>
    }
}
