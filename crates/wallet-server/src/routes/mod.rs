//! The API: one router per resource module, merged here, with the OpenAPI document generated
//! from the handlers' annotations.

mod account;
mod bank_accounts;
pub(crate) mod auth;
mod demo;
mod health;
mod limits;
mod messages;
mod openapi;
mod payments;
mod session;
mod support;
mod top_ups;
mod transactions;
mod unlock;
mod wallet;
mod withdrawals;

use axum::extract::Request;
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use wallet_api::ErrorCode;
use axum::routing::get;
use axum::{Json, Router};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use wallet_api as json;

use crate::state::AppState;
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

fn api_routes(demo: bool) -> OpenApiRouter<AppState> {
    let mut resources = OpenApiRouter::new()
        .merge(health::router())
        .merge(auth::router())
        .merge(session::router())
        .merge(account::router())
        .merge(unlock::router())
        .merge(messages::router())
        .merge(wallet::router())
        .merge(payments::router())
        .merge(top_ups::router())
        .merge(transactions::router())
        .merge(support::router())
        .merge(bank_accounts::router())
        .merge(withdrawals::router());
    if demo {
        resources = resources.merge(demo::router());
    }
    OpenApiRouter::with_openapi(ApiDoc::openapi()).nest(json::API_PREFIX, resources)
}

pub fn router(state: AppState) -> Router {
    let (routes, mut document) = api_routes(state.config.demo).split_for_parts();
    openapi::add_standard_responses(&mut document);
    routes
        .route(&format!("{}/openapi.json", json::API_PREFIX), get(move || async move { Json(document) }))
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed })
        .layer(axum::middleware::from_fn(require_csrf_header))
        .layer(axum::middleware::from_fn_with_state(state.clone(), limits::time_limit))
        .layer(axum::middleware::from_fn_with_state(
            (state.clone(), limits::AuthRate::per_minute(state.config.security.auth_requests_per_minute)),
            limits::rate_limit_auth,
        ))
        .layer(axum::extract::DefaultBodyLimit::max(limits::BODY_LIMIT_BYTES))
        .layer(axum::middleware::from_fn(typed_rejections))
        .layer(no_store())
        .with_state(state)
}

/// API answers are personal and change: never stored by the browser or a proxy.
fn no_store() -> tower_http::set_header::SetResponseHeaderLayer<axum::http::HeaderValue> {
    tower_http::set_header::SetResponseHeaderLayer::if_not_present(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    )
}

/// Every state-changing API request must carry the CSRF header. A cross-site form cannot
/// add a header, and a cross-site script cannot without a CORS preflight this server never
/// grants. Signed-in requests must also carry the session's own token (checked with the
/// session).
async fn require_csrf_header(request: Request, next: Next) -> Response {
    let safe = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let present = request.headers().get(json::CSRF_HEADER).is_some_and(|v| !v.is_empty());
    if safe || present {
        next.run(request).await
    } else {
        AppError::client(ErrorCode::CsrfRejected, "the CSRF header is missing").into_response()
    }
}

/// Axum's own refusals of a malformed body or query (plain text) become `ApiError` bodies:
/// `BAD_REQUEST` for what is not JSON or not a valid query, `VALIDATION_FAILED` for JSON of
/// the wrong shape, so clients always get a stable code.
async fn typed_rejections(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !status.is_client_error() || is_json {
        return response;
    }
    let text = axum::body::to_bytes(response.into_body(), 4096).await.unwrap_or_default();
    let message = String::from_utf8_lossy(&text).into_owned();
    let code = if status == axum::http::StatusCode::UNPROCESSABLE_ENTITY {
        ErrorCode::ValidationFailed
    } else if status == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        ErrorCode::PayloadTooLarge
    } else {
        ErrorCode::BadRequest
    };
    AppError::client(code, message).into_response()
}

/// Any `/api/...` path no route matched: a JSON 404, never the app's HTML.
pub async fn not_found(_request: Request) -> AppError {
    AppError::NotFound
}
