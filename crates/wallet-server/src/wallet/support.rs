//! Call verification codes: a signed-in user gets a 6-digit code to read to a hotline agent,
//! who checks it once (with the support token) to know whom they are talking to.

use sqlx::SqlitePool;
use wallet_api as json;

use super::db_error;
use crate::accounts::secrets;
use crate::AppError;

const VALID_SECS: i64 = 60 * 60;

pub async fn issue(db: &SqlitePool, user_id: &str, now: i64) -> Result<json::CallCode, AppError> {
    let code = secrets::new_email_code();
    // A new code replaces the user's earlier ones.
    sqlx::query("UPDATE call_codes SET checked_at = ? WHERE user_id = ? AND checked_at IS NULL")
        .bind(now)
        .bind(user_id)
        .execute(db)
        .await
        .map_err(db_error)?;
    sqlx::query("INSERT INTO call_codes (user_id, code_hash, created_at, expires_at) VALUES (?, ?, ?, ?)")
        .bind(user_id)
        .bind(secrets::hash(&code))
        .bind(now)
        .bind(now + VALID_SECS)
        .execute(db)
        .await
        .map_err(db_error)?;
    Ok(json::CallCode { code, expires_at: now + VALID_SECS })
}

/// Spends a live code and tells whose it is; a wrong, spent or expired code is `valid: false`.
pub async fn check(db: &SqlitePool, code: &str, now: i64) -> Result<json::CallCodeResult, AppError> {
    let found: Option<(i64, String, i64, String)> = sqlx::query_as(
        "UPDATE call_codes SET checked_at = ?1
         WHERE id = (SELECT id FROM call_codes WHERE code_hash = ?2 AND checked_at IS NULL AND expires_at > ?1
                     ORDER BY id DESC LIMIT 1)
         RETURNING id, user_id, created_at, (SELECT email FROM users WHERE users.id = call_codes.user_id)",
    )
    .bind(now)
    .bind(secrets::hash(code.trim()))
    .fetch_optional(db)
    .await
    .map_err(db_error)?;
    let Some((_, user_id, issued_at, email)) = found else {
        return Ok(json::CallCodeResult { valid: false, masked_email: None, wallet_id: None, issued_at: None });
    };
    let wallet_id: Option<String> = sqlx::query_scalar("SELECT wallet_id FROM users WHERE id = ?")
        .bind(&user_id)
        .fetch_one(db)
        .await
        .map_err(db_error)?;
    Ok(json::CallCodeResult {
        valid: true,
        masked_email: Some(json::mask_email(&email)),
        wallet_id,
        issued_at: Some(issued_at),
    })
}
