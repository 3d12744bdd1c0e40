//! The dashboard's overview, the payment rules and recipient lookup.

use axum::extract::{Query, State};
use axum::Json;
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};
use wallet_api as json;

use crate::accounts::guard;
use crate::accounts::throttle::{self, Rate};
use crate::accounts::sessions::Authenticated;
use crate::state::AppState;
use crate::wallet::{overview, payments, recipients, top_ups};
use crate::AppError;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_overview)).routes(routes!(rules)).routes(routes!(find_recipient))
}

/// Balances, the last 10 transactions, the 30-day chart and the account's state.
#[utoipa::path(get, path = "/wallet/overview", tag = "wallet", responses((status = 200, body = json::Overview)))]
#[tracing::instrument(skip_all)]
async fn get_overview(State(state): State<AppState>, auth: Authenticated) -> Result<Json<json::Overview>, AppError> {
    let now = state.clock.now();
    top_ups::settle_due(&state.db, now).await?;
    let locked_until = guard::lock_of(&mut *state.db.acquire().await.map_err(anyhow::Error::from)?, &auth.user.email, now).await?.map(|lock| lock.until);
    let mut conn = state.db.acquire().await.map_err(anyhow::Error::from)?;
    let wallet_id = auth.user.wallet_id.clone().unwrap_or_default();
    Ok(Json(overview::overview(&mut conn, &auth.user.id, wallet_id, locked_until, now).await?))
}

/// The numbers behind the payment form's live checks.
#[utoipa::path(get, path = "/wallet/rules", tag = "wallet", responses((status = 200, body = json::PaymentRules)))]
#[tracing::instrument(skip_all)]
async fn rules(State(state): State<AppState>, auth: Authenticated) -> Result<Json<json::PaymentRules>, AppError> {
    let mut conn = state.db.acquire().await.map_err(anyhow::Error::from)?;
    Ok(Json(payments::rules(&mut conn, &state.config.wallet, &auth.user.id, state.clock.now()).await?))
}

/// Recipient look-ups per user: plenty for paying people, too few to sweep an address list.
const RECIPIENT_LOOKUPS: Rate = Rate { limit: 30, window_secs: 10 * 60 };

#[derive(Deserialize, utoipa::IntoParams)]
struct RecipientQuery {
    /// A wallet ID (`W` + 8 digits), a merchant ID (`M` + 5 digits) or an e-mail address.
    query: String,
}

/// Who a payment would go to, with a masked name.
#[utoipa::path(get, path = "/recipients", tag = "payments", params(RecipientQuery),
    responses((status = 200, body = json::Recipient), (status = 404, body = json::ApiError), (status = 429, body = json::ApiError)))]
#[tracing::instrument(skip_all)]
async fn find_recipient(
    State(state): State<AppState>,
    auth: Authenticated,
    Query(query): Query<RecipientQuery>,
) -> Result<Json<json::Recipient>, AppError> {
    let mut conn = state.db.acquire().await.map_err(anyhow::Error::from)?;
    // Looking up by e-mail tells whether an address has an account (inherent to paying by
    // e-mail): a signed-in user may ask only so often.
    throttle::hit(&mut conn, &format!("recipient-lookup:{}", auth.user.id), RECIPIENT_LOOKUPS, state.clock.now()).await?;
    Ok(Json(recipients::resolve(&mut conn, &query.query, &auth.user.id).await?.to_json()))
}
