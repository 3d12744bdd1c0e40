//! Sign in: e-mail and password, then a code from the authenticator app (or a recovery code)
//! when two-factor authentication is on. A locked account gets a screen that says why, until
//! when, and how to unlock it now.
//!
//! The anti-phishing phrase is never shown before the password is proved (anyone can type an
//! address): the first step shows only the official domains; the 2FA step shows the account's
//! phrase, which the server sends with the challenge.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::use_navigate;
use wallet_api::{
    ErrorCode, ErrorDetail, LockReason, SecondFactorKind, SecondFactorRequest, SessionInfo, SignInOutcome,
    SignInRequest, Timestamp,
};

use crate::api::{self, ApiError};
use crate::brand::use_brand;
use crate::components::code_input::{code_error_message, CodeInput};
use crate::components::form::{StartAgain, 
    code_problem, email_problem, focus_first_invalid, focus_step, in_language, query_value, refusal, FormAlert,
    Message, Say,
};
use crate::components::password_field::PasswordField;
use crate::components::text_field::{fill_in, TextField};
use crate::i18n::*;
use crate::prefs::lang_of;
use crate::routes::Page;
use crate::session::use_session;
use crate::time::{browser_time_zone, format_timestamp};

#[derive(Debug, Clone, PartialEq)]
enum Step {
    Credentials,
    SecondFactor { challenge: String, phrase: Option<String> },
    Locked { reason: LockReason, until: Timestamp },
}

/// Where the user goes once signed in: where they were going, or to turn on 2FA when the
/// server suggests it (after a self-service unlock).
fn destination(info: &SessionInfo, next: Option<String>) -> String {
    if info.suggest_two_factor {
        Page::TwoFactor.with_query(&[("suggested", "1")])
    } else {
        Page::safe_return_path(next)
    }
}

/// How many wrong passwords are left before the lock, and the lock's length in minutes, when
/// the server warns of it.
fn attempts_left(error: &ApiError) -> Option<(u32, u32)> {
    match error {
        ApiError::Server { error, .. } if error.code == ErrorCode::InvalidCredentials => match error.detail() {
            Some(ErrorDetail::AttemptsLeft { attempts_left, lock_minutes }) => Some((attempts_left, lock_minutes)),
            _ => None,
        },
        _ => None,
    }
}

/// The wrong-password message with the tries left before the lock.
fn lock_warning(tries: u32, minutes: u32) -> Say {
    Say::new(move |i18n| {
        let text = match tries {
            1 => t_string!(i18n, sign_in.attempts_left_one).to_string(),
            _ => fill_in(t_string!(i18n, sign_in.attempts_left), "tries", tries),
        };
        fill_in(&text, "minutes", minutes)
    })
}

