//! The amount field of the money forms: a decimal text input and a currency select. What is
//! typed is read only with `Money::parse` (the server's own reading) and each reason it is not
//! an amount is said at the field; the message area under it can also carry a way to fix the
//! amount (a top-up link, a help article).

use leptos::prelude::*;
use leptos_i18n::I18nContext;
use wallet_api::{Balance, Currency, Money, MoneyError, WALLET_CURRENCIES};

use crate::components::text_field::{described_by, error_id, fill_in, hint_id};
use crate::i18n::*;
use crate::routes::Page;

/// Why the typed text is not an amount, in the reader's language.
pub fn money_error_message(i18n: I18nContext<Locale>, error: MoneyError) -> String {
    match error {
        MoneyError::Empty => t_string!(i18n, money_input.empty).to_string(),
        MoneyError::Invalid => t_string!(i18n, money_input.invalid).to_string(),
        MoneyError::Negative => t_string!(i18n, money_input.negative).to_string(),
        MoneyError::NotPositive => t_string!(i18n, money_input.not_positive).to_string(),
        MoneyError::TooManyDecimals { max } => fill_in(t_string!(i18n, money_input.too_many_decimals), "max", max),
        MoneyError::Overflow => t_string!(i18n, money_input.overflow).to_string(),
    }
}

/// The typed amount, or why it is not one. An empty field is not a mistake while the person is
/// still filling the form in: it only counts once they have tried to go on (`submitted`).
pub fn typed_amount(text: &str, currency: Currency, submitted: bool) -> Option<Result<Money, MoneyError>> {
    match Money::parse(text, currency) {
        Err(MoneyError::Empty) if !submitted => None,
        result => Some(result),
    }
}

/// The top-up page, pre-filled with `amount` (what a payment is missing, say).
pub fn top_up_href(amount: Money) -> String {
    Page::TopUp.with_query(&[("amount", &amount.to_input_string()), ("currency", amount.currency.code())])
}

/// A currency named in a link (`?currency=USD`), if the wallet holds it.
pub fn wallet_currency(code: Option<&str>) -> Option<Currency> {
    code.and_then(Currency::parse).filter(|c| WALLET_CURRENCIES.contains(c))
}

/// What can be spent in `currency` (zero when the wallet has no balance in it).
pub fn available_in(balances: &[Balance], currency: Currency) -> Money {
    balances
        .iter()
        .find(|b| b.available.currency == currency)
        .map_or(Money::zero(currency), |b| b.available)
}

/// What a list of amounts (one per currency) holds in `currency`; zero without one.
pub fn available_in_money(amounts: &[Money], currency: Currency) -> Money {
    amounts.iter().find(|m| m.currency == currency).copied().unwrap_or(Money::zero(currency))
}

pub fn currency_name(i18n: I18nContext<Locale>, currency: Currency) -> &'static str {
    match currency {
        Currency::CNY => t_string!(i18n, money_input.currency_cny),
        Currency::USD => t_string!(i18n, money_input.currency_usd),
        Currency::EUR => t_string!(i18n, money_input.currency_eur),
    }
}

/// The amount input and the currency select. `children` is the message under the amount (empty
/// while all is well); it is what `aria-describedby` points at and it is announced as it
/// changes. The input's `data-testid` is its `id`, the message's is `message_testid`.
#[component]
pub fn MoneyInput(
    #[prop(into)] id: String,
    #[prop(into)] currency_id: String,
    #[prop(into)] label: Signal<String>,
    text: RwSignal<String>,
    currency: RwSignal<Currency>,
    /// The amount cannot be used as it is (shown with `aria-invalid`).
    #[prop(into)]
    invalid: Signal<bool>,
    #[prop(into, optional)] hint: Option<Signal<String>>,
    #[prop(into, optional)] message_testid: Option<String>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let describedby = described_by(&id, hint.is_some(), None);
    let hint_view = hint.map(|hint| view! { <p id=hint_id(&id) class="field-hint">{move || hint.get()}</p> });
    let message_testid = message_testid.unwrap_or_else(|| error_id(&id));
    let options = WALLET_CURRENCIES
        .into_iter()
        .map(|c| {
            view! {
                <option value=c.code() prop:selected=move || currency.get() == c>
                    {move || currency_name(i18n, c)}
                </option>
            }
        })
        .collect_view();
    view! {
        <div class="money-input">
            <div class="field money-amount">
                <label for=id.clone()>{move || label.get()}</label>
                {hint_view}
                <input
                    id=id.clone()
                    name=id.clone()
                    type="text"
                    inputmode="decimal"
                    autocomplete="transaction-amount"
                    spellcheck="false"
                    data-testid=id.clone()
                    aria-invalid=move || invalid.get().to_string()
                    aria-describedby=describedby
                    prop:value=text
                    on:input=move |event| text.set(event_target_value(&event))
                />
            </div>
            <div class="field money-currency">
                <label for=currency_id.clone()>{t!(i18n, money_input.currency_label)}</label>
                <select
                    id=currency_id.clone()
                    name=currency_id.clone()
                    autocomplete="transaction-currency"
                    data-testid=currency_id
                    on:change=move |event| {
                        if let Some(chosen) = wallet_currency(Some(&event_target_value(&event))) {
                            currency.set(chosen);
                        }
                    }
                >
                    {options}
                </select>
            </div>
            <div id=error_id(&id) class="field-error money-message" aria-live="polite" data-testid=message_testid>
                {children()}
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_amount_is_not_a_mistake_until_the_form_is_submitted() {
        assert_eq!(typed_amount("  ", Currency::CNY, false), None);
        assert_eq!(typed_amount("", Currency::CNY, true), Some(Err(MoneyError::Empty)));
    }

    #[test]
    fn a_typed_amount_is_read_the_way_the_server_reads_it() {
        assert_eq!(typed_amount("1,234.5", Currency::USD, false), Some(Ok(Money::new(123_450, Currency::USD))));
        assert_eq!(typed_amount("1.234", Currency::CNY, false), Some(Err(MoneyError::TooManyDecimals { max: 2 })));
    }

    #[test]
    fn the_top_up_link_carries_the_amount_as_typed_text_and_the_currency_code() {
        assert_eq!(top_up_href(Money::new(300_150, Currency::CNY)), "/wallet/top-up?amount=3001.50&currency=CNY");
    }

    #[test]
    fn only_a_currency_the_wallet_holds_is_taken_from_a_link() {
        assert_eq!(wallet_currency(Some("usd")), Some(Currency::USD));
        assert_eq!(wallet_currency(Some("EUR")), None);
        assert_eq!(wallet_currency(Some("GBP")), None);
        assert_eq!(wallet_currency(None), None);
    }

    #[test]
    fn a_currency_without_a_balance_has_nothing_available() {
        let balances = [Balance { available: Money::new(500, Currency::CNY), pending: Money::zero(Currency::CNY) }];
        assert_eq!(available_in(&balances, Currency::CNY), Money::new(500, Currency::CNY));
        assert_eq!(available_in(&balances, Currency::USD), Money::zero(Currency::USD));
    }
}
