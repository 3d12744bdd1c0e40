use leptos::prelude::*;
use wasm_bindgen::JsCast;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use crate::brand::{product_name, use_brand};
use crate::components::account_menu::{AccountMenu, AccountNotice, AccountShortcut};
use crate::components::offline_banner::OfflineBanner;
use crate::components::tab_bar::TabBar;
use crate::components::{lang_picker::LanguagePicker, theme_picker::ThemePicker};
use crate::i18n::*;
use crate::prefs::lang_of;
use crate::routes::Page;

/// Header with the product name, navigation and account area, the page, and the footer with
/// the hotline. On a phone the header is one row (brand, the account shortcut, "Menu"), the
/// navigation, account links and settings open from "Menu", and a signed-in user gets a tab bar
/// at the bottom; on a wider screen the menu's content stands in the header.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let menu_open = RwSignal::new(false);
    // A followed link closes the menu.
    let location = use_location();
    Effect::new(move |_| {
        location.pathname.track();
        menu_open.set(false);
    });
    view! {
        <a class="skip-link" href="#main" on:click=skip_to_main>{t!(i18n, app.skip_to_content)}</a>
        <header class="site-header" on:keydown=move |event| close_on_escape(event, menu_open)>
            <Brand />
            <AccountShortcut />
            <MenuToggle open=menu_open />
            <div id="site-menu" class="site-menu" class:open=move || menu_open.get() data-testid="site-menu">
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
            </div>
        </header>
        <OfflineBanner />
        <AccountNotice />
        <main id="main" class="site-main" tabindex="-1">
            {children()}
        </main>
        <TabBar />
        <Footer />
    }
}

#[component]
fn Brand() -> impl IntoView {
    let product = product_name();
    view! {
        <A href=Page::Home.path() attr:class="brand" attr:data-testid="product-name">
            <img class="brand-logo" src="/favicon.svg" alt="" width="28" height="28" />
            <span>{move || product.get().unwrap_or_default()}</span>
        </A>
    }
}

/// "Menu" on a phone: opens and closes the navigation, account links and settings.
#[component]
fn MenuToggle(open: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button
            type="button"
            class="menu-toggle"
            aria-controls="site-menu"
            aria-expanded=move || open.get().to_string()
            on:click=move |_| open.update(|o| *o = !*o)
            data-testid="menu-toggle"
        >
            <span class="menu-icon" aria-hidden="true"></span>
            {move || if open.get() { t_string!(i18n, nav.menu_close) } else { t_string!(i18n, nav.menu) }}
        </button>
    }
}

fn close_on_escape(event: leptos::ev::KeyboardEvent, open: RwSignal<bool>) {
    if event.key() == "Escape" && open.get_untracked() {
        open.set(false);
        focus_menu_toggle();
    }
}

fn focus_menu_toggle() {
    let toggle = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(".menu-toggle").ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(toggle) = toggle {
        let _ = toggle.focus();
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
