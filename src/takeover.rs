//! How the app replaces a pre-rendered page without a blank moment or a second paint.
//!
//! A pre-rendered page (help, hotline, the public account pages) is readable before the wasm
//! arrives. The app is mounted into a root outside the document and put in, in the same task as
//! the pre-rendered markup is removed, once the page's own view has rendered (its area's chunk fetched): the reader never
//! sees the page emptied, nor the layout move while the chunk loads, and the markup the app
//! shows is the pre-renderer's (same components, same data), so nothing is painted larger than
//! before.
//!
//! Pages that were not pre-rendered (the server answered the empty shell) mount at once.

use std::cell::RefCell;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::session::{use_session, SessionState};

/// The attribute on `<html>` that says the page is now the live app (tests and styles read it).
const STARTED: &str = "data-app";

/// How long the pre-rendered page waits for the app's view before the app is shown anyway (a
/// chunk that cannot load must not leave a page that never comes alive).
const LONGEST_WAIT_MS: i32 = 8_000;

thread_local! {
    /// The root the app was mounted in, until it is put into the document.
    static STAGED: RefCell<Option<web_sys::HtmlElement>> = const { RefCell::new(None) };
}

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// Whether the page the browser received was pre-rendered (it carries its data).
pub fn page_was_prerendered() -> bool {
    document().and_then(|d| d.get_element_by_id(crate::prerendered::ELEMENT_ID)).is_some()
}

/// Mounts the app: off the document while a pre-rendered page is shown, until `reveal`;
/// otherwise into `<body>`.
pub fn mount<F, N>(app: F)
where
    F: FnOnce() -> N + 'static,
    N: IntoView,
{
    let staged = page_was_prerendered().then(stage_root).flatten();
    match staged {
        Some(root) => {
            STAGED.with(|s| *s.borrow_mut() = Some(root.clone()));
            leptos::mount::mount_to(root, app).forget();
            let reveal_anyway = wasm_bindgen::closure::Closure::once_into_js(reveal);
            if let Some(window) = web_sys::window() {
                let _ = window
                    .set_timeout_with_callback_and_timeout_and_arguments_0(reveal_anyway.unchecked_ref(), LONGEST_WAIT_MS);
            }
        }
        None => {
            leptos::mount::mount_to_body(app);
            mark_started();
        }
    }
}

/// A `<div>` for the app, kept out of the document until `reveal` (so the page never holds
/// two copies of anything, not even hidden ones), then shown as if its children were the
/// body's own (`display: contents`).
fn stage_root() -> Option<web_sys::HtmlElement> {
    let root: web_sys::HtmlElement = document()?.create_element("div").ok()?.dyn_into().ok()?;
    root.set_class_name("app-root");
    root.style().set_property("display", "contents").ok()?;
    Some(root)
}

/// Shows the app in place of the pre-rendered page, if it is not shown yet: the pre-rendered
/// markup is removed and the app's root put in in one task, so one paint has the new page.
pub fn reveal() {
    let Some(root) = STAGED.with(|s| s.borrow_mut().take()) else { return };
    let typed = typed_so_far();
    if let Some(body) = document().and_then(|d| d.body()) {
        let children = body.children();
        let prerendered: Vec<web_sys::Element> = (0..children.length()).filter_map(|i| children.item(i)).collect();
        for element in prerendered {
            element.remove();
        }
        let _ = body.append_child(&root);
    }
    typed.carry_over();
    mark_started();
}

/// What the reader typed into the pre-rendered page's fields, and where the focus was.
struct Typed {
    fields: Vec<(String, String)>,
    focused: Option<String>,
}

fn typed_so_far() -> Typed {
    let Some(document) = document() else { return Typed { fields: Vec::new(), focused: None } };
    let mut fields = Vec::new();
    if let Ok(inputs) = document.query_selector_all("body input[id], body textarea[id]") {
        for i in 0..inputs.length() {
            let Some(node) = inputs.item(i) else { continue };
            if let Some(input) = node.dyn_ref::<web_sys::HtmlInputElement>() {
                if input.value() != input.default_value() {
                    fields.push((input.id(), input.value()));
                }
            } else if let Some(area) = node.dyn_ref::<web_sys::HtmlTextAreaElement>() {
                if Ok(area.value()) != area.default_value() {
                    fields.push((area.id(), area.value()));
                }
            }
        }
    }
    let focused = document.active_element().map(|e| e.id()).filter(|id| !id.is_empty());
    Typed { fields, focused }
}

impl Typed {
    /// Puts what was typed into the app's fields of the same id (as input events, so the app's
    /// state follows) and the focus back where it was.
    fn carry_over(self) {
        let Some(document) = document() else { return };
        for (id, value) in self.fields {
            let Some(element) = document.get_element_by_id(&id) else { continue };
            if let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() {
                input.set_value(&value);
            } else if let Some(area) = element.dyn_ref::<web_sys::HtmlTextAreaElement>() {
                area.set_value(&value);
            } else {
                continue;
            }
            if let Ok(event) = web_sys::Event::new_with_event_init_dict("input", &{
                let init = web_sys::EventInit::new();
                init.set_bubbles(true);
                init
            }) {
                let _ = element.dispatch_event(&event);
            }
        }
        let focus = self.focused.and_then(|id| document.get_element_by_id(&id));
        if let Some(element) = focus.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = element.focus();
        }
    }
}

/// Shows the app once the view it is placed in has rendered (an effect runs after its view is
/// in the document) and the header knows whether the reader is signed in: a signed-out
/// reader's header is then the pre-rendered one, so nothing on the page moves.
#[component]
pub fn RevealWhenRendered() -> impl IntoView {
    let session = use_session();
    Effect::new(move |_| {
        if session.state() != SessionState::Unknown {
            reveal();
        }
    });
}

fn mark_started() {
    if let Some(root) = document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute(STARTED, "started");
    }
}
