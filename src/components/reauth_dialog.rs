//! Re-authentication before a sensitive change. The server answers `REAUTH_REQUIRED` unless
//! the password (and a 2FA code, when 2FA is on) was confirmed in the last few minutes; then
//! [`Reauth::run`] asks for them in a dialog and makes the same call again.

use std::future::Future;

use leptos::prelude::*;
use wallet_api::{ErrorCode, ReauthRequest};
use wasm_bindgen::JsValue;

use crate::api::{self, ApiError};
use crate::components::code_input::{code_error_message, code_format_error, is_complete_code, CodeInput};
use crate::components::error_notice::{error_message, ErrorNotice};
use crate::components::form::focus_first_invalid;
use crate::components::modal::Modal;
use crate::components::password_field::{required_error, PasswordField};
use crate::components::text_field::TextField;
use crate::i18n::*;
use crate::session::use_session;

/// One per page, shared by the page's sensitive calls and its `<ReauthDialog>`.
#[derive(Clone, Copy)]
pub struct Reauth {
    asking: RwSignal<bool>,
    /// Resolves the promise `run` waits on: true once re-authenticated, false if cancelled.
    answer: StoredValue<Option<js_sys::Function>, LocalStorage>,
    /// Until when (Unix seconds) the server allows sensitive changes without asking again.
    granted_until: RwSignal<i64>,
}

impl Default for Reauth {
    fn default() -> Self {
        let granted = use_session().info().and_then(|info| info.reauth_until).unwrap_or_default();
        Reauth { asking: RwSignal::new(false), answer: StoredValue::new_local(None), granted_until: RwSignal::new(granted) }
    }
}

impl Reauth {
    pub fn new() -> Self {
        Self::default()
    }

    /// Makes the call, asking the user to confirm who they are first when the last
    /// confirmation has lapsed (so no request is made only to be refused). Should the server
    /// still answer `REAUTH_REQUIRED` (a clock apart), it asks and makes the call once more.
    /// Cancelling answers `REAUTH_REQUIRED`.
    pub async fn run<T, F, Fut>(self, call: F) -> Result<T, ApiError>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Result<T, ApiError>>,
    {
        let now_secs = (crate::time::now_millis() / 1000.0) as i64;
        if self.granted_until.get_untracked() <= now_secs && !self.confirmed().await {
            return Err(reauth_refused());
        }
        let first = call().await;
        let wants_reauth = matches!(&first, Err(error) if error.code() == Some(ErrorCode::ReauthRequired));
        if wants_reauth && self.confirmed().await {
            call().await
        } else {
            first
        }
    }

    async fn confirmed(self) -> bool {
        let mut resolve = None;
        let promise = js_sys::Promise::new(&mut |ok, _| resolve = Some(ok));
        self.finish(false); // a question still open (there should be none) is cancelled
        self.answer.set_value(resolve);
        self.asking.set(true);
        wasm_bindgen_futures::JsFuture::from(promise).await.is_ok_and(|answer| answer.is_truthy())
    }

    fn finish(self, confirmed: bool) {
        self.asking.set(false);
        if let Some(resolve) = self.answer.try_update_value(Option::take).flatten() {
            let _ = resolve.call1(&JsValue::NULL, &JsValue::from_bool(confirmed));
        }
    }
}

/// What a cancelled confirmation answers: the server's own refusal.
fn reauth_refused() -> ApiError {
    ApiError::Server {
        status: 403,
        error: crate::api::ServerError::new(ErrorCode::ReauthRequired, "re-authentication cancelled"),
    }
}

