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
use wallet_api::{ErrorCode, ErrorDetail, MessageFacts, MessageKind, SignInResult};

use crate::accounts::codes::{self, Purpose};
use crate::accounts::sessions::{self, Authenticated, Client};
use crate::accounts::{guard, history, messages, password, secrets, sign_ups, two_factor, users};
use crate::mail::{self, Mail, Recipient};
use crate::state::AppState;
use crate::AppError;
use crate::config::SecurityConfig;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(sign_up))
        .routes(routes!(verify_email))
        .routes(routes!(resend_verification))
        .routes(routes!(sign_in))
        .routes(routes!(second_factor))
        .routes(routes!(sign_out))
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
    let first_sign_in = !history_has_earlier_success(state, &user.id).await?;
    if !known && !first_sign_in {
        sqlx::query("UPDATE sessions SET new_device = 1 WHERE id = ?")
            .bind(&session.id)
            .execute(&state.db)
            .await
            .map_err(anyhow::Error::from)?;
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

fn verification_sent(email: &str, expires_at: i64, attempt: Option<String>) -> (StatusCode, Json<json::VerificationSent>) {
    (StatusCode::ACCEPTED, Json(json::VerificationSent { sent_to: users::mask_email(email), expires_at, attempt }))
}

async fn connection(state: &AppState) -> Result<sqlx::pool::PoolConnection<sqlx::Sqlite>, AppError> {
    Ok(state.db.acquire().await.map_err(anyhow::Error::from)?)
}

/// Start a sign-up and e-mail its verification code. The answer is the same whether or not
/// the address has an account: its owner is told by mail instead.
#[utoipa::path(post, path = "/auth/sign-up", tag = "auth", request_body = json::SignUpRequest,
    responses((status = 202, body = json::VerificationSent), (status = 422, body = json::ApiError),
        (status = 429, body = json::ApiError), (status = 503, body = json::ApiError)))]
#[tracing::instrument(skip_all)]
async fn sign_up(
    State(state): State<AppState>,
    Json(request): Json<json::SignUpRequest>,
) -> Result<(StatusCode, Json<json::VerificationSent>), AppError> {
    let email = users::parse_email(&request.email)?;
    let phone = users::parse_phone(&request.phone)?;
    let name = users::parse_display_name(&request.display_name)?;
    password::check_strength(&request.password, &[&email, &name, &phone])?;
    let now = state.clock.now();
    let rules = &state.config.security;
    // Hashed either way, so both answers take as long.
    let hash = password::hash(request.password).await?;
    let mut conn = connection(&state).await?;
    let owner = users::by_email(&mut *conn, &email).await?.filter(|u| u.email_verified_at.is_some());
    // A taken address gets a sign-up attempt and a code like any other (so what follows,
    // resend and verify included, answers alike), but the mail tells its owner instead, and
    // the attempt can never complete.
    let token = secrets::new_token();
    let subject = sign_ups::subject_of(&token);
    let (code, expires_at) = codes::issue(&mut conn, rules, &subject, &email, Purpose::VerifyEmail, now).await?;
    let attempt = sign_ups::NewSignUp { email: &email, phone: &phone, display_name: &name, lang: request.lang.tag(), password_hash: &hash };
    sign_ups::start(&mut conn, &token, &attempt, now).await?;
    match owner {
        Some(owner) => mail::queue(&mut conn, now, &owner.recipient(), Mail::AlreadyRegistered).await?,
        None => {
            let to = Recipient { email: &email, lang: request.lang, anti_phishing_phrase: None, time_zone: None };
            let mail = Mail::VerifyEmail { code: &code, minutes: rules.email_code_secs / 60, name: &name };
            mail::queue(&mut conn, now, &to, mail).await?;
        }
    }
    Ok(verification_sent(&email, expires_at, Some(token)))
}

