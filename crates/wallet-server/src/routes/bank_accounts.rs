//! The signed-in user's bank accounts for withdrawals. Adding one needs a recent
//! re-authentication (`POST /session/reauth`), as the other security changes do.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use utoipa_axum::{router::OpenApiRouter, routes};
use wallet_api as json;

use crate::accounts::sessions::Authenticated;
use crate::state::AppState;
use crate::wallet::bank_accounts;
use crate::AppError;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list, add)).routes(routes!(remove)).routes(routes!(set_default))
}

/// The bank accounts, the default first; numbers masked.
#[utoipa::path(get, path = "/bank-accounts", tag = "withdrawals", responses((status = 200, body = Vec<json::BankAccount>)))]
#[tracing::instrument(skip_all)]
async fn list(State(state): State<AppState>, auth: Authenticated) -> Result<Json<Vec<json::BankAccount>>, AppError> {
    let mut conn = state.db.acquire().await.map_err(anyhow::Error::from)?;
    Ok(Json(bank_accounts::list(&mut conn, &auth.user.id).await?))
}

/// Adds a bank account (after re-authentication). The holder's name must be the account's
/// verified name; the number is checked for its currency. A security message is posted; the
/// account can receive withdrawals once its cooling-off (`usable_from`) is over.
#[utoipa::path(post, path = "/bank-accounts", tag = "withdrawals", request_body = json::NewBankAccount,
    responses((status = 201, body = json::BankAccount),
        (status = 403, description = "`REAUTH_REQUIRED` or `CSRF_REJECTED`", body = json::ApiError),
        (status = 409, description = "`CONFLICT`: already on the list, or too many", body = json::ApiError),
        (status = 422, description = "`HOLDER_NAME_MISMATCH`, `BANK_ACCOUNT_INVALID` or `VALIDATION_FAILED`", body = json::ApiError)))]
#[tracing::instrument(skip_all)]
async fn add(
    State(state): State<AppState>,
    auth: Authenticated,
    Json(request): Json<json::NewBankAccount>,
) -> Result<(StatusCode, Json<json::BankAccount>), AppError> {
    let now = state.clock.now();
    auth.require_recent_reauth(now)?;
    let cooling_off = state.config.withdrawals.bank_account_cooling_off_secs;
    let account = bank_accounts::add(&state.db, &auth.user, &request, cooling_off, now).await?;
    Ok((StatusCode::CREATED, Json(account)))
}

/// Removes a bank account (withdrawals already made to it keep showing it).
#[utoipa::path(delete, path = "/bank-accounts/{id}", tag = "withdrawals", params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = json::ApiError)))]
#[tracing::instrument(skip_all)]
async fn remove(State(state): State<AppState>, auth: Authenticated, Path(id): Path<String>) -> Result<StatusCode, AppError> {
    let mut conn = state.db.acquire().await.map_err(anyhow::Error::from)?;
    bank_accounts::remove(&mut conn, &auth.user.id, &id, state.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Makes a bank account the default.
#[utoipa::path(post, path = "/bank-accounts/{id}/default", tag = "withdrawals", params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = json::ApiError)))]
#[tracing::instrument(skip_all)]
async fn set_default(State(state): State<AppState>, auth: Authenticated, Path(id): Path<String>) -> Result<StatusCode, AppError> {
    let mut conn = state.db.acquire().await.map_err(anyhow::Error::from)?;
    bank_accounts::set_default(&mut conn, &auth.user.id, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
