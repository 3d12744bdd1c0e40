//! The words for a withdrawal's state and rejection reason, in one place for every page.

use leptos_i18n::I18nContext;
use wallet_api::{RejectionReason, WithdrawalState};

use crate::i18n::*;

pub fn state_label(i18n: I18nContext<Locale>, state: WithdrawalState) -> String {
    match state {
        WithdrawalState::Submitted => t_string!(i18n, withdrawal.state_submitted),
        WithdrawalState::UnderReview => t_string!(i18n, withdrawal.state_under_review),
        WithdrawalState::Processing => t_string!(i18n, withdrawal.state_processing),
        WithdrawalState::Completed => t_string!(i18n, withdrawal.state_completed),
        WithdrawalState::Rejected => t_string!(i18n, withdrawal.state_rejected),
        WithdrawalState::Cancelled => t_string!(i18n, withdrawal.state_cancelled),
    }
    .to_string()
}

/// Why a withdrawal was rejected, with what to do about it.
pub fn reason_label(i18n: I18nContext<Locale>, reason: RejectionReason) -> String {
    match reason {
        RejectionReason::BankRejected => t_string!(i18n, withdrawal.reason_bank_rejected),
        RejectionReason::AccountDetailsInvalid => t_string!(i18n, withdrawal.reason_account_details_invalid),
        RejectionReason::ComplianceReview => t_string!(i18n, withdrawal.reason_compliance_review),
        RejectionReason::SuspiciousActivity => t_string!(i18n, withdrawal.reason_suspicious_activity),
        RejectionReason::Other => t_string!(i18n, withdrawal.reason_other),
    }
    .to_string()
}
