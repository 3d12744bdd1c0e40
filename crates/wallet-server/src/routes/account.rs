//! The signed-in user's security: check-up, sign-in history, anti-phishing phrase, password
//! and two-factor authentication. Changes to the password and 2FA need a recent
//! re-authentication (`POST /session/reauth`).

use axum::extract::{Path, State};
use axum::http::header::SET_COOKIE;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use utoipa_axum::{router::OpenApiRouter, routes};
use wallet_api as json;
use wallet_api::{ErrorCode, MessageFacts, MessageKind};

use crate::accounts::codes::Purpose;
use crate::accounts::sessions::{self, Authenticated};
use crate::accounts::totp::{self, TotpCheck};
use crate::accounts::{history, messages, password, two_factor, users};
use crate::state::AppState;
use crate::AppError;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(checkup))
        .routes(routes!(sign_ins))
        .routes(routes!(report_sign_in))
        .routes(routes!(set_phrase))
        .routes(routes!(set_preferences))
        .routes(routes!(change_password))
        .routes(routes!(enrol))
        .routes(routes!(confirm))
        .routes(routes!(disable))
        .routes(routes!(regenerate_codes))
}

const RECENT_SIGN_INS: i64 = 5;
const HISTORY_LENGTH: i64 = 50;
const PHRASE_MAX_CHARS: usize = 40;

/// The security check-up.
#[utoipa::path(get, path = "/account/security", tag = "account", responses((status = 200, body = json::SecurityCheckup)))]
#[tracing::instrument(skip_all)]
async fn checkup(State(state): State<AppState>, auth: Authenticated) -> Result<Json<json::SecurityCheckup>, AppError> {
    let now = state.clock.now();
    let rules = &state.config.security;
    // The session asking is never counted as another device: its owner is the one looking.
    let (active, new_devices): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(new_device AND id <> ?4), 0) FROM sessions
         WHERE user_id = ?1 AND ended_at IS NULL AND expires_at > ?2 AND last_used_at > ?3",
    )
    .bind(&auth.user.id)
    .bind(now)
    .bind(now - rules.idle_timeout_secs)
    .bind(&auth.session.id)
    .fetch_one(&state.db)
    .await
    .map_err(anyhow::Error::from)?;
    Ok(Json(json::SecurityCheckup {
        two_factor: auth.user.two_factor(),
        recovery_codes_left: users::recovery_codes_left(&state.db, &auth.user.id).await?,
        password_changed_at: auth.user.password_changed_at,
        active_sessions: active as u32,
        new_device_sessions: new_devices as u32,
        recent_sign_ins: history::recent(&state.db, &auth.user.id, RECENT_SIGN_INS).await?,
        anti_phishing_phrase: auth.user.anti_phishing_phrase.clone(),
    }))
}

/// Every recent sign-in attempt on the account.
#[utoipa::path(get, path = "/account/sign-ins", tag = "account", responses((status = 200, body = Vec<json::SignInEvent>)))]
#[tracing::instrument(skip_all)]
async fn sign_ins(State(state): State<AppState>, auth: Authenticated) -> Result<Json<Vec<json::SignInEvent>>, AppError> {
    Ok(Json(history::recent(&state.db, &auth.user.id, HISTORY_LENGTH).await?))
}

/// "This wasn't me": signs out every session (this one too) and e-mails a password-reset code.
#[utoipa::path(post, path = "/account/sign-ins/{id}/not-me", tag = "account", params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = json::ApiError)))]
#[tracing::instrument(skip_all)]
async fn report_sign_in(State(state): State<AppState>, auth: Authenticated, Path(id): Path<String>) -> Result<Response, AppError> {
    let now = state.clock.now();
    if !history::report(&state.db, &auth.user.id, &id).await? {
        return Err(AppError::NotFound);
    }
    sessions::end_all(&state.db, &auth.user.id, None, now).await?;
    let mut conn = state.db.acquire().await.map_err(anyhow::Error::from)?;
    crate::accounts::codes::send(&mut conn, &state.config.security, &auth.user, Purpose::ResetPassword, state.clock.now()).await?;
    messages::notify(&state.db, now, &auth.user, MessageKind::SignInReported, MessageFacts::default()).await?;
    Ok((StatusCode::NO_CONTENT, [(SET_COOKIE, sessions::clearing_cookie(&state.config.security))]).into_response())
}

