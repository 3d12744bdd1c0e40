//! Anti-phishing phrases for addresses without an account. The sign-in page shows a phrase
//! once an e-mail is typed; if unknown addresses showed nothing, the page would tell anyone
//! which addresses have accounts. So an unknown address gets a made-up phrase, the same one
//! every time (a keyed hash of the address), and sometimes none, as real accounts do.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use sqlx::SqlitePool;

use super::secrets;
use crate::AppError;

const WORDS: &[&str] = &[
    "amber", "harbour", "lantern", "maple", "orchid", "pebble", "quartz", "river", "saffron", "meadow", "cedar",
    "comet", "falcon", "garnet", "island", "jasmine", "koala", "lotus", "nectar", "olive", "panda", "willow",
    "蓝天", "青山", "明月", "春风", "白云", "星河", "松柏", "竹林",
];

pub async fn decoy_phrase(db: &SqlitePool, email: &str) -> Result<Option<String>, AppError> {
    let key = decoy_key(db).await?;
    let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("any key length");
    mac.update(email.as_bytes());
    let digest = mac.finalize().into_bytes();
    if digest[0] % 3 == 0 {
        return Ok(None);
    }
    let word = |i: usize| WORDS[digest[i] as usize % WORDS.len()];
    Ok(Some(format!("{} {} {}", word(1), word(2), digest[3] % 100)))
}

/// A random key made once per database, so decoys are stable and cannot be computed elsewhere.
async fn decoy_key(db: &SqlitePool) -> Result<String, AppError> {
    sqlx::query("INSERT OR IGNORE INTO meta (key, value) VALUES ('decoy_key', ?)")
        .bind(secrets::new_token())
        .execute(db)
        .await
        .map_err(anyhow::Error::from)?;
    let key: String = sqlx::query_scalar("SELECT value FROM meta WHERE key = 'decoy_key'")
        .fetch_one(db)
        .await
        .map_err(anyhow::Error::from)?;
    Ok(key)
}
