//! Money movements: balances, top-ups, payments, transactions, the dashboard's overview and
//! what the help centre and the hotline read about them.
//!
//! Every movement is a `Transaction` with one ID that both sides of a payment see. Requests
//! that move money carry an `Idempotency-Key` header (`IDEMPOTENCY_HEADER`): the same key with
//! the same body answers the first answer again, so a retry can never pay twice.

use serde::{Deserialize, Serialize};

use crate::{Currency, ErrorCode, Money, Timestamp};

/// The header every money-moving request must carry: one fresh value per attempt, the same
/// value again only to retry that attempt (after a network failure).
pub const IDEMPOTENCY_HEADER: &str = "idempotency-key";

/// The currencies every wallet shows on the dashboard, even at zero.
pub const WALLET_CURRENCIES: [Currency; 2] = [Currency::CNY, Currency::USD];

/// `GET /wallet/rules`: the numbers behind the live checks of the payment form. They come
/// from the server's configuration; the app and the server compute fees the same way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentRules {
    /// Fee in basis points of the amount (10 = 0.1 %), rounded up to a whole minor unit.
    pub fee_bps: i64,
    /// The largest single payment, in minor units of the payment's currency.
    pub per_payment_limit_minor: i64,
    /// The most that may be paid per currency in 24 hours, in minor units.
    pub daily_limit_minor: i64,
    /// Payments above this many minor units need a 2FA code (when 2FA is on).
    pub second_factor_above_minor: i64,
    /// The largest single top-up, in minor units.
    pub top_up_limit_minor: i64,
    /// What has been paid today, per currency (counts towards the daily limit).
    pub paid_today: Vec<Money>,
    /// What of that was paid without a 2FA code: a payment needs the code when its amount
    /// plus this passes `second_factor_above_minor`, so splitting a large amount does not
    /// avoid the code.
    #[serde(default)]
    pub paid_without_code_today: Vec<Money>,
}

impl PaymentRules {
    /// The fee for paying `amount`: `fee_bps` of it, rounded up to a whole minor unit.
    pub fn fee(&self, amount: Money) -> Money {
        let scaled = i128::from(amount.minor) * i128::from(self.fee_bps);
        let fee = (scaled + 9_999).div_euclid(10_000);
        Money::new(i64::try_from(fee).unwrap_or(i64::MAX), amount.currency)
    }

    /// How much more may be paid today in `currency`.
    pub fn daily_left(&self, currency: Currency) -> Money {
        let paid = self.paid_today.iter().find(|m| m.currency == currency).map_or(0, |m| m.minor);
        Money::new((self.daily_limit_minor - paid).max(0), currency)
    }

    /// Whether paying `amount` needs a 2FA code (when 2FA is on): when it, together with what
    /// was paid without a code in the last 24 hours, passes the threshold.
    pub fn needs_second_factor(&self, amount: Money) -> bool {
        let uncoded = self.paid_without_code_today.iter().find(|m| m.currency == amount.currency).map_or(0, |m| m.minor);
        amount.minor.checked_add(uncoded).is_none_or(|total| total > self.second_factor_above_minor)
    }
}

/// A currency's balance. `available` can be spent; `pending` is money on its way in (a
/// top-up the card provider has not confirmed yet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Balance {
    pub available: Money,
    pub pending: Money,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TransactionKind {
    TopUp,
    PaymentSent,
    PaymentReceived,
    /// Money out to a bank account (pending while it is on its way; the detail is at
    /// `GET /withdrawals/{id}`).
    Withdrawal,
}

impl TransactionKind {
    pub const ALL: [TransactionKind; 4] =
        [TransactionKind::TopUp, TransactionKind::PaymentSent, TransactionKind::PaymentReceived, TransactionKind::Withdrawal];

