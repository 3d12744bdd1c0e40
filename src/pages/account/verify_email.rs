//! Verify the e-mail address with the 6-digit code sent at sign-up; a correct code signs the
//! user in. Sign-up answers the same for an address that has an account already (so it does
//! not tell who is registered): its owner gets a mail saying what to do, and this page says so. A new code can be sent as often as needed (the server limits the rate).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;
use wallet_api::{ErrorCode, VerifyEmailRequest};

use crate::api;
use crate::components::account_menu::{home_with_notice, NOTICE_VERIFIED};
use crate::components::code_input::{code_error_message, CodeInput};
use crate::components::form::{
    code_problem, email_problem, focus_first_invalid, in_language, mask_email, query_value, refusal, FormAlert, Message,
    Say,
};
use crate::components::text_field::EmailField;
use crate::i18n::*;
use crate::pages::account::sign_up_attempt::{remember_sign_up_attempt, sign_up_attempt};
use crate::session::use_session;

#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let from_link = query_value("email");
    // Without the address in the link (a bookmark, a new tab), the page asks for it.
    let ask_email = from_link.is_none();
    let email = RwSignal::new(from_link.clone().unwrap_or_default());
    let sent_to = RwSignal::new(from_link.as_deref().map(mask_email).unwrap_or_default());
    let code = RwSignal::new(String::new());
    let email_message: Message = RwSignal::new(None);
    let code_message: Message = RwSignal::new(None);
    let alert: Message = RwSignal::new(None);
    let resent = RwSignal::new(false);

    let verify = Action::new_local(|request: &VerifyEmailRequest| api::verify_email(request.clone()));
    Effect::new(move |_| {
        let Some(result) = verify.value().get() else { return };
        match result {
            Ok(info) => {
                remember_sign_up_attempt(email.get_untracked().trim(), None);
                session.signed_in(info);
                navigate(&home_with_notice(NOTICE_VERIFIED), Default::default());
            }
            Err(error) => {
                match error.code() {
                    Some(ErrorCode::InvalidCode) => {
                        code_message.set(Some(Say::new(move |i18n| code_error_message(i18n, &error))))
                    }
                    Some(ErrorCode::CodeExpired) => {
                        code_message.set(Some(Say::new(|i18n| t_string!(i18n, verify.expired).to_string())))
                    }
                    Some(ErrorCode::ValidationFailed) if error.field() == Some("email") => {
                        email_message.set(Some(Say::error(error)))
                    }
                    _ => alert.set(Some(refusal(error))),
                }
                focus_first_invalid();
            }
        }
    });
    let resend = Action::new_local(|email: &String| api::resend_verification(email.clone(), sign_up_attempt(email)));
    Effect::new(move |_| {
        let Some(result) = resend.value().get() else { return };
        match result {
            Ok(sent) => {
                sent_to.set(sent.sent_to);
                code_message.set(None);
                resent.set(true);
            }
            Err(error) => alert.set(Some(refusal(error))),
        }
    });

    let checked_email = move || {
        let address = email.get_untracked().trim().to_string();
        email_message.set(email_problem(&address));
        email_message.with_untracked(Option::is_none).then_some(address)
    };
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        alert.set(None);
        resent.set(false);
        let address = checked_email();
        code_message.set(code_problem(&code.get_untracked()));
        match address {
            Some(email) if code_message.with_untracked(Option::is_none) => {
                let attempt = sign_up_attempt(&email);
                verify.dispatch(VerifyEmailRequest { email, code: code.get_untracked(), attempt, time_zone: crate::time::browser_time_zone() });
            }
            _ => focus_first_invalid(),
        }
    };
    let on_resend = move |_| {
        alert.set(None);
        resent.set(false);
        match checked_email() {
            Some(address) => {
                resend.dispatch(address);
            }
            None => focus_first_invalid(),
        }
    };

    let intro = move || {
        if ask_email {
            view! { <p class="lead">{t!(i18n, verify.ask_email)}</p> }.into_any()
        } else {
            view! {
                <p class="lead" data-testid="verify-sent-to">{t!(i18n, verify.sent_to, address = move || sent_to.get())}</p>
            }
            .into_any()
        }
    };
    let email_field = ask_email.then(|| {
        view! {
            <EmailField
                id="verify-email"
                value=email
                error=in_language(i18n, email_message)
            />
        }
    });
    view! {
        <Title text=move || t_string!(i18n, verify.title).to_string() />
        <div class="account-page">
            <h1>{t!(i18n, verify.title)}</h1>
            {intro}
            <form class="card account-form" method="post" on:submit=on_submit novalidate data-testid="verify-form">
                {email_field}
                <CodeInput
                    id="verify-code"
                    label=move || t_string!(i18n, verify.code_label)
                    value=code
                    error=in_language(i18n, code_message)
                    hint=Signal::derive(move || t_string!(i18n, verify.code_hint).to_string())
                />
                <FormAlert message=alert testid="verify-error" />
                <button type="submit" class="button" disabled=move || verify.pending().get() data-testid="verify-submit">
                    {t!(i18n, verify.submit)}
                </button>
            </form>
            <p class="muted">{t!(i18n, verify.spam_hint)}</p>
            <p class="muted" data-testid="verify-existing-account">{t!(i18n, verify.existing_account)}</p>
            <p>
                <button
                    type="button"
                    class="link-button"
                    on:click=on_resend
                    disabled=move || resend.pending().get()
                    data-testid="verify-resend"
                >
                    {t!(i18n, verify.resend)}
                </button>
            </p>
            <p role="status" data-testid="verify-resent">
                {move || resent.get().then(|| t!(i18n, verify.resent, address = move || sent_to.get()))}
            </p>
        </div>
    }
}
