//! What the app's forms share: checks of what was typed (the same rules as the server's,
//! so most mistakes are caught before sending) and moving focus to the first field at fault.

use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::hooks::use_query_map;
use std::sync::Arc;
use wallet_api::{ErrorCode, ErrorDetail};
use wasm_bindgen::JsCast;

use crate::api::ApiError;
use crate::components::code_input::is_complete_code;
use crate::components::error_notice::error_message;
use crate::components::strength_meter::{new_password_problems, weak_password_message};
use crate::components::text_field::fill_in;
use crate::i18n::*;

pub const PHONE_MIN_DIGITS: usize = 6;
pub const PHONE_MAX_DIGITS: usize = 20;
pub const DISPLAY_NAME_MAX_CHARS: usize = 60;

/// Looks like an address mail could be sent to: `name@domain.tld`, no spaces.
pub fn is_plausible_email(email: &str) -> bool {
    let email = email.trim();
    let Some((local, domain)) = email.split_once('@') else { return false };
    !local.is_empty()
        && email.len() <= 254
        && !email.chars().any(char::is_whitespace)
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
}

/// Digits, spaces and dashes, with an optional leading `+`; 6 to 20 digits.
pub fn is_valid_phone(phone: &str) -> bool {
    let phone = phone.trim();
    let rest = phone.strip_prefix('+').unwrap_or(phone);
    let allowed = rest.chars().all(|c| c.is_ascii_digit() || c == ' ' || c == '-');
    let digits = rest.chars().filter(char::is_ascii_digit).count();
    allowed && (PHONE_MIN_DIGITS..=PHONE_MAX_DIGITS).contains(&digits)
}

/// 1 to 60 characters once the spaces around it are trimmed.
pub fn is_valid_display_name(name: &str) -> bool {
    (1..=DISPLAY_NAME_MAX_CHARS).contains(&name.trim().chars().count())
}

/// Exactly four digits: the end of the registered phone number.
pub fn is_phone_last4(digits: &str) -> bool {
    digits.len() == 4 && digits.chars().all(|c| c.is_ascii_digit())
}

/// `alice@example.com` as `al***@example.com`, for "we sent a code to ..." (as the server
/// masks it).
pub fn mask_email(email: &str) -> String {
    match email.trim().split_once('@') {
        Some((local, domain)) => {
            let shown: String = local.chars().take(2).collect();
            format!("{shown}***@{domain}")
        }
        None => String::new(),
    }
}

/// Whole minutes to wait, rounded up, at least one.
pub fn minutes_to_wait(seconds: i64) -> i64 {
    ((seconds + 59) / 60).max(1)
}

/// A message to show, written out only when shown, so it follows a change of language.
#[derive(Clone)]
pub struct Say(Arc<dyn Fn(I18nContext<Locale>) -> String + Send + Sync>);

impl Say {
    pub fn new(write: impl Fn(I18nContext<Locale>) -> String + Send + Sync + 'static) -> Say {
        Say(Arc::new(write))
    }

    /// What went wrong with a call, as `error_message` says it.
    pub fn error(error: ApiError) -> Say {
        Say::new(move |i18n| error_message(i18n, &error))
    }

    pub fn text(&self, i18n: I18nContext<Locale>) -> String {
        (self.0)(i18n)
    }
}

/// A field's message (or none), for the `error` of a field component.
pub type Message = RwSignal<Option<Say>>;

/// The message in the reader's current language.
pub fn in_language(i18n: I18nContext<Locale>, message: Message) -> Signal<Option<String>> {
    Signal::derive(move || message.get().map(|say| say.text(i18n)))
}

/// A refused request said at the form: how long to wait when rate limited, else what the
/// error code says.
pub fn refusal(error: ApiError) -> Say {
    let wait = match &error {
        ApiError::Server { error: body, .. } if body.code == ErrorCode::RateLimited => match body.detail() {
            Some(ErrorDetail::RetryAfter { seconds }) => Some(minutes_to_wait(seconds)),
            _ => None,
        },
        _ => None,
    };
    match wait {
        Some(1) => Say::new(|i18n| t_string!(i18n, sign_in.rate_limited_minute).to_string()),
        Some(minutes) => Say::new(move |i18n| fill_in(t_string!(i18n, sign_in.rate_limited_minutes), "minutes", minutes)),
        None => Say::error(error),
    }
}

/// The e-mail check before sending.
pub fn email_problem(email: &str) -> Option<Say> {
    (!is_plausible_email(email)).then(|| Say::new(|i18n| t_string!(i18n, sign_up.email_invalid).to_string()))
}

/// The check of a 6-digit code before sending.
pub fn code_problem(code: &str) -> Option<Say> {
    (!is_complete_code(code)).then(|| Say::new(|i18n| t_string!(i18n, verify.code_format).to_string()))
}