/// The lock screen for an `ACCOUNT_LOCKED` answer that says why and until when.
fn lock_step(error: &ApiError) -> Option<Step> {
    match error {
        ApiError::Server { error, .. } if error.code == ErrorCode::AccountLocked => match error.detail() {
            Some(ErrorDetail::Locked { reason, until }) => Some(Step::Locked { reason, until }),
            _ => None,
        },
        _ => None,
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let next = query_value("next");
    let step = RwSignal::new(Step::Credentials);
    let email = RwSignal::new(String::new());
    // The form's message, kept across steps ("the sign-in took too long" comes from step 2).
    let alert: Message = RwSignal::new(None);
    // Set when this page signs the user in, so that the "signed in already" redirect below
    // does not race the navigation to where the user is going.
    let signed_in_here = RwSignal::new(false);

    let on_signed_in = {
        let next = next.clone();
        Callback::new(move |info: SessionInfo| {
            signed_in_here.set(true);
            let to = destination(&info, next.clone());
            session.signed_in(info);
            navigate(&to, Default::default());
        })
    };
    let already_signed_in = move || {
        (session.is_signed_in() && !signed_in_here.get())
            .then(|| view! { <Redirect path=Page::safe_return_path(next.clone()) /> })
    };
    let content = move || match step.get() {
        Step::Credentials => view! { <CredentialsForm email step alert on_signed_in /> }.into_any(),
        Step::SecondFactor { challenge, phrase } => {
            view! { <SecondFactorForm challenge phrase step alert on_signed_in /> }.into_any()
        }
        Step::Locked { reason, until } => {
            view! { <LockScreen reason until email=email.get_untracked() step /> }.into_any()
        }
    };
    view! {
        <Title text=move || t_string!(i18n, sign_in.title).to_string() />
        <div class="account-page">
            <h1>{t!(i18n, sign_in.title)}</h1>
            {already_signed_in}
            {content}
        </div>
    }
}

#[component]
fn CredentialsForm(
    email: RwSignal<String>,
    step: RwSignal<Step>,
    alert: Message,
    on_signed_in: Callback<SessionInfo>,
) -> impl IntoView {
    let i18n = use_i18n();
    let password = RwSignal::new(String::new());
    let email_message: Message = RwSignal::new(None);
    let password_message: Message = RwSignal::new(None);
    let unverified = RwSignal::new(false);
    let near_lock = RwSignal::new(false);

    let sign_in = Action::new_local(|request: &SignInRequest| api::sign_in(request.clone()));
    Effect::new(move |_| {
        let Some(result) = sign_in.value().get() else { return };
        match result {
            Ok(SignInOutcome::SignedIn { session }) => on_signed_in.run(session),
            Ok(SignInOutcome::SecondFactorRequired { challenge, anti_phishing_phrase, .. }) => {
                step.set(Step::SecondFactor { challenge, phrase: anti_phishing_phrase });
                focus_step();
            }
            Err(error) => {
                if let Some(locked) = lock_step(&error) {
                    step.set(locked);
                    focus_step();
                    return;
                }
                unverified.set(error.code() == Some(ErrorCode::EmailNotVerified));
                let warning = attempts_left(&error);
                near_lock.set(warning.is_some());
                alert.set(Some(match warning {
                    Some((tries, minutes)) => lock_warning(tries, minutes),
                    None => refusal(error),
                }));
            }
        }
    });
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        alert.set(None);
        unverified.set(false);
        near_lock.set(false);
        let address = email.get_untracked().trim().to_string();
        let secret = password.get_untracked();
        email_message.set(email_problem(&address));
        password_message.set(
            secret.is_empty().then(|| Say::new(|i18n| t_string!(i18n, password.required).to_string())),
        );
        if email_message.with_untracked(Option::is_some) || password_message.with_untracked(Option::is_some) {
            focus_first_invalid();
            return;
        }
        sign_in.dispatch(SignInRequest { email: address, password: secret, time_zone: browser_time_zone() });
    };
    let verify_link = move || {
        unverified.get().then(|| {
            let href = Page::VerifyEmail.with_query(&[("email", email.get_untracked().trim())]);
            view! { <p><A href=href attr:data-testid="verify-email-link">{t!(i18n, sign_in.verify_email_link)}</A></p> }
        })
    };
    let forgot_link = move || {
        near_lock.get().then(|| {
            let href = Page::ForgotPassword.with_query(&[("email", email.get_untracked().trim())]);
            view! { <p><A href=href attr:data-testid="forgot-before-lock">{t!(i18n, sign_in.forgot_before_lock)}</A></p> }
        })
    };
    view! {
        <form class="card account-form" method="post" on:submit=on_submit novalidate data-testid="sign-in-form">
            <TextField
                id="sign-in-email"
                label=move || t_string!(i18n, password.email_label)
                value=email
                error=in_language(i18n, email_message)
                input_type="email"
                autocomplete="username"
            />
            <OfficialDomains />
            <PasswordField
                id="sign-in-password"
                label=move || t_string!(i18n, sign_in.password_label)
                value=password
                error=in_language(i18n, password_message)
            />
            <FormAlert message=alert testid="sign-in-error" />
            {verify_link}
            {forgot_link}
            <button type="submit" class="button" disabled=move || sign_in.pending().get() data-testid="sign-in-submit">
                {t!(i18n, sign_in.submit)}
            </button>
        </form>
        <ul class="account-links">
            <li><A href=Page::ForgotPassword.path()>{t!(i18n, sign_in.forgot)}</A></li>
            <li><A href=Page::SignUp.path()>{t!(i18n, sign_in.create)}</A></li>
        </ul>
    }
}

/// The official domains to check in the address bar. (No anti-phishing phrase here: this step
/// has not proved anything yet, so a phrase shown for a typed address would tell it to anyone.)
#[component]
fn OfficialDomains() -> impl IntoView {
    let i18n = use_i18n();
    let brand = use_brand();
    let domains = move || brand.get().and_then(Result::ok).map(|b| b.official_domains.join(" · ")).unwrap_or_default();
    view! {
        <div class="anti-phishing" data-testid="anti-phishing">
            <p class="official-domains" data-testid="official-domains">{t!(i18n, sign_in.official_domains, domains)}</p>
        </div>
    }
}

