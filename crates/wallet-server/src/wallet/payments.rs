//! Payments: the rules behind the form's live checks, the review quote, and the payment
//! itself, which runs inside the idempotent transaction of `idempotency::once`.

use wallet_api as json;
use wallet_api::{Currency, ErrorCode, LimitKind, MessageFacts, MessageKind, Money, PaymentRules, WALLET_CURRENCIES};

use super::ledger::{self, Leg, Owner, Refused};
use super::recipients::{self, Payee};
use super::transfers::{self, TransferRow};
use super::{db_error, restrictions, Conn};
use crate::accounts::sessions::Client;
use crate::accounts::users::UserRow;
use crate::accounts::{guard, messages, two_factor};
use crate::config::{Config, SecurityConfig, WalletConfig};
use crate::AppError;

const DAY_SECS: i64 = 24 * 60 * 60;
/// A payment of the same amount to the same recipient within this many seconds is flagged.
const DUPLICATE_WINDOW_SECS: i64 = 10 * 60;
const NOTE_MAX_CHARS: usize = 140;

pub async fn rules(conn: &mut Conn, config: &WalletConfig, user_id: &str, now: i64) -> Result<PaymentRules, AppError> {
    let mut paid_today = Vec::new();
    let mut paid_without_code_today = Vec::new();
    for currency in Currency::ALL {
        let (paid, without_code) = paid_since(conn, user_id, currency, now - DAY_SECS).await?;
        if paid > 0 || WALLET_CURRENCIES.contains(&currency) {
            paid_today.push(Money::new(paid, currency));
            paid_without_code_today.push(Money::new(without_code, currency));
        }
    }
    Ok(PaymentRules {
        fee_bps: config.fee_bps,
        per_payment_limit_minor: config.per_payment_limit_minor,
        daily_limit_minor: config.daily_limit_minor,
        second_factor_above_minor: config.second_factor_above_minor,
        top_up_limit_minor: config.top_up_limit_minor,
        paid_today,
        paid_without_code_today,
    })
}

/// Completed payments by `user_id` in `currency` since `since`, in minor units: all of them,
/// and those made without a 2FA code.
async fn paid_since(conn: &mut Conn, user_id: &str, currency: Currency, since: i64) -> Result<(i64, i64), AppError> {
    sqlx::query_as(
        "SELECT COALESCE(SUM(amount), 0), COALESCE(SUM(CASE WHEN second_factor = 0 THEN amount ELSE 0 END), 0)
         FROM transfers
         WHERE payer_user_id = ? AND kind = 'payment' AND status = 'completed' AND currency = ? AND created_at > ?",
    )
    .bind(user_id)
    .bind(currency.code())
    .bind(since)
    .fetch_one(conn)
    .await
    .map_err(db_error)
}

/// A checked payment: who, how much, and the note.
pub struct Checked {
    pub payee: Payee,
    pub amount: Money,
    pub note: Option<String>,
}

impl Checked {
    /// What decides the payment's effect, for the idempotency fingerprint.
    pub fn meaning(&self) -> serde_json::Value {
        serde_json::json!({ "payee": self.payee.key(), "amount": self.amount, "note": self.note })
    }
}

/// Refuses an amount that is not more than zero or larger than any the wallet handles
/// (`max_amount_minor`), so every sum made of amounts stays far from overflowing.
pub fn check_amount(config: &WalletConfig, amount: Money) -> Result<(), AppError> {
    if amount.minor <= 0 {
        return Err(AppError::field(ErrorCode::InvalidAmount, "amount", "the amount must be more than zero"));
    }
    if amount.minor > config.max_amount_minor {
        return Err(AppError::field(ErrorCode::InvalidAmount, "amount", "the amount is larger than any the wallet handles"));
    }
    Ok(())
}

