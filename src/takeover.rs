//! Taking over the page the builder wrote. Every entry file already shows its route in the
//! app's own markup (skip link, header, `<main>` with the route's content), so a reader sees
//! the page before the wasm arrives. When the app starts it keeps what is there instead of
//! drawing it again:
//! - `<main>` stays the same element, and the routes render into it ([`in_main`]);
//! - the first route, when it is the page the builder wrote, adopts the nodes it finds there
//!   ([`adopt`]): nothing is removed, re-rendered or fetched again, so the title, scroll
//!   position, focus and a text selection all stay;
//! - the header is replaced in one step by the app's own, which looks the same
//!   ([`replacing`]), carrying over the search box's focus and text.
//!
//! Without an entry file (an unknown path on a server that answers with another page) the
//! static content is dropped and the app renders the route itself.

use crate::components::search_marks::MARKS_PARAM;
use leptos::prelude::*;
use leptos::tachys::html::attribute::Attribute;
use leptos::tachys::html::attribute::any_attribute::AnyAttribute;
use leptos::tachys::hydration::Cursor;
use leptos::tachys::view::add_attr::AddAnyAttr;
use leptos::tachys::view::{Mountable, Position, PositionState, Render, RenderHtml};
use send_wrapper::SendWrapper;
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, Node};

/// The attribute on `<main>` that names the site path of the route the builder rendered.
const PAGE_ATTR: &str = "data-quire-page";

/// What the builder wrote into `<main>`, until the first route takes it.
struct StaticMain {
    /// The nodes in `<main>` as the page arrived, before the app added any of its own.
    nodes: Vec<Node>,
    /// The site path the content is for (`/blog/2024/05/x/`, `/tags/rust/`), or `*` for the
    /// not-found page, which a static host serves at any unknown path.
    page: String,
    /// The route's own title, as `<title>` shows it before the site's name.
    title: String,
}

thread_local! {
    static MAIN: RefCell<Option<StaticMain>> = RefCell::new(read_main());
}

fn read_main() -> Option<StaticMain> {
    let main = document()
        .query_selector(&format!("main[{PAGE_ATTR}]"))
        .ok()??;
    Some(StaticMain {
        page: main.get_attribute(PAGE_ATTR)?,
        title: main.get_attribute("data-quire-title").unwrap_or_default(),
        nodes: children(&main),
    })
}

/// Notes what the entry file's `<main>` holds: call before the app mounts.
pub fn init() {
    MAIN.with(|_| ());
}

/// The `<main>` the builder wrote, if the page has one.
fn static_main_element() -> Option<Element> {
    document()
        .query_selector(&format!("main[{PAGE_ATTR}]"))
        .ok()?
}

fn same_page(a: &str, b: &str) -> bool {
    a.trim_end_matches('/') == b.trim_end_matches('/')
}

/// What the first route adopts: the nodes the builder wrote for the page at `site_path`, and
/// the route's title. `None` for another path, or when the route renders the page itself
/// (`keep` false): the static content is then removed.
pub fn adopt(site_path: &str, keep: bool) -> Option<(Adopted, String)> {
    let taken = MAIN.with(|m| m.borrow_mut().take())?;
    let nodes = taken.nodes;
    if !keep || (taken.page != "*" && !same_page(&taken.page, site_path)) {
        for node in &nodes {
            remove(node);
        }
        return None;
    }
    Some((Adopted::new(nodes), taken.title))
}

/// A route's view: the page the entry file shows, if it is this route's page (see [`adopt`]),
/// with `enhance` run once it is adopted; after the first move to another URL (or when there
/// is nothing to adopt), `render`'s view. Neither `<Transition>` nor a fetch comes between the
/// reader and the page already there.
pub fn or_adopted<V: IntoView + 'static>(
    enhance: impl FnOnce() + 'static,
    render: impl Fn() -> V + Send + Sync + 'static,
) -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let page = crate::base_path::site_path(&location.pathname.get_untracked())
        .and_then(|path| adopt(&path, true));
    let Some((page, title)) = page else {
        return leptos::either::Either::Right(render());
    };
    enhance();
    let adopted = RwSignal::new(true);
    let kept = SendWrapper::new(RefCell::new(Some(page)));
    // Another path or query (a link inside the same route) leaves the adopted page for the
    // app's own view; a `#fragment` (a table of contents, a footnote), the same path with or
    // without its trailing slash, or words to mark (`?highlight=`, see `MARKS_PARAM`) stay
    // on it.
    let here = move || {
        let path = location.pathname.get();
        (
            path.trim_end_matches('/').to_string(),
            without_marks(&location.search.get()),
        )
    };
    let start = untrack(here);
    Effect::new(move |_| {
        if here() != start {
            adopted.set(false);
        }
    });
    leptos::either::Either::Left(move || {
        if adopted.get()
            && let Some(page) = kept.borrow_mut().take()
        {
            let title = title.clone();
            crate::head::adopted_head(move || title.clone());
            return leptos::either::Either::Left(page);
        }
        leptos::either::Either::Right(untrack(&render))
    })
}

