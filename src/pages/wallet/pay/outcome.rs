//! What came of "Confirm and pay": the paid transaction (announced, with its ID and the
//! balance now), the explained refusal, or — with no answer — a retry with the same key.

use leptos::prelude::*;
use leptos_router::components::A;
use wallet_api::{Overview, Transaction};

use super::{confirm, is_code_refusal, retry, PayAction, PayForm};
use crate::api::ApiError;
use crate::components::attempt_key::answer_lost;
use crate::components::money_input::available_in;
use crate::components::payment_failure::{PaymentFailure, PaymentUncertain};
use crate::components::text_field::fill_in;
use crate::i18n::*;
use crate::prefs::lang_of;
use crate::routes::Page;

#[component]
pub(super) fn PayOutcome(
    form: PayForm,
    pay: PayAction,
    overview: LocalResource<Result<Overview, ApiError>>,
) -> impl IntoView {
    let paid = move || match pay.value().get() {
        Some(Ok(transaction)) => Some(view! { <Paid transaction form overview /> }),
        _ => None,
    };
    let failed = move || match pay.value().get() {
        Some(Err(error)) if answer_lost(&error) => Some(
            view! { <PaymentUncertain error retry=move |_| retry(form, pay) pending=pay.pending() /> }.into_any(),
        ),
        Some(Err(error)) if is_code_refusal(&error) => None,
        Some(Err(ApiError::Server { error, .. })) => {
            Some(view! { <PaymentFailure error retry=move |_| confirm(form, pay) /> }.into_any())
        }
        _ => None,
    };
    view! {
        <div aria-live="polite">{paid}</div>
        {failed}
    }
}

#[component]
fn Paid(transaction: Transaction, form: PayForm, overview: LocalResource<Result<Overview, ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let Transaction { id, amount, fee, counterparty, .. } = transaction;
    let href = Page::Transaction(id.clone()).path();
    let balance = move || {
        overview.get().and_then(Result::ok).map(|overview| {
            let available = available_in(&overview.balances, amount.currency);
            view! {
                <dt>{t!(i18n, pay.fact_balance_now)}</dt>
                <dd data-testid="pay-result-balance">{move || available.format(lang())}</dd>
            }
        })
    };
    let summary = move || {
        let text = fill_in(t_string!(i18n, pay.result_body), "amount", amount.format(lang()));
        fill_in(&text, "recipient", &counterparty.masked_name)
    };
    let pay_someone_else = move |_| {
        form.clear();
        if let Some(input) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("recipient-input"))
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
        {
            let _ = input.focus();
        }
    };
    view! {
        <section class="card pay-result" data-testid="pay-result" data-id=id.clone() aria-labelledby="pay-result-heading">
            <h2 id="pay-result-heading" tabindex="-1" data-step-heading>{t!(i18n, pay.result_heading)}</h2>
            <p>{summary}</p>
            <dl class="facts">
                <dt>{t!(i18n, pay.transaction_id)}</dt>
                <dd data-testid="pay-result-id">{id.clone()}</dd>
                <dt>{t!(i18n, pay.fact_fee)}</dt>
                <dd>{move || fee.format(lang())}</dd>
                {balance}
            </dl>
            <div class="button-row">
                <A href=href attr:data-testid="transaction-link">{t!(i18n, pay.view_transaction)}</A>
                <button type="button" class="button" on:click=pay_someone_else data-testid="pay-someone-else">
                    {t!(i18n, pay.pay_someone_else)}
                </button>
            </div>
        </section>
    }
}
