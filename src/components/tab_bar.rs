//! On a phone, the signed-in user's main destinations one tap away at the bottom of the screen.
//! Wider screens have them in the header and hide the bar.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::*;
use crate::routes::Page;
use crate::session::use_session;

#[component]
pub fn TabBar() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let signed_in = Memo::new(move |_| session.is_signed_in());
    let unread = move || session.unread_messages();
    move || {
        signed_in.get().then(|| {
            view! {
                <nav class="tab-bar" aria-label=move || t_string!(i18n, tabs.label) data-testid="tab-bar">
                    <A href=Page::Wallet.path() exact=true attr:data-testid="tab-wallet">{t!(i18n, tabs.wallet)}</A>
                    <A href=Page::Pay.path() attr:data-testid="tab-pay">{t!(i18n, tabs.pay)}</A>
                    <A href=Page::Transactions.path() attr:data-testid="tab-transactions">{t!(i18n, tabs.transactions)}</A>
                    <A href=Page::Messages.path() attr:data-testid="tab-messages">
                        {t!(i18n, tabs.messages)}
                        {move || (unread() > 0).then(|| view! { <span class="tab-dot" aria-hidden="true"></span> })}
                    </A>
                    <A href=Page::Help.path() attr:data-testid="tab-help">{t!(i18n, tabs.help)}</A>
                </nav>
            }
        })
    }
}