pub async fn check(
    conn: &mut Conn,
    config: &WalletConfig,
    payer: &UserRow,
    recipient: &str,
    amount: Money,
    note: Option<&str>,
) -> Result<Checked, AppError> {
    check_amount(config, amount)?;
    let note = note.map(str::trim).filter(|n| !n.is_empty()).map(str::to_string);
    if note.as_ref().is_some_and(|n| n.chars().count() > NOTE_MAX_CHARS) {
        return Err(AppError::field(ErrorCode::ValidationFailed, "note", "the note is longer than 140 characters"));
    }
    let payee = recipients::resolve(conn, recipient, &payer.id).await?;
    Ok(Checked { payee, amount, note })
}

pub async fn quote(conn: &mut Conn, config: &WalletConfig, payer: &UserRow, checked: Checked, now: i64) -> Result<json::PaymentQuote, AppError> {
    let rules = rules(conn, config, &payer.id, now).await?;
    let fee = rules.fee(checked.amount);
    let available = ledger::balance(conn, &Owner::User(payer.id.clone()), checked.amount.currency).await?;
    Ok(json::PaymentQuote {
        recipient: checked.payee.to_json(),
        amount: checked.amount,
        fee,
        total: total_of(checked.amount, fee)?,
        available,
        needs_second_factor: payer.two_factor() && rules.needs_second_factor(checked.amount),
        recent_duplicate: recent_duplicate(conn, &payer.id, &checked, now).await?,
    })
}

async fn recent_duplicate(conn: &mut Conn, payer_id: &str, checked: &Checked, now: i64) -> Result<Option<json::Transaction>, AppError> {
    let row: Option<TransferRow> = sqlx::query_as(&format!(
        "{} WHERE t.payer_user_id = ?1 AND t.kind = 'payment' AND t.status = 'completed'
            AND t.currency = ?2 AND t.amount = ?3 AND t.created_at >= ?4
            AND (payee.wallet_id = ?5 OR t.payee_merchant_id = ?5)
         ORDER BY t.seq DESC LIMIT 1",
        transfers::SELECT
    ))
    .bind(payer_id)
    .bind(checked.amount.currency.code())
    .bind(checked.amount.minor)
    .bind(now - DUPLICATE_WINDOW_SECS)
    .bind(checked.payee.key())
    .fetch_optional(conn)
    .await
    .map_err(db_error)?;
    Ok(row.map(|row| row.view_for(payer_id)))
}

/// Who pays and how they proved it: the payer, the client (for the sign-in history and the
/// address's throttle) and the 2FA code sent with the payment, if any.
pub struct Payer<'a> {
    pub user: &'a UserRow,
    pub client: &'a Client,
    pub code: Option<&'a str>,
}

