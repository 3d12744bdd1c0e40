use leptos::prelude::*;

// Placeholder until the page is written.
#[component]
pub fn UnlockPage() -> impl IntoView {
    view! { <h1>"UnlockPage"</h1> }
}
