use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use wallet_api::{ErrorCode, Transaction, TransactionKind, TransactionStatus};

use crate::api;
use crate::components::amount::Amount;
use crate::components::error_notice::{code_message, ErrorNotice};
use crate::components::hide_amounts::{provide_hide_amounts, use_hide_amounts, HideAmountsToggle};
use crate::components::require_sign_in::RequireSignIn;
use crate::components::text_field::fill_in;
use crate::components::transaction_row::StatusBadge;
use crate::components::transaction_text::{kind_label, party_kind_label};
use crate::i18n::*;
use crate::components::copy_button::CopyButton;
use crate::prefs::lang_of;
use crate::routes::Page;
use crate::time::format_timestamp;

/// Where "Report a problem" leads: the payment-failed wizard for a payment sent, the
/// withdrawal wizard for a withdrawal, the hotline for anything else; each with the
/// transaction's ID, so it need not be typed again.
pub fn report_problem_href(kind: TransactionKind, id: &str) -> String {
    match kind {
        TransactionKind::PaymentSent => Page::HelpWizard("payment-failed".into()).with_query(&[("transaction", id)]),
        TransactionKind::Withdrawal => Page::HelpWizard("withdrawal".into()).with_query(&[("transaction", id)]),
        TransactionKind::TopUp | TransactionKind::PaymentReceived => Page::Contact.with_query(&[("transaction", id)]),
    }
}

/// One transaction in full, as a receipt that prints on its own.
#[component]
pub fn TransactionPage() -> impl IntoView {
    view! {
        <RequireSignIn>
            <TransactionContent />
        </RequireSignIn>
    }
}

#[component]
fn TransactionContent() -> impl IntoView {
    let i18n = use_i18n();
    provide_hide_amounts();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let transaction = LocalResource::new(move || api::transaction(id.get()));
    let content = move || {
        Suspend::new(async move {
            match transaction.await {
                Ok(transaction) => view! { <Receipt transaction /> }.into_any(),
                Err(error) if error.code() == Some(ErrorCode::NotFound) => view! {
                    <p class="notice notice-error" role="alert" data-testid="transaction-not-found">
                        {move || fill_in(t_string!(i18n, receipt.not_found), "id", id.get())}
                    </p>
                }
                .into_any(),
                Err(error) => view! { <ErrorNotice error /> }.into_any(),
            }
        })
    };
    view! {
        <Title text=move || t_string!(i18n, receipt.title).to_string() />
        <div class="wallet-heading receipt-heading">
            <h1>{t!(i18n, receipt.title)}</h1>
            <HideAmountsToggle />
        </div>
        <Transition fallback=move || view! { <p>{t!(i18n, app.loading)}</p> }>{content}</Transition>
        <p class="receipt-back">
            <A href=Page::Transactions.path()>{t!(i18n, receipt.back)}</A>
        </p>
    }
}