/// Confirm the address with the e-mailed code: the sign-up the code was sent for (the one
/// `attempt` names, when given) becomes the account, and is signed in.
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
    let email = users::normalise_email(&request.email);
    let mut conn = connection(&state).await?;
    let attempts = sign_ups::live(&mut conn, &email, request.attempt.as_deref(), now).await?;
    let spent = codes::redeem(&mut conn, &attempts, Purpose::VerifyEmail, &request.code, true, now).await?;
    let Some(mut user) = sign_ups::complete(&mut conn, &spent.subject, now).await? else {
        return Err(AppError::field(ErrorCode::CodeExpired, "code", "this sign-up can no longer be completed"));
    };
    // The welcome mail below already goes out in this zone.
    if let Some(zone) = users::remember_time_zone(&mut conn, &user.id, request.time_zone.as_deref()).await? {
        user.time_zone = Some(zone);
    }
    messages::notify_on(&mut *conn, now, &user, MessageKind::Welcome, MessageFacts::default()).await?;
    drop(conn);
    let (cookie, info) = session_response(&state, &user, &client, previous.as_deref()).await?;
    Ok(([(SET_COOKIE, cookie)], Json(info)).into_response())
}

/// Send a new verification code for the sign-up `attempt` names (or the newest one). The
/// answer is the same whether or not there is one.
#[utoipa::path(post, path = "/auth/resend-verification", tag = "auth", request_body = json::ResendVerificationRequest,
    responses((status = 202, body = json::VerificationSent), (status = 422, body = json::ApiError), (status = 429, body = json::ApiError)))]
#[tracing::instrument(skip_all)]
async fn resend_verification(
    State(state): State<AppState>,
    Json(request): Json<json::ResendVerificationRequest>,
) -> Result<(StatusCode, Json<json::VerificationSent>), AppError> {
    let email = users::parse_email(&request.email)?;
    let now = state.clock.now();
    let rules = &state.config.security;
    let mut conn = connection(&state).await?;
    let attempts = sign_ups::live(&mut conn, &email, request.attempt.as_deref(), now).await?;
    let Some(subject) = attempts.first() else {
        let expires_at = codes::send_nothing(&mut conn, rules, &email, Purpose::VerifyEmail, now).await?;
        return Ok(verification_sent(&email, expires_at, request.attempt));
    };
    let (code, expires_at) = codes::issue(&mut conn, rules, subject, &email, Purpose::VerifyEmail, now).await?;
    if users::by_email(&mut *conn, &email).await?.is_some_and(|u| u.email_verified_at.is_some()) {
        // The owner was told at sign-up; no code that could only confuse them.
        return Ok(verification_sent(&email, expires_at, request.attempt));
    }
    let (name, lang) = sign_ups::name_and_lang(&mut conn, subject).await?;
    let to = Recipient { email: &email, lang: json::Lang::from_tag(&lang).unwrap_or(json::Lang::En), anti_phishing_phrase: None, time_zone: None };
    mail::queue(&mut conn, now, &to, Mail::VerifyEmail { code: &code, minutes: rules.email_code_secs / 60, name: &name }).await?;
    Ok(verification_sent(&email, expires_at, request.attempt))
}

/// Sign in with e-mail and password. With 2FA on, the answer is a challenge for the code,
/// with the account's anti-phishing phrase (the password is proved by then).
#[utoipa::path(post, path = "/auth/sign-in", tag = "auth", request_body = json::SignInRequest,
    responses((status = 200, body = json::SignInOutcome), (status = 401, body = json::ApiError),
        (status = 403, description = "The e-mail address is not verified yet", body = json::ApiError),
        (status = 423, description = "Locked: `detail` says why and until when", body = json::ApiError),
        (status = 429, body = json::ApiError), (status = 503, description = "Busy: `Retry-After` says when to try again", body = json::ApiError)))]
