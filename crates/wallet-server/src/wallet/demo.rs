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