/// The password, and a code from the authenticator app (or a recovery code) when 2FA is on.
#[component]
pub fn ReauthDialog(reauth: Reauth) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let password = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    // The server takes a recovery code instead of the app's code (a lost phone can still turn
    // 2FA off or set it up again).
    let use_recovery = RwSignal::new(false);
    let checked = RwSignal::new(None::<Field>); // a field refused before sending
    let needs_code = move || session.user().is_some_and(|user| user.two_factor);
    let submit = Action::new_local(move |request: &ReauthRequest| {
        let request = request.clone();
        async move {
            let result = api::reauth(request).await;
            match &result {
                Ok(granted) => {
                    reauth.granted_until.set(granted.until);
                    password.set(String::new());
                    code.set(String::new());
                    reauth.finish(true);
                }
                Err(_) => focus_first_invalid(),
            }
            result
        }
    });
    let error = move || submit.value().get().and_then(Result::err);
    let password_error = Signal::derive(move || match (checked.get(), error()) {
        (Some(Field::Password), _) => required_error(i18n, ""),
        (None, Some(e)) if Field::of(&e) == Some(Field::Password) => Some(error_message(i18n, &e)),
        _ => None,
    });
    let code_error = Signal::derive(move || match (checked.get(), error()) {
        (Some(Field::Code), _) if use_recovery.get() => Some(t_string!(i18n, reauth.recovery_required).to_string()),
        (Some(Field::Code), _) => code_format_error(i18n, &code.get()),
        (None, Some(e)) if Field::of(&e) == Some(Field::Code) => Some(code_error_message(i18n, &e)),
        _ => None,
    });
    let other_error = move || error().filter(|e| Field::of(e).is_none());
    let cancel = Callback::new(move |_| {
        submit.value().set(None);
        checked.set(None);
        password.set(String::new());
        code.set(String::new());
        use_recovery.set(false);
        reauth.finish(false);
    });
    let switch_kind = move |_| {
        use_recovery.update(|on| *on = !*on);
        code.set(String::new());
        checked.set(None);
        submit.value().set(None);
    };
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        submit.value().set(None);
        let code = needs_code().then(|| code.get_untracked().trim().to_string());
        let code_refused = |c: &str| if use_recovery.get_untracked() { c.is_empty() } else { !is_complete_code(c) };
        let refused = if password.with_untracked(String::is_empty) {
            Some(Field::Password)
        } else if code.as_deref().is_some_and(code_refused) {
            Some(Field::Code)
        } else {
            None
        };
        checked.set(refused);
        if refused.is_some() {
            focus_first_invalid();
        } else {
            submit.dispatch_local(ReauthRequest { password: password.get_untracked(), code });
        }
    };
    view! {
        <Modal open=reauth.asking on_dismiss=cancel labelled_by="reauth-heading" testid="reauth-dialog">
            <form class="stack" on:submit=on_submit novalidate>
                <h2 id="reauth-heading">{t!(i18n, reauth.title)}</h2>
                <p>{t!(i18n, reauth.intro)}</p>
                <PasswordField
                    id="reauth-password"
                    label=Signal::derive(move || t_string!(i18n, reauth.password).to_string())
                    value=password
                    error=password_error
                />
                <Show when=needs_code>
                    <Show
                        when=move || use_recovery.get()
                        fallback=move || view! {
                            <CodeInput
                                id="reauth-code"
                                label=Signal::derive(move || t_string!(i18n, reauth.code).to_string())
                                hint=Signal::derive(move || t_string!(i18n, reauth.code_hint).to_string())
                                value=code
                                error=code_error
                            />
                        }
                    >
                        <TextField
                            id="reauth-recovery-code"
                            label=Signal::derive(move || t_string!(i18n, reauth.recovery_code).to_string())
                            hint=Signal::derive(move || t_string!(i18n, reauth.recovery_hint).to_string())
                            value=code
                            error=code_error
                            autocomplete="off"
                        />
                    </Show>
                    <button type="button" class="link-button" on:click=switch_kind data-testid="reauth-switch-code">
                        {move || if use_recovery.get() {
                            t_string!(i18n, reauth.use_totp)
                        } else {
                            t_string!(i18n, reauth.use_recovery)
                        }}
                    </button>
                </Show>
                <div aria-live="polite">{move || other_error().map(|error| view! { <ErrorNotice error /> })}</div>
                <div class="button-row">
                    <button type="submit" class="primary" disabled=move || submit.pending().get() data-testid="reauth-submit">
                        {t!(i18n, reauth.confirm)}
                    </button>
                    <button type="button" on:click=move |_| cancel.run(()) data-testid="reauth-cancel">
                        {t!(i18n, reauth.cancel)}
                    </button>
                </div>
            </form>
        </Modal>
    }
}

/// The input an error belongs at.
#[derive(Clone, Copy, PartialEq)]
enum Field {
    Password,
    Code,
}

impl Field {
    fn of(error: &ApiError) -> Option<Field> {
        match error.code()? {
            ErrorCode::InvalidCredentials => Some(Field::Password),
            ErrorCode::InvalidCode | ErrorCode::CodeAlreadyUsed | ErrorCode::CodeExpired => Some(Field::Code),
            ErrorCode::ValidationFailed => match error.field() {
                Some("code") => Some(Field::Code),
                Some("password") => Some(Field::Password),
                _ => None,
            },
            _ => None,
        }
    }
}
