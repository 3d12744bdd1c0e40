use leptos::prelude::*;

// Placeholder until the page is written.
#[component]
pub fn TwoFactorPage() -> impl IntoView {
    view! { <h1>"TwoFactorPage"</h1> }
}
