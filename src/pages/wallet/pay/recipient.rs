//! Step 1: who the money goes to. A wallet ID, merchant ID or e-mail address is looked up and
//! shown as its kind and masked name; a merchant also with its name and whether it can take
//! payments now (and, when it cannot, how to reach it).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use wallet_api::{ErrorCode, MerchantInfo, MerchantStatus, PartyKind, Recipient};

use super::checks::{recipient_query, RecipientProblem};
use super::{FindAction, PayForm};
use crate::api::ApiError;
use crate::components::form::{focus_first_invalid, in_language, Say};
use crate::components::payment_failure::{merchant_status_name, merchant_status_text, MerchantContact};
use crate::components::text_field::{described_by, fill_in, hint_id, FieldError};
use crate::i18n::*;

const INPUT_ID: &str = "recipient-input";

/// Why the typed recipient was not looked up, said at the field.
pub(super) fn problem(problem: RecipientProblem) -> Say {
    match problem {
        RecipientProblem::Empty => Say::new(|i18n| t_string!(i18n, pay.recipient_required).to_string()),
        RecipientProblem::Unrecognised => Say::new(|i18n| t_string!(i18n, pay.recipient_unrecognised).to_string()),
    }
}

/// The server's refusal of a recipient: unknown, or (`VALIDATION_FAILED`) the payer's own wallet.
pub(super) fn refusal(error: ApiError) -> Say {
    if error.code() == Some(ErrorCode::ValidationFailed) && error.field() == Some("recipient") {
        return Say::new(|i18n| t_string!(i18n, pay.recipient_is_you).to_string());
    }
    Say::error(error)
}

/// Whether an answer about `query` is still about what the field holds.
pub(super) fn still_typed(form: PayForm, query: &str) -> bool {
    recipient_query(&form.recipient_text.get_untracked()).is_ok_and(|typed| typed == query)
}

/// Looks up what is typed, or says at the field why it cannot be.
pub(super) fn find(form: PayForm, find: FindAction) {
    match recipient_query(&form.recipient_text.get_untracked()) {
        Ok(query) => {
            form.recipient_message.set(None);
            find.dispatch_local(query);
        }
        Err(why) => {
            form.recipient_message.set(Some(problem(why)));
            focus_first_invalid();
        }
    }
}

#[component]
pub(super) fn RecipientStep(form: PayForm, find: FindAction) -> impl IntoView {
    let i18n = use_i18n();
    let error = in_language(i18n, form.recipient_message);
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        self::find(form, find);
    };
    view! {
        <section class="card pay-step" aria-labelledby="pay-recipient-heading">
            <h2 id="pay-recipient-heading">{t!(i18n, pay.recipient_heading)}</h2>
            <form class="recipient-form" on:submit=on_submit novalidate>
                <div class="field">
                    <label for=INPUT_ID>{t!(i18n, pay.recipient_label)}</label>
                    <p id=hint_id(INPUT_ID) class="field-hint">{t!(i18n, pay.recipient_hint)}</p>
                    <div class="recipient-row">
                        <input
                            id=INPUT_ID
                            name=INPUT_ID
                            type="text"
                            autocomplete="off"
                            spellcheck="false"
                            data-testid=INPUT_ID
                            aria-invalid=move || error.with(Option::is_some).to_string()
                            aria-describedby=described_by(INPUT_ID, true, None)
                            prop:value=form.recipient_text
                            on:input=move |event| {
                                form.recipient_text.set(event_target_value(&event));
                                form.recipient.set(None);
                                form.recipient_message.set(None);
                            }
                        />
                        <button type="submit" disabled=move || find.pending().get() data-testid="find-recipient">
                            {t!(i18n, pay.find)}
                        </button>
                    </div>
                    <FieldError field_id=INPUT_ID error />
                </div>
            </form>
            <div aria-live="polite">
                {move || form.recipient.get().map(|recipient| view! { <RecipientCard recipient /> })}
            </div>
        </section>
    }
}

fn kind_text(i18n: leptos_i18n::I18nContext<Locale>, kind: PartyKind) -> &'static str {
    match kind {
        PartyKind::User => t_string!(i18n, pay.kind_user),
        PartyKind::Merchant => t_string!(i18n, pay.kind_merchant),
        PartyKind::Card => t_string!(i18n, pay.kind_card),
        PartyKind::BankAccount => t_string!(i18n, pay.kind_bank_account),
    }
}

/// Who was found: enough to recognise them, never their full name.
#[component]
fn RecipientCard(recipient: Recipient) -> impl IntoView {
    let i18n = use_i18n();
    let Recipient { kind, id, masked_name, merchant } = recipient;
    let merchant_facts = merchant.clone().map(|merchant| {
        let status = merchant.status;
        view! {
            <dt>{t!(i18n, pay.fact_merchant)}</dt>
            <dd data-testid="merchant-name">{merchant.name}</dd>
            <dt>{t!(i18n, pay.fact_status)}</dt>
            <dd data-testid="merchant-status" data-status=merchant_status_name(status)>
                {move || merchant_status_text(i18n, status)}
            </dd>
        }
    });
    let warning = merchant
        .filter(|m| m.status == MerchantStatus::Unavailable)
        .map(|merchant| view! { <MerchantWarning merchant /> });
    view! {
        <div class="recipient-card" data-testid="recipient" data-kind=format!("{kind:?}").to_lowercase()>
            <dl class="facts">
                <dt>{t!(i18n, pay.fact_kind)}</dt>
                <dd data-testid="recipient-kind">{move || kind_text(i18n, kind)}</dd>
                <dt>{t!(i18n, pay.fact_name)}</dt>
                <dd data-testid="recipient-name">{masked_name}</dd>
                <dt>{t!(i18n, pay.fact_id)}</dt>
                <dd data-testid="recipient-id">{id}</dd>
                {merchant_facts}
            </dl>
            <p class="muted">{t!(i18n, pay.masked_hint)}</p>
            {warning}
        </div>
    }
}

/// A merchant that cannot take payments now, said before anyone tries.
#[component]
fn MerchantWarning(merchant: MerchantInfo) -> impl IntoView {
    let i18n = use_i18n();
    let name = merchant.name.clone();
    view! {
        <div class="notice notice-warning merchant-warning" data-testid="merchant-warning">
            <p>{move || fill_in(t_string!(i18n, pay.merchant_down), "name", &name)}</p>
            <MerchantContact merchant />
        </div>
    }
}
