//! Accounts, sign-in, sessions, two-factor authentication, account locks and self-service
//! unlock. Times are Unix seconds (UTC); the app shows them in the reader's time zone.

use serde::{Deserialize, Serialize};

use crate::redact::redacted_debug;
use crate::{Lang, MerchantInfo, Money, Restriction};

/// Unix time in seconds.
pub type Timestamp = i64;

/// `POST /auth/sign-up`
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignUpRequest {
    pub email: String,
    pub phone: String,
    pub display_name: String,
    pub password: String,
    /// The language e-mails and messages are written in.
    pub lang: Lang,
}
redacted_debug!(SignUpRequest { email, phone, display_name, lang; password });

/// Where the verification code went (masked), and until when it is valid.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerificationSent {
    pub sent_to: String,
    pub expires_at: Timestamp,
    /// From sign-up: the token of this sign-up attempt. The browser that started it sends it
    /// back with the code (and when asking for a new one), so the code can only complete this
    /// attempt, never another sign-up for the same address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempt: Option<String>,
}
redacted_debug!(VerificationSent { sent_to, expires_at; attempt });

/// `POST /auth/verify-email`: the 6-digit code from the e-mail.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerifyEmailRequest {
    pub email: String,
    pub code: String,
    /// The sign-up attempt's token from `VerificationSent`, when this browser has it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempt: Option<String>,
    /// The browser's IANA time zone (`Asia/Shanghai`): mails give times in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
}
redacted_debug!(VerifyEmailRequest { email, time_zone; code, attempt });

/// `POST /auth/resend-verification`: a new code for the sign-up `attempt` names (or, without
/// it, the newest sign-up for the address).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResendVerificationRequest {
    pub email: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempt: Option<String>,
}
redacted_debug!(ResendVerificationRequest { email; attempt });

/// A request that names only an e-mail address (resend a code, forgot password, start an
/// unlock). The answer never tells whether an account has that address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmailRequest {
    pub email: String,
}

/// `POST /auth/sign-in`
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignInRequest {
    pub email: String,
    pub password: String,
    /// The browser's IANA time zone: the account's mails follow the device last signed in on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
}
redacted_debug!(SignInRequest { email, time_zone; password });

/// `PUT /account/preferences`: the language the account's mails and messages are written in
/// (the one the reader picked in the app) and, when the browser knows it, its time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreferencesRequest {
    pub lang: Lang,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
}

/// What a correct password leads to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum SignInOutcome {
    /// Signed in: the session cookie is set.
    SignedIn { session: SessionInfo },
    /// 2FA is on: send a code with this challenge to `POST /auth/second-factor`. The password
    /// is proved, so the account's anti-phishing phrase is shown here (and never before).
    SecondFactorRequired {
        challenge: String,
        expires_at: Timestamp,
        #[serde(default)]
        anti_phishing_phrase: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Copy)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SecondFactorKind {
    /// A 6-digit code from the authenticator app.
    Totp,
    /// One of the single-use recovery codes.
    RecoveryCode,
}

/// `POST /auth/second-factor`
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SecondFactorRequest {
    pub challenge: String,
    pub kind: SecondFactorKind,
    pub code: String,
}
redacted_debug!(SecondFactorRequest { kind; challenge, code });

/// `GET /session`: the session, if the browser has a live one. Signed out is an ordinary
/// answer here, not an error, so that every page can ask without a failed request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CurrentSession {
    pub session: Option<SessionInfo>,
}

/// The signed-in user and the session's facts. `csrf_token` must be sent in the
/// `x-wallet-csrf` header of every state-changing request; the app keeps it in memory only.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    pub user: User,
    pub csrf_token: String,
    pub idle_expires_at: Timestamp,
    pub absolute_expires_at: Timestamp,
    /// Idle timeout in seconds, so the app can warn before it ends.
    pub idle_timeout_secs: i64,
    pub unread_messages: u32,
    /// Set after a self-service unlock: the app prompts to turn on 2FA.
    pub suggest_two_factor: bool,
    /// Until when sensitive changes are allowed without re-authenticating, if they are now.
    pub reauth_until: Option<Timestamp>,
}
redacted_debug!(SessionInfo {
    user, idle_expires_at, absolute_expires_at, idle_timeout_secs, unread_messages, suggest_two_factor, reauth_until;
    csrf_token
});

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    pub id: String,
    pub email: String,
    pub display_name: String,
    /// Only the last four digits: `*** **** 1234`.
    pub phone_masked: String,
    pub lang: Lang,
    pub two_factor: bool,
    pub recovery_codes_left: u32,
    pub anti_phishing_phrase: Option<String>,
}

