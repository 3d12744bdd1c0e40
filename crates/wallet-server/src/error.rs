use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use wallet_api as json;
use wallet_api::ErrorCode;

/// The one error type of every handler. It becomes the API's error body; server-side failures
/// are logged in full and answered with an opaque message, so nothing internal leaks.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("no such resource")]
    NotFound,
    #[error("method not allowed")]
    MethodNotAllowed,
    /// A client mistake with its stable code and, where one is at fault, the field.
    #[error("{message}")]
    /// `settled`: the answer is final for an idempotent request even though nothing was
    /// recorded (a wrong 2FA code: the key must not serve for a next guess).
    Client { code: ErrorCode, message: String, field: Option<String>, detail: Option<json::ErrorDetail>, settled: bool },
    #[error("a dependency is unavailable")]
    Unavailable(#[source] anyhow::Error),
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    pub fn client(code: ErrorCode, message: impl Into<String>) -> AppError {
        AppError::Client { code, message: message.into(), field: None, detail: None, settled: false }
    }

    /// A client error blaming one request field.
    pub fn field(code: ErrorCode, field: &str, message: impl Into<String>) -> AppError {
        AppError::Client { code, message: message.into(), field: Some(field.to_string()), detail: None, settled: false }
    }

    pub fn with_detail(self, detail: json::ErrorDetail) -> AppError {
        match self {
            AppError::Client { code, message, field, settled, .. } => {
                AppError::Client { code, message, field, detail: Some(detail), settled }
            }
            other => other,
        }
    }

    /// Marks a client error as the final answer of an idempotent request.
    pub fn final_answer(self) -> AppError {
        match self {
            AppError::Client { code, message, field, detail, .. } => AppError::Client { code, message, field, detail, settled: true },
            other => other,
        }
    }

    /// A money error that was recorded as a failed transaction (its ID is in the detail):
    /// final, so an idempotent request stores it as its answer.
    pub fn is_recorded_failure(&self) -> bool {
        match self {
            AppError::Client { settled: true, .. } => true,
            AppError::Client { detail: Some(detail), .. } => detail.transaction_id().is_some(),
            _ => false,
        }
    }

    /// The error body the client receives.
    pub fn body(&self) -> json::ApiError {
        self.to_body()
    }

    pub fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            AppError::Client { code, .. } => client_status(*code),
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn to_body(&self) -> json::ApiError {
        match self {
            AppError::NotFound => json::ApiError::new(ErrorCode::NotFound, self.to_string()),
            AppError::MethodNotAllowed => {
                json::ApiError::new(ErrorCode::MethodNotAllowed, self.to_string())
            }
            AppError::Client { code, message, field, detail, .. } => json::ApiError {
                code: *code,
                message: message.clone(),
                field: field.clone(),
                detail: detail.clone(),
            },
            AppError::Unavailable(_) => json::ApiError::new(
                ErrorCode::ServiceUnavailable,
                "the service is temporarily unavailable",
            ),
            AppError::Internal(_) => {
                json::ApiError::new(ErrorCode::Internal, "something went wrong on our side")
            }
        }
    }
}

fn client_status(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::Unauthenticated
        | ErrorCode::SessionExpired
        | ErrorCode::InvalidCredentials => StatusCode::UNAUTHORIZED,
        ErrorCode::AccountLocked => StatusCode::LOCKED,
        ErrorCode::EmailNotVerified | ErrorCode::ReauthRequired => StatusCode::FORBIDDEN,
        ErrorCode::EmailTaken | ErrorCode::Conflict => StatusCode::CONFLICT,
        ErrorCode::PasswordTooWeak
        | ErrorCode::InvalidCode
        | ErrorCode::CodeExpired
        | ErrorCode::CodeAlreadyUsed => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::CsrfRejected => StatusCode::FORBIDDEN,
        ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::ServiceUnavailable | ErrorCode::ServiceBusy => StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        ErrorCode::ValidationFailed | ErrorCode::InvalidAmount => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::BadRequest | ErrorCode::Unknown => StatusCode::BAD_REQUEST,
        ErrorCode::RecipientNotFound => StatusCode::NOT_FOUND,
        ErrorCode::IdempotencyKeyReused => StatusCode::CONFLICT,
        ErrorCode::AccountRestricted => StatusCode::FORBIDDEN,
        ErrorCode::MerchantUnavailable
        | ErrorCode::InsufficientFunds
        | ErrorCode::LimitExceeded
        | ErrorCode::CardDeclined
        | ErrorCode::SecondFactorRequired
        | ErrorCode::AmountBelowMinimum
        | ErrorCode::BankAccountInvalid
        | ErrorCode::HolderNameMismatch
        | ErrorCode::BankAccountCoolingOff => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::TwoFactorRequired => StatusCode::FORBIDDEN,
        ErrorCode::WithdrawalNotCancellable => StatusCode::CONFLICT,
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status_code();
        if status.is_server_error() {
            // `{:#}` prints the whole context chain; the client only sees the opaque body.
            let detail = match &self {
                AppError::Unavailable(e) | AppError::Internal(e) => format!("{e:#}"),
                other => other.to_string(),
            };
            tracing::error!(status = status.as_u16(), error = %detail, "request failed");
        }
        let body = self.to_body();
        let retry_after = match &body.detail {
            Some(json::ErrorDetail::RetryAfter { seconds }) => Some(seconds.to_string()),
            _ => None,
        };
        let mut response = (status, Json(body)).into_response();
        if let Some(seconds) = retry_after.and_then(|s| axum::http::HeaderValue::from_str(&s).ok()) {
            response.headers_mut().insert(axum::http::header::RETRY_AFTER, seconds);
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_internal_error_does_not_reveal_its_cause() {
        let error = AppError::Internal(anyhow::anyhow!("disk /var/secret is full"));
        let body = error.to_body();
        assert_eq!(body.code, ErrorCode::Internal);
        assert!(!body.message.contains("secret"));
    }

    #[test]
    fn a_client_error_keeps_its_code_and_field() {
        let error = AppError::field(ErrorCode::InvalidAmount, "amount", "too many decimals");
        assert_eq!(error.status_code(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error.to_body().field.as_deref(), Some("amount"));
    }
}
