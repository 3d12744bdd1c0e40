//! Self-service unlock in three steps: the e-mail address (a code is sent to it), the code with
//! the last 4 digits of the registered phone (proof it is the owner), and a new password.
//! Then the user signs in, and is urged to turn on two-factor authentication.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use wallet_api::{ErrorCode, ErrorDetail, UnlockCompleteRequest, UnlockVerifyRequest};

use crate::api::{self, ApiError};
use crate::components::form::{StartAgain, 
    code_problem, email_problem, focus_first_invalid, focus_step, in_language, is_phone_last4, new_password_check,
    query_value, refusal, FormAlert, Message, Say,
};
use crate::components::new_password::NewPasswordFields;
use crate::components::code_input::{ascii_digits, CodeInput};
use crate::components::strength_meter::{refused_password_problems, weak_password_message};
use crate::components::text_field::{fill_in, EmailField, TextField};
use crate::i18n::*;
use crate::routes::Page;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Email,
    Verify,
    Password { ticket: String },
    Done,
}

impl Step {
    /// The step's place in the indicator (the done screen is past the last one).
    fn index(&self) -> usize {
        match self {
            Step::Email => 0,
            Step::Verify => 1,
            Step::Password { .. } => 2,
            Step::Done => 3,
        }
    }
}

/// Whether a step of the indicator is done, the current one, or still to come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Progress {
    Completed,
    Current,
    Upcoming,
}

fn progress(step_index: usize, current: usize) -> Progress {
    match step_index.cmp(&current) {
        std::cmp::Ordering::Less => Progress::Completed,
        std::cmp::Ordering::Equal => Progress::Current,
        std::cmp::Ordering::Greater => Progress::Upcoming,
    }
}

/// The code or the ticket ran out: the unlock starts again from the e-mail.
fn expired_message() -> Say {
    Say::new(|i18n| t_string!(i18n, unlock.expired).to_string())
}

/// The server does not say whether the code or the phone digits were wrong, so neither
/// does the message.
fn wrong_proof_message(error: &ApiError) -> Say {
    let tries = match error {
        ApiError::Server { error, .. } => match error.detail() {
            Some(ErrorDetail::TriesLeft { tries }) => Some(tries),
            _ => None,
        },
        _ => None,
    };
    match tries {
        Some(tries) => Say::new(move |i18n| fill_in(t_string!(i18n, unlock.wrong_proof_tries), "tries", tries)),
        None => Say::new(|i18n| t_string!(i18n, unlock.wrong_proof).to_string()),
    }
}

#[component]
pub fn UnlockPage() -> impl IntoView {
    let i18n = use_i18n();
    let step = RwSignal::new(Step::Email);
    let email = RwSignal::new(query_value("email").unwrap_or_default());
    let alert: Message = RwSignal::new(None);
    let content = move || match step.get() {
        Step::Email => view! { <EmailStep email step alert /> }.into_any(),
        Step::Verify => view! { <VerifyStep email step alert /> }.into_any(),
        Step::Password { ticket } => view! { <PasswordStep ticket email step alert /> }.into_any(),
        Step::Done => view! { <Done /> }.into_any(),
    };
    view! {
        <Title text=move || t_string!(i18n, unlock.title).to_string() />
        <div class="account-page">
            <h1>{t!(i18n, unlock.title)}</h1>
            <p class="lead">{t!(i18n, unlock.intro)}</p>
            <StepIndicator current=Signal::derive(move || step.with(Step::index)) />
            {content}
        </div>
    }
}

#[component]
fn StepIndicator(current: Signal<usize>) -> impl IntoView {
    let i18n = use_i18n();
    let item = move |index: usize, label: Signal<String>| {
        let state = move || progress(index, current.get());
        view! {
            <li
                class:completed=move || state() == Progress::Completed
                class:current=move || state() == Progress::Current
                aria-current=move || (state() == Progress::Current).then_some("step")
            >
                <span class="step-number" aria-hidden="true">{index + 1}</span>
                <span>{move || label.get()}</span>
                {move || {
                    (state() == Progress::Completed)
                        .then(|| view! { <span class="visually-hidden">" " {t!(i18n, unlock.step_completed)}</span> })
                }}
            </li>
        }
    };
    view! {
        <ol class="steps" aria-label=move || t_string!(i18n, unlock.steps_label) data-testid="unlock-steps">
            {item(0, Signal::derive(move || t_string!(i18n, unlock.step_email).to_string()))}
            {item(1, Signal::derive(move || t_string!(i18n, unlock.step_verify).to_string()))}
            {item(2, Signal::derive(move || t_string!(i18n, unlock.step_password).to_string()))}
        </ol>
    }
}

