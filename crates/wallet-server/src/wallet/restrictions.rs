//! Operator restrictions on an account (set and lifted with `wallet-server admin`).

use wallet_api as json;
use wallet_api::{ErrorCode, RestrictionScope};

use super::{db_error, Conn};
use crate::AppError;

/// The restrictions in force on `user_id`, oldest first.
pub async fn active(conn: &mut Conn, user_id: &str) -> Result<Vec<json::Restriction>, AppError> {
    let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT scope, reason_code, reason, created_at FROM restrictions
         WHERE user_id = ? AND lifted_at IS NULL ORDER BY id",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await
    .map_err(db_error)?;
    Ok(rows
        .into_iter()
        .filter_map(|(scope, reason_code, reason, since)| {
            Some(json::Restriction { scope: RestrictionScope::parse(&scope)?, reason_code, reason, since })
        })
        .collect())
}

/// The restriction that stops `user_id` paying, if any.
pub async fn blocking_payments(conn: &mut Conn, user_id: &str) -> Result<Option<json::Restriction>, AppError> {
    Ok(active(conn, user_id).await?.into_iter().find(|r| r.scope.blocks_payments()))
}

pub fn refusal(restriction: json::Restriction, transaction_id: Option<String>) -> AppError {
    AppError::client(ErrorCode::AccountRestricted, "the account is restricted")
        .with_detail(json::ErrorDetail::Restricted { restriction, transaction_id })
}

/// The restriction that stops `user_id` withdrawing, if any.
pub async fn blocking_withdrawals(conn: &mut Conn, user_id: &str) -> Result<Option<json::Restriction>, AppError> {
    Ok(active(conn, user_id).await?.into_iter().find(|r| r.scope.blocks_withdrawals()))
}
