//! What came of a top-up: the money added (with the new balance), pending (the card provider
//! has not answered; it arrives by itself), the explained refusal, or — with no answer — a
//! retry with the same key.

use leptos::prelude::*;
use leptos_router::components::A;
use wallet_api::{ErrorCode, Overview, Transaction, TransactionStatus};

use super::{field_refusal, retry, submit, TopUpAction, TopUpForm};
use crate::api::ApiError;
use crate::components::attempt_key::answer_lost;
use crate::components::error_notice::code_message;
use crate::components::form::query_value;
use crate::components::payment_failure::{Attempt, PaymentFailure, PaymentUncertain};
use crate::components::text_field::fill_in;
use crate::i18n::*;
use crate::prefs::lang_of;
use crate::routes::Page;

#[component]
pub(super) fn TopUpOutcome(
    form: TopUpForm,
    top_up: TopUpAction,
    overview: LocalResource<Result<Overview, ApiError>>,
) -> impl IntoView {
    let done = move || match top_up.value().get() {
        Some(Ok(transaction)) => Some(view! { <TopUpResult transaction overview /> }),
        _ => None,
    };
    let failed = move || match top_up.value().get() {
        Some(Err(error)) if answer_lost(&error) => Some(
            view! {
                <PaymentUncertain error attempt=Attempt::TopUp retry=move |_| retry(form, top_up) pending=top_up.pending() />
            }
            .into_any(),
        ),
        Some(Err(error)) if field_refusal(&error).is_some() => None,
        Some(Err(ApiError::Server { error, .. })) => {
            let declined = error.code == ErrorCode::CardDeclined;
            let retry = move |_| if declined { form.another_card() } else { submit(form, top_up) };
            Some(view! { <PaymentFailure error attempt=Attempt::TopUp retry /> }.into_any())
        }
        _ => None,
    };
    view! {
        <div aria-live="polite">{done}</div>
        {failed}
    }
}

/// The payment this top-up was made for (`?next=`, only ever the pay page of this app).
fn payment_to_resume() -> Option<String> {
    query_value("next").filter(|next| Page::from_path(next) == Some(Page::Pay))
}

#[component]
fn TopUpResult(transaction: Transaction, overview: LocalResource<Result<Overview, ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let Transaction { id, status, amount, failure, .. } = transaction;
    let heading = move || match status {
        TransactionStatus::Completed => t_string!(i18n, top_up.completed_heading),
        TransactionStatus::Pending => t_string!(i18n, top_up.pending_heading),
        TransactionStatus::Failed => t_string!(i18n, payment_failure.top_up_heading),
    };
    let body = move || match status {
        TransactionStatus::Completed => fill_in(t_string!(i18n, top_up.completed_body), "amount", amount.format(lang())),
        TransactionStatus::Pending => fill_in(t_string!(i18n, top_up.pending_body), "amount", amount.format(lang())),
        TransactionStatus::Failed => code_message(i18n, failure.unwrap_or(ErrorCode::Unknown)),
    };
    // The balance as read again after the top-up: what is spendable, and what is on its way.
    let balance = move || {
        let balance = overview
            .get()
            .and_then(Result::ok)?
            .balances
            .into_iter()
            .find(|b| b.available.currency == amount.currency)?;
        Some(match status {
            TransactionStatus::Pending => view! {
                <dt>{t!(i18n, top_up.pending_amount)}</dt>
                <dd data-testid="top-up-pending">{move || balance.pending.format(lang())}</dd>
            }
            .into_any(),
            _ => view! {
                <dt>{t!(i18n, top_up.new_balance)}</dt>
                <dd data-testid="top-up-balance">{move || balance.available.format(lang())}</dd>
            }
            .into_any(),
        })
    };
    let href = Page::Transaction(id.clone()).path();
    // Topped up for a payment that was short: back to that payment's review.
    let resume = (status == TransactionStatus::Completed).then(payment_to_resume).flatten().map(|next| {
        view! {
            <A href=next attr:class="button" attr:data-testid="resume-payment">{t!(i18n, top_up.resume_payment)}</A>
        }
    });
    view! {
        <section
            class="card top-up-result"
            data-testid="top-up-result"
            data-status=status.as_str()
            data-id=id
            aria-labelledby="top-up-result-heading"
        >
            <h2 id="top-up-result-heading" tabindex="-1" data-step-heading>{heading}</h2>
            <p>{body}</p>
            <dl class="facts">
                <dt>{t!(i18n, pay.transaction_id)}</dt>
                <dd data-testid="top-up-result-id">{id.clone()}</dd>
                {balance}
            </dl>
            <div class="button-row">
                {resume}
                <A href=href attr:data-testid="transaction-link">{t!(i18n, pay.view_transaction)}</A>
                <A href=Page::Wallet.path()>{t!(i18n, top_up.to_wallet)}</A>
            </div>
        </section>
    }
}