/// The checks of a new password and its confirmation, before sending: the messages for the
/// password field and for the confirmation field.
pub fn new_password_check(password: &str, confirmation: &str, personal: &[String]) -> (Option<Say>, Option<Say>) {
    let password_problem = if password.is_empty() {
        Some(Say::new(|i18n| t_string!(i18n, password.required).to_string()))
    } else {
        new_password_problems(password, personal).map(|problems| Say::new(move |i18n| weak_password_message(i18n, &problems)))
    };
    let confirmation_problem = (password_problem.is_none() && password != confirmation)
        .then(|| Say::new(|i18n| t_string!(i18n, password.mismatch).to_string()));
    (password_problem, confirmation_problem)
}

/// The way back to a flow's first step (another e-mail address, another account), under a
/// later step's form. It clears the form's message first.
#[component]
pub fn StartAgain(
    #[prop(into)] label: Signal<String>,
    alert: Message,
    #[prop(into)] on_start_again: Callback<()>,
) -> impl IntoView {
    view! {
        <p>
            <button
                type="button"
                class="link-button"
                on:click=move |_| {
                    alert.set(None);
                    on_start_again.run(());
                }
            >
                {label}
            </button>
        </p>
    }
}

/// A problem with the whole form (not one field), announced as it appears.
#[component]
pub fn FormAlert(message: Message, #[prop(into)] testid: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div role="alert" class="form-alert">
            {move || {
                message
                    .get()
                    .map(|say| view! { <p class="notice notice-error" data-testid=testid.clone()>{move || say.text(i18n)}</p> })
            }}
        </div>
    }
}

/// The value of `key` in the page's query, as the page opened.
pub fn query_value(key: &str) -> Option<String> {
    use_query_map().get_untracked().get(key).filter(|v| !v.is_empty())
}

/// After a refused submit, takes keyboard (and screen reader) focus to the first field at
/// fault, once the messages are on the page.
pub fn focus_first_invalid() {
    focus_when_shown("main [aria-invalid=\"true\"]", false);
}

/// After a step of a form is done, takes focus to the next step's heading (marked
/// `data-step-heading`, with `tabindex="-1"`), so the step change is read out and keyboard
/// users go on from there.
pub fn focus_step() {
    focus_when_shown("main [data-step-heading]", true);
}

fn focus_when_shown(selector: &'static str, to_top: bool) {
    request_animation_frame(move || {
        let element = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(selector).ok().flatten())
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(element) = element {
            let _ = element.focus();
            // A step's heading goes to the top of a phone's screen, its card below it in view.
            if to_top {
                element.scroll_into_view_with_bool(true);
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ordinary_address_is_plausible() {
        assert!(is_plausible_email("li.wei@example.com"));
        assert!(is_plausible_email("  li.wei+wallet@mail.example.cn "));
    }

    #[test]
    fn an_address_without_a_domain_or_with_spaces_is_refused() {
        for bad in ["", "li.wei", "li.wei@", "@example.com", "li wei@example.com", "li@example", "li@@example.com", "li@example..com", "li@.example.com"] {
            assert!(!is_plausible_email(bad), "{bad}");
        }
    }

    #[test]
    fn a_phone_with_spaces_dashes_and_a_leading_plus_is_accepted() {
        assert!(is_valid_phone("+86 138-0013-8000"));
        assert!(is_valid_phone("13800138000"));
        assert!(is_valid_phone("123456"));
    }

    #[test]
    fn a_phone_without_digits_is_refused() {
        assert!(!is_valid_phone(""));
        assert!(!is_valid_phone("+ - -"));
    }

    #[test]
    fn a_phone_with_too_few_or_too_many_digits_or_letters_is_refused() {
        assert!(!is_valid_phone("12345"));
        assert!(!is_valid_phone("123456789012345678901"));
        assert!(!is_valid_phone("138 0013 800a"));
        assert!(!is_valid_phone("138+0013800"));
        assert!(!is_valid_phone("(138) 0013 8000"));
    }

    #[test]
    fn a_display_name_has_one_to_sixty_characters_after_trimming() {
        assert!(is_valid_display_name("李伟"));
        assert!(is_valid_display_name(&"字".repeat(60)));
        assert!(!is_valid_display_name("   "));
        assert!(!is_valid_display_name(&"字".repeat(61)));
    }

    #[test]
    fn the_phone_ending_is_exactly_four_digits() {
        assert!(is_phone_last4("0042"));
        assert!(!is_phone_last4("042"));
        assert!(!is_phone_last4("00421"));
        assert!(!is_phone_last4("00a2"));
    }

    #[test]
    fn a_masked_address_keeps_the_first_two_letters_and_the_domain() {
        assert_eq!(mask_email("alice@example.com"), "al***@example.com");
        assert_eq!(mask_email("李伟明@example.cn"), "李伟***@example.cn");
        assert_eq!(mask_email("nonsense"), "");
    }

    #[test]
    fn a_wait_is_rounded_up_to_whole_minutes() {
        assert_eq!(minutes_to_wait(1), 1);
        assert_eq!(minutes_to_wait(60), 1);
        assert_eq!(minutes_to_wait(61), 2);
        assert_eq!(minutes_to_wait(0), 1);
    }
}
