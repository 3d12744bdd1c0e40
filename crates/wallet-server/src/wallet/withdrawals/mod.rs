//! Withdrawals: the conditions, the request (inside the idempotent transaction of
//! `idempotency::once`: the amount and fee are held at once), the user's cancellation, and
//! what the user reads (list, detail with the timeline). `stages` moves them on.

mod hours;
#[cfg(test)]
mod properties;
pub mod stages;
pub mod view;

use wallet_api as json;
use wallet_api::{Currency, ErrorCode, ErrorDetail, Money, WithdrawalLimitKind, WithdrawalState, WALLET_CURRENCIES};

use super::bank_accounts::{self, BankAccountRow};
use super::ledger::{self, Leg, Owner, Refused};
use super::payments::{self, Payer};
use super::{db_error, restrictions, transfers, Conn};
use crate::accounts::guard;
use crate::accounts::users::UserRow;
use crate::config::{Config, WithdrawalConfig};
use crate::AppError;
use view::WithdrawalRow;

const DAY_SECS: i64 = 24 * 60 * 60;
const MONTH_SECS: i64 = 30 * DAY_SECS;
const LIST_LENGTH: i64 = 100;

pub async fn rules(conn: &mut Conn, config: &WithdrawalConfig, user: &UserRow, now: i64) -> Result<json::WithdrawalRules, AppError> {
    let mut withdrawn_today = Vec::new();
    let mut withdrawn_this_month = Vec::new();
    let mut available = Vec::new();
    for currency in Currency::ALL {
        let today = withdrawn_since(conn, &user.id, currency, now - DAY_SECS).await?;
        let month = withdrawn_since(conn, &user.id, currency, now - MONTH_SECS).await?;
        let balance = ledger::balance(conn, &Owner::User(user.id.clone()), currency).await?;
        if month > 0 || balance.minor > 0 || WALLET_CURRENCIES.contains(&currency) {
            withdrawn_today.push(Money::new(today, currency));
            withdrawn_this_month.push(Money::new(month, currency));
            available.push(balance);
        }
    }
    let restrictions = restrictions::active(conn, &user.id).await?.into_iter().filter(|r| r.scope.blocks_withdrawals()).collect();
    Ok(json::WithdrawalRules {
        minimum_minor: config.withdrawal_minimum_minor,
        fee_fixed_minor: config.withdrawal_fee_fixed_minor,
        fee_bps: config.withdrawal_fee_bps,
        daily_limit_minor: config.withdrawal_daily_limit_minor,
        monthly_limit_minor: config.withdrawal_monthly_limit_minor,
        review_above_minor: config.withdrawal_review_above_minor,
        cooling_off_secs: config.bank_account_cooling_off_secs,
        two_factor: user.two_factor(),
        withdrawn_today,
        withdrawn_this_month,
        available,
        restrictions,
    })
}

/// Amounts of `user_id`'s withdrawals in `currency` since `since` that were not rejected or
/// cancelled.
async fn withdrawn_since(conn: &mut Conn, user_id: &str, currency: Currency, since: i64) -> Result<i64, AppError> {
    sqlx::query_scalar(
        "SELECT COALESCE(SUM(amount), 0) FROM transfers
         WHERE payer_user_id = ? AND kind = 'withdrawal' AND status <> 'failed' AND currency = ? AND created_at > ?",
    )
    .bind(user_id)
    .bind(currency.code())
    .bind(since)
    .fetch_one(conn)
    .await
    .map_err(db_error)
}

/// A well-formed request: the amount, and the bank account, the user's own and not removed,
/// in the amount's currency.
pub struct Checked {
    pub bank: BankAccountRow,
    pub amount: Money,
}

impl Checked {
    /// What decides the withdrawal's effect, for the idempotency fingerprint (not the code).
    pub fn meaning(&self) -> serde_json::Value {
        serde_json::json!({ "bank_account_id": self.bank.id, "amount": self.amount })
    }
}

