//! Moving a withdrawal from stage to stage: the simulated payout processor (a background task
//! that moves every withdrawal whose `due_at` has come), the operator's approval and
//! rejection, and the user's cancellation. Each move is one transaction: the state (only from
//! the state it was read in, so two movers never both move it), the money (payout or return,
//! entries of the withdrawal's own transfer) and the message with its mail.

use sqlx::SqlitePool;
use wallet_api::{MessageFacts, MessageKind, RejectionReason, WithdrawalState};

use super::super::ledger::{self, Leg, Owner};
use super::super::{bank_accounts, db_error, Conn};
use super::view::{self, WithdrawalRow};
use crate::accounts::{messages, users};
use crate::config::WithdrawalConfig;
use crate::AppError;

/// In demo mode, a bank account number ending in this is refused by the bank at processing.
pub const DEMO_REJECTED_SUFFIX: &str = "0002";
/// In demo mode, a bank account number ending in this takes much longer than expected.
pub const DEMO_LATE_SUFFIX: &str = "0003";
/// How many times the expected processing time the late demo account takes.
const DEMO_LATE_FACTOR: i64 = 4;

/// What the processor needs besides the database.
#[derive(Clone)]
pub struct Processor {
    pub config: WithdrawalConfig,
    pub demo: bool,
}

/// Runs the payout processor every second for as long as the server runs.
pub fn start(db: SqlitePool, processor: Processor, clock: std::sync::Arc<dyn crate::clock::Clock>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
        loop {
            tick.tick().await;
            if let Err(error) = processor.advance_due(&db, clock.now()).await {
                tracing::warn!(error = %error, "moving withdrawals on failed");
            }
        }
    });
}

impl Processor {
    pub fn of(config: &crate::Config) -> Processor {
        Processor { config: config.withdrawals.clone(), demo: config.demo }
    }

    /// Moves on every withdrawal whose stage has ended by `now` (after a restart, those whose
    /// deadline passed while the server was down), one stage at a time, until none is due. One
    /// that cannot be moved is logged and left for the next run; it never holds up the others.
    pub async fn advance_due(&self, db: &SqlitePool, now: i64) -> Result<usize, AppError> {
        let mut moved = 0;
        let mut stuck = std::collections::HashSet::new();
        for _ in 0..1_000 {
            let due: Vec<String> = sqlx::query_scalar("SELECT id FROM withdrawals WHERE due_at <= ? ORDER BY due_at LIMIT 200")
                .bind(now)
                .fetch_all(db)
                .await
                .map_err(db_error)?;
            let due: Vec<String> = due.into_iter().filter(|id| !stuck.contains(id)).collect();
            if due.is_empty() {
                break;
            }
            for id in due {
                match self.advance_one(db, &id, now).await {
                    Ok(true) => moved += 1,
                    Ok(false) => {}
                    Err(error) => {
                        tracing::warn!(withdrawal = %id, error = %error, "a withdrawal could not be moved on");
                        stuck.insert(id);
                    }
                }
            }
        }
        Ok(moved)
    }

    async fn advance_one(&self, db: &SqlitePool, id: &str, now: i64) -> Result<bool, AppError> {
        let mut tx = db.begin_with("BEGIN IMMEDIATE").await.map_err(db_error)?;
        let Some(row) = load(&mut tx, id).await?.filter(|row| row.due_at.is_some_and(|due| due <= now)) else {
            return Ok(false);
        };
        // The stage changes when it was due: after a pause (a restart, a clock moved on) the
        // stages that fell due in between keep their own times.
        let at = row.due_at.unwrap_or(now).min(now);
        self.next_stage(&mut tx, &row, at).await?;
        tx.commit().await.map_err(db_error)?;
        Ok(true)
    }

