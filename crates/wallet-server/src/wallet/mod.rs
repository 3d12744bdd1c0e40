//! Money: the double-entry ledger and what moves money through it (top-ups, payments), with
//! idempotency, limits, restrictions, and what the dashboard, the help centre and the hotline
//! read. Handlers in `routes/` are thin over these.

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

use sqlx::SqliteConnection;

/// What every ledger and transfer query runs on: a pooled connection or an open transaction.
pub type Conn = SqliteConnection;

fn db_error(error: sqlx::Error) -> crate::AppError {
    crate::AppError::Internal(error.into())
}
