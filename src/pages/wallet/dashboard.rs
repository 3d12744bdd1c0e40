use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::components::copy_button::CopyButton;
use wallet_api::{Balance, Overview, Transaction};

use crate::api;
use crate::components::amount::Amount;
use crate::components::balance_chart::BalanceChart;
use crate::components::hide_amounts::{provide_hide_amounts, HideAmountsToggle};
use crate::components::load_error::load_error;
use crate::components::require_sign_in::RequireSignIn;
use crate::components::text_field::fill_in;
use crate::components::transaction_row::TransactionRow;
use crate::i18n::*;
use crate::pages::wallet::restrictions::scope_label;
use crate::prefs::lang_of;
use crate::routes::Page;
use crate::session::use_session;
use crate::time::format_timestamp;

/// Recovery codes at or below this count are worth replacing before they run out.
const FEW_RECOVERY_CODES: u32 = 3;

/// The wallet at a glance: balances, the wallet ID, quick actions, what needs attention, the
/// latest transactions and the last 30 days of balances.
#[component]
pub fn DashboardPage() -> impl IntoView {
    view! {
        <RequireSignIn>
            <DashboardContent />
        </RequireSignIn>
    }
}

#[component]
fn DashboardContent() -> impl IntoView {
    let i18n = use_i18n();
    provide_hide_amounts();
    let overview = LocalResource::new(api::overview);
    let content = move || Suspend::new(async move { overview.await.map(|overview| view! { <OverviewView overview /> }) });
    // Announced once the numbers are in (an error announces itself).
    let loaded = move || {
        overview.with(|o| matches!(o, Some(Ok(_)))).then(|| t_string!(i18n, wallet.loaded).to_string())
    };
    view! {
        <Title text=move || t_string!(i18n, wallet.title).to_string() />
        <div class="wallet-heading">
            <h1>{t!(i18n, wallet.title)}</h1>
            <HideAmountsToggle />
        </div>
        <AccountBanners />
        <p class="visually-hidden" role="status">{loaded}</p>
        <Transition fallback=move || view! { <p>{t!(i18n, app.loading)}</p> }>
            <ErrorBoundary fallback=load_error>{content}</ErrorBoundary>
        </Transition>
    }
}

/// What the session says needs attention: 2FA off, few recovery codes, unread messages.
#[component]
fn AccountBanners() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let user = Memo::new(move |_| session.user().map(|u| (u.two_factor, u.recovery_codes_left)));
    let two_factor_off = move || {
        matches!(user.get(), Some((false, _))).then(|| {
            view! {
                <p class="notice notice-warning banner" data-testid="banner-two-factor">
                    {t!(i18n, wallet.banner_two_factor)} " "
                    <A href=Page::TwoFactor.path()>{t!(i18n, wallet.banner_two_factor_link)}</A>
                </p>
            }
        })
    };
    let codes_low = move || match user.get() {
        Some((true, left)) if left <= FEW_RECOVERY_CODES => Some(view! {
            <p class="notice notice-warning banner" data-testid="banner-recovery-codes">
                {move || fill_in(t_string!(i18n, wallet.banner_recovery_codes), "count", left)} " "
                <A href=Page::TwoFactor.path()>{t!(i18n, wallet.banner_recovery_codes_link)}</A>
            </p>
        }),
        _ => None,
    };
    let unread = Memo::new(move |_| session.unread_messages());
    let unread_banner = move || {
        let count = unread.get();
        (count > 0).then(|| {
            view! {
                <p class="notice banner banner-info" data-testid="banner-unread">
                    {move || fill_in(t_string!(i18n, wallet.banner_unread), "count", count)} " "
                    <A href=Page::Messages.path()>{t!(i18n, wallet.banner_unread_link)}</A>
                </p>
            }
        })
    };
    view! { <div class="banners">{two_factor_off} {codes_low} {unread_banner}</div> }
}

