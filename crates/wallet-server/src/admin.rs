//! `wallet-server admin ...`: operator commands on the database.

use crate::accounts::users;
use crate::clock::{Clock, SystemClock};
use crate::config::AdminCommand;
use crate::wallet::ledger;
use crate::{db, Config};

/// Runs one command; `Ok(false)` when it found a problem (the process exits non-zero).
pub async fn run(config: &Config, command: &AdminCommand) -> anyhow::Result<bool> {
    let db = db::connect(&config.database).await?;
    let now = SystemClock.now();
    match command {
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
