//! `Idempotency-Key`: the first answer to a key is stored with a hash of its request, in the
//! same database transaction as the money it moved. A retry with the same key and request
//! gets that answer again; the same key with another request is refused.

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use wallet_api::{ErrorCode, IDEMPOTENCY_HEADER};

use super::{db_error, Conn};
use crate::AppError;

/// How long a key's first answer is kept for retries.
pub const KEEP_SECS: i64 = 24 * 60 * 60;

pub async fn forget_before(db: &sqlx::SqlitePool, before: i64) -> Result<(), AppError> {
    sqlx::query("DELETE FROM idempotency_keys WHERE created_at < ?").bind(before).execute(db).await.map_err(db_error)?;
    Ok(())
}

/// The key a request carries: 1 to 100 visible ASCII characters.
pub fn key_of(headers: &HeaderMap) -> Result<String, AppError> {
    let key = headers.get(IDEMPOTENCY_HEADER).and_then(|v| v.to_str().ok()).map(str::trim).unwrap_or("");
    if key.is_empty() || key.len() > 100 || !key.chars().all(|c| c.is_ascii_graphic()) {
        return Err(AppError::field(
            ErrorCode::ValidationFailed,
            "idempotency_key",
            "an Idempotency-Key header (1-100 visible characters) is required",
        ));
    }
    Ok(key.to_string())
}

/// A fingerprint of what a request asks for: the endpoint and the fields that decide its
/// effect (not, for example, a 2FA code, which changes every 30 seconds).
pub fn fingerprint(endpoint: &str, meaning: &serde_json::Value) -> String {
    let digest = Sha256::digest(format!("{endpoint}\n{meaning}").as_bytes());
    data_encoding::HEXLOWER.encode(&digest)
}

/// A stored first answer.
pub struct Stored {
    pub status: u16,
    pub body: String,
}

impl IntoResponse for Stored {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::OK);
        (status, [(axum::http::header::CONTENT_TYPE, "application/json")], self.body).into_response()
    }
}

/// The answer stored for `key`, if any; refused when it was for another request.
pub async fn replay(conn: &mut Conn, user_id: &str, key: &str, fingerprint: &str) -> Result<Option<Stored>, AppError> {
    let row: Option<(String, i64, String)> =
        sqlx::query_as("SELECT request_hash, status, body FROM idempotency_keys WHERE user_id = ? AND key = ?")
            .bind(user_id)
            .bind(key)
            .fetch_optional(conn)
            .await
            .map_err(db_error)?;
    match row {
        None => Ok(None),
        Some((hash, _, _)) if hash != fingerprint => Err(AppError::field(
            ErrorCode::IdempotencyKeyReused,
            "idempotency_key",
            "this Idempotency-Key was used for a different request",
        )),
        Some((_, status, body)) => Ok(Some(Stored { status: status as u16, body })),
    }
}

pub async fn store(
    conn: &mut Conn,
    user_id: &str,
    key: &str,
    fingerprint: &str,
    answer: &Stored,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO idempotency_keys (user_id, key, request_hash, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(user_id)
    .bind(key)
    .bind(fingerprint)
    .bind(i64::from(answer.status))
    .bind(&answer.body)
    .bind(now)
    .execute(conn)
    .await
    .map_err(db_error)?;
    Ok(())
}

/// Runs a money-moving request exactly once per key: inside one `BEGIN IMMEDIATE`
/// transaction (writers queue, so concurrent requests with one key see each other), replays a
/// stored answer, or runs `effect` and stores its answer when it is final. `effect` answers
/// `Ok(value)` or an error; an error is final (stored, committed) when it recorded a failed
/// transaction, and otherwise rolled back and not stored, so the request can be corrected and
/// sent again with the same key. Besides the answer, tells what happened when it was not a
/// replay (to notify people after the commit).
pub async fn once<T, F>(
    db: &sqlx::SqlitePool,
    user_id: &str,
    key: &str,
    fingerprint: &str,
    now: i64,
    effect: F,
) -> Result<(Response, Option<Result<T, wallet_api::ApiError>>), AppError>
where
    T: serde::Serialize,
    F: for<'c> FnOnce(&'c mut Conn) -> futures::future::BoxFuture<'c, Result<T, AppError>>,
{
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await.map_err(db_error)?;
    if let Some(stored) = replay(&mut tx, user_id, key, fingerprint).await? {
        tx.commit().await.map_err(db_error)?;
        return Ok((stored.into_response(), None));
    }
    let (answer, fresh) = match effect(&mut tx).await {
        Ok(value) => {
            let body = serde_json::to_string(&value).map_err(anyhow::Error::from)?;
            (Stored { status: StatusCode::CREATED.as_u16(), body }, Ok(value))
        }
        Err(error) if error.is_recorded_failure() => {
            let body = serde_json::to_string(&error.body()).map_err(anyhow::Error::from)?;
            (Stored { status: error.status_code().as_u16(), body }, Err(error.body()))
        }
        Err(error) => {
            tx.rollback().await.map_err(db_error)?;
            return Err(error);
        }
    };
    store(&mut tx, user_id, key, fingerprint, &answer, now).await?;
    tx.commit().await.map_err(db_error)?;
    Ok((answer.into_response(), Some(fresh)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_key_older_than_a_day_is_forgotten_and_a_newer_one_kept() {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::db::connect(&dir.path().join("wallet.db")).await.unwrap();
        sqlx::query(
            "INSERT INTO users (id, email, phone, display_name, lang, password_hash, password_changed_at, created_at)
             VALUES ('u', 'u@example.com', '+8613800000000', 'U', 'en', 'x', 0, 0)",
        )
        .execute(&db)
        .await
        .unwrap();
        let answer = Stored { status: 201, body: "{}".into() };
        let mut conn = db.acquire().await.unwrap();
        store(&mut conn, "u", "old", "f", &answer, 1_000).await.unwrap();
        store(&mut conn, "u", "new", "f", &answer, 1_000 + KEEP_SECS).await.unwrap();

        forget_before(&db, 1_001).await.unwrap();

        assert!(replay(&mut conn, "u", "old", "f").await.unwrap().is_none(), "the old key is free again");
        assert!(replay(&mut conn, "u", "new", "f").await.unwrap().is_some());
    }
}
