use std::time::Duration;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use wallet_api::{Currency, Transaction, TransactionKind, TransactionPage, TransactionQuery, TransactionStatus};

use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::components::hide_amounts::{provide_hide_amounts, HideAmountsToggle};
use crate::components::load_error::load_error;
use crate::components::require_sign_in::RequireSignIn;
use crate::components::text_field::{error_id, fill_in, hint_id, FieldError};
use crate::components::transaction_row::TransactionRow;
use crate::components::transaction_text::{kind_label, status_label};
use crate::i18n::*;
use crate::routes::Page;
use crate::time::{local_day_end, local_day_start, parse_date};

/// How long the search waits after the last keystroke before it searches.
const SEARCH_PAUSE: Duration = Duration::from_millis(400);

/// The list's filters, as kept in the page's address (`type, status, currency, from, to, q`)
/// so that a reload or a shared link shows the same list. Dates are the reader's local
/// calendar days (`YYYY-MM-DD`), both included.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub kind: Option<TransactionKind>,
    pub status: Option<TransactionStatus>,
    pub currency: Option<Currency>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub q: String,
}

impl Filters {
    /// Reads the address's query; values the app would not have written are ignored.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Filters {
        let date = |key: &str| get(key).filter(|d| parse_date(d).is_some());
        Filters {
            kind: get("type").as_deref().and_then(TransactionKind::parse),
            status: get("status").as_deref().and_then(TransactionStatus::parse),
            currency: get("currency").as_deref().and_then(Currency::parse),
            from: date("from"),
            to: date("to"),
            q: get("q").map(|q| q.trim().to_string()).unwrap_or_default(),
        }
    }

    /// The query pairs for the address, only the filters in use.
    pub fn query_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if let Some(kind) = self.kind {
            pairs.push(("type", kind.as_str().to_string()));
        }
        if let Some(status) = self.status {
            pairs.push(("status", status.as_str().to_string()));
        }
        if let Some(currency) = self.currency {
            pairs.push(("currency", currency.code().to_string()));
        }
        if let Some(from) = &self.from {
            pairs.push(("from", from.clone()));
        }
        if let Some(to) = &self.to {
            pairs.push(("to", to.clone()));
        }
        if !self.q.trim().is_empty() {
            pairs.push(("q", self.q.trim().to_string()));
        }
        pairs
    }

    /// The transactions page showing this list.
    pub fn href(&self) -> String {
        crate::routes::url_with_query(&Page::Transactions.path(), &self.query_pairs())
    }

    pub fn is_empty(&self) -> bool {
        self.query_pairs().is_empty()
    }

    /// True when the range ends before it starts (nothing can match).
    pub fn dates_reversed(&self) -> bool {
        // `YYYY-MM-DD` sorts as text the way the days do.
        matches!((&self.from, &self.to), (Some(from), Some(to)) if from > to)
    }

    /// The date range as Unix seconds: local midnight of `from`, and local midnight of the
    /// day after `to` (the API's end is exclusive).
    pub fn range(&self) -> (Option<i64>, Option<i64>) {
        (self.from.as_deref().and_then(local_day_start), self.to.as_deref().and_then(local_day_end))
    }

    pub fn api_query(&self, cursor: Option<String>) -> TransactionQuery {
        let (from, to) = self.range();
        TransactionQuery {
            kind: self.kind,
            status: self.status,
            currency: self.currency,
            from,
            to,
            q: Some(self.q.trim().to_string()).filter(|q| !q.is_empty()),
            cursor,
            limit: None,
        }
    }
}

/// Every transaction, newest first, filtered by what the address says; more pages on demand.
#[component]
pub fn TransactionsPage() -> impl IntoView {
    view! {
        <RequireSignIn>
            <TransactionsContent />
        </RequireSignIn>
    }
}

