//! Step 2: how much, in which currency, and an optional note. The amount is checked as it is
//! typed: its format, then the limits and the balance (with the fee), each with the way to
//! fix it right at the field. "Review" asks the server for a quote.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::components::A;
use wallet_api::{ErrorCode, Overview, PaymentRules, QuoteRequest};

use super::checks::{check_amount, note_is_too_long, recipient_query, AmountCheck, NOTE_MAX_CHARS};
use super::{recipient, PayAction, PayForm, QuoteAction};
use crate::api::ApiError;
use crate::components::attempt_key::outcome_unknown;
use crate::components::form::{focus_first_invalid, FormAlert, Say};
use crate::components::money_input::{available_in, money_error_message, top_up_href, typed_amount, MoneyInput};
use crate::components::payment_failure::{help_href, PaymentFailure};
use crate::components::text_field::{fill_in, TextField};
use crate::i18n::*;
use crate::prefs::lang_of;

/// A refused quote, said where it belongs: at the recipient, the amount, the note or the form.
pub(super) fn place_quote_refusal(form: PayForm, error: ApiError) {
    match (error.code(), error.field()) {
        (Some(ErrorCode::RecipientNotFound), _) | (_, Some("recipient")) => {
            form.recipient.set(None);
            form.recipient_message.set(Some(recipient::refusal(error)));
        }
        (Some(ErrorCode::InvalidAmount), _) | (_, Some("amount")) => form.amount_message.set(Some(Say::error(error))),
        (_, Some("note")) => form.note_message.set(Some(Say::error(error))),
        (Some(ErrorCode::AccountLocked), _) => match error {
            ApiError::Server { error, .. } => form.refused.set(Some(error)),
            other => form.alert.set(Some(Say::error(other))),
        },
        _ => form.alert.set(Some(Say::error(error))),
    }
}

