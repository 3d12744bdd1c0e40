//! The lock check of the "I can't sign in" wizard: the registered e-mail and the last 4 digits
//! of the registered phone in, the account's lock state out (locked: why, until when and
//! "Unlock now"; not locked: the wizard goes on).
//!
//! Both details are asked so that nobody can use the check to find out whether someone else
//! has an account: without the right digits, the server gives the same "could not confirm"
//! answer as for an address with no account.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use wallet_api::{ErrorCode, ErrorDetail, LockReason, LockStatus, LockStatusRequest};

use crate::api::{self, ApiError};
use crate::components::error_notice::error_message;
use crate::i18n::*;
use crate::prefs::lang_of;
use crate::routes::Page;
use crate::session::use_session;
use crate::time;

/// Which details are not worth sending (checked again by the server).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Problems {
    pub email: bool,
    pub digits: bool,
}

/// The request for these details, or what is wrong with them.
pub fn lock_status_request(email: &str, digits: &str) -> Result<LockStatusRequest, Problems> {
    let email = email.trim();
    let digits = ascii_digits(digits);
    let problems = Problems {
        email: !looks_like_email(email),
        digits: digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()),
    };
    if problems == Problems::default() {
        Ok(LockStatusRequest { email: email.to_string(), phone_last4: digits })
    } else {
        Err(problems)
    }
}

fn looks_like_email(email: &str) -> bool {
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && !domain.is_empty() && !domain.contains('@') && !email.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// The digits as typed, spaces dropped and full-width digits (a Chinese input method's
/// `１２３４`) made ASCII.
fn ascii_digits(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            other => other,
        })
        .collect()
}

/// A retry delay in whole minutes, rounded up: "try again in 0 minutes" would be wrong.
pub fn retry_minutes(seconds: i64) -> i64 {
    ((seconds + 59) / 60).max(1)
}

fn retry_after(error: &ApiError) -> Option<i64> {
    match error {
        ApiError::Server { error, .. } if error.code == ErrorCode::RateLimited => match error.detail {
            Some(ErrorDetail::RetryAfter { seconds }) => Some(seconds),
            _ => None,
        },
        _ => None,
    }
}