pub async fn check(conn: &mut Conn, config: &Config, user: &UserRow, request: &json::WithdrawalRequest) -> Result<Checked, AppError> {
    payments::check_amount(&config.wallet, request.amount)?;
    let bank = bank_accounts::owned(conn, &user.id, request.bank_account_id.trim())
        .await?
        .filter(|bank| bank.removed_at.is_none())
        .ok_or_else(|| AppError::field(ErrorCode::NotFound, "bank_account_id", "no such bank account"))?;
    if bank.currency() != request.amount.currency {
        return Err(AppError::field(ErrorCode::ValidationFailed, "amount", "the amount must be in the bank account's currency"));
    }
    Ok(Checked { bank, amount: request.amount })
}

/// Withdraws, inside the caller's transaction: every condition, then the 2FA code (a wrong or
/// replayed code is final for its key and counts towards the lock, as for payments), then the
/// hold. Refusals record nothing and roll back, so a corrected request may use its key again.
pub async fn withdraw(conn: &mut Conn, config: &Config, who: Payer<'_>, checked: Checked, now: i64) -> Result<json::WithdrawalDetail, AppError> {
    let Payer { user, client, code } = who;
    let rules_config = &config.withdrawals;
    guard::ensure_unlocked(conn, &user.email, now).await?;
    if !user.two_factor() {
        return Err(AppError::client(ErrorCode::TwoFactorRequired, "withdrawals need two-factor authentication turned on"));
    }
    if let Some(restriction) = restrictions::blocking_withdrawals(conn, &user.id).await? {
        return Err(restrictions::refusal(restriction, None));
    }
    let Checked { bank, amount } = checked;
    if now < bank.usable_from {
        return Err(AppError::field(ErrorCode::BankAccountCoolingOff, "bank_account_id", "the bank account was added too recently")
            .with_detail(ErrorDetail::CoolingOff { until: bank.usable_from }));
    }
    if amount.minor < rules_config.withdrawal_minimum_minor {
        return Err(AppError::field(ErrorCode::AmountBelowMinimum, "amount", "the amount is below the withdrawal minimum")
            .with_detail(ErrorDetail::Minimum { minimum: Money::new(rules_config.withdrawal_minimum_minor, amount.currency) }));
    }
    let rules = rules(conn, rules_config, user, now).await?;
    let limits = [
        (WithdrawalLimitKind::Daily, rules.daily_limit_minor, rules.daily_left(amount.currency)),
        (WithdrawalLimitKind::Monthly, rules.monthly_limit_minor, rules.monthly_left(amount.currency)),
    ];
    if let Some((limit, size, remaining)) = limits.into_iter().find(|(_, _, left)| amount.minor > left.minor) {
        return Err(AppError::field(ErrorCode::LimitExceeded, "amount", "the withdrawal is over a limit")
            .with_detail(ErrorDetail::WithdrawalLimit { limit, size: Money::new(size, amount.currency), remaining }));
    }
    payments::second_factor(conn, &config.security, user, client, code, now).await?;

    let fee = rules.fee(amount);
    let total = payments::total_of(amount, fee)?;
    let id = transfers::new_transaction_id();
    let mut attempt = sqlx::Connection::begin(&mut *conn).await.map_err(db_error)?; // a savepoint
    sqlx::query(
        "INSERT INTO transfers (id, kind, status, payer_user_id, currency, amount, fee, second_factor, created_at, updated_at)
         VALUES (?, 'withdrawal', 'pending', ?, ?, ?, ?, 1, ?, ?)",
    )
    .bind(&id)
    .bind(&user.id)
    .bind(amount.currency.code())
    .bind(amount.minor)
    .bind(fee.minor)
    .bind(now)
    .bind(now)
    .execute(&mut *attempt)
    .await
    .map_err(db_error)?;
    let legs = [Leg { owner: Owner::User(user.id.clone()), amount: -total.minor }, Leg { owner: Owner::Held(user.id.clone()), amount: total.minor }];
    if let Err(Refused::InsufficientFunds) = ledger::post(&mut attempt, &id, amount.currency, &legs, now).await? {
        attempt.rollback().await.map_err(db_error)?;
        let available = ledger::balance(conn, &Owner::User(user.id.clone()), amount.currency).await?;
        return Err(AppError::field(ErrorCode::InsufficientFunds, "amount", "the balance does not cover amount and fee").with_detail(
            ErrorDetail::Shortfall {
                available,
                needed: total,
                missing: Money::new(total.minor.saturating_sub(available.minor), amount.currency),
                transaction_id: None,
            },
        ));
    }
    let needs_review = amount.minor > rules_config.withdrawal_review_above_minor;
    let stage_secs = rules_config.withdrawal_submitted_secs;
    sqlx::query(
        "INSERT INTO withdrawals (id, user_id, bank_account_id, state, needs_review, due_at, stage_secs, submitted_at, updated_at)
         VALUES (?, ?, ?, 'submitted', ?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(&user.id)
    .bind(&bank.id)
    .bind(needs_review)
    .bind(now + stage_secs)
    .bind(stage_secs)
    .bind(now)
    .bind(now)
    .execute(&mut *attempt)
    .await
    .map_err(db_error)?;
    let row = stages::load(&mut attempt, &id).await?.ok_or(AppError::NotFound)?;
    stages::notify(&mut attempt, &row, WithdrawalState::Submitted, None, now).await?;
    attempt.commit().await.map_err(db_error)?;
    Ok(json::WithdrawalDetail { timeline: row.timeline(rules_config, now), withdrawal: row.to_json(&bank, rules_config, now) })
}

/// The user cancels their withdrawal before processing: the funds go back at once.
pub async fn cancel(db: &sqlx::SqlitePool, config: &WithdrawalConfig, user: &UserRow, id: &str, now: i64) -> Result<json::WithdrawalDetail, AppError> {
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await.map_err(db_error)?;
    let row = owned(&mut tx, &user.id, id).await?.ok_or(AppError::NotFound)?;
    if !row.state().is_cancellable() {
        return Err(AppError::client(ErrorCode::WithdrawalNotCancellable, "the withdrawal is processing or finished: it can no longer be cancelled"));
    }
    stages::give_back(&mut tx, &row, WithdrawalState::Cancelled, None, now).await?;
    let row = owned(&mut tx, &user.id, id).await?.ok_or(AppError::NotFound)?;
    let detail = detail_of(&mut tx, config, row, now).await?;
    tx.commit().await.map_err(db_error)?;
    Ok(detail)
}

async fn owned(conn: &mut Conn, user_id: &str, id: &str) -> Result<Option<WithdrawalRow>, AppError> {
    sqlx::query_as(&format!("{} WHERE w.id = ? AND w.user_id = ?", view::SELECT))
        .bind(id.trim().to_ascii_uppercase())
        .bind(user_id)
        .fetch_optional(conn)
        .await
        .map_err(db_error)
}

async fn detail_of(conn: &mut Conn, config: &WithdrawalConfig, row: WithdrawalRow, now: i64) -> Result<json::WithdrawalDetail, AppError> {
    let bank = bank_accounts::owned(conn, &row.user_id, &row.bank_account_id).await?.ok_or(AppError::NotFound)?;
    Ok(json::WithdrawalDetail { timeline: row.timeline(config, now), withdrawal: row.to_json(&bank, config, now) })
}

/// `user_id`'s withdrawal `id` with its timeline; anyone else's is "not found".
pub async fn detail(conn: &mut Conn, config: &WithdrawalConfig, user_id: &str, id: &str, now: i64) -> Result<json::WithdrawalDetail, AppError> {
    let row = owned(conn, user_id, id).await?.ok_or(AppError::NotFound)?;
    detail_of(conn, config, row, now).await
}

/// The user's withdrawals, newest first.
pub async fn list(conn: &mut Conn, config: &WithdrawalConfig, user_id: &str, now: i64) -> Result<Vec<json::Withdrawal>, AppError> {
    let rows: Vec<WithdrawalRow> = sqlx::query_as(&format!(
        "{} WHERE w.user_id = ? ORDER BY w.submitted_at DESC, t.seq DESC LIMIT {LIST_LENGTH}",
        view::SELECT
    ))
    .bind(user_id)
    .fetch_all(&mut *conn)
    .await
    .map_err(db_error)?;
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        let bank = bank_accounts::owned(conn, &row.user_id, &row.bank_account_id).await?.ok_or(AppError::NotFound)?;
        items.push(row.to_json(&bank, config, now));
    }
    Ok(items)
}