#[component]
pub(super) fn DetailsForm(
    form: PayForm,
    quote: QuoteAction,
    pay: PayAction,
    overview: LocalResource<Result<Overview, ApiError>>,
    rules: LocalResource<Result<PaymentRules, ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let amount = Memo::new(move |_| typed_amount(&form.amount_text.get(), form.currency.get(), form.submitted.get()));
    let available =
        Memo::new(move |_| overview.get().and_then(Result::ok).map(|o| available_in(&o.balances, form.currency.get())));
    let rules = Memo::new(move |_| rules.get().and_then(Result::ok));
    let check = Memo::new(move |_| match amount.get() {
        Some(Ok(amount)) => rules.with(|rules| check_amount(amount, rules.as_ref(), available.get())),
        _ => AmountCheck::Fine,
    });
    // Once reviewed, the review's own figures speak; the live check waits for the next edit.
    let checking = move || form.quote.with(Option::is_none);
    let invalid = Signal::derive(move || {
        form.amount_message.with(Option::is_some)
            || matches!(amount.get(), Some(Err(_)))
            || (checking() && check.get() != AmountCheck::Fine)
    });
    let message = move || {
        if let Some(say) = form.amount_message.get() {
            return Some(view! { <span>{move || say.text(i18n)}</span> }.into_any());
        }
        match amount.get() {
            Some(Err(error)) => Some(view! { <span>{move || money_error_message(i18n, error)}</span> }.into_any()),
            Some(Ok(_)) if checking() => check_message(i18n, check.get()),
            _ => None,
        }
    };
    let hint = Signal::derive(move || {
        let lang = lang_of(i18n.get_locale());
        available
            .get()
            .map(|available| fill_in(t_string!(i18n, money_input.available), "amount", available.format(lang)))
            .unwrap_or_default()
    });
    let note_error = Signal::derive(move || {
        if let Some(say) = form.note_message.get() {
            return Some(say.text(i18n));
        }
        form.note
            .with(|note| note_is_too_long(note))
            .then(|| fill_in(t_string!(i18n, pay.note_too_long), "max", NOTE_MAX_CHARS))
    });
    let outcome_unknown = move || pay.value().with(|v| v.as_ref().is_some_and(outcome_unknown));
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        if quote.pending().get_untracked() || pay.pending().get_untracked() || outcome_unknown() {
            return;
        }
        form.submitted.set(true);
        form.alert.set(None);
        form.refused.set(None);
        form.amount_message.set(None);
        let recipient = match form.recipient.get_untracked() {
            Some(found) => Some(found.id),
            None => match recipient_query(&form.recipient_text.get_untracked()) {
                Ok(query) => Some(query),
                Err(why) => {
                    form.recipient_message.set(Some(recipient::problem(why)));
                    None
                }
            },
        };
        let amount = typed_amount(&form.amount_text.get_untracked(), form.currency.get_untracked(), true);
        match (recipient, amount) {
            (Some(recipient), Some(Ok(amount))) if note_error.get_untracked().is_none() => {
                quote.dispatch_local(QuoteRequest { recipient, amount });
            }
            _ => focus_first_invalid(),
        }
    };
    view! {
        <section class="card pay-step" aria-labelledby="pay-details-heading">
            <h2 id="pay-details-heading">{t!(i18n, pay.details_heading)}</h2>
            <form class="pay-details" on:submit=on_submit novalidate>
                <MoneyInput
                    id="amount-input"
                    currency_id="currency-select"
                    label=move || t_string!(i18n, money_input.amount_label).to_string()
                    text=form.amount_text
                    currency=form.currency
                    invalid
                    hint
                    message_testid="amount-message"
                >
                    {message}
                </MoneyInput>
                <TextField
                    id="note-input"
                    label=move || t_string!(i18n, pay.note_label).to_string()
                    value=form.note
                    error=note_error
                    hint=Signal::derive(move || fill_in(t_string!(i18n, pay.note_hint), "max", NOTE_MAX_CHARS))
                    maxlength=NOTE_MAX_CHARS as u32
                    autocomplete="off"
                />
                <FormAlert message=form.alert testid="pay-alert" />
                {move || form.refused.get().map(|error| view! { <PaymentFailure error /> })}
                <button
                    type="submit"
                    class="button"
                    disabled=move || quote.pending().get() || pay.pending().get() || outcome_unknown()
                    data-testid="review-button"
                >
                    {t!(i18n, pay.review)}
                </button>
            </form>
        </section>
    }
}

/// What the live check found, with the way to fix it: a top-up of what is missing, or the
/// article on limits.
fn check_message(i18n: I18nContext<Locale>, check: AmountCheck) -> Option<AnyView> {
    let format = move |money: wallet_api::Money| money.format(lang_of(i18n.get_locale()));
    let limits_link = move || {
        view! {
            " "
            <A href=help_href("payment-limits") attr:data-testid="limits-link">{t!(i18n, pay.limits_link)}</A>
        }
    };
    match check {
        AmountCheck::Fine => None,
        AmountCheck::OverBalance { fee, needed, available, missing } => Some(
            view! {
                <span>
                    {move || {
                        let text = fill_in(t_string!(i18n, pay.over_balance), "fee", format(fee));
                        let text = fill_in(&text, "needed", format(needed));
                        fill_in(&text, "available", format(available))
                    }}
                </span>
                " "
                <A href=top_up_href(missing) attr:data-testid="top-up-link">
                    {move || fill_in(t_string!(i18n, payment_failure.top_up_missing), "missing", format(missing))}
                </A>
            }
            .into_any(),
        ),
        AmountCheck::OverPerPaymentLimit { limit } => Some(
            view! {
                <span>{move || fill_in(t_string!(i18n, pay.over_per_payment), "limit", format(limit))}</span>
                {limits_link()}
            }
            .into_any(),
        ),
        AmountCheck::OverDailyLimit { left } => Some(
            view! {
                <span>{move || fill_in(t_string!(i18n, pay.over_daily), "left", format(left))}</span>
                {limits_link()}
            }
            .into_any(),
        ),
    }
}
