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
use wallet_api::{LockReason, LockStatus, LockStatusRequest};

use crate::api;
use crate::components::code_input::ascii_digits;
use crate::components::form::{
    email_problem, focus_first_invalid, in_language, is_phone_last4, is_plausible_email, refusal, FormAlert, Message, Say,
};
use crate::components::text_field::{EmailField, TextField};
use crate::i18n::*;
use crate::prefs::lang_of;
use crate::routes::Page;
use crate::session::use_session;
use crate::time;

/// Which details are not worth sending (the server checks them again).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Problems {
    pub email: bool,
    pub digits: bool,
}

/// The request for these details, or what is wrong with them. Full-width digits (a Chinese
/// input method's `１２３４`) count as digits.
pub fn lock_status_request(email: &str, digits: &str) -> Result<LockStatusRequest, Problems> {
    let email = email.trim();
    let digits: String = ascii_digits(digits).collect();
    let problems = Problems { email: !is_plausible_email(email), digits: !is_phone_last4(&digits) };
    if problems == Problems::default() {
        Ok(LockStatusRequest { email: email.to_string(), phone_last4: digits })
    } else {
        Err(problems)
    }
}

fn digits_problem() -> Say {
    Say::new(|i18n| t_string!(i18n, lock_check.phone_invalid).to_string())
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
    let email_message: Message = RwSignal::new(None);
    let digits_message: Message = RwSignal::new(None);
    let alert: Message = RwSignal::new(None);
    // The address checked, with the state the server confirmed for it.
    let answer = RwSignal::new(None::<(String, LockStatus)>);
    let check = Action::new_local(move |request: &LockStatusRequest| {
        let request = request.clone();
        async move {
            let checked = request.email.clone();
            match api::lock_status(request).await {
                Ok(status) => answer.set(Some((checked, status))),
                // Rate limited ("try again in N minutes"), offline, or anything else.
                Err(error) => alert.set(Some(refusal(error))),
            }
        }
    });
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        alert.set(None);
        answer.set(None);
        let typed_email = email.get_untracked();
        email_message.set(email_problem(&typed_email));
        match lock_status_request(&typed_email, &digits.get_untracked()) {
            Ok(request) => {
                digits_message.set(None);
                check.dispatch(request);
            }
            Err(problems) => {
                digits_message.set(problems.digits.then(digits_problem));
                focus_first_invalid();
            }
        }
    };
    let answer_view = move || {
        answer.get().map(|(email, status)| view! { <LockAnswer status email on_not_locked /> })
    };

    view! {
        <p>{t!(i18n, lock_check.intro)}</p>
        <p class="muted">{t!(i18n, lock_check.why_both)}</p>
        <form class="account-form" method="post" on:submit=on_submit novalidate data-testid="lock-check-form">
            <EmailField
                id="lock-check-email"
                value=email
                error=in_language(i18n, email_message)
            />
            <TextField
                id="lock-check-phone"
                label=move || t_string!(i18n, lock_check.phone_label)
                hint=Signal::derive(move || t_string!(i18n, lock_check.phone_hint).to_string())
                value=digits
                error=in_language(i18n, digits_message)
                inputmode="numeric"
                autocomplete="off"
                maxlength=4
            />
            <FormAlert message=alert testid="lock-check-error" />
            <button type="submit" class="button" disabled=move || check.pending().get() data-testid="lock-check-submit">
                {move || if check.pending().get() { t_string!(i18n, lock_check.checking) } else { t_string!(i18n, lock_check.check) }}
            </button>
        </form>
        <div aria-live="polite" data-testid="lock-check-result">{answer_view}</div>
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
        assert_eq!(lock_status_request("a@b.example", "１２３４").unwrap().phone_last4, "1234");
    }

    #[test]
    fn an_address_that_cannot_be_mailed_is_refused() {
        for email in ["someone", "", "some one@b.example"] {
            assert_eq!(lock_status_request(email, "1234"), Err(Problems { email: true, digits: false }), "{email}");
        }
    }

    #[test]
    fn anything_but_exactly_four_digits_is_refused() {
        for digits in ["", "123", "12345", "12a4", "-123"] {
            assert_eq!(lock_status_request("a@b.example", digits), Err(Problems { email: false, digits: true }), "{digits}");
        }
    }
}
