//! Money: integer minor units and a currency, never floats.
//!
//! `Money::parse` is the one place where text a person typed becomes an amount, and
//! `Money::format` the one place where an amount becomes text; the app and the server both use
//! them, so "12.345 CNY" is refused the same way on both sides.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::Lang;

/// A currency the wallet holds, with its ISO 4217 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Currency {
    CNY,
    USD,
    EUR,
}

impl Currency {
    pub const ALL: [Currency; 3] = [Currency::CNY, Currency::USD, Currency::EUR];

    pub fn code(self) -> &'static str {
        match self {
            Currency::CNY => "CNY",
            Currency::USD => "USD",
            Currency::EUR => "EUR",
        }
    }

    pub fn parse(code: &str) -> Option<Currency> {
        Currency::ALL.into_iter().find(|c| c.code().eq_ignore_ascii_case(code.trim()))
    }

    /// Digits after the decimal point (ISO 4217 minor unit).
    pub fn decimals(self) -> u32 {
        match self {
            Currency::CNY | Currency::USD | Currency::EUR => 2,
        }
    }

    /// The symbol a reader of `lang` expects (CLDR's choices: in Chinese "¥" is the yuan and
    /// the dollar needs "US$"; in English the yuan needs "CN¥").
    pub fn symbol(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Currency::CNY, Lang::ZhCn) => "¥",
            (Currency::CNY, Lang::En) => "CN¥",
            (Currency::USD, Lang::ZhCn) => "US$",
            (Currency::USD, Lang::En) => "$",
            (Currency::EUR, _) => "€",
        }
    }

    fn scale(self) -> i64 {
        10_i64.pow(self.decimals())
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Why typed text is not an amount. The app shows each as a translated message at the field;
/// the server answers `INVALID_AMOUNT`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyError {
    Empty,
    /// Not a plain decimal number (letters, several points, misplaced separators, ...).
    Invalid,
    Negative,
    /// Zero cannot be paid, topped up or withdrawn.
    NotPositive,
    /// More digits after the point than the currency has.
    TooManyDecimals { max: u32 },
    /// Larger than any amount the wallet can hold.
    Overflow,
}

impl fmt::Display for MoneyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MoneyError::Empty => f.write_str("the amount is empty"),
            MoneyError::Invalid => f.write_str("the amount is not a number"),
            MoneyError::Negative => f.write_str("the amount is negative"),
            MoneyError::NotPositive => f.write_str("the amount must be more than zero"),
            MoneyError::TooManyDecimals { max } => write!(f, "the amount has more than {max} decimals"),
            MoneyError::Overflow => f.write_str("the amount is too large"),
        }
    }
}

impl std::error::Error for MoneyError {}

/// An amount: `minor` units (fen, cents) of `currency`. On the wire:
/// `{ "minor": 12345, "currency": "CNY" }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Money {
    pub minor: i64,
    pub currency: Currency,
}

impl Money {
    pub const fn new(minor: i64, currency: Currency) -> Money {
        Money { minor, currency }
    }

    pub const fn zero(currency: Currency) -> Money {
        Money { minor: 0, currency }
    }

    /// Parses what a person typed as a positive amount of `currency`.
    ///
    /// Accepts `1234`, `1234.5`, `1,234.56`, full-width digits and punctuation (`１２．５`),
    /// surrounding spaces. Refuses signs, more decimals than the currency has, misplaced
    /// thousands separators and anything that does not fit in an `i64` of minor units.
    pub fn parse(input: &str, currency: Currency) -> Result<Money, MoneyError> {
        let text: String = input.trim().chars().map(to_ascii_number_char).collect();
        if text.is_empty() {
            return Err(MoneyError::Empty);
        }
        if let Some(rest) = text.strip_prefix('-') {
            return Err(if rest.chars().any(|c| c.is_ascii_digit()) {
                MoneyError::Negative
            } else {
                MoneyError::Invalid
            });
        }
        let (whole, fraction) = match text.split_once('.') {
            Some((whole, fraction)) => (whole, fraction),
            None => (text.as_str(), ""),
        };
        if fraction.contains('.') || !fraction.chars().all(|c| c.is_ascii_digit()) {
            return Err(MoneyError::Invalid);
        }
        if whole.is_empty() && fraction.is_empty() {
            return Err(MoneyError::Invalid);
        }
        let whole = ungroup(whole).ok_or(MoneyError::Invalid)?;
        let decimals = currency.decimals();
        if fraction.len() > decimals as usize {
            return Err(MoneyError::TooManyDecimals { max: decimals });
        }

        let whole_units = digits_value(&whole)?;
        let padded = format!("{fraction:0<width$}", width = decimals as usize);
        let fraction_units = digits_value(&padded)?;
        let minor = whole_units
            .checked_mul(currency.scale())
            .and_then(|m| m.checked_add(fraction_units))
            .ok_or(MoneyError::Overflow)?;
        if minor == 0 {
            return Err(MoneyError::NotPositive);
        }
        Ok(Money { minor, currency })
    }

