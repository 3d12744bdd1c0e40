//! Top-ups through the reference server's simulated card provider (`wallet_api::TEST_CARDS`):
//! one card succeeds, one is declined, one times out and stays pending until the provider
//! answers `top_up_pending_secs` later. Any other valid number is declined.

use sqlx::SqlitePool;
use wallet_api as json;
use wallet_api::{ErrorCode, LimitKind, Money, MessageFacts, MessageKind, TestCardOutcome, TEST_CARDS};

use super::ledger::{self, Leg, Owner};
use super::transfers;
use super::{db_error, restrictions, Conn};
use crate::accounts::users::{self, UserRow};
use crate::accounts::messages;
use crate::config::WalletConfig;
use crate::AppError;

pub struct Checked {
    pub amount: Money,
    pub card_digits: String,
}

impl Checked {
    pub fn meaning(&self) -> serde_json::Value {
        serde_json::json!({ "amount": self.amount, "card": crate::accounts::secrets::hash(&self.card_digits) })
    }

    fn outcome(&self) -> TestCardOutcome {
        TEST_CARDS
            .iter()
            .find(|(number, _)| *number == self.card_digits)
            .map_or(TestCardOutcome::Declined, |(_, outcome)| *outcome)
    }

    fn last4(&self) -> &str {
        &self.card_digits[self.card_digits.len() - 4..]
    }
}

pub fn check(config: &WalletConfig, request: &json::TopUpRequest) -> Result<Checked, AppError> {
    super::payments::check_amount(config, request.amount)?;
    if request.amount.minor > config.top_up_limit_minor {
        let size = Money::new(config.top_up_limit_minor, request.amount.currency);
        return Err(AppError::field(ErrorCode::LimitExceeded, "amount", "the top-up is over the limit")
            .with_detail(json::ErrorDetail::Limit { limit: LimitKind::TopUp, size, remaining: size, transaction_id: None }));
    }
    if !json::card_number_is_valid(&request.card_number) {
        return Err(AppError::field(ErrorCode::ValidationFailed, "card_number", "this is not a valid card number"));
    }
    let card_digits = request.card_number.chars().filter(char::is_ascii_digit).collect();
    Ok(Checked { amount: request.amount, card_digits })
}

/// Asks the provider, inside the caller's transaction; the user's message about the outcome
/// is written in the same transaction. An account restricted from everything takes no money
/// in either.
pub async fn top_up(conn: &mut Conn, config: &WalletConfig, user: &UserRow, checked: Checked, now: i64) -> Result<json::Transaction, AppError> {
    let user_id = user.id.as_str();
    if let Some(restriction) = restrictions::active(conn, user_id).await?.into_iter().find(|r| r.scope.blocks_top_ups()) {
        return Err(restrictions::refusal(restriction, None));
    }
    let id = transfers::new_transaction_id();
    let (status, failure, settles_at) = match checked.outcome() {
        TestCardOutcome::Succeeds => ("completed", None, None),
        TestCardOutcome::Declined => ("failed", Some(ErrorCode::CardDeclined), None),
        TestCardOutcome::TimesOut => ("pending", None, Some(now + config.top_up_pending_secs)),
    };
    let row = NewTopUp { id: &id, status, user_id, card_last4: checked.last4(), amount: checked.amount, failure, settles_at };
    insert(conn, &row, now).await?;
    let facts = MessageFacts { amount: Some(checked.amount), transaction_id: Some(id.clone()), ..MessageFacts::default() };
    if failure.is_some() {
        messages::notify_on(&mut *conn, now, user, MessageKind::TopUpFailed, facts).await?;
        return Err(AppError::client(ErrorCode::CardDeclined, "the card was declined")
            .with_detail(json::ErrorDetail::Declined { transaction_id: id }));
    }
    if status == "completed" {
        credit(conn, user_id, &id, checked.amount, now).await?;
        messages::notify_on(&mut *conn, now, user, MessageKind::TopUpCompleted, facts).await?;
    }
    let row = transfers::visible(conn, user_id, &id).await?.ok_or(AppError::NotFound)?;
    Ok(row.view_for(user_id))
}

pub struct NewTopUp<'a> {
    pub id: &'a str,
    pub status: &'a str,
    pub user_id: &'a str,
    pub card_last4: &'a str,
    pub amount: Money,
    pub failure: Option<ErrorCode>,
    pub settles_at: Option<i64>,
}

pub async fn insert(conn: &mut Conn, top_up: &NewTopUp<'_>, now: i64) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO transfers (id, kind, status, payer_user_id, card_last4, currency, amount, failure,
            created_at, updated_at, settles_at)
         VALUES (?, 'top_up', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(top_up.id)
    .bind(top_up.status)
    .bind(top_up.user_id)
    .bind(top_up.card_last4)
    .bind(top_up.amount.currency.code())
    .bind(top_up.amount.minor)
    .bind(top_up.failure.map(ErrorCode::as_str))
    .bind(now)
    .bind(now)
    .bind(top_up.settles_at)
    .execute(conn)
    .await
    .map_err(db_error)?;
    Ok(())
}

/// Money from the card provider into the user's balance.
pub async fn credit(conn: &mut Conn, user_id: &str, transfer_id: &str, amount: Money, now: i64) -> Result<(), AppError> {
    let legs = [
        Leg { owner: Owner::CardProvider, amount: -amount.minor },
        Leg { owner: Owner::User(user_id.to_string()), amount: amount.minor },
    ];
    ledger::post(conn, transfer_id, amount.currency, &legs, now)
        .await?
        .map_err(|_| AppError::Internal(anyhow::anyhow!("the card provider's account refused a debit")))
}

/// Completes the pending top-ups whose provider answer is due, each in its own transaction,
/// and tells their owners.
pub async fn settle_due(db: &SqlitePool, now: i64) -> Result<(), AppError> {
    let due: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT id, payer_user_id, currency, amount FROM transfers
         WHERE kind = 'top_up' AND status = 'pending' AND settles_at <= ? ORDER BY seq LIMIT 100",
    )
    .bind(now)
    .fetch_all(db)
    .await
    .map_err(db_error)?;
    for (id, user_id, currency, amount) in due {
        let amount = Money::new(amount, wallet_api::Currency::parse(&currency).unwrap_or(wallet_api::Currency::CNY));
        let mut tx = db.begin_with("BEGIN IMMEDIATE").await.map_err(db_error)?;
        // Only one settler wins a given top-up (several servers may share the database).
        let claimed = sqlx::query("UPDATE transfers SET status = 'completed', updated_at = ? WHERE id = ? AND status = 'pending'")
            .bind(now)
            .bind(&id)
            .execute(&mut *tx)
            .await
            .map_err(db_error)?;
        if claimed.rows_affected() == 0 {
            continue;
        }
        credit(&mut tx, &user_id, &id, amount, now).await?;
        let user = users::by_id(&mut *tx, &user_id).await?;
        let facts = MessageFacts { amount: Some(amount), transaction_id: Some(id), ..MessageFacts::default() };
        messages::notify_on(&mut *tx, now, &user, MessageKind::TopUpCompleted, facts).await?;
        tx.commit().await.map_err(db_error)?;
    }
    Ok(())
}