#[tracing::instrument(skip_all)]
async fn sign_in(
    State(state): State<AppState>,
    client: Client,
    PresentedToken(previous): PresentedToken,
    Json(request): Json<json::SignInRequest>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    let rules = &state.config.security;
    let email = users::normalise_email(&request.email);
    let mut conn = connection(&state).await?;
    let user = users::by_email(&mut *conn, &email).await?;
    if let Some(user) = &user {
        guard::check_account_hourly(&mut conn, rules, &user.id, now).await?;
    }
    let attempt = match guard::begin(&mut conn, rules, &email, &client.ip, now).await {
        Ok(attempt) => attempt,
        Err(refusal) => {
            if let (Some(user), AppError::Client { code: ErrorCode::AccountLocked, .. }) = (&user, &refusal) {
                history::record_on(&mut *conn, &user.id, SignInResult::Locked, &client, now).await?;
            }
            return Err(refusal);
        }
    };
    // An address still waiting for verification is checked against its newest sign-up, so
    // the person who made it (and knows its password) is told to verify.
    let stored = match &user {
        Some(user) => Some(user.password_hash.clone()),
        None => sign_ups::newest_password_hash(&mut conn, &email, now).await?,
    };
    drop(conn); // not held while waiting for the hashing pool
    let (right, attempt, mut conn) = guard::check_password(&state.db, attempt, request.password, stored).await?;
    if !right {
        let wrong = wrong_credentials(rules, &attempt);
        return Err(guard::refused(&mut conn, now, user.as_ref(), SignInResult::WrongPassword, &client, attempt, wrong).await?);
    }
    let Some(user) = user.filter(|u| u.email_verified_at.is_some()) else {
        attempt.passed(&mut conn).await?;
        return Err(AppError::client(ErrorCode::EmailNotVerified, "verify the e-mail address first"));
    };
    // The password is proved: this device's zone is the account's from now on.
    users::remember_time_zone(&mut conn, &user.id, request.time_zone.as_deref()).await?;
    if user.two_factor() {
        attempt.passed(&mut conn).await?;
        let challenge = secrets::new_token();
        let expires_at = now + rules.second_factor_secs;
        sqlx::query("INSERT INTO second_factor_challenges (token_hash, user_id, expires_at) VALUES (?, ?, ?)")
            .bind(secrets::hash(&challenge))
            .bind(&user.id)
            .bind(expires_at)
            .execute(&mut *conn)
            .await
            .map_err(anyhow::Error::from)?;
        let anti_phishing_phrase = user.anti_phishing_phrase.clone();
        return Ok(Json(json::SignInOutcome::SecondFactorRequired { challenge, expires_at, anti_phishing_phrase }).into_response());
    }
    attempt.succeeded(&mut conn).await?;
    drop(conn);
    let (cookie, session) = session_response(&state, &user, &client, previous.as_deref()).await?;
    Ok(([(SET_COOKIE, cookie)], Json(json::SignInOutcome::SignedIn { session })).into_response())
}

/// `INVALID_CREDENTIALS`; once few tries are left before the lock, with how many (counted per
/// address whether or not it has an account, so the count tells nothing about accounts).
fn wrong_credentials(rules: &SecurityConfig, attempt: &guard::Attempt) -> AppError {
    let wrong = AppError::client(ErrorCode::InvalidCredentials, "wrong e-mail or password");
    let left = attempt.left_after(rules);
    if left == 0 || left > WARN_WHEN_LEFT {
        return wrong;
    }
    wrong.with_detail(ErrorDetail::AttemptsLeft { attempts_left: left as u32, lock_minutes: (rules.lock_secs / 60) as u32 })
}

/// From this many tries left on, a wrong password says how many remain.
const WARN_WHEN_LEFT: i64 = 2;

/// The second step of sign-in: a TOTP code or a recovery code.
#[utoipa::path(post, path = "/auth/second-factor", tag = "auth", request_body = json::SecondFactorRequest,
    responses((status = 200, body = json::SessionInfo), (status = 422, body = json::ApiError),
        (status = 423, body = json::ApiError), (status = 429, body = json::ApiError)))]
