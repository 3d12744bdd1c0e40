//! Demo mode only (the router is not mounted otherwise): the e-mail outbox, so tests and
//! people trying the demo can read the codes the server "sent".

use axum::extract::{Query, State};
use axum::Json;
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};
use wallet_api as json;

use crate::accounts::users;
use crate::state::AppState;
use crate::AppError;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(outbox))
}

#[derive(Deserialize, utoipa::IntoParams)]
struct OutboxQuery {
    /// Only mail to this address.
    to: Option<String>,
}

/// The outbox, newest first (demo mode only).
#[utoipa::path(get, path = "/demo/outbox", tag = "demo", params(OutboxQuery),
    responses((status = 200, body = Vec<json::OutboxMail>)))]
#[tracing::instrument(skip_all)]
async fn outbox(State(state): State<AppState>, Query(query): Query<OutboxQuery>) -> Result<Json<Vec<json::OutboxMail>>, AppError> {
    let to = query.to.map(|t| users::normalise_email(&t));
    let rows: Vec<(String, String, String, String, Option<String>, i64, Option<i64>)> = sqlx::query_as(
        "SELECT id, to_addr, subject, body, body_html, created_at, sent_at FROM outbox
         WHERE ?1 IS NULL OR to_addr = ?1 ORDER BY created_at DESC, rowid DESC LIMIT 100",
    )
    .bind(to)
    .fetch_all(&state.db)
    .await
    .map_err(anyhow::Error::from)?;
    Ok(Json(
        rows.into_iter()
            .map(|(id, to, subject, body, html, at, sent)| json::OutboxMail { id, to, subject, body, html, at, sent: sent.is_some() })
            .collect(),
    ))
}