#[component]
fn EmailStep(email: RwSignal<String>, step: RwSignal<Step>, alert: Message) -> impl IntoView {
    let i18n = use_i18n();
    let email_message: Message = RwSignal::new(None);
    let start = Action::new_local(|email: &String| api::unlock_start(email.clone()));
    Effect::new(move |_| {
        let Some(result) = start.value().get() else { return };
        match result {
            Ok(_) => {
                alert.set(None);
                step.set(Step::Verify);
                focus_step();
            }
            Err(error) if error.code() == Some(ErrorCode::ValidationFailed) => {
                email_message.set(Some(Say::error(error)));
                focus_first_invalid();
            }
            Err(error) => alert.set(Some(refusal(error))),
        }
    });
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        alert.set(None);
        let address = email.get_untracked().trim().to_string();
        email_message.set(email_problem(&address));
        if email_message.with_untracked(Option::is_some) {
            focus_first_invalid();
            return;
        }
        start.dispatch(address);
    };
    view! {
        <form class="card account-form" method="post" on:submit=on_submit novalidate data-testid="unlock-email-form">
            <h2 tabindex="-1" data-step-heading>{t!(i18n, unlock.step_email)}</h2>
            <p>{t!(i18n, unlock.email_intro)}</p>
            <EmailField
                id="unlock-email"
                value=email
                error=in_language(i18n, email_message)
            />
            <FormAlert message=alert testid="unlock-error" />
            <button type="submit" class="button" disabled=move || start.pending().get() data-testid="unlock-send">
                {t!(i18n, unlock.send)}
            </button>
        </form>
    }
}

#[component]
fn VerifyStep(email: RwSignal<String>, step: RwSignal<Step>, alert: Message) -> impl IntoView {
    let i18n = use_i18n();
    let code = RwSignal::new(String::new());
    let last4 = RwSignal::new(String::new());
    let code_message: Message = RwSignal::new(None);
    let last4_message: Message = RwSignal::new(None);
    let verify = Action::new_local(|request: &UnlockVerifyRequest| api::unlock_verify(request.clone()));
    Effect::new(move |_| {
        let Some(result) = verify.value().get() else { return };
        match result {
            Ok(ticket) => {
                step.set(Step::Password { ticket: ticket.ticket });
                focus_step();
            }
            Err(error) => {
                match (error.code(), error.field()) {
                    (Some(ErrorCode::CodeExpired), _) => {
                        alert.set(Some(expired_message()));
                        step.set(Step::Email);
                        focus_step();
                        return;
                    }
                    (Some(ErrorCode::InvalidCode), _) => code_message.set(Some(wrong_proof_message(&error))),
                    (Some(ErrorCode::ValidationFailed), Some("phone_last4")) => last4_message.set(Some(Say::error(error))),
                    (Some(ErrorCode::ValidationFailed), Some("code")) => code_message.set(Some(Say::error(error))),
                    _ => alert.set(Some(refusal(error))),
                }
                focus_first_invalid();
            }
        }
    });
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        alert.set(None);
        let digits: String = ascii_digits(&last4.get_untracked()).collect();
        code_message.set(code_problem(&code.get_untracked()));
        last4_message.set(
            (!is_phone_last4(&digits)).then(|| Say::new(|i18n| t_string!(i18n, unlock.last4_invalid).to_string())),
        );
        if code_message.with_untracked(Option::is_some) || last4_message.with_untracked(Option::is_some) {
            focus_first_invalid();
            return;
        }
        verify.dispatch(UnlockVerifyRequest {
            email: email.get_untracked().trim().to_string(),
            code: code.get_untracked(),
            phone_last4: digits,
        });
    };
    view! {
        <form class="card account-form" method="post" on:submit=on_submit novalidate data-testid="unlock-verify-form">
            <h2 tabindex="-1" data-step-heading>{t!(i18n, unlock.step_verify)}</h2>
            <p class="notice" role="status" data-testid="unlock-sent">{t!(i18n, unlock.sent)}</p>
            <CodeInput
                id="unlock-code"
                label=move || t_string!(i18n, unlock.code_label)
                value=code
                error=in_language(i18n, code_message)
            />
            <TextField
                id="unlock-last4"
                label=move || t_string!(i18n, unlock.last4_label)
                value=last4
                error=in_language(i18n, last4_message)
                hint=Signal::derive(move || t_string!(i18n, unlock.last4_hint).to_string())
                inputmode="numeric"
                autocomplete="off"
                maxlength=4
            />
            <FormAlert message=alert testid="unlock-error" />
            <button type="submit" class="button" disabled=move || verify.pending().get() data-testid="unlock-verify">
                {t!(i18n, unlock.verify)}
            </button>
        </form>
        <StartAgain
            label=move || t_string!(i18n, unlock.start_again).to_string()
            alert
            on_start_again=move |()| { step.set(Step::Email); }
        />
    }
}

