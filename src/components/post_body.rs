//! A rendered post body, and the behaviour its markup needs: video facades keep their
//! author's aspect ratio and turn into the real player when the reader asks; code blocks and
//! tables too wide for the column can be scrolled from the keyboard.

use crate::components::search_marks;
use leptos::html::Div;
use leptos::prelude::*;
use quire_core::video::Video;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// What the player may do: play, go full screen, picture in picture. Nothing else.
const PLAYER_ALLOW: &str = "autoplay; encrypted-media; fullscreen; picture-in-picture";

/// Shows HTML from `quire_core::render`, whose policy rebuilt every tag from its allowlist.
/// `marks` are the folded words to mark (from a search result's link); the first is
/// scrolled into view.
#[component]
pub fn PostBody(html: String, #[prop(into)] marks: Signal<Vec<String>>) -> impl IntoView {
    let body = NodeRef::<Div>::new();
    Effect::new(move |_| {
        if let Some(body) = body.get() {
            enhance(&body);
        }
    });
    Effect::new(move |_| {
        let words = marks.get();
        if let Some(body) = body.get() {
            mark(&body, &words);
        }
    });
    view! { <div class="post-body" node_ref=body inner_html=html></div> }
}

/// Marks `words` in `body` in place of any marks it had, and scrolls the first into view.
pub fn mark(body: &Element, words: &[String]) {
    search_marks::clear_marks(body);
    if let Some(first) = search_marks::mark_words(body, words) {
        scroll_to(first, SCROLL_FRAMES);
    }
}

/// How many animation frames a mark waits at most for its body to be in the page.
const SCROLL_FRAMES: u32 = 10;

/// Scrolls `mark` to the middle of the window, once it is in the page: a body that arrived
/// asynchronously (a `<Transition>`'s new content) is marked before it is put there.
fn scroll_to(mark: Element, frames: u32) {
    if mark.is_connected() {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Center);
        mark.scroll_into_view_with_scroll_into_view_options(&options);
    } else if frames > 0 {
        request_animation_frame(move || scroll_to(mark, frames - 1));
    }
}

/// What a body in the page needs once it is there, whether the app rendered it or adopted it
/// from the entry file: facades at their author's aspect ratio (set through the CSSOM, which
/// a strict Content-Security-Policy allows where a `style` attribute would not be), and
/// blocks too wide for the column focusable, checked once laid out (and again on resize, by
/// [`BodyBehaviour`]).
pub fn enhance(body: &HtmlElement) {
    apply_ratios(body);
    let body = body.clone();
    request_animation_frame(move || focusable_scrollers(&body));
}

/// Listeners for every post body, once for the whole app: a facade's play button starts its
/// player; a resize checks again which blocks overflow.
#[component]
pub fn BodyBehaviour() -> impl IntoView {
    let _ = window_event_listener(leptos::ev::click, |ev| {
        let button = ev
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|el| {
                el.closest(".post-body .video-embed .video-play")
                    .ok()
                    .flatten()
            });
        if let Some(button) = button {
            ev.prevent_default();
            play(&button);
        }
    });
    let _ = window_event_listener(leptos::ev::resize, |_| {
        let Ok(bodies) = document().query_selector_all(".post-body") else {
            return;
        };
        for i in 0..bodies.length() {
            if let Some(body) = bodies
                .item(i)
                .and_then(|n| n.dyn_into::<HtmlElement>().ok())
            {
                focusable_scrollers(&body);
            }
        }
    });
}

fn apply_ratios(body: &HtmlElement) {
    let Ok(facades) = body.query_selector_all(".video-embed[data-ratio]") else {
        return;
    };
    for i in 0..facades.length() {
        let Some(figure) = facades
            .item(i)
            .and_then(|n| n.dyn_into::<HtmlElement>().ok())
        else {
            continue;
        };
        let ratio = figure.get_attribute("data-ratio").unwrap_or_default();
        let valid = ratio.split_once('/').is_some_and(|(w, h)| {
            w.parse::<u32>().is_ok_and(|w| w > 0) && h.parse::<u32>().is_ok_and(|h| h > 0)
        });
        if valid {
            let _ = figure.style().set_property("aspect-ratio", &ratio);
        }
    }
}

/// Code blocks and tables wider than the column scroll by themselves (`overflow-x: auto`);
/// those that do are made focusable, so that arrow keys scroll them too.
fn focusable_scrollers(body: &HtmlElement) {
    let Ok(blocks) = body.query_selector_all("pre, table") else {
        return;
    };
    for i in 0..blocks.length() {
        let Some(block) = blocks.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        let _ = if block.scroll_width() > block.client_width() {
            block.set_attribute("tabindex", "0")
        } else {
            block.remove_attribute("tabindex")
        };
    }
}

/// Replaces a facade's button with the player, and moves focus into it.
fn play(button: &Element) -> Option<()> {
    let figure = button.closest(".video-embed").ok()??;
    let video = Video::from_facade(
        &figure.get_attribute("data-provider")?,
        &figure.get_attribute("data-video-id")?,
        figure.get_attribute("data-start").as_deref(),
    )?;
    let title = figure
        .get_attribute("data-title")
        .unwrap_or_else(|| "Video".into());
    let iframe = document().create_element("iframe").ok()?;
    for (name, value) in [
        ("src", video.player_url().as_str()),
        ("title", title.as_str()),
        ("allow", PLAYER_ALLOW),
        ("allowfullscreen", ""),
        ("referrerpolicy", "strict-origin-when-cross-origin"),
        ("loading", "lazy"),
    ] {
        iframe.set_attribute(name, value).ok()?;
    }
    button.replace_with_with_node_1(&iframe).ok()?;
    let _ = figure.class_list().add_1("is-playing");
    iframe.dyn_into::<HtmlElement>().ok()?.focus().ok()
}
