//! Withdrawals to a bank account: the bank accounts (with the checks of their numbers, which
//! the app runs live and the server runs again), the conditions, the withdrawal itself and its
//! timeline.
//!
//! A withdrawal holds its amount and fee at request time; it then goes `submitted ->
//! under_review -> processing -> completed`, or ends `rejected` (funds returned, with a
//! reason) or `cancelled` (by the user, only before `processing`: funds returned).

use serde::{Deserialize, Serialize};

use crate::redact::redacted_debug;
use crate::{Currency, Money, Restriction, Timestamp};

/// A bank account withdrawals can be paid to. The number is never sent back whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BankAccount {
    pub id: String,
    pub currency: Currency,
    pub holder_name: String,
    /// `•••• 1234`: the last 4 characters of the account number (or IBAN).
    pub masked_number: String,
    /// The US routing number (ABA), for USD accounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub routing_number: Option<String>,
    pub is_default: bool,
    pub added_at: Timestamp,
    /// The end of the cooling-off: no withdrawal can go to this account before.
    pub usable_from: Timestamp,
}

/// `POST /bank-accounts` (after re-authentication). CNY: a 16-19 digit card or account number
/// passing the Luhn check; USD: a 9-digit ABA routing number and a 4-17 digit account number;
/// EUR: an IBAN. The holder's name must be the account's verified name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewBankAccount {
    pub currency: Currency,
    pub holder_name: String,
    /// Spaces and dashes are ignored.
    pub account_number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub routing_number: Option<String>,
}

/// `GET /withdrawals/rules`: the conditions, from the server's configuration, and what is
/// left of the limits now. Amounts in minor units apply to each currency alike.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WithdrawalRules {
    pub minimum_minor: i64,
    /// The fee: `fee_fixed_minor` plus `fee_bps` (hundredths of a percent) of the amount,
    /// rounded up to a whole minor unit.
    pub fee_fixed_minor: i64,
    pub fee_bps: i64,
    /// Limits on the amounts withdrawn (not counting rejected or cancelled withdrawals) in the
    /// last 24 hours and the last 30 days.
    pub daily_limit_minor: i64,
    pub monthly_limit_minor: i64,
    /// Amounts above this wait for an operator's review.
    pub review_above_minor: i64,
    /// How long a new bank account waits before it can receive a withdrawal.
    pub cooling_off_secs: i64,
    /// Withdrawals need 2FA on (`TWO_FACTOR_REQUIRED` until it is) and its code each time.
    pub two_factor: bool,
    pub withdrawn_today: Vec<Money>,
    pub withdrawn_this_month: Vec<Money>,
    /// The available balance per currency.
    pub available: Vec<Money>,
    /// Restrictions in force that stop withdrawals (scope `withdrawals` or `all`).
    pub restrictions: Vec<Restriction>,
}

impl WithdrawalRules {
    pub fn fee(&self, amount: Money) -> Money {
        let scaled = i128::from(amount.minor) * i128::from(self.fee_bps);
        let fee = i128::from(self.fee_fixed_minor) + (scaled + 9_999).div_euclid(10_000);
        Money::new(i64::try_from(fee).unwrap_or(i64::MAX), amount.currency)
    }

    pub fn daily_left(&self, currency: Currency) -> Money {
        left(self.daily_limit_minor, &self.withdrawn_today, currency)
    }

    pub fn monthly_left(&self, currency: Currency) -> Money {
        left(self.monthly_limit_minor, &self.withdrawn_this_month, currency)
    }
}

fn left(limit: i64, used: &[Money], currency: Currency) -> Money {
    let used = used.iter().find(|m| m.currency == currency).map_or(0, |m| m.minor);
    Money::new((limit - used).max(0), currency)
}

/// `POST /withdrawals` with an `Idempotency-Key`. `code` is the current TOTP code (always).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WithdrawalRequest {
    pub bank_account_id: String,
    pub amount: Money,
    pub code: String,
}
redacted_debug!(WithdrawalRequest { bank_account_id, amount; code });

/// `POST /admin`-side reason codes and the bank's: why a withdrawal was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RejectionReason {
    /// The bank refused the account number at `processing`.
    BankRejected,
    /// The account details did not pass the operator's check.
    AccountDetailsInvalid,
    /// The operator's compliance review refused it.
    ComplianceReview,
    /// Activity the operator judged unusual.
    SuspiciousActivity,
    Other,
}

