//! E-mailed 6-digit codes: one live code per user and purpose, a lifetime and a number of
//! tries, stored hashed.

use sqlx::SqlitePool;
use wallet_api::{ErrorCode, ErrorDetail};

use super::secrets;
use crate::config::SecurityConfig;
use crate::AppError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    VerifyEmail,
    ResetPassword,
    Unlock,
}

impl Purpose {
    fn name(self) -> &'static str {
        match self {
            Purpose::VerifyEmail => "verify_email",
            Purpose::ResetPassword => "reset_password",
            Purpose::Unlock => "unlock",
        }
    }
}

/// A new code (replacing any earlier one for the same purpose) and when it expires.
pub async fn issue(
    db: &SqlitePool,
    rules: &SecurityConfig,
    user_id: &str,
    purpose: Purpose,
    now: i64,
) -> Result<(String, i64), AppError> {
    let code = secrets::new_email_code();
    let expires_at = now + rules.email_code_secs;
    let mut tx = db.begin().await.map_err(anyhow::Error::from)?;
    sqlx::query("UPDATE email_codes SET used_at = ? WHERE user_id = ? AND purpose = ? AND used_at IS NULL")
        .bind(now)
        .bind(user_id)
        .bind(purpose.name())
        .execute(&mut *tx)
        .await
        .map_err(anyhow::Error::from)?;
    sqlx::query(
        "INSERT INTO email_codes (user_id, purpose, code_hash, expires_at, tries_left, created_at) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(user_id)
    .bind(purpose.name())
    .bind(secrets::hash(&code))
    .bind(expires_at)
    .bind(rules.email_code_tries)
    .bind(now)
    .execute(&mut *tx)
    .await
    .map_err(anyhow::Error::from)?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok((code, expires_at))
}

/// Spends the live code when `typed` matches it. A wrong code uses up a try (the answer says
/// how many are left); with none left, or after its lifetime, the code is expired.
/// `also_right` is a second condition checked like the code (the phone digits of an unlock),
/// so a wrong answer to it costs a try too and the two cannot be guessed apart.
pub async fn redeem(
    db: &SqlitePool,
    user_id: Option<&str>,
    purpose: Purpose,
    typed: &str,
    also_right: bool,
    now: i64,
) -> Result<(), AppError> {
    let Some(user_id) = user_id else {
        // No account: the same answer as a wrong code.
        return Err(AppError::field(ErrorCode::InvalidCode, "code", "the code is not right"));
    };
    let live: Option<(i64, String, i64, i64)> = sqlx::query_as(
        "SELECT id, code_hash, expires_at, tries_left FROM email_codes
         WHERE user_id = ? AND purpose = ? AND used_at IS NULL ORDER BY id DESC LIMIT 1",
    )
    .bind(user_id)
    .bind(purpose.name())
    .fetch_optional(db)
    .await
    .map_err(anyhow::Error::from)?;
    let Some((id, code_hash, expires_at, tries_left)) = live else {
        return Err(AppError::field(ErrorCode::CodeExpired, "code", "no live code: ask for a new one"));
    };
    if expires_at <= now || tries_left <= 0 {
        return Err(AppError::field(ErrorCode::CodeExpired, "code", "the code has expired"));
    }
    let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if secrets::constant_time_eq(&secrets::hash(&typed), &code_hash) && also_right {
        sqlx::query("UPDATE email_codes SET used_at = ? WHERE id = ?").bind(now).bind(id).execute(db).await.map_err(anyhow::Error::from)?;
        return Ok(());
    }
    let tries: i64 = sqlx::query_scalar("UPDATE email_codes SET tries_left = tries_left - 1 WHERE id = ? RETURNING tries_left")
        .bind(id)
        .fetch_one(db)
        .await
        .map_err(anyhow::Error::from)?;
    if tries <= 0 {
        return Err(AppError::field(ErrorCode::CodeExpired, "code", "too many wrong tries: ask for a new code"));
    }
    Err(AppError::field(ErrorCode::InvalidCode, "code", "the code is not right")
        .with_detail(ErrorDetail::TriesLeft { tries: tries as u32 }))
}
