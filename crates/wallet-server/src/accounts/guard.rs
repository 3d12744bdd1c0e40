//! Locks and throttling. Failures are counted per e-mail address (existing or not, so the
//! answers do not reveal which addresses have accounts) and per client address.
//!
//! Every password or code check first takes a try (`begin`): one statement that refuses a
//! locked address and otherwise counts the try as a failure, locking on the last allowed one.
//! A right answer then gives the try back (`Attempt::succeeded` / `passed`). So parallel
//! guesses cannot all slip past the lock check before the first failure is written: the
//! count is taken before any password or code is compared.

use sqlx::SqliteConnection;
use wallet_api::{ErrorCode, ErrorDetail, LockReason};

use super::throttle;
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

fn db(error: sqlx::Error) -> AppError {
    AppError::Internal(error.into())
}

/// The lock on `email` now, if any.
pub async fn lock_of(conn: &mut SqliteConnection, email: &str, now: i64) -> Result<Option<Lock>, AppError> {
    let row: Option<(Option<i64>, Option<String>)> =
        sqlx::query_as("SELECT locked_until, lock_reason FROM sign_in_guards WHERE email = ?")
            .bind(email)
            .fetch_optional(conn)
            .await
            .map_err(db)?;
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

/// Refuses with the lock's error while `email` is locked.
pub async fn ensure_unlocked(conn: &mut SqliteConnection, email: &str, now: i64) -> Result<(), AppError> {
    match lock_of(conn, email, now).await? {
        Some(lock) => Err(lock.error()),
        None => Ok(()),
    }
}

/// One try at a password or code, counted as a failure until it is given back.
#[derive(Debug)]
#[must_use = "a try is a failure until `succeeded` or `passed` gives it back"]
pub struct Attempt {
    email: String,
    ip_try: IpTry,
    /// Failures in the current run, this try included.
    failures: i64,
    /// The lock this try started (it was the last one allowed), if any.
    lock: Option<Lock>,
}

impl Attempt {
    /// Wrong tries still allowed before the lock, counting this try as wrong.
    pub fn left_after(&self, rules: &SecurityConfig) -> i64 {
        (rules.lock_after_failures - self.failures).max(0)
    }

    /// The answer was wrong: the try stays counted. The lock it started, if it did.
    pub fn failed(self) -> Option<Lock> {
        self.lock
    }

    /// Fully proved (signed in, re-authenticated, a right 2FA code): the run of failures ends.
    pub async fn succeeded(self, conn: &mut SqliteConnection) -> Result<(), AppError> {
        clear(conn, &self.email).await?;
        self.ip_try.give_back(conn).await
    }

    /// Right, but not the end of the proof (a right password before the 2FA code), or not
    /// decided at all: the try is given back (and the lock it started lifted) without ending
    /// the run of earlier failures.
    pub async fn passed(self, conn: &mut SqliteConnection) -> Result<(), AppError> {
        sqlx::query(
            "UPDATE sign_in_guards SET failures = MAX(failures - 1, 0),
                lock_reason = CASE WHEN locked_until IS ?2 THEN NULL ELSE lock_reason END,
                locked_until = CASE WHEN locked_until IS ?2 THEN NULL ELSE locked_until END
             WHERE email = ?1",
        )
        .bind(&self.email)
        .bind(self.lock.map(|lock| lock.until))
        .execute(&mut *conn)
        .await
        .map_err(db)?;
        self.ip_try.give_back(conn).await
    }
}

/// Takes a try for `email` from `ip`: refused with `RATE_LIMITED` when the address failed too
/// often lately, or with the lock's error while `email` is locked (a refused try is not
/// counted).
pub async fn begin(
    conn: &mut SqliteConnection,
    rules: &SecurityConfig,
    email: &str,
    ip: &str,
    now: i64,
) -> Result<Attempt, AppError> {
    let ip_try = IpTry::take(conn, rules, ip, now).await?;
    // An expired lock starts a fresh count; a live one refuses (no row comes back).
    let counted: Option<(i64, Option<i64>)> = sqlx::query_as(
        "INSERT INTO sign_in_guards (email, failures, locked_until, lock_reason)
            VALUES (?1, 1, CASE WHEN 1 >= ?3 THEN ?2 + ?4 END, CASE WHEN 1 >= ?3 THEN 'failed_attempts' END)
         ON CONFLICT(email) DO UPDATE SET
            failures = CASE WHEN locked_until IS NOT NULL THEN 1 ELSE failures + 1 END,
            locked_until = CASE WHEN (CASE WHEN locked_until IS NOT NULL THEN 1 ELSE failures + 1 END) >= ?3
                THEN ?2 + ?4 ELSE NULL END,
            lock_reason = CASE WHEN (CASE WHEN locked_until IS NOT NULL THEN 1 ELSE failures + 1 END) >= ?3
                THEN 'failed_attempts' ELSE NULL END
         WHERE locked_until IS NULL OR locked_until <= ?2
         RETURNING failures, locked_until",
    )
    .bind(email)
    .bind(now)
    .bind(rules.lock_after_failures)
    .bind(rules.lock_secs)
    .fetch_optional(&mut *conn)
    .await
    .map_err(db)?;
    let Some((failures, locked_until)) = counted else {
        ip_try.give_back(conn).await?;
        return Err(match lock_of(conn, email, now).await? {
            Some(lock) => lock.error(),
            None => AppError::client(ErrorCode::AccountLocked, "the account is locked"),
        });
    };
    let lock = locked_until.map(|until| Lock { reason: LockReason::FailedAttempts, until });
    Ok(Attempt { email: email.to_string(), ip_try, failures, lock })
}

/// Checks a password for a try taken with `begin`, holding no database connection while the
/// hashing pool works. A check that could not be made (the server is busy) gives the try back.
/// Answers whether it was right, the try, and a connection to go on with.
pub async fn check_password(
    pool: &sqlx::SqlitePool,
    attempt: Attempt,
    typed: String,
    stored: Option<String>,
) -> Result<(bool, Attempt, sqlx::pool::PoolConnection<sqlx::Sqlite>), AppError> {
    let checked = super::password::verify(typed, stored).await;
    let mut conn = pool.acquire().await.map_err(db)?;
    match checked {
        Ok(right) => Ok((right, attempt, conn)),
        Err(error) => {
            attempt.passed(&mut conn).await?;
            Err(error)
        }
    }
}

/// Ends the run of failures (and any lock) on `email`.
pub async fn clear(conn: &mut SqliteConnection, email: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sign_in_guards WHERE email = ?").bind(email).execute(conn).await.map_err(db)?;
    Ok(())
}

/// A failure slot of one client address, taken before the check and given back when the check
/// passes. Taking it is one statement (`throttle::take`), so parallel requests cannot outrun
/// the limit.
#[derive(Debug)]
#[must_use = "an address's try is a failure until it is given back"]
pub struct IpTry(throttle::Hit);

impl IpTry {
    pub async fn take(conn: &mut SqliteConnection, rules: &SecurityConfig, ip: &str, now: i64) -> Result<IpTry, AppError> {
        let rate = throttle::Rate { limit: rules.ip_failure_limit, window_secs: rules.ip_window_secs };
        match throttle::take(conn, &format!("ip-failure:{ip}"), rate, now).await? {
            Ok(hit) => Ok(IpTry(hit)),
            Err(seconds) => Err(AppError::client(ErrorCode::RateLimited, "too many failed attempts from this address")
                .with_detail(ErrorDetail::RetryAfter { seconds })),
        }
    }

    /// The check this slot was taken for passed: it was not a failure after all.
    pub async fn give_back(self, conn: &mut SqliteConnection) -> Result<(), AppError> {
        self.0.give_back(conn).await
    }

    /// The check failed: the slot stays taken.
    pub fn keep(self) {}
}

/// Refuses an account that saw too many failed passwords or codes in the last hour, locks
/// aside. Attempts refused because of a lock are not failures and do not count here.
pub async fn check_account_hourly(
    conn: &mut SqliteConnection,
    rules: &SecurityConfig,
    user_id: &str,
    now: i64,
) -> Result<(), AppError> {
    let failures: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sign_in_events
         WHERE user_id = ? AND at > ? AND result IN ('wrong_password', 'wrong_code', 'replayed_code')",
    )
    .bind(user_id)
    .bind(now - 3600)
    .fetch_one(conn)
    .await
    .map_err(db)?;
    if failures >= rules.account_hourly_failure_limit {
        return Err(AppError::client(ErrorCode::RateLimited, "too many failed attempts on this account")
            .with_detail(ErrorDetail::RetryAfter { seconds: 3600 }));
    }
    Ok(())
}

/// A wrong password or code: recorded in the owner's history; when it was the try that locked
/// the address, the owner is told (message and mail; their sessions go on) and the answer is
/// the lock, otherwise `wrong`.
pub async fn refused(
    conn: &mut SqliteConnection,
    now: i64,
    user: Option<&super::users::UserRow>,
    result: wallet_api::SignInResult,
    client: &super::sessions::Client,
    attempt: Attempt,
    wrong: AppError,
) -> Result<AppError, AppError> {
    if let Some(user) = user {
        super::history::record_on(&mut *conn, &user.id, result, client, now).await?;
    }
    let Some(lock) = attempt.failed() else { return Ok(wrong) };
    if let Some(user) = user {
        let facts = wallet_api::MessageFacts { until: Some(lock.until), ..Default::default() };
        super::messages::notify_on(&mut *conn, now, user, wallet_api::MessageKind::AccountLocked, facts).await?;
    }
    Ok(lock.error())
}