    pub fn as_str(self) -> &'static str {
        match self {
            TransactionKind::TopUp => "top_up",
            TransactionKind::PaymentSent => "payment_sent",
            TransactionKind::PaymentReceived => "payment_received",
            TransactionKind::Withdrawal => "withdrawal",
        }
    }

    pub fn parse(text: &str) -> Option<TransactionKind> {
        TransactionKind::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// Money in (top-ups, payments received) or out.
    pub fn is_incoming(self) -> bool {
        !matches!(self, TransactionKind::PaymentSent | TransactionKind::Withdrawal)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TransactionStatus {
    /// Waiting for an outside party (a card provider that has not answered yet).
    Pending,
    Completed,
    /// Refused; `failure` says why and no money moved.
    Failed,
}

impl TransactionStatus {
    pub const ALL: [TransactionStatus; 3] =
        [TransactionStatus::Pending, TransactionStatus::Completed, TransactionStatus::Failed];

    pub fn as_str(self) -> &'static str {
        match self {
            TransactionStatus::Pending => "pending",
            TransactionStatus::Completed => "completed",
            TransactionStatus::Failed => "failed",
        }
    }

    pub fn parse(text: &str) -> Option<TransactionStatus> {
        TransactionStatus::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PartyKind {
    User,
    Merchant,
    /// A card, for top-ups.
    Card,
    /// A bank account, for withdrawals (`•••• 1234`).
    BankAccount,
}

/// The other side of a transaction, as this user may see it: a masked name, never the full
/// one; for a card only its last 4 digits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Counterparty {
    pub kind: PartyKind,
    /// Wallet ID (`W…`), merchant ID (`M…`) or `•••• 1234` for a card.
    pub id: String,
    pub masked_name: String,
}

/// One money movement as the signed-in user sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Transaction {
    /// `T` and 12 characters; the same ID on both sides of a payment and on the receipt.
    pub id: String,
    pub kind: TransactionKind,
    pub status: TransactionStatus,
    /// What the recipient gets (or what a top-up adds).
    pub amount: Money,
    /// The payer's fee (zero on the receiving side and for top-ups).
    pub fee: Money,
    pub counterparty: Counterparty,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Why a failed transaction failed: the same code the request was answered with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<ErrorCode>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl Transaction {
    /// What left (negative) or reached (positive) this user's balance; zero unless completed,
    /// except a withdrawal, whose amount and fee leave the balance when it is requested (held)
    /// and come back only if it fails (rejected or cancelled).
    pub fn balance_change(&self) -> Money {
        let held = self.kind == TransactionKind::Withdrawal && self.status == TransactionStatus::Pending;
        if self.status != TransactionStatus::Completed && !held {
            return Money::zero(self.amount.currency);
        }
        let minor = if self.kind.is_incoming() {
            self.amount.minor
        } else {
            -(self.amount.minor + self.fee.minor)
        };
        Money::new(minor, self.amount.currency)
    }
}

/// `GET /transactions` query. Dates are Unix seconds: `from` inclusive, `to` exclusive (the
/// app turns the reader's calendar days into these).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
pub struct TransactionQuery {
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<TransactionKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<TransactionStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<Currency>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Timestamp>,
    /// A transaction ID, or part of a counterparty's ID or masked name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// `next_cursor` of the page before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Page size, 1–100 (20 when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TransactionPage {
    pub items: Vec<Transaction>,
    /// Present when there are more: pass it as `cursor` for the next page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// `GET /recipients?query=`: who a payment would go to, before paying.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Recipient {
    pub kind: PartyKind,
    /// The ID to pay: a wallet ID or a merchant ID (also when looked up by e-mail).
    pub id: String,
    pub masked_name: String,
    /// For merchants: whether their payment interface is answering now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant: Option<MerchantInfo>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MerchantStatus {
    Available,
    /// The merchant's payment interface is down; payments to it fail with
    /// `MERCHANT_UNAVAILABLE` until it is back.
    Unavailable,
}

/// A merchant's public facts: name, status and how to reach them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MerchantInfo {
    pub id: String,
    pub name: String,
    pub status: MerchantStatus,
    pub contact_phone: String,
    pub contact_email: String,
}

/// `POST /payments/quote`: the review step, before paying. Nothing moves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuoteRequest {
    /// A wallet ID, merchant ID or e-mail address.
    pub recipient: String,
    pub amount: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentQuote {
    pub recipient: Recipient,
    pub amount: Money,
    pub fee: Money,
    /// `amount + fee`: what leaves the balance.
    pub total: Money,
    pub available: Money,
    /// A 2FA code must come with the payment.
    pub needs_second_factor: bool,
    /// A payment of the same amount to the same recipient in the last 10 minutes, if any:
    /// the app warns before paying again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recent_duplicate: Option<Transaction>,
}

/// `POST /payments` (with `Idempotency-Key`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentRequest {
    /// A wallet ID, merchant ID or e-mail address.
    pub recipient: String,
    pub amount: Money,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The current 2FA code, when the quote said one is needed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// `POST /top-ups` (with `Idempotency-Key`): money from a card. The reference server's test
/// card provider decides by the card number (see `TEST_CARDS`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopUpRequest {
    pub amount: Money,
    pub card_number: String,
}

