use leptos::prelude::*;
use leptos_meta::Title;
use wallet_api::{RecoveryCodes, TwoFactorEnrolment};

use crate::api::{self, ApiError};
use crate::components::code_input::{code_error_message, code_format_error, CodeInput};
use crate::components::error_notice::ErrorNotice;
use crate::components::form::{focus_first_invalid, query_value};
use crate::components::modal::ConfirmDialog;
use crate::components::qr_code::QrCodeImage;
use crate::components::reauth_dialog::{Reauth, ReauthDialog};
use crate::components::recovery_codes::RecoveryCodes as RecoveryCodesPanel;
use crate::components::require_sign_in::RequireSignIn;
use crate::components::text_field::fill_in;
use crate::i18n::*;
use crate::pages::security::checkup::FEW_RECOVERY_CODES;
use crate::session::use_session;

/// Where the page is: the status (with what can be done), setting up an authenticator app, or
/// new recovery codes on show.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Status,
    Enrolling(TwoFactorEnrolment),
    Codes { codes: Vec<String>, then: Done },
}

/// What is announced once the user is done with a step.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Done {
    TurnedOn,
    NewCodes,
    TurnedOff,
}

/// Two-factor authentication: turn it on (QR code, manual key, first code, recovery codes),
/// and, once on, new recovery codes, a new authenticator app, or turning it off.
#[component]
pub fn TwoFactorPage() -> impl IntoView {
    // Kept outside `RequireSignIn`, which builds its content again whenever the session is re-read.
    let step = RwSignal::new(Step::Status);
    let done = RwSignal::new(None::<Done>);
    view! {
        <RequireSignIn>
            <TwoFactorContent step done />
        </RequireSignIn>
    }
}

#[component]
fn TwoFactorContent(step: RwSignal<Step>, done: RwSignal<Option<Done>>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let reauth = Reauth::new();
    let suggested = query_value("suggested").as_deref() == Some("1");
    let two_factor = Memo::new(move |_| session.user().is_some_and(|user| user.two_factor));
    let enrol = Action::new_local(move |_: &()| async move {
        let result = reauth.run(api::two_factor_enrol).await;
        if let Ok(enrolment) = &result {
            done.set(None);
            step.set(Step::Enrolling(enrolment.clone()));
        }
        result
    });
    let show_codes = move |result: &Result<RecoveryCodes, ApiError>, then: Done| {
        if let Ok(codes) = result {
            done.set(None);
            step.set(Step::Codes { codes: codes.codes.clone(), then });
        }
    };
    let confirm = Action::new_local(move |code: &String| {
        let code = code.clone();
        async move {
            let result = reauth.run(|| api::two_factor_confirm(code.clone())).await;
            show_codes(&result, Done::TurnedOn);
            result
        }
    });
    let regenerate = Action::new_local(move |_: &()| async move {
        let result = reauth.run(api::regenerate_recovery_codes).await;
        show_codes(&result, Done::NewCodes);
        result
    });
    let disable = Action::new_local(move |_: &()| async move {
        let result = reauth.run(api::two_factor_disable).await;
        if result.is_ok() {
            done.set(Some(Done::TurnedOff));
            session.reload();
        }
        result
    });
    let finish = Callback::new(move |_| {
        if let Step::Codes { then, .. } = step.get_untracked() {
            done.set(Some(then));
        }
        step.set(Step::Status);
        session.reload();
    });
    let content = move || match step.get() {
        Step::Status if two_factor.get() => view! { <TwoFactorOn enrol regenerate disable /> }.into_any(),
        Step::Status => view! { <TwoFactorOff enrol /> }.into_any(),
        Step::Enrolling(enrolment) => {
            view! { <Enrolment enrolment confirm on_cancel=move |_| step.set(Step::Status) /> }.into_any()
        }
        Step::Codes { codes, .. } => view! { <RecoveryCodesPanel codes on_done=finish /> }.into_any(),
    };
    let announcement = move || {
        done.get().map(|done| {
            let text = move || match done {
                Done::TurnedOn => t_string!(i18n, two_factor.done_on).to_string(),
                Done::NewCodes => t_string!(i18n, two_factor.done_codes).to_string(),
                Done::TurnedOff => t_string!(i18n, two_factor.done_off).to_string(),
            };
            view! { <p class="notice notice-ok">{text}</p> }
        })
    };
    view! {
        <Title text=move || t_string!(i18n, two_factor.title).to_string() />
        <h1>{t!(i18n, two_factor.title)}</h1>
        <p class="lead">{t!(i18n, two_factor.intro)}</p>
        <Show when=move || suggested && !two_factor.get()>
            <section class="notice notice-suggest" aria-labelledby="suggest-heading" data-testid="suggest-two-factor">
                <h2 id="suggest-heading">{t!(i18n, two_factor.suggest_heading)}</h2>
                <p>{t!(i18n, two_factor.suggest_body)}</p>
            </section>
        </Show>
        <div aria-live="polite" data-testid="two-factor-result">{announcement}</div>
        {content}
        <ReauthDialog reauth />
    }
}

