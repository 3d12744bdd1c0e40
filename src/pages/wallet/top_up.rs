//! Topping up from a card: amount and currency (pre-filled from a "Top up {missing}" link),
//! the card number checked at the field, and the demo's test cards. The request carries an
//! idempotency key like a payment's: a lost connection is retried with the same key.

mod outcome;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::components::A;
use wallet_api::{
    card_number_is_valid, Currency, ErrorCode, Money, PaymentRules, TestCardOutcome, TopUpRequest, Transaction,
    TEST_CARDS,
};

use crate::api::{self, ApiError};
use crate::components::attempt_key::{outcome_unknown, AttemptKey};
use crate::components::form::{focus_first_invalid, focus_step, query_value, Message, Say};
use crate::components::money_input::{available_in, money_error_message, typed_amount, wallet_currency, MoneyInput};
use crate::components::payment_failure::help_href;
use crate::components::require_sign_in::RequireSignIn;
use crate::components::text_field::{fill_in, TextField};
use crate::i18n::*;
use crate::prefs::lang_of;

use outcome::TopUpOutcome;

const CARD_ID: &str = "card-number";

type TopUpAction = Action<(TopUpRequest, String), Result<Transaction, ApiError>>;

/// The card number as sent: full-width digits made ASCII, spaces and dashes dropped.
pub fn card_digits(typed: &str) -> String {
    typed
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            other => other,
        })
        .filter(|c| !matches!(c, ' ' | '-'))
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardProblem {
    Empty,
    /// Not 12–19 digits passing the Luhn check: a typo.
    Invalid,
}

pub fn card_problem(typed: &str) -> Option<CardProblem> {
    let digits = card_digits(typed);
    if digits.is_empty() {
        Some(CardProblem::Empty)
    } else if !card_number_is_valid(&digits) {
        Some(CardProblem::Invalid)
    } else {
        None
    }
}

/// The top-up limit, when `amount` is over it.
pub fn over_top_up_limit(amount: Money, rules: &PaymentRules) -> Option<Money> {
    (amount.minor > rules.top_up_limit_minor).then(|| Money::new(rules.top_up_limit_minor, amount.currency))
}

/// A card number in groups of four, as printed on cards.
pub fn grouped(number: &str) -> String {
    number.as_bytes().chunks(4).map(|group| String::from_utf8_lossy(group).into_owned()).collect::<Vec<_>>().join(" ")
}

/// The form's state, kept outside `RequireSignIn` (which rebuilds its content when the
/// session's state changes).
#[derive(Clone, Copy)]
struct TopUpForm {
    amount_text: RwSignal<String>,
    currency: RwSignal<Currency>,
    card: RwSignal<String>,
    /// "Top up" was pressed: empty fields now count as mistakes.
    submitted: RwSignal<bool>,
    /// The card field was left (or the form sent): its check shows from now on.
    card_checked: RwSignal<bool>,
    key: AttemptKey,
    /// The last request sent and its key: what "Retry" sends again, unchanged.
    sent: RwSignal<Option<(TopUpRequest, String)>>,
    amount_message: Message,
    card_message: Message,
}

impl TopUpForm {
    fn new() -> TopUpForm {
        TopUpForm {
            amount_text: RwSignal::new(query_value("amount").unwrap_or_default()),
            currency: RwSignal::new(wallet_currency(query_value("currency").as_deref()).unwrap_or(Currency::CNY)),
            card: RwSignal::new(String::new()),
            submitted: RwSignal::new(false),
            card_checked: RwSignal::new(false),
            key: AttemptKey::new(),
            sent: RwSignal::new(None),
            amount_message: RwSignal::new(None),
            card_message: RwSignal::new(None),
        }
    }

    /// Another card, after a decline: an empty card field, focused.
    fn another_card(&self) {
        self.card.set(String::new());
        self.card_checked.set(false);
        focus_element(CARD_ID);
    }
}

fn focus_element(id: &str) {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}

/// A refusal about one field (the card number, the amount), said at that field. An amount
/// over the top-up limit is not one of them: it gets the limit's explanation.
fn field_refusal(error: &ApiError) -> Option<&'static str> {
    match (error.code(), error.field()) {
        (Some(ErrorCode::LimitExceeded), _) => None,
        (_, Some("card_number")) => Some(CARD_ID),
        (Some(ErrorCode::InvalidAmount), _) | (_, Some("amount")) => Some("top-up-amount"),
        _ => None,
    }
}