    /// The amount for a reader of `lang`: symbol, thousands separators, all decimals
    /// (`¥1,234.50` in zh-CN, `CN¥1,234.50` in en).
    pub fn format(&self, lang: Lang) -> String {
        let sign = if self.minor < 0 { "-" } else { "" };
        format!("{sign}{}{}", self.currency.symbol(lang), self.format_unsigned_number())
    }

    /// The number alone with separators (`1,234.50`), for places where the currency is shown
    /// apart from it.
    pub fn format_number(&self) -> String {
        let sign = if self.minor < 0 { "-" } else { "" };
        format!("{sign}{}", self.format_unsigned_number())
    }

    /// The plain number that `parse` reads back (`1234.50`), for pre-filling an input.
    pub fn to_input_string(&self) -> String {
        let (whole, fraction) = self.split_units();
        let sign = if self.minor < 0 { "-" } else { "" };
        match fraction {
            Some(fraction) => format!("{sign}{whole}.{fraction}"),
            None => format!("{sign}{whole}"),
        }
    }

    pub fn checked_add(self, other: Money) -> Option<Money> {
        (self.currency == other.currency)
            .then(|| self.minor.checked_add(other.minor))
            .flatten()
            .map(|minor| Money { minor, currency: self.currency })
    }

    pub fn checked_sub(self, other: Money) -> Option<Money> {
        (self.currency == other.currency)
            .then(|| self.minor.checked_sub(other.minor))
            .flatten()
            .map(|minor| Money { minor, currency: self.currency })
    }

    fn format_unsigned_number(&self) -> String {
        let (whole, fraction) = self.split_units();
        let grouped = group_thousands(&whole);
        match fraction {
            Some(fraction) => format!("{grouped}.{fraction}"),
            None => grouped,
        }
    }

    /// Whole units and zero-padded fraction digits of the absolute value.
    fn split_units(&self) -> (String, Option<String>) {
        let abs = self.minor.unsigned_abs();
        let decimals = self.currency.decimals();
        let scale = 10_u64.pow(decimals);
        let whole = (abs / scale).to_string();
        let fraction = (decimals > 0)
            .then(|| format!("{:0width$}", abs % scale, width = decimals as usize));
        (whole, fraction)
    }
}

fn to_ascii_number_char(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '．' => '.',
        '，' => ',',
        '－' => '-',
        other => other,
    }
}

/// Removes thousands separators, which must stand every three digits from the right.
fn ungroup(whole: &str) -> Option<String> {
    if !whole.contains(',') {
        return whole.chars().all(|c| c.is_ascii_digit()).then(|| whole.to_string());
    }
    let groups: Vec<&str> = whole.split(',').collect();
    let first_ok = (1..=3).contains(&groups[0].len());
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    let digits_ok = groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()));
    (first_ok && rest_ok && digits_ok).then(|| groups.concat())
}

fn digits_value(digits: &str) -> Result<i64, MoneyError> {
    digits.chars().try_fold(0_i64, |acc, c| {
        let digit = i64::from(c.to_digit(10).ok_or(MoneyError::Invalid)?);
        acc.checked_mul(10)
            .and_then(|v| v.checked_add(digit))
            .ok_or(MoneyError::Overflow)
    })
}

fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cny(input: &str) -> Result<Money, MoneyError> {
        Money::parse(input, Currency::CNY)
    }

    #[test]
    fn a_whole_number_is_read_in_minor_units() {
        assert_eq!(cny("12"), Ok(Money::new(1200, Currency::CNY)));
    }

    #[test]
    fn one_or_two_decimals_are_accepted() {
        assert_eq!(cny("12.3"), Ok(Money::new(1230, Currency::CNY)));
        assert_eq!(cny("12.34"), Ok(Money::new(1234, Currency::CNY)));
        assert_eq!(cny("0.01"), Ok(Money::new(1, Currency::CNY)));
        assert_eq!(cny("12."), Ok(Money::new(1200, Currency::CNY)));
    }

    #[test]
    fn an_amount_with_three_decimals_is_rejected() {
        assert_eq!(cny("12.345"), Err(MoneyError::TooManyDecimals { max: 2 }));
    }

    #[test]
    fn a_negative_amount_is_rejected() {
        assert_eq!(cny("-5"), Err(MoneyError::Negative));
        assert_eq!(cny("－5.00"), Err(MoneyError::Negative));
    }

    #[test]
    fn zero_is_not_an_amount_that_can_be_moved() {
        assert_eq!(cny("0"), Err(MoneyError::NotPositive));
        assert_eq!(cny("0.00"), Err(MoneyError::NotPositive));
    }

    #[test]
    fn an_amount_beyond_what_fits_is_rejected_without_panicking() {
        assert_eq!(cny("92233720368547758.08"), Err(MoneyError::Overflow));
        assert_eq!(cny("99999999999999999999999"), Err(MoneyError::Overflow));
        assert_eq!(cny("92233720368547758.07"), Ok(Money::new(i64::MAX, Currency::CNY)));
    }

    #[test]
    fn thousands_separators_are_accepted_only_every_three_digits() {
        assert_eq!(cny("1,234,567.89"), Ok(Money::new(123_456_789, Currency::CNY)));
        assert_eq!(cny("12,34"), Err(MoneyError::Invalid));
        assert_eq!(cny("1234,567"), Err(MoneyError::Invalid));
        assert_eq!(cny(",123"), Err(MoneyError::Invalid));
    }

    #[test]
    fn full_width_digits_typed_with_a_chinese_keyboard_are_accepted() {
        assert_eq!(cny("１，２３４．５６"), Ok(Money::new(123_456, Currency::CNY)));
    }

    #[test]
    fn text_that_is_not_a_number_is_rejected() {
        for input in ["abc", "12a", "1.2.3", ".", "+5", "1e3", "¥12", "12 34", "0x10"] {
            assert_eq!(cny(input), Err(MoneyError::Invalid), "{input}");
        }
        assert_eq!(cny("   "), Err(MoneyError::Empty));
    }

    #[test]
    fn amounts_are_formatted_with_the_symbol_a_chinese_reader_expects() {
        assert_eq!(Money::new(123_456_789, Currency::CNY).format(Lang::ZhCn), "¥1,234,567.89");
        assert_eq!(Money::new(5, Currency::USD).format(Lang::ZhCn), "US$0.05");
    }

    #[test]
    fn amounts_are_formatted_with_the_symbol_an_english_reader_expects() {
        assert_eq!(Money::new(123_456, Currency::CNY).format(Lang::En), "CN¥1,234.56");
        assert_eq!(Money::new(100_000, Currency::USD).format(Lang::En), "$1,000.00");
        assert_eq!(Money::new(-250, Currency::EUR).format(Lang::En), "-€2.50");
    }

    #[test]
    fn the_input_string_parses_back_to_the_same_amount() {
        for minor in [1, 10, 99, 100, 12_345, 1_000_000_07] {
            let money = Money::new(minor, Currency::USD);
            assert_eq!(Money::parse(&money.to_input_string(), Currency::USD), Ok(money));
        }
    }

    #[test]
    fn money_travels_as_minor_units_and_a_currency_code() {
        let json = serde_json::to_string(&Money::new(12_345, Currency::CNY)).unwrap();
        assert_eq!(json, r#"{"minor":12345,"currency":"CNY"}"#);
        let back: Money = serde_json::from_str(&json).unwrap();
        assert_eq!(back, Money::new(12_345, Currency::CNY));
    }

    #[test]
    fn adding_amounts_of_different_currencies_is_refused() {
        let a = Money::new(100, Currency::CNY);
        assert_eq!(a.checked_add(Money::new(1, Currency::USD)), None);
        assert_eq!(a.checked_sub(Money::new(1, Currency::CNY)), Some(Money::new(99, Currency::CNY)));
        assert_eq!(Money::new(i64::MAX, Currency::CNY).checked_add(Money::new(1, Currency::CNY)), None);
    }

    #[test]
    fn currency_codes_are_read_case_insensitively() {
        assert_eq!(Currency::parse("cny"), Some(Currency::CNY));
        assert_eq!(Currency::parse("GBP"), None);
    }
}