/// The error of an action, if its last run failed.
fn failure<I: 'static, O: Clone + Send + Sync + 'static>(
    action: Action<I, Result<O, ApiError>>,
) -> impl Fn() -> Option<AnyView> {
    move || action.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> }.into_any())
}

#[component]
fn TwoFactorOff(enrol: Action<(), Result<TwoFactorEnrolment, ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="status-heading">
            <h2 id="status-heading">{t!(i18n, two_factor.status_heading)}</h2>
            <p class="status-line" data-state="off" data-testid="two-factor-status">
                <strong>{t!(i18n, two_factor.status_off)}</strong> " " {t!(i18n, two_factor.status_off_detail)}
            </p>
            <h3>{t!(i18n, two_factor.how_heading)}</h3>
            <ul>
                <li>{t!(i18n, two_factor.how_app)}</li>
                <li>{t!(i18n, two_factor.how_code)}</li>
                <li>{t!(i18n, two_factor.how_recovery)}</li>
            </ul>
            <button
                type="button"
                class="primary"
                disabled=move || enrol.pending().get()
                on:click=move |_| { enrol.dispatch_local(()); }
                data-testid="two-factor-turn-on"
            >
                {t!(i18n, two_factor.turn_on)}
            </button>
            <div aria-live="polite">{failure(enrol)}</div>
        </section>
    }
}

#[component]
fn TwoFactorOn(
    enrol: Action<(), Result<TwoFactorEnrolment, ApiError>>,
    regenerate: Action<(), Result<RecoveryCodes, ApiError>>,
    disable: Action<(), Result<api::NoContent, ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let left = move || session.user().map_or(0, |user| user.recovery_codes_left);
    let confirming_off = RwSignal::new(false);
    let busy = move || enrol.pending().get() || regenerate.pending().get() || disable.pending().get();
    view! {
        <section class="card" aria-labelledby="status-heading">
            <h2 id="status-heading">{t!(i18n, two_factor.status_heading)}</h2>
            <p class="status-line" data-state="on" data-testid="two-factor-status">
                <strong>{t!(i18n, two_factor.status_on)}</strong> " " {t!(i18n, two_factor.status_on_detail)}
            </p>
        </section>
        <section class="card" aria-labelledby="codes-heading">
            <h2 id="codes-heading">{t!(i18n, two_factor.codes_heading)}</h2>
            <p data-testid="recovery-codes-left">{move || fill_in(t_string!(i18n, two_factor.codes_left), "count", left())}</p>
            <Show when=move || { left() <= FEW_RECOVERY_CODES }>
                <p class="notice notice-warning" data-testid="few-codes">{t!(i18n, two_factor.codes_few)}</p>
            </Show>
            <p>{t!(i18n, two_factor.codes_explain)}</p>
            <button type="button" disabled=busy on:click=move |_| { regenerate.dispatch_local(()); } data-testid="regenerate-codes">
                {t!(i18n, two_factor.regenerate)}
            </button>
            <div aria-live="polite">{failure(regenerate)}</div>
        </section>
        <section class="card" aria-labelledby="re-enrol-heading">
            <h2 id="re-enrol-heading">{t!(i18n, two_factor.re_enrol_heading)}</h2>
            <p>{t!(i18n, two_factor.re_enrol_explain)}</p>
            <button type="button" disabled=busy on:click=move |_| { enrol.dispatch_local(()); } data-testid="two-factor-re-enrol">
                {t!(i18n, two_factor.re_enrol)}
            </button>
            <div aria-live="polite">{failure(enrol)}</div>
        </section>
        <section class="card" aria-labelledby="off-heading">
            <h2 id="off-heading">{t!(i18n, two_factor.off_heading)}</h2>
            <p>{t!(i18n, two_factor.off_explain)}</p>
            <button type="button" class="danger" disabled=busy on:click=move |_| confirming_off.set(true) data-testid="two-factor-turn-off">
                {t!(i18n, two_factor.turn_off)}
            </button>
            <div aria-live="polite">{failure(disable)}</div>
        </section>
        <ConfirmDialog
            open=confirming_off
            id="turn-off-heading"
            title=Signal::derive(move || t_string!(i18n, two_factor.off_confirm_title).to_string())
            body=Signal::derive(move || t_string!(i18n, two_factor.off_confirm_body).to_string())
            confirm_label=Signal::derive(move || t_string!(i18n, two_factor.turn_off).to_string())
            cancel_label=Signal::derive(move || t_string!(i18n, two_factor.cancel).to_string())
            on_confirm=Callback::new(move |_| { disable.dispatch_local(()); })
        />
    }
}