/// Sends the form as a new attempt (or as the current one, if its key is not spent yet).
fn submit(form: TopUpForm, top_up: TopUpAction) {
    form.submitted.set(true);
    form.card_checked.set(true);
    form.amount_message.set(None);
    form.card_message.set(None);
    let amount = typed_amount(&form.amount_text.get_untracked(), form.currency.get_untracked(), true);
    let card = form.card.get_untracked();
    let (Some(Ok(amount)), None) = (amount, card_problem(&card)) else {
        focus_first_invalid();
        return;
    };
    let request = TopUpRequest { amount, card_number: card_digits(&card) };
    let key = form.key.current();
    form.sent.set(Some((request.clone(), key.clone())));
    top_up.value().set(None);
    top_up.dispatch_local((request, key));
}

/// Sends the last request again with the same key (after a lost connection).
fn retry(form: TopUpForm, top_up: TopUpAction) {
    if let Some(sent) = form.sent.get_untracked().filter(|_| !top_up.pending().get_untracked()) {
        top_up.dispatch_local(sent);
    }
}

#[component]
pub fn TopUpPage() -> impl IntoView {
    let form = TopUpForm::new();
    let top_up: TopUpAction = Action::new_local(move |(request, key): &(TopUpRequest, String)| {
        let (request, key) = (request.clone(), key.clone());
        async move {
            let result = api::top_up(request, key).await;
            form.key.settle(&result);
            match &result {
                Err(error) => match field_refusal(error) {
                    Some(CARD_ID) => {
                        form.card_message.set(Some(Say::error(error.clone())));
                        focus_first_invalid();
                    }
                    Some(_) => {
                        form.amount_message.set(Some(Say::error(error.clone())));
                        focus_first_invalid();
                    }
                    None => {}
                },
                Ok(_) => focus_step(),
            }
            result
        }
    });
    view! {
        <RequireSignIn>
            <TopUpContent form top_up />
        </RequireSignIn>
    }
}

#[component]
fn TopUpContent(form: TopUpForm, top_up: TopUpAction) -> impl IntoView {
    let i18n = use_i18n();
    let overview = LocalResource::new(move || {
        top_up.version().get();
        api::overview()
    });
    let rules = LocalResource::new(api::payment_rules);
    // Any edit makes the next submit a new attempt.
    Effect::new(move |first_run: Option<()>| {
        form.amount_text.track();
        form.currency.track();
        form.card.track();
        if first_run.is_some() {
            untrack(|| {
                form.key.forget();
                form.amount_message.set(None);
                form.card_message.set(None);
                top_up.value().set(None);
            });
        }
    });
    let amount = Memo::new(move |_| typed_amount(&form.amount_text.get(), form.currency.get(), form.submitted.get()));
    let limit = Memo::new(move |_| match (amount.get(), rules.get()) {
        (Some(Ok(amount)), Some(Ok(rules))) => over_top_up_limit(amount, &rules),
        _ => None,
    });
    let amount_invalid = Signal::derive(move || {
        form.amount_message.with(Option::is_some) || matches!(amount.get(), Some(Err(_))) || limit.get().is_some()
    });
    let amount_message = move || {
        let lang = lang_of(i18n.get_locale());
        if let Some(say) = form.amount_message.get() {
            return Some(view! { <span>{move || say.text(i18n)}</span> }.into_any());
        }
        if let Some(Err(error)) = amount.get() {
            return Some(view! { <span>{move || money_error_message(i18n, error)}</span> }.into_any());
        }
        limit.get().map(|limit| {
            view! {
                <span>{move || fill_in(t_string!(i18n, payment_failure.limit_top_up), "size", limit.format(lang))}</span>
                " "
                <A href=help_href("payment-limits") attr:data-testid="limits-link">{t!(i18n, pay.limits_link)}</A>
            }
            .into_any()
        })
    };
    let hint = Signal::derive(move || {
        let lang = lang_of(i18n.get_locale());
        overview
            .get()
            .and_then(Result::ok)
            .map(|o| fill_in(t_string!(i18n, money_input.available), "amount", available_in(&o.balances, form.currency.get()).format(lang)))
            .unwrap_or_default()
    });
    let card_error = Signal::derive(move || {
        if let Some(say) = form.card_message.get() {
            return Some(say.text(i18n));
        }
        let problem = form.card_checked.get().then(|| form.card.with(|card| card_problem(card))).flatten();
        problem.map(|problem| card_problem_message(i18n, problem).to_string())
    });
    let outcome_unknown = move || top_up.value().with(|v| v.as_ref().is_some_and(outcome_unknown));
    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        if !top_up.pending().get_untracked() && !outcome_unknown() {
            submit(form, top_up);
        }
    };
    view! {
        <Title text=move || t_string!(i18n, top_up.title).to_string() />
        <h1>{t!(i18n, top_up.title)}</h1>
        <p class="lead">{t!(i18n, top_up.intro)}</p>
        <section class="card top-up">
            <form class="top-up-form" on:submit=on_submit novalidate>
                <MoneyInput
                    id="top-up-amount"
                    currency_id="top-up-currency"
                    label=move || t_string!(i18n, top_up.amount_label).to_string()
                    text=form.amount_text
                    currency=form.currency
                    invalid=amount_invalid
                    hint
                >
                    {amount_message}
                </MoneyInput>
                <TextField
                    id=CARD_ID
                    label=move || t_string!(i18n, top_up.card_label).to_string()
                    value=form.card
                    error=card_error
                    hint=Signal::derive(move || t_string!(i18n, top_up.card_hint).to_string())
                    inputmode="numeric"
                    autocomplete="cc-number"
                    maxlength=23
                    on_change=Callback::new(move |_| form.card_checked.set(true))
                />
                <TestCards form />
                <button
                    type="submit"
                    class="button"
                    disabled=move || top_up.pending().get() || outcome_unknown()
                    data-testid="submit-top-up"
                >
                    {t!(i18n, top_up.submit)}
                </button>
            </form>
        </section>
        <TopUpOutcome form top_up overview />
    }
}

