//! The message centre, and `notify`, which tells a user about an event on their account in
//! the message centre and by e-mail at once.

use sqlx::{SqliteConnection, SqlitePool};
use wallet_api as json;
use wallet_api::{MessageFacts, MessageKind};

use super::secrets;
use super::users::UserRow;
use crate::mail::{self, Mail};
use crate::AppError;

/// Posts a message and queues its mail.
pub async fn notify(db: &SqlitePool, now: i64, user: &UserRow, kind: MessageKind, facts: MessageFacts) -> Result<(), AppError> {
    let mut conn = db.acquire().await.map_err(anyhow::Error::from)?;
    notify_on(&mut conn, now, user, kind, facts).await
}

/// As `notify`, on the caller's connection or transaction (a payment's notice is written in
/// the payment's own transaction).
pub async fn notify_on(conn: &mut SqliteConnection, now: i64, user: &UserRow, kind: MessageKind, facts: MessageFacts) -> Result<(), AppError> {
    sqlx::query("INSERT INTO messages (id, user_id, kind, at, facts) VALUES (?, ?, ?, ?, ?)")
        .bind(secrets::new_id())
        .bind(&user.id)
        .bind(kind_name(kind))
        .bind(now)
        .bind(serde_json::to_string(&facts).map_err(anyhow::Error::from)?)
        .execute(&mut *conn)
        .await
        .map_err(anyhow::Error::from)?;
    mail::queue(conn, now, &user.recipient(), Mail::Notice { kind, facts: &facts }).await?;
    Ok(())
}

fn kind_name(kind: MessageKind) -> String {
    serde_json::to_value(kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

#[derive(sqlx::FromRow)]
struct MessageRow {
    id: String,
    kind: String,
    at: i64,
    read_at: Option<i64>,
    facts: String,
}

pub async fn list(db: &SqlitePool, user_id: &str) -> Result<json::MessageList, AppError> {
    let rows: Vec<MessageRow> =
        sqlx::query_as("SELECT id, kind, at, read_at, facts FROM messages WHERE user_id = ? ORDER BY at DESC, rowid DESC LIMIT 200")
            .bind(user_id)
            .fetch_all(db)
            .await
            .map_err(anyhow::Error::from)?;
    let messages: Vec<json::Message> = rows
        .into_iter()
        .filter_map(|row| {
            Some(json::Message {
                kind: serde_json::from_value(serde_json::Value::String(row.kind)).ok()?,
                facts: serde_json::from_str(&row.facts).unwrap_or_default(),
                id: row.id,
                at: row.at,
                read: row.read_at.is_some(),
            })
        })
        .collect();
    Ok(json::MessageList { unread: unread(db, user_id).await?, messages })
}

pub async fn unread(db: &SqlitePool, user_id: &str) -> Result<u32, AppError> {
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM messages WHERE user_id = ? AND read_at IS NULL")
        .bind(user_id)
        .fetch_one(db)
        .await
        .map_err(anyhow::Error::from)?;
    Ok(count as u32)
}

/// Marks one message (or, with `None`, all of them) read; a message of another user is
/// "not found".
pub async fn mark_read(db: &SqlitePool, user_id: &str, id: Option<&str>, now: i64) -> Result<(), AppError> {
    let result = match id {
        Some(id) => sqlx::query("UPDATE messages SET read_at = COALESCE(read_at, ?) WHERE id = ? AND user_id = ?")
            .bind(now)
            .bind(id)
            .bind(user_id)
            .execute(db)
            .await,
        None => sqlx::query("UPDATE messages SET read_at = ? WHERE user_id = ? AND read_at IS NULL")
            .bind(now)
            .bind(user_id)
            .execute(db)
            .await,
    }
    .map_err(anyhow::Error::from)?;
    if id.is_some() && result.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}