/// The reference server's simulated card provider: these numbers (all pass the Luhn check)
/// succeed, are declined, or time out and stay pending until the provider answers later.
pub const TEST_CARDS: [(&str, TestCardOutcome); 3] = [
    ("4242424242424242", TestCardOutcome::Succeeds),
    ("4000000000000002", TestCardOutcome::Declined),
    ("4000000000009995", TestCardOutcome::TimesOut),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestCardOutcome {
    Succeeds,
    Declined,
    TimesOut,
}

/// True when `number` (spaces and dashes allowed) has 12–19 digits and passes the Luhn check.
pub fn card_number_is_valid(number: &str) -> bool {
    let digits: Vec<u32> = number
        .chars()
        .filter(|c| !matches!(c, ' ' | '-'))
        .map(|c| c.to_digit(10))
        .collect::<Option<Vec<_>>>()
        .unwrap_or_default();
    if !(12..=19).contains(&digits.len()) {
        return false;
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| if i % 2 == 1 { if d * 2 > 9 { d * 2 - 9 } else { d * 2 } } else { d })
        .sum();
    sum % 10 == 0
}

/// One day's closing balance for the chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BalanceSeries {
    pub currency: Currency,
    /// Closing balance in minor units at the end of each of `Overview::days`.
    pub points: Vec<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RestrictionScope {
    Payments,
    Withdrawals,
    All,
}

impl RestrictionScope {
    pub fn as_str(self) -> &'static str {
        match self {
            RestrictionScope::Payments => "payments",
            RestrictionScope::Withdrawals => "withdrawals",
            RestrictionScope::All => "all",
        }
    }

    pub fn parse(text: &str) -> Option<RestrictionScope> {
        [RestrictionScope::Payments, RestrictionScope::Withdrawals, RestrictionScope::All]
            .into_iter()
            .find(|s| s.as_str() == text)
    }

    pub fn blocks_payments(self) -> bool {
        matches!(self, RestrictionScope::Payments | RestrictionScope::All)
    }

    pub fn blocks_withdrawals(self) -> bool {
        matches!(self, RestrictionScope::Withdrawals | RestrictionScope::All)
    }

    /// Only a restriction of everything stops money coming in from a card.
    pub fn blocks_top_ups(self) -> bool {
        matches!(self, RestrictionScope::All)
    }
}

/// An operator's restriction on the account (set and lifted with `wallet-server admin`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Restriction {
    pub scope: RestrictionScope,
    /// A stable code such as `unusual_activity`, for the app to explain.
    pub reason_code: String,
    /// The operator's words (English).
    pub reason: String,
    pub since: Timestamp,
}

/// `GET /wallet/overview`: everything the dashboard shows, in one answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Overview {
    pub wallet_id: String,
    /// CNY and USD always, other currencies once they hold money.
    pub balances: Vec<Balance>,
    /// The 10 most recent transactions.
    pub recent: Vec<Transaction>,
    /// The ends of the last 30 days (Unix seconds, UTC midnights), oldest first; today last.
    pub days: Vec<Timestamp>,
    pub chart: Vec<BalanceSeries>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub restrictions: Vec<Restriction>,
    /// When the account is locked (sign-in refused elsewhere), until when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked_until: Option<Timestamp>,
}

/// `GET /payments/last-failure`: the "my payment failed" wizard's signed-in diagnosis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentDiagnosis {
    /// The most recent failed payment in the last 30 days, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed: Option<Transaction>,
    /// The balance now in the failed payment's currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available: Option<Money>,
    /// Amount plus fee: what the payment needed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub needed: Option<Money>,
    /// The merchant's facts now, when the payment went to a merchant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant: Option<MerchantInfo>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub restrictions: Vec<Restriction>,
}

