//! Modal dialogs on the native `<dialog>` element: it keeps focus inside while open, makes the
//! page behind inert, closes on Escape and gives focus back to where it was.

use leptos::html::Dialog;
use leptos::prelude::*;

/// Shown as a modal while `open` is true. Escape calls `on_dismiss` (the owner closes it).
#[component]
pub fn Modal(
    #[prop(into)] open: Signal<bool>,
    on_dismiss: Callback<()>,
    /// The id of the dialog's heading, its accessible name.
    labelled_by: &'static str,
    testid: &'static str,
    children: Children,
) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    Effect::new(move |_| {
        let Some(element) = dialog.get() else { return };
        match (open.get(), element.open()) {
            (true, false) => drop(element.show_modal()),
            (false, true) => element.close(),
            _ => {}
        }
    });
    let on_cancel = move |event: leptos::ev::Event| {
        event.prevent_default();
        on_dismiss.run(());
    };
    view! {
        <dialog node_ref=dialog class="modal" aria-labelledby=labelled_by data-testid=testid on:cancel=on_cancel>
            {children()}
        </dialog>
    }
}

/// "Are you sure?": what will happen, and a button to go ahead or to cancel.
#[component]
pub fn ConfirmDialog(
    open: RwSignal<bool>,
    /// Prefix of the element ids, unique on the page.
    id: &'static str,
    #[prop(into)] title: Signal<String>,
    #[prop(into)] body: Signal<String>,
    #[prop(into)] confirm_label: Signal<String>,
    #[prop(into)] cancel_label: Signal<String>,
    on_confirm: Callback<()>,
) -> impl IntoView {
    let heading = id;
    let dismiss = Callback::new(move |_| open.set(false));
    let confirm = move |_| {
        open.set(false);
        on_confirm.run(());
    };
    view! {
        <Modal open=open on_dismiss=dismiss labelled_by=heading testid="confirm-dialog">
            <h2 id=heading>{title}</h2>
            <p>{body}</p>
            <div class="button-row">
                <button type="button" class="primary danger" on:click=confirm data-testid="confirm-yes">
                    {confirm_label}
                </button>
                <button type="button" on:click=move |_| dismiss.run(()) data-testid="confirm-no" autofocus>
                    {cancel_label}
                </button>
            </div>
        </Modal>
    }
}
