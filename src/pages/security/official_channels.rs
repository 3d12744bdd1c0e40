use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::brand::use_brand;
use crate::brand_file::Brand;
use crate::i18n::*;
use crate::prefs::lang_of;
use crate::routes::Page;

/// How to tell us from impostors: our only web addresses, numbers and e-mail, what our staff
/// never ask for, and what to do when someone does. Public: people need it before signing in.
#[component]
pub fn OfficialChannelsPage() -> impl IntoView {
    let i18n = use_i18n();
    let brand = use_brand();
    let channels = move || match brand.get() {
        Some(Ok(brand)) => view! { <Channels brand /> }.into_any(),
        Some(Err(_)) => view! {
            <p class="notice notice-error" role="alert">{t!(i18n, channels.brand_unavailable)}</p>
        }
        .into_any(),
        None => view! { <p>{t!(i18n, app.loading)}</p> }.into_any(),
    };
    view! {
        <Title text=move || t_string!(i18n, channels.title).to_string() />
        <h1>{t!(i18n, channels.title)}</h1>
        <p class="lead">{t!(i18n, channels.intro)}</p>
        {channels}
        <div class="two-columns">
            <section class="card" aria-labelledby="never-heading" data-testid="never-ask">
                <h2 id="never-heading">{t!(i18n, channels.never_heading)}</h2>
                <p>{t!(i18n, channels.never_intro)}</p>
                <ul>
                    <li>{t!(i18n, channels.never_password)}</li>
                    <li>{t!(i18n, channels.never_codes)}</li>
                    <li>{t!(i18n, channels.never_email_codes)}</li>
                    <li>{t!(i18n, channels.never_safe_account)}</li>
                    <li>{t!(i18n, channels.never_remote_apps)}</li>
                </ul>
            </section>
            <section class="card" aria-labelledby="if-asked-heading" data-testid="if-asked">
                <h2 id="if-asked-heading">{t!(i18n, channels.if_asked_heading)}</h2>
                <ol>
                    <li>{t!(i18n, channels.if_asked_hang_up)}</li>
                    <li>{t!(i18n, channels.if_asked_call)}</li>
                    <li>
                        {t!(i18n, channels.if_asked_report)} " "
                        <A href=Page::HelpArticle("phishing-and-official-channels".into()).path()>
                            {t!(i18n, channels.if_asked_report_link)}
                        </A>
                    </li>
                </ol>
            </section>
        </div>
    }
}

#[component]
fn Channels(brand: Brand) -> impl IntoView {
    let i18n = use_i18n();
    let domains = brand
        .official_domains
        .iter()
        .map(|domain| view! { <li><code data-testid="official-domain">{domain.clone()}</code></li> })
        .collect_view();
    let lines = brand
        .hotlines
        .into_iter()
        .map(|line| {
            let label = line.label.clone();
            let number = line.number.clone();
            view! {
                <li>
                    <span>{move || label.get(lang_of(i18n.get_locale())).to_string()}</span> " "
                    <a href=line.tel_href() data-testid="channel-hotline">{number}</a>
                </li>
            }
        })
        .collect_view();
    let email = brand.support_email;
    view! {
        <div class="two-columns">
            <section class="card" aria-labelledby="domains-heading">
                <h2 id="domains-heading">{t!(i18n, channels.domains_heading)}</h2>
                <p>{t!(i18n, channels.domains_intro)}</p>
                <ul class="channel-list">{domains}</ul>
            </section>
            <section class="card" aria-labelledby="phone-heading">
                <h2 id="phone-heading">{t!(i18n, channels.hotlines_heading)}</h2>
                <p>{t!(i18n, channels.hotlines_intro)}</p>
                <ul class="channel-list">{lines}</ul>
                <p><A href=Page::Contact.path()>{t!(i18n, channels.hours_link)}</A></p>
            </section>
            <section class="card" aria-labelledby="support-email-heading">
                <h2 id="support-email-heading">{t!(i18n, channels.email_heading)}</h2>
                <p>{t!(i18n, channels.email_intro)}</p>
                <p><a href=format!("mailto:{email}") data-testid="support-email">{email.clone()}</a></p>
            </section>
        </div>
    }
}