/// `POST /support/call-code`: a one-time code the user reads to a hotline agent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CallCode {
    pub code: String,
    pub expires_at: Timestamp,
}

/// `POST /support/call-code/check` (support staff, with the support token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CallCodeCheck {
    pub code: String,
}

/// Whom a call code belongs to. A code checks once; a second check answers `valid: false`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CallCodeResult {
    pub valid: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub masked_email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wallet_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_at: Option<Timestamp>,
}

/// Masks a name for someone who is about to pay its owner: enough to recognise, not to learn.
/// `Li Wei` → `L* W**`; `张三丰` → `*三丰`; a single character stays hidden behind `*`.
pub fn mask_name(name: &str) -> String {
    let name = name.trim();
    if name.is_ascii() {
        return name
            .split_whitespace()
            .map(|word| {
                let mut chars = word.chars();
                let first = chars.next().map(String::from).unwrap_or_default();
                first + &"*".repeat(chars.count().max(1))
            })
            .collect::<Vec<_>>()
            .join(" ");
    }
    let chars: Vec<char> = name.chars().collect();
    if chars.len() <= 1 {
        return "*".to_string();
    }
    std::iter::once('*').chain(chars[1..].iter().copied()).collect()
}

/// Masks an e-mail address: `demo@wallet.example` → `d***@wallet.example`.
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(fee_bps: i64) -> PaymentRules {
        PaymentRules {
            fee_bps,
            per_payment_limit_minor: 5_000_000,
            daily_limit_minor: 10_000_000,
            second_factor_above_minor: 100_000,
            top_up_limit_minor: 5_000_000,
            paid_today: vec![Money::new(2_500, Currency::CNY)],
            paid_without_code_today: Vec::new(),
        }
    }

    #[test]
    fn a_fee_is_rounded_up_to_a_whole_minor_unit() {
        assert_eq!(rules(10).fee(Money::new(1, Currency::CNY)).minor, 1);
        assert_eq!(rules(10).fee(Money::new(10_000, Currency::CNY)).minor, 10);
        assert_eq!(rules(10).fee(Money::new(10_001, Currency::CNY)).minor, 11);
        assert_eq!(rules(0).fee(Money::new(10_001, Currency::CNY)).minor, 0);
    }

    #[test]
    fn the_daily_allowance_counts_what_was_paid_today_in_that_currency() {
        assert_eq!(rules(10).daily_left(Currency::CNY).minor, 9_997_500);
        assert_eq!(rules(10).daily_left(Currency::USD).minor, 10_000_000);
    }

    #[test]
    fn the_test_cards_pass_the_luhn_check_and_a_typo_does_not() {
        for (number, _) in TEST_CARDS {
            assert!(card_number_is_valid(number), "{number}");
        }
        assert!(card_number_is_valid("4242 4242 4242 4242"));
        assert!(!card_number_is_valid("4242424242424241"));
        assert!(!card_number_is_valid("42424242"));
        assert!(!card_number_is_valid("4242x24242424242"));
    }

    #[test]
    fn names_are_masked_in_latin_and_chinese_script() {
        assert_eq!(mask_name("Li Wei"), "L* W**");
        assert_eq!(mask_name("张三丰"), "*三丰");
        assert_eq!(mask_name("张"), "*");
        assert_eq!(mask_name("A"), "A*");
        assert_eq!(mask_email("demo@wallet.example"), "d***@wallet.example");
    }

    #[test]
    fn only_completed_transactions_change_the_balance() {
        let mut t = Transaction {
            id: "T1".into(),
            kind: TransactionKind::PaymentSent,
            status: TransactionStatus::Completed,
            amount: Money::new(1_000, Currency::CNY),
            fee: Money::new(1, Currency::CNY),
            counterparty: Counterparty { kind: PartyKind::User, id: "W1".into(), masked_name: "*".into() },
            note: None,
            failure: None,
            created_at: 0,
            updated_at: 0,
        };
        assert_eq!(t.balance_change().minor, -1_001);
        t.status = TransactionStatus::Failed;
        assert_eq!(t.balance_change().minor, 0);
    }
}
