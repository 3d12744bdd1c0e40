use leptos::prelude::*;

// Placeholder until the page is written.
#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    view! { <h1>"ChangePasswordPage"</h1> }
}
