//! The double-entry ledger. Every completed transfer is a set of entries that sum to zero,
//! written with the balances they change in one database transaction. A balance that may not
//! go negative is debited with a conditional update, so two concurrent payments can never
//! both spend the same money (SQLite serialises writers; the CHECK constraint backs it up).

use sqlx::SqlitePool;
use wallet_api::{Currency, Money};

use super::{db_error, Conn};
use crate::AppError;

/// Who owns a ledger account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    User(String),
    Merchant(String),
    /// The platform's fee income.
    Fees,
    /// The outside world behind the test card provider: money enters the wallet from here.
    CardProvider,
    /// A user's funds held for their withdrawals on their way.
    Held(String),
    /// The outside world of banks: completed withdrawals leave the wallet to here.
    Payouts,
}

impl Owner {
    fn kind_and_id(&self) -> (&'static str, &str) {
        match self {
            Owner::User(id) => ("user", id),
            Owner::Merchant(id) => ("merchant", id),
            Owner::Fees => ("fees", "platform"),
            Owner::CardProvider => ("provider", "test-cards"),
            Owner::Held(id) => ("held", id),
            Owner::Payouts => ("payouts", "banks"),
        }
    }

    fn may_go_negative(&self) -> bool {
        matches!(self, Owner::CardProvider)
    }
}

/// One leg of a transfer: `amount` into (positive) or out of (negative) `owner`'s account.
#[derive(Debug, Clone)]
pub struct Leg {
    pub owner: Owner,
    pub amount: i64,
}

/// Why a posting was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// A debit would take an account below zero.
    InsufficientFunds,
}

/// The account of `owner` in `currency`, created at zero when missing.
pub async fn account(conn: &mut Conn, owner: &Owner, currency: Currency) -> Result<i64, AppError> {
    let (kind, id) = owner.kind_and_id();
    sqlx::query_scalar(
        "INSERT INTO ledger_accounts (owner_kind, owner_id, currency, may_go_negative) VALUES (?, ?, ?, ?)
         ON CONFLICT(owner_kind, owner_id, currency) DO UPDATE SET owner_kind = excluded.owner_kind
         RETURNING id",
    )
    .bind(kind)
    .bind(id)
    .bind(currency.code())
    .bind(owner.may_go_negative())
    .fetch_one(conn)
    .await
    .map_err(db_error)
}

/// The balance of `owner` in `currency` (zero without an account).
pub async fn balance(conn: &mut Conn, owner: &Owner, currency: Currency) -> Result<Money, AppError> {
    let (kind, id) = owner.kind_and_id();
    let minor: Option<i64> = sqlx::query_scalar(
        "SELECT balance FROM ledger_accounts WHERE owner_kind = ? AND owner_id = ? AND currency = ?",
    )
    .bind(kind)
    .bind(id)
    .bind(currency.code())
    .fetch_optional(conn)
    .await
    .map_err(db_error)?;
    Ok(Money::new(minor.unwrap_or(0), currency))
}

/// Writes a transfer's entries and moves the balances. Must run inside a transaction that
/// the caller rolls back (or whose savepoint it rolls back) on `Err`: debits go first, so a
/// refusal happens before anything was written, but the caller owns atomicity.
pub async fn post(
    conn: &mut Conn,
    transfer_id: &str,
    currency: Currency,
    legs: &[Leg],
    now: i64,
) -> Result<Result<(), Refused>, AppError> {
    let sum: i128 = legs.iter().map(|leg| i128::from(leg.amount)).sum();
    if sum != 0 {
        return Err(AppError::Internal(anyhow::anyhow!("unbalanced transfer {transfer_id}: {sum}")));
    }
    let mut ordered: Vec<&Leg> = legs.iter().filter(|leg| leg.amount != 0).collect();
    ordered.sort_by_key(|leg| leg.amount); // debits (negative) first
    for leg in ordered {
        let account = account(conn, &leg.owner, currency).await?;
        let moved = sqlx::query(
            "UPDATE ledger_accounts SET balance = balance + ?1
             WHERE id = ?2 AND (may_go_negative = 1 OR balance + ?1 >= 0)",
        )
        .bind(leg.amount)
        .bind(account)
        .execute(&mut *conn)
        .await
        .map_err(db_error)?;
        if moved.rows_affected() == 0 {
            return Ok(Err(Refused::InsufficientFunds));
        }
        sqlx::query("INSERT INTO ledger_entries (transfer_id, account_id, amount, created_at) VALUES (?, ?, ?, ?)")
            .bind(transfer_id)
            .bind(account)
            .bind(leg.amount)
            .bind(now)
            .execute(&mut *conn)
            .await
            .map_err(db_error)?;
    }
    Ok(Ok(()))
}