impl RejectionReason {
    pub const ALL: [RejectionReason; 5] = [
        RejectionReason::BankRejected,
        RejectionReason::AccountDetailsInvalid,
        RejectionReason::ComplianceReview,
        RejectionReason::SuspiciousActivity,
        RejectionReason::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RejectionReason::BankRejected => "BANK_REJECTED",
            RejectionReason::AccountDetailsInvalid => "ACCOUNT_DETAILS_INVALID",
            RejectionReason::ComplianceReview => "COMPLIANCE_REVIEW",
            RejectionReason::SuspiciousActivity => "SUSPICIOUS_ACTIVITY",
            RejectionReason::Other => "OTHER",
        }
    }

    pub fn parse(text: &str) -> Option<RejectionReason> {
        RejectionReason::ALL.into_iter().find(|r| r.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WithdrawalState {
    Submitted,
    UnderReview,
    Processing,
    Completed,
    /// Funds returned; `reason` says why.
    Rejected,
    /// By the user, before `processing`; funds returned.
    Cancelled,
}

impl WithdrawalState {
    pub const ALL: [WithdrawalState; 6] = [
        WithdrawalState::Submitted,
        WithdrawalState::UnderReview,
        WithdrawalState::Processing,
        WithdrawalState::Completed,
        WithdrawalState::Rejected,
        WithdrawalState::Cancelled,
    ];

    /// The stages a withdrawal that goes through passes, in order.
    pub const PATH: [WithdrawalState; 4] =
        [WithdrawalState::Submitted, WithdrawalState::UnderReview, WithdrawalState::Processing, WithdrawalState::Completed];

    pub fn as_str(self) -> &'static str {
        match self {
            WithdrawalState::Submitted => "submitted",
            WithdrawalState::UnderReview => "under_review",
            WithdrawalState::Processing => "processing",
            WithdrawalState::Completed => "completed",
            WithdrawalState::Rejected => "rejected",
            WithdrawalState::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Option<WithdrawalState> {
        WithdrawalState::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Completed, rejected or cancelled: nothing more happens.
    pub fn is_final(self) -> bool {
        matches!(self, WithdrawalState::Completed | WithdrawalState::Rejected | WithdrawalState::Cancelled)
    }

    /// The user may still cancel (before `processing`).
    pub fn is_cancellable(self) -> bool {
        matches!(self, WithdrawalState::Submitted | WithdrawalState::UnderReview)
    }
}

/// One withdrawal. `id` is also its transaction's ID (`T…`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Withdrawal {
    pub id: String,
    pub state: WithdrawalState,
    /// What reaches the bank account.
    pub amount: Money,
    pub fee: Money,
    /// Amount plus fee: what was held from the balance.
    pub total: Money,
    pub bank_account: BankAccount,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<RejectionReason>,
    /// Waits for an operator's review (above the review threshold).
    pub needs_review: bool,
    pub cancellable: bool,
    /// The current stage has passed its expected end.
    pub late: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StageStatus {
    Done,
    Current,
    Ahead,
}

/// A stage of the timeline: when it happened (done, current), or when it is expected (ahead;
/// for the current stage, when it is expected to end).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WithdrawalStage {
    pub state: WithdrawalState,
    pub status: StageStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_at: Option<Timestamp>,
    /// The current stage is past its expected end.
    pub late: bool,
}

/// `GET /withdrawals/{id}`: the withdrawal and its timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WithdrawalDetail {
    pub withdrawal: Withdrawal,
    pub timeline: Vec<WithdrawalStage>,
}

/// What is wrong with a bank account number, for `BANK_ACCOUNT_INVALID` (field names which).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BankNumberProblem {
    /// CNY: not 16-19 digits, or the Luhn check fails.
    CardNumber,
    /// USD: not 9 digits, or the ABA checksum fails.
    RoutingNumber,
    /// USD: not 4-17 digits.
    AccountNumber,
    /// EUR: not an IBAN, or its check digits fail (mod 97).
    Iban,
}

impl BankNumberProblem {
    /// The request field at fault.
    pub fn field(self) -> &'static str {
        match self {
            BankNumberProblem::RoutingNumber => "routing_number",
            _ => "account_number",
        }
    }
}

/// The number without spaces and dashes, upper case (IBANs).
pub fn normalize_bank_number(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>().to_ascii_uppercase()
}

