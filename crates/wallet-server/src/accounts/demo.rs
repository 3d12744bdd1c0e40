//! Demo accounts for `--demo`: one without 2FA and one with it, whose TOTP secret is fixed
//! and printed at start-up so anyone trying the demo can add it to an authenticator app.

use sqlx::SqlitePool;

use super::{password, secrets, two_factor};

pub const PASSWORD: &str = "Lantern-Harbour-Sunrise-42";
pub const PLAIN_EMAIL: &str = "demo@wallet.example";
pub const TWO_FACTOR_EMAIL: &str = "demo-2fa@wallet.example";
/// Someone to pay: a third account with a Chinese name.
pub const FRIEND_EMAIL: &str = "friend@wallet.example";
/// Base32; any authenticator app accepts it typed in by hand.
pub const TOTP_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const PHONE: &str = "+8613800000000";

/// Creates the demo accounts when missing and returns what to print about them.
pub async fn seed(db: &SqlitePool, key: &super::secrets::SecretKey, now: i64) -> anyhow::Result<Vec<String>> {
    let hash = password::hash(PASSWORD.to_string()).await?;
    let accounts = [
        (PLAIN_EMAIL, "Demo User", None),
        (TWO_FACTOR_EMAIL, "Demo 2FA User", Some(TOTP_SECRET)),
        (FRIEND_EMAIL, "张三丰", None),
    ];
    crate::wallet::demo::seed_merchants(db).await?;
    for (email, name, secret) in accounts {
        let id = secrets::new_id();
        let created = sqlx::query(
            "INSERT OR IGNORE INTO users (id, email, phone, display_name, lang, password_hash, password_changed_at,
                email_verified_at, totp_secret, created_at, wallet_id) VALUES (?, ?, ?, ?, 'en', ?, ?, ?, ?, ?, ?)",
        )
        .bind(&id)
        .bind(email)
        .bind(PHONE)
        .bind(name)
        .bind(&hash)
        .bind(now)
        .bind(now)
        .bind(secret.map(|secret| key.seal(secret)))
        .bind(now)
        .bind(super::users::new_wallet_id())
        .execute(db)
        .await?;
        if created.rows_affected() == 1 {
            if secret.is_some() {
                two_factor::new_recovery_codes(db, key, &id).await?;
            }
            crate::wallet::demo::fund(db, &id, now).await?;
            crate::wallet::demo::add_bank_accounts(db, &id, name, now).await?;
        }
    }
    Ok(vec![
        format!("demo account without 2FA: {PLAIN_EMAIL} / {PASSWORD}"),
        format!("demo account with 2FA:    {TWO_FACTOR_EMAIL} / {PASSWORD}, TOTP secret {TOTP_SECRET}"),
        format!("demo account to pay:      {FRIEND_EMAIL} / {PASSWORD}"),
        "demo merchants: M10001 Lantern Coffee, M10002 Harbour Books (payment interface down), M10003 Sunrise Mobile".to_string(),
        "demo test cards: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined, 4000 0000 0000 9995 times out".to_string(),
        "demo bank accounts (each demo account): CNY 6222 0210 0000 0400 01, CNY ...0002 (the bank rejects withdrawals), CNY ...0003 (withdrawals run late), USD 123456789 routing 021000021".to_string(),
        "demo e-mail outbox: /api/v1/demo/outbox".to_string(),
    ])
}
