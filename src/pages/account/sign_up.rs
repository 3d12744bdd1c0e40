//! Create an account: e-mail, phone, display name and a password that passes the strength
//! check (shown live). The server then e-mails a code, entered on the verification page.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::use_navigate;
use wallet_api::{ErrorCode, SignUpRequest};

use crate::api::{self, ApiError};
use crate::components::form::{
    email_problem, focus_first_invalid, in_language, is_valid_display_name, is_valid_phone, new_password_check,
    FormAlert, Message, Say,
};
use crate::components::password_field::PasswordField;
use crate::components::strength_meter::{refused_password_problems, weak_password_message, StrengthMeter};
use crate::components::text_field::{EmailField, TextField};
use crate::i18n::*;
use crate::pages::account::sign_up_attempt::remember_sign_up_attempt;
use crate::prefs::lang_of;
use crate::routes::Page;
use crate::session::use_session;

// The limits are written in the texts (a test checks they match `form`'s).
fn phone_problem(phone: &str) -> Option<Say> {
    (!is_valid_phone(phone)).then(|| Say::new(|i18n| t_string!(i18n, sign_up.phone_invalid).to_string()))
}

fn name_problem(name: &str) -> Option<Say> {
    (!is_valid_display_name(name)).then(|| Say::new(|i18n| t_string!(i18n, sign_up.name_invalid).to_string()))
}

/// The fields of the form, for placing the server's answer at the right one.
#[derive(Clone, Copy)]
struct Messages {
    email: Message,
    phone: Message,
    name: Message,
    password: Message,
    confirmation: Message,
    form: Message,
}

impl Messages {
    fn new() -> Messages {
        Messages {
            email: RwSignal::new(None),
            phone: RwSignal::new(None),
            name: RwSignal::new(None),
            password: RwSignal::new(None),
            confirmation: RwSignal::new(None),
            form: RwSignal::new(None),
        }
    }

    fn any(&self) -> bool {
        [self.email, self.phone, self.name, self.password, self.confirmation]
            .iter()
            .any(|m| m.with_untracked(Option::is_some))
    }

    /// The server's refusal, at the field it names (or at the form).
    fn place(&self, error: ApiError) {
        if let Some(problems) = refused_password_problems(&error) {
            self.password.set(Some(Say::new(move |i18n| weak_password_message(i18n, &problems))));
            return;
        }
        let at = match (error.code(), error.field()) {
            (Some(ErrorCode::ValidationFailed), Some("email")) => Some(self.email),
            (Some(ErrorCode::ValidationFailed), Some("phone")) => Some(self.phone),
            (Some(ErrorCode::ValidationFailed), Some("display_name")) => Some(self.name),
            (Some(ErrorCode::ValidationFailed), Some("password")) => Some(self.password),
            _ => None,
        };
        match at {
            Some(field) => field.set(Some(Say::error(error))),
            None => self.form.set(Some(Say::error(error))),
        }
    }
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let email = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let confirmation = RwSignal::new(String::new());
    let messages = Messages::new();
    let personal = Signal::derive(move || vec![email.get(), phone.get(), name.get()]);