/// Set (or, with an empty phrase, remove) the anti-phishing phrase (after re-authentication:
/// whoever holds a session must not be able to copy-proof a phishing mail by changing it).
#[utoipa::path(put, path = "/account/anti-phishing-phrase", tag = "account", request_body = json::AntiPhishingRequest,
    responses((status = 204), (status = 403, body = json::ApiError), (status = 422, body = json::ApiError)))]
#[tracing::instrument(skip_all)]
async fn set_phrase(
    State(state): State<AppState>,
    auth: Authenticated,
    Json(request): Json<json::AntiPhishingRequest>,
) -> Result<StatusCode, AppError> {
    auth.require_recent_reauth(state.clock.now())?;
    let phrase = request.phrase.trim();
    if phrase.chars().count() > PHRASE_MAX_CHARS || phrase.chars().any(char::is_control) {
        return Err(AppError::field(ErrorCode::ValidationFailed, "phrase", "at most 40 characters"));
    }
    sqlx::query("UPDATE users SET anti_phishing_phrase = ? WHERE id = ?")
        .bind((!phrase.is_empty()).then_some(phrase))
        .bind(&auth.user.id)
        .execute(&state.db)
        .await
        .map_err(anyhow::Error::from)?;
    Ok(StatusCode::NO_CONTENT)
}

/// The language the account's mails and messages are written in (the one picked in the app)
/// and the browser's time zone for the times they give. A zone this server does not know is
/// refused at its field.
#[utoipa::path(put, path = "/account/preferences", tag = "account", request_body = json::PreferencesRequest,
    responses((status = 204), (status = 422, body = json::ApiError)))]
#[tracing::instrument(skip_all)]
async fn set_preferences(
    State(state): State<AppState>,
    auth: Authenticated,
    Json(request): Json<json::PreferencesRequest>,
) -> Result<StatusCode, AppError> {
    if request.time_zone.as_deref().is_some_and(|zone| !crate::zone::is_known(zone)) {
        return Err(AppError::field(ErrorCode::ValidationFailed, "time_zone", "not a time zone this server knows"));
    }
    let mut conn = state.db.acquire().await.map_err(anyhow::Error::from)?;
    sqlx::query("UPDATE users SET lang = ? WHERE id = ?")
        .bind(request.lang.tag())
        .bind(&auth.user.id)
        .execute(&mut *conn)
        .await
        .map_err(anyhow::Error::from)?;
    users::remember_time_zone(&mut conn, &auth.user.id, request.time_zone.as_deref()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Change the password (after re-authentication). Other sessions are signed out.
#[utoipa::path(post, path = "/account/password", tag = "account", request_body = json::ChangePasswordRequest,
    responses((status = 204), (status = 403, body = json::ApiError), (status = 422, body = json::ApiError)))]
#[tracing::instrument(skip_all)]
async fn change_password(
    State(state): State<AppState>,
    auth: Authenticated,
    Json(request): Json<json::ChangePasswordRequest>,
) -> Result<StatusCode, AppError> {
    let now = state.clock.now();
    auth.require_recent_reauth(now)?;
    let user = &auth.user;
    password::check_strength(&request.new_password, &[&user.email, &user.display_name, &user.phone])?;
    let hash = password::hash(request.new_password).await?;
    users::set_password(&state.db, &user.id, &hash, now).await?;
    sessions::end_all(&state.db, &user.id, Some(&auth.session.id), now).await?;
    messages::notify(&state.db, now, user, MessageKind::PasswordChanged, MessageFacts::default()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Start (or restart, with a new secret) 2FA enrolment; not active until confirmed.
#[utoipa::path(post, path = "/account/two-factor/enrol", tag = "account",
    responses((status = 200, body = json::TwoFactorEnrolment), (status = 403, body = json::ApiError)))]
