use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use wallet_api::ServiceStatus;

use crate::api;
use crate::i18n::*;
use crate::routes::Page;
use crate::session::use_session;
use crate::takeover::RevealWhenRendered;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let health = LocalResource::new(api::health);
    let status = move || {
        Suspend::new(async move {
            let ok = matches!(health.await, Ok(h) if h.status == ServiceStatus::Ok);
            let state = if ok { "ok" } else { "down" };
            view! {
                <p class="service-status" data-state=state>
                    <span class="line-status-dot" aria-hidden="true"></span>
                    {move || if ok { t_string!(i18n, home.status_ok) } else { t_string!(i18n, home.status_down) }}
                </p>
            }
        })
    };
    view! {
        // Pre-rendered too: the app takes the page over once this view is in place.
        <RevealWhenRendered />
        <Title text=move || t_string!(i18n, home.title).to_string() />
        <section class="hero">
            <h1>{t!(i18n, home.title)}</h1>
            <p class="lead">{t!(i18n, home.intro)}</p>
            <div class="button-row">
                {move || session.is_signed_in().then(|| view! {
                    <A href=Page::Wallet.path() attr:class="button" attr:data-testid="home-wallet">{t!(i18n, wallet.home_link)}</A>
                })}
                <A href=Page::Contact.path() attr:class="button">{t!(i18n, home.contact_cta)}</A>
            </div>
        </section>
        <section class="card" aria-labelledby="home-help-heading" data-testid="home-help">
            <h2 id="home-help-heading">{t!(i18n, home.help_heading)}</h2>
            <p>{t!(i18n, home.help_body)}</p>
            <p class="button-row">
                <A href=Page::Help.path() attr:class="button">{t!(i18n, home.help_link)}</A>
                <A href=Page::Contact.path()>{t!(i18n, home.hotline_link)}</A>
            </p>
        </section>
        <section class="card" aria-labelledby="status-heading">
            <h2 id="status-heading">{t!(i18n, home.status_heading)}</h2>
            <div aria-live="polite" data-testid="service-status">
                <Transition fallback=move || view! { <p>{t!(i18n, home.status_checking)}</p> }>
                    {status}
                </Transition>
            </div>
        </section>
    }
}