/// Pays, inside the caller's transaction. Refusals that the user must act on (restriction,
/// merchant down, limits, balance) are recorded as failed transactions and returned as errors
/// carrying that transaction's ID. A wrong 2FA code is counted towards the lock (as at
/// sign-in) and final for its idempotency key, so one key cannot be used to guess codes; a
/// missing code records nothing. A locked account moves no money.
pub async fn pay(
    conn: &mut Conn,
    config: &Config,
    payer: Payer<'_>,
    checked: Checked,
    now: i64,
) -> Result<json::Transaction, AppError> {
    let Payer { user: payer, client, code } = payer;
    guard::ensure_unlocked(conn, &payer.email, now).await?;
    let rules = rules(conn, &config.wallet, &payer.id, now).await?;
    let amount = checked.amount;
    let with_code = payer.two_factor() && rules.needs_second_factor(amount);
    if with_code {
        second_factor(conn, &config.security, payer, client, code, now).await?;
    }
    let fee = rules.fee(amount);
    if let Some(restriction) = restrictions::blocking_payments(conn, &payer.id).await? {
        let id = record(conn, payer, &checked, fee, Some(ErrorCode::AccountRestricted), now).await?;
        return Err(restrictions::refusal(restriction, Some(id)));
    }
    if let Payee::Merchant(merchant) = &checked.payee {
        if !merchant.is_available() {
            let id = record(conn, payer, &checked, fee, Some(ErrorCode::MerchantUnavailable), now).await?;
            return Err(AppError::client(ErrorCode::MerchantUnavailable, "the merchant's payment interface is down")
                .with_detail(json::ErrorDetail::Merchant { merchant: merchant.info(), transaction_id: Some(id) }));
        }
    }
    let daily_left = rules.daily_left(amount.currency);
    let limit = if amount.minor > rules.per_payment_limit_minor {
        Some((LimitKind::PerPayment, rules.per_payment_limit_minor, rules.per_payment_limit_minor))
    } else if amount.minor > daily_left.minor {
        Some((LimitKind::Daily, rules.daily_limit_minor, daily_left.minor))
    } else {
        None
    };
    if let Some((kind, size, remaining)) = limit {
        let id = record(conn, payer, &checked, fee, Some(ErrorCode::LimitExceeded), now).await?;
        return Err(AppError::client(ErrorCode::LimitExceeded, "the payment is over a limit").with_detail(
            json::ErrorDetail::Limit {
                limit: kind,
                size: Money::new(size, amount.currency),
                remaining: Money::new(remaining, amount.currency),
                transaction_id: Some(id),
            },
        ));
    }

    let total = total_of(amount, fee)?;
    let payee_owner = match &checked.payee {
        Payee::User { id, .. } => Owner::User(id.clone()),
        Payee::Merchant(merchant) => Owner::Merchant(merchant.id.clone()),
    };
    let legs = [
        Leg { owner: Owner::User(payer.id.clone()), amount: -total.minor },
        Leg { owner: payee_owner, amount: amount.minor },
        Leg { owner: Owner::Fees, amount: fee.minor },
    ];
    let mut attempt = sqlx::Connection::begin(&mut *conn).await.map_err(db_error)?; // a savepoint
    let id = record(&mut attempt, payer, &checked, fee, None, now).await?;
    match ledger::post(&mut attempt, &id, amount.currency, &legs, now).await? {
        Ok(()) => {
            if with_code {
                sqlx::query("UPDATE transfers SET second_factor = 1 WHERE id = ?").bind(&id).execute(&mut *attempt).await.map_err(db_error)?;
            }
            if let Payee::User { id: payee_id, .. } = &checked.payee {
                let payee = crate::accounts::users::by_id(&mut *attempt, payee_id).await?;
                let facts = MessageFacts { amount: Some(amount), transaction_id: Some(id.clone()), ..MessageFacts::default() };
                messages::notify_on(&mut *attempt, now, &payee, MessageKind::PaymentReceived, facts).await?;
            }
            attempt.commit().await.map_err(db_error)?;
            let row = transfers::visible(conn, &payer.id, &id).await?.ok_or(AppError::NotFound)?;
            Ok(row.view_for(&payer.id))
        }
        Err(Refused::InsufficientFunds) => {
            attempt.rollback().await.map_err(db_error)?;
            let available = ledger::balance(conn, &Owner::User(payer.id.clone()), amount.currency).await?;
            let id = record(conn, payer, &checked, fee, Some(ErrorCode::InsufficientFunds), now).await?;
            Err(AppError::client(ErrorCode::InsufficientFunds, "the balance does not cover amount and fee").with_detail(
                json::ErrorDetail::Shortfall {
                    available,
                    needed: total,
                    missing: Money::new(total.minor.saturating_sub(available.minor), amount.currency),
                    transaction_id: Some(id),
                },
            ))
        }
    }
}

/// Checks the 2FA code inside the payment's transaction (each code accepted once, as at
/// sign-in). The try is taken from the address's lock count first, in the same transaction.
pub(crate) async fn second_factor(
    conn: &mut Conn,
    rules: &SecurityConfig,
    payer: &UserRow,
    client: &Client,
    code: Option<&str>,
    now: i64,
) -> Result<(), AppError> {
    let Some(code) = code.map(str::trim).filter(|c| !c.is_empty()) else {
        return Err(AppError::field(ErrorCode::SecondFactorRequired, "code", "this payment needs your 2FA code"));
    };
    let attempt = guard::begin(conn, rules, &payer.email, &client.ip, now).await?;
    match two_factor::check_totp(&mut *conn, rules.key(), payer, code, now).await? {
        Ok(()) => attempt.succeeded(conn).await,
        Err(refusal) => {
            let refused = guard::refused(conn, now, Some(payer), refusal.history(), client, attempt, refusal.error()).await?;
            Err(refused.final_answer())
        }
    }
}

