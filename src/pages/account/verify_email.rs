use leptos::prelude::*;

// Placeholder until the page is written.
#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    view! { <h1>"VerifyEmailPage"</h1> }
}