/// `POST /session/reauth`: proves the user is still at the keyboard before a sensitive
/// change (password, 2FA). `code` is a TOTP code, required when 2FA is on.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReauthRequest {
    pub password: String,
    pub code: Option<String>,
}
redacted_debug!(ReauthRequest { ; password, code });

/// Until when sensitive changes are allowed without asking again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReauthGranted {
    pub until: Timestamp,
}

/// `POST /account/password`: after re-authentication.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangePasswordRequest {
    pub new_password: String,
}
redacted_debug!(ChangePasswordRequest { ; new_password });

/// `POST /auth/reset-password`: the code e-mailed by "forgot password".
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResetPasswordRequest {
    pub email: String,
    pub code: String,
    pub new_password: String,
}
redacted_debug!(ResetPasswordRequest { email; code, new_password });

/// `POST /account/two-factor/enrol`: a new secret, not active until confirmed.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TwoFactorEnrolment {
    /// Base32, for typing into an authenticator app.
    pub secret: String,
    /// `otpauth://totp/...`, for the QR code.
    pub otpauth_uri: String,
}
redacted_debug!(TwoFactorEnrolment { ; secret, otpauth_uri });

/// `POST /account/two-factor/confirm`: the first code from the app turns 2FA on.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeRequest {
    pub code: String,
}
redacted_debug!(CodeRequest { ; code });

/// Ten single-use recovery codes, shown once.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecoveryCodes {
    pub codes: Vec<String>,
}
redacted_debug!(RecoveryCodes { ; codes });

/// A session of the signed-in user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionSummary {
    pub id: String,
    pub device: String,
    pub ip: String,
    pub created_at: Timestamp,
    pub last_used_at: Timestamp,
    pub current: bool,
    /// Another session, started from a browser and address the account had not used before.
    pub new_device: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Copy)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SignInResult {
    Success,
    WrongPassword,
    WrongCode,
    ReplayedCode,
    Locked,
}

/// One sign-in attempt on the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignInEvent {
    pub id: String,
    pub at: Timestamp,
    pub result: SignInResult,
    pub ip: String,
    pub device: String,
    /// The user said "this wasn't me".
    pub reported: bool,
}

/// `GET /account/security`: the security check-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SecurityCheckup {
    pub two_factor: bool,
    pub recovery_codes_left: u32,
    pub password_changed_at: Timestamp,
    pub active_sessions: u32,
    /// Other live sessions started from a browser and address the account had not used.
    pub new_device_sessions: u32,
    pub recent_sign_ins: Vec<SignInEvent>,
    pub anti_phishing_phrase: Option<String>,
}

/// `PUT /account/anti-phishing-phrase`; an empty phrase removes it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AntiPhishingRequest {
    pub phrase: String,
}
redacted_debug!(AntiPhishingRequest { ; phrase });


#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Copy)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LockReason {
    /// Too many wrong passwords or 2FA codes in a row.
    FailedAttempts,
    /// The user reported a sign-in that was not theirs.
    ReportedSignIn,
}

/// Extra facts some errors carry, so the app can say exactly what bit and until when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ErrorDetail {
    /// `ACCOUNT_LOCKED`
    Locked { reason: LockReason, until: Timestamp },
    /// `RATE_LIMITED`
    RetryAfter { seconds: i64 },
    /// `PASSWORD_TOO_WEAK`: what the strength check found.
    WeakPassword { problems: Vec<PasswordProblem> },
    /// `INVALID_CREDENTIALS` when few tries are left: how many wrong passwords are still
    /// allowed before the address is locked, and for how long it would be locked.
    AttemptsLeft { attempts_left: u32, lock_minutes: u32 },
    /// `INVALID_CODE`: tries left before the code is spent.
    TriesLeft { tries: u32 },
    /// `INSUFFICIENT_FUNDS`: what the payment needed, what there is and what is missing.
    Shortfall { available: Money, needed: Money, missing: Money, transaction_id: Option<String> },
    /// `LIMIT_EXCEEDED`: which limit, its size and what is left of it.
    Limit { limit: LimitKind, size: Money, remaining: Money, transaction_id: Option<String> },
    /// `MERCHANT_UNAVAILABLE`: the merchant's status and contact.
    Merchant { merchant: MerchantInfo, transaction_id: Option<String> },
    /// `ACCOUNT_RESTRICTED`: the restriction in force.
    Restricted { restriction: Restriction, transaction_id: Option<String> },
    /// `CARD_DECLINED`: the failed top-up's ID.
    Declined { transaction_id: String },
    /// `AMOUNT_BELOW_MINIMUM`: the smallest amount that can be withdrawn.
    Minimum { minimum: Money },
    /// `LIMIT_EXCEEDED` of a withdrawal: which limit, its size and what is left of it.
    WithdrawalLimit { limit: WithdrawalLimitKind, size: Money, remaining: Money },
    /// `BANK_ACCOUNT_COOLING_OFF`: when the bank account can receive withdrawals.
    CoolingOff { until: Timestamp },
    /// `BANK_ACCOUNT_INVALID`: which check failed.
    BankNumber { problem: crate::BankNumberProblem },
}

