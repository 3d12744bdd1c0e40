//! "Before you call": what the hotline agent will ask for. Signed out it is a list to prepare;
//! signed in it fills itself in (masked e-mail, balances, recent transaction IDs to copy, the
//! latest withdrawal's ID and state) and hands out a one-time call verification code. Only that
//! signed-in part talks to the API, and nothing else on the page waits for it.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use wallet_api::{Balance, Transaction, TransactionStatus};

use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::components::form::query_value;
use crate::components::text_field::fill_in;
use crate::components::transaction_text::{kind_label, status_label};
use crate::components::withdrawal_text::state_label;
use crate::i18n::*;
use crate::components::copy_button::CopyButton;
use crate::prefs::lang_of;
use crate::routes::Page;
use crate::session::use_session;
use crate::time;

/// How many recent transactions the checklist offers to copy.
pub const RECENT_IN_CHECKLIST: usize = 5;

/// A transaction ID as links carry it (`?transaction=T…`): `T` and 12 letters or digits.
/// Anything else is not shown, so a crafted link cannot put arbitrary text on the page.
pub fn transaction_reference(text: &str) -> Option<String> {
    let text = text.trim();
    let rest = text.strip_prefix('T')?;
    (rest.len() == 12 && rest.chars().all(|c| c.is_ascii_alphanumeric())).then(|| text.to_string())
}

/// The `?transaction=` of the page, when it is a transaction ID.
pub fn reference_in_query() -> Option<String> {
    query_value("transaction").and_then(|value| transaction_reference(&value))
}

/// The hotline page, listing `reference` first in its checklist.
pub fn contact_href(reference: Option<&str>) -> String {
    match reference {
        Some(id) => Page::Contact.with_query(&[("transaction", id)]),
        None => Page::Contact.path(),
    }
}

/// One transaction ID of the checklist, with what is known about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub id: String,
    pub transaction: Option<Transaction>,
    /// The transaction the reader came about (`?transaction=`).
    pub reported: bool,
}

/// The reported transaction first, then the most recent ones, each ID once.
pub fn checklist_entries(reported: Option<String>, recent: Vec<Transaction>) -> Vec<Entry> {
    let mut entries = Vec::new();
    if let Some(id) = &reported {
        let transaction = recent.iter().find(|t| &t.id == id).cloned();
        entries.push(Entry { id: id.clone(), transaction, reported: true });
    }
    let others = recent
        .into_iter()
        .filter(|t| Some(&t.id) != reported.as_ref())
        .take(RECENT_IN_CHECKLIST)
        .map(|t| Entry { id: t.id.clone(), transaction: Some(t), reported: false });
    entries.extend(others);
    entries
}

/// "Copy" for one transaction ID, named after it (a list has several).
#[component]
pub fn CopyTransactionId(#[prop(into)] id: String) -> impl IntoView {
    let i18n = use_i18n();
    let label_id = id.clone();
    let label = Signal::derive(move || fill_in(t_string!(i18n, checklist.copy_id), "id", &label_id));
    view! { <CopyButton text=id label testid="copy-transaction-id" /> }
}

/// The checklist section of the hotline page.
#[component]
pub fn CallChecklist() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let reported = reference_in_query();
    // Only a change of who is signed in re-renders the list (not every session refresh).
    let email = Memo::new(move |_| session.user().map(|user| user.email));
    let filled = move || {
        let reported = reported.clone();
        match email.get() {
            Some(email) => view! { <FilledChecklist email reported /> }.into_any(),
            None => view! { <GenericChecklist reported /> }.into_any(),
        }
    };
    view! {
        <section class="card" aria-labelledby="before-heading" data-testid="before-you-call">
            <h2 id="before-heading">{t!(i18n, contact.before_heading)}</h2>
            {filled}
            <NeverAsked />
        </section>
    }
}

/// What to prepare, for a reader who is not signed in.
#[component]
fn GenericChecklist(reported: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let here = contact_href(reported.as_deref());
    let reported = reported.map(|id| {
        let (data_id, shown) = (id.clone(), id.clone());
        view! {
            <li data-testid="checklist-transaction" data-id=data_id>
                {t!(i18n, checklist.reported)} " "
                <code class="transaction-id">{shown}</code> " "
                <CopyTransactionId id />
            </li>
        }
    });
    view! {
        <p>{t!(i18n, contact.before_intro)}</p>
        <ul class="checklist" data-testid="checklist">
            {reported}
            <li>{t!(i18n, contact.before_email)}</li>
            <li>{t!(i18n, contact.before_balance)}</li>
            <li>{t!(i18n, contact.before_transactions)}</li>
            <li>{t!(i18n, contact.before_problem)}</li>
            <li>{t!(i18n, contact.before_device)}</li>
        </ul>
        <p>
            <A href=Page::sign_in_then(&here) attr:data-testid="checklist-sign-in">{t!(i18n, checklist.sign_in)}</A>
        </p>
    }
}

