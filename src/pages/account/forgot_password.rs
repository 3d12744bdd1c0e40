use leptos::prelude::*;

// Placeholder until the page is written.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    view! { <h1>"ForgotPasswordPage"</h1> }
}
