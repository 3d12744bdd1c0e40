//! Bank accounts withdrawals are paid to: added (numbers checked per currency, the holder's
//! name must be the account's verified name), listed masked, removed, made the default. A new
//! account waits out a cooling-off before it can receive a withdrawal.

use wallet_api as json;
use wallet_api::{Currency, ErrorCode, ErrorDetail, MessageFacts, MessageKind};

use super::{db_error, Conn};
use crate::accounts::users::UserRow;
use crate::accounts::{messages, secrets};
use crate::AppError;

/// At most this many bank accounts per user (removed ones not counted).
const MAX_ACCOUNTS: i64 = 10;
const NAME_MAX_CHARS: usize = 100;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BankAccountRow {
    pub id: String,
    pub currency: String,
    pub holder_name: String,
    pub account_number: String,
    pub routing_number: Option<String>,
    pub is_default: bool,
    pub created_at: i64,
    pub usable_from: i64,
    pub removed_at: Option<i64>,
}

impl BankAccountRow {
    pub fn currency(&self) -> Currency {
        Currency::parse(&self.currency).unwrap_or(Currency::CNY)
    }

    pub fn to_json(&self) -> json::BankAccount {
        json::BankAccount {
            id: self.id.clone(),
            currency: self.currency(),
            holder_name: self.holder_name.clone(),
            masked_number: json::mask_bank_number(&self.account_number),
            routing_number: self.routing_number.clone(),
            is_default: self.is_default,
            added_at: self.created_at,
            usable_from: self.usable_from,
        }
    }
}

/// Names compared as people write them: spaces trimmed and collapsed, case ignored.
fn same_name(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    norm(a) == norm(b)
}

/// Checks and stores a new bank account, posting a security message (and mail) in the same
/// transaction. The first account becomes the default; at most 10.
pub async fn add(db: &sqlx::SqlitePool, user: &UserRow, new: &json::NewBankAccount, cooling_off_secs: i64, now: i64) -> Result<json::BankAccount, AppError> {
    let holder = new.holder_name.split_whitespace().collect::<Vec<_>>().join(" ");
    if holder.is_empty() || holder.chars().count() > NAME_MAX_CHARS {
        return Err(AppError::field(ErrorCode::ValidationFailed, "holder_name", "the holder's name is required (at most 100 characters)"));
    }
    if !same_name(&holder, &user.display_name) {
        return Err(AppError::field(ErrorCode::HolderNameMismatch, "holder_name", "the holder's name must be the account's verified name"));
    }
    let number = json::normalize_bank_number(&new.account_number);
    let routing = new.routing_number.as_deref().map(json::normalize_bank_number).filter(|r| !r.is_empty());
    if let Some(problem) = json::bank_number_problem(new.currency, &number, routing.as_deref()) {
        return Err(AppError::field(ErrorCode::BankAccountInvalid, problem.field(), "the bank account number does not pass its check")
            .with_detail(ErrorDetail::BankNumber { problem }));
    }
    let routing = if new.currency == Currency::USD { routing } else { None };
    // IMMEDIATE: the count and the duplicate check see what the insert will be added to.
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await.map_err(db_error)?;
    let (count, duplicate): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(currency = ? AND account_number = ? AND routing_number IS ?), 0)
         FROM bank_accounts WHERE user_id = ? AND removed_at IS NULL",
    )
    .bind(new.currency.code())
    .bind(&number)
    .bind(&routing)
    .bind(&user.id)
    .fetch_one(&mut *tx)
    .await
    .map_err(db_error)?;
    if duplicate > 0 {
        return Err(AppError::field(ErrorCode::Conflict, "account_number", "this bank account is on the list already"));
    }
    if count >= MAX_ACCOUNTS {
        return Err(AppError::client(ErrorCode::Conflict, "at most 10 bank accounts: remove one first"));
    }
    let id = format!("B{}", &secrets::new_id()[..12].to_ascii_uppercase());
    sqlx::query(
        "INSERT INTO bank_accounts (id, user_id, currency, holder_name, account_number, routing_number, is_default,
            created_at, usable_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(&user.id)
    .bind(new.currency.code())
    .bind(&holder)
    .bind(&number)
    .bind(&routing)
    .bind(count == 0)
    .bind(now)
    .bind(now + cooling_off_secs)
    .execute(&mut *tx)
    .await
    .map_err(db_error)?;
    let row = owned(&mut tx, &user.id, &id).await?.ok_or(AppError::NotFound)?;
    let facts = MessageFacts { bank_account: Some(json::mask_bank_number(&number)), ..MessageFacts::default() };
    messages::notify_on(&mut tx, now, user, MessageKind::BankAccountAdded, facts).await?;
    tx.commit().await.map_err(db_error)?;
    Ok(row.to_json())
}

/// `user_id`'s bank account `id` (also a removed one: withdrawals keep pointing to it).
pub async fn owned(conn: &mut Conn, user_id: &str, id: &str) -> Result<Option<BankAccountRow>, AppError> {
    sqlx::query_as("SELECT * FROM bank_accounts WHERE id = ? AND user_id = ?")
        .bind(id)
        .bind(user_id)
        .fetch_optional(conn)
        .await
        .map_err(db_error)
}

pub async fn list(conn: &mut Conn, user_id: &str) -> Result<Vec<json::BankAccount>, AppError> {
    let rows: Vec<BankAccountRow> = sqlx::query_as(
        "SELECT * FROM bank_accounts WHERE user_id = ? AND removed_at IS NULL ORDER BY is_default DESC, created_at, id",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await
    .map_err(db_error)?;
    Ok(rows.iter().map(BankAccountRow::to_json).collect())
}

/// Removes a bank account; another one becomes the default if it was. Someone else's (or a
/// removed one) is "not found".
pub async fn remove(conn: &mut Conn, user_id: &str, id: &str, now: i64) -> Result<(), AppError> {
    let mut tx = sqlx::Connection::begin(&mut *conn).await.map_err(db_error)?;
    let removed = sqlx::query("UPDATE bank_accounts SET removed_at = ?, is_default = 0 WHERE id = ? AND user_id = ? AND removed_at IS NULL")
        .bind(now)
        .bind(id)
        .bind(user_id)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
    if removed.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    sqlx::query(
        "UPDATE bank_accounts SET is_default = 1 WHERE id = (
            SELECT id FROM bank_accounts WHERE user_id = ?1 AND removed_at IS NULL ORDER BY created_at, id LIMIT 1)
         AND NOT EXISTS (SELECT 1 FROM bank_accounts WHERE user_id = ?1 AND removed_at IS NULL AND is_default = 1)",
    )
    .bind(user_id)
    .execute(&mut *tx)
    .await
    .map_err(db_error)?;
    tx.commit().await.map_err(db_error)
}

pub async fn set_default(conn: &mut Conn, user_id: &str, id: &str) -> Result<(), AppError> {
    let mut tx = sqlx::Connection::begin(&mut *conn).await.map_err(db_error)?;
    let found = sqlx::query("UPDATE bank_accounts SET is_default = (id = ?1) WHERE user_id = ?2 AND removed_at IS NULL")
        .bind(id)
        .bind(user_id)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
    let is_there: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM bank_accounts WHERE id = ? AND user_id = ? AND removed_at IS NULL")
            .bind(id)
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_error)?;
    if found.rows_affected() == 0 || is_there.is_none() {
        return Err(AppError::NotFound);
    }
    tx.commit().await.map_err(db_error)
}
