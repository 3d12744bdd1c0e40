//! Money: the double-entry ledger and what moves money through it (top-ups, payments,
//! withdrawals to bank accounts), with
//! idempotency, limits, restrictions, and what the dashboard, the help centre and the hotline
//! read. Handlers in `routes/` are thin over these.

pub mod bank_accounts;
pub mod demo;
pub mod export;
pub mod idempotency;
pub mod ledger;
pub mod overview;
pub mod payments;
#[cfg(test)]
mod properties;
pub mod recipients;
pub mod restrictions;
pub mod support;
pub mod top_ups;
pub mod transfers;
pub mod withdrawals;

use sqlx::SqliteConnection;

/// What every ledger and transfer query runs on: a pooled connection or an open transaction.
pub type Conn = SqliteConnection;

fn db_error(error: sqlx::Error) -> crate::AppError {
    crate::AppError::Internal(error.into())
}

/// The wallet's background work, every second for as long as the server runs: pending
/// top-ups whose provider answer is due are settled, and idempotency keys older than a day
/// are forgotten (a retry is a matter of seconds or minutes; keys kept for ever would only grow).
pub fn start_background(db: sqlx::SqlitePool, clock: std::sync::Arc<dyn crate::clock::Clock>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
        loop {
            tick.tick().await;
            let now = clock.now();
            if let Err(error) = top_ups::settle_due(&db, now).await {
                tracing::warn!(error = %error, "settling pending top-ups failed");
            }
            if let Err(error) = idempotency::forget_before(&db, now - idempotency::KEEP_SECS).await {
                tracing::warn!(error = %error, "forgetting old idempotency keys failed");
            }
            if let Err(error) = forget_expired_secrets(&db, now).await {
                tracing::warn!(error = %error, "forgetting expired codes and counters failed");
            }
        }
    });
}

/// Codes in mails, pending sign-ups and throttle counters are kept no longer than they work.
async fn forget_expired_secrets(db: &sqlx::SqlitePool, now: i64) -> Result<(), crate::AppError> {
    crate::mail::drop_expired_codes(db, now).await?;
    crate::accounts::sign_ups::forget_expired(db, now).await?;
    crate::accounts::throttle::forget_before(db, now - 24 * 60 * 60).await
}
