//! Signing up, verifying the e-mail address, signing in (with a second factor when 2FA is
//! on), signing out, and the forgotten-password reset. None of these need a session.

use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use utoipa_axum::{router::OpenApiRouter, routes};
use wallet_api as json;
use wallet_api::{ErrorCode, MessageFacts, MessageKind, SignInResult};

use crate::accounts::codes::{self, Purpose};
use crate::accounts::sessions::{self, Authenticated, Client};
use crate::accounts::{guard, history, messages, password, secrets, two_factor, users};
use crate::mail::{self, Mail, Recipient};
use crate::startup::AppState;
use crate::AppError;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(sign_up))
        .routes(routes!(verify_email))
        .routes(routes!(resend_verification))
        .routes(routes!(sign_in))
        .routes(routes!(second_factor))
        .routes(routes!(sign_out))
        .routes(routes!(anti_phishing_phrase))
        .routes(routes!(forgot_password))
        .routes(routes!(reset_password))
}

/// The session cookie's token, if the browser sent one (`Parts` is all of a request but
/// its body).
pub struct PresentedToken(pub Option<String>);

impl axum::extract::FromRequestParts<AppState> for PresentedToken {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(PresentedToken(sessions::presented_token(parts, &state.config.security)))
    }
}

/// Starts a session and answers with its cookie and facts.
pub async fn signed_in(
    state: &AppState,
    user: &users::UserRow,
    client: &Client,
    previous: Option<&str>,
) -> Result<(sessions::SessionRow, String), AppError> {
    let now = state.clock.now();
    let known = history::is_known_device(&state.db, &user.id, client).await?;
    let (token, session) = sessions::start(state, &user.id, client, previous).await?;
    history::record(&state.db, &user.id, SignInResult::Success, client, now).await?;
    guard::clear(&state.db, &user.email).await?;
    let first_sign_in = !history_has_earlier_success(state, &user.id).await?;
    if !known && !first_sign_in {
        let facts = MessageFacts { ip: Some(client.ip.clone()), device: Some(client.user_agent.clone()), ..Default::default() };
        messages::notify(&state.db, now, user, MessageKind::NewDeviceSignIn, facts).await?;
    }
    Ok((session, token))
}

async fn history_has_earlier_success(state: &AppState, user_id: &str) -> Result<bool, AppError> {
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sign_in_events WHERE user_id = ? AND result = 'success'")
        .bind(user_id)
        .fetch_one(&state.db)
        .await
        .map_err(anyhow::Error::from)?;
    Ok(count > 1)
}

pub async fn session_response(
    state: &AppState,
    user: &users::UserRow,
    client: &Client,
    previous: Option<&str>,
) -> Result<(axum::http::HeaderValue, json::SessionInfo), AppError> {
    let (session, token) = signed_in(state, user, client, previous).await?;
    let user = users::by_id(&state.db, &user.id).await?;
    let info = sessions::info(state, &session, &user).await?;
    Ok((sessions::cookie(&state.config.security, &token), info))
}

fn recipient(user: &users::UserRow) -> Recipient<'_> {
    Recipient { email: &user.email, lang: user.lang(), anti_phishing_phrase: user.anti_phishing_phrase.as_deref() }
}

fn verification_sent(email: &str, expires_at: i64) -> (StatusCode, Json<json::VerificationSent>) {
    (StatusCode::ACCEPTED, Json(json::VerificationSent { sent_to: users::mask_email(email), expires_at }))
}

/// Create an account and e-mail a verification code.
#[utoipa::path(post, path = "/auth/sign-up", tag = "auth", request_body = json::SignUpRequest,
    responses((status = 202, body = json::VerificationSent), (status = 409, body = json::ApiError), (status = 422, body = json::ApiError)))]
