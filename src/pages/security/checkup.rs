use leptos::prelude::*;

// Placeholder until the page is written.
#[component]
pub fn SecurityPage() -> impl IntoView {
    view! { <h1>"SecurityPage"</h1> }
}
