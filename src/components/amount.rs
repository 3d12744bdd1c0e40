//! An amount of money as the reader sees it: formatted for their language, or "••••" while
//! they chose to hide amounts.

use leptos::prelude::*;
use wallet_api::{Lang, Money};

use crate::components::hide_amounts::use_hide_amounts;
use crate::i18n::*;
use crate::prefs::lang_of;

/// What stands in for every hidden amount.
pub const HIDDEN_AMOUNT: &str = "••••";

/// `money` formatted, with a leading "+" when `signed` and it is positive (money in); a
/// negative amount always shows its "-".
pub fn amount_text(money: Money, signed: bool, lang: Lang) -> String {
    let text = money.format(lang);
    if signed && money.minor > 0 { format!("+{text}") } else { text }
}

/// One amount. `signed` shows the direction of a balance change (`+` in, `-` out).
#[component]
pub fn Amount(
    money: Money,
    #[prop(optional)] signed: bool,
    #[prop(optional, into)] testid: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let hide = use_hide_amounts();
    let text = move || {
        if hide.hidden() {
            // An image role names the dots for screen readers; the text stays "••••".
            view! {
                <span role="img" aria-label=move || t_string!(i18n, wallet.amount_hidden)>{HIDDEN_AMOUNT}</span>
            }
            .into_any()
        } else {
            amount_text(money, signed, lang_of(i18n.get_locale())).into_any()
        }
    };
    let (money_in, money_out) = (signed && money.minor > 0, signed && money.minor < 0);
    view! {
        <span
            class="amount"
            class:amount-in=money_in
            class:amount-out=money_out
            data-testid=testid
        >
            {text}
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wallet_api::Currency;

    #[test]
    fn money_in_is_shown_with_a_plus_and_money_out_with_a_minus() {
        assert_eq!(amount_text(Money::new(1_250, Currency::CNY), true, Lang::ZhCn), "+¥12.50");
        assert_eq!(amount_text(Money::new(-1_001, Currency::USD), true, Lang::En), "-$10.01");
    }

    #[test]
    fn an_unsigned_or_zero_amount_has_no_plus() {
        assert_eq!(amount_text(Money::new(1_250, Currency::CNY), false, Lang::En), "CN¥12.50");
        assert_eq!(amount_text(Money::zero(Currency::CNY), true, Lang::En), "CN¥0.00");
    }
}