#[tracing::instrument(skip_all)]
async fn sign_up(
    State(state): State<AppState>,
    Json(request): Json<json::SignUpRequest>,
) -> Result<(StatusCode, Json<json::VerificationSent>), AppError> {
    let email = users::parse_email(&request.email)?;
    let phone = users::parse_phone(&request.phone)?;
    let name = users::parse_display_name(&request.display_name)?;
    password::check_strength(&request.password, &[&email, &name, &phone])?;
    let existing = users::by_email(&state.db, &email).await?;
    if existing.as_ref().is_some_and(|u| u.email_verified_at.is_some()) {
        return Err(AppError::field(ErrorCode::EmailTaken, "email", "an account has this address"));
    }
    let now = state.clock.now();
    let hash = password::hash(request.password).await?;
    // An unverified sign-up may be started again: only the owner of the address can finish it.
    let id = existing.map(|u| u.id).unwrap_or_else(secrets::new_id);
    sqlx::query(
        "INSERT INTO users (id, email, phone, display_name, lang, password_hash, password_changed_at, created_at, wallet_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET phone = excluded.phone, display_name = excluded.display_name,
            lang = excluded.lang, password_hash = excluded.password_hash, password_changed_at = excluded.password_changed_at",
    )
    .bind(&id)
    .bind(&email)
    .bind(&phone)
    .bind(&name)
    .bind(request.lang.tag())
    .bind(&hash)
    .bind(now)
    .bind(now)
    .bind(users::new_wallet_id())
    .execute(&state.db)
    .await
    .map_err(anyhow::Error::from)?;
    let user = users::by_id(&state.db, &id).await?;
    let expires_at = send_code(&state, &user, Purpose::VerifyEmail).await?;
    Ok(verification_sent(&email, expires_at))
}

/// Issues a code for `purpose` and e-mails it; returns when it expires.
pub async fn send_code(state: &AppState, user: &users::UserRow, purpose: Purpose) -> Result<i64, AppError> {
    let now = state.clock.now();
    let rules = &state.config.security;
    let (code, expires_at) = codes::issue(&state.db, rules, &user.id, purpose, now).await?;
    let minutes = rules.email_code_secs / 60;
    let mail = match purpose {
        Purpose::VerifyEmail => Mail::VerifyEmail { code: &code, minutes },
        Purpose::ResetPassword => Mail::ResetPassword { code: &code, minutes },
        Purpose::Unlock => Mail::UnlockCode { code: &code, minutes },
    };
    mail::queue(&state.db, now, &recipient(user), mail).await?;
    Ok(expires_at)
}

/// Confirm the address with the e-mailed code; signs in.
#[utoipa::path(post, path = "/auth/verify-email", tag = "auth", request_body = json::VerifyEmailRequest,
    responses((status = 200, body = json::SessionInfo), (status = 422, body = json::ApiError)))]
#[tracing::instrument(skip_all)]
async fn verify_email(
    State(state): State<AppState>,
    client: Client,
    PresentedToken(previous): PresentedToken,
    Json(request): Json<json::VerifyEmailRequest>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    let user = users::by_email(&state.db, &request.email).await?.filter(|u| u.email_verified_at.is_none());
    codes::redeem(&state.db, user.as_ref().map(|u| u.id.as_str()), Purpose::VerifyEmail, &request.code, true, now).await?;
    let user = user.expect("redeem succeeds only for an account");
    sqlx::query("UPDATE users SET email_verified_at = ? WHERE id = ?").bind(now).bind(&user.id).execute(&state.db).await.map_err(anyhow::Error::from)?;
    messages::notify(&state.db, now, &user, MessageKind::Welcome, MessageFacts::default()).await?;
    let (cookie, info) = session_response(&state, &user, &client, previous.as_deref()).await?;
    Ok(([(SET_COOKIE, cookie)], Json(info)).into_response())
}

/// Send a new verification code. The answer is the same whether or not an account exists.
#[utoipa::path(post, path = "/auth/resend-verification", tag = "auth", request_body = json::EmailRequest,
    responses((status = 202, body = json::VerificationSent)))]
#[tracing::instrument(skip_all)]
async fn resend_verification(
    State(state): State<AppState>,
    Json(request): Json<json::EmailRequest>,
) -> Result<(StatusCode, Json<json::VerificationSent>), AppError> {
    let email = users::parse_email(&request.email)?;
    let mut expires_at = state.clock.now() + state.config.security.email_code_secs;
    if let Some(user) = users::by_email(&state.db, &email).await?.filter(|u| u.email_verified_at.is_none()) {
        expires_at = send_code(&state, &user, Purpose::VerifyEmail).await?;
    }
    Ok(verification_sent(&email, expires_at))
}

/// Sign in with e-mail and password. With 2FA on, the answer is a challenge for the code.
#[utoipa::path(post, path = "/auth/sign-in", tag = "auth", request_body = json::SignInRequest,
    responses((status = 200, body = json::SignInOutcome), (status = 401, body = json::ApiError),
        (status = 423, description = "Locked: `detail` says why and until when", body = json::ApiError),
        (status = 429, body = json::ApiError)))]
