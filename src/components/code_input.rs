//! The input for a 6-digit code (e-mail verification, unlock, authenticator app).

use leptos::prelude::*;
use leptos_i18n::I18nContext;
use wallet_api::{ErrorCode, ErrorDetail};

use crate::api::ApiError;
use crate::components::error_notice::error_message;
use crate::components::text_field::{described_by, fill_in, hint_id, FieldError};
use crate::i18n::*;

pub const CODE_LENGTH: usize = 6;

/// What is kept of what was typed or pasted: the digits, at most six ("123 456" is fine).
pub fn code_digits(typed: &str) -> String {
    ascii_digits(typed).take(CODE_LENGTH).collect()
}

/// The digits of `typed`, full-width ones (a Chinese input method's `１２３`) made ASCII.
pub fn ascii_digits(typed: &str) -> impl Iterator<Item = char> + '_ {
    typed
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            other => other,
        })
        .filter(char::is_ascii_digit)
}

pub fn is_complete_code(code: &str) -> bool {
    code.len() == CODE_LENGTH && code.chars().all(|c| c.is_ascii_digit())
}

/// The message for a code that is not six digits yet, checked before sending.
pub fn code_format_error(i18n: I18nContext<Locale>, code: &str) -> Option<String> {
    (!is_complete_code(code)).then(|| t_string!(i18n, verify.code_format).to_string())
}

/// A code the server refused, said at the code field: with the tries left when it tells them.
pub fn code_error_message(i18n: I18nContext<Locale>, error: &ApiError) -> String {
    match error {
        ApiError::Server { error: body, .. } => match (body.code, &body.detail()) {
            (ErrorCode::InvalidCode, Some(ErrorDetail::TriesLeft { tries })) => {
                fill_in(t_string!(i18n, verify.invalid_code_tries), "tries", tries)
            }
            _ => error_message(i18n, error),
        },
        _ => error_message(i18n, error),
    }
}

/// Six digits, typed or pasted (spaces and dashes are dropped), with the one-time-code
/// autofill of phones.
#[component]
pub fn CodeInput(
    #[prop(into)] id: String,
    #[prop(into)] label: Signal<String>,
    value: RwSignal<String>,
    #[prop(into, optional)] error: Signal<Option<String>>,
    #[prop(into, optional)] hint: Option<Signal<String>>,
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
                class="code-input"
                type="text"
                inputmode="numeric"
                autocomplete="one-time-code"
                pattern="[0-9]*"
                maxlength="12"
                spellcheck="false"
                data-testid=id.clone()
                aria-invalid=move || error.with(Option::is_some).to_string()
                aria-describedby=describedby
                prop:value=value
                on:input=move |event| value.set(code_digits(&event_target_value(&event)))
            />
            <FieldError field_id=id error />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_and_dashes_in_a_pasted_code_are_dropped() {
        assert_eq!(code_digits(" 123 456 "), "123456");
        assert_eq!(code_digits("123-456"), "123456");
    }

    #[test]
    fn full_width_digits_from_a_chinese_input_method_count_as_digits() {
        assert_eq!(code_digits("１２３４５６"), "123456");
    }

    #[test]
    fn a_code_keeps_at_most_six_digits() {
        assert_eq!(code_digits("1234567890"), "123456");
    }

    #[test]
    fn only_six_digits_make_a_complete_code() {
        assert!(is_complete_code("012345"));
        assert!(!is_complete_code("12345"));
        assert!(!is_complete_code("12345a"));
        assert!(!is_complete_code(""));
    }
}
