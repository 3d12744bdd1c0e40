use leptos::prelude::*;
use wallet_api::ErrorCode;

use crate::api::ApiError;
use leptos_i18n::I18nContext;

use crate::i18n::*;

/// The translated message for a stable error code.
pub fn code_message(i18n: I18nContext<Locale>, code: ErrorCode) -> String {
    match code {
        ErrorCode::BadRequest => t_string!(i18n, errors.bad_request),
        ErrorCode::ValidationFailed => t_string!(i18n, errors.validation_failed),
        ErrorCode::InvalidAmount => t_string!(i18n, errors.invalid_amount),
        ErrorCode::NotFound => t_string!(i18n, errors.not_found),
        ErrorCode::MethodNotAllowed => t_string!(i18n, errors.method_not_allowed),
        ErrorCode::PayloadTooLarge => t_string!(i18n, errors.payload_too_large),
        ErrorCode::Unauthenticated => t_string!(i18n, errors.unauthenticated),
        ErrorCode::CsrfRejected => t_string!(i18n, errors.csrf_rejected),
        ErrorCode::RateLimited => t_string!(i18n, errors.rate_limited),
        ErrorCode::ServiceUnavailable => t_string!(i18n, errors.service_unavailable),
        ErrorCode::ServiceBusy => t_string!(i18n, errors.service_busy),
        ErrorCode::Internal => t_string!(i18n, errors.internal),
        ErrorCode::InvalidCredentials => t_string!(i18n, errors.invalid_credentials),
        ErrorCode::AccountLocked => t_string!(i18n, errors.account_locked),
        ErrorCode::EmailNotVerified => t_string!(i18n, errors.email_not_verified),
        ErrorCode::EmailTaken => t_string!(i18n, errors.email_taken),
        ErrorCode::PasswordTooWeak => t_string!(i18n, errors.password_too_weak),
        ErrorCode::InvalidCode => t_string!(i18n, errors.invalid_code),
        ErrorCode::CodeExpired => t_string!(i18n, errors.code_expired),
        ErrorCode::CodeAlreadyUsed => t_string!(i18n, errors.code_already_used),
        ErrorCode::SessionExpired => t_string!(i18n, errors.session_expired),
        ErrorCode::ReauthRequired => t_string!(i18n, errors.reauth_required),
        ErrorCode::Conflict => t_string!(i18n, errors.conflict),
        ErrorCode::InsufficientFunds => t_string!(i18n, errors.insufficient_funds),
        ErrorCode::LimitExceeded => t_string!(i18n, errors.limit_exceeded),
        ErrorCode::MerchantUnavailable => t_string!(i18n, errors.merchant_unavailable),
        ErrorCode::AccountRestricted => t_string!(i18n, errors.account_restricted),
        ErrorCode::IdempotencyKeyReused => t_string!(i18n, errors.idempotency_key_reused),
        ErrorCode::RecipientNotFound => t_string!(i18n, errors.recipient_not_found),
        ErrorCode::CardDeclined => t_string!(i18n, errors.card_declined),
        ErrorCode::SecondFactorRequired => t_string!(i18n, errors.second_factor_required),
        ErrorCode::TwoFactorRequired => t_string!(i18n, errors.two_factor_required),
        ErrorCode::AmountBelowMinimum => t_string!(i18n, errors.amount_below_minimum),
        ErrorCode::BankAccountInvalid => t_string!(i18n, errors.bank_account_invalid),
        ErrorCode::HolderNameMismatch => t_string!(i18n, errors.holder_name_mismatch),
        ErrorCode::BankAccountCoolingOff => t_string!(i18n, errors.bank_account_cooling_off),
        ErrorCode::WithdrawalNotCancellable => t_string!(i18n, errors.withdrawal_not_cancellable),
        ErrorCode::Unknown => t_string!(i18n, errors.unknown),
    }
    .to_string()
}

/// What went wrong with a call, in the reader's language.
pub fn error_message(i18n: I18nContext<Locale>, error: &ApiError) -> String {
    match error {
        ApiError::Server { error, .. } => code_message(i18n, error.code),
        ApiError::Network => t_string!(i18n, errors.network).to_string(),
        ApiError::Unexpected { .. } => t_string!(i18n, errors.unexpected).to_string(),
    }
}

/// An error announced to assistive technology as it appears.
#[component]
pub fn ErrorNotice(error: ApiError) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="notice notice-error" role="alert" data-testid="error-notice">
            {move || error_message(i18n, &error)}
        </p>
    }
}