#[tracing::instrument(skip_all)]
async fn sign_in(
    State(state): State<AppState>,
    client: Client,
    PresentedToken(previous): PresentedToken,
    Json(request): Json<json::SignInRequest>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    let rules = &state.config.security;
    guard::check_ip(&state.db, rules, &client.ip, now).await?;
    let email = users::normalise_email(&request.email);
    let user = users::by_email(&state.db, &email).await?;
    if let Some(lock) = guard::lock_of(&state.db, &email, now).await? {
        if let Some(user) = &user {
            history::record(&state.db, &user.id, SignInResult::Locked, &client, now).await?;
        }
        return Err(lock.error());
    }
    if let Some(user) = &user {
        guard::check_account_hourly(&state.db, rules, &user.id, now).await?;
    }
    let stored = user.as_ref().map(|u| u.password_hash.clone());
    if !password::verify(request.password, stored).await? {
        return Err(failed_attempt(&state, &email, user.as_ref(), SignInResult::WrongPassword, &client).await?
            .unwrap_or_else(|| AppError::client(ErrorCode::InvalidCredentials, "wrong e-mail or password")));
    }
    let user = user.expect("a password only verifies for an account");
    if user.email_verified_at.is_none() {
        return Err(AppError::client(ErrorCode::EmailNotVerified, "verify the e-mail address first"));
    }
    if user.two_factor() {
        let challenge = secrets::new_token();
        let expires_at = now + rules.second_factor_secs;
        sqlx::query("INSERT INTO second_factor_challenges (token_hash, user_id, expires_at) VALUES (?, ?, ?)")
            .bind(secrets::hash(&challenge))
            .bind(&user.id)
            .bind(expires_at)
            .execute(&state.db)
            .await
            .map_err(anyhow::Error::from)?;
        return Ok(Json(json::SignInOutcome::SecondFactorRequired { challenge, expires_at }).into_response());
    }
    let (cookie, session) = session_response(&state, &user, &client, previous.as_deref()).await?;
    Ok(([(SET_COOKIE, cookie)], Json(json::SignInOutcome::SignedIn { session })).into_response())
}

/// Records a failed password or code. When it locks the account, tells the owner (message
/// and e-mail) and returns the lock's error.
pub async fn failed_attempt(
    state: &AppState,
    email: &str,
    user: Option<&users::UserRow>,
    result: SignInResult,
    client: &Client,
) -> Result<Option<AppError>, AppError> {
    let now = state.clock.now();
    if let Some(user) = user {
        history::record(&state.db, &user.id, result, client, now).await?;
    }
    let Some(lock) = guard::record_failure(&state.db, &state.config.security, email, &client.ip, now).await? else {
        return Ok(None);
    };
    if let Some(user) = user {
        sessions::end_all(&state.db, &user.id, None, now).await?;
        let facts = MessageFacts { until: Some(lock.until), ..Default::default() };
        messages::notify(&state.db, now, user, MessageKind::AccountLocked, facts).await?;
    }
    Ok(Some(lock.error()))
}

/// The second step of sign-in: a TOTP code or a recovery code.
#[utoipa::path(post, path = "/auth/second-factor", tag = "auth", request_body = json::SecondFactorRequest,
    responses((status = 200, body = json::SessionInfo), (status = 422, body = json::ApiError), (status = 423, body = json::ApiError)))]
#[tracing::instrument(skip_all)]
async fn second_factor(
    State(state): State<AppState>,
    client: Client,
    PresentedToken(previous): PresentedToken,
    Json(request): Json<json::SecondFactorRequest>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    guard::check_ip(&state.db, &state.config.security, &client.ip, now).await?;
    let user_id: Option<String> =
        sqlx::query_scalar("SELECT user_id FROM second_factor_challenges WHERE token_hash = ? AND expires_at > ?")
            .bind(secrets::hash(&request.challenge))
            .bind(now)
            .fetch_optional(&state.db)
            .await
            .map_err(anyhow::Error::from)?;
    let Some(user_id) = user_id else {
        return Err(AppError::client(ErrorCode::CodeExpired, "sign in again: the sign-in took too long"));
    };
    let user = users::by_id(&state.db, &user_id).await?;
    if let Some(lock) = guard::lock_of(&state.db, &user.email, now).await? {
        return Err(lock.error());
    }
    if let Err(refusal) = two_factor::check(&state.db, &user, request.kind, &request.code, now).await? {
        let locked = failed_attempt(&state, &user.email, Some(&user), refusal.history(), &client).await?;
        return Err(locked.unwrap_or_else(|| refusal.error()));
    }
    sqlx::query("DELETE FROM second_factor_challenges WHERE token_hash = ?")
        .bind(secrets::hash(&request.challenge))
        .execute(&state.db)
        .await
        .map_err(anyhow::Error::from)?;
    let (cookie, info) = session_response(&state, &user, &client, previous.as_deref()).await?;
    Ok(([(SET_COOKIE, cookie)], Json(info)).into_response())
}