/// Amount plus fee, refused rather than wrapped if it could ever overflow.
pub(crate) fn total_of(amount: Money, fee: Money) -> Result<Money, AppError> {
    amount
        .minor
        .checked_add(fee.minor)
        .map(|total| Money::new(total, amount.currency))
        .ok_or_else(|| AppError::field(ErrorCode::InvalidAmount, "amount", "the amount is larger than any the wallet handles"))
}

/// Writes the payment's transfer row: completed (before its entries) or failed with `failure`.
async fn record(
    conn: &mut Conn,
    payer: &UserRow,
    checked: &Checked,
    fee: Money,
    failure: Option<ErrorCode>,
    now: i64,
) -> Result<String, AppError> {
    let id = transfers::new_transaction_id();
    let (payee_user, payee_merchant) = match &checked.payee {
        Payee::User { id, .. } => (Some(id.clone()), None),
        Payee::Merchant(merchant) => (None, Some(merchant.id.clone())),
    };
    sqlx::query(
        "INSERT INTO transfers (id, kind, status, payer_user_id, payee_user_id, payee_merchant_id, currency,
            amount, fee, note, failure, created_at, updated_at)
         VALUES (?, 'payment', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(if failure.is_some() { "failed" } else { "completed" })
    .bind(&payer.id)
    .bind(payee_user)
    .bind(payee_merchant)
    .bind(checked.amount.currency.code())
    .bind(checked.amount.minor)
    .bind(fee.minor)
    .bind(&checked.note)
    .bind(failure.map(ErrorCode::as_str))
    .bind(now)
    .bind(now)
    .execute(conn)
    .await
    .map_err(db_error)?;
    Ok(id)
}

/// The "my payment failed" diagnosis: the latest failed payment of the last 30 days and
/// the facts as they are now.
pub async fn diagnosis(conn: &mut Conn, user: &UserRow, now: i64) -> Result<json::PaymentDiagnosis, AppError> {
    let row: Option<TransferRow> = sqlx::query_as(&format!(
        "{} WHERE t.payer_user_id = ?1 AND t.kind = 'payment' AND t.status = 'failed' AND t.created_at >= ?2
         ORDER BY t.seq DESC LIMIT 1",
        transfers::SELECT
    ))
    .bind(&user.id)
    .bind(now - 30 * DAY_SECS)
    .fetch_optional(&mut *conn)
    .await
    .map_err(db_error)?;
    let restrictions = restrictions::active(conn, &user.id).await?;
    let Some(row) = row else {
        return Ok(json::PaymentDiagnosis { failed: None, available: None, needed: None, merchant: None, restrictions });
    };
    diagnose(conn, user, row, restrictions).await
}

/// The diagnosis of one of `user`'s transfers.
pub async fn diagnose(
    conn: &mut Conn,
    user: &UserRow,
    row: TransferRow,
    restrictions: Vec<json::Restriction>,
) -> Result<json::PaymentDiagnosis, AppError> {
    let currency = row.currency();
    let available = ledger::balance(conn, &Owner::User(user.id.clone()), currency).await?;
    let merchant = match &row.payee_merchant_id {
        Some(id) => recipients::merchant(conn, id).await?.map(|m| m.info()),
        None => None,
    };
    Ok(json::PaymentDiagnosis {
        needed: Some(Money::new(row.amount + row.fee, currency)),
        available: Some(available),
        merchant,
        failed: Some(row.view_for(&user.id)),
        restrictions,
    })
}
