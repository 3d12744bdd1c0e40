//! The transaction list, one transaction, and the CSV export.

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use utoipa_axum::{router::OpenApiRouter, routes};
use wallet_api as json;

use crate::accounts::sessions::Authenticated;
use crate::state::AppState;
use crate::wallet::{export, top_ups, transfers};
use crate::AppError;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list)).routes(routes!(export_csv)).routes(routes!(one))
}

/// The user's transactions, newest first, filtered; `next_cursor` pages on.
#[utoipa::path(get, path = "/transactions", tag = "transactions", params(json::TransactionQuery),
    responses((status = 200, body = json::TransactionPage)))]
#[tracing::instrument(skip_all)]
async fn list(
    State(state): State<AppState>,
    auth: Authenticated,
    Query(query): Query<json::TransactionQuery>,
) -> Result<Json<json::TransactionPage>, AppError> {
    top_ups::settle_due(&state.db, state.clock.now()).await?;
    let mut conn = state.db.acquire().await.map_err(anyhow::Error::from)?;
    Ok(Json(transfers::page(&mut conn, &auth.user.id, &query).await?))
}

/// One of the user's transactions.
#[utoipa::path(get, path = "/transactions/{id}", tag = "transactions", params(("id" = String, Path)),
    responses((status = 200, body = json::Transaction), (status = 404, body = json::ApiError)))]
#[tracing::instrument(skip_all)]
async fn one(State(state): State<AppState>, auth: Authenticated, Path(id): Path<String>) -> Result<Json<json::Transaction>, AppError> {
    top_ups::settle_due(&state.db, state.clock.now()).await?;
    let mut conn = state.db.acquire().await.map_err(anyhow::Error::from)?;
    let row = transfers::visible(&mut conn, &auth.user.id, &id).await?.ok_or(AppError::NotFound)?;
    Ok(Json(row.view_for(&auth.user.id)))
}

/// The transactions of `[from, to)` (and the list's other filters) as CSV, streamed.
#[utoipa::path(get, path = "/transactions/export.csv", tag = "transactions", params(json::TransactionQuery),
    responses((status = 200, content_type = "text/csv", body = String)))]
#[tracing::instrument(skip_all)]
async fn export_csv(
    State(state): State<AppState>,
    auth: Authenticated,
    Query(mut query): Query<json::TransactionQuery>,
) -> Result<Response, AppError> {
    query.cursor = None;
    let body = export::body(state.db.clone(), auth.user.id.clone(), query);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"transactions.csv\""),
        ],
        body,
    )
        .into_response())
}
