//! Withdrawals: the conditions, the request (idempotent, with the TOTP code), the list, the
//! detail with its timeline, and the user's cancellation.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Json;
use futures::FutureExt;
use utoipa_axum::{router::OpenApiRouter, routes};
use wallet_api as json;

use crate::accounts::guard;
use crate::accounts::sessions::{Authenticated, Client};
use crate::state::AppState;
use crate::wallet::payments::Payer;
use crate::wallet::withdrawals::stages::Processor;
use crate::wallet::{idempotency, withdrawals};
use crate::AppError;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(rules))
        .routes(routes!(list, withdraw))
        .routes(routes!(detail))
        .routes(routes!(cancel))
}

/// The conditions: minimum, fee, limits and what is left of them, the available balances,
/// whether 2FA is on, and restrictions that stop withdrawals.
#[utoipa::path(get, path = "/withdrawals/rules", tag = "withdrawals", responses((status = 200, body = json::WithdrawalRules)))]
#[tracing::instrument(skip_all)]
async fn rules(State(state): State<AppState>, auth: Authenticated) -> Result<Json<json::WithdrawalRules>, AppError> {
    let mut conn = state.db.acquire().await.map_err(anyhow::Error::from)?;
    Ok(Json(withdrawals::rules(&mut conn, &state.config.withdrawals, &auth.user, state.clock.now()).await?))
}

/// Withdraws to a bank account: the amount and fee are held at once. Needs an
/// `Idempotency-Key` (the same key and request answer the first answer again; the same key
/// with another request is `IDEMPOTENCY_KEY_REUSED`) and the current TOTP code (2FA must be
/// on: `TWO_FACTOR_REQUIRED`).
#[utoipa::path(post, path = "/withdrawals", tag = "withdrawals", request_body = json::WithdrawalRequest,
    params(("Idempotency-Key" = String, Header, description = "One value per withdrawal attempt")),
    responses((status = 201, body = json::WithdrawalDetail),
        (status = 403, description = "`TWO_FACTOR_REQUIRED`, `ACCOUNT_RESTRICTED` or `CSRF_REJECTED`", body = json::ApiError),
        (status = 404, description = "`NOT_FOUND`: no such bank account", body = json::ApiError),
        (status = 409, description = "`IDEMPOTENCY_KEY_REUSED`", body = json::ApiError),
        (status = 422, description = "`AMOUNT_BELOW_MINIMUM`, `LIMIT_EXCEEDED`, `INSUFFICIENT_FUNDS`, `BANK_ACCOUNT_COOLING_OFF`, `INVALID_CODE`, `CODE_ALREADY_USED`, `SECOND_FACTOR_REQUIRED`, `INVALID_AMOUNT` or `VALIDATION_FAILED`", body = json::ApiError),
        (status = 423, description = "The account is locked", body = json::ApiError)))]
#[tracing::instrument(skip_all)]
async fn withdraw(
    State(state): State<AppState>,
    auth: Authenticated,
    client: Client,
    headers: HeaderMap,
    Json(request): Json<json::WithdrawalRequest>,
) -> Result<Response, AppError> {
    let key = idempotency::key_of(&headers)?;
    let now = state.clock.now();
    let mut conn = state.db.acquire().await.map_err(anyhow::Error::from)?;
    guard::ensure_unlocked(&mut conn, &auth.user.email, now).await?;
    let checked = withdrawals::check(&mut conn, &state.config, &auth.user, &request).await?;
    drop(conn);
    let fingerprint = idempotency::fingerprint("withdrawals", &checked.meaning());
    let config = state.config.clone();
    let user = auth.user.clone();
    let (response, _) = idempotency::once(&state.db, &auth.user.id, &key, &fingerprint, now, move |conn| {
        async move {
            let who = Payer { user: &user, client: &client, code: Some(request.code.as_str()) };
            withdrawals::withdraw(conn, &config, who, checked, now).await
        }
        .boxed()
    })
    .await?;
    Ok(response)
}

/// The user's withdrawals, newest first (at most 100).
#[utoipa::path(get, path = "/withdrawals", tag = "withdrawals", responses((status = 200, body = Vec<json::Withdrawal>)))]
#[tracing::instrument(skip_all)]
async fn list(State(state): State<AppState>, auth: Authenticated) -> Result<Json<Vec<json::Withdrawal>>, AppError> {
    catch_up(&state).await;
    let mut conn = state.db.acquire().await.map_err(anyhow::Error::from)?;
    Ok(Json(withdrawals::list(&mut conn, &state.config.withdrawals, &auth.user.id, state.clock.now()).await?))
}

/// One withdrawal with its timeline: every stage with its time, and the expected time of the
/// stages still ahead. Another user's withdrawal is "not found".
#[utoipa::path(get, path = "/withdrawals/{id}", tag = "withdrawals", params(("id" = String, Path)),
    responses((status = 200, body = json::WithdrawalDetail), (status = 404, body = json::ApiError)))]
#[tracing::instrument(skip_all)]
async fn detail(State(state): State<AppState>, auth: Authenticated, Path(id): Path<String>) -> Result<Json<json::WithdrawalDetail>, AppError> {
    catch_up(&state).await;
    let mut conn = state.db.acquire().await.map_err(anyhow::Error::from)?;
    Ok(Json(withdrawals::detail(&mut conn, &state.config.withdrawals, &auth.user.id, &id, state.clock.now()).await?))
}

/// Cancels a withdrawal before processing; the funds go back to the balance at once.
#[utoipa::path(post, path = "/withdrawals/{id}/cancel", tag = "withdrawals", params(("id" = String, Path)),
    responses((status = 200, body = json::WithdrawalDetail), (status = 404, body = json::ApiError),
        (status = 409, description = "`WITHDRAWAL_NOT_CANCELLABLE`: already processing or finished", body = json::ApiError)))]
#[tracing::instrument(skip_all)]
async fn cancel(State(state): State<AppState>, auth: Authenticated, Path(id): Path<String>) -> Result<Json<json::WithdrawalDetail>, AppError> {
    catch_up(&state).await;
    Ok(Json(withdrawals::cancel(&state.db, &state.config.withdrawals, &auth.user, &id, state.clock.now()).await?))
}

/// What the processor would have done by now is done before a read or a cancellation, so
/// neither waits for its next tick (a cancellation after the deadline of processing is late).
/// A failure here is the processor's to retry, not the reader's: it is logged, and the read
/// goes on.
async fn catch_up(state: &AppState) {
    if let Err(error) = Processor::of(&state.config).advance_due(&state.db, state.clock.now()).await {
        tracing::warn!(error = %error, "catching up with the payout processor failed");
    }
}
