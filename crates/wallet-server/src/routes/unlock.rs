//! Self-service unlock (an e-mailed code plus the phone's last 4 digits, then a new
//! password) and the help centre's lock diagnosis. Neither tells a stranger whether an
//! account exists.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use utoipa_axum::{router::OpenApiRouter, routes};
use wallet_api as json;
use wallet_api::{ErrorCode, LockStatus, MessageFacts, MessageKind};

use crate::accounts::codes::{self, Purpose};
use crate::accounts::sessions::{self, Client};
use crate::accounts::{guard, messages, password, secrets, users};
use crate::state::AppState;
use crate::AppError;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(start))
        .routes(routes!(verify))
        .routes(routes!(complete))
        .routes(routes!(lock_status))
}

/// E-mail an unlock code if the account is locked. The answer is always the same.
#[utoipa::path(post, path = "/unlock/start", tag = "unlock", request_body = json::EmailRequest,
    responses((status = 202, body = json::VerificationSent)))]
#[tracing::instrument(skip_all)]
async fn start(
    State(state): State<AppState>,
    Json(request): Json<json::EmailRequest>,
) -> Result<(StatusCode, Json<json::VerificationSent>), AppError> {
    let email = users::parse_email(&request.email)?;
    let now = state.clock.now();
    let rules = &state.config.security;
    let mut conn = state.db.acquire().await.map_err(anyhow::Error::from)?;
    let locked = guard::lock_of(&mut conn, &email, now).await?.is_some();
    let expires_at = match users::by_email(&mut *conn, &email).await?.filter(|_| locked) {
        Some(user) => codes::send(&mut conn, rules, &user, Purpose::Unlock, now).await?,
        None => codes::send_nothing(&mut conn, rules, &email, Purpose::Unlock, now).await?,
    };
    Ok((StatusCode::ACCEPTED, Json(json::VerificationSent { sent_to: users::mask_email(&email), expires_at, attempt: None })))
}

/// The e-mailed code and the last 4 digits of the registered phone prove who you are.
#[utoipa::path(post, path = "/unlock/verify", tag = "unlock", request_body = json::UnlockVerifyRequest,
    responses((status = 200, body = json::UnlockTicket), (status = 422, body = json::ApiError)))]
#[tracing::instrument(skip_all)]
async fn verify(
    State(state): State<AppState>,
    client: Client,
    Json(request): Json<json::UnlockVerifyRequest>,
) -> Result<Json<json::UnlockTicket>, AppError> {
    let now = state.clock.now();
    let rules = &state.config.security;
    let email = users::normalise_email(&request.email);
    let mut conn = state.db.acquire().await.map_err(anyhow::Error::from)?;
    let ip_try = guard::IpTry::take(&mut conn, rules, &client.ip, now).await?;
    let user = users::by_email(&mut *conn, &email).await?;
    let phone_right = user.as_ref().is_some_and(|u| secrets::constant_time_eq(&u.phone_last4(), request.phone_last4.trim()));
    let redeemed = codes::redeem(&mut conn, std::slice::from_ref(&email), Purpose::Unlock, &request.code, phone_right, now).await;
    if let Err(error) = redeemed {
        ip_try.keep();
        return Err(error);
    }
    ip_try.give_back(&mut conn).await?;
    let Some(user) = user else {
        return Err(AppError::field(ErrorCode::CodeExpired, "code", "the code has expired"));
    };
    let ticket = secrets::new_token();
    let expires_at = now + rules.email_code_secs;
    sqlx::query("INSERT INTO unlock_tickets (token_hash, user_id, expires_at) VALUES (?, ?, ?)")
        .bind(secrets::hash(&ticket))
        .bind(&user.id)
        .bind(expires_at)
        .execute(&state.db)
        .await
        .map_err(anyhow::Error::from)?;
    Ok(Json(json::UnlockTicket { ticket, expires_at }))
}

/// A new password ends the lock; every session is signed out.
#[utoipa::path(post, path = "/unlock/complete", tag = "unlock", request_body = json::UnlockCompleteRequest,
    responses((status = 204), (status = 422, body = json::ApiError)))]
#[tracing::instrument(skip_all)]
async fn complete(
    State(state): State<AppState>,
    Json(request): Json<json::UnlockCompleteRequest>,
) -> Result<StatusCode, AppError> {
    let now = state.clock.now();
    let user_id: Option<String> = sqlx::query_scalar(
        "SELECT user_id FROM unlock_tickets WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?",
    )
    .bind(secrets::hash(&request.ticket))
    .bind(now)
    .fetch_optional(&state.db)
    .await
    .map_err(anyhow::Error::from)?;
    let Some(user_id) = user_id else {
        return Err(AppError::client(ErrorCode::CodeExpired, "start the unlock again"));
    };
    let user = users::by_id(&state.db, &user_id).await?;
    password::check_strength(&request.new_password, &[&user.email, &user.display_name, &user.phone])?;
    let hash = password::hash(request.new_password).await?;
    sqlx::query("UPDATE unlock_tickets SET used_at = ? WHERE token_hash = ?")
        .bind(now)
        .bind(secrets::hash(&request.ticket))
        .execute(&state.db)
        .await
        .map_err(anyhow::Error::from)?;
    users::set_password(&state.db, &user.id, &hash, now).await?;
    sqlx::query("UPDATE users SET suggest_two_factor = ? WHERE id = ?")
        .bind(!user.two_factor())
        .bind(&user.id)
        .execute(&state.db)
        .await
        .map_err(anyhow::Error::from)?;
    guard::clear(&mut *state.db.acquire().await.map_err(anyhow::Error::from)?, &user.email).await?;
    sessions::end_all(&state.db, &user.id, None, now).await?;
    messages::notify(&state.db, now, &user, MessageKind::AccountUnlocked, MessageFacts::default()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The help centre's diagnosis: the lock state, told only when the e-mail and the phone's
/// last 4 digits both match an account. A missing account and a wrong phone get the same
/// `unconfirmed`, and each such answer counts against the client's address.
#[utoipa::path(post, path = "/help/lock-status", tag = "unlock", request_body = json::LockStatusRequest,
    responses((status = 200, body = json::LockStatus), (status = 429, body = json::ApiError)))]
#[tracing::instrument(skip_all)]
async fn lock_status(
    State(state): State<AppState>,
    client: Client,
    Json(request): Json<json::LockStatusRequest>,
) -> Result<Json<LockStatus>, AppError> {
    let now = state.clock.now();
    let mut conn = state.db.acquire().await.map_err(anyhow::Error::from)?;
    let ip_try = guard::IpTry::take(&mut conn, &state.config.security, &client.ip, now).await?;
    let user = users::by_email(&mut *conn, &request.email).await?;
    let Some(user) = user.filter(|u| secrets::constant_time_eq(&u.phone_last4(), request.phone_last4.trim())) else {
        ip_try.keep();
        return Ok(Json(LockStatus::Unconfirmed));
    };
    ip_try.give_back(&mut conn).await?;
    Ok(Json(match guard::lock_of(&mut conn, &user.email, now).await? {
        Some(lock) => LockStatus::Locked { reason: lock.reason, until: lock.until },
        None if user.email_verified_at.is_none() => LockStatus::EmailNotVerified,
        None => LockStatus::NotLocked,
    }))
}
