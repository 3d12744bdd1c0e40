//! Call verification codes: issued to a signed-in user, checked by support staff.

use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::Json;
use utoipa_axum::{router::OpenApiRouter, routes};
use wallet_api as json;

use crate::accounts::secrets;
use crate::accounts::sessions::Authenticated;
use crate::state::AppState;
use crate::wallet::support;
use crate::AppError;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(issue)).routes(routes!(check))
}

/// A one-time 6-digit code, valid 60 minutes, that the user reads to a hotline agent.
#[utoipa::path(post, path = "/support/call-code", tag = "support", responses((status = 200, body = json::CallCode)))]
#[tracing::instrument(skip_all)]
async fn issue(State(state): State<AppState>, auth: Authenticated) -> Result<Json<json::CallCode>, AppError> {
    Ok(Json(support::issue(&state.db, &auth.user.id, state.clock.now()).await?))
}

/// For support staff (`Authorization: Bearer <support token>`): whose code this is. A code
/// checks once. Without a configured support token this endpoint does not exist.
#[utoipa::path(post, path = "/support/call-code/check", tag = "support", request_body = json::CallCodeCheck,
    responses((status = 200, body = json::CallCodeResult), (status = 404, body = json::ApiError)))]
#[tracing::instrument(skip_all)]
async fn check(
    State(state): State<AppState>,
    headers: HeaderMap,
    Json(request): Json<json::CallCodeCheck>,
) -> Result<Json<json::CallCodeResult>, AppError> {
    let Some(expected) = &state.config.wallet.support_token else { return Err(AppError::NotFound) };
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if !secrets::constant_time_eq(presented, expected) {
        return Err(AppError::client(wallet_api::ErrorCode::Unauthenticated, "a support token is required"));
    }
    Ok(Json(support::check(&state.db, &request.code, state.clock.now()).await?))
}
