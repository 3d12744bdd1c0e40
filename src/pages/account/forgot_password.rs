//! Forgot password: the e-mail address, then the e-mailed code with a new password. The first
//! answer is the same whether or not an account uses the address.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use wallet_api::{ErrorCode, ResetPasswordRequest};

use crate::api;
use crate::components::form::{StartAgain, 
    code_problem, email_problem, focus_first_invalid, focus_step, in_language, new_password_check, query_value, refusal,
    FormAlert, Message, Say,
};
use crate::components::new_password::NewPasswordFields;
use crate::components::code_input::{code_error_message, CodeInput};
use crate::components::strength_meter::{refused_password_problems, weak_password_message};
use crate::components::text_field::EmailField;
use crate::i18n::*;
use crate::routes::Page;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Email,
    Reset,
    Done,
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let step = RwSignal::new(Step::Email);
    let email = RwSignal::new(query_value("email").unwrap_or_default());
    let alert: Message = RwSignal::new(None);
    let sent_again = RwSignal::new(false);
    let content = move || match step.get() {
        Step::Email => view! { <EmailStep email step alert sent_again /> }.into_any(),
        Step::Reset => view! { <ResetStep email step alert sent_again /> }.into_any(),
        Step::Done => view! {
            <section class="card" data-testid="forgot-done" aria-labelledby="forgot-done-heading">
                <h2 id="forgot-done-heading" tabindex="-1" data-step-heading>{t!(i18n, forgot.done_title)}</h2>
                <p role="status">{t!(i18n, forgot.done_body)}</p>
                <A href=Page::SignIn.path() attr:class="button">{t!(i18n, forgot.sign_in)}</A>
            </section>
        }
        .into_any(),
    };
    view! {
        <Title text=move || t_string!(i18n, forgot.title).to_string() />
        <div class="account-page">
            <h1>{t!(i18n, forgot.title)}</h1>
            {content}
        </div>
    }
}

/// Asks for a code: from the first step, and again from the second when the code expired
/// (then `sent_again` says so, and what was typed stays).
fn send_code_action(step: RwSignal<Step>, alert: Message, sent_again: RwSignal<bool>) -> Action<String, ()> {
    Action::new_local(move |email: &String| {
        let email = email.clone();
        async move {
            match api::forgot_password(email).await {
                Ok(_) if step.get_untracked() == Step::Reset => sent_again.set(true),
                Ok(_) => {
                    step.set(Step::Reset);
                    focus_step();
                }
                Err(error) => alert.set(Some(refusal(error))),
            }
        }
    })
}

#[component]
fn EmailStep(email: RwSignal<String>, step: RwSignal<Step>, alert: Message, sent_again: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let email_message: Message = RwSignal::new(None);
    let send = send_code_action(step, alert, sent_again);
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        alert.set(None);
        let address = email.get_untracked().trim().to_string();
        email_message.set(email_problem(&address));
        if email_message.with_untracked(Option::is_some) {
            focus_first_invalid();
            return;
        }
        send.dispatch(address);
    };
    view! {
        <p class="lead">{t!(i18n, forgot.intro)}</p>
        <form class="card account-form" method="post" on:submit=on_submit novalidate data-testid="forgot-email-form">
            <EmailField
                id="forgot-email"
                value=email
                error=in_language(i18n, email_message)
            />
            <FormAlert message=alert testid="forgot-error" />
            <button type="submit" class="button" disabled=move || send.pending().get() data-testid="forgot-send">
                {t!(i18n, forgot.send)}
            </button>
        </form>
    }
}

#[component]
fn ResetStep(email: RwSignal<String>, step: RwSignal<Step>, alert: Message, sent_again: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let code = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let confirmation = RwSignal::new(String::new());
    let code_message: Message = RwSignal::new(None);
    let password_message: Message = RwSignal::new(None);
    let confirmation_message: Message = RwSignal::new(None);
    let code_expired = RwSignal::new(false);
    let personal = Signal::derive(move || vec![email.get()]);
    let send_again = send_code_action(step, alert, sent_again);

    let reset = Action::new_local(|request: &ResetPasswordRequest| api::reset_password(request.clone()));
    Effect::new(move |_| {
        let Some(result) = reset.value().get() else { return };
        let error = match result {
            Ok(_) => {
                step.set(Step::Done);
                focus_step();
                return;
            }
            Err(error) => error,
        };
        code_expired.set(error.code() == Some(ErrorCode::CodeExpired));
        if let Some(problems) = refused_password_problems(&error) {
            password_message.set(Some(Say::new(move |i18n| weak_password_message(i18n, &problems))));
        } else {
            match error.code() {
                Some(ErrorCode::InvalidCode) => {
                    code_message.set(Some(Say::new(move |i18n| code_error_message(i18n, &error))))
                }
                Some(ErrorCode::CodeExpired) => {
                    code_message.set(Some(Say::new(|i18n| t_string!(i18n, verify.expired).to_string())))
                }
                _ => alert.set(Some(refusal(error))),
            }
        }
        focus_first_invalid();
    });
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        alert.set(None);
        let request = ResetPasswordRequest {
            email: email.get_untracked().trim().to_string(),
            code: code.get_untracked(),
            new_password: password.get_untracked(),
        };
        code_message.set(code_problem(&request.code));
        let (password_problem, confirmation_problem) =
            new_password_check(&request.new_password, &confirmation.get_untracked(), &personal.get_untracked());
        password_message.set(password_problem);
        confirmation_message.set(confirmation_problem);
        if [code_message, password_message, confirmation_message].iter().any(|m| m.with_untracked(Option::is_some)) {
            focus_first_invalid();
            return;
        }
        reset.dispatch(request);
    };
    view! {
        <section aria-labelledby="forgot-reset-heading">
            <h2 id="forgot-reset-heading" class="visually-hidden" tabindex="-1" data-step-heading>
                {t!(i18n, password.new_label)}
            </h2>
            <p class="notice" role="status" data-testid="forgot-sent">
                {move || if sent_again.get() { t_string!(i18n, forgot.resent) } else { t_string!(i18n, forgot.sent) }}
            </p>
            <form class="card account-form" method="post" on:submit=on_submit novalidate data-testid="forgot-reset-form">
                <CodeInput
                    id="forgot-code"
                    label=move || t_string!(i18n, forgot.code_label)
                    value=code
                    error=in_language(i18n, code_message)
                />
                <Show when=move || code_expired.get()>
                    <p>
                        <button
                            type="button"
                            class="link-button"
                            disabled=move || send_again.pending().get()
                            on:click=move |_| {
                                alert.set(None);
                                sent_again.set(false);
                                code_expired.set(false);
                                code_message.set(None);
                                send_again.dispatch(email.get_untracked().trim().to_string());
                            }
                        >
                            {t!(i18n, forgot.resend)}
                        </button>
                    </p>
                </Show>
                <NewPasswordFields
                    id="forgot-password"
                    confirm_id="forgot-confirm"
                    password
                    confirmation
                    password_error=in_language(i18n, password_message)
                    confirmation_error=in_language(i18n, confirmation_message)
                    personal
                />
                <FormAlert message=alert testid="forgot-error" />
                <button type="submit" class="button" disabled=move || reset.pending().get() data-testid="forgot-submit">
                    {t!(i18n, forgot.submit)}
                </button>
            </form>
            <StartAgain
                label=move || t_string!(i18n, forgot.change_email).to_string()
                alert
                on_start_again=move |()| {
                    sent_again.set(false);
                    step.set(Step::Email);
                }
            />
        </section>
    }
}
