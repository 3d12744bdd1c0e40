//! A general throttle: at most `limit` counted requests per key in a sliding window. Counting
//! and checking are one statement, so parallel requests cannot outrun it.

use sqlx::SqliteConnection;
use wallet_api::{ErrorCode, ErrorDetail};

use crate::AppError;

#[derive(Debug, Clone, Copy)]
pub struct Rate {
    pub limit: i64,
    pub window_secs: i64,
}

/// One counted request, which can be given back (a check that passed was no failure).
#[derive(Debug)]
#[must_use = "a counted request stays counted unless given back"]
pub struct Hit(i64);

impl Hit {
    pub async fn give_back(self, conn: &mut SqliteConnection) -> Result<(), AppError> {
        sqlx::query("DELETE FROM throttle_hits WHERE rowid = ?").bind(self.0).execute(conn).await.map_err(anyhow::Error::from)?;
        Ok(())
    }
}

/// Counts one request for `key`; when the window is full, answers the seconds to wait instead.
pub async fn take(conn: &mut SqliteConnection, key: &str, rate: Rate, now: i64) -> Result<Result<Hit, i64>, AppError> {
    let counted: Option<i64> = sqlx::query_scalar(
        "INSERT INTO throttle_hits (key, at)
         SELECT ?1, ?2 WHERE (SELECT COUNT(*) FROM throttle_hits WHERE key = ?1 AND at > ?2 - ?3) < ?4
         RETURNING rowid",
    )
    .bind(key)
    .bind(now)
    .bind(rate.window_secs)
    .bind(rate.limit)
    .fetch_optional(&mut *conn)
    .await
    .map_err(anyhow::Error::from)?;
    if let Some(row) = counted {
        return Ok(Ok(Hit(row)));
    }
    let oldest: Option<i64> = sqlx::query_scalar("SELECT MIN(at) FROM throttle_hits WHERE key = ? AND at > ?")
        .bind(key)
        .bind(now - rate.window_secs)
        .fetch_one(conn)
        .await
        .map_err(anyhow::Error::from)?;
    Ok(Err(oldest.map_or(rate.window_secs, |at| at + rate.window_secs - now).max(1)))
}

/// Counts one request for `key`, or refuses with `RATE_LIMITED` and the seconds to wait.
pub async fn hit(conn: &mut SqliteConnection, key: &str, rate: Rate, now: i64) -> Result<(), AppError> {
    match take(conn, key, rate, now).await? {
        Ok(_counted) => Ok(()),
        Err(seconds) => Err(AppError::client(ErrorCode::RateLimited, "too many requests: try again later")
            .with_detail(ErrorDetail::RetryAfter { seconds })),
    }
}

/// Forgets hits older than a day (no window is longer).
pub async fn forget_before(db: &sqlx::SqlitePool, before: i64) -> Result<(), AppError> {
    sqlx::query("DELETE FROM throttle_hits WHERE at < ?").bind(before).execute(db).await.map_err(anyhow::Error::from)?;
    Ok(())
}
