//! One transaction in a list (the dashboard's recent ones, the transactions page): when, what,
//! with whom, its status and what it did to the balance, linking to its details.

use leptos::prelude::*;
use leptos_router::components::A;
use wallet_api::{Money, Transaction, TransactionStatus};

use crate::components::amount::Amount;
use crate::components::transaction_text::{counterparty_text, kind_label, status_label};
use crate::i18n::*;
use crate::prefs::lang_of;
use crate::routes::Page;
use crate::time::format_timestamp;

/// What a list shows as a transaction's amount: the signed balance change once completed;
/// before that (or when it failed) the amount itself, read together with the status.
pub fn shown_amount(transaction: &Transaction) -> (Money, bool) {
    match transaction.status {
        TransactionStatus::Completed => (transaction.balance_change(), true),
        TransactionStatus::Pending | TransactionStatus::Failed => (transaction.amount, false),
    }
}

/// The status as a small coloured label (the colour is never the only cue: the word is there).
#[component]
pub fn StatusBadge(status: TransactionStatus, #[prop(optional, into)] testid: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("status-badge status-{}", status.as_str()) data-status=status.as_str() data-testid=testid>
            {move || status_label(i18n, status)}
        </span>
    }
}

#[component]
pub fn TransactionRow(transaction: Transaction) -> impl IntoView {
    let i18n = use_i18n();
    let (money, signed) = shown_amount(&transaction);
    let (kind, status, created_at) = (transaction.kind, transaction.status, transaction.created_at);
    let party = counterparty_text(&transaction.counterparty);
    view! {
        <li
            class="transaction-row"
            class:transaction-failed=status == TransactionStatus::Failed
            data-testid="transaction-row"
            data-id=transaction.id.clone()
            data-status=status.as_str()
            data-kind=kind.as_str()
        >
            <div class="transaction-what">
                <A href=Page::Transaction(transaction.id.clone()).path() attr:class="transaction-link">
                    <span class="transaction-kind">{move || kind_label(i18n, kind)}</span>
                    <span class="transaction-party">{party}</span>
                </A>
                <span class="muted transaction-time">{move || format_timestamp(lang_of(i18n.get_locale()), created_at)}</span>
            </div>
            <div class="transaction-money">
                <Amount money signed />
                <StatusBadge status />
            </div>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wallet_api::{Counterparty, Currency, PartyKind, TransactionKind};

    fn transaction(kind: TransactionKind, status: TransactionStatus) -> Transaction {
        Transaction {
            id: "TABCDEF123456".into(),
            kind,
            status,
            amount: Money::new(10_000, Currency::CNY),
            fee: Money::new(10, Currency::CNY),
            counterparty: Counterparty { kind: PartyKind::User, id: "W12345678".into(), masked_name: "*三丰".into() },
            note: None,
            failure: None,
            created_at: 0,
            updated_at: 0,
        }
    }

    #[test]
    fn a_completed_payment_shows_what_left_the_balance_with_its_fee() {
        let (money, signed) = shown_amount(&transaction(TransactionKind::PaymentSent, TransactionStatus::Completed));
        assert_eq!((money.minor, signed), (-10_010, true));
    }

    #[test]
    fn a_pending_or_failed_transaction_shows_its_amount_unsigned() {
        for status in [TransactionStatus::Pending, TransactionStatus::Failed] {
            let (money, signed) = shown_amount(&transaction(TransactionKind::TopUp, status));
            assert_eq!((money.minor, signed), (10_000, false));
        }
    }
}
