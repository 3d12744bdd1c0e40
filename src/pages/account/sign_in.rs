use leptos::prelude::*;

// Placeholder until the page is written.
#[component]
pub fn SignInPage() -> impl IntoView {
    view! { <h1>"SignInPage"</h1> }
}