/// The checklist filled in from the account.
#[component]
fn FilledChecklist(email: String, reported: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let overview = LocalResource::new(api::overview);
    let balances = move || match overview.get() {
        None => view! { <span class="muted">{t!(i18n, app.loading)}</span> }.into_any(),
        Some(Ok(overview)) => view! { <Balances balances=overview.balances /> }.into_any(),
        Some(Err(_)) => view! { <span class="muted">{t!(i18n, checklist.unavailable)}</span> }.into_any(),
    };
    let transactions = move || match overview.get() {
        None => view! { <span class="muted">{t!(i18n, app.loading)}</span> }.into_any(),
        Some(loaded) => {
            let unavailable = loaded.is_err();
            // The reported ID is still worth copying when the rest cannot be loaded.
            let recent = loaded.map(|overview| overview.recent).unwrap_or_default();
            let entries = checklist_entries(reported.clone(), recent);
            view! { <TransactionList entries unavailable /> }.into_any()
        }
    };
    view! {
        <p>{t!(i18n, checklist.filled_intro)}</p>
        <dl class="checklist-facts" data-testid="checklist">
            <div>
                <dt>{t!(i18n, checklist.email)}</dt>
                <dd data-testid="checklist-email">{wallet_api::mask_email(&email)}</dd>
            </div>
            <div>
                <dt>{t!(i18n, checklist.balances)}</dt>
                <dd data-testid="checklist-balances">{balances}</dd>
            </div>
            <div>
                <dt>{t!(i18n, checklist.transactions)}</dt>
                <dd>{transactions}</dd>
            </div>
            <LatestWithdrawal />
            <div>
                <dt>{t!(i18n, checklist.problem)}</dt>
                <dd>{t!(i18n, contact.before_problem)}</dd>
            </div>
        </dl>
        <CallCode />
    }
}

#[component]
fn Balances(balances: Vec<Balance>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let items = balances
        .into_iter()
        .map(|balance| {
            let pending = (balance.pending.minor != 0).then(|| {
                let amount = move || balance.pending.format(lang());
                view! { " " <span class="muted">{t!(i18n, checklist.pending, amount)}</span> }
            });
            view! { <li>{move || balance.available.format(lang())} {pending}</li> }
        })
        .collect_view();
    view! { <ul class="checklist-balances">{items}</ul> }
}

#[component]
fn TransactionList(entries: Vec<Entry>, unavailable: bool) -> impl IntoView {
    let i18n = use_i18n();
    let note = if unavailable {
        Some(view! { <span class="muted">{t!(i18n, checklist.unavailable)}</span> }.into_any())
    } else if entries.is_empty() {
        Some(view! { <span class="muted">{t!(i18n, checklist.no_transactions)}</span> }.into_any())
    } else {
        None
    };
    let items = entries.into_iter().map(|entry| view! { <TransactionItem entry /> }).collect_view();
    view! {
        <ul class="checklist-transactions">{items}</ul>
        {note}
    }
}

#[component]
fn TransactionItem(entry: Entry) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let reported = entry.reported.then(|| view! { <strong>{t!(i18n, checklist.reported)}</strong> " " });
    let details = entry.transaction.map(|transaction| {
        let summary = move || {
            let status = (transaction.status != TransactionStatus::Completed).then(|| status_label(i18n, transaction.status));
            [
                Some(kind_label(i18n, transaction.kind)),
                Some(transaction.amount.format(lang())),
                Some(time::format_timestamp(lang(), transaction.created_at)),
                status,
            ]
            .into_iter()
            .flatten()
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" · ")
        };
        view! { <span class="muted">{summary}</span> " " }
    });
    let (data_id, shown) = (entry.id.clone(), entry.id.clone());
    view! {
        <li data-testid="checklist-transaction" data-id=data_id>
            {reported}
            <code class="transaction-id">{shown}</code> " "
            {details}
            <CopyTransactionId id=entry.id />
        </li>
    }
}

/// The reader's latest withdrawal, its ID and state: what the agent asks about one. Nothing is
/// shown without one (or when the list cannot be read).
#[component]
fn LatestWithdrawal() -> impl IntoView {
    let i18n = use_i18n();
    let latest = LocalResource::new(|| async { api::latest_withdrawal().await.ok().flatten() });
    move || {
        latest.get().flatten().map(|api::WithdrawalRef { id, state }| {
            let data_id = id.clone();
            view! {
                <div data-testid="checklist-withdrawal" data-id=data_id>
                    <dt>{t!(i18n, checklist.withdrawal)}</dt>
                    <dd><code class="transaction-id">{id}</code> " · " {move || state_label(i18n, state)}</dd>
                </div>
            }
        })
    }
}

