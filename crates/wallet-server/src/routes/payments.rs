//! Quotes, payments (idempotent) and the "my payment failed" diagnosis.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Json;
use futures::FutureExt;
use utoipa_axum::{router::OpenApiRouter, routes};
use wallet_api as json;

use crate::accounts::sessions::{Authenticated, Client};
use crate::accounts::guard;
use crate::state::AppState;
use crate::wallet::{idempotency, payments};
use crate::AppError;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(quote)).routes(routes!(pay)).routes(routes!(last_failure))
}

/// The review step: fee, total, the balance, whether a 2FA code is needed and whether the
/// same payment was made in the last 10 minutes. Nothing moves.
#[utoipa::path(post, path = "/payments/quote", tag = "payments", request_body = json::QuoteRequest,
    responses((status = 200, body = json::PaymentQuote), (status = 404, body = json::ApiError),
        (status = 422, body = json::ApiError), (status = 423, description = "The account is locked", body = json::ApiError)))]
#[tracing::instrument(skip_all)]
async fn quote(
    State(state): State<AppState>,
    auth: Authenticated,
    Json(request): Json<json::QuoteRequest>,
) -> Result<Json<json::PaymentQuote>, AppError> {
    let now = state.clock.now();
    let mut conn = state.db.acquire().await.map_err(anyhow::Error::from)?;
    guard::ensure_unlocked(&mut conn, &auth.user.email, now).await?;
    let checked = payments::check(&mut conn, &state.config.wallet, &auth.user, &request.recipient, request.amount, None).await?;
    Ok(Json(payments::quote(&mut conn, &state.config.wallet, &auth.user, checked, now).await?))
}

/// Pays. Needs an `Idempotency-Key`: the same key and request answer the first answer again;
/// the same key with another request is `IDEMPOTENCY_KEY_REUSED`.
#[utoipa::path(post, path = "/payments", tag = "payments", request_body = json::PaymentRequest,
    params(("Idempotency-Key" = String, Header, description = "One value per payment attempt")),
    responses((status = 201, body = json::Transaction), (status = 422, body = json::ApiError),
        (status = 404, body = json::ApiError), (status = 423, description = "The account is locked", body = json::ApiError),
        (status = 403, body = json::ApiError), (status = 409, body = json::ApiError)))]
#[tracing::instrument(skip_all)]
async fn pay(
    State(state): State<AppState>,
    auth: Authenticated,
    client: Client,
    headers: HeaderMap,
    Json(request): Json<json::PaymentRequest>,
) -> Result<Response, AppError> {
    let key = idempotency::key_of(&headers)?;
    let now = state.clock.now();
    let mut conn = state.db.acquire().await.map_err(anyhow::Error::from)?;
    guard::ensure_unlocked(&mut conn, &auth.user.email, now).await?;
    let checked = payments::check(&mut conn, &state.config.wallet, &auth.user, &request.recipient, request.amount, request.note.as_deref()).await?;
    drop(conn);
    let fingerprint = idempotency::fingerprint("payments", &checked.meaning());
    let config = state.config.clone();
    let payer = auth.user.clone();
    let (response, _) = idempotency::once(&state.db, &auth.user.id, &key, &fingerprint, now, move |conn| {
        async move {
            let payer = payments::Payer { user: &payer, client: &client, code: request.code.as_deref() };
            payments::pay(conn, &config, payer, checked, now).await
        }
        .boxed()
    })
    .await?;
    Ok(response)
}

/// The latest failed payment of the last 30 days, with the balance, the amount needed and
/// the merchant's status now.
#[utoipa::path(get, path = "/payments/last-failure", tag = "payments", responses((status = 200, body = json::PaymentDiagnosis)))]
#[tracing::instrument(skip_all)]
async fn last_failure(State(state): State<AppState>, auth: Authenticated) -> Result<Json<json::PaymentDiagnosis>, AppError> {
    let mut conn = state.db.acquire().await.map_err(anyhow::Error::from)?;
    Ok(Json(payments::diagnosis(&mut conn, &auth.user, state.clock.now()).await?))
}
