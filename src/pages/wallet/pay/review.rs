//! Step 3: the server's quote to check before paying: recipient, amount, fee, total and the
//! balance after; a warning when the same payment was made minutes ago (paying again then
//! needs an explicit tick); the 2FA code when the payment needs one; "Confirm and pay".

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use wallet_api::{Money, PaymentQuote, Transaction};

use super::checks::{minutes_ago, missing_amount};
use super::{confirm, resume_href, PayAction, PayForm};
use crate::components::attempt_key::outcome_unknown;
use crate::components::code_input::CodeInput;
use crate::components::form::in_language;
use crate::components::money_input::top_up_href;
use crate::components::text_field::fill_in;
use crate::i18n::*;
use crate::prefs::lang_of;
use crate::routes::{url_with_query, Page};
use crate::time::now_millis;

#[component]
pub(super) fn ReviewPanel(form: PayForm, quote: PaymentQuote, pay: PayAction) -> impl IntoView {
    let i18n = use_i18n();
    let format = move |money: Money| money.format(lang_of(i18n.get_locale()));
    let PaymentQuote { recipient, amount, fee, total, available, needs_second_factor, recent_duplicate } = quote;
    let after = Money::new(available.minor.saturating_sub(total.minor), available.currency);
    let missing = missing_amount(total, available);
    let is_short = missing.is_some();
    let resume = resume_href(&recipient.id, amount, &form.note.get_untracked());
    let short = missing.map(|missing| {
        // Topping up first, then this review again: no code asked for, no failed payment made.
        let top_up = url_with_query(&top_up_href(missing), &[("next", resume.as_str())]);
        view! {
            <div class="notice notice-warning" data-testid="review-short">
                <p>{move || fill_in(t_string!(i18n, pay.review_short), "missing", format(missing))}</p>
                <p>
                    <A href=top_up attr:class="button" attr:data-testid="review-top-up">
                        {move || fill_in(t_string!(i18n, payment_failure.top_up_missing), "missing", format(missing))}
                    </A>
                </p>
            </div>
        }
    });
    let needs_code = Memo::new(move |_| needs_second_factor || form.code_required.get());
    let has_duplicate = recent_duplicate.is_some();
    let duplicate = recent_duplicate.map(|earlier| view! { <DuplicateWarning earlier recipient=recipient.masked_name.clone() form /> });
    let outcome_unknown = move || pay.value().with(|v| v.as_ref().is_some_and(outcome_unknown));
    let blocked = move || pay.pending().get() || outcome_unknown() || (has_duplicate && !form.pay_again.get());
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        confirm(form, pay);
    };
    let note = form.note.get_untracked().trim().to_string();
    let note_facts = (!note.is_empty()).then(|| {
        view! {
            <dt>{t!(i18n, pay.fact_note)}</dt>
            <dd data-testid="review-note">{note}</dd>
        }
    });
    view! {
        <section class="card pay-step review-panel" data-testid="review-panel" aria-labelledby="pay-review-heading">
            <h2 id="pay-review-heading" tabindex="-1" data-step-heading>{t!(i18n, pay.review_heading)}</h2>
            <dl class="facts">
                <dt>{t!(i18n, pay.fact_to)}</dt>
                <dd data-testid="review-recipient">{recipient.masked_name.clone()} " (" {recipient.id.clone()} ")"</dd>
                <dt>{t!(i18n, pay.fact_amount)}</dt>
                <dd data-testid="review-amount">{move || format(amount)}</dd>
                <dt>{t!(i18n, pay.fact_fee)}</dt>
                <dd data-testid="review-fee">{move || format(fee)}</dd>
                <dt>{t!(i18n, pay.fact_total)}</dt>
                <dd data-testid="review-total"><strong>{move || format(total)}</strong></dd>
                <dt>{t!(i18n, pay.fact_available)}</dt>
                <dd data-testid="review-available">{move || format(available)}</dd>
                <dt>{t!(i18n, pay.fact_after)}</dt>
                <dd data-testid="review-after" class:negative=after.minor < 0>{move || format(after)}</dd>
                {note_facts}
            </dl>
            {short}
            {(!is_short).then(move || view! {
            <form class="review-confirm" on:submit=on_submit novalidate>
                {duplicate}
                <Show when=move || needs_code.get()>
                    <CodeInput
                        id="totp-input"
                        label=move || t_string!(i18n, pay.code_label).to_string()
                        value=form.code
                        error=in_language(i18n, form.code_message)
                        hint=Signal::derive(move || t_string!(i18n, pay.code_hint).to_string())
                    />
                </Show>
                <button
                    type="submit"
                    class="button"
                    disabled=blocked
                    aria-describedby=has_duplicate.then_some("duplicate-warning")
                    data-testid="confirm-pay"
                >
                    {t!(i18n, pay.confirm)}
                </button>
            </form>
            })}
        </section>
    }
}

/// "You paid them this amount minutes ago": paying again needs an explicit tick.
#[component]
fn DuplicateWarning(earlier: Transaction, recipient: String, form: PayForm) -> impl IntoView {
    let i18n = use_i18n();
    let minutes = minutes_ago(earlier.created_at, (now_millis() / 1000.0) as i64);
    let (amount, id) = (earlier.amount, earlier.id.clone());
    let text = move || {
        let text = fill_in(t_string!(i18n, pay.duplicate), "recipient", &recipient);
        let text = fill_in(&text, "amount", amount.format(lang_of(i18n.get_locale())));
        fill_in(&fill_in(&text, "minutes", minutes), "id", &id)
    };
    view! {
        <div id="duplicate-warning" class="notice notice-warning" data-testid="duplicate-warning">
            <p>{text}</p>
            <p><A href=Page::Transaction(earlier.id.clone()).path()>{t!(i18n, pay.duplicate_view)}</A></p>
            <div class="checkbox-row">
                <input
                    type="checkbox"
                    id="pay-again-anyway"
                    data-testid="pay-again-anyway"
                    prop:checked=form.pay_again
                    on:change=move |event| form.pay_again.set(event_target_checked(&event))
                />
                <label for="pay-again-anyway">{t!(i18n, pay.pay_again_anyway)}</label>
            </div>
        </div>
    }
}
