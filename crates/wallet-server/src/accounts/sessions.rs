//! Sessions: a 128-bit random token in an `HttpOnly; Secure; SameSite=Strict` cookie, only
//! its hash in the database; idle and absolute timeouts; a per-session CSRF token.

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header::USER_AGENT;
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method};
use sqlx::SqlitePool;
use std::net::SocketAddr;
use wallet_api as json;
use wallet_api::ErrorCode;

use super::secrets;
use super::users::{self, UserRow};
use crate::config::SecurityConfig;
use crate::state::AppState;
use crate::AppError;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub id: String,
    pub user_id: String,
    pub csrf_token: String,
    pub created_at: i64,
    pub last_used_at: i64,
    pub expires_at: i64,
    pub reauth_until: Option<i64>,
    pub ip: String,
    pub user_agent: String,
}

/// Who is asking: the client's address and browser, for sessions and the sign-in history.
#[derive(Debug, Clone)]
pub struct Client {
    pub ip: String,
    pub user_agent: String,
}

impl FromRequestParts<AppState> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Client, Self::Rejection> {
        let ip = client_ip(parts, &state.config.security.trusted_proxy).map_or_else(|| "unknown".to_string(), |ip| ip.to_string());
        let user_agent: String = parts
            .headers
            .get(USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .chars()
            .take(256)
            .collect();
        Ok(Client { ip, user_agent })
    }
}

/// The client's address: the connection's peer, or, when the peer is a trusted proxy, the
/// last address that proxy added to `X-Forwarded-For`. Anyone else's header is ignored, so a
/// client cannot choose the address it is throttled by.
pub fn client_ip(parts: &Parts, trusted_proxies: &[std::net::IpAddr]) -> Option<std::net::IpAddr> {
    let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|info| info.0.ip())?;
    if !trusted_proxies.contains(&peer) {
        return Some(peer);
    }
    let forwarded = parts.headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).collect::<Vec<_>>().join(",");
    forwarded.rsplit(',').next().and_then(|last| last.trim().parse().ok()).or(Some(peer))
}

pub fn cookie_name(rules: &SecurityConfig) -> &'static str {
    // `__Host-`: the browser only accepts it Secure, from this exact host, for path `/`.
    if rules.secure_cookies { "__Host-wallet_session" } else { "wallet_session" }
}

