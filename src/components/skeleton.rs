//! Loading placeholders in the shape of the page that is coming.

use leptos::prelude::*;

/// Placeholder for the list of posts on the home page.
#[component]
pub fn PostListSkeleton() -> impl IntoView {
    view! {
        <div class="skeleton" aria-busy="true" aria-live="polite">
            <span class="visually-hidden">"Loading posts…"</span>
            {(0..3)
                .map(|_| {
                    view! {
                        <div class="skeleton-card" aria-hidden="true">
                            <div class="skeleton-line skeleton-title"></div>
                            <div class="skeleton-line skeleton-meta"></div>
                            <div class="skeleton-line"></div>
                            <div class="skeleton-line skeleton-short"></div>
                        </div>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// Placeholder for a post: a title, then a few paragraphs.
#[component]
pub fn PostSkeleton() -> impl IntoView {
    view! {
        <div class="skeleton" aria-busy="true" aria-live="polite">
            <span class="visually-hidden">"Loading post…"</span>
            <div class="skeleton-line skeleton-title" aria-hidden="true"></div>
            <div class="skeleton-line skeleton-meta" aria-hidden="true"></div>
            <BodySkeleton />
        </div>
    }
}

/// Placeholder for a post body whose header is already shown.
#[component]
pub fn BodySkeleton() -> impl IntoView {
    view! {
        <div class="skeleton skeleton-body" aria-busy="true">
            <span class="visually-hidden">"Loading the text…"</span>
            {(0..3)
                .map(|_| {
                    view! {
                        <div class="skeleton-paragraph" aria-hidden="true">
                            <div class="skeleton-line"></div>
                            <div class="skeleton-line"></div>
                            <div class="skeleton-line skeleton-short"></div>
                        </div>
                    }
                })
                .collect_view()}
        </div>
    }
}