fn card_problem_message(i18n: I18nContext<Locale>, problem: CardProblem) -> &'static str {
    match problem {
        CardProblem::Empty => t_string!(i18n, top_up.card_required),
        CardProblem::Invalid => t_string!(i18n, top_up.card_invalid),
    }
}

/// The reference server's simulated card provider and its test numbers, clearly marked as
/// such; choosing one fills it in.
#[component]
fn TestCards(form: TopUpForm) -> impl IntoView {
    let i18n = use_i18n();
    let cards = TEST_CARDS
        .into_iter()
        .map(|(number, outcome)| {
            let outcome_text = move || match outcome {
                TestCardOutcome::Succeeds => t_string!(i18n, top_up.test_succeeds),
                TestCardOutcome::Declined => t_string!(i18n, top_up.test_declined),
                TestCardOutcome::TimesOut => t_string!(i18n, top_up.test_times_out),
            };
            let use_card = move |_| {
                form.card.set(grouped(number));
                form.card_checked.set(true);
                focus_element(CARD_ID);
            };
            view! {
                <li>
                    <button type="button" class="link-button test-card-number" on:click=use_card>{grouped(number)}</button>
                    " — "
                    <span>{outcome_text}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="test-cards" role="note" aria-labelledby="test-cards-title" data-testid="test-cards">
            <p id="test-cards-title" class="test-cards-title">{t!(i18n, top_up.test_cards_heading)}</p>
            <p>{t!(i18n, top_up.test_cards_intro)}</p>
            <ul>{cards}</ul>
            <p class="muted">{t!(i18n, top_up.test_cards_use)}</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(code: ErrorCode, field: &str) -> ApiError {
        ApiError::Server { status: 422, error: crate::api::ServerError::new(code, "refused").with_field(field) }
    }

    #[test]
    fn a_refused_card_number_is_said_at_the_card_field_but_a_limit_is_explained_in_full() {
        assert_eq!(field_refusal(&refused(ErrorCode::ValidationFailed, "card_number")), Some(CARD_ID));
        assert_eq!(field_refusal(&refused(ErrorCode::InvalidAmount, "amount")), Some("top-up-amount"));
        assert_eq!(field_refusal(&refused(ErrorCode::LimitExceeded, "amount")), None);
    }

    #[test]
    fn a_card_number_is_sent_without_spaces_or_dashes() {
        assert_eq!(card_digits("4242 4242-4242 4242"), "4242424242424242");
        assert_eq!(card_digits("４２４２"), "4242");
    }

    #[test]
    fn a_missing_or_mistyped_card_number_is_refused_at_the_field() {
        assert_eq!(card_problem("  "), Some(CardProblem::Empty));
        assert_eq!(card_problem("4242 4242 4242 4241"), Some(CardProblem::Invalid));
        assert_eq!(card_problem("4242 42x2 4242 4242"), Some(CardProblem::Invalid));
        assert_eq!(card_problem("4242 4242 4242 4242"), None);
    }

    #[test]
    fn every_test_card_passes_the_check_as_shown_in_groups_of_four() {
        for (number, _) in TEST_CARDS {
            assert_eq!(card_problem(&grouped(number)), None, "{number}");
        }
        assert_eq!(grouped("4000000000009995"), "4000 0000 0000 9995");
    }

    #[test]
    fn an_amount_over_the_top_up_limit_names_the_limit() {
        let rules = PaymentRules {
            fee_bps: 10,
            per_payment_limit_minor: 5_000_000,
            daily_limit_minor: 20_000_000,
            second_factor_above_minor: 100_000,
            top_up_limit_minor: 5_000_000,
            paid_today: Vec::new(),
            paid_without_code_today: Vec::new(),
        };
        let usd = |minor| Money::new(minor, Currency::USD);
        assert_eq!(over_top_up_limit(usd(5_000_001), &rules), Some(usd(5_000_000)));
        assert_eq!(over_top_up_limit(usd(5_000_000), &rules), None);
    }
}
