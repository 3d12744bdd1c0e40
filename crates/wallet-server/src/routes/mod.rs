//! The API: one router per resource module, merged here, with the OpenAPI document generated
//! from the handlers' annotations.

mod health;

use axum::extract::Request;
use axum::routing::get;
use axum::{Json, Router};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use wallet_api as json;

use crate::startup::{no_store, AppState};
use crate::AppError;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "wallet-web API",
        description = "The wallet REST API. Errors are `ApiError` bodies with a stable `code`; \
                       amounts are `Money` in integer minor units."
    ),
    components(schemas(json::ApiError, json::ErrorCode, json::Money, json::Currency))
)]
struct ApiDoc;

fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .nest(json::API_PREFIX, OpenApiRouter::new().merge(health::router()))
}

pub fn router(state: AppState) -> Router {
    let (routes, document) = api_routes().split_for_parts();
    routes
        .route(&format!("{}/openapi.json", json::API_PREFIX), get(move || async move { Json(document) }))
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed })
        .layer(no_store())
        .with_state(state)
}

/// Any `/api/...` path no route matched: a JSON 404, never the app's HTML.
pub async fn not_found(_request: Request) -> AppError {
    AppError::NotFound
}