    let sign_up = Action::new_local(|request: &SignUpRequest| api::sign_up(request.clone()));
    Effect::new(move |_| {
        let Some(result) = sign_up.value().get() else { return };
        match result {
            Ok(sent) => {
                remember_sign_up_attempt(email.get_untracked().trim(), sent.attempt.as_deref());
                let to = Page::VerifyEmail.with_query(&[("email", email.get_untracked().trim())]);
                navigate(&to, Default::default());
            }
            Err(error) => {
                messages.place(error);
                focus_first_invalid();
            }
        }
    });
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        messages.form.set(None);
        let request = SignUpRequest {
            email: email.get_untracked().trim().to_string(),
            phone: phone.get_untracked().trim().to_string(),
            display_name: name.get_untracked().trim().to_string(),
            password: password.get_untracked(),
            lang: lang_of(i18n.get_locale_untracked()),
        };
        messages.email.set(email_problem(&request.email));
        messages.phone.set(phone_problem(&request.phone));
        messages.name.set(name_problem(&request.display_name));
        let (password_problem, confirmation_problem) =
            new_password_check(&request.password, &confirmation.get_untracked(), &personal.get_untracked());
        messages.password.set(password_problem);
        messages.confirmation.set(confirmation_problem);
        if messages.any() {
            focus_first_invalid();
            return;
        }
        sign_up.dispatch(request);
    };
    // Signed in already: there is nothing to sign up for.
    let already_signed_in = move || session.is_signed_in().then(|| view! { <Redirect path=Page::Home.path() /> });

    view! {
        <Title text=move || t_string!(i18n, sign_up.title).to_string() />
        {already_signed_in}
        <div class="account-page">
            <h1>{t!(i18n, sign_up.title)}</h1>
            <p class="lead">{t!(i18n, sign_up.intro)}</p>
            <form class="card account-form" method="post" on:submit=on_submit novalidate data-testid="sign-up-form">
                <EmailField
                    id="sign-up-email"
                    value=email
                    error=in_language(i18n, messages.email)
                />
                <TextField
                    id="sign-up-phone"
                    label=move || t_string!(i18n, sign_up.phone_label)
                    value=phone
                    error=in_language(i18n, messages.phone)
                    hint=Signal::derive(move || t_string!(i18n, sign_up.phone_hint).to_string())
                    input_type="tel"
                    autocomplete="tel"
                />
                <TextField
                    id="sign-up-name"
                    label=move || t_string!(i18n, sign_up.name_label)
                    value=name
                    error=in_language(i18n, messages.name)
                    hint=Signal::derive(move || t_string!(i18n, sign_up.name_hint).to_string())
                    autocomplete="nickname"
                />
                <PasswordField
                    id="sign-up-password"
                    label=move || t_string!(i18n, sign_up.password_label)
                    value=password
                    error=in_language(i18n, messages.password)
                    autocomplete="new-password"
                    described_by_also="sign-up-strength"
                />
                <StrengthMeter id="sign-up-strength" password=password personal />
                <PasswordField
                    id="sign-up-confirm"
                    label=move || t_string!(i18n, sign_up.confirm_label)
                    value=confirmation
                    error=in_language(i18n, messages.confirmation)
                    autocomplete="new-password"
                />
                <FormAlert message=messages.form testid="sign-up-error" />
                <button type="submit" class="button" disabled=move || sign_up.pending().get() data-testid="sign-up-submit">
                    {t!(i18n, sign_up.submit)}
                </button>
            </form>
            <p>
                {t!(i18n, sign_up.have_account)} " "
                <A href=Page::SignIn.path()>{t!(i18n, sign_up.sign_in)}</A>
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_well_formed_phone_and_name_have_no_problem() {
        assert!(phone_problem("+86 138 0013 8000").is_none());
        assert!(name_problem("Li Wei").is_none());
    }

    #[test]
    fn the_phone_and_name_messages_state_the_limits_that_are_checked() {
        use crate::components::form::{DISPLAY_NAME_MAX_CHARS, PHONE_MAX_DIGITS, PHONE_MIN_DIGITS};
        for json in [include_str!("../../../locales/en.json"), include_str!("../../../locales/zh-CN.json")] {
            let locale: serde_json::Value = serde_json::from_str(json).unwrap();
            let phone = locale["sign_up"]["phone_invalid"].as_str().unwrap();
            assert!(phone.contains(&format!("{PHONE_MIN_DIGITS} ")) && phone.contains(&format!("{PHONE_MAX_DIGITS} ")), "{phone}");
            let name = locale["sign_up"]["name_invalid"].as_str().unwrap();
            assert!(name.contains(&format!("{DISPLAY_NAME_MAX_CHARS} ")), "{name}");
        }
    }

    #[test]
    fn a_short_phone_and_an_empty_name_are_refused_before_sending() {
        assert!(phone_problem("12345").is_some());
        assert!(name_problem("  ").is_some());
    }
}
