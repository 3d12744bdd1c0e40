//! The idempotency key of one attempt at moving money (a payment, a top-up).
//!
//! The server answers the same key with the same body by repeating its first answer, so a
//! retry with the attempt's key can never move money twice. Spending a key too early is the
//! danger: if the first request went through but its answer was lost, a new key would pay a
//! second time. So the key is kept after a lost connection, a timeout, an answer that is not
//! the server's, and ANY 5xx (the server may have committed before failing); and it is kept
//! after refusals that say nothing about the attempt itself (rate limits, a lock, an ended
//! session). It is spent only by a definite business answer: the money moved (2xx), or a 4xx
//! refusal of this very request (short balance, a limit, a merchant down, a wrong code...).

use leptos::prelude::*;
use wallet_api::ErrorCode;

use crate::api::{self, ApiError};

/// True when nobody knows whether the request went through: no answer at all, an answer that
/// is not the server's (a proxy's page), or a server error (5xx). The same request is then
/// sent again with the same key.
pub fn outcome_unknown<T>(result: &Result<T, ApiError>) -> bool {
    result.as_ref().err().is_some_and(answer_lost)
}

/// The error of a request whose outcome is unknown.
pub fn answer_lost(error: &ApiError) -> bool {
    match error {
        ApiError::Network | ApiError::Unexpected { .. } => true,
        ApiError::Server { status, .. } => *status >= 500,
    }
}

/// A 4xx refusal that is the server's definite answer to this request: nothing moved, and
/// the attempt is over (the next one, after a fix, is a new attempt with a new key).
fn definite_refusal(code: ErrorCode) -> bool {
    matches!(
        code,
        ErrorCode::InsufficientFunds
            | ErrorCode::LimitExceeded
            | ErrorCode::MerchantUnavailable
            | ErrorCode::AccountRestricted
            | ErrorCode::RecipientNotFound
            | ErrorCode::CardDeclined
            | ErrorCode::InvalidAmount
            | ErrorCode::ValidationFailed
            | ErrorCode::BadRequest
            | ErrorCode::IdempotencyKeyReused
            | ErrorCode::SecondFactorRequired
            | ErrorCode::InvalidCode
            | ErrorCode::CodeAlreadyUsed
            | ErrorCode::CodeExpired
    )
}

/// Whether an answer spends the attempt's key: a success, or a definite 4xx refusal. Never a
/// lost answer or a 5xx, nor a refusal that does not judge the request (rate limited, busy,
/// locked, session ended, CSRF): the retry of such an attempt must carry the same key.
pub fn spends_key<T>(result: &Result<T, ApiError>) -> bool {
    match result {
        Ok(_) => true,
        Err(ApiError::Server { status, error }) => (400..500).contains(status) && definite_refusal(error.code),
        Err(ApiError::Network | ApiError::Unexpected { .. }) => false,
    }
}

/// The key of the current attempt, kept in a signal so that every click of one attempt
/// (double clicks, retries) sends the same key.
#[derive(Clone, Copy)]
pub struct AttemptKey(RwSignal<Option<String>>);

impl AttemptKey {
    pub fn new() -> AttemptKey {
        AttemptKey(RwSignal::new(None))
    }

    /// A new attempt begins (the payment was reviewed): it gets a fresh key.
    pub fn start(&self) {
        self.0.set(Some(api::new_idempotency_key()));
    }

    /// The form changed: whatever comes next is a new attempt.
    pub fn forget(&self) {
        self.0.set(None);
    }

    /// The key to send for the current attempt (made now if the attempt has none yet).
    pub fn current(&self) -> String {
        if let Some(key) = self.0.get_untracked() {
            return key;
        }
        let key = api::new_idempotency_key();
        self.0.set(Some(key.clone()));
        key
    }

    /// After the request: a definite answer spends the key (see [`spends_key`]); anything
    /// else keeps it for the retry.
    pub fn settle<T>(&self, result: &Result<T, ApiError>) {
        if spends_key(result) {
            self.forget();
        }
    }
}

impl Default for AttemptKey {
    fn default() -> AttemptKey {
        AttemptKey::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(status: u16, code: ErrorCode) -> Result<(), ApiError> {
        Err(ApiError::Server { status, error: crate::api::ServerError::new(code, "refused") })
    }

    #[test]
    fn a_lost_connection_leaves_the_outcome_unknown_so_the_key_is_kept() {
        for lost in [Err(ApiError::Network), Err(ApiError::Unexpected { status: 502 }), Err(ApiError::Unexpected { status: 0 })] {
            assert!(outcome_unknown::<()>(&lost));
            assert!(!spends_key::<()>(&lost));
        }
    }

    #[test]
    fn any_server_error_keeps_the_key_since_the_payment_may_have_been_committed() {
        for (status, code) in [
            (500, ErrorCode::Internal),
            (503, ErrorCode::ServiceUnavailable),
            (503, ErrorCode::ServiceBusy),
            (504, ErrorCode::Unknown),
            (502, ErrorCode::InsufficientFunds),
        ] {
            let result = server(status, code);
            assert!(outcome_unknown(&result), "{status} {code:?}");
            assert!(!spends_key(&result), "{status} {code:?}");
        }
    }

    #[test]
    fn a_success_or_a_business_refusal_spends_the_key() {
        assert!(spends_key(&Ok(())));
        assert!(!outcome_unknown(&Ok(())));
        for (status, code) in [
            (402, ErrorCode::InsufficientFunds),
            (422, ErrorCode::LimitExceeded),
            (409, ErrorCode::MerchantUnavailable),
            (403, ErrorCode::AccountRestricted),
            (402, ErrorCode::CardDeclined),
            (400, ErrorCode::InvalidCode),
            (403, ErrorCode::SecondFactorRequired),
            (422, ErrorCode::IdempotencyKeyReused),
        ] {
            let result = server(status, code);
            assert!(spends_key(&result), "{status} {code:?}");
            assert!(!outcome_unknown(&result), "{status} {code:?}");
        }
    }

    #[test]
    fn a_refusal_that_does_not_judge_the_request_keeps_the_key() {
        for (status, code) in [
            (429, ErrorCode::RateLimited),
            (423, ErrorCode::AccountLocked),
            (401, ErrorCode::SessionExpired),
            (401, ErrorCode::Unauthenticated),
            (403, ErrorCode::CsrfRejected),
            (409, ErrorCode::Conflict),
        ] {
            assert!(!spends_key(&server(status, code)), "{status} {code:?}");
        }
    }
}
