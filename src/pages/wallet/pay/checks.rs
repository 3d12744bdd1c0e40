//! The payment form's checks that need no request: the recipient's format, the note's length,
//! and the live check of an amount against the limits and the balance (from the rules and the
//! overview the page has loaded; the server checks again when paying).

use wallet_api::{Money, PaymentRules};

use crate::components::form::is_plausible_email;

pub const NOTE_MAX_CHARS: usize = 140;

/// What the live check says about a readable amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountCheck {
    Fine,
    /// More than one payment may be.
    OverPerPaymentLimit { limit: Money },
    /// More than what is left of today's limit in this currency.
    OverDailyLimit { left: Money },
    /// Amount plus fee is more than the balance: `missing` is what a top-up has to add.
    OverBalance { fee: Money, needed: Money, available: Money, missing: Money },
}

/// Checks `amount` against the limits first (a top-up cannot fix those), then against the
/// balance with the fee. Whatever has not loaded (`None`) is not checked.
pub fn check_amount(amount: Money, rules: Option<&PaymentRules>, available: Option<Money>) -> AmountCheck {
    let currency = amount.currency;
    if let Some(rules) = rules {
        if amount.minor > rules.per_payment_limit_minor {
            return AmountCheck::OverPerPaymentLimit { limit: Money::new(rules.per_payment_limit_minor, currency) };
        }
        let left = rules.daily_left(currency);
        if amount.minor > left.minor {
            return AmountCheck::OverDailyLimit { left };
        }
    }
    let Some(available) = available.filter(|a| a.currency == currency) else {
        return AmountCheck::Fine;
    };
    let fee = rules.map_or(Money::zero(currency), |rules| rules.fee(amount));
    let needed = Money::new(amount.minor.saturating_add(fee.minor), currency);
    match missing_amount(needed, available) {
        Some(missing) => AmountCheck::OverBalance { fee, needed, available, missing },
        None => AmountCheck::Fine,
    }
}

/// What `available` lacks to cover `needed`, if anything.
pub fn missing_amount(needed: Money, available: Money) -> Option<Money> {
    let missing = needed.minor.saturating_sub(available.minor);
    (needed.currency == available.currency && missing > 0).then(|| Money::new(missing, needed.currency))
}

/// Why a typed recipient cannot be looked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecipientProblem {
    Empty,
    /// Neither a wallet ID (`W` and 8 digits), a merchant ID (`M` and 5 digits) nor an e-mail.
    Unrecognised,
}

/// The recipient to look up: a wallet or merchant ID (upper-cased, `w12345678` is fine) or an
/// e-mail address, trimmed.
pub fn recipient_query(typed: &str) -> Result<String, RecipientProblem> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err(RecipientProblem::Empty);
    }
    let id_shape = |prefix: char, digits: usize| {
        let mut chars = typed.chars();
        chars.next().is_some_and(|c| c.eq_ignore_ascii_case(&prefix))
            && typed.len() == digits + 1
            && chars.all(|c| c.is_ascii_digit())
    };
    if id_shape('W', 8) || id_shape('M', 5) {
        return Ok(typed.to_ascii_uppercase());
    }
    if is_plausible_email(typed) {
        return Ok(typed.to_string());
    }
    Err(RecipientProblem::Unrecognised)
}

pub fn note_is_too_long(note: &str) -> bool {
    note.trim().chars().count() > NOTE_MAX_CHARS
}

/// The note as sent: trimmed, left out when empty.
pub fn note_to_send(note: &str) -> Option<String> {
    Some(note.trim().to_string()).filter(|n| !n.is_empty())
}