#[component]
fn TransactionsContent() -> impl IntoView {
    let i18n = use_i18n();
    provide_hide_amounts();
    let query = use_query_map();
    let filters = Memo::new(move |_| query.with(|q| Filters::from_query(|key| q.get(key))));
    let first_page = LocalResource::new(move || {
        let filters = filters.get();
        async move {
            let page = api::transactions(filters.api_query(None)).await;
            page.map(|page| (filters, page))
        }
    });
    // What the list shows, announced: (transactions shown, whether more can be loaded).
    let shown = RwSignal::new(None::<(usize, bool)>);
    let results = move || {
        Suspend::new(async move {
            let result = first_page.await;
            if result.is_err() {
                shown.set(None);
            }
            result.map(|(filters, page)| view! { <TransactionResults page filters shown /> })
        })
    };
    let updating = RwSignal::new(false);
    let shown_text = move || {
        if updating.get() {
            return Some(t_string!(i18n, app.loading).to_string());
        }
        shown.get().map(|(count, more)| match (count, more) {
            (0, _) => t_string!(i18n, transactions.none_found).to_string(),
            (count, false) => fill_in(t_string!(i18n, transactions.shown), "count", count),
            (count, true) => fill_in(t_string!(i18n, transactions.shown_more), "count", count),
        })
    };
    let csv_href = move || {
        let (from, to) = filters.with(Filters::range);
        api::transactions_csv_url(from, to)
    };
    view! {
        <Title text=move || t_string!(i18n, transactions.title).to_string() />
        <div class="wallet-heading">
            <h1>{t!(i18n, transactions.title)}</h1>
            <HideAmountsToggle />
        </div>
        <FilterForm filters />
        <div class="transactions-toolbar">
            <p class="result-count" role="status" data-testid="result-count">{shown_text}</p>
            <a class="button button-secondary" href=csv_href download="transactions.csv" aria-describedby="export-hint" data-testid="export-csv">
                {t!(i18n, transactions.export_csv)}
            </a>
        </div>
        <p id="export-hint" class="muted export-hint">{t!(i18n, transactions.export_hint)}</p>
        <div class="transaction-results" aria-busy=move || updating.get().to_string()>
            <Transition fallback=move || view! { <p>{t!(i18n, app.loading)}</p> } set_pending=updating>
                <ErrorBoundary fallback=load_error>{results}</ErrorBoundary>
            </Transition>
        </div>
    }
}

