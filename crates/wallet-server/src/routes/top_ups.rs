//! Top-ups from the test card provider (idempotent).

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Json;
use futures::FutureExt;
use utoipa_axum::{router::OpenApiRouter, routes};
use wallet_api as json;

use crate::accounts::guard;
use crate::accounts::sessions::Authenticated;
use crate::state::AppState;
use crate::wallet::{idempotency, top_ups};
use crate::AppError;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(top_up))
}

/// Adds money from a card. `completed`, or `pending` while the provider has not answered;
/// a declined card is `CARD_DECLINED` and recorded as a failed top-up.
#[utoipa::path(post, path = "/top-ups", tag = "top-ups", request_body = json::TopUpRequest,
    params(("Idempotency-Key" = String, Header, description = "One value per top-up attempt")),
    responses((status = 201, body = json::Transaction), (status = 422, body = json::ApiError),
        (status = 403, description = "The account is restricted", body = json::ApiError),
        (status = 423, description = "The account is locked", body = json::ApiError)))]
#[tracing::instrument(skip_all)]
async fn top_up(
    State(state): State<AppState>,
    auth: Authenticated,
    headers: HeaderMap,
    Json(request): Json<json::TopUpRequest>,
) -> Result<Response, AppError> {
    let key = idempotency::key_of(&headers)?;
    let now = state.clock.now();
    let mut conn = state.db.acquire().await.map_err(anyhow::Error::from)?;
    guard::ensure_unlocked(&mut conn, &auth.user.email, now).await?;
    drop(conn);
    let checked = top_ups::check(&state.config.wallet, &request)?;
    let fingerprint = idempotency::fingerprint("top-ups", &checked.meaning());
    let config = state.config.wallet.clone();
    let user = auth.user.clone();
    let (response, _) = idempotency::once(&state.db, &auth.user.id, &key, &fingerprint, now, move |conn| {
        async move { top_ups::top_up(conn, &config, &user, checked, now).await }.boxed()
    })
    .await?;
    Ok(response)
}