/// Whole minutes since `then` (Unix seconds), at least one: "3 min ago".
pub fn minutes_ago(then: i64, now: i64) -> i64 {
    ((now - then) / 60).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wallet_api::Currency;

    fn cny(minor: i64) -> Money {
        Money::new(minor, Currency::CNY)
    }

    fn rules() -> PaymentRules {
        PaymentRules {
            fee_bps: 10,
            per_payment_limit_minor: 5_000_000,
            daily_limit_minor: 20_000_000,
            second_factor_above_minor: 100_000,
            top_up_limit_minor: 5_000_000,
            paid_today: vec![cny(19_000_000)],
            paid_without_code_today: Vec::new(),
        }
    }

    #[test]
    fn an_amount_above_the_balance_offers_the_missing_amount_as_a_top_up() {
        // 500.00 + 0.50 fee against 200.00: 300.50 is missing.
        let check = check_amount(cny(50_000), Some(&rules()), Some(cny(20_000)));
        assert_eq!(
            check,
            AmountCheck::OverBalance { fee: cny(50), needed: cny(50_050), available: cny(20_000), missing: cny(30_050) }
        );
    }

    #[test]
    fn the_fee_alone_can_tip_an_amount_over_the_balance() {
        let check = check_amount(cny(20_000), Some(&rules()), Some(cny(20_000)));
        assert!(matches!(check, AmountCheck::OverBalance { missing, .. } if missing == cny(20)));
    }

    #[test]
    fn an_amount_the_balance_covers_with_its_fee_is_fine() {
        assert_eq!(check_amount(cny(10_000), Some(&rules()), Some(cny(20_000))), AmountCheck::Fine);
    }

    #[test]
    fn an_amount_over_the_per_payment_limit_says_so_before_the_balance() {
        let check = check_amount(cny(5_000_001), Some(&rules()), Some(cny(100)));
        assert_eq!(check, AmountCheck::OverPerPaymentLimit { limit: cny(5_000_000) });
    }

    #[test]
    fn an_amount_over_what_is_left_of_today_says_what_is_left() {
        let check = check_amount(cny(1_000_001), Some(&rules()), Some(cny(99_000_000)));
        assert_eq!(check, AmountCheck::OverDailyLimit { left: cny(1_000_000) });
        // Another currency has its own daily allowance.
        let usd = Money::new(1_000_001, Currency::USD);
        assert_eq!(check_amount(usd, Some(&rules()), Some(Money::new(99_000_000, Currency::USD))), AmountCheck::Fine);
    }

    #[test]
    fn nothing_is_checked_against_what_has_not_loaded() {
        assert_eq!(check_amount(cny(99_999_999), None, None), AmountCheck::Fine);
        let without_rules = check_amount(cny(30_000), None, Some(cny(20_000)));
        assert!(matches!(without_rules, AmountCheck::OverBalance { fee, missing, .. } if fee == cny(0) && missing == cny(10_000)));
    }

    #[test]
    fn nothing_is_missing_when_the_balance_covers_the_need_exactly() {
        assert_eq!(missing_amount(cny(100), cny(100)), None);
        assert_eq!(missing_amount(cny(101), cny(100)), Some(cny(1)));
    }

    #[test]
    fn wallet_and_merchant_ids_and_email_addresses_are_recipients() {
        assert_eq!(recipient_query(" w12345678 "), Ok("W12345678".to_string()));
        assert_eq!(recipient_query("M10002"), Ok("M10002".to_string()));
        assert_eq!(recipient_query("friend@wallet.example"), Ok("friend@wallet.example".to_string()));
    }

    #[test]
    fn an_empty_or_unrecognised_recipient_is_refused_before_asking() {
        assert_eq!(recipient_query("  "), Err(RecipientProblem::Empty));
        for typed in ["W1234567", "M100021", "X12345678", "张三丰", "W1234567a"] {
            assert_eq!(recipient_query(typed), Err(RecipientProblem::Unrecognised), "{typed}");
        }
    }

    #[test]
    fn a_note_may_have_140_characters_in_any_script() {
        assert!(!note_is_too_long(&"字".repeat(140)));
        assert!(note_is_too_long(&"a".repeat(141)));
        assert_eq!(note_to_send("  "), None);
        assert_eq!(note_to_send(" lunch "), Some("lunch".to_string()));
    }

    #[test]
    fn a_recent_payment_is_at_least_one_minute_ago() {
        assert_eq!(minutes_ago(1_000, 1_020), 1);
        assert_eq!(minutes_ago(1_000, 1_000 + 5 * 60 + 59), 5);
    }
}
