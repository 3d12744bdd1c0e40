//! `/account/bank-accounts`: the bank accounts withdrawals go to (numbers masked), add one
//! (after re-authentication, with the number checked as it is typed: Luhn for CNY cards, the
//! ABA checksum of a US routing number, IBAN check digits for EUR), remove one, choose the
//! default. A new account's cooling-off end is shown in the reader's time zone.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::components::A;
use wallet_api::{bank_number_problem, normalize_bank_number, BankAccount, BankNumberProblem, Currency, ErrorCode, NewBankAccount};

use crate::api::{self, ApiError};
use crate::components::error_notice::ErrorNotice;
use crate::components::load_error::load_error;
use crate::components::modal::ConfirmDialog;
use crate::components::money_input::currency_name;
use crate::components::reauth_dialog::{Reauth, ReauthDialog};
use crate::components::require_sign_in::RequireSignIn;
use crate::components::text_field::{fill_in, TextField};
use crate::i18n::*;
use crate::prefs::lang_of;
use crate::routes::Page;
use crate::time::{format_timestamp, now_millis};

pub fn problem_text(i18n: I18nContext<Locale>, problem: BankNumberProblem) -> String {
    match problem {
        BankNumberProblem::CardNumber => t_string!(i18n, bank_accounts.problem_card),
        BankNumberProblem::RoutingNumber => t_string!(i18n, bank_accounts.problem_routing),
        BankNumberProblem::AccountNumber => t_string!(i18n, bank_accounts.problem_account),
        BankNumberProblem::Iban => t_string!(i18n, bank_accounts.problem_iban),
    }
    .to_string()
}

/// What the typed numbers fail, once there is enough typed to judge.
pub fn typed_problem(currency: Currency, number: &str, routing: &str) -> Option<BankNumberProblem> {
    let number = normalize_bank_number(number);
    let routing = normalize_bank_number(routing);
    if number.is_empty() {
        return None;
    }
    let routing = (currency == Currency::USD).then_some(routing.as_str());
    bank_number_problem(currency, &number, routing)
}

#[component]
pub fn BankAccountsPage() -> impl IntoView {
    view! {
        <RequireSignIn>
            <BankAccountsContent />
        </RequireSignIn>
    }
}