/// End this session.
#[utoipa::path(post, path = "/auth/sign-out", tag = "auth", responses((status = 204)))]
#[tracing::instrument(skip_all)]
async fn sign_out(State(state): State<AppState>, auth: Authenticated) -> Result<Response, AppError> {
    sqlx::query("UPDATE sessions SET ended_at = ? WHERE id = ?")
        .bind(state.clock.now())
        .bind(&auth.session.id)
        .execute(&state.db)
        .await
        .map_err(anyhow::Error::from)?;
    Ok((StatusCode::NO_CONTENT, [(SET_COOKIE, sessions::clearing_cookie(&state.config.security))]).into_response())
}

/// The anti-phishing phrase to show on the sign-in page for this address.
#[utoipa::path(post, path = "/auth/anti-phishing-phrase", tag = "auth", request_body = json::EmailRequest,
    responses((status = 200, body = json::AntiPhishingPhrase)))]
#[tracing::instrument(skip_all)]
async fn anti_phishing_phrase(
    State(state): State<AppState>,
    Json(request): Json<json::EmailRequest>,
) -> Result<Json<json::AntiPhishingPhrase>, AppError> {
    let email = users::normalise_email(&request.email);
    let phrase = match users::by_email(&state.db, &email).await? {
        Some(user) => user.anti_phishing_phrase,
        None => crate::accounts::phrase::decoy_phrase(&state.db, &email).await?,
    };
    Ok(Json(json::AntiPhishingPhrase { phrase }))
}

/// E-mail a password-reset code. The answer is the same whether or not an account exists.
#[utoipa::path(post, path = "/auth/forgot-password", tag = "auth", request_body = json::EmailRequest,
    responses((status = 202, body = json::VerificationSent)))]
#[tracing::instrument(skip_all)]
async fn forgot_password(
    State(state): State<AppState>,
    Json(request): Json<json::EmailRequest>,
) -> Result<(StatusCode, Json<json::VerificationSent>), AppError> {
    let email = users::parse_email(&request.email)?;
    let mut expires_at = state.clock.now() + state.config.security.email_code_secs;
    if let Some(user) = users::by_email(&state.db, &email).await? {
        expires_at = send_code(&state, &user, Purpose::ResetPassword).await?;
    }
    Ok(verification_sent(&email, expires_at))
}

/// Set a new password with the e-mailed code. Every session is signed out.
#[utoipa::path(post, path = "/auth/reset-password", tag = "auth", request_body = json::ResetPasswordRequest,
    responses((status = 204), (status = 422, body = json::ApiError)))]
#[tracing::instrument(skip_all)]
async fn reset_password(
    State(state): State<AppState>,
    Json(request): Json<json::ResetPasswordRequest>,
) -> Result<StatusCode, AppError> {
    let now = state.clock.now();
    let user = users::by_email(&state.db, &request.email).await?;
    if let Some(user) = &user {
        password::check_strength(&request.new_password, &[&user.email, &user.display_name, &user.phone])?;
    }
    codes::redeem(&state.db, user.as_ref().map(|u| u.id.as_str()), Purpose::ResetPassword, &request.code, true, now).await?;
    let user = user.expect("redeem succeeds only for an account");
    let hash = password::hash(request.new_password).await?;
    users::set_password(&state.db, &user.id, &hash, now).await?;
    sessions::end_all(&state.db, &user.id, None, now).await?;
    messages::notify(&state.db, now, &user, MessageKind::PasswordChanged, MessageFacts::default()).await?;
    Ok(StatusCode::NO_CONTENT)
}