/// The secret in groups of four ("JBSW Y3DP EHPK 3PXP"), easier to type into an app.
pub fn group_in_fours(secret: &str) -> String {
    let characters: Vec<char> = secret.chars().filter(|c| !c.is_whitespace()).collect();
    characters.chunks(4).map(|chunk| chunk.iter().collect::<String>()).collect::<Vec<_>>().join(" ")
}

/// Scan the QR code (or type the key), then the app's first code turns 2FA on.
#[component]
fn Enrolment(
    enrolment: TwoFactorEnrolment,
    confirm: Action<String, Result<RecoveryCodes, ApiError>>,
    #[prop(into)] on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let code = RwSignal::new(String::new());
    let checked = RwSignal::new(false);
    let copied = RwSignal::new(None::<bool>);
    let secret = enrolment.secret.clone();
    let copy = move |_| {
        let secret = secret.clone();
        leptos::task::spawn_local(async move { copied.set(Some(crate::components::copy_button::copy_text(&secret).await)) });
    };
    let error = Signal::derive(move || {
        if checked.get() {
            return code_format_error(i18n, &code.get());
        }
        confirm.value().get().and_then(Result::err).filter(is_code_error).map(|error| code_error_message(i18n, &error))
    });
    let other_error = move || confirm.value().get().and_then(Result::err).filter(|e| !is_code_error(e));
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        confirm.value().set(None);
        let value = code.get_untracked();
        checked.set(code_format_error(i18n, &value).is_some());
        if checked.get_untracked() {
            focus_first_invalid();
        } else {
            confirm.dispatch_local(value);
        }
    };
    Effect::new(move |_| {
        if confirm.value().with(|v| matches!(v, Some(Err(e)) if is_code_error(e))) {
            focus_first_invalid();
        }
    });
    view! {
        <section class="card" aria-labelledby="enrol-heading" data-testid="two-factor-enrolment">
            <h2 id="enrol-heading">{t!(i18n, two_factor.enrol_heading)}</h2>
            <ol class="enrol-steps">
                <li>{t!(i18n, two_factor.enrol_install)}</li>
                <li>
                    <p>{t!(i18n, two_factor.enrol_scan)}</p>
                    <QrCodeImage
                        data=enrolment.otpauth_uri.clone()
                        label=Signal::derive(move || t_string!(i18n, two_factor.qr_label).to_string())
                    />
                </li>
                <li>
                    <p>{t!(i18n, two_factor.enrol_manual)}</p>
                    <p class="secret-row">
                        <code class="secret" data-testid="two-factor-secret">
                            {group_in_fours(&enrolment.secret)}
                        </code>
                        <button type="button" on:click=copy data-testid="copy-secret">{t!(i18n, two_factor.copy)}</button>
                    </p>
                    <p aria-live="polite" class="muted">
                        {move || copied.get().map(|ok| if ok {
                            t_string!(i18n, two_factor.copied).to_string()
                        } else {
                            t_string!(i18n, two_factor.copy_failed).to_string()
                        })}
                    </p>
                </li>
                <li>
                    <form class="stack" on:submit=on_submit novalidate>
                        <CodeInput
                            id="two-factor-code"
                            label=Signal::derive(move || t_string!(i18n, two_factor.code_label).to_string())
                            hint=Signal::derive(move || t_string!(i18n, two_factor.code_hint).to_string())
                            value=code
                            error
                        />
                        <div class="button-row">
                            <button type="submit" class="primary" disabled=move || confirm.pending().get() data-testid="two-factor-confirm">
                                {t!(i18n, two_factor.confirm)}
                            </button>
                            <button type="button" on:click=move |_| on_cancel.run(())>{t!(i18n, two_factor.cancel)}</button>
                        </div>
                        <div aria-live="polite">{move || other_error().map(|error| view! { <ErrorNotice error /> })}</div>
                    </form>
                </li>
            </ol>
        </section>
    }
}

fn is_code_error(error: &ApiError) -> bool {
    use wallet_api::ErrorCode::*;
    matches!(error.code(), Some(InvalidCode | CodeExpired | CodeAlreadyUsed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_is_shown_in_groups_of_four() {
        assert_eq!(group_in_fours("JBSWY3DPEHPK3PXP"), "JBSW Y3DP EHPK 3PXP");
    }

    #[test]
    fn a_secret_whose_length_is_not_a_multiple_of_four_ends_with_a_short_group() {
        assert_eq!(group_in_fours("ABCDEFGHIJ"), "ABCD EFGH IJ");
        assert_eq!(group_in_fours(""), "");
    }

    #[test]
    fn spaces_already_in_a_secret_do_not_make_empty_groups() {
        assert_eq!(group_in_fours("ABCD EFGH"), "ABCD EFGH");
    }
}
