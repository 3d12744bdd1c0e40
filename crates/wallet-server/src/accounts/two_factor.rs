//! Checking a second factor (a TOTP code, each accepted once, or a single-use recovery code)
//! and making recovery codes.

use sqlx::SqlitePool;
use wallet_api::{ErrorCode, SecondFactorKind, SignInResult};

use super::secrets::{self, SecretKey};
use super::totp::{self, TotpCheck};
use super::users::UserRow;
use crate::AppError;

pub const RECOVERY_CODES: usize = 10;

/// Why a second factor was refused, for the sign-in history and the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Wrong,
    Replayed,
}

impl Refusal {
    pub fn history(self) -> SignInResult {
        match self {
            Refusal::Wrong => SignInResult::WrongCode,
            Refusal::Replayed => SignInResult::ReplayedCode,
        }
    }

    pub fn error(self) -> AppError {
        match self {
            Refusal::Wrong => AppError::field(ErrorCode::InvalidCode, "code", "the code is not right"),
            Refusal::Replayed => {
                AppError::field(ErrorCode::CodeAlreadyUsed, "code", "this code was used already: wait for the next one")
            }
        }
    }
}

/// Checks a TOTP code against the active secret and remembers its step, so it is never
/// accepted again.
pub async fn check_totp<'c>(
    db: impl sqlx::Executor<'c, Database = sqlx::Sqlite>,
    key: &SecretKey,
    user: &UserRow,
    code: &str,
    now: i64,
) -> Result<Result<(), Refusal>, AppError> {
    let Some(secret) = user.totp_secret.as_deref().and_then(|sealed| key.open(sealed)) else {
        return Ok(Err(Refusal::Wrong));
    };
    Ok(match totp::check(&secret, code, now, user.totp_last_step) {
        TotpCheck::Accepted { step } => {
            // The condition makes two concurrent requests with one code accept it once.
            let updated = sqlx::query(
                "UPDATE users SET totp_last_step = ? WHERE id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)",
            )
            .bind(step)
            .bind(&user.id)
            .bind(step)
            .execute(db)
            .await
            .map_err(anyhow::Error::from)?;
            if updated.rows_affected() == 1 { Ok(()) } else { Err(Refusal::Replayed) }
        }
        TotpCheck::Replayed => Err(Refusal::Replayed),
        TotpCheck::Wrong => Err(Refusal::Wrong),
    })
}

/// Spends a recovery code if it is one of the user's unused ones.
pub async fn use_recovery_code(
    db: &SqlitePool,
    key: &SecretKey,
    user: &UserRow,
    code: &str,
    now: i64,
) -> Result<Result<(), Refusal>, AppError> {
    let hash = key.keyed_hash(&secrets::normalise_recovery_code(code));
    let used = sqlx::query(
        "UPDATE recovery_codes SET used_at = ? WHERE id =
            (SELECT id FROM recovery_codes WHERE user_id = ? AND code_hash = ? AND used_at IS NULL LIMIT 1)",
    )
    .bind(now)
    .bind(&user.id)
    .bind(hash)
    .execute(db)
    .await
    .map_err(anyhow::Error::from)?;
    Ok(if used.rows_affected() == 1 { Ok(()) } else { Err(Refusal::Wrong) })
}

pub async fn check(
    db: &SqlitePool,
    key: &SecretKey,
    user: &UserRow,
    kind: SecondFactorKind,
    code: &str,
    now: i64,
) -> Result<Result<(), Refusal>, AppError> {
    match kind {
        SecondFactorKind::Totp => check_totp(db, key, user, code, now).await,
        SecondFactorKind::RecoveryCode => use_recovery_code(db, key, user, code, now).await,
    }
}

/// Replaces the user's recovery codes with ten new ones and returns them (the only time
/// they are ever readable).
pub async fn new_recovery_codes(db: &SqlitePool, key: &SecretKey, user_id: &str) -> Result<Vec<String>, AppError> {
    let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| secrets::new_recovery_code()).collect();
    let mut tx = db.begin().await.map_err(anyhow::Error::from)?;
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = ?").bind(user_id).execute(&mut *tx).await.map_err(anyhow::Error::from)?;
    for code in &codes {
        sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)")
            .bind(user_id)
            .bind(key.keyed_hash(code))
            .execute(&mut *tx)
            .await
            .map_err(anyhow::Error::from)?;
    }
    tx.commit().await.map_err(anyhow::Error::from)?;
    Ok(codes)
}
