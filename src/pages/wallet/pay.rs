//! Paying, on one page: find the recipient, enter the amount (checked live against the limits,
//! the fee and the balance), review the server's quote, confirm. Every attempt carries an
//! idempotency key (see `components::attempt_key`): a lost connection is retried with the same
//! key, so a payment can never go through twice.

mod checks;
mod details;
mod outcome;
mod recipient;
mod review;

use leptos::prelude::*;
use leptos_meta::Title;
use wallet_api::{Currency, ErrorCode, Money, PaymentQuote, PaymentRequest, QuoteRequest, Recipient, Transaction};

use crate::api::{self, ApiError};
use crate::components::attempt_key::AttemptKey;
use crate::components::code_input::code_error_message;
use crate::components::form::{code_problem, focus_first_invalid, focus_step, query_value, Message, Say};
use crate::components::money_input::{typed_amount, wallet_currency};
use crate::components::require_sign_in::RequireSignIn;
use crate::i18n::*;
use crate::routes::Page;

use details::DetailsForm;
use outcome::PayOutcome;
use recipient::RecipientStep;
use review::ReviewPanel;

type FindAction = Action<String, Result<Recipient, ApiError>>;
type QuoteAction = Action<QuoteRequest, Result<PaymentQuote, ApiError>>;
type PayAction = Action<(PaymentRequest, String), Result<Transaction, ApiError>>;

/// Everything the payment form holds, shared by its steps. Kept outside `RequireSignIn`, which
/// builds its content again when the session's state changes.
#[derive(Clone, Copy)]
struct PayForm {
    recipient_text: RwSignal<String>,
    /// Who the typed recipient is, once looked up (by "Find" or by the quote).
    recipient: RwSignal<Option<Recipient>>,
    amount_text: RwSignal<String>,
    currency: RwSignal<Currency>,
    note: RwSignal<String>,
    /// "Review" was pressed: an empty amount now counts as a mistake.
    submitted: RwSignal<bool>,
    /// The reviewed payment; cleared whenever what it was made from changes.
    quote: RwSignal<Option<PaymentQuote>>,
    code: RwSignal<String>,
    /// The server asked for a 2FA code although the quote did not (2FA turned on meanwhile).
    code_required: RwSignal<bool>,
    pay_again: RwSignal<bool>,
    key: AttemptKey,
    /// The last payment request sent and its key: what "Retry" sends again, unchanged.
    sent: RwSignal<Option<(PaymentRequest, String)>>,
    /// Counts the edits of the form, so an answer to an older request is not shown as current.
    edits: RwSignal<u32>,
    recipient_message: Message,
    amount_message: Message,
    note_message: Message,
    code_message: Message,
    alert: Message,
    /// A refusal of the quote that needs more than a line (a locked account: why, until when,
    /// how to unlock), shown as a failure panel.
    refused: RwSignal<Option<crate::api::ServerError>>,
}

impl PayForm {
    fn new() -> PayForm {
        PayForm {
            recipient_text: RwSignal::new(query_value("to").unwrap_or_default()),
            recipient: RwSignal::new(None),
            amount_text: RwSignal::new(query_value("amount").unwrap_or_default()),
            currency: RwSignal::new(wallet_currency(query_value("currency").as_deref()).unwrap_or(Currency::CNY)),
            note: RwSignal::new(query_value("note").unwrap_or_default()),
            submitted: RwSignal::new(false),
            quote: RwSignal::new(None),
            code: RwSignal::new(String::new()),
            code_required: RwSignal::new(false),
            pay_again: RwSignal::new(false),
            key: AttemptKey::new(),
            sent: RwSignal::new(None),
            edits: RwSignal::new(0),
            recipient_message: RwSignal::new(None),
            amount_message: RwSignal::new(None),
            note_message: RwSignal::new(None),
            code_message: RwSignal::new(None),
            alert: RwSignal::new(None),
            refused: RwSignal::new(None),
        }
    }

    /// The review of `quote` begins a new attempt: it gets its own idempotency key.
    fn show_review(&self, quote: PaymentQuote) {
        self.recipient.set(Some(quote.recipient.clone()));
        self.code.set(String::new());
        self.code_required.set(false);
        self.pay_again.set(false);
        self.code_message.set(None);
        self.key.start();
        self.quote.set(Some(quote));
    }

    /// What was reviewed changed: the review, its key and any outcome are gone.
    fn drop_review(&self) {
        self.quote.set(None);
        self.key.forget();
        self.code_message.set(None);
        self.amount_message.set(None);
        self.note_message.set(None);
        self.alert.set(None);
        self.refused.set(None);
    }

    /// "Pay someone else": an empty form.
    fn clear(&self) {
        self.recipient_text.set(String::new());
        self.recipient.set(None);
        self.amount_text.set(String::new());
        self.note.set(String::new());
        self.submitted.set(false);
        self.recipient_message.set(None);
        self.sent.set(None);
        self.drop_review();
    }
}

/// The pay page's query flag that asks for the review at once (`resume_href`).
const RETURN_TO_REVIEW: &str = "review";

/// The pay page with this payment filled in, opening at its review: where a top-up of the
/// missing amount leads back to.
fn resume_href(recipient: &str, amount: Money, note: &str) -> String {
    let amount_text = amount.to_input_string();
    let mut pairs = vec![("to", recipient), ("amount", amount_text.as_str()), ("currency", amount.currency.code())];
    if !note.trim().is_empty() {
        pairs.push(("note", note));
    }
    pairs.push((RETURN_TO_REVIEW, "1"));
    Page::Pay.with_query(&pairs)
}