impl ErrorDetail {
    /// The failed transaction a money error was recorded as, if any.
    pub fn transaction_id(&self) -> Option<&str> {
        match self {
            ErrorDetail::Shortfall { transaction_id, .. }
            | ErrorDetail::Limit { transaction_id, .. }
            | ErrorDetail::Merchant { transaction_id, .. }
            | ErrorDetail::Restricted { transaction_id, .. } => transaction_id.as_deref(),
            ErrorDetail::Declined { transaction_id } => Some(transaction_id),
            _ => None,
        }
    }
}

/// The withdrawal limits: the last 24 hours, the last 30 days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WithdrawalLimitKind {
    Daily,
    Monthly,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LimitKind {
    PerPayment,
    Daily,
    TopUp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Copy)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PasswordProblem {
    TooShort,
    TooLong,
    Common,
    ContainsPersonalInfo,
    Repetitive,
    Sequence,
    TooPredictable,
}

/// `POST /help/lock-status`: the signed-out diagnosis of the "can't sign in" wizard. The
/// state is told only when the e-mail and the phone's last 4 digits both match an account;
/// anything else answers `Unconfirmed`, the same for a missing account as for a wrong phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LockStatusRequest {
    pub email: String,
    pub phone_last4: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum LockStatus {
    Unconfirmed,
    NotLocked,
    Locked { reason: LockReason, until: Timestamp },
    EmailNotVerified,
}

/// `POST /unlock/verify`: the e-mailed code and the phone's last 4 digits.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnlockVerifyRequest {
    pub email: String,
    pub code: String,
    pub phone_last4: String,
}
redacted_debug!(UnlockVerifyRequest { email, phone_last4; code });

/// Proof of identity for the last unlock step (valid 10 minutes, once).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnlockTicket {
    pub ticket: String,
    pub expires_at: Timestamp,
}
redacted_debug!(UnlockTicket { expires_at; ticket });

/// `POST /unlock/complete`: a new password ends the lock.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnlockCompleteRequest {
    pub ticket: String,
    pub new_password: String,
}
redacted_debug!(UnlockCompleteRequest { ; ticket, new_password });

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Copy)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    AccountLocked,
    AccountUnlocked,
    NewDeviceSignIn,
    PasswordChanged,
    TwoFactorEnabled,
    TwoFactorDisabled,
    RecoveryCodesRegenerated,
    SignInReported,
    Welcome,
    PaymentReceived,
    TopUpCompleted,
    TopUpFailed,
    /// A bank account was added (`facts.bank_account`, masked).
    BankAccountAdded,
    /// A withdrawal changed state (`facts.state`, `transaction_id`, `amount`, `reason`).
    WithdrawalUpdate,
}

/// A message-centre entry. The app writes the text from `kind` and `facts` in the reader's
/// language; `facts` are plain values such as `until`, `ip` or `device`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Message {
    pub id: String,
    pub kind: MessageKind,
    pub at: Timestamp,
    pub read: bool,
    pub facts: MessageFacts,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessageFacts {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<String>,
    /// A bank account, masked (`•••• 1234`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bank_account: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<crate::WithdrawalState>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<crate::RejectionReason>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessageList {
    pub messages: Vec<Message>,
    pub unread: u32,
}

/// An e-mail in the outbox (`GET /demo/outbox`, demo mode only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutboxMail {
    pub id: String,
    pub to: String,
    pub subject: String,
    /// The plain-text part.
    pub body: String,
    /// The HTML part (the same words), when the mail has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub html: Option<String>,
    pub at: Timestamp,
    pub sent: bool,
}
