use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use wallet_api::ErrorCode;

use crate::api;
use crate::components::form::focus_first_invalid;
use crate::components::new_password::NewPasswordFields;
use crate::components::error_notice::ErrorNotice;
use crate::components::password_field::confirm_error;
use crate::components::reauth_dialog::{Reauth, ReauthDialog};
use crate::components::require_sign_in::RequireSignIn;
use crate::components::strength_meter::{new_password_error, server_weak_password_message};
use crate::i18n::*;
use crate::routes::Page;
use crate::session::use_session;

/// A new password, checked for strength as it is typed, after confirming the current one.
#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    // Kept outside `RequireSignIn`, which builds its content again whenever the session is re-read.
    let changed = RwSignal::new(false);
    view! {
        <RequireSignIn>
            <ChangePasswordContent changed />
        </RequireSignIn>
    }
}

#[component]
fn ChangePasswordContent(changed: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let reauth = Reauth::new();
    let password = RwSignal::new(String::new());
    let confirmation = RwSignal::new(String::new());
    let checked = RwSignal::new(false);
    let personal =
        Signal::derive(move || session.user().map(|user| vec![user.email, user.display_name]).unwrap_or_default());
    let change = Action::new_local(move |new_password: &String| {
        let new_password = new_password.clone();
        async move {
            let result = reauth.run(|| api::change_password(new_password.clone())).await;
            match &result {
                Ok(_) => {
                    password.set(String::new());
                    confirmation.set(String::new());
                    checked.set(false);
                    changed.set(true);
                }
                Err(_) => focus_first_invalid(),
            }
            result
        }
    });
    let server_error = move || change.value().get().and_then(Result::err);
    let password_error = Signal::derive(move || {
        if let Some(weak) = server_error().and_then(|e| server_weak_password_message(i18n, &e)) {
            return Some(weak);
        }
        checked.get().then(|| new_password_error(i18n, &password.get(), &personal.get())).flatten()
    });
    let confirmation_error = Signal::derive(move || {
        checked.get().then(|| confirm_error(i18n, &password.get(), &confirmation.get())).flatten()
    });
    let other_error = move || server_error().filter(|e| !matches!(e.code(), Some(ErrorCode::PasswordTooWeak)));
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        change.value().set(None);
        changed.set(false);
        checked.set(true);
        if password_error.get_untracked().is_some() || confirmation_error.get_untracked().is_some() {
            focus_first_invalid();
        } else {
            change.dispatch_local(password.get_untracked());
        }
    };
    view! {
        <Title text=move || t_string!(i18n, change_password.title).to_string() />
        <h1>{t!(i18n, change_password.title)}</h1>
        <p class="lead">{t!(i18n, change_password.intro)}</p>
        <section class="card">
            <form class="stack" on:submit=on_submit novalidate>
                <NewPasswordFields
                    id="new-password"
                    confirm_id="confirm-password"
                    password
                    confirmation
                    password_error
                    confirmation_error
                    personal
                />
                <div aria-live="polite">{move || other_error().map(|error| view! { <ErrorNotice error /> })}</div>
                <div class="button-row">
                    <button type="submit" class="primary" disabled=move || change.pending().get() data-testid="change-password-submit">
                        {t!(i18n, change_password.submit)}
                    </button>
                </div>
            </form>
            <div aria-live="polite" data-testid="change-password-result">
                <Show when=move || changed.get()>
                    <p class="notice notice-ok">{t!(i18n, change_password.changed)}</p>
                </Show>
            </div>
        </section>
        <p><A href=Page::Security.path()>{t!(i18n, change_password.back)}</A></p>
        <ReauthDialog reauth />
    }
}