/// A query string (`a=1&highlight=x`, with or without its `?`) without its marks parameter.
fn without_marks(search: &str) -> String {
    search
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| {
            let name = pair.split_once('=').map_or(*pair, |(name, _)| name);
            !pair.is_empty() && name != MARKS_PARAM
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// For a route that renders its page itself from the start: the entry file's content goes.
pub fn discard() {
    let _ = adopt("", false);
}

/// The `[[nav]]` links of the entry file's header (title, href), until the index has loaded.
pub fn static_nav_links() -> Vec<(String, String)> {
    let Ok(links) = document().query_selector_all("body > header.site-header a[data-nav]") else {
        return Vec::new();
    };
    (0..links.length())
        .filter_map(|i| links.item(i)?.dyn_into::<Element>().ok())
        .map(|a| {
            let href = a.get_attribute("href").unwrap_or_default();
            (a.text_content().unwrap_or_default(), href)
        })
        .collect()
}

fn children(el: &Element) -> Vec<Node> {
    let list = el.child_nodes();
    (0..list.length()).filter_map(|i| list.item(i)).collect()
}

fn remove(node: &Node) {
    if let Some(parent) = node.parent_node() {
        let _ = parent.remove_child(node);
    }
}

/// Nodes already in the document, as a view: mounting leaves them where they are.
pub struct Adopted(SendWrapper<Vec<Node>>);

impl Adopted {
    fn new(nodes: Vec<Node>) -> Self {
        Adopted(SendWrapper::new(nodes))
    }
}

pub struct AdoptedState(Vec<Node>);

impl Mountable for AdoptedState {
    fn unmount(&mut self) {
        for node in &self.0 {
            remove(node);
        }
    }

    fn mount(&mut self, parent: &Element, marker: Option<&Node>) {
        // Still in the page: leave it there, whatever the view around it does.
        if self.0.first().is_some_and(Node::is_connected) {
            return;
        }
        for node in &self.0 {
            let _ = parent.insert_before(node, marker);
        }
    }

    fn insert_before_this(&self, child: &mut dyn Mountable) -> bool {
        let Some(first) = self.0.first() else {
            return false;
        };
        match first
            .parent_node()
            .and_then(|p| p.dyn_into::<Element>().ok())
        {
            Some(parent) => {
                child.mount(&parent, Some(first));
                true
            }
            None => false,
        }
    }

    fn elements(&self) -> Vec<Element> {
        self.0
            .iter()
            .filter_map(|n| n.clone().dyn_into::<Element>().ok())
            .collect()
    }
}

impl Render for Adopted {
    type State = AdoptedState;

    fn build(self) -> Self::State {
        AdoptedState(self.0.take())
    }

    fn rebuild(self, state: &mut Self::State) {
        let mut next = AdoptedState(self.0.take());
        if let Some(parent) = state
            .0
            .first()
            .and_then(Node::parent_node)
            .and_then(|p| p.dyn_into::<Element>().ok())
        {
            next.mount(&parent, state.0.first());
        }
        state.unmount();
        *state = next;
    }
}

/// A view whose children render into an element that is already in the document (the
/// builder's `<main>`), or into a new one when there is none.
pub struct InElement {
    el: SendWrapper<Element>,
    children: AnyView,
}

pub struct InElementState<S> {
    el: Element,
    children: S,
}

impl<S: Mountable> Mountable for InElementState<S> {
    fn unmount(&mut self) {
        self.children.unmount();
        self.el.remove();
    }

    fn mount(&mut self, parent: &Element, marker: Option<&Node>) {
        if !self.el.is_connected() {
            let _ = parent.insert_before(&self.el, marker);
        }
    }

    fn insert_before_this(&self, child: &mut dyn Mountable) -> bool {
        match self.el.parent_element() {
            Some(parent) => {
                child.mount(&parent, Some(self.el.as_ref()));
                true
            }
            None => false,
        }
    }

    fn elements(&self) -> Vec<Element> {
        vec![self.el.clone()]
    }
}

impl Render for InElement {
    type State = InElementState<<AnyView as Render>::State>;

    fn build(self) -> Self::State {
        let el = self.el.take();
        let mut children = self.children.build();
        children.mount(&el, None);
        InElementState { el, children }
    }

    fn rebuild(self, state: &mut Self::State) {
        self.children.rebuild(&mut state.children);
    }
}

/// A view that takes the place of an element the builder wrote (the header), in one step: the
/// new nodes go in just before it and it leaves, so nothing moves on screen. The search
/// box's focus, text and cursor carry over.
pub struct Replacing {
    old: Option<SendWrapper<Element>>,
    view: AnyView,
}

pub struct ReplacingState<S> {
    old: Option<Element>,
    view: S,
}

impl<S: Mountable> Mountable for ReplacingState<S> {
    fn unmount(&mut self) {
        self.view.unmount();
    }

    fn mount(&mut self, parent: &Element, marker: Option<&Node>) {
        let Some(old) = self.old.take().filter(|o| o.is_connected()) else {
            self.view.mount(parent, marker);
            return;
        };
        let Some(old_parent) = old.parent_element() else {
            self.view.mount(parent, marker);
            return;
        };
        let typing = focused_input(&old);
        self.view.mount(&old_parent, Some(old.as_ref()));
        old.remove();
        if let Some((value, start, end)) = typing {
            let new = self.view.elements().into_iter().find_map(|el| {
                el.query_selector("input[type=search]")
                    .ok()
                    .flatten()
                    .and_then(|i| i.dyn_into::<HtmlInputElement>().ok())
            });
            if let Some(input) = new {
                input.set_value(&value);
                // The app's box listens for `input` events: tell it what was typed.
                if let Ok(event) = web_sys::Event::new("input") {
                    let _ = input.dispatch_event(&event);
                }
                let _ = input.focus();
                let _ = input.set_selection_range(start, end);
            }
        }
    }

    fn insert_before_this(&self, child: &mut dyn Mountable) -> bool {
        self.view.insert_before_this(child)
    }

    fn elements(&self) -> Vec<Element> {
        self.view.elements()
    }
}

/// The text, cursor start and end of a focused search field inside `el`.
fn focused_input(el: &Element) -> Option<(String, u32, u32)> {
    let active = document().active_element()?;
    if !el.contains(Some(active.as_ref())) {
        return None;
    }
    let input = active.dyn_into::<HtmlInputElement>().ok()?;
    let value = input.value();
    let len = value.encode_utf16().count() as u32;
    let start = input.selection_start().ok().flatten().unwrap_or(len);
    let end = input.selection_end().ok().flatten().unwrap_or(len);
    Some((value, start, end))
}

impl Render for Replacing {
    type State = ReplacingState<<AnyView as Render>::State>;

    fn build(self) -> Self::State {
        ReplacingState {
            old: self.old.map(SendWrapper::take),
            view: self.view.build(),
        }
    }

    fn rebuild(self, state: &mut Self::State) {
        self.view.rebuild(&mut state.view);
    }
}

/// The routes inside the builder's `<main>`, or inside a new one on a page without it.
pub fn in_main<V: IntoView + 'static>(children: V) -> impl IntoView {
    match static_main_element() {
        Some(el) => leptos::either::Either::Left(InElement {
            el: SendWrapper::new(el),
            children: children.into_any(),
        }),
        None => leptos::either::Either::Right(view! {
            <main id="main" tabindex="-1">{children}</main>
        }),
    }
}

/// `view` in place of the first element matching `selector`, if the page has one.
pub fn replacing<V: IntoView + 'static>(selector: &str, view: V) -> impl IntoView {
    let old = document().query_selector(selector).ok().flatten();
    Replacing {
        old: old.map(SendWrapper::new),
        view: view.into_any(),
    }
}

