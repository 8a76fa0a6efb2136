//! What a reader sees when data could not be loaded: what failed, and a way to try again.

use leptos::prelude::*;

/// Lists the errors caught by an `<ErrorBoundary>` and offers a retry.
#[component]
pub fn ErrorView(
    errors: ArcRwSignal<Errors>,
    #[prop(into)] on_retry: Callback<()>,
) -> impl IntoView {
    let messages = move || {
        errors
            .read()
            .iter()
            .map(|(_, e)| view! { <li>{e.to_string()}</li> })
            .collect_view()
    };
    view! {
        <section class="error-view" role="alert" aria-labelledby="error-title">
            <h1 id="error-title">"This page could not be loaded"</h1>
            <ul class="error-messages">{messages}</ul>
            <button type="button" class="retry" on:click=move |_| on_retry.run(())>
                "Try again"
            </button>
        </section>
    }
}