    async fn next_stage(&self, conn: &mut Conn, row: &WithdrawalRow, now: i64) -> Result<(), AppError> {
        match row.state() {
            WithdrawalState::Submitted => {
                let review = view::expected_secs(&self.config, WithdrawalState::UnderReview, row.needs_review);
                // An amount above the threshold waits for an operator: no deadline.
                let due = (!row.needs_review).then_some(now + review);
                enter(conn, row, WithdrawalState::UnderReview, now, due, review).await
            }
            WithdrawalState::UnderReview => self.start_processing(conn, row, now).await,
            WithdrawalState::Processing => {
                let number = bank_number(conn, row).await?;
                if self.demo && number.ends_with(DEMO_REJECTED_SUFFIX) {
                    give_back(conn, row, WithdrawalState::Rejected, Some(RejectionReason::BankRejected), now).await
                } else {
                    complete(conn, row, now).await
                }
            }
            _ => {
                sqlx::query("UPDATE withdrawals SET due_at = NULL WHERE id = ?").bind(&row.id).execute(conn).await.map_err(db_error)?;
                Ok(())
            }
        }
    }

    async fn start_processing(&self, conn: &mut Conn, row: &WithdrawalRow, now: i64) -> Result<(), AppError> {
        let expected = self.config.withdrawal_processing_secs;
        let late = self.demo && bank_number(conn, row).await?.ends_with(DEMO_LATE_SUFFIX);
        let takes = if late { expected.saturating_mul(DEMO_LATE_FACTOR).max(expected + 60) } else { expected };
        enter(conn, row, WithdrawalState::Processing, now, Some(now + takes), expected).await
    }

    /// An operator approves a withdrawal waiting for review (or still submitted): it goes to
    /// processing now.
    pub async fn approve(&self, db: &SqlitePool, id: &str, now: i64) -> anyhow::Result<WithdrawalState> {
        let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
        let row = load(&mut tx, id).await?.ok_or_else(|| anyhow::anyhow!("no withdrawal has the ID {id}"))?;
        anyhow::ensure!(row.state().is_cancellable(), "withdrawal {id} is {}: only one before processing can be approved", row.state);
        if row.state() == WithdrawalState::Submitted {
            let review = view::expected_secs(&self.config, WithdrawalState::UnderReview, row.needs_review);
            enter(&mut tx, &row, WithdrawalState::UnderReview, now, None, review).await?;
        }
        let row = load(&mut tx, id).await?.ok_or_else(|| anyhow::anyhow!("withdrawal {id} vanished"))?;
        self.start_processing(&mut tx, &row, now).await?;
        tx.commit().await?;
        Ok(WithdrawalState::Processing)
    }
}