/// A refusal about the 2FA code, said at the code field rather than as a failed payment.
fn is_code_refusal(error: &ApiError) -> bool {
    matches!(
        error.code(),
        Some(ErrorCode::SecondFactorRequired | ErrorCode::InvalidCode | ErrorCode::CodeAlreadyUsed | ErrorCode::CodeExpired)
    )
}

/// Sends the reviewed payment with the attempt's key (made when the review was shown, or now
/// when the last answer spent it).
fn confirm(form: PayForm, pay: PayAction) {
    let Some(quote) = form.quote.get_untracked() else { return };
    if pay.pending().get_untracked() || (quote.recent_duplicate.is_some() && !form.pay_again.get_untracked()) {
        return;
    }
    let needs_code = quote.needs_second_factor || form.code_required.get_untracked();
    let code = form.code.get_untracked();
    if needs_code {
        if let Some(problem) = code_problem(&code) {
            form.code_message.set(Some(problem));
            focus_first_invalid();
            return;
        }
    }
    form.code_message.set(None);
    let request = PaymentRequest {
        recipient: quote.recipient.id,
        amount: quote.amount,
        note: checks::note_to_send(&form.note.get_untracked()),
        code: needs_code.then_some(code),
    };
    let key = form.key.current();
    form.sent.set(Some((request.clone(), key.clone())));
    pay.value().set(None);
    pay.dispatch_local((request, key));
}

/// Sends the last request again, unchanged and with the same key: after a lost connection
/// the server either does it now or answers what it did the first time.
fn retry(form: PayForm, pay: PayAction) {
    if pay.pending().get_untracked() {
        return;
    }
    if let Some(sent) = form.sent.get_untracked() {
        pay.dispatch_local(sent);
    }
}

#[component]
pub fn PayPage() -> impl IntoView {
    let form = PayForm::new();
    let find: FindAction = Action::new_local(move |query: &String| {
        let query = query.clone();
        async move {
            let result = api::find_recipient(query.clone()).await;
            // Only for what is still typed: the person may have typed on meanwhile.
            if recipient::still_typed(form, &query) {
                match &result {
                    Ok(found) => form.recipient.set(Some(found.clone())),
                    Err(error) => {
                        form.recipient.set(None);
                        form.recipient_message.set(Some(recipient::refusal(error.clone())));
                        focus_first_invalid();
                    }
                }
            }
            result
        }
    });
    let quote: QuoteAction = Action::new_local(move |request: &QuoteRequest| {
        let request = request.clone();
        let edits = form.edits.get_untracked();
        async move {
            let result = api::quote_payment(request).await;
            if form.edits.get_untracked() == edits {
                match &result {
                    Ok(quote) => {
                        form.show_review(quote.clone());
                        focus_step();
                    }
                    Err(error) => {
                        details::place_quote_refusal(form, error.clone());
                        focus_first_invalid();
                    }
                }
            }
            result
        }
    });
    let pay: PayAction = Action::new_local(move |(request, key): &(PaymentRequest, String)| {
        let (request, key) = (request.clone(), key.clone());
        async move {
            let result = api::pay(request, key).await;
            form.key.settle(&result);
            match &result {
                Err(error) if is_code_refusal(error) => {
                    if error.code() == Some(ErrorCode::SecondFactorRequired) {
                        form.code_required.set(true);
                    }
                    let error = error.clone();
                    form.code_message.set(Some(Say::new(move |i18n| code_error_message(i18n, &error))));
                    focus_first_invalid();
                }
                Ok(_) => focus_step(),
                Err(_) => {}
            }
            result
        }
    });
    view! {
        <RequireSignIn>
            <PayContent form find quote pay />
        </RequireSignIn>
    }
}

#[component]
fn PayContent(form: PayForm, find: FindAction, quote: QuoteAction, pay: PayAction) -> impl IntoView {
    let i18n = use_i18n();
    // Balances and limits for the live checks; read again after every payment.
    let overview = LocalResource::new(move || {
        pay.version().get();
        api::overview()
    });
    let rules = LocalResource::new(move || {
        pay.version().get();
        api::payment_rules()
    });
    // Any edit of what the review was made from starts a new attempt.
    Effect::new(move |first_run: Option<()>| {
        form.recipient_text.track();
        form.amount_text.track();
        form.currency.track();
        form.note.track();
        if first_run.is_some() {
            untrack(|| {
                form.edits.update(|n| *n += 1);
                form.drop_review();
                pay.value().set(None);
            });
        }
    });
    if form.recipient.get_untracked().is_none() && !form.recipient_text.get_untracked().is_empty() {
        recipient::find(form, find);
    }
    // Back from topping up what was missing: the same payment's review again.
    if query_value(RETURN_TO_REVIEW).is_some() {
        let recipient = form.recipient_text.get_untracked().trim().to_string();
        if let Some(Ok(amount)) = typed_amount(&form.amount_text.get_untracked(), form.currency.get_untracked(), true) {
            if !recipient.is_empty() {
                quote.dispatch_local(QuoteRequest { recipient, amount });
            }
        }
    }
    let paid = Memo::new(move |_| matches!(pay.value().get(), Some(Ok(_))));
    let review = move || {
        (!paid.get()).then(|| form.quote.get().map(|quote| view! { <ReviewPanel form quote pay /> }))
    };
    view! {
        <Title text=move || t_string!(i18n, pay.title).to_string() />
        <h1>{t!(i18n, pay.title)}</h1>
        <p class="lead">{t!(i18n, pay.intro)}</p>
        <div class="pay-steps">
            <RecipientStep form find />
            <DetailsForm form quote pay overview rules />
            {review}
            <PayOutcome form pay overview />
        </div>
    }
}
