use serde::{Deserialize, Serialize};
use std::fmt;

use crate::ErrorDetail;

/// Every error the API answers with: `{ "code": "NOT_FOUND", "message": "...", "field": "amount"? }`.
///
/// `code` is stable and is what clients act on and translate; `message` is English for logs and
/// developers; `field` names the request field at fault, when there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Facts some codes carry (a lock's end, a retry delay, a weak password's problems).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<ErrorDetail>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError { code, message: message.into(), field: None, detail: None }
    }

    pub fn with_field(mut self, field: impl Into<String>) -> ApiError {
        self.field = Some(field.into());
        self
    }

    pub fn with_detail(mut self, detail: ErrorDetail) -> ApiError {
        self.detail = Some(detail);
        self
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl std::error::Error for ApiError {}

macro_rules! error_codes {
    ($($(#[$doc:meta])* $variant:ident = $code:literal,)*) => {
        /// The stable error codes. Adding one is a contract change: the app must translate it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        // `rename_all` rather than a rename per variant: the OpenAPI derive reads the former
        // but not a rename passed through this macro. A test checks both spellings agree.
        #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
        pub enum ErrorCode {
            $($(#[$doc])* $variant,)*
            /// A code this build does not know yet (a newer server): shown as a generic failure.
            #[serde(other)]
            Unknown,
        }

        impl ErrorCode {
            /// Every known code (not `Unknown`).
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)*
                    ErrorCode::Unknown => "UNKNOWN",
                }
            }
        }
    };
}

error_codes! {
    /// The request body or query is not well-formed.
    BadRequest = "BAD_REQUEST",
    /// A field is present but not acceptable; `field` says which.
    ValidationFailed = "VALIDATION_FAILED",
    /// An amount is not a valid amount of its currency.
    InvalidAmount = "INVALID_AMOUNT",
    /// No such endpoint or resource.
    NotFound = "NOT_FOUND",
    /// The endpoint exists but not with this HTTP method.
    MethodNotAllowed = "METHOD_NOT_ALLOWED",
    /// The body is larger than the endpoint accepts.
    PayloadTooLarge = "PAYLOAD_TOO_LARGE",
    /// The request needs a signed-in session.
    Unauthenticated = "UNAUTHENTICATED",
    /// A state-changing request came without the CSRF header.
    CsrfRejected = "CSRF_REJECTED",
    /// Too many requests; try again later.
    RateLimited = "RATE_LIMITED",
    /// A dependency of the service (such as its database) is not answering.
    ServiceUnavailable = "SERVICE_UNAVAILABLE",
    /// The server is at capacity for this kind of request (e.g. password checks); `detail`
    /// and the `Retry-After` header say when to try again.
    ServiceBusy = "SERVICE_BUSY",
    /// Something failed on the server; details are in its log, never in the answer.
    Internal = "INTERNAL",
    /// The e-mail and password do not match an account (never says which one is wrong).
    InvalidCredentials = "INVALID_CREDENTIALS",
    /// The account is locked; `detail` says why and until when.
    AccountLocked = "ACCOUNT_LOCKED",
    /// The e-mail address has not been verified yet.
    EmailNotVerified = "EMAIL_NOT_VERIFIED",
    /// An account with this e-mail address exists already.
    EmailTaken = "EMAIL_TAKEN",
    /// The password is refused by the strength check; `detail` lists the problems.
    PasswordTooWeak = "PASSWORD_TOO_WEAK",
    /// A verification, 2FA or recovery code is wrong.
    InvalidCode = "INVALID_CODE",
    /// The code or challenge has expired; ask for a new one.
    CodeExpired = "CODE_EXPIRED",
    /// This 2FA code was already used: wait for the next one.
    CodeAlreadyUsed = "CODE_ALREADY_USED",
    /// The session has ended (idle or absolute timeout); sign in again.
    SessionExpired = "SESSION_EXPIRED",
    /// A sensitive change needs the password (and 2FA code) again first.
    ReauthRequired = "REAUTH_REQUIRED",
    /// The request conflicts with the current state (for example 2FA already on).
    Conflict = "CONFLICT",
    /// The balance cannot cover amount plus fee; `detail` says what is missing.
    InsufficientFunds = "INSUFFICIENT_FUNDS",
    /// A per-payment, daily or top-up limit would be passed; `detail` says which.
    LimitExceeded = "LIMIT_EXCEEDED",
    /// The merchant's payment interface is down; `detail` has its status and contact.
    MerchantUnavailable = "MERCHANT_UNAVAILABLE",
    /// An operator has restricted the account; `detail` has the restriction.
    AccountRestricted = "ACCOUNT_RESTRICTED",
    /// This `Idempotency-Key` was used before with a different request.
    IdempotencyKeyReused = "IDEMPOTENCY_KEY_REUSED",
    /// No wallet or merchant has this ID or e-mail address.
    RecipientNotFound = "RECIPIENT_NOT_FOUND",
    /// The card provider refused the top-up.
    CardDeclined = "CARD_DECLINED",
    /// This payment needs the current 2FA code.
    SecondFactorRequired = "SECOND_FACTOR_REQUIRED",
    /// Withdrawals need two-factor authentication turned on first.
    TwoFactorRequired = "TWO_FACTOR_REQUIRED",
    /// The amount is below the withdrawal minimum; `detail` has the minimum.
    AmountBelowMinimum = "AMOUNT_BELOW_MINIMUM",
    /// A bank account number fails its check (Luhn, ABA, IBAN); `detail` says which.
    BankAccountInvalid = "BANK_ACCOUNT_INVALID",
    /// The bank account holder's name is not the account's verified name.
    HolderNameMismatch = "HOLDER_NAME_MISMATCH",
    /// The bank account was added too recently; `detail` says until when it waits.
    BankAccountCoolingOff = "BANK_ACCOUNT_COOLING_OFF",
    /// The withdrawal is already processing or finished: it can no longer be cancelled.
    WithdrawalNotCancellable = "WITHDRAWAL_NOT_CANCELLABLE",
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips_through_json() {
        for &code in ErrorCode::ALL {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            assert_eq!(serde_json::from_str::<ErrorCode>(&json).unwrap(), code);
        }
    }

    #[test]
    fn codes_are_screaming_snake_case_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for &code in ErrorCode::ALL {
            let s = code.as_str();
            assert!(s.chars().all(|c| c.is_ascii_uppercase() || c == '_'), "{s}");
            assert!(seen.insert(s), "duplicate code {s}");
        }
    }

    #[test]
    fn a_code_from_a_newer_server_decodes_as_unknown() {
        let error: ApiError =
            serde_json::from_str(r#"{"code":"SOMETHING_NEW","message":"later"}"#).unwrap();
        assert_eq!(error.code, ErrorCode::Unknown);
    }

    #[test]
    fn the_field_is_left_out_when_there_is_none() {
        let json = serde_json::to_string(&ApiError::new(ErrorCode::NotFound, "no route")).unwrap();
        assert_eq!(json, r#"{"code":"NOT_FOUND","message":"no route"}"#);
        let with_field = ApiError::new(ErrorCode::InvalidAmount, "bad").with_field("amount");
        let back: ApiError = serde_json::from_str(&serde_json::to_string(&with_field).unwrap()).unwrap();
        assert_eq!(back, with_field);
    }
}
