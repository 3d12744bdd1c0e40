use leptos::prelude::*;

// Placeholder until the page is written.
#[component]
pub fn OfficialChannelsPage() -> impl IntoView {
    view! { <h1>"OfficialChannelsPage"</h1> }
}