/// The skip link the builder wrote, kept; or the app's own.
pub fn skip_link() -> impl IntoView {
    match document()
        .query_selector("body > a.skip-link")
        .ok()
        .flatten()
    {
        Some(link) => leptos::either::Either::Left(Adopted::new(vec![link.into()])),
        // target="_self" keeps the router out: the browser's own jump to #main also moves
        // focus there, so the next Tab starts in the content.
        None => leptos::either::Either::Right(view! {
            <a class="skip-link" href="#main" target="_self">
                "Skip to content"
            </a>
        }),
    }
}

// Only rendered in the browser: the server-side half of the view traits is never called.
macro_rules! client_only {
    ($ty:ty, $($gen:tt)*) => {
        impl<$($gen)*> AddAnyAttr for $ty {
            type Output<SomeNewAttr: Attribute> = Self;

            fn add_any_attr<NewAttr: Attribute>(self, _attr: NewAttr) -> Self::Output<NewAttr>
            where
                Self::Output<NewAttr>: RenderHtml,
            {
                self
            }
        }

        impl<$($gen)*> RenderHtml for $ty {
            type AsyncOutput = Self;
            type Owned = Self;

            const MIN_LENGTH: usize = 0;

            fn dry_resolve(&mut self) {}

            async fn resolve(self) -> Self::AsyncOutput {
                self
            }

            fn to_html_with_buf(
                self,
                _buf: &mut String,
                _position: &mut Position,
                _escape: bool,
                _mark_branches: bool,
                _extra_attrs: Vec<AnyAttribute>,
            ) {
            }

            fn hydrate<const FROM_SERVER: bool>(
                self,
                _cursor: &Cursor,
                _position: &PositionState,
            ) -> Self::State {
                self.build()
            }

            fn into_owned(self) -> Self::Owned {
                self
            }
        }
    };
}

client_only!(Adopted,);
client_only!(InElement,);
client_only!(Replacing,);

#[cfg(test)]
mod tests {
    use super::without_marks;

    #[test]
    fn marks_leave_the_query_as_it_was() {
        assert_eq!(without_marks(""), "");
        assert_eq!(without_marks("?highlight=rust+wasm"), "");
        assert_eq!(without_marks("?highlight"), "");
        assert_eq!(without_marks("?page=2&highlight=%E0%A4%A%ZZ%"), "page=2");
        assert_eq!(without_marks("page=2&highlights=x"), "page=2&highlights=x");
        assert_eq!(without_marks("?a=1&&b=2"), "a=1&b=2");
    }
}
