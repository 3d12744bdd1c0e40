use leptos::prelude::*;
use wasm_bindgen::JsCast;
use leptos_router::components::A;

use crate::brand::{product_name, use_brand};
use crate::components::account_menu::{AccountMenu, AccountNotice};
use crate::components::{lang_picker::LanguagePicker, theme_picker::ThemePicker};
use crate::i18n::*;
use crate::prefs::lang_of;
use crate::routes::Page;

/// Header with the product name, navigation and account area, the page, and the footer with
/// the hotline.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let product = product_name();
    view! {
        <a class="skip-link" href="#main" on:click=skip_to_main>{t!(i18n, app.skip_to_content)}</a>
        <header class="site-header">
            <A href=Page::Home.path() attr:class="brand" attr:data-testid="product-name">
                <img class="brand-logo" src="/favicon.svg" alt="" width="28" height="28" />
                <span>{move || product.get().unwrap_or_default()}</span>
            </A>
            <nav class="site-nav" aria-label=move || t_string!(i18n, nav.label)>
                <A href=Page::Home.path() exact=true>{t!(i18n, nav.home)}</A>
                <A href=Page::Help.path()>{t!(i18n, nav.help)}</A>
                <A href=Page::Contact.path()>{t!(i18n, nav.contact)}</A>
            </nav>
            <AccountMenu />
            <div class="site-prefs">
                <LanguagePicker />
                <ThemePicker />
            </div>
            <AccountNotice />
        </header>
        <main id="main" class="site-main" tabindex="-1">
            {children()}
        </main>
        <Footer />
    }
}

/// Moves focus to the page's content. Done by hand because the router treats `#main` as a
/// navigation and would only scroll, leaving keyboard focus in the header.
fn skip_to_main(event: leptos::ev::MouseEvent) {
    event.prevent_default();
    let main = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("main"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(main) = main {
        let _ = main.focus();
    }
}

#[component]
fn Footer() -> impl IntoView {
    let i18n = use_i18n();
    let brand = use_brand();
    let lines = move || {
        let lang = lang_of(i18n.get_locale());
        brand
            .get()
            .and_then(|b| b.ok())
            .map(|brand| {
                brand
                    .hotlines
                    .into_iter()
                    .map(|line| {
                        view! {
                            <li>
                                <span>{line.label.get(lang).to_string()}</span>
                                " "
                                <a href=line.tel_href() data-testid="footer-hotline">{line.number.clone()}</a>
                            </li>
                        }
                    })
                    .collect_view()
            })
    };
    let domains = move || {
        brand.get().and_then(|b| b.ok()).map(|b| b.official_domains.join(" · ")).unwrap_or_default()
    };
    view! {
        <footer class="site-footer">
            <section aria-labelledby="footer-hotline-heading">
                <h2 id="footer-hotline-heading">{t!(i18n, footer.hotline)}</h2>
                <ul class="footer-hotlines">{lines}</ul>
                <p class="footer-links">
                    <A href=Page::Contact.path()>{t!(i18n, footer.contact_link)}</A>
                    <A href=Page::Help.path()>{t!(i18n, footer.help_link)}</A>
                </p>
            </section>
            <p class="footer-domains">
                {t!(i18n, footer.official_domains)} ": " <span>{domains}</span>
            </p>
        </footer>
    }
}