/// The account's anti-phishing phrase at the 2FA step (the password is proved), or a hint that
/// none is set: a fake site cannot know the phrase, so a missing or wrong one gives it away.
#[component]
fn PhraseCheck(phrase: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let content = match phrase {
        Some(phrase) => view! {
            <p class="phrase" data-testid="anti-phishing-phrase">
                <strong>{t!(i18n, sign_in.phrase, phrase)}</strong>
            </p>
            <p class="muted">{t!(i18n, sign_in.phrase_explain)}</p>
        }
        .into_any(),
        None => view! { <p class="muted" data-testid="no-anti-phishing-phrase">{t!(i18n, sign_in.no_phrase)}</p> }.into_any(),
    };
    view! { <div class="anti-phishing" data-testid="anti-phishing">{content}</div> }
}

#[component]
fn SecondFactorForm(
    challenge: String,
    phrase: Option<String>,
    step: RwSignal<Step>,
    alert: Message,
    on_signed_in: Callback<SessionInfo>,
) -> impl IntoView {
    let i18n = use_i18n();
    let kind = RwSignal::new(SecondFactorKind::Totp);
    let code = RwSignal::new(String::new());
    let recovery_code = RwSignal::new(String::new());
    let code_message: Message = RwSignal::new(None);

    let send = Action::new_local(|request: &SecondFactorRequest| api::second_factor(request.clone()));
    Effect::new(move |_| {
        let Some(result) = send.value().get() else { return };
        match result {
            Ok(info) => on_signed_in.run(info),
            Err(error) => {
                if let Some(locked) = lock_step(&error) {
                    step.set(locked);
                    focus_step();
                    return;
                }
                match error.code() {
                    Some(ErrorCode::CodeExpired) => {
                        alert.set(Some(Say::new(|i18n| t_string!(i18n, sign_in.challenge_expired).to_string())));
                        step.set(Step::Credentials);
                    }
                    Some(ErrorCode::InvalidCode | ErrorCode::CodeAlreadyUsed) => {
                        code_message.set(Some(Say::new(move |i18n| code_error_message(i18n, &error))));
                        focus_first_invalid();
                    }
                    _ => alert.set(Some(refusal(error))),
                }
            }
        }
    });
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        alert.set(None);
        let kind = kind.get_untracked();
        let typed = match kind {
            SecondFactorKind::Totp => code.get_untracked(),
            SecondFactorKind::RecoveryCode => recovery_code.get_untracked().trim().to_string(),
        };
        let problem = match kind {
            SecondFactorKind::Totp => code_problem(&typed),
            SecondFactorKind::RecoveryCode if typed.is_empty() => {
                Some(Say::new(|i18n| t_string!(i18n, sign_in.recovery_required).to_string()))
            }
            SecondFactorKind::RecoveryCode => None,
        };
        code_message.set(problem);
        if code_message.with_untracked(Option::is_some) {
            focus_first_invalid();
            return;
        }
        send.dispatch(SecondFactorRequest { challenge: challenge.clone(), kind, code: typed });
    };
    let switch_kind = move |_| {
        code_message.set(None);
        kind.update(|k| {
            *k = match k {
                SecondFactorKind::Totp => SecondFactorKind::RecoveryCode,
                SecondFactorKind::RecoveryCode => SecondFactorKind::Totp,
            }
        });
    };
    let field = move || match kind.get() {
        SecondFactorKind::Totp => view! {
            <p>{t!(i18n, sign_in.totp_intro)}</p>
            <CodeInput
                id="sign-in-code"
                label=move || t_string!(i18n, sign_in.totp_label)
                value=code
                error=in_language(i18n, code_message)
            />
        }
        .into_any(),
        SecondFactorKind::RecoveryCode => view! {
            <p>{t!(i18n, sign_in.recovery_intro)}</p>
            <TextField
                id="sign-in-recovery-code"
                label=move || t_string!(i18n, sign_in.recovery_label)
                value=recovery_code
                error=in_language(i18n, code_message)
                autocomplete="off"
            />
        }
        .into_any(),
    };
    view! {
        <form class="card account-form" method="post" on:submit=on_submit novalidate data-testid="second-factor-form">
            <h2 tabindex="-1" data-step-heading>{t!(i18n, sign_in.second_factor_heading)}</h2>
            <PhraseCheck phrase />
            {field}
            <button type="button" class="link-button" on:click=switch_kind data-testid="switch-second-factor">
                {move || match kind.get() {
                    SecondFactorKind::Totp => t_string!(i18n, sign_in.use_recovery),
                    SecondFactorKind::RecoveryCode => t_string!(i18n, sign_in.use_totp),
                }}
            </button>
            <FormAlert message=alert testid="second-factor-error" />
            <button type="submit" class="button" disabled=move || send.pending().get() data-testid="second-factor-submit">
                {t!(i18n, sign_in.second_factor_submit)}
            </button>
        </form>
        <StartAgain
            label=move || t_string!(i18n, sign_in.start_again).to_string()
            alert
            on_start_again=move |()| { step.set(Step::Credentials); }
        />
    }
}

