//! The message centre.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use utoipa_axum::{router::OpenApiRouter, routes};
use wallet_api as json;

use crate::accounts::messages;
use crate::accounts::sessions::Authenticated;
use crate::state::AppState;
use crate::AppError;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list)).routes(routes!(mark_read)).routes(routes!(mark_all_read))
}

/// The user's messages, newest first, and how many are unread.
#[utoipa::path(get, path = "/messages", tag = "messages", responses((status = 200, body = json::MessageList)))]
#[tracing::instrument(skip_all)]
async fn list(State(state): State<AppState>, auth: Authenticated) -> Result<Json<json::MessageList>, AppError> {
    Ok(Json(messages::list(&state.db, &auth.user.id).await?))
}

#[utoipa::path(post, path = "/messages/{id}/read", tag = "messages", params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = json::ApiError)))]
#[tracing::instrument(skip_all)]
async fn mark_read(State(state): State<AppState>, auth: Authenticated, Path(id): Path<String>) -> Result<StatusCode, AppError> {
    messages::mark_read(&state.db, &auth.user.id, Some(&id), state.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/messages/read-all", tag = "messages", responses((status = 204)))]
#[tracing::instrument(skip_all)]
async fn mark_all_read(State(state): State<AppState>, auth: Authenticated) -> Result<StatusCode, AppError> {
    messages::mark_read(&state.db, &auth.user.id, None, state.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