/// The filters. Choices apply at once; the search applies when the reader pauses typing or
/// presses Enter. Each writes the address, which the list follows.
#[component]
fn FilterForm(filters: Memo<Filters>) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let go = move |next: Filters, replace: bool| {
        navigate(&next.href(), NavigateOptions { replace, scroll: false, ..Default::default() });
    };
    // The search box keeps what is typed; the address catches up after a pause. `sent` is the
    // last search written there, so a later change of the address (Back) can be told apart.
    let url_q = Memo::new(move |_| filters.with(|f| f.q.clone()));
    let text = RwSignal::new(url_q.get_untracked());
    let sent = StoredValue::new(url_q.get_untracked());
    Effect::new(move |_| {
        let q = url_q.get();
        if sent.get_value() != q {
            sent.set_value(q.clone());
            text.set(q);
        }
    });
    let timer = StoredValue::new(None::<TimeoutHandle>);
    let cancel_timer = move || {
        if let Some(handle) = timer.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    };
    on_cleanup(cancel_timer);
    let current = move || Filters { q: text.get_untracked(), ..filters.get_untracked() };
    let apply = {
        let go = go.clone();
        move |next: Filters, replace: bool| {
            cancel_timer();
            sent.set_value(next.q.trim().to_string());
            go(next, replace);
        }
    };
    let on_search_input = {
        let apply = apply.clone();
        move |event| {
            text.set(event_target_value(&event));
            cancel_timer();
            let apply = apply.clone();
            let handle = set_timeout_with_handle(move || apply(current(), true), SEARCH_PAUSE).ok();
            timer.set_value(handle);
        }
    };
    let on_submit = {
        let apply = apply.clone();
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            apply(current(), false);
        }
    };
    let on_kind = {
        let apply = apply.clone();
        move |event| apply(Filters { kind: TransactionKind::parse(&event_target_value(&event)), ..current() }, false)
    };
    let on_status = {
        let apply = apply.clone();
        move |event| apply(Filters { status: TransactionStatus::parse(&event_target_value(&event)), ..current() }, false)
    };
    let on_currency = {
        let apply = apply.clone();
        move |event| apply(Filters { currency: Currency::parse(&event_target_value(&event)), ..current() }, false)
    };
    let date_value = |event| Some(event_target_value(&event)).filter(|d| parse_date(d).is_some());
    let on_from = {
        let apply = apply.clone();
        move |event| apply(Filters { from: date_value(event), ..current() }, false)
    };
    let on_to = {
        let apply = apply.clone();
        move |event| apply(Filters { to: date_value(event), ..current() }, false)
    };
    let reversed = Signal::derive(move || {
        filters.with(Filters::dates_reversed).then(|| t_string!(i18n, transactions.dates_reversed).to_string())
    });
    let kind_options = TransactionKind::ALL
        .into_iter()
        .map(|kind| {
            view! {
                <option value=kind.as_str() prop:selected=move || filters.with(|f| f.kind == Some(kind))>
                    {move || kind_label(i18n, kind)}
                </option>
            }
        })
        .collect_view();
    let status_options = TransactionStatus::ALL
        .into_iter()
        .map(|status| {
            view! {
                <option value=status.as_str() prop:selected=move || filters.with(|f| f.status == Some(status))>
                    {move || status_label(i18n, status)}
                </option>
            }
        })
        .collect_view();
    let currency_options = Currency::ALL
        .into_iter()
        .map(|currency| {
            view! {
                <option value=currency.code() prop:selected=move || filters.with(|f| f.currency == Some(currency))>
                    {currency.code()}
                </option>
            }
        })
        .collect_view();
    view! {
        <form class="card filters" role="search" aria-labelledby="filters-heading" on:submit=on_submit>
            <h2 id="filters-heading">{t!(i18n, transactions.filters_heading)}</h2>
            <div class="filter-grid">
                <p class="field">
                    <label for="filter-type">{t!(i18n, transactions.filter_type)}</label>
                    <select id="filter-type" data-testid="filter-type" on:change=on_kind>
                        <option value="" prop:selected=move || filters.with(|f| f.kind.is_none())>{t!(i18n, transactions.any_type)}</option>
                        {kind_options}
                    </select>
                </p>
                <p class="field">
                    <label for="filter-status">{t!(i18n, transactions.filter_status)}</label>
                    <select id="filter-status" data-testid="filter-status" on:change=on_status>
                        <option value="" prop:selected=move || filters.with(|f| f.status.is_none())>{t!(i18n, transactions.any_status)}</option>
                        {status_options}
                    </select>
                </p>
                <p class="field">
                    <label for="filter-currency">{t!(i18n, transactions.filter_currency)}</label>
                    <select id="filter-currency" data-testid="filter-currency" on:change=on_currency>
                        <option value="" prop:selected=move || filters.with(|f| f.currency.is_none())>{t!(i18n, transactions.any_currency)}</option>
                        {currency_options}
                    </select>
                </p>
                <p class="field">
                    <label for="filter-from">{t!(i18n, transactions.filter_from)}</label>
                    <input
                        id="filter-from"
                        type="date"
                        data-testid="filter-from"
                        prop:value=move || filters.with(|f| f.from.clone().unwrap_or_default())
                        on:change=on_from
                    />
                </p>
                <div class="field">
                    <label for="filter-to">{t!(i18n, transactions.filter_to)}</label>
                    <input
                        id="filter-to"
                        type="date"
                        data-testid="filter-to"
                        aria-invalid=move || reversed.with(Option::is_some).to_string()
                        aria-describedby=error_id("filter-to")
                        prop:value=move || filters.with(|f| f.to.clone().unwrap_or_default())
                        on:change=on_to
                    />
                    <FieldError field_id="filter-to" error=reversed />
                </div>
                <div class="field filter-search">
                    <label for="search">{t!(i18n, transactions.search)}</label>
                    <input
                        id="search"
                        type="search"
                        data-testid="search"
                        autocomplete="off"
                        aria-describedby=hint_id("search")
                        prop:value=move || text.get()
                        on:input=on_search_input
                    />
                    <p id=hint_id("search") class="field-hint">{t!(i18n, transactions.search_hint)}</p>
                </div>
            </div>
            <div class="button-row filter-actions">
                <button type="submit" class="primary" data-testid="apply-filters">{t!(i18n, transactions.search_button)}</button>
                <A href=Page::Transactions.path() attr:data-testid="clear-filters">{t!(i18n, transactions.clear_filters)}</A>
            </div>
        </form>
    }
}