#[component]
fn BankAccountsContent() -> impl IntoView {
    let i18n = use_i18n();
    let reauth = Reauth::new();
    let add = Action::new_local(move |account: &NewBankAccount| {
        let account = account.clone();
        async move { reauth.run(|| api::add_bank_account(account.clone())).await }
    });
    let remove = Action::new_local(|id: &String| api::remove_bank_account(id.clone()));
    let make_default = Action::new_local(|id: &String| api::set_default_bank_account(id.clone()));
    let accounts = LocalResource::new(move || {
        add.version().get();
        remove.version().get();
        make_default.version().get();
        api::bank_accounts()
    });
    // One confirmation for every row (ids on the page stay unique).
    let asking = RwSignal::new(false);
    let removing = RwSignal::new(None::<(String, String)>);
    let list = move || {
        Suspend::new(async move {
            let accounts = accounts.await?;
            Ok::<_, ApiError>(if accounts.is_empty() {
                view! { <p data-testid="bank-accounts-empty">{t!(i18n, bank_accounts.empty)}</p> }.into_any()
            } else {
                view! {
                    <ul class="bank-accounts" data-testid="bank-accounts">
                        {accounts
                            .into_iter()
                            .map(|account| view! { <AccountRow account remove make_default asking removing /> })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            })
        })
    };
    let on_remove = Callback::new(move |_| {
        if let Some((id, _)) = removing.get_untracked() {
            if !remove.pending().get_untracked() {
                remove.dispatch_local(id);
            }
        }
    });
    let outcome = move || {
        let failed = |r: Option<Result<_, ApiError>>| r.and_then(Result::err);
        failed(remove.value().get())
            .or_else(|| failed(make_default.value().get()))
            .map(|error| view! { <ErrorNotice error /> })
    };
    view! {
        <Title text=move || t_string!(i18n, bank_accounts.title).to_string() />
        <h1>{t!(i18n, bank_accounts.title)}</h1>
        <p class="lead">{t!(i18n, bank_accounts.intro)}</p>
        <p><A href=Page::Withdraw.path() attr:data-testid="withdraw-link">{t!(i18n, bank_accounts.withdraw_link)}</A></p>
        <div aria-live="polite" data-testid="bank-accounts-outcome">{outcome}</div>
        <Transition fallback=move || view! { <p>{t!(i18n, app.loading)}</p> }>
            <ErrorBoundary fallback=load_error>{list}</ErrorBoundary>
        </Transition>
        <AddAccount add />
        <ConfirmDialog
            open=asking
            id="remove-account-heading"
            title=Signal::derive(move || t_string!(i18n, bank_accounts.remove_title).to_string())
            body=Signal::derive(move || {
                let number = removing.with(|r| r.as_ref().map(|(_, number)| number.clone()).unwrap_or_default());
                fill_in(t_string!(i18n, bank_accounts.remove_body), "account", number)
            })
            confirm_label=Signal::derive(move || t_string!(i18n, bank_accounts.remove).to_string())
            cancel_label=Signal::derive(move || t_string!(i18n, bank_accounts.keep).to_string())
            on_confirm=on_remove
        />
        <ReauthDialog reauth />
    }
}

#[component]
fn AccountRow(
    account: BankAccount,
    remove: Action<String, Result<api::NoContent, ApiError>>,
    make_default: Action<String, Result<api::NoContent, ApiError>>,
    asking: RwSignal<bool>,
    removing: RwSignal<Option<(String, String)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let BankAccount { id, currency, holder_name, masked_number, routing_number, is_default, usable_from, .. } = account;
    let cooling = (usable_from > (now_millis() / 1000.0) as i64).then(|| {
        view! {
            <p class="notice notice-warning" data-testid="bank-account-cooling-off">
                {move || fill_in(t_string!(i18n, bank_accounts.usable_from), "time", format_timestamp(lang(), usable_from))}
            </p>
        }
    });
    let routing = routing_number.map(|r| {
        view! { <span class="muted">" · " {move || fill_in(t_string!(i18n, bank_accounts.routing), "number", &r)}</span> }
    });
    let (remove_id, default_id) = (id.clone(), id.clone());
    let number = masked_number.clone();
    view! {
        <li class="card bank-account" data-testid="bank-account" data-default=is_default.to_string()>
            <p>
                <strong data-testid="bank-account-number">{masked_number.clone()}</strong>
                " " <span class="muted">{move || currency_name(i18n, currency)}</span>
                {is_default.then(|| view! { " " <span class="badge" data-testid="default-badge">{t!(i18n, bank_accounts.default_badge)}</span> })}
            </p>
            <p>{holder_name} {routing}</p>
            {cooling}
            <div class="button-row">
                {(!is_default).then(|| view! {
                    <button
                        type="button"
                        class="button button-secondary"
                        disabled=move || make_default.pending().get()
                        on:click=move |_| { make_default.dispatch_local(default_id.clone()); }
                        data-testid="make-default"
                    >
                        {t!(i18n, bank_accounts.make_default)}
                    </button>
                })}
                <button
                    type="button"
                    class="danger"
                    disabled=move || remove.pending().get()
                    on:click=move |_| {
                        removing.set(Some((remove_id.clone(), number.clone())));
                        asking.set(true);
                    }
                    data-testid="remove-bank-account"
                >
                    {t!(i18n, bank_accounts.remove)}
                </button>
            </div>
        </li>
    }
}

#[component]
fn AddAccount(add: Action<NewBankAccount, Result<BankAccount, ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    let currency = RwSignal::new(Currency::CNY);
    let holder = RwSignal::new(String::new());
    let number = RwSignal::new(String::new());
    let routing = RwSignal::new(String::new());
    let submitted = RwSignal::new(false);
    let problem = Memo::new(move |_| {
        let problem = typed_problem(currency.get(), &number.get(), &routing.get());
        // Judge an unfinished number only once the form was sent or it is long enough.
        problem.filter(|_| submitted.get() || normalize_bank_number(&number.get()).len() >= 9)
    });
    let number_error = Signal::derive(move || {
        if submitted.get() && number.with(|n| n.trim().is_empty()) {
            return Some(t_string!(i18n, bank_accounts.number_required).to_string());
        }
        problem.get().filter(|p| p.field() == "account_number").map(|p| problem_text(i18n, p))
    });
    let routing_error =
        Signal::derive(move || problem.get().filter(|p| p.field() == "routing_number").map(|p| problem_text(i18n, p)));
    let holder_error = Signal::derive(move || {
        (submitted.get() && holder.with(|h| h.trim().is_empty())).then(|| t_string!(i18n, bank_accounts.holder_required).to_string())
    });
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        if add.pending().get_untracked() {
            return;
        }
        submitted.set(true);
        add.value().set(None);
        let currency = currency.get_untracked();
        let account_number = normalize_bank_number(&number.get_untracked());
        if holder_error.get_untracked().is_some() || account_number.is_empty() || problem.get_untracked().is_some() {
            crate::components::form::focus_first_invalid();
            return;
        }
        let routing_number = (currency == Currency::USD).then(|| normalize_bank_number(&routing.get_untracked()));
        add.dispatch_local(NewBankAccount { currency, holder_name: holder.get_untracked().trim().to_string(), account_number, routing_number });
    };
    Effect::new(move |_| {
        if let Some(Ok(_)) = add.value().get() {
            number.set(String::new());
            routing.set(String::new());
            submitted.set(false);
        }
    });
    let outcome = move || {
        add.value().get().map(|result| match result {
            Ok(account) => {
                let lang = move || lang_of(i18n.get_locale());
                let until = account.usable_from;
                view! {
                    <p class="notice notice-ok" data-testid="bank-account-added">
                        {move || {
                            let text = fill_in(t_string!(i18n, bank_accounts.added), "account", &account.masked_number);
                            fill_in(&text, "time", format_timestamp(lang(), until))
                        }}
                    </p>
                }
                .into_any()
            }
            Err(error) if error.code() == Some(ErrorCode::ReauthRequired) => ().into_any(),
            Err(error) => view! { <ErrorNotice error /> }.into_any(),
        })
    };
    let options = Currency::ALL
        .into_iter()
        .map(|c| view! { <option value=c.code() prop:selected=move || currency.get() == c>{move || currency_name(i18n, c)}</option> })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="add-account-heading">
            <h2 id="add-account-heading">{t!(i18n, bank_accounts.add_heading)}</h2>
            <p class="muted">{t!(i18n, bank_accounts.add_hint)}</p>
            <form on:submit=on_submit novalidate>
                <div class="field">
                    <label for="bank-currency">{t!(i18n, bank_accounts.currency)}</label>
                    <select
                        id="bank-currency"
                        name="bank-currency"
                        data-testid="bank-currency"
                        on:change=move |event| {
                            if let Some(c) = Currency::parse(&event_target_value(&event)) {
                                currency.set(c);
                            }
                        }
                    >
                        {options}
                    </select>
                </div>
                <TextField
                    id="bank-holder"
                    label=move || t_string!(i18n, bank_accounts.holder).to_string()
                    value=holder
                    error=holder_error
                    hint=Signal::derive(move || t_string!(i18n, bank_accounts.holder_hint).to_string())
                    autocomplete="name"
                />
                <TextField
                    id="bank-number"
                    label=move || t_string!(i18n, bank_accounts.number).to_string()
                    value=number
                    error=number_error
                    inputmode="text"
                    autocomplete="off"
                    maxlength=42
                />
                <Show when=move || currency.get() == Currency::USD>
                    <TextField
                        id="bank-routing"
                        label=move || t_string!(i18n, bank_accounts.routing_label).to_string()
                        value=routing
                        error=routing_error
                        inputmode="numeric"
                        autocomplete="off"
                        maxlength=11
                    />
                </Show>
                <button type="submit" class="button" disabled=move || add.pending().get() data-testid="add-bank-account">
                    {t!(i18n, bank_accounts.add)}
                </button>
            </form>
            <div aria-live="polite" data-testid="add-outcome">{outcome}</div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_number_with_a_wrong_check_digit_is_caught_as_typed() {
        assert_eq!(typed_problem(Currency::CNY, "6222 0210 0000 0400 01", ""), None);
        assert_eq!(typed_problem(Currency::CNY, "6222 0210 0000 0400 02", ""), Some(BankNumberProblem::CardNumber));
    }

    #[test]
    fn a_us_account_needs_a_routing_number_with_a_valid_checksum() {
        assert_eq!(typed_problem(Currency::USD, "123456789", "021000021"), None);
        assert_eq!(typed_problem(Currency::USD, "123456789", "021000022"), Some(BankNumberProblem::RoutingNumber));
    }

    #[test]
    fn nothing_typed_is_not_a_problem_yet() {
        assert_eq!(typed_problem(Currency::EUR, "  ", ""), None);
    }
}
