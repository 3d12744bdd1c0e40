#![recursion_limit = "256"]
//! wallet-web: the wallet's single-page app.
//!
//! `App` provides the contexts every page uses (language, brand, theme) and owns the router;
//! paths live in `routes::Page`, pages in `pages/`, shared widgets in `components/`, and every
//! call to the wallet API goes through `api`.

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub mod api;
mod error_detail;
pub mod brand;
pub mod brand_file;
pub mod call_notes;
pub mod components;
pub mod help;
pub mod hours;
pub mod lazy_routes;
pub mod localized;
pub mod pages;
pub mod prefs;
pub mod prerendered;
pub mod routes;
pub mod session;
pub mod takeover;
pub mod text_file;
pub mod time;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{Lazy, ParamSegment, StaticSegment};

use crate::components::layout::Layout;
use crate::i18n::*;
use crate::lazy_routes as lazy;
use crate::pages::{home::HomePage, not_found::NotFoundPage};
use crate::routes::*;

/// Registers `sw.js` (release builds only: in development a worker would serve stale files),
/// so the shell, help and hotline pages keep working offline after a first visit.
pub fn register_service_worker() {
    if cfg!(debug_assertions) {
        return;
    }
    let Some(window) = web_sys::window() else { return };
    let registration = window.navigator().service_worker().register("/sw.js");
    leptos::task::spawn_local(async move {
        if let Err(error) = wasm_bindgen_futures::JsFuture::from(registration).await {
            leptos::logging::warn!("service worker not registered: {error:?}");
        }
    });
}

#[component]
pub fn App() -> impl IntoView {
    view! {
        <I18nContextProvider>
            <AppContexts>
                <Router>
                    <SessionProvider>
                    <Layout>
                        <Routes fallback=NotFoundPage>
                            <Route path=StaticSegment("") view=HomePage />
                            <Route path=StaticSegment(CONTACT) view={Lazy::<lazy::Contact>::new()} />
                            <Route path=StaticSegment(HELP) view={Lazy::<lazy::Help>::new()} />
                            <Route path=(StaticSegment(HELP), ParamSegment("slug")) view={Lazy::<lazy::HelpArticle>::new()} />
                            <Route
                                path=(StaticSegment(HELP), StaticSegment(WIZARD), ParamSegment("id"))
                                view={Lazy::<lazy::HelpWizard>::new()}
                            />
                            <Route path=StaticSegment(SIGN_IN) view={Lazy::<lazy::SignIn>::new()} />
                            <Route path=StaticSegment(SIGN_UP) view={Lazy::<lazy::SignUp>::new()} />
                            <Route path=StaticSegment(VERIFY_EMAIL) view={Lazy::<lazy::VerifyEmail>::new()} />
                            <Route path=StaticSegment(FORGOT_PASSWORD) view={Lazy::<lazy::ForgotPassword>::new()} />
                            <Route path=StaticSegment(UNLOCK) view={Lazy::<lazy::Unlock>::new()} />
                            <Route path=StaticSegment(SECURITY) view={Lazy::<lazy::Security>::new()} />
                            <Route path=(StaticSegment(SECURITY), StaticSegment(TWO_FACTOR)) view={Lazy::<lazy::TwoFactor>::new()} />
                            <Route path=(StaticSegment(SECURITY), StaticSegment(SESSIONS)) view={Lazy::<lazy::Sessions>::new()} />
                            <Route path=(StaticSegment(SECURITY), StaticSegment(PASSWORD)) view={Lazy::<lazy::ChangePassword>::new()} />
                            <Route
                                path=(StaticSegment(SECURITY), StaticSegment(OFFICIAL_CHANNELS))
                                view={Lazy::<lazy::OfficialChannels>::new()}
                            />
                            <Route path=StaticSegment(MESSAGES) view={Lazy::<lazy::Messages>::new()} />
                            <Route path=StaticSegment(WALLET) view={Lazy::<lazy::Wallet>::new()} />
                            <Route path=(StaticSegment(WALLET), StaticSegment(TOP_UP)) view={Lazy::<lazy::TopUp>::new()} />
                            <Route path=(StaticSegment(WALLET), StaticSegment(PAY)) view={Lazy::<lazy::Pay>::new()} />
                            <Route path=(StaticSegment(WALLET), StaticSegment(TRANSACTIONS)) view={Lazy::<lazy::Transactions>::new()} />
                            <Route
                                path=(StaticSegment(WALLET), StaticSegment(TRANSACTIONS), ParamSegment("id"))
                                view={Lazy::<lazy::Transaction>::new()}
                            />
                            <Route path=(StaticSegment(ACCOUNT), StaticSegment(RESTRICTIONS)) view={Lazy::<lazy::Restrictions>::new()} />
                            <Route path=(StaticSegment(WALLET), StaticSegment(WITHDRAW)) view={Lazy::<lazy::Withdraw>::new()} />
                            <Route
                                path=(StaticSegment(WALLET), StaticSegment(WITHDRAWALS), ParamSegment("id"))
                                view={Lazy::<lazy::Withdrawal>::new()}
                            />
                            <Route path=(StaticSegment(ACCOUNT), StaticSegment(BANK_ACCOUNTS)) view={Lazy::<lazy::BankAccounts>::new()} />
                        </Routes>
                    </Layout>
                    </SessionProvider>
                </Router>
            </AppContexts>
        </I18nContextProvider>
    }
}

/// The signed-in user, for every page (needs the router, to know where "back" is).
#[component]
fn SessionProvider(children: Children) -> impl IntoView {
    session::provide_session();
    children()
}

/// The contexts below the language one: saved preferences and the brand file.
#[component]
fn AppContexts(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    prerendered::provide();
    if cfg!(feature = "ssr") {
        // Pre-rendering: the page's language, not a browser's.
        if let Some(lang) = prerendered::use_prerendered().lang {
            i18n.set_locale_untracked(prefs::locale_of(lang));
        }
    }
    prefs::restore_language(i18n, prerendered::use_prerendered().lang);
    prefs::provide_theme();
    brand::provide_brand();
    let product = brand::product_name();
    view! {
        <Title formatter=move |page: String| match product.get() {
            Some(name) if !page.is_empty() => format!("{page} · {name}"),
            Some(name) => name,
            None => page,
        } />
        {children()}
    }
}
