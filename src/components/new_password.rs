use leptos::prelude::*;

use crate::components::password_field::PasswordField;
use crate::components::strength_meter::StrengthMeter;
use crate::i18n::*;

/// Choosing a new password: the password with its strength meter, and the same again to
/// confirm it. The meter's id is the password's id with `-strength`.
#[component]
pub fn NewPasswordFields(
    #[prop(into)] id: String,
    #[prop(into)] confirm_id: String,
    password: RwSignal<String>,
    confirmation: RwSignal<String>,
    #[prop(into)] password_error: Signal<Option<String>>,
    #[prop(into)] confirmation_error: Signal<Option<String>>,
    /// The user's name, e-mail and phone, which the password should not contain.
    #[prop(into)]
    personal: Signal<Vec<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let strength_id = format!("{id}-strength");
    view! {
        <PasswordField
            id=id
            label=move || t_string!(i18n, password.new_label)
            value=password
            error=password_error
            autocomplete="new-password"
            described_by_also=strength_id.clone()
        />
        <StrengthMeter id=strength_id password=password personal />
        <PasswordField
            id=confirm_id
            label=move || t_string!(i18n, password.confirm_new_label)
            value=confirmation
            error=confirmation_error
            autocomplete="new-password"
        />
    }
}
