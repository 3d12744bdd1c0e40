use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use utoipa_axum::{router::OpenApiRouter, routes};
use wallet_api::{Health, ServiceStatus};

use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(health))
}

/// Whether the service and its database answer.
#[utoipa::path(
    get,
    path = "/health",
    tag = "health",
    responses(
        (status = 200, description = "The service and its database answer", body = Health),
        (status = 503, description = "The database does not answer", body = Health),
    )
)]
#[tracing::instrument(skip(state))]
async fn health(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let database = match sqlx::query("SELECT 1").execute(&state.db).await {
        Ok(_) => ServiceStatus::Ok,
        Err(error) => {
            tracing::error!(%error, "health check: database does not answer");
            ServiceStatus::Unavailable
        }
    };
    let (status, overall) = match database {
        ServiceStatus::Ok => (StatusCode::OK, ServiceStatus::Ok),
        ServiceStatus::Unavailable => (StatusCode::SERVICE_UNAVAILABLE, ServiceStatus::Unavailable),
    };
    let body = Health { status: overall, database, version: env!("CARGO_PKG_VERSION").to_string() };
    (status, Json(body))
}
