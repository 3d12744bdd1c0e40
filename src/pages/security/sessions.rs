use leptos::prelude::*;

// Placeholder until the page is written.
#[component]
pub fn SessionsPage() -> impl IntoView {
    view! { <h1>"SessionsPage"</h1> }
}