/// Why the account is locked, until when (in the reader's time zone), and the ways out.
#[component]
fn LockScreen(reason: LockReason, until: Timestamp, email: String, step: RwSignal<Step>) -> impl IntoView {
    let i18n = use_i18n();
    let unlock_href = Page::Unlock.with_query(&[("email", email.trim())]);
    let until_text = move || format_timestamp(lang_of(i18n.get_locale()), until);
    let why = move || match reason {
        LockReason::FailedAttempts => t_string!(i18n, sign_in.locked_failed_attempts),
        LockReason::ReportedSignIn => t_string!(i18n, sign_in.locked_reported),
    };
    view! {
        <section class="card lock-screen" data-testid="lock-screen" aria-labelledby="lock-heading">
            <h2 id="lock-heading" tabindex="-1" data-step-heading>{t!(i18n, sign_in.locked_title)}</h2>
            <div role="alert">
                <p data-testid="lock-reason">{why}</p>
                <p data-testid="lock-until">{t!(i18n, sign_in.locked_until, until = until_text)}</p>
            </div>
            <p>{t!(i18n, sign_in.unlock_now_hint)}</p>
            <ul class="lock-actions">
                <li>
                    <A href=unlock_href attr:class="button" attr:data-testid="unlock-now">{t!(i18n, sign_in.unlock_now)}</A>
                </li>
                <li>
                    <A href=Page::HelpWizard("locked".into()).path() attr:data-testid="locked-help">
                        {t!(i18n, sign_in.locked_help)}
                    </A>
                </li>
                <li>
                    <A href=Page::Contact.path() attr:data-testid="locked-hotline">{t!(i18n, sign_in.locked_hotline)}</A>
                </li>
            </ul>
            <button type="button" class="link-button" on:click=move |_| step.set(Step::Credentials)>
                {t!(i18n, sign_in.back)}
            </button>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wallet_api::{Lang, User};

    fn info(suggest_two_factor: bool) -> SessionInfo {
        SessionInfo {
            user: User {
                id: "u1".into(),
                email: "li@example.com".into(),
                display_name: "Li".into(),
                phone_masked: "*** **** 0042".into(),
                lang: Lang::En,
                two_factor: false,
                recovery_codes_left: 0,
                anti_phishing_phrase: None,
            },
            csrf_token: "t".into(),
            idle_expires_at: 0,
            absolute_expires_at: 0,
            idle_timeout_secs: 900,
            unread_messages: 0,
            suggest_two_factor,
            reauth_until: None,
        }
    }

    #[test]
    fn after_signing_in_the_user_goes_where_they_were_going() {
        assert_eq!(destination(&info(false), Some("/security/sessions".into())), "/security/sessions");
        assert_eq!(destination(&info(false), None), "/wallet");
    }

    #[test]
    fn a_suggestion_to_turn_on_two_factor_wins_over_the_return_path() {
        assert_eq!(destination(&info(true), Some("/messages".into())), "/security/two-factor?suggested=1");
    }

    #[test]
    fn a_lock_with_its_reason_and_end_opens_the_lock_screen() {
        let error = ApiError::Server {
            status: 423,
            error: crate::api::ServerError::new(ErrorCode::AccountLocked, "locked")
                .with_detail(&ErrorDetail::Locked { reason: LockReason::FailedAttempts, until: 1_700_000_000 }),
        };
        assert_eq!(lock_step(&error), Some(Step::Locked { reason: LockReason::FailedAttempts, until: 1_700_000_000 }));
        assert_eq!(lock_step(&ApiError::Network), None);
    }

    #[test]
    fn a_wrong_password_near_the_lock_says_how_many_tries_are_left() {
        let error = ApiError::Server {
            status: 401,
            error: crate::api::ServerError::new(ErrorCode::InvalidCredentials, "wrong")
                .with_detail(&ErrorDetail::AttemptsLeft { attempts_left: 2, lock_minutes: 30 }),
        };
        assert_eq!(attempts_left(&error), Some((2, 30)));
        let plain = ApiError::Server { status: 401, error: crate::api::ServerError::new(ErrorCode::InvalidCredentials, "wrong") };
        assert_eq!(attempts_left(&plain), None);
    }
}
