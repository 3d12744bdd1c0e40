//! A labelled form field with its error message underneath, the pattern every account form
//! uses: `<label for>`, `aria-invalid` while there is an error, `aria-describedby` pointing at
//! the message (and at any hint), and the message announced politely as it appears.

use leptos::prelude::*;

/// The id of the message under the field `field_id`.
pub fn error_id(field_id: &str) -> String {
    format!("{field_id}-error")
}

/// The id of the hint under the field `field_id`.
pub fn hint_id(field_id: &str) -> String {
    format!("{field_id}-hint")
}

/// `aria-describedby` of a field: its hint and extra notes, then its error message.
pub fn described_by(field_id: &str, has_hint: bool, extra: Option<&str>) -> String {
    let mut ids = Vec::new();
    if has_hint {
        ids.push(hint_id(field_id));
    }
    ids.extend(extra.map(str::to_string));
    ids.push(error_id(field_id));
    ids.join(" ")
}

/// `text` with `{name}` replaced by `value`. leptos_i18n interpolates `{{ name }}` into views
/// only (plain strings need its `interpolate_display` option, which build.rs does not set), so
/// the few messages that are plain strings with a number in them (a field's error) mark the
/// number `{name}` and are filled here.
pub fn fill_in(text: &str, name: &str, value: impl std::fmt::Display) -> String {
    text.replace(&format!("{{{name}}}"), &value.to_string())
}

/// The message under a field; empty (and silent) while there is nothing wrong.
#[component]
pub fn FieldError(#[prop(into)] field_id: String, error: Signal<Option<String>>) -> impl IntoView {
    view! {
        <p id=error_id(&field_id) class="field-error" aria-live="polite" data-testid=error_id(&field_id)>
            {move || error.get()}
        </p>
    }
}

/// A text input with its label, optional hint and error message.
#[component]
pub fn TextField(
    #[prop(into)] id: String,
    #[prop(into)] label: Signal<String>,
    value: RwSignal<String>,
    #[prop(into, optional)] error: Signal<Option<String>>,
    #[prop(into, optional)] hint: Option<Signal<String>>,
    /// `text`, `email`, `tel`...
    #[prop(default = "text")]
    input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] maxlength: Option<u32>,
    /// Told the value when the user has finished editing it (`change`: on blur).
    #[prop(optional)]
    on_change: Option<Callback<String>>,
) -> impl IntoView {
    let describedby = described_by(&id, hint.is_some(), None);
    let hint_view = hint.map(|hint| view! { <p id=hint_id(&id) class="field-hint">{move || hint.get()}</p> });
    view! {
        <div class="field">
            <label for=id.clone()>{move || label.get()}</label>
            {hint_view}
            <input
                id=id.clone()
                name=id.clone()
                type=input_type
                autocomplete=autocomplete
                inputmode=inputmode
                maxlength=maxlength
                data-testid=id.clone()
                aria-invalid=move || error.with(Option::is_some).to_string()
                aria-describedby=describedby
                prop:value=value
                on:input=move |event| value.set(event_target_value(&event))
                on:change=move |event| {
                    if let Some(callback) = on_change {
                        callback.run(event_target_value(&event));
                    }
                }
            />
            <FieldError field_id=id error />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marked_number_is_filled_in() {
        assert_eq!(fill_in("Tries left: {tries}.", "tries", 3), "Tries left: 3.");
        assert_eq!(fill_in("剩余尝试次数：{tries}。", "tries", 2), "剩余尝试次数：2。");
    }

    #[test]
    fn a_field_is_described_by_its_hint_and_notes_before_its_error() {
        assert_eq!(described_by("pw", true, Some("pw-strength")), "pw-hint pw-strength pw-error");
        assert_eq!(described_by("code", false, None), "code-error");
    }
}

/// An e-mail address field: the shared label, the e-mail keyboard, the browser's autofill.
#[component]
pub fn EmailField(
    #[prop(into)] id: String,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    view! {
        <TextField
            id=id
            label=move || crate::i18n::t_string!(i18n, password.email_label)
            value=value
            error=error
            input_type="email"
            autocomplete="email"
        />
    }
}