#[tracing::instrument(skip_all)]
async fn enrol(State(state): State<AppState>, auth: Authenticated) -> Result<Json<json::TwoFactorEnrolment>, AppError> {
    auth.require_recent_reauth(state.clock.now())?;
    let secret = totp::new_secret();
    sqlx::query("UPDATE users SET totp_pending_secret = ? WHERE id = ?")
        .bind(state.config.security.key().seal(&secret))
        .bind(&auth.user.id)
        .execute(&state.db)
        .await
        .map_err(anyhow::Error::from)?;
    let otpauth_uri = totp::otpauth_uri(&state.config.security.totp_issuer, &auth.user.email, &secret);
    Ok(Json(json::TwoFactorEnrolment { secret, otpauth_uri }))
}

/// The first code from the authenticator app turns 2FA on; answers the recovery codes.
#[utoipa::path(post, path = "/account/two-factor/confirm", tag = "account", request_body = json::CodeRequest,
    responses((status = 200, body = json::RecoveryCodes), (status = 409, body = json::ApiError), (status = 422, body = json::ApiError)))]
#[tracing::instrument(skip_all)]
async fn confirm(
    State(state): State<AppState>,
    auth: Authenticated,
    Json(request): Json<json::CodeRequest>,
) -> Result<Json<json::RecoveryCodes>, AppError> {
    let now = state.clock.now();
    let pending = auth.user.totp_pending_secret.as_deref().and_then(|sealed| state.config.security.key().open(sealed));
    let Some(pending) = pending else {
        return Err(AppError::client(ErrorCode::Conflict, "start the enrolment first"));
    };
    let TotpCheck::Accepted { step } = totp::check(&pending, &request.code, now, None) else {
        return Err(AppError::field(ErrorCode::InvalidCode, "code", "the code is not right"));
    };
    sqlx::query(
        "UPDATE users SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, totp_last_step = ?,
            suggest_two_factor = 0 WHERE id = ?",
    )
    .bind(step)
    .bind(&auth.user.id)
    .execute(&state.db)
    .await
    .map_err(anyhow::Error::from)?;
    let codes = two_factor::new_recovery_codes(&state.db, state.config.security.key(), &auth.user.id).await?;
    messages::notify(&state.db, now, &auth.user, MessageKind::TwoFactorEnabled, MessageFacts::default()).await?;
    Ok(Json(json::RecoveryCodes { codes }))
}

/// Turn 2FA off (after re-authentication); the recovery codes go with it.
#[utoipa::path(post, path = "/account/two-factor/disable", tag = "account",
    responses((status = 204), (status = 403, body = json::ApiError), (status = 409, body = json::ApiError)))]
#[tracing::instrument(skip_all)]
async fn disable(State(state): State<AppState>, auth: Authenticated) -> Result<StatusCode, AppError> {
    let now = state.clock.now();
    auth.require_recent_reauth(now)?;
    if !auth.user.two_factor() {
        return Err(AppError::client(ErrorCode::Conflict, "2FA is not on"));
    }
    sqlx::query("UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL, totp_last_step = NULL WHERE id = ?")
        .bind(&auth.user.id)
        .execute(&state.db)
        .await
        .map_err(anyhow::Error::from)?;
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = ?").bind(&auth.user.id).execute(&state.db).await.map_err(anyhow::Error::from)?;
    messages::notify(&state.db, now, &auth.user, MessageKind::TwoFactorDisabled, MessageFacts::default()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Ten new recovery codes (after re-authentication); the old ones stop working.
#[utoipa::path(post, path = "/account/recovery-codes", tag = "account",
    responses((status = 200, body = json::RecoveryCodes), (status = 403, body = json::ApiError), (status = 409, body = json::ApiError)))]
#[tracing::instrument(skip_all)]
async fn regenerate_codes(State(state): State<AppState>, auth: Authenticated) -> Result<Json<json::RecoveryCodes>, AppError> {
    let now = state.clock.now();
    auth.require_recent_reauth(now)?;
    if !auth.user.two_factor() {
        return Err(AppError::client(ErrorCode::Conflict, "2FA is not on"));
    }
    let codes = two_factor::new_recovery_codes(&state.db, state.config.security.key(), &auth.user.id).await?;
    messages::notify(&state.db, now, &auth.user, MessageKind::RecoveryCodesRegenerated, MessageFacts::default()).await?;
    Ok(Json(json::RecoveryCodes { codes }))
}