#[tracing::instrument(skip_all)]
async fn second_factor(
    State(state): State<AppState>,
    client: Client,
    PresentedToken(previous): PresentedToken,
    Json(request): Json<json::SecondFactorRequest>,
) -> Result<Response, AppError> {
    let now = state.clock.now();
    let mut conn = connection(&state).await?;
    let user_id: Option<String> =
        sqlx::query_scalar("SELECT user_id FROM second_factor_challenges WHERE token_hash = ? AND expires_at > ?")
            .bind(secrets::hash(&request.challenge))
            .bind(now)
            .fetch_optional(&mut *conn)
            .await
            .map_err(anyhow::Error::from)?;
    let Some(user_id) = user_id else {
        return Err(AppError::client(ErrorCode::CodeExpired, "sign in again: the sign-in took too long"));
    };
    let user = users::by_id(&mut *conn, &user_id).await?;
    let attempt = guard::begin(&mut conn, &state.config.security, &user.email, &client.ip, now).await?;
    if let Err(refusal) = two_factor::check(&state.db, state.config.security.key(), &user, request.kind, &request.code, now).await? {
        return Err(guard::refused(&mut conn, now, Some(&user), refusal.history(), &client, attempt, refusal.error()).await?);
    }
    attempt.succeeded(&mut conn).await?;
    sqlx::query("DELETE FROM second_factor_challenges WHERE token_hash = ?")
        .bind(secrets::hash(&request.challenge))
        .execute(&mut *conn)
        .await
        .map_err(anyhow::Error::from)?;
    drop(conn);
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

/// E-mail a password-reset code. The answer is the same whether or not an account exists.
#[utoipa::path(post, path = "/auth/forgot-password", tag = "auth", request_body = json::EmailRequest,
    responses((status = 202, body = json::VerificationSent), (status = 422, body = json::ApiError), (status = 429, body = json::ApiError)))]
#[tracing::instrument(skip_all)]
async fn forgot_password(
    State(state): State<AppState>,
    Json(request): Json<json::EmailRequest>,
) -> Result<(StatusCode, Json<json::VerificationSent>), AppError> {
    let email = users::parse_email(&request.email)?;
    let now = state.clock.now();
    let rules = &state.config.security;
    let mut conn = connection(&state).await?;
    let expires_at = match users::by_email(&mut *conn, &email).await? {
        Some(user) => codes::send(&mut conn, rules, &user, Purpose::ResetPassword, now).await?,
        None => codes::send_nothing(&mut conn, rules, &email, Purpose::ResetPassword, now).await?,
    };
    Ok(verification_sent(&email, expires_at, None))
}

/// Set a new password with the e-mailed code. Every session is signed out. Wrong codes count
/// against the client's address.
#[utoipa::path(post, path = "/auth/reset-password", tag = "auth", request_body = json::ResetPasswordRequest,
    responses((status = 204), (status = 422, body = json::ApiError), (status = 429, body = json::ApiError)))]
#[tracing::instrument(skip_all)]
async fn reset_password(
    State(state): State<AppState>,
    client: Client,
    Json(request): Json<json::ResetPasswordRequest>,
) -> Result<StatusCode, AppError> {
    let now = state.clock.now();
    let email = users::normalise_email(&request.email);
    // What can be judged without the account is judged first, alike for every address.
    password::check_strength(&request.new_password, &[&email])?;
    let mut conn = connection(&state).await?;
    let ip_try = guard::IpTry::take(&mut conn, &state.config.security, &client.ip, now).await?;
    let spent = match codes::redeem(&mut conn, std::slice::from_ref(&email), Purpose::ResetPassword, &request.code, true, now).await {
        Ok(spent) => spent,
        Err(wrong) => {
            ip_try.keep();
            return Err(wrong);
        }
    };
    ip_try.give_back(&mut conn).await?;
    // Codes for addresses without an account are never mailed, so only the owner gets here.
    let Some(user) = users::by_email(&mut *conn, &email).await? else {
        return Err(AppError::field(ErrorCode::CodeExpired, "code", "the code has expired"));
    };
    if let Err(weak) = password::check_strength(&request.new_password, &[&user.email, &user.display_name, &user.phone]) {
        spent.give_back(&mut conn).await?;
        return Err(weak);
    }
    drop(conn);
    let hash = password::hash(request.new_password).await?;
    users::set_password(&state.db, &user.id, &hash, now).await?;
    sessions::end_all(&state.db, &user.id, None, now).await?;
    messages::notify(&state.db, now, &user, MessageKind::PasswordChanged, MessageFacts::default()).await?;
    Ok(StatusCode::NO_CONTENT)
}