#[component]
fn Receipt(transaction: Transaction) -> impl IntoView {
    let i18n = use_i18n();
    let hide = use_hide_amounts();
    let lang = move || lang_of(i18n.get_locale());
    let Transaction { id, kind, status, amount, fee, counterparty, note, failure, created_at, updated_at } = transaction;
    // A refused transaction moved nothing: no "total paid", and a plain line saying so.
    let failed = status == TransactionStatus::Failed;
    let total = (kind == TransactionKind::PaymentSent && !failed).then(|| amount.checked_add(fee)).flatten().map(|total| {
        view! {
            <dt>{t!(i18n, receipt.total)}</dt>
            <dd><Amount money=total testid="transaction-total" /></dd>
        }
    });
    let note = note.filter(|n| !n.trim().is_empty()).map(|note| {
        view! {
            <dt>{t!(i18n, receipt.note)}</dt>
            <dd class="receipt-note">{note}</dd>
        }
    });
    let failure = failure.filter(|_| status == TransactionStatus::Failed).map(|code| {
        view! {
            <dt>{t!(i18n, receipt.failure)}</dt>
            <dd data-testid="transaction-failure">{move || code_message(i18n, code)}</dd>
        }
    });
    let nothing_moved = failed
        .then(|| view! { <p class="notice" data-testid="no-money-moved">{t!(i18n, receipt.no_money_moved)}</p> });
    let pending = (status == TransactionStatus::Pending)
        .then(|| view! { <p class="notice notice-warning" data-testid="transaction-pending">{t!(i18n, receipt.pending_hint)}</p> });
    let copy_label = Signal::derive(move || t_string!(i18n, receipt.copy_id).to_string());
    let report = report_problem_href(kind, &id);
    let print = move |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    };
    let party_kind = counterparty.kind;
    let withdrawal_link = (kind == TransactionKind::Withdrawal).then(|| {
        view! {
            <p>
                <A href=Page::Withdrawal(id.clone()).path() attr:data-testid="withdrawal-link">{t!(i18n, receipt.withdrawal_link)}</A>
            </p>
        }
    });
    view! {
        <article class="card receipt" aria-labelledby="receipt-heading" data-testid="receipt">
            <h2 id="receipt-heading">{move || kind_label(i18n, kind)}</h2>
            {pending}
            {nothing_moved}
            {withdrawal_link}
            <dl class="receipt-fields">
                <dt>{t!(i18n, receipt.id)}</dt>
                <dd class="copy-row">
                    <code data-testid="transaction-id">{id.clone()}</code>
                    <CopyButton text=id.clone() label=copy_label testid="copy-transaction-id" />
                </dd>
                <dt>{t!(i18n, receipt.kind)}</dt>
                <dd data-testid="transaction-kind">{move || kind_label(i18n, kind)}</dd>
                <dt>{t!(i18n, receipt.status)}</dt>
                <dd><StatusBadge status testid="transaction-status" /></dd>
                <dt>{t!(i18n, receipt.amount)}</dt>
                <dd><Amount money=amount testid="transaction-amount" /></dd>
                <dt>{t!(i18n, receipt.fee)}</dt>
                <dd><Amount money=fee testid="transaction-fee" /></dd>
                {total}
                <dt>{t!(i18n, receipt.counterparty)}</dt>
                <dd data-testid="transaction-counterparty">
                    <span class="muted">{move || party_kind_label(i18n, party_kind)} ": "</span>
                    {counterparty.masked_name.clone()} " "
                    <code>{counterparty.id.clone()}</code>
                </dd>
                {note}
                {failure}
                <dt>{t!(i18n, receipt.created)}</dt>
                <dd>{move || format_timestamp(lang(), created_at)}</dd>
                <dt>{t!(i18n, receipt.updated)}</dt>
                <dd>{move || format_timestamp(lang(), updated_at)}</dd>
            </dl>
        </article>
        <div class="button-row receipt-actions">
            <button type="button" on:click=print aria-describedby="print-hint" data-testid="print-receipt">
                {t!(i18n, receipt.print)}
            </button>
            <A href=report attr:class="button button-secondary" attr:data-testid="report-problem">
                {t!(i18n, receipt.report_problem)}
            </A>
        </div>
        <p id="print-hint" class="muted receipt-actions">
            {move || if hide.hidden() {
                t_string!(i18n, receipt.print_hidden_hint).to_string()
            } else {
                t_string!(i18n, receipt.print_hint).to_string()
            }}
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_with_a_payment_sent_goes_to_the_payment_wizard_with_its_id() {
        assert_eq!(
            report_problem_href(TransactionKind::PaymentSent, "TABC123"),
            "/help/wizard/payment-failed?transaction=TABC123"
        );
    }

    #[test]
    fn a_problem_with_a_top_up_or_money_received_goes_to_the_hotline_with_its_id() {
        for kind in [TransactionKind::TopUp, TransactionKind::PaymentReceived] {
            assert_eq!(report_problem_href(kind, "TABC123"), "/contact?transaction=TABC123");
        }
    }
}
