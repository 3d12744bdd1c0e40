//! Demo money: merchants (one with its payment interface down) and a starting balance for
//! each demo account, topped up through the ledger like any other top-up.

use sqlx::SqlitePool;
use wallet_api::{Currency, Money};

use super::top_ups::{self, NewTopUp};
use super::transfers;

const MERCHANTS: [(&str, &str, &str, &str, &str); 3] = [
    ("M10001", "Lantern Coffee", "available", "+86 21 5555 0101", "pay@lantern-coffee.example"),
    ("M10002", "Harbour Books", "unavailable", "+86 21 5555 0102", "help@harbour-books.example"),
    ("M10003", "Sunrise Mobile", "available", "+86 21 5555 0103", "billing@sunrise-mobile.example"),
];

/// Each demo account's bank accounts, past their cooling-off: (ID suffix, currency, number,
/// routing number). In demo mode the payout processor has the bank refuse the one ending in
/// 0002 and take far longer than expected for the one ending in 0003.
pub const BANK_ACCOUNTS: [(&str, &str, &str, Option<&str>); 4] = [
    ("CNY1", "CNY", "622202100000040001", None),
    ("CNY2", "CNY", "622202100000030002", None),
    ("CNY3", "CNY", "622202100000020003", None),
    ("USD1", "USD", "123456789", Some("021000021")),
];

const STARTING_BALANCES: [Money; 2] = [Money::new(200_000, Currency::CNY), Money::new(30_000, Currency::USD)];

pub async fn seed_merchants(db: &SqlitePool) -> anyhow::Result<()> {
    for (id, name, status, phone, email) in MERCHANTS {
        sqlx::query(
            "INSERT OR IGNORE INTO merchants (id, name, status, contact_phone, contact_email) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(name)
        .bind(status)
        .bind(phone)
        .bind(email)
        .execute(db)
        .await?;
    }
    Ok(())
}

/// Tops a new demo account up with the starting balances, from the test card.
pub async fn fund(db: &SqlitePool, user_id: &str, now: i64) -> anyhow::Result<()> {
    for amount in STARTING_BALANCES {
        let mut tx = db.begin_with("BEGIN IMMEDIATE").await?;
        let id = transfers::new_transaction_id();
        let top_up = NewTopUp {
            id: &id,
            status: "completed",
            user_id,
            card_last4: "4242",
            amount,
            failure: None,
            settles_at: None,
        };
        top_ups::insert(&mut tx, &top_up, now).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        top_ups::credit(&mut tx, user_id, &id, amount, now).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        tx.commit().await?;
    }
    Ok(())
}

/// Gives a new demo account its bank accounts, added two days ago (past the cooling-off);
/// the first is the default.
pub async fn add_bank_accounts(db: &SqlitePool, user_id: &str, holder_name: &str, now: i64) -> anyhow::Result<()> {
    let added = now - 2 * 24 * 60 * 60;
    for (index, (suffix, currency, number, routing)) in BANK_ACCOUNTS.into_iter().enumerate() {
        sqlx::query(
            "INSERT INTO bank_accounts (id, user_id, currency, holder_name, account_number, routing_number, is_default,
                created_at, usable_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(format!("B{}{suffix}", &user_id[..8].to_ascii_uppercase()))
        .bind(user_id)
        .bind(currency)
        .bind(holder_name)
        .bind(number)
        .bind(routing)
        .bind(index == 0)
        .bind(added)
        .bind(added)
        .execute(db)
        .await?;
    }
    Ok(())
}
