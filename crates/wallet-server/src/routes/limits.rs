//! Limits on every API request: an explicit body size, a time limit, and for the endpoints
//! that check a password or code or send one, a per-address rate checked before any work (so
//! a flood of sign-ins is turned away before it reaches the password hashing pool).

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;
use wallet_api::{ErrorCode, ErrorDetail, API_PREFIX};

use crate::accounts::sessions::client_ip;
use crate::state::AppState;
use crate::AppError;

/// The largest request body the API reads.
pub const BODY_LIMIT_BYTES: usize = 64 * 1024;

/// The endpoints whose every request is rate-limited per client address.
const RATE_LIMITED_PATHS: &[&str] = &[
    "/auth/sign-up",
    "/auth/verify-email",
    "/auth/resend-verification",
    "/auth/sign-in",
    "/auth/second-factor",
    "/auth/forgot-password",
    "/auth/reset-password",
    "/session/reauth",
    "/unlock/start",
    "/unlock/verify",
    "/unlock/complete",
    "/help/lock-status",
];

#[derive(Clone)]
pub struct AuthRate(Arc<DefaultKeyedRateLimiter<IpAddr>>);

impl AuthRate {
    pub fn per_minute(requests: u32) -> AuthRate {
        let requests = NonZeroU32::new(requests.max(1)).expect("at least one");
        AuthRate(Arc::new(RateLimiter::keyed(Quota::per_minute(requests))))
    }
}

pub async fn rate_limit_auth(State((state, rate)): State<(AppState, AuthRate)>, request: Request, next: Next) -> Response {
    let limited = request.uri().path().strip_prefix(API_PREFIX).is_some_and(|rest| RATE_LIMITED_PATHS.contains(&rest));
    if !limited {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let ip = client_ip(&parts, &state.config.security.trusted_proxy);
    if let Some(Err(not_until)) = ip.map(|ip| rate.0.check_key(&ip)) {
        let wait = not_until.wait_time_from(governor::clock::Clock::now(&governor::clock::DefaultClock::default()));
        let seconds = i64::try_from(wait.as_secs()).unwrap_or(60).max(1);
        return AppError::client(ErrorCode::RateLimited, "too many requests from this address: wait a moment")
            .with_detail(ErrorDetail::RetryAfter { seconds })
            .into_response();
    }
    next.run(Request::from_parts(parts, body)).await
}

/// A request that takes longer than the configured limit is answered `SERVICE_BUSY` (its
/// work is dropped at the next await; database transactions roll back).
pub async fn time_limit(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let limit = Duration::from_secs(state.config.security.request_timeout_secs.max(1));
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => AppError::client(ErrorCode::ServiceBusy, "the request took too long: try again")
            .with_detail(ErrorDetail::RetryAfter { seconds: 5 })
            .into_response(),
    }
}
