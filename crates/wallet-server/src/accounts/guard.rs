//! Locks and throttling. Failures are counted per e-mail address (existing or not, so the
//! answers do not reveal which addresses have accounts) and per client address.

use sqlx::SqlitePool;
use wallet_api::{ErrorCode, ErrorDetail, LockReason};

use crate::config::SecurityConfig;
use crate::AppError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lock {
    pub reason: LockReason,
    pub until: i64,
}

impl Lock {
    pub fn error(self) -> AppError {
        AppError::client(ErrorCode::AccountLocked, "the account is locked")
            .with_detail(ErrorDetail::Locked { reason: self.reason, until: self.until })
    }
}

/// The lock on `email` now, if any.
pub async fn lock_of(db: &SqlitePool, email: &str, now: i64) -> Result<Option<Lock>, AppError> {
    let row: Option<(Option<i64>, Option<String>)> =
        sqlx::query_as("SELECT locked_until, lock_reason FROM sign_in_guards WHERE email = ?")
            .bind(email)
            .fetch_optional(db)
            .await
            .map_err(anyhow::Error::from)?;
    Ok(match row {
        Some((Some(until), reason)) if until > now => Some(Lock {
            reason: match reason.as_deref() {
                Some("reported_sign_in") => LockReason::ReportedSignIn,
                _ => LockReason::FailedAttempts,
            },
            until,
        }),
        _ => None,
    })
}

/// Counts a failed password or code. Returns the lock when this failure started one.
pub async fn record_failure(
    db: &SqlitePool,
    rules: &SecurityConfig,
    email: &str,
    ip: &str,
    now: i64,
) -> Result<Option<Lock>, AppError> {
    sqlx::query("INSERT INTO ip_failures (ip, at) VALUES (?, ?)").bind(ip).bind(now).execute(db).await.map_err(anyhow::Error::from)?;
    // An expired lock starts a fresh count.
    let failures: i64 = sqlx::query_scalar(
        "INSERT INTO sign_in_guards (email, failures) VALUES (?, 1)
         ON CONFLICT(email) DO UPDATE SET
            failures = CASE WHEN locked_until IS NOT NULL AND locked_until <= ? THEN 1 ELSE failures + 1 END,
            locked_until = CASE WHEN locked_until IS NOT NULL AND locked_until <= ? THEN NULL ELSE locked_until END
         RETURNING failures",
    )
    .bind(email)
    .bind(now)
    .bind(now)
    .fetch_one(db)
    .await
    .map_err(anyhow::Error::from)?;
    if failures >= rules.lock_after_failures {
        let until = now + rules.lock_secs;
        sqlx::query("UPDATE sign_in_guards SET locked_until = ?, lock_reason = 'failed_attempts', failures = 0 WHERE email = ?")
            .bind(until)
            .bind(email)
            .execute(db)
            .await
            .map_err(anyhow::Error::from)?;
        return Ok(Some(Lock { reason: LockReason::FailedAttempts, until }));
    }
    Ok(None)
}

/// A successful sign-in ends the run of failures.
pub async fn clear(db: &SqlitePool, email: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sign_in_guards WHERE email = ?").bind(email).execute(db).await.map_err(anyhow::Error::from)?;
    Ok(())
}

/// Refuses a client address that failed too often lately, saying when to try again.
pub async fn check_ip(db: &SqlitePool, rules: &SecurityConfig, ip: &str, now: i64) -> Result<(), AppError> {
    let since = now - rules.ip_window_secs;
    let (count, oldest): (i64, Option<i64>) =
        sqlx::query_as("SELECT COUNT(*), MIN(at) FROM ip_failures WHERE ip = ? AND at > ?")
            .bind(ip)
            .bind(since)
            .fetch_one(db)
            .await
            .map_err(anyhow::Error::from)?;
    if count >= rules.ip_failure_limit {
        let seconds = oldest.map(|at| at + rules.ip_window_secs - now).unwrap_or(rules.ip_window_secs).max(1);
        return Err(AppError::client(ErrorCode::RateLimited, "too many failed attempts from this address")
            .with_detail(ErrorDetail::RetryAfter { seconds }));
    }
    Ok(())
}

/// Refuses an account that saw too many failures in the last hour, locks aside.
pub async fn check_account_hourly(
    db: &SqlitePool,
    rules: &SecurityConfig,
    user_id: &str,
    now: i64,
) -> Result<(), AppError> {
    let failures: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sign_in_events WHERE user_id = ? AND at > ? AND result <> 'success'",
    )
    .bind(user_id)
    .bind(now - 3600)
    .fetch_one(db)
    .await
    .map_err(anyhow::Error::from)?;
    if failures >= rules.account_hourly_failure_limit {
        return Err(AppError::client(ErrorCode::RateLimited, "too many failed attempts on this account")
            .with_detail(ErrorDetail::RetryAfter { seconds: 3600 }));
    }
    Ok(())
}
