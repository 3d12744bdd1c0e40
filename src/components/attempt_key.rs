//! The idempotency key of one attempt at moving money (a payment, a top-up).
//!
//! The server answers the same key with the same body by repeating its first answer, so a
//! key may be sent again only to retry that very request when its outcome is unknown (the
//! connection dropped). Once the server has answered, the key is spent: the next attempt, even
//! from the same form, gets a new one; two keys for one intended payment would be two payments.

use leptos::prelude::*;

use crate::api::{self, ApiError};

/// True when nobody knows whether the request went through: no answer at all, or an answer
/// that is not the server's (a proxy's page). Only then is the same key sent again.
pub fn outcome_unknown<T>(result: &Result<T, ApiError>) -> bool {
    result.as_ref().err().is_some_and(answer_lost)
}

/// The error of a request whose outcome is unknown.
pub fn answer_lost(error: &ApiError) -> bool {
    matches!(error, ApiError::Network | ApiError::Unexpected { .. })
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

    /// After the request: an answer from the server spends the key; an unknown outcome keeps
    /// it for the retry.
    pub fn settle<T>(&self, result: &Result<T, ApiError>) {
        if !outcome_unknown(result) {
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
    use wallet_api::ErrorCode;

    #[test]
    fn a_lost_connection_leaves_the_outcome_unknown_so_the_key_is_kept() {
        assert!(outcome_unknown::<()>(&Err(ApiError::Network)));
        assert!(outcome_unknown::<()>(&Err(ApiError::Unexpected { status: 502 })));
    }

    #[test]
    fn any_answer_from_the_server_spends_the_key() {
        let refused = ApiError::Server {
            status: 402,
            error: wallet_api::ApiError::new(ErrorCode::InsufficientFunds, "short"),
        };
        assert!(!outcome_unknown::<()>(&Err(refused)));
        assert!(!outcome_unknown(&Ok(())));
    }
}
