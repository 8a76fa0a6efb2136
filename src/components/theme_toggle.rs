//! The header's switch between the light and the dark theme. Until the reader presses it the
//! page follows the system; a press sets `data-theme` on `<html>` and remembers the choice in
//! `localStorage`, where `public/theme.js` finds it before the next load's first paint.

use leptos::ev;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::MediaQueryListEvent;

/// The `localStorage` key; `public/theme.js` reads the same one.
const STORAGE_KEY: &str = "quire-theme";
const DARK_QUERY: &str = "(prefers-color-scheme: dark)";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Theme {
    Light,
    Dark,
}

impl Theme {
    fn name(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    fn parse(name: &str) -> Option<Self> {
        match name {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }

    fn other(self) -> Self {
        match self {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        }
    }

    fn from_dark(dark: bool) -> Self {
        if dark { Theme::Dark } else { Theme::Light }
    }
}

/// The theme the reader chose, as `theme.js` (or an earlier press) left it on `<html>`.
fn chosen_theme() -> Option<Theme> {
    document()
        .document_element()
        .and_then(|html| html.get_attribute("data-theme"))
        .and_then(|name| Theme::parse(&name))
}

/// Shows `theme` now: `data-theme` for the stylesheet, `color-scheme` for the browser's own
/// parts (scroll bars, form controls).
fn show(theme: Theme) {
    let doc = document();
    if let Some(html) = doc.document_element() {
        let _ = html.set_attribute("data-theme", theme.name());
    }
    if let Ok(Some(meta)) = doc.query_selector("meta[name=\"color-scheme\"]") {
        let _ = meta.set_attribute("content", theme.name());
    }
}

/// Remembers `theme` for the next visit; without storage (disabled by the reader) it lasts
/// as long as the page.
fn remember(theme: Theme) {
    if let Ok(Some(storage)) = window().local_storage() {
        let _ = storage.set_item(STORAGE_KEY, theme.name());
    }
}

/// Keeps `system` in step with the system's preference while the component lives.
fn follow_system(system: RwSignal<Theme>) {
    let Ok(Some(query)) = window().match_media(DARK_QUERY) else {
        return;
    };
    system.set(Theme::from_dark(query.matches()));
    let on_change = Closure::<dyn Fn(MediaQueryListEvent)>::new(move |e: MediaQueryListEvent| {
        system.set(Theme::from_dark(e.matches()));
    });
    let _ = query.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
    let listener = SendWrapper::new((query, on_change));
    on_cleanup(move || {
        let (query, on_change) = listener.take();
        let _ =
            query.remove_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
    });
}

/// A toggle button named "Dark theme", pressed while the dark theme is shown.
#[component]
pub fn ThemeToggle() -> impl IntoView {
    let chosen = RwSignal::new(chosen_theme());
    let system = RwSignal::new(Theme::Light);
    follow_system(system);
    // A choice made in another tab applies here too.
    let storage = window_event_listener(ev::storage, move |e| {
        if e.key().as_deref() == Some(STORAGE_KEY)
            && let Some(theme) = e.new_value().as_deref().and_then(Theme::parse)
        {
            show(theme);
            chosen.set(Some(theme));
        }
    });
    on_cleanup(move || storage.remove());
    let current = move || chosen.get().unwrap_or_else(|| system.get());
    let dark = move || current() == Theme::Dark;
    let on_click = move |_| {
        let next = current().other();
        show(next);
        remember(next);
        chosen.set(Some(next));
    };
    let hint = move || {
        if dark() {
            "Switch to the light theme"
        } else {
            "Switch to the dark theme"
        }
    };

    view! {
        <button
            type="button"
            class="theme-toggle"
            aria-pressed=move || dark().to_string()
            title=hint
            on:click=on_click
        >
            <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <path d="M21 12.79A9 9 0 1 1 11.21 3 7 7 0 0 0 21 12.79z" />
            </svg>
            <span class="visually-hidden">"Dark theme"</span>
        </button>
    }
}

#[cfg(test)]
mod tests {
    use super::Theme;

    #[test]
    fn names_round_trip_and_other_flips() {
        for theme in [Theme::Light, Theme::Dark] {
            assert_eq!(Theme::parse(theme.name()), Some(theme));
            assert_eq!(theme.other().other(), theme);
            assert_ne!(theme.other(), theme);
        }
        assert_eq!(Theme::parse("auto"), None);
    }
}
