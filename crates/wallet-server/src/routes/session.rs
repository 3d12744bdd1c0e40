//! The current session, re-authentication, and the list of the user's sessions.

use axum::extract::{Path, State};
use axum::http::header::SET_COOKIE;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use utoipa_axum::{router::OpenApiRouter, routes};
use wallet_api as json;
use wallet_api::{ErrorCode, SecondFactorKind, SignInResult};

use crate::accounts::sessions::{self, Authenticated, Client};
use crate::accounts::{guard, two_factor};
use crate::state::AppState;
use crate::AppError;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(current))
        .routes(routes!(reauth))
        .routes(routes!(list))
        .routes(routes!(end_one))
        .routes(routes!(sign_out_others))
}

/// Who is signed in, and this session's CSRF token and timeouts.
/// Signed out (or a session that has ended) is `{ "session": null }`, not an error.
#[utoipa::path(get, path = "/session", tag = "session", responses((status = 200, body = json::CurrentSession)))]
#[tracing::instrument(skip_all)]
async fn current(
    State(state): State<AppState>,
    auth: Result<Authenticated, AppError>,
) -> Result<Json<json::CurrentSession>, AppError> {
    let session = match auth {
        Ok(auth) => Some(sessions::info(&state, &auth.session, &auth.user).await?),
        Err(AppError::Client { code: ErrorCode::Unauthenticated | ErrorCode::SessionExpired, .. }) => None,
        Err(other) => return Err(other),
    };
    Ok(Json(json::CurrentSession { session }))
}

/// Confirm the password (and a 2FA code when 2FA is on) before a sensitive change.
#[utoipa::path(post, path = "/session/reauth", tag = "session", request_body = json::ReauthRequest,
    responses((status = 200, body = json::ReauthGranted), (status = 401, body = json::ApiError), (status = 423, body = json::ApiError)))]
#[tracing::instrument(skip_all)]
async fn reauth(
    State(state): State<AppState>,
    client: Client,
    auth: Authenticated,
    Json(request): Json<json::ReauthRequest>,
) -> Result<Json<json::ReauthGranted>, AppError> {
    let now = state.clock.now();
    let user = &auth.user;
    let mut conn = state.db.acquire().await.map_err(anyhow::Error::from)?;
    let attempt = guard::begin(&mut conn, &state.config.security, &user.email, &client.ip, now).await?;
    drop(conn); // not held while waiting for the hashing pool
    let (right, attempt, mut conn) =
        guard::check_password(&state.db, attempt, request.password, Some(user.password_hash.clone())).await?;
    if !right {
        let wrong = AppError::field(ErrorCode::InvalidCredentials, "password", "wrong password");
        return Err(guard::refused(&mut conn, now, Some(user), SignInResult::WrongPassword, &client, attempt, wrong).await?);
    }
    if user.two_factor() {
        let Some(code) = request.code.filter(|c| !c.trim().is_empty()) else {
            attempt.passed(&mut conn).await?;
            return Err(AppError::field(ErrorCode::InvalidCode, "code", "enter the code from your authenticator app"));
        };
        // A recovery code stands in for the authenticator (a lost phone must still be able to
        // turn 2FA off or re-enrol); it is spent like at sign-in.
        let kind = if code.trim().chars().all(|c| c.is_ascii_digit()) {
            SecondFactorKind::Totp
        } else {
            SecondFactorKind::RecoveryCode
        };
        if let Err(refusal) = two_factor::check(&state.db, state.config.security.key(), user, kind, &code, now).await? {
            return Err(guard::refused(&mut conn, now, Some(user), refusal.history(), &client, attempt, refusal.error()).await?);
        }
    }
    attempt.succeeded(&mut conn).await?;
    let until = now + state.config.security.reauth_secs;
    sqlx::query("UPDATE sessions SET reauth_until = ? WHERE id = ?")
        .bind(until)
        .bind(&auth.session.id)
        .execute(&state.db)
        .await
        .map_err(anyhow::Error::from)?;
    Ok(Json(json::ReauthGranted { until }))
}

#[derive(sqlx::FromRow)]
struct SessionListRow {
    id: String,
    user_agent: String,
    ip: String,
    created_at: i64,
    last_used_at: i64,
    new_device: bool,
}

/// The user's live sessions, this one first.
#[utoipa::path(get, path = "/sessions", tag = "session", responses((status = 200, body = Vec<json::SessionSummary>)))]
#[tracing::instrument(skip_all)]
async fn list(State(state): State<AppState>, auth: Authenticated) -> Result<Json<Vec<json::SessionSummary>>, AppError> {
    let now = state.clock.now();
    let rules = &state.config.security;
    let rows: Vec<SessionListRow> = sqlx::query_as(
        "SELECT id, user_agent, ip, created_at, last_used_at, new_device FROM sessions
         WHERE user_id = ? AND ended_at IS NULL AND expires_at > ? AND last_used_at > ?
         ORDER BY last_used_at DESC",
    )
    .bind(&auth.user.id)
    .bind(now)
    .bind(now - rules.idle_timeout_secs)
    .fetch_all(&state.db)
    .await
    .map_err(anyhow::Error::from)?;
    let mut list: Vec<json::SessionSummary> = rows
        .into_iter()
        .map(|row| json::SessionSummary {
            current: row.id == auth.session.id,
            new_device: row.new_device && row.id != auth.session.id,
            id: row.id,
            device: row.user_agent,
            ip: row.ip,
            created_at: row.created_at,
            last_used_at: row.last_used_at,
        })
        .collect();
    list.sort_by_key(|s| !s.current);
    Ok(Json(list))
}

/// Sign out one session (another device, or this one).
#[utoipa::path(delete, path = "/sessions/{id}", tag = "session", params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = json::ApiError)))]
#[tracing::instrument(skip_all)]
async fn end_one(State(state): State<AppState>, auth: Authenticated, Path(id): Path<String>) -> Result<Response, AppError> {
    let ended = sqlx::query("UPDATE sessions SET ended_at = ? WHERE id = ? AND user_id = ? AND ended_at IS NULL")
        .bind(state.clock.now())
        .bind(&id)
        .bind(&auth.user.id)
        .execute(&state.db)
        .await
        .map_err(anyhow::Error::from)?;
    if ended.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    if id == auth.session.id {
        return Ok((StatusCode::NO_CONTENT, [(SET_COOKIE, sessions::clearing_cookie(&state.config.security))]).into_response());
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Sign out every session but this one.
#[utoipa::path(post, path = "/sessions/sign-out-others", tag = "session", responses((status = 204)))]
#[tracing::instrument(skip_all)]
async fn sign_out_others(State(state): State<AppState>, auth: Authenticated) -> Result<StatusCode, AppError> {
    sessions::end_all(&state.db, &auth.user.id, Some(&auth.session.id), state.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