/// The check; `on_not_locked` continues the wizard.
#[component]
pub fn LockCheckStep(#[prop(into)] on_not_locked: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <section class="card wizard-step lock-check" data-testid="lock-check" aria-labelledby="lock-check-heading">
            <h2 id="lock-check-heading">{t!(i18n, lock_check.heading)}</h2>
            {move || {
                if session.is_signed_in() {
                    view! { <SignedIn on_not_locked /> }.into_any()
                } else {
                    view! { <LockCheckForm on_not_locked /> }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn SignedIn(on_not_locked: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div data-testid="lock-check-signed-in">
            <p>{t!(i18n, lock_check.signed_in)}</p>
            <div class="button-row">
                <button type="button" class="primary" on:click=move |_| on_not_locked.run(())>
                    {t!(i18n, lock_check.continue_wizard)}
                </button>
                <A href=Page::Security.path()>{t!(i18n, lock_check.security_checkup)}</A>
            </div>
        </div>
    }
}

#[component]
fn LockCheckForm(on_not_locked: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let email = RwSignal::new(String::new());
    let digits = RwSignal::new(String::new());
    let problems = RwSignal::new(Problems::default());
    let check = Action::new_local(|request: &LockStatusRequest| {
        let request = request.clone();
        async move { (request.email.clone(), api::lock_status(request).await) }
    });
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        match lock_status_request(&email.get_untracked(), &digits.get_untracked()) {
            Ok(request) => {
                problems.set(Problems::default());
                check.dispatch(request);
            }
            Err(found) => problems.set(found),
        }
    };
    // The server's own verdict on a field counts as much as ours.
    let server_blames = move |field: &str| {
        check.value().with(|v| matches!(v, Some((_, Err(error))) if error.field() == Some(field)))
    };
    let email_invalid = move || problems.get().email || server_blames("email");
    let digits_invalid = move || problems.get().digits || server_blames("phone_last4");
    let answer = move || match check.value().get() {
        Some((email, Ok(status))) => view! { <LockAnswer status email on_not_locked /> }.into_any(),
        _ => ().into_any(),
    };
    let error = move || match check.value().get() {
        Some((_, Err(error))) => {
            let message = match retry_after(&error) {
                Some(seconds) => {
                    let minutes = retry_minutes(seconds);
                    t!(i18n, lock_check.rate_limited, minutes).into_any()
                }
                None => error_message(i18n, &error).into_any(),
            };
            view! { <p class="notice notice-error" role="alert" data-testid="lock-check-error">{message}</p> }.into_any()
        }
        _ => ().into_any(),
    };

    view! {
        <p>{t!(i18n, lock_check.intro)}</p>
        <p class="muted">{t!(i18n, lock_check.why_both)}</p>
        <form class="stack" on:submit=on_submit novalidate>
            <label for="lock-check-email">{t!(i18n, lock_check.email_label)}</label>
            <input
                id="lock-check-email"
                type="email"
                autocomplete="email"
                aria-describedby="lock-check-email-error"
                aria-invalid=move || email_invalid().to_string()
                prop:value=email
                on:input=move |e| email.set(event_target_value(&e))
                data-testid="lock-check-email"
            />
            <p id="lock-check-email-error" class="field-error">
                {move || email_invalid().then(|| t_string!(i18n, lock_check.email_invalid).to_string())}
            </p>
            <label for="lock-check-phone">{t!(i18n, lock_check.phone_label)}</label>
            <input
                id="lock-check-phone"
                type="text"
                inputmode="numeric"
                autocomplete="off"
                maxlength="4"
                aria-describedby="lock-check-phone-hint lock-check-phone-error"
                aria-invalid=move || digits_invalid().to_string()
                prop:value=digits
                on:input=move |e| digits.set(event_target_value(&e))
                data-testid="lock-check-phone"
            />
            <p id="lock-check-phone-hint" class="muted">{t!(i18n, lock_check.phone_hint)}</p>
            <p id="lock-check-phone-error" class="field-error">
                {move || digits_invalid().then(|| t_string!(i18n, lock_check.phone_invalid).to_string())}
            </p>
            <div class="button-row">
                <button type="submit" class="primary" disabled=move || check.pending().get() data-testid="lock-check-submit">
                    {move || if check.pending().get() { t_string!(i18n, lock_check.checking) } else { t_string!(i18n, lock_check.check) }}
                </button>
            </div>
        </form>
        {error}
        <div aria-live="polite" data-testid="lock-check-result">{answer}</div>
    }
}

/// What the server confirmed, with the way on from there.
#[component]
fn LockAnswer(status: LockStatus, email: String, on_not_locked: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    match status {
        LockStatus::Locked { reason, until } => {
            let reason = move || match reason {
                LockReason::FailedAttempts => t_string!(i18n, lock_check.reason_failed_attempts),
                LockReason::ReportedSignIn => t_string!(i18n, lock_check.reason_reported_sign_in),
            };
            let until = move || time::format_timestamp(lang(), until);
            view! {
                <div class="card" data-testid="lock-check-locked">
                    <h3>{t!(i18n, lock_check.locked_heading)}</h3>
                    <p>{reason}</p>
                    <p>{t!(i18n, lock_check.locked_until, time = until)}</p>
                    <p>{t!(i18n, lock_check.locked_unlock)}</p>
                    <A href=Page::Unlock.with_query(&[("email", &email)]) attr:class="button" attr:data-testid="lock-check-unlock">
                        {t!(i18n, lock_check.unlock_now)}
                    </A>
                </div>
            }
            .into_any()
        }
        LockStatus::NotLocked => view! {
            <div class="card" data-testid="lock-check-not-locked">
                <h3>{t!(i18n, lock_check.not_locked_heading)}</h3>
                <p>{t!(i18n, lock_check.not_locked)}</p>
                <div class="button-row">
                    <button type="button" class="primary" on:click=move |_| on_not_locked.run(()) data-testid="lock-check-continue">
                        {t!(i18n, lock_check.continue_wizard)}
                    </button>
                </div>
                <ul>
                    <li><A href=Page::ForgotPassword.path()>{t!(i18n, lock_check.forgot_password)}</A></li>
                    <li><A href=Page::HelpArticle("two-factor-authentication".into()).path()>{t!(i18n, lock_check.two_factor_help)}</A></li>
                </ul>
            </div>
        }
        .into_any(),
        LockStatus::EmailNotVerified => view! {
            <div class="card" data-testid="lock-check-unverified">
                <h3>{t!(i18n, lock_check.unverified_heading)}</h3>
                <p>{t!(i18n, lock_check.unverified)}</p>
                <A href=Page::VerifyEmail.with_query(&[("email", &email)]) attr:class="button">
                    {t!(i18n, lock_check.verify_email)}
                </A>
            </div>
        }
        .into_any(),
        LockStatus::Unconfirmed => view! {
            <div class="card" data-testid="lock-check-unconfirmed">
                <h3>{t!(i18n, lock_check.unconfirmed_heading)}</h3>
                <p>{t!(i18n, lock_check.unconfirmed)}</p>
                <ul>
                    <li>{t!(i18n, lock_check.try_details)}</li>
                    <li>
                        {t!(i18n, lock_check.try_unlock)} " "
                        <A href=Page::Unlock.path()>{t!(i18n, lock_check.self_service_unlock)}</A>
                    </li>
                    <li>
                        {t!(i18n, lock_check.try_hotline)} " "
                        <A href=Page::Contact.path()>{t!(i18n, lock_check.contact)}</A>
                    </li>
                </ul>
            </div>
        }
        .into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_and_four_digits_make_a_request() {
        let request = lock_status_request("  someone@example.test ", "0 4 2 7").unwrap();
        assert_eq!(request, LockStatusRequest { email: "someone@example.test".into(), phone_last4: "0427".into() });
    }

    #[test]
    fn full_width_digits_count_as_digits() {
        assert_eq!(lock_status_request("a@b", "１２３４").unwrap().phone_last4, "1234");
    }

    #[test]
    fn an_address_without_an_at_sign_is_refused() {
        assert_eq!(lock_status_request("someone", "1234"), Err(Problems { email: true, digits: false }));
        assert_eq!(lock_status_request("", "1234"), Err(Problems { email: true, digits: false }));
        assert_eq!(lock_status_request("some one@b", "1234"), Err(Problems { email: true, digits: false }));
    }

    #[test]
    fn anything_but_exactly_four_digits_is_refused() {
        for digits in ["", "123", "12345", "12a4", "-123"] {
            assert_eq!(lock_status_request("a@b", digits), Err(Problems { email: false, digits: true }), "{digits}");
        }
    }

    #[test]
    fn a_retry_delay_is_whole_minutes_rounded_up() {
        assert_eq!(retry_minutes(0), 1);
        assert_eq!(retry_minutes(60), 1);
        assert_eq!(retry_minutes(61), 2);
        assert_eq!(retry_minutes(900), 15);
    }

    #[test]
    fn only_a_rate_limit_with_a_delay_gives_a_retry_time() {
        let limited = wallet_api::ApiError::new(ErrorCode::RateLimited, "slow down")
            .with_detail(ErrorDetail::RetryAfter { seconds: 120 });
        assert_eq!(retry_after(&ApiError::Server { status: 429, error: limited }), Some(120));
        let bare = wallet_api::ApiError::new(ErrorCode::RateLimited, "slow down");
        assert_eq!(retry_after(&ApiError::Server { status: 429, error: bare }), None);
        assert_eq!(retry_after(&ApiError::Network), None);
    }
}
