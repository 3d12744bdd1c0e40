use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::i18n::*;
use crate::routes::Page;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, not_found.title).to_string() />
        <section class="card" data-testid="not-found">
            <h1>{t!(i18n, not_found.title)}</h1>
            <p>{t!(i18n, not_found.body)}</p>
            <ul class="link-list">
                <li><A href=Page::Home.path()>{t!(i18n, not_found.home_link)}</A></li>
                <li><A href=Page::Contact.path()>{t!(i18n, not_found.contact_link)}</A></li>
            </ul>
        </section>
    }
}
