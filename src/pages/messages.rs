use leptos::prelude::*;

// Placeholder until the page is written.
#[component]
pub fn MessagesPage() -> impl IntoView {
    view! { <h1>"MessagesPage"</h1> }
}