/// An operator rejects a withdrawal before processing: its funds go back.
pub async fn reject(db: &SqlitePool, id: &str, reason: RejectionReason, now: i64) -> anyhow::Result<()> {
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
    let row = load(&mut tx, id).await?.ok_or_else(|| anyhow::anyhow!("no withdrawal has the ID {id}"))?;
    anyhow::ensure!(row.state().is_cancellable(), "withdrawal {id} is {}: only one before processing can be rejected", row.state);
    give_back(&mut tx, &row, WithdrawalState::Rejected, Some(reason), now).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn load(conn: &mut Conn, id: &str) -> Result<Option<WithdrawalRow>, AppError> {
    sqlx::query_as(&format!("{} WHERE w.id = ?", view::SELECT)).bind(id).fetch_optional(conn).await.map_err(db_error)
}

async fn bank_number(conn: &mut Conn, row: &WithdrawalRow) -> Result<String, AppError> {
    let bank = bank_accounts::owned(conn, &row.user_id, &row.bank_account_id).await?.ok_or(AppError::NotFound)?;
    Ok(bank.account_number)
}

/// Moves `row` from the state it was read in to `state` at `now`, with the next deadline.
async fn enter(conn: &mut Conn, row: &WithdrawalRow, state: WithdrawalState, now: i64, due: Option<i64>, stage_secs: i64) -> Result<(), AppError> {
    enter_for(conn, row, state, None, now, due, stage_secs).await
}

/// `enter`, with the reason of a rejection.
async fn enter_for(
    conn: &mut Conn,
    row: &WithdrawalRow,
    state: WithdrawalState,
    reason: Option<RejectionReason>,
    now: i64,
    due: Option<i64>,
    stage_secs: i64,
) -> Result<(), AppError> {
    let column = match state {
        WithdrawalState::Submitted => "submitted_at",
        WithdrawalState::UnderReview => "under_review_at",
        WithdrawalState::Processing => "processing_at",
        WithdrawalState::Completed => "completed_at",
        WithdrawalState::Rejected => "rejected_at",
        WithdrawalState::Cancelled => "cancelled_at",
    };
    let moved = sqlx::query(&format!(
        "UPDATE withdrawals SET state = ?, reason = ?, {column} = ?, due_at = ?, stage_secs = ?, updated_at = ? WHERE id = ? AND state = ?"
    ))
    .bind(state.as_str())
    .bind(reason.map(RejectionReason::as_str))
    .bind(now)
    .bind(due)
    .bind(stage_secs)
    .bind(now)
    .bind(&row.id)
    .bind(&row.state)
    .execute(&mut *conn)
    .await
    .map_err(db_error)?;
    if moved.rows_affected() != 1 {
        return Err(AppError::Internal(anyhow::anyhow!("withdrawal {} moved under us", row.id)));
    }
    let transfer_status = match state {
        WithdrawalState::Completed => "completed",
        WithdrawalState::Rejected | WithdrawalState::Cancelled => "failed",
        _ => "pending",
    };
    sqlx::query("UPDATE transfers SET status = ?, updated_at = ? WHERE id = ?")
        .bind(transfer_status)
        .bind(now)
        .bind(&row.id)
        .execute(&mut *conn)
        .await
        .map_err(db_error)?;
    notify(conn, row, state, reason, now).await
}

pub async fn notify(conn: &mut Conn, row: &WithdrawalRow, state: WithdrawalState, reason: Option<RejectionReason>, now: i64) -> Result<(), AppError> {
    let user = users::by_id(&mut *conn, &row.user_id).await?;
    let facts = MessageFacts { amount: Some(row.amount()), transaction_id: Some(row.id.clone()), state: Some(state), reason, ..MessageFacts::default() };
    messages::notify_on(conn, now, &user, MessageKind::WithdrawalUpdate, facts).await
}

/// The payout: the held total leaves to the bank (amount) and the fees (fee).
async fn complete(conn: &mut Conn, row: &WithdrawalRow, now: i64) -> Result<(), AppError> {
    let legs = [
        Leg { owner: Owner::Held(row.user_id.clone()), amount: -row.total().minor },
        Leg { owner: Owner::Payouts, amount: row.amount },
        Leg { owner: Owner::Fees, amount: row.fee },
    ];
    post(conn, row, &legs, now).await?;
    enter(conn, row, WithdrawalState::Completed, now, None, 0).await
}

/// Rejected or cancelled: the held total goes back to the user's balance.
pub async fn give_back(conn: &mut Conn, row: &WithdrawalRow, state: WithdrawalState, reason: Option<RejectionReason>, now: i64) -> Result<(), AppError> {
    let legs = [
        Leg { owner: Owner::Held(row.user_id.clone()), amount: -row.total().minor },
        Leg { owner: Owner::User(row.user_id.clone()), amount: row.total().minor },
    ];
    post(conn, row, &legs, now).await?;
    enter_for(conn, row, state, reason, now, None, 0).await
}

async fn post(conn: &mut Conn, row: &WithdrawalRow, legs: &[Leg], now: i64) -> Result<(), AppError> {
    match ledger::post(conn, &row.id, row.currency(), legs, now).await? {
        Ok(()) => Ok(()),
        Err(refused) => Err(AppError::Internal(anyhow::anyhow!("withdrawal {}: held funds refused ({refused:?})", row.id))),
    }
}
