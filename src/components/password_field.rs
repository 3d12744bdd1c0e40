//! A password input with a show/hide toggle.

use leptos::prelude::*;
use leptos_i18n::I18nContext;

use crate::components::text_field::{described_by, FieldError};
use crate::i18n::*;

/// The message for a password field left empty.
pub fn required_error(i18n: I18nContext<Locale>, password: &str) -> Option<String> {
    password.is_empty().then(|| t_string!(i18n, password.required).to_string())
}

/// The message for a confirmation that does not repeat the password.
pub fn confirm_error(i18n: I18nContext<Locale>, password: &str, confirmation: &str) -> Option<String> {
    (password != confirmation).then(|| t_string!(i18n, password.mismatch).to_string())
}

/// A password input whose toggle button (`aria-pressed`) shows what was typed.
#[component]
pub fn PasswordField(
    #[prop(into)] id: String,
    #[prop(into)] label: Signal<String>,
    value: RwSignal<String>,
    #[prop(into, optional)] error: Signal<Option<String>>,
    /// `current-password` to sign in with, `new-password` to choose one.
    #[prop(default = "current-password")]
    autocomplete: &'static str,
    /// The id of a note that describes this field too, such as a strength meter.
    #[prop(into, optional)]
    described_by_also: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let shown = RwSignal::new(false);
    let describedby = described_by(&id, false, described_by_also.as_deref());
    view! {
        <div class="field">
            <label for=id.clone()>{move || label.get()}</label>
            <div class="password-row">
                <input
                    id=id.clone()
                    name=id.clone()
                    type=move || if shown.get() { "text" } else { "password" }
                    autocomplete=autocomplete
                    spellcheck="false"
                    autocapitalize="off"
                    data-testid=id.clone()
                    aria-invalid=move || error.with(Option::is_some).to_string()
                    aria-describedby=describedby
                    prop:value=value
                    on:input=move |event| value.set(event_target_value(&event))
                />
                <button
                    type="button"
                    class="password-toggle"
                    aria-controls=id.clone()
                    aria-pressed=move || shown.get().to_string()
                    data-testid=format!("{id}-toggle")
                    on:click=move |_| shown.update(|s| *s = !*s)
                >
                    {t!(i18n, password.show)}
                </button>
            </div>
            <FieldError field_id=id error />
        </div>
    }
}
