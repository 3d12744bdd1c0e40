use leptos::prelude::*;

// Placeholder until the page is written.
#[component]
pub fn SignUpPage() -> impl IntoView {
    view! { <h1>"SignUpPage"</h1> }
}
