//! Sign-ups waiting for their e-mailed code. Each attempt is kept on its own, with its own
//! code: a second sign-up for the same address never changes another attempt, and only an
//! attempt's own code turns it into an account. The browser that started an attempt holds its
//! token (only its hash is stored) and sends it back with the code.

use sqlx::SqliteConnection;

use super::secrets;
use super::users::{self, UserRow};
use crate::AppError;

/// A pending sign-up lives as long as a day; its code, only `email_code_secs`.
const PENDING_SECS: i64 = 24 * 60 * 60;

fn db(error: sqlx::Error) -> AppError {
    AppError::Internal(error.into())
}

pub struct NewSignUp<'a> {
    pub email: &'a str,
    pub phone: &'a str,
    pub display_name: &'a str,
    pub lang: &'a str,
    pub password_hash: &'a str,
}

/// Keeps a new attempt under the token the browser will hold.
pub async fn start(conn: &mut SqliteConnection, token: &str, sign_up: &NewSignUp<'_>, now: i64) -> Result<(), AppError> {
    let id = subject_of(token);
    sqlx::query(
        "INSERT INTO pending_sign_ups (id, email, phone, display_name, lang, password_hash, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(sign_up.email)
    .bind(sign_up.phone)
    .bind(sign_up.display_name)
    .bind(sign_up.lang)
    .bind(sign_up.password_hash)
    .bind(now)
    .bind(now + PENDING_SECS)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok(())
}

/// The code subject of an attempt token.
pub fn subject_of(token: &str) -> String {
    format!("sign-up:{}", secrets::hash(token))
}

/// The live attempts for `email`, newest first; only the one `token` names when one is given.
pub async fn live(conn: &mut SqliteConnection, email: &str, token: Option<&str>, now: i64) -> Result<Vec<String>, AppError> {
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM pending_sign_ups WHERE email = ? AND expires_at > ? ORDER BY created_at DESC, rowid DESC",
    )
    .bind(email)
    .bind(now)
    .fetch_all(conn)
    .await
    .map_err(db)?;
    Ok(match token {
        Some(token) => ids.into_iter().filter(|id| *id == subject_of(token)).collect(),
        None => ids,
    })
}

/// The newest live attempt's password hash, to tell its owner (who knows that password) that
/// the address is not verified yet.
pub async fn newest_password_hash(conn: &mut SqliteConnection, email: &str, now: i64) -> Result<Option<String>, AppError> {
    sqlx::query_scalar(
        "SELECT password_hash FROM pending_sign_ups WHERE email = ? AND expires_at > ? ORDER BY created_at DESC, rowid DESC LIMIT 1",
    )
    .bind(email)
    .bind(now)
    .fetch_optional(conn)
    .await
    .map_err(db)
}

/// What an attempt's mail needs: the name it was made for and its language.
pub async fn name_and_lang(conn: &mut SqliteConnection, id: &str) -> Result<(String, String), AppError> {
    sqlx::query_as("SELECT display_name, lang FROM pending_sign_ups WHERE id = ?").bind(id).fetch_one(conn).await.map_err(db)
}

/// Makes the verified attempt `id` into an account (verified now) and drops every other
/// attempt for its address. `None` when the address got an account in the meantime.
pub async fn complete(conn: &mut SqliteConnection, id: &str, now: i64) -> Result<Option<UserRow>, AppError> {
    let mut tx = sqlx::Connection::begin(&mut *conn).await.map_err(db)?;
    let Some(email): Option<String> =
        sqlx::query_scalar("SELECT email FROM pending_sign_ups WHERE id = ?").bind(id).fetch_optional(&mut *tx).await.map_err(db)?
    else {
        return Ok(None);
    };
    let verified: Option<i64> = sqlx::query_scalar("SELECT 1 FROM users WHERE email = ? AND email_verified_at IS NOT NULL")
        .bind(&email)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?;
    if verified.is_some() {
        return Ok(None);
    }
    // An unverified account from before pending sign-ups existed gives way to this one.
    sqlx::query("DELETE FROM users WHERE email = ? AND email_verified_at IS NULL").bind(&email).execute(&mut *tx).await.map_err(db)?;
    let user_id = secrets::new_id();
    sqlx::query(
        "INSERT INTO users (id, email, phone, display_name, lang, password_hash, password_changed_at, created_at,
            email_verified_at, wallet_id)
         SELECT ?, email, phone, display_name, lang, password_hash, ?, ?, ?, ? FROM pending_sign_ups WHERE id = ?",
    )
    .bind(&user_id)
    .bind(now)
    .bind(now)
    .bind(now)
    .bind(users::new_wallet_id())
    .bind(id)
    .execute(&mut *tx)
    .await
    .map_err(db)?;
    sqlx::query("DELETE FROM pending_sign_ups WHERE email = ?").bind(&email).execute(&mut *tx).await.map_err(db)?;
    tx.commit().await.map_err(db)?;
    Ok(Some(users::by_id(&mut *conn, &user_id).await?))
}

/// Forgets attempts past their lifetime.
pub async fn forget_expired(pool: &sqlx::SqlitePool, now: i64) -> Result<(), AppError> {
    sqlx::query("DELETE FROM pending_sign_ups WHERE expires_at <= ?").bind(now).execute(pool).await.map_err(db)?;
    Ok(())
}