#[component]
fn OverviewView(overview: Overview) -> impl IntoView {
    let Overview { wallet_id, balances, recent, days, chart, restrictions, locked_until } = overview;
    let i18n = use_i18n();
    let locked = locked_until.map(|until| {
        view! {
            <p class="notice notice-error banner" data-testid="banner-locked">
                {move || fill_in(t_string!(i18n, wallet.banner_locked), "until", format_timestamp(lang_of(i18n.get_locale()), until))}
                " "
                <A href=Page::HelpWizard("locked".into()).path()>{t!(i18n, wallet.banner_locked_link)}</A>
            </p>
        }
    });
    let restricted = (!restrictions.is_empty()).then(|| {
        let scopes: Vec<_> = restrictions.iter().map(|r| r.scope).collect();
        let scopes_text = move || scopes.iter().map(|&s| scope_label(i18n, s)).collect::<Vec<_>>().join(", ");
        view! {
            <p class="notice notice-error banner" data-testid="banner-restricted">
                {move || fill_in(t_string!(i18n, wallet.banner_restricted), "scopes", scopes_text())} " "
                <A href=Page::Restrictions.path()>{t!(i18n, wallet.banner_restricted_link)}</A> " · "
                <A href=Page::HelpWizard("restricted".into()).path()>{t!(i18n, wallet.banner_restricted_help)}</A>
            </p>
        }
    });
    view! {
        {locked}
        {restricted}
        <div class="wallet-top">
            <Balances balances />
            <WalletId wallet_id />
        </div>
        <QuickActions />
        <RecentTransactions recent />
        <section class="card" aria-labelledby="chart-heading">
            <h2 id="chart-heading">{t!(i18n, wallet.chart_heading)}</h2>
            <BalanceChart days series=chart />
        </section>
    }
}

#[component]
fn Balances(balances: Vec<Balance>) -> impl IntoView {
    let i18n = use_i18n();
    let items = balances
        .into_iter()
        .map(|balance| {
            let code = balance.available.currency.code();
            let pending = (balance.pending.minor != 0).then(|| {
                view! {
                    <p class="balance-pending muted" data-testid=format!("pending-{code}")>
                        {t!(i18n, wallet.pending)} " " <Amount money=balance.pending />
                    </p>
                }
            });
            view! {
                <li class="balance">
                    <span class="balance-currency">{code}</span>
                    <span class="balance-label muted">{t!(i18n, wallet.available)}</span>
                    <Amount money=balance.available testid=format!("balance-{code}") />
                    {pending}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card balances" aria-labelledby="balances-heading">
            <h2 id="balances-heading">{t!(i18n, wallet.balances_heading)}</h2>
            <p class="muted">{t!(i18n, wallet.available_hint)}</p>
            <ul class="balance-list">{items}</ul>
        </section>
    }
}

#[component]
fn WalletId(wallet_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let label = Signal::derive(move || t_string!(i18n, wallet.copy_wallet_id).to_string());
    view! {
        <section class="card wallet-id" aria-labelledby="wallet-id-heading">
            <h2 id="wallet-id-heading">{t!(i18n, wallet.wallet_id)}</h2>
            <p class="copy-row">
                <code class="wallet-id-value" data-testid="wallet-id">{wallet_id.clone()}</code>
                <CopyButton text=wallet_id label testid="copy-wallet-id" />
            </p>
            <p class="muted">{t!(i18n, wallet.wallet_id_hint)}</p>
        </section>
    }
}

#[component]
fn QuickActions() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="actions-heading">
            <h2 id="actions-heading">{t!(i18n, wallet.actions_heading)}</h2>
            <ul class="quick-actions">
                <li>
                    <A href=Page::Pay.path() attr:class="button" attr:data-testid="quick-pay">{t!(i18n, wallet.pay)}</A>
                </li>
                <li>
                    <A href=Page::TopUp.path() attr:class="button" attr:data-testid="quick-top-up">{t!(i18n, wallet.top_up)}</A>
                </li>
                <li>
                    <A href=Page::Withdraw.path() attr:class="button" attr:data-testid="quick-withdraw">{t!(i18n, wallet.withdraw)}</A>
                </li>
            </ul>
        </section>
    }
}

#[component]
fn RecentTransactions(recent: Vec<Transaction>) -> impl IntoView {
    let i18n = use_i18n();
    let list = if recent.is_empty() {
        view! { <p class="muted" data-testid="recent-transactions">{t!(i18n, wallet.recent_empty)}</p> }.into_any()
    } else {
        let rows = recent.into_iter().map(|transaction| view! { <TransactionRow transaction /> }).collect_view();
        view! { <ul class="transaction-list" data-testid="recent-transactions">{rows}</ul> }.into_any()
    };
    view! {
        <section class="card" aria-labelledby="recent-heading">
            <h2 id="recent-heading">{t!(i18n, wallet.recent_heading)}</h2>
            {list}
            <p><A href=Page::Transactions.path()>{t!(i18n, wallet.all_transactions)}</A></p>
        </section>
    }
}