#[component]
fn PasswordStep(ticket: String, email: RwSignal<String>, step: RwSignal<Step>, alert: Message) -> impl IntoView {
    let i18n = use_i18n();
    let password = RwSignal::new(String::new());
    let confirmation = RwSignal::new(String::new());
    let password_message: Message = RwSignal::new(None);
    let confirmation_message: Message = RwSignal::new(None);
    let personal = Signal::derive(move || vec![email.get()]);
    let complete = Action::new_local(|request: &UnlockCompleteRequest| api::unlock_complete(request.clone()));
    Effect::new(move |_| {
        let Some(result) = complete.value().get() else { return };
        let error = match result {
            Ok(_) => {
                alert.set(None);
                step.set(Step::Done);
                focus_step();
                return;
            }
            Err(error) => error,
        };
        if let Some(problems) = refused_password_problems(&error) {
            password_message.set(Some(Say::new(move |i18n| weak_password_message(i18n, &problems))));
            focus_first_invalid();
        } else if error.code() == Some(ErrorCode::CodeExpired) {
            alert.set(Some(expired_message()));
            step.set(Step::Email);
            focus_step();
        } else {
            alert.set(Some(refusal(error)));
        }
    });
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        alert.set(None);
        let new_password = password.get_untracked();
        let (password_problem, confirmation_problem) =
            new_password_check(&new_password, &confirmation.get_untracked(), &personal.get_untracked());
        password_message.set(password_problem);
        confirmation_message.set(confirmation_problem);
        if password_message.with_untracked(Option::is_some) || confirmation_message.with_untracked(Option::is_some) {
            focus_first_invalid();
            return;
        }
        complete.dispatch(UnlockCompleteRequest { ticket: ticket.clone(), new_password });
    };
    view! {
        <form class="card account-form" method="post" on:submit=on_submit novalidate data-testid="unlock-password-form">
            <h2 tabindex="-1" data-step-heading>{t!(i18n, unlock.step_password)}</h2>
            <p>{t!(i18n, unlock.password_intro)}</p>
            <NewPasswordFields
                id="unlock-password"
                confirm_id="unlock-confirm"
                password
                confirmation
                password_error=in_language(i18n, password_message)
                confirmation_error=in_language(i18n, confirmation_message)
                personal
            />
            <FormAlert message=alert testid="unlock-error" />
            <button type="submit" class="button" disabled=move || complete.pending().get() data-testid="unlock-complete">
                {t!(i18n, unlock.complete)}
            </button>
        </form>
    }
}

/// Unlocked: sign in with the new password, and a strong nudge to turn on 2FA.
#[component]
fn Done() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" data-testid="unlock-done" aria-labelledby="unlock-done-heading">
            <h2 id="unlock-done-heading" tabindex="-1" data-step-heading>{t!(i18n, unlock.done_title)}</h2>
            <p role="status">{t!(i18n, unlock.done_body)}</p>
            <A href=Page::SignIn.path() attr:class="button" attr:data-testid="unlock-sign-in">{t!(i18n, unlock.sign_in)}</A>
        </section>
        <section class="card two-factor-prompt" data-testid="unlock-two-factor-prompt" aria-labelledby="unlock-2fa-heading">
            <h2 id="unlock-2fa-heading">{t!(i18n, unlock.two_factor_title)}</h2>
            <p>{t!(i18n, unlock.two_factor_body)}</p>
            <A href=Page::sign_in_then(&Page::TwoFactor.path())>{t!(i18n, unlock.two_factor_link)}</A>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_before_the_current_one_are_completed_and_later_ones_upcoming() {
        let current = Step::Verify.index();
        assert_eq!(progress(0, current), Progress::Completed);
        assert_eq!(progress(1, current), Progress::Current);
        assert_eq!(progress(2, current), Progress::Upcoming);
    }

    #[test]
    fn on_the_done_screen_every_step_is_completed() {
        let current = Step::Done.index();
        assert!((0..3).all(|i| progress(i, current) == Progress::Completed));
    }
}