/// Checks a bank account's numbers for `currency` (already normalised).
pub fn bank_number_problem(currency: Currency, account_number: &str, routing_number: Option<&str>) -> Option<BankNumberProblem> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match currency {
        Currency::CNY => {
            let ok = digits(account_number) && (16..=19).contains(&account_number.len()) && luhn(account_number);
            (!ok).then_some(BankNumberProblem::CardNumber)
        }
        Currency::USD => {
            let routing = routing_number.unwrap_or("");
            if !(digits(routing) && routing.len() == 9 && aba(routing)) {
                return Some(BankNumberProblem::RoutingNumber);
            }
            let ok = digits(account_number) && (4..=17).contains(&account_number.len());
            (!ok).then_some(BankNumberProblem::AccountNumber)
        }
        Currency::EUR => (!iban(account_number)).then_some(BankNumberProblem::Iban),
    }
}

/// The Luhn check (false for anything but digits).
pub fn luhn(number: &str) -> bool {
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let mut sum = 0;
    for (i, b) in number.bytes().rev().enumerate() {
        let mut d = u32::from(b - b'0');
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum % 10 == 0
}

/// The ABA routing number checksum: 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) ≡ 0 (mod 10).
pub fn aba(routing: &str) -> bool {
    if !routing.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let d: Vec<u32> = routing.bytes().map(|b| u32::from(b - b'0')).collect();
    d.len() == 9 && (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8])) % 10 == 0
}

/// An IBAN (upper case, no spaces): country, check digits, 11-30 alphanumerics, mod 97 = 1.
pub fn iban(text: &str) -> bool {
    let b = text.as_bytes();
    if !(15..=34).contains(&b.len())
        || !b[..2].iter().all(u8::is_ascii_uppercase)
        || !b[2..4].iter().all(u8::is_ascii_digit)
        || !b.iter().all(u8::is_ascii_alphanumeric)
    {
        return false;
    }
    let mut rem: u32 = 0;
    for &c in b[4..].iter().chain(&b[..4]) {
        let value = if c.is_ascii_digit() { u32::from(c - b'0') } else { u32::from(c - b'A') + 10 };
        rem = if value >= 10 { (rem * 100 + value) % 97 } else { (rem * 10 + value) % 97 };
    }
    rem == 1
}

/// `•••• 1234`.
pub fn mask_bank_number(number: &str) -> String {
    let tail: String = number.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
    format!("•••• {tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_test_numbers_pass_and_one_changed_digit_fails() {
        assert_eq!(bank_number_problem(Currency::CNY, "4242424242424242", None), None);
        assert_eq!(bank_number_problem(Currency::CNY, "4242424242424241", None), Some(BankNumberProblem::CardNumber));
        assert_eq!(bank_number_problem(Currency::CNY, "424242424242", None), Some(BankNumberProblem::CardNumber));
        assert_eq!(bank_number_problem(Currency::USD, "123456789", Some("011000015")), None);
        assert_eq!(bank_number_problem(Currency::USD, "123456789", Some("021000021")), None);
        assert_eq!(bank_number_problem(Currency::USD, "123456789", Some("021000022")), Some(BankNumberProblem::RoutingNumber));
        assert_eq!(bank_number_problem(Currency::USD, "12", Some("021000021")), Some(BankNumberProblem::AccountNumber));
        assert_eq!(bank_number_problem(Currency::EUR, "DE89370400440532013000", None), None);
        assert_eq!(bank_number_problem(Currency::EUR, "GB82WEST12345698765432", None), None);
        assert_eq!(bank_number_problem(Currency::EUR, "DE89370400440532013001", None), Some(BankNumberProblem::Iban));
        assert_eq!(normalize_bank_number("de89 3704-0044 0532 0130 00"), "DE89370400440532013000");
        assert!(!luhn("42x2") && !luhn("") && !aba("02100002x") && !iban("DE89３70400440532013000"), "no panic on other characters");
    }

    #[test]
    fn the_fee_is_fixed_plus_a_rounded_up_share() {
        let rules = WithdrawalRules {
            minimum_minor: 1_000,
            fee_fixed_minor: 200,
            fee_bps: 10,
            daily_limit_minor: 0,
            monthly_limit_minor: 0,
            review_above_minor: 0,
            cooling_off_secs: 0,
            two_factor: true,
            withdrawn_today: vec![],
            withdrawn_this_month: vec![],
            available: vec![],
            restrictions: vec![],
        };
        assert_eq!(rules.fee(Money::new(10_000, Currency::CNY)).minor, 210);
        assert_eq!(rules.fee(Money::new(10_001, Currency::CNY)).minor, 211);
    }

    #[test]
    fn a_withdrawal_request_printed_for_a_log_hides_its_code() {
        let request = WithdrawalRequest { bank_account_id: "b1".into(), amount: Money::new(1, Currency::CNY), code: "482913".into() };
        let printed = format!("{request:?}");
        assert!(printed.contains("b1") && !printed.contains("482913"), "{printed}");
    }
}
