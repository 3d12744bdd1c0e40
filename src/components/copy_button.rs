use leptos::prelude::*;

use crate::i18n::*;

/// A button that puts `text` on the clipboard and says (politely, to screen readers too)
/// whether that worked; where the browser refuses, the reader can still select the text.
#[component]
pub fn CopyButton(
    #[prop(into)] text: String,
    #[prop(into)] label: Signal<String>,
    #[prop(optional, into)] testid: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let copied = RwSignal::new(None::<bool>);
    let text = StoredValue::new(text);
    let copy = move |_| {
        leptos::task::spawn_local(async move {
            let done = copy_text(&text.get_value()).await;
            copied.try_set(Some(done));
        });
    };
    let status = move || match copied.get() {
        Some(true) => t_string!(i18n, wallet.copied).to_string(),
        Some(false) => t_string!(i18n, wallet.copy_failed).to_string(),
        None => String::new(),
    };
    view! {
        <button type="button" class="copy-button" on:click=copy aria-label=move || label.get() data-testid=testid>
            {t!(i18n, wallet.copy)}
        </button>
        <span class="copy-status" role="status">{status}</span>
    }
}

/// Puts `text` on the clipboard; false where the browser refuses (no permission, no HTTPS).
pub async fn copy_text(text: &str) -> bool {
    let Some(window) = web_sys::window() else { return false };
    let promise = window.navigator().clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}
