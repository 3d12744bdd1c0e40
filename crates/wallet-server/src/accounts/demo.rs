//! Demo accounts for `--demo`: one without 2FA and one with it, whose TOTP secret is fixed
//! and printed at start-up so anyone trying the demo can add it to an authenticator app.

use sqlx::SqlitePool;

use super::{password, secrets, two_factor};

pub const PASSWORD: &str = "Lantern-Harbour-Sunrise-42";
pub const PLAIN_EMAIL: &str = "demo@wallet.example";
pub const TWO_FACTOR_EMAIL: &str = "demo-2fa@wallet.example";
/// Base32; any authenticator app accepts it typed in by hand.
pub const TOTP_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const PHONE: &str = "+8613800000000";

/// Creates the demo accounts when missing and returns what to print about them.
pub async fn seed(db: &SqlitePool, now: i64) -> anyhow::Result<Vec<String>> {
    let hash = password::hash(PASSWORD.to_string()).await?;
    for (email, name, secret) in [(PLAIN_EMAIL, "Demo User", None), (TWO_FACTOR_EMAIL, "Demo 2FA User", Some(TOTP_SECRET))] {
        let id = secrets::new_id();
        let created = sqlx::query(
            "INSERT OR IGNORE INTO users (id, email, phone, display_name, lang, password_hash, password_changed_at,
                email_verified_at, totp_secret, created_at) VALUES (?, ?, ?, ?, 'en', ?, ?, ?, ?, ?)",
        )
        .bind(&id)
        .bind(email)
        .bind(PHONE)
        .bind(name)
        .bind(&hash)
        .bind(now)
        .bind(now)
        .bind(secret)
        .bind(now)
        .execute(db)
        .await?;
        if created.rows_affected() == 1 && secret.is_some() {
            two_factor::new_recovery_codes(db, &id).await?;
        }
    }
    Ok(vec![
        format!("demo account without 2FA: {PLAIN_EMAIL} / {PASSWORD}"),
        format!("demo account with 2FA:    {TWO_FACTOR_EMAIL} / {PASSWORD}, TOTP secret {TOTP_SECRET}"),
        "demo e-mail outbox: /api/v1/demo/outbox".to_string(),
    ])
}