/// The `Set-Cookie` value that hands the browser a session token.
pub fn cookie(rules: &SecurityConfig, token: &str) -> HeaderValue {
    let secure = if rules.secure_cookies { "; Secure" } else { "" };
    let value = format!("{}={token}; Path=/; HttpOnly; SameSite=Strict{secure}", cookie_name(rules));
    HeaderValue::from_str(&value).expect("a token is a valid header value")
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clearing_cookie(rules: &SecurityConfig) -> HeaderValue {
    let secure = if rules.secure_cookies { "; Secure" } else { "" };
    let value = format!("{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}", cookie_name(rules));
    HeaderValue::from_str(&value).expect("a valid header value")
}

fn token_from(parts: &Parts, rules: &SecurityConfig) -> Option<String> {
    crate::cookies::cookie_value(&parts.headers, cookie_name(rules)).map(str::to_string)
}

/// Starts a session and returns its token (for the cookie). Any session the browser had is
/// ended first: every sign-in gets a new token.
pub async fn start(
    state: &AppState,
    user_id: &str,
    client: &Client,
    previous_token: Option<&str>,
) -> Result<(String, SessionRow), AppError> {
    let now = state.clock.now();
    if let Some(previous) = previous_token {
        sqlx::query("UPDATE sessions SET ended_at = ? WHERE token_hash = ? AND ended_at IS NULL")
            .bind(now)
            .bind(secrets::hash(previous))
            .execute(&state.db)
            .await
            .map_err(anyhow::Error::from)?;
    }
    let token = secrets::new_token();
    let row = SessionRow {
        id: secrets::new_id(),
        user_id: user_id.to_string(),
        csrf_token: secrets::new_token(),
        created_at: now,
        last_used_at: now,
        expires_at: now + state.config.security.absolute_timeout_secs,
        reauth_until: None,
        ip: client.ip.clone(),
        user_agent: client.user_agent.clone(),
    };
    sqlx::query(
        "INSERT INTO sessions (id, user_id, token_hash, csrf_token, created_at, last_used_at, expires_at, ip, user_agent)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&row.id)
    .bind(&row.user_id)
    .bind(secrets::hash(&token))
    .bind(&row.csrf_token)
    .bind(row.created_at)
    .bind(row.last_used_at)
    .bind(row.expires_at)
    .bind(&row.ip)
    .bind(&row.user_agent)
    .execute(&state.db)
    .await
    .map_err(anyhow::Error::from)?;
    Ok((token, row))
}

/// Ends sessions of a user: all of them, or all but `keep`.
pub async fn end_all(db: &SqlitePool, user_id: &str, keep: Option<&str>, now: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE sessions SET ended_at = ? WHERE user_id = ? AND ended_at IS NULL AND id <> COALESCE(?, '')")
        .bind(now)
        .bind(user_id)
        .bind(keep)
        .execute(db)
        .await
        .map_err(anyhow::Error::from)?;
    Ok(())
}

pub async fn info(state: &AppState, session: &SessionRow, user: &UserRow) -> Result<json::SessionInfo, AppError> {
    let rules = &state.config.security;
    Ok(json::SessionInfo {
        user: user.to_json(&state.db).await?,
        csrf_token: session.csrf_token.clone(),
        idle_expires_at: session.last_used_at + rules.idle_timeout_secs,
        absolute_expires_at: session.expires_at,
        idle_timeout_secs: rules.idle_timeout_secs,
        unread_messages: super::messages::unread(&state.db, &user.id).await?,
        suggest_two_factor: user.suggest_two_factor && !user.two_factor(),
        reauth_until: session.reauth_until.filter(|until| *until > state.clock.now()),
    })
}

/// A request made in a live session. Extracting it ends an expired session (answering
/// `SESSION_EXPIRED`), refreshes the idle timer, and for a state change checks the CSRF
/// token.
pub struct Authenticated {
    pub session: SessionRow,
    pub user: UserRow,
}

impl Authenticated {
    /// Sensitive changes need a recent re-authentication.
    pub fn require_recent_reauth(&self, now: i64) -> Result<(), AppError> {
        match self.session.reauth_until {
            Some(until) if until > now => Ok(()),
            _ => Err(AppError::client(ErrorCode::ReauthRequired, "confirm your password first")),
        }
    }
}

/// The session token the browser sent, if any (sign-in uses it to end the old session).
pub fn presented_token(parts: &Parts, rules: &SecurityConfig) -> Option<String> {
    token_from(parts, rules)
}

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Authenticated, AppError> {
        let rules = &state.config.security;
        let Some(token) = token_from(parts, rules) else {
            return Err(AppError::client(ErrorCode::Unauthenticated, "sign in first"));
        };
        let now = state.clock.now();
        let session: Option<SessionRow> = sqlx::query_as(
            "SELECT id, user_id, csrf_token, created_at, last_used_at, expires_at, reauth_until, ip, user_agent
             FROM sessions WHERE token_hash = ? AND ended_at IS NULL",
        )
        .bind(secrets::hash(&token))
        .fetch_optional(&state.db)
        .await
        .map_err(anyhow::Error::from)?;
        let Some(mut session) = session else {
            // Signed out, ended elsewhere, or expired earlier: the session is over.
            return Err(AppError::client(ErrorCode::SessionExpired, "the session has ended"));
        };
        if now >= session.expires_at || now - session.last_used_at >= rules.idle_timeout_secs {
            sqlx::query("UPDATE sessions SET ended_at = ? WHERE id = ?")
                .bind(now)
                .bind(&session.id)
                .execute(&state.db)
                .await
                .map_err(anyhow::Error::from)?;
            return Err(AppError::client(ErrorCode::SessionExpired, "the session has expired"));
        }
        if !matches!(parts.method, Method::GET | Method::HEAD) {
            let sent = parts.headers.get(json::CSRF_HEADER).and_then(|v| v.to_str().ok()).unwrap_or("");
            if !secrets::constant_time_eq(sent, &session.csrf_token) {
                return Err(AppError::client(ErrorCode::CsrfRejected, "missing or wrong CSRF token"));
            }
        }
        sqlx::query("UPDATE sessions SET last_used_at = ? WHERE id = ?")
            .bind(now)
            .bind(&session.id)
            .execute(&state.db)
            .await
            .map_err(anyhow::Error::from)?;
        session.last_used_at = now;
        let user = users::by_id(&state.db, &session.user_id).await?;
        Ok(Authenticated { session, user })
    }
}