/// The first page of a list, and the pages "Load more" adds under it. A new list (other
/// filters) is a new component, so what was added for the old one goes with it.
#[component]
fn TransactionResults(page: TransactionPage, filters: Filters, shown: RwSignal<Option<(usize, bool)>>) -> impl IntoView {
    let i18n = use_i18n();
    let items = RwSignal::new(page.items);
    let cursor = RwSignal::new(page.next_cursor);
    Effect::new(move |_| shown.set(Some((items.with(Vec::len), cursor.with(Option::is_some)))));
    let query = StoredValue::new(filters.clone());
    let load_more = Action::new_local(move |next: &String| {
        let request = query.with_value(|f| f.api_query(Some(next.clone())));
        async move {
            let page = api::transactions(request).await?;
            let first_new = page.items.first().map(|t| t.id.clone());
            items.try_update(|items| items.extend(page.items));
            cursor.try_set(page.next_cursor);
            // The button may be gone (no more pages): carry on reading at the first new row.
            if let Some(id) = first_new {
                request_animation_frame(move || focus_row_link(&id));
            }
            Ok::<_, api::ApiError>(())
        }
    });
    let failure = move || load_more.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> });
    let more_button = move || {
        cursor.get().map(|next| {
            view! {
                <button
                    type="button"
                    class="load-more"
                    disabled=move || load_more.pending().get()
                    on:click=move |_| { load_more.dispatch_local(next.clone()); }
                    data-testid="load-more"
                >
                    {move || if load_more.pending().get() {
                        t_string!(i18n, transactions.loading_more).to_string()
                    } else {
                        t_string!(i18n, transactions.load_more).to_string()
                    }}
                </button>
            }
        })
    };
    let filtered = !filters.is_empty();
    let list = move || {
        if items.with(Vec::is_empty) {
            let empty = if filtered {
                t_string!(i18n, transactions.empty_filtered).to_string()
            } else {
                t_string!(i18n, transactions.empty).to_string()
            };
            view! { <p class="muted empty-state" data-testid="transactions-empty">{empty}</p> }.into_any()
        } else {
            view! {
                <ul class="transaction-list" data-testid="transaction-list">
                    <For each=move || items.get() key=|t: &Transaction| t.id.clone() let:transaction>
                        <TransactionRow transaction />
                    </For>
                </ul>
            }
            .into_any()
        }
    };
    view! {
        <section class="card" aria-labelledby="results-heading">
            <h2 id="results-heading" class="visually-hidden">{t!(i18n, transactions.results_heading)}</h2>
            {list}
            <div aria-live="polite">{failure}</div>
            {more_button}
        </section>
    }
}

fn focus_row_link(id: &str) {
    use wasm_bindgen::JsCast;
    let selector = format!("[data-testid=\"transaction-row\"][data-id=\"{id}\"] a");
    let link = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(&selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(link) = link {
        let _ = link.focus();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn read(pairs: &[(&str, &str)]) -> Filters {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Filters::from_query(|key| map.get(key).cloned())
    }

    #[test]
    fn every_filter_reads_back_from_the_address_it_writes() {
        let filters = Filters {
            kind: Some(TransactionKind::PaymentSent),
            status: Some(TransactionStatus::Failed),
            currency: Some(Currency::USD),
            from: Some("2025-03-01".into()),
            to: Some("2025-03-31".into()),
            q: "张三".into(),
        };
        let pairs = filters.query_pairs();
        let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(read(&borrowed), filters);
    }

    #[test]
    fn the_address_names_the_filters_type_status_currency_from_to_and_q() {
        let filters = Filters {
            kind: Some(TransactionKind::TopUp),
            status: Some(TransactionStatus::Pending),
            currency: Some(Currency::CNY),
            from: Some("2025-03-01".into()),
            to: Some("2025-03-02".into()),
            q: "T1 2".into(),
        };
        assert_eq!(
            filters.href(),
            "/wallet/transactions?type=top_up&status=pending&currency=CNY&from=2025-03-01&to=2025-03-02&q=T1%202"
        );
    }

    #[test]
    fn no_filters_is_the_bare_transactions_page() {
        assert_eq!(Filters::default().href(), "/wallet/transactions");
        assert!(read(&[("q", "  ")]).is_empty());
    }

    #[test]
    fn values_the_app_would_not_write_are_ignored() {
        let filters = read(&[("type", "refund"), ("status", "done"), ("currency", "GBP"), ("from", "yesterday"), ("to", "2025-02-30")]);
        assert_eq!(filters, Filters::default());
    }

    #[test]
    fn a_range_ending_before_it_starts_is_reversed() {
        assert!(read(&[("from", "2025-03-02"), ("to", "2025-03-01")]).dates_reversed());
        assert!(!read(&[("from", "2025-03-01"), ("to", "2025-03-01")]).dates_reversed());
        assert!(!read(&[("to", "2025-03-01")]).dates_reversed());
    }

    #[test]
    fn the_api_query_carries_the_filters_and_the_cursor_but_not_an_empty_search() {
        let query = read(&[("type", "payment_received"), ("q", " ")]).api_query(Some("c2".into()));
        assert_eq!(query.kind, Some(TransactionKind::PaymentReceived));
        assert_eq!(query.q, None);
        assert_eq!(query.cursor.as_deref(), Some("c2"));
    }
}
