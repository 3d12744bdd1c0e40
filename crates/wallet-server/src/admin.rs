//! `wallet-server admin ...`: operator commands on the database.

use crate::accounts::users;
use crate::clock::{Clock, SystemClock};
use crate::config::{AdminCommand, WithdrawalsCommand};
use crate::wallet::ledger;
use crate::wallet::withdrawals::stages::{self, Processor};
use crate::{db, Config};

/// Runs one command; `Ok(false)` when it found a problem (the process exits non-zero).
pub async fn run(config: &Config, command: &AdminCommand) -> anyhow::Result<bool> {
    run_at(config, command, SystemClock.now()).await
}

/// As `run`, at the time `now` (tests run it on their server's manual clock).
pub async fn run_at(config: &Config, command: &AdminCommand, now: i64) -> anyhow::Result<bool> {
    let db = db::connect(&config.database).await?;
    match command {
        AdminCommand::Withdrawals(command) => withdrawals(config, &db, command, now).await,
        AdminCommand::CheckLedger => {
            let problems = ledger::check(&db).await?;
            let (transfers, entries): (i64, i64) = sqlx::query_as(
                "SELECT (SELECT COUNT(*) FROM transfers WHERE status = 'completed'), (SELECT COUNT(*) FROM ledger_entries)",
            )
            .fetch_one(&db)
            .await?;
            for problem in &problems {
                println!("ledger problem: {problem}");
            }
            if problems.is_empty() {
                println!("ledger ok: {transfers} completed transfers, {entries} entries, every balance equals its entries");
            }
            Ok(problems.is_empty())
        }
        AdminCommand::Restrict { email, scope, reason_code, reason } => {
            let user = users::by_email(&db, email).await?.ok_or_else(|| anyhow::anyhow!("no account has {email}"))?;
            sqlx::query("INSERT INTO restrictions (user_id, scope, reason_code, reason, created_at) VALUES (?, ?, ?, ?, ?)")
                .bind(&user.id)
                .bind(scope)
                .bind(reason_code)
                .bind(reason)
                .bind(now)
                .execute(&db)
                .await?;
            println!("restricted {email}: {scope}");
            Ok(true)
        }
        AdminCommand::Lift { email } => {
            let user = users::by_email(&db, email).await?.ok_or_else(|| anyhow::anyhow!("no account has {email}"))?;
            let lifted = sqlx::query("UPDATE restrictions SET lifted_at = ? WHERE user_id = ? AND lifted_at IS NULL")
                .bind(now)
                .bind(&user.id)
                .execute(&db)
                .await?;
            println!("lifted {} restriction(s) of {email}", lifted.rows_affected());
            Ok(true)
        }
        AdminCommand::MerchantStatus { id, status } => {
            let updated = sqlx::query("UPDATE merchants SET status = ? WHERE id = ?").bind(status).bind(id).execute(&db).await?;
            anyhow::ensure!(updated.rows_affected() == 1, "no merchant has the ID {id}");
            println!("merchant {id} is now {status}");
            Ok(true)
        }
    }
}

async fn withdrawals(config: &Config, db: &sqlx::SqlitePool, command: &WithdrawalsCommand, now: i64) -> anyhow::Result<bool> {
    match command {
        WithdrawalsCommand::List { all } => {
            let rows: Vec<(String, String, String, String, i64, i64, bool)> = sqlx::query_as(
                "SELECT w.id, u.email, w.state, t.currency, t.amount, w.submitted_at, w.needs_review
                 FROM withdrawals w JOIN transfers t ON t.id = w.id JOIN users u ON u.id = w.user_id
                 WHERE w.state IN ('submitted', 'under_review', 'processing') AND (?1 OR (w.needs_review = 1 AND w.state <> 'processing'))
                 ORDER BY w.submitted_at",
            )
            .bind(*all)
            .fetch_all(db)
            .await?;
            for (id, email, state, currency, amount, at, review) in &rows {
                let money = wallet_api::Money::new(*amount, wallet_api::Currency::parse(currency).unwrap_or(wallet_api::Currency::CNY));
                let waits = if *review && state != "processing" { " (waits for review)" } else { "" };
                println!("{id}  {email}  {} {}  {state}{waits}  since {}", currency, money.format_number(), crate::zone::utc_text(*at));
            }
            println!("{} withdrawal(s)", rows.len());
            Ok(true)
        }
        WithdrawalsCommand::Approve { id } => {
            let processor = Processor { config: config.withdrawals.clone(), demo: config.demo };
            processor.approve(db, id.trim(), now).await?;
            println!("withdrawal {id} approved: processing");
            Ok(true)
        }
        WithdrawalsCommand::Reject { id, reason } => {
            let reason = wallet_api::RejectionReason::parse(reason).ok_or_else(|| anyhow::anyhow!("unknown reason {reason}"))?;
            stages::reject(db, id.trim(), reason, now).await?;
            println!("withdrawal {id} rejected ({}): funds returned", reason.as_str());
            Ok(true)
        }
    }
}