/// The one-time code that proves to the agent that the caller holds the account.
#[component]
fn CallCode() -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let get_code = Action::new_local(|_: &()| api::call_code());
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        get_code.dispatch(());
    };
    let result = move || {
        get_code.value().get().map(|result| match result {
            Ok(code) => {
                let expires = move || time::format_timestamp(lang(), code.expires_at);
                view! {
                    <p class="call-code" data-testid="call-code">{code.code.clone()}</p>
                    <p data-testid="call-code-expires">{t!(i18n, checklist.code_expires, time = expires)}</p>
                    <p class="notice">{t!(i18n, checklist.code_note)}</p>
                }
                .into_any()
            }
            Err(error) => view! { <ErrorNotice error /> }.into_any(),
        })
    };
    let has_code = move || get_code.value().with(|v| matches!(v, Some(Ok(_))));
    view! {
        <div class="call-code-block">
            <h3>{t!(i18n, checklist.code_heading)}</h3>
            <p>{t!(i18n, checklist.code_intro)}</p>
            <form on:submit=on_submit>
                <button type="submit" class="primary" disabled=move || get_code.pending().get() data-testid="get-call-code">
                    {move || if has_code() { t_string!(i18n, checklist.code_again) } else { t_string!(i18n, checklist.code_get) }}
                </button>
            </form>
            <div aria-live="polite">{result}</div>
        </div>
    }
}

/// What staff never ask for, whoever says they are calling from us.
#[component]
fn NeverAsked() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h3>{t!(i18n, checklist.never_heading)}</h3>
        <ul class="never-asked">
            <li>{t!(i18n, checklist.never_password)}</li>
            <li>{t!(i18n, checklist.never_two_factor)}</li>
            <li>{t!(i18n, checklist.never_recovery)}</li>
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wallet_api::{Counterparty, Currency, Money, PartyKind, TransactionKind};

    fn transaction(id: &str) -> Transaction {
        Transaction {
            id: id.into(),
            kind: TransactionKind::PaymentSent,
            status: TransactionStatus::Completed,
            amount: Money::new(1_000, Currency::CNY),
            fee: Money::new(1, Currency::CNY),
            counterparty: Counterparty { kind: PartyKind::User, id: "W12345678".into(), masked_name: "*三丰".into() },
            note: None,
            failure: None,
            created_at: 0,
            updated_at: 0,
        }
    }

    fn ids(entries: &[Entry]) -> Vec<&str> {
        entries.iter().map(|e| e.id.as_str()).collect()
    }

    #[test]
    fn a_transaction_id_from_a_link_is_t_and_twelve_letters_or_digits() {
        assert_eq!(transaction_reference(" TABCDEF123456 "), Some("TABCDEF123456".into()));
        for text in ["", "T", "TABCDEF12345", "TABCDEF1234567", "XABCDEF123456", "TABCDEF12345<", "TABC DEF12345"] {
            assert_eq!(transaction_reference(text), None, "{text:?}");
        }
    }

    #[test]
    fn the_hotline_link_carries_the_reported_transaction() {
        assert_eq!(contact_href(Some("TABCDEF123456")), "/contact?transaction=TABCDEF123456");
        assert_eq!(contact_href(None), "/contact");
    }

    #[test]
    fn only_the_five_most_recent_transactions_are_listed() {
        let recent: Vec<Transaction> = (1..=10).map(|n| transaction(&format!("T{n:012}"))).collect();
        let entries = checklist_entries(None, recent);
        assert_eq!(ids(&entries), ["T000000000001", "T000000000002", "T000000000003", "T000000000004", "T000000000005"]);
        assert!(entries.iter().all(|e| !e.reported && e.transaction.is_some()));
    }

    #[test]
    fn the_reported_transaction_comes_first_and_is_not_listed_twice() {
        let recent: Vec<Transaction> = (1..=6).map(|n| transaction(&format!("T{n:012}"))).collect();
        let entries = checklist_entries(Some("T000000000003".into()), recent);
        assert_eq!(
            ids(&entries),
            ["T000000000003", "T000000000001", "T000000000002", "T000000000004", "T000000000005", "T000000000006"]
        );
        assert!(entries[0].reported);
        assert_eq!(entries[0].transaction.as_ref().map(|t| t.id.as_str()), Some("T000000000003"));
    }

    #[test]
    fn a_reported_transaction_that_is_not_recent_is_listed_by_its_id_alone() {
        let entries = checklist_entries(Some("TOLD00000000X".into()), vec![transaction("T000000000001")]);
        assert_eq!(ids(&entries), ["TOLD00000000X", "T000000000001"]);
        assert_eq!(entries[0].transaction, None);
    }

    #[test]
    fn with_nothing_loaded_only_the_reported_id_is_listed() {
        assert_eq!(ids(&checklist_entries(Some("T000000000009".into()), Vec::new())), ["T000000000009"]);
        assert!(checklist_entries(None, Vec::new()).is_empty());
    }
}