/// What `check` found wrong; empty means the ledger is sound.
pub async fn check(db: &SqlitePool) -> anyhow::Result<Vec<String>> {
    let mut problems = Vec::new();
    let unbalanced: Vec<(String, i64)> = sqlx::query_as(
        "SELECT transfer_id, SUM(amount) FROM ledger_entries GROUP BY transfer_id HAVING SUM(amount) <> 0",
    )
    .fetch_all(db)
    .await?;
    for (transfer, sum) in unbalanced {
        problems.push(format!("transfer {transfer}: entries sum to {sum}, not 0"));
    }
    let mixed: Vec<(String,)> = sqlx::query_as(
        "SELECT e.transfer_id FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id
         GROUP BY e.transfer_id HAVING COUNT(DISTINCT a.currency) > 1",
    )
    .fetch_all(db)
    .await?;
    for (transfer,) in mixed {
        problems.push(format!("transfer {transfer}: entries in more than one currency"));
    }
    let drifted: Vec<(i64, String, String, String, i64, i64)> = sqlx::query_as(
        "SELECT a.id, a.owner_kind, a.owner_id, a.currency, a.balance, COALESCE(SUM(e.amount), 0)
         FROM ledger_accounts a LEFT JOIN ledger_entries e ON e.account_id = a.id
         GROUP BY a.id HAVING a.balance <> COALESCE(SUM(e.amount), 0)",
    )
    .fetch_all(db)
    .await?;
    for (id, kind, owner, currency, stored, entries) in drifted {
        problems.push(format!("account {id} ({kind} {owner} {currency}): stored {stored}, entries {entries}"));
    }
    let negative: Vec<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT id, owner_kind, owner_id, balance FROM ledger_accounts WHERE may_go_negative = 0 AND balance < 0",
    )
    .fetch_all(db)
    .await?;
    for (id, kind, owner, balance) in negative {
        problems.push(format!("account {id} ({kind} {owner}) is negative: {balance}"));
    }
    // A withdrawal has entries from its request on (the hold), whatever its state.
    let orphans: Vec<(String,)> = sqlx::query_as(
        "SELECT t.id FROM transfers t WHERE (t.status = 'completed' OR t.kind = 'withdrawal')
            AND NOT EXISTS (SELECT 1 FROM ledger_entries e WHERE e.transfer_id = t.id)
         UNION ALL
         SELECT DISTINCT e.transfer_id FROM ledger_entries e JOIN transfers t ON t.id = e.transfer_id
            WHERE t.status <> 'completed' AND t.kind <> 'withdrawal'",
    )
    .fetch_all(db)
    .await?;
    for (transfer,) in orphans {
        problems.push(format!("transfer {transfer}: its status and its entries disagree"));
    }
    problems.extend(check_holds(db).await?);
    Ok(problems)
}

/// Each user's held balance is exactly the totals of their withdrawals still on their way,
/// and each withdrawal's entries net to what its state says left the user.
async fn check_holds(db: &SqlitePool) -> anyhow::Result<Vec<String>> {
    let mut problems = Vec::new();
    let held: Vec<(String, String, i64, i64)> = sqlx::query_as(
        "SELECT a.owner_id, a.currency, a.balance,
            (SELECT COALESCE(SUM(t.amount + t.fee), 0) FROM withdrawals w JOIN transfers t ON t.id = w.id
             WHERE w.user_id = a.owner_id AND t.currency = a.currency
               AND w.state IN ('submitted', 'under_review', 'processing'))
         FROM ledger_accounts a WHERE a.owner_kind = 'held'",
    )
    .fetch_all(db)
    .await?;
    for (user, currency, balance, open) in held {
        if balance != open {
            problems.push(format!("held funds of {user} in {currency}: {balance}, withdrawals on their way: {open}"));
        }
    }
    let wrong: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT w.id, w.state, COALESCE(SUM(e.amount), 0) FROM withdrawals w
         JOIN transfers t ON t.id = w.id
         JOIN ledger_accounts a ON a.owner_kind = 'user' AND a.owner_id = w.user_id AND a.currency = t.currency
         LEFT JOIN ledger_entries e ON e.transfer_id = w.id AND e.account_id = a.id
         GROUP BY w.id
         HAVING COALESCE(SUM(e.amount), 0) <> CASE WHEN w.state IN ('rejected', 'cancelled') THEN 0 ELSE -(MAX(t.amount) + MAX(t.fee)) END",
    )
    .fetch_all(db)
    .await?;
    for (id, state, net) in wrong {
        problems.push(format!("withdrawal {id} ({state}): the user's balance moved by {net}"));
    }
    Ok(problems)
}
