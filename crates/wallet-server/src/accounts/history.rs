//! The sign-in history: every attempt on an account, with its result, address and browser.

use sqlx::SqlitePool;
use wallet_api as json;
use wallet_api::SignInResult;

use super::secrets;
use super::sessions::Client;
use crate::AppError;

fn result_name(result: SignInResult) -> &'static str {
    match result {
        SignInResult::Success => "success",
        SignInResult::WrongPassword => "wrong_password",
        SignInResult::WrongCode => "wrong_code",
        SignInResult::ReplayedCode => "replayed_code",
        SignInResult::Locked => "locked",
    }
}

fn result_of(name: &str) -> SignInResult {
    match name {
        "success" => SignInResult::Success,
        "wrong_code" => SignInResult::WrongCode,
        "replayed_code" => SignInResult::ReplayedCode,
        "locked" => SignInResult::Locked,
        _ => SignInResult::WrongPassword,
    }
}

pub async fn record(db: &SqlitePool, user_id: &str, result: SignInResult, client: &Client, now: i64) -> Result<(), AppError> {
    let mut conn = db.acquire().await.map_err(anyhow::Error::from)?;
    record_on(&mut conn, user_id, result, client, now).await
}

pub async fn record_on(conn: &mut sqlx::SqliteConnection, user_id: &str, result: SignInResult, client: &Client, now: i64) -> Result<(), AppError> {
    sqlx::query("INSERT INTO sign_in_events (id, user_id, at, result, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(secrets::new_id())
        .bind(user_id)
        .bind(now)
        .bind(result_name(result))
        .bind(&client.ip)
        .bind(&client.user_agent)
        .execute(conn)
        .await
        .map_err(anyhow::Error::from)?;
    Ok(())
}

/// Whether this browser on this address has signed in to the account before.
pub async fn is_known_device(db: &SqlitePool, user_id: &str, client: &Client) -> Result<bool, AppError> {
    let seen: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sign_in_events WHERE user_id = ? AND result = 'success' AND ip = ? AND user_agent = ?",
    )
    .bind(user_id)
    .bind(&client.ip)
    .bind(&client.user_agent)
    .fetch_one(db)
    .await
    .map_err(anyhow::Error::from)?;
    Ok(seen > 0)
}

#[derive(sqlx::FromRow)]
struct EventRow {
    id: String,
    at: i64,
    result: String,
    ip: String,
    user_agent: String,
    reported: bool,
}

pub async fn recent(db: &SqlitePool, user_id: &str, limit: i64) -> Result<Vec<json::SignInEvent>, AppError> {
    let rows: Vec<EventRow> = sqlx::query_as(
        "SELECT id, at, result, ip, user_agent, reported FROM sign_in_events WHERE user_id = ? ORDER BY at DESC, rowid DESC LIMIT ?",
    )
    .bind(user_id)
    .bind(limit)
    .fetch_all(db)
    .await
    .map_err(anyhow::Error::from)?;
    Ok(rows
        .into_iter()
        .map(|row| json::SignInEvent {
            id: row.id,
            at: row.at,
            result: result_of(&row.result),
            ip: row.ip,
            device: row.user_agent,
            reported: row.reported,
        })
        .collect())
}

/// Marks a successful sign-in of this user as reported; `false` when there is none with `id`.
pub async fn report(db: &SqlitePool, user_id: &str, id: &str) -> Result<bool, AppError> {
    let result = sqlx::query("UPDATE sign_in_events SET reported = 1 WHERE id = ? AND user_id = ? AND result = 'success'")
        .bind(id)
        .bind(user_id)
        .execute(db)
        .await
        .map_err(anyhow::Error::from)?;
    Ok(result.rows_affected() == 1)
}
