//! The typed client of the wallet API: one function per endpoint, each returning
//! `Result<T, ApiError>`. Requests are same-origin (`/api/v1/...`).

use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::cell::{Cell, RefCell};
use std::fmt;
use std::rc::Rc;
use wallet_api as json;
use wallet_api::ErrorCode;

use crate::brand_file::Brand;
use crate::routes::url_with_query;
use crate::help::{Article, IndexedDoc, Wizard, WizardSummary};
use wallet_api::Lang;

/// Why a call did not return its value.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The server answered with an error body: act on `error.code`.
    Server { status: u16, error: ServerError },
    /// The server could not be reached (offline, DNS, connection refused).
    Network,
    /// An answer that is neither the expected value nor an error body (a proxy's HTML page,
    /// a truncated body).
    Unexpected { status: u16 },
}

/// The server's error body (`wallet_api::ApiError`) as the app keeps it. Its detail stays JSON
/// until a page asks for it: only the pages that explain a refusal read it, so its parser stays
/// out of the code every page loads.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct ServerError {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default)]
    pub field: Option<String>,
    #[serde(default, deserialize_with = "raw_detail")]
    detail: Option<String>,
}

fn raw_detail<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    let raw: Option<Box<serde_json::value::RawValue>> = serde::Deserialize::deserialize(deserializer)?;
    Ok(raw.map(|raw| raw.get().to_string()))
}

impl ServerError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ServerError {
        ServerError { code, message: message.into(), field: None, detail: None }
    }

    pub fn with_field(mut self, field: impl Into<String>) -> ServerError {
        self.field = Some(field.into());
        self
    }

    pub fn with_detail(mut self, detail: &json::ErrorDetail) -> ServerError {
        self.detail = serde_json::to_string(detail).ok();
        self
    }

    /// The facts the code carries, if the body had them (and they are of a kind the app knows).
    pub fn detail(&self) -> Option<json::ErrorDetail> {
        crate::error_detail::parse(self.detail.as_deref()?)
    }
}

impl fmt::Display for ServerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl ApiError {
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ApiError::Server { error, .. } => Some(error.code),
            _ => None,
        }
    }

    /// The request field the server blamed, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            ApiError::Server { error, .. } => error.field.as_deref(),
            _ => None,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Server { status, error } => write!(f, "HTTP {status}: {error}"),
            ApiError::Network => f.write_str("network failure"),
            ApiError::Unexpected { status } => write!(f, "unexpected answer (HTTP {status})"),
        }
    }
}

impl std::error::Error for ApiError {}

fn api_url(path: &str) -> String {
    format!("{}{path}", json::API_PREFIX)
}

async fn get<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    let response = Request::get(url).send().await.map_err(|_| ApiError::Network)?;
    decode(response).await
}

thread_local! {
    /// The session's CSRF token, in memory only (never in storage): sent on every state change.
    static CSRF_TOKEN: RefCell<Option<String>> = const { RefCell::new(None) };
    /// Told when any call finds the session over, so the app can show "session expired".
    static ON_SESSION_ENDED: RefCell<Option<Rc<dyn Fn(ErrorCode)>>> = const { RefCell::new(None) };
    /// When the API last answered successfully (`Date.now()`): the session's idle timer counts
    /// from there, as the server's does.
    static LAST_API_ANSWER: Cell<f64> = const { Cell::new(0.0) };
    /// Told after every state change the server accepted, so what the header shows (the
    /// unread count) follows the server.
    static ON_CHANGE: RefCell<Option<Rc<dyn Fn()>>> = const { RefCell::new(None) };
}

pub fn last_api_answer() -> f64 {
    LAST_API_ANSWER.with(Cell::get)
}

pub fn set_csrf_token(token: Option<String>) {
    CSRF_TOKEN.with(|t| *t.borrow_mut() = token);
}

pub fn on_session_ended(callback: impl Fn(ErrorCode) + 'static) {
    ON_SESSION_ENDED.with(|c| *c.borrow_mut() = Some(Rc::new(callback)));
}

pub fn on_change(callback: impl Fn() + 'static) {
    ON_CHANGE.with(|c| *c.borrow_mut() = Some(Rc::new(callback)));
}

fn csrf_value() -> String {
    // Signed out there is no token; the header's presence is what public endpoints check.
    CSRF_TOKEN.with(|t| t.borrow().clone()).unwrap_or_else(|| "1".to_string())
}

/// A state-changing request with the CSRF header and, when given, a JSON body.
async fn send<B: Serialize, T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: Option<&B>,
) -> Result<T, ApiError> {
    send_with_key(method, path, body, None).await
}

/// As `send`, with an `Idempotency-Key` for requests that move money.
async fn send_with_key<B: Serialize, T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: Option<&B>,
    idempotency_key: Option<&str>,
) -> Result<T, ApiError> {
    let url = api_url(path);
    let mut builder = match method {
        Method::Post => Request::post(&url),
        Method::Put => Request::put(&url),
        Method::Delete => Request::delete(&url),
    }
    .header(json::CSRF_HEADER, &csrf_value());
    if let Some(key) = idempotency_key {
        builder = builder.header(json::IDEMPOTENCY_HEADER, key);
    }
    let request = match body {
        Some(body) => builder.json(body).map_err(|_| ApiError::Unexpected { status: 0 })?,
        None => builder.build().map_err(|_| ApiError::Unexpected { status: 0 })?,
    };
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    let answer = decode(response).await;
    // Sign-in and sign-out set the session themselves.
    if answer.is_ok() && !path.starts_with("/auth/") {
        if let Some(callback) = ON_CHANGE.with(|c| c.borrow().clone()) {
            callback();
        }
    }
    answer
}

enum Method {
    Post,
    Put,
    Delete,
}

async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ApiError> {
    send(Method::Post, path, Some(body)).await
}

/// A POST without a body.
async fn post_empty<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    send::<(), T>(Method::Post, path, None).await
}

/// Endpoints that answer `204 No Content` decode into this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoContent;

impl<'de> serde::Deserialize<'de> for NoContent {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<NoContent, D::Error> {
        serde::de::IgnoredAny::deserialize(deserializer)?;
        Ok(NoContent)
    }
}

async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    if response.ok() {
        if response.url().contains(json::API_PREFIX) {
            LAST_API_ANSWER.with(|t| t.set(crate::time::now_millis()));
        }
        if status == 204 {
            // No body: only `NoContent` (which ignores its input) decodes from `null`.
            return serde_json::from_str("null").map_err(|_| ApiError::Unexpected { status });
        }
        return response.json::<T>().await.map_err(|_| ApiError::Unexpected { status });
    }
    match response.json::<ServerError>().await {
        Ok(error) => {
            if matches!(error.code, ErrorCode::SessionExpired | ErrorCode::Unauthenticated) {
                if let Some(callback) = ON_SESSION_ENDED.with(|c| c.borrow().clone()) {
                    callback(error.code);
                }
            }
            Err(ApiError::Server { status, error })
        }
        Err(_) => Err(ApiError::Unexpected { status }),
    }
}

/// `GET /api/v1/health`
pub async fn health() -> Result<json::Health, ApiError> {
    get(&api_url("/health")).await
}

/// The operator's brand file, `/brand.json` (a static file, not an API endpoint: it must load
/// even while the API is down).
pub async fn brand() -> Result<Brand, ApiError> {
    get("/brand.json").await
}

// Help content: static files made at build time (see `help`), loaded only by help pages.

pub async fn help_index(lang: Lang) -> Result<Vec<IndexedDoc>, ApiError> {
    get(&format!("/help-data/{}/index.json", lang.tag())).await
}

pub async fn help_article(lang: Lang, slug: String) -> Result<Article, ApiError> {
    get(&format!("/help-data/{}/{slug}.json", lang.tag())).await
}

pub async fn wizards() -> Result<Vec<WizardSummary>, ApiError> {
    get("/help-data/wizards/index.json").await
}

pub async fn wizard(id: String) -> Result<Wizard, ApiError> {
    get(&format!("/help-data/wizards/{id}.json")).await
}

// Accounts and sign-in (no session needed).

pub async fn sign_up(request: json::SignUpRequest) -> Result<json::VerificationSent, ApiError> {
    post("/auth/sign-up", &request).await
}

pub async fn verify_email(request: json::VerifyEmailRequest) -> Result<json::SessionInfo, ApiError> {
    post("/auth/verify-email", &request).await
}

/// A new code for the sign-up `attempt` names (this browser's own), or the newest for `email`.
pub async fn resend_verification(email: String, attempt: Option<String>) -> Result<json::VerificationSent, ApiError> {
    post("/auth/resend-verification", &json::ResendVerificationRequest { email, attempt }).await
}

pub async fn sign_in(request: json::SignInRequest) -> Result<json::SignInOutcome, ApiError> {
    post("/auth/sign-in", &request).await
}

pub async fn second_factor(request: json::SecondFactorRequest) -> Result<json::SessionInfo, ApiError> {
    post("/auth/second-factor", &request).await
}

pub async fn sign_out() -> Result<NoContent, ApiError> {
    post_empty("/auth/sign-out").await
}

pub async fn forgot_password(email: String) -> Result<json::VerificationSent, ApiError> {
    post("/auth/forgot-password", &json::EmailRequest { email }).await
}

pub async fn reset_password(request: json::ResetPasswordRequest) -> Result<NoContent, ApiError> {
    post("/auth/reset-password", &request).await
}

pub async fn unlock_start(email: String) -> Result<json::VerificationSent, ApiError> {
    post("/unlock/start", &json::EmailRequest { email }).await
}

pub async fn unlock_verify(request: json::UnlockVerifyRequest) -> Result<json::UnlockTicket, ApiError> {
    post("/unlock/verify", &request).await
}

pub async fn unlock_complete(request: json::UnlockCompleteRequest) -> Result<NoContent, ApiError> {
    post("/unlock/complete", &request).await
}

pub async fn lock_status(request: json::LockStatusRequest) -> Result<json::LockStatus, ApiError> {
    post("/help/lock-status", &request).await
}

// The signed-in user's session, security and messages.

/// The signed-in session, or `None` when signed out (or the session has ended).
pub async fn session() -> Result<Option<json::SessionInfo>, ApiError> {
    get::<json::CurrentSession>(&api_url("/session")).await.map(|current| current.session)
}

pub async fn reauth(request: json::ReauthRequest) -> Result<json::ReauthGranted, ApiError> {
    post("/session/reauth", &request).await
}

pub async fn sessions() -> Result<Vec<json::SessionSummary>, ApiError> {
    get(&api_url("/sessions")).await
}

pub async fn end_session(id: String) -> Result<NoContent, ApiError> {
    send::<(), NoContent>(Method::Delete, &format!("/sessions/{id}"), None).await
}

pub async fn sign_out_others() -> Result<NoContent, ApiError> {
    post_empty("/sessions/sign-out-others").await
}

pub async fn sign_ins() -> Result<Vec<json::SignInEvent>, ApiError> {
    get(&api_url("/account/sign-ins")).await
}

pub async fn report_sign_in(id: String) -> Result<NoContent, ApiError> {
    post_empty(&format!("/account/sign-ins/{id}/not-me")).await
}

pub async fn security_checkup() -> Result<json::SecurityCheckup, ApiError> {
    get(&api_url("/account/security")).await
}

pub async fn set_anti_phishing_phrase(phrase: String) -> Result<NoContent, ApiError> {
    send(Method::Put, "/account/anti-phishing-phrase", Some(&json::AntiPhishingRequest { phrase })).await
}

pub async fn change_password(new_password: String) -> Result<NoContent, ApiError> {
    post("/account/password", &json::ChangePasswordRequest { new_password }).await
}

pub async fn two_factor_enrol() -> Result<json::TwoFactorEnrolment, ApiError> {
    post_empty("/account/two-factor/enrol").await
}

pub async fn two_factor_confirm(code: String) -> Result<json::RecoveryCodes, ApiError> {
    post("/account/two-factor/confirm", &json::CodeRequest { code }).await
}

pub async fn two_factor_disable() -> Result<NoContent, ApiError> {
    post_empty("/account/two-factor/disable").await
}

pub async fn regenerate_recovery_codes() -> Result<json::RecoveryCodes, ApiError> {
    post_empty("/account/recovery-codes").await
}

pub async fn messages() -> Result<json::MessageList, ApiError> {
    get(&api_url("/messages")).await
}

pub async fn mark_message_read(id: String) -> Result<NoContent, ApiError> {
    post_empty(&format!("/messages/{id}/read")).await
}

/// `PUT /api/v1/account/preferences`: the account's language (and the browser's time zone).
pub async fn set_preferences(lang: wallet_api::Lang, time_zone: Option<String>) -> Result<NoContent, ApiError> {
    send(Method::Put, "/account/preferences", Some(&json::PreferencesRequest { lang, time_zone })).await
}

pub async fn mark_all_messages_read() -> Result<NoContent, ApiError> {
    post_empty("/messages/read-all").await
}

/// A fresh idempotency key for one attempt at moving money: keep it to retry that attempt
/// after a network failure, make a new one for the next attempt.
pub fn new_idempotency_key() -> String {
    let mut bytes = [0u8; 16];
    if let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub async fn overview() -> Result<json::Overview, ApiError> {
    get(&api_url("/wallet/overview")).await
}

pub async fn payment_rules() -> Result<json::PaymentRules, ApiError> {
    get(&api_url("/wallet/rules")).await
}

/// Who a wallet ID, merchant ID or e-mail address would pay.
pub async fn find_recipient(query: String) -> Result<json::Recipient, ApiError> {
    get(&url_with_query(&api_url("/recipients"), &[("query", query)])).await
}

pub async fn quote_payment(request: json::QuoteRequest) -> Result<json::PaymentQuote, ApiError> {
    post("/payments/quote", &request).await
}

pub async fn pay(request: json::PaymentRequest, idempotency_key: String) -> Result<json::Transaction, ApiError> {
    send_with_key(Method::Post, "/payments", Some(&request), Some(&idempotency_key)).await
}

pub async fn top_up(request: json::TopUpRequest, idempotency_key: String) -> Result<json::Transaction, ApiError> {
    send_with_key(Method::Post, "/top-ups", Some(&request), Some(&idempotency_key)).await
}

pub async fn bank_accounts() -> Result<Vec<json::BankAccount>, ApiError> {
    get(&api_url("/bank-accounts")).await
}

/// Needs a recent re-authentication (see `components::reauth_dialog`).
pub async fn add_bank_account(account: json::NewBankAccount) -> Result<json::BankAccount, ApiError> {
    post("/bank-accounts", &account).await
}

pub async fn remove_bank_account(id: String) -> Result<NoContent, ApiError> {
    send::<(), NoContent>(Method::Delete, &format!("/bank-accounts/{}", crate::routes::percent_encode(&id)), None).await
}

pub async fn set_default_bank_account(id: String) -> Result<NoContent, ApiError> {
    post_empty(&format!("/bank-accounts/{}/default", crate::routes::percent_encode(&id))).await
}

pub async fn withdrawal_rules() -> Result<json::WithdrawalRules, ApiError> {
    get(&api_url("/withdrawals/rules")).await
}

pub async fn withdraw(request: json::WithdrawalRequest, idempotency_key: String) -> Result<json::WithdrawalDetail, ApiError> {
    send_with_key(Method::Post, "/withdrawals", Some(&request), Some(&idempotency_key)).await
}

pub async fn withdrawals() -> Result<Vec<json::Withdrawal>, ApiError> {
    get(&api_url("/withdrawals")).await
}

/// A withdrawal by its ID and state alone, as the hotline checklist shows the latest one:
/// reading only these two fields keeps the hotline page's code small.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct WithdrawalRef {
    pub id: String,
    pub state: json::WithdrawalState,
}

/// The latest withdrawal (the list is newest first), if there is one.
pub async fn latest_withdrawal() -> Result<Option<WithdrawalRef>, ApiError> {
    let list: Vec<WithdrawalRef> = get(&api_url("/withdrawals")).await?;
    Ok(list.into_iter().next())
}

pub async fn withdrawal(id: String) -> Result<json::WithdrawalDetail, ApiError> {
    get(&api_url(&format!("/withdrawals/{}", crate::routes::percent_encode(&id)))).await
}

pub async fn cancel_withdrawal(id: String) -> Result<json::WithdrawalDetail, ApiError> {
    post_empty(&format!("/withdrawals/{}/cancel", crate::routes::percent_encode(&id))).await
}

pub async fn transactions(query: json::TransactionQuery) -> Result<json::TransactionPage, ApiError> {
    get(&url_with_query(&api_url("/transactions"), &transaction_query_pairs(&query))).await
}

pub async fn transaction(id: String) -> Result<json::Transaction, ApiError> {
    get(&api_url(&format!("/transactions/{}", crate::routes::percent_encode(&id)))).await
}

/// The CSV export's address for `[from, to)` (Unix seconds): a plain link downloads it.
pub fn transactions_csv_url(from: Option<i64>, to: Option<i64>) -> String {
    let mut pairs = Vec::new();
    if let Some(from) = from {
        pairs.push(("from", from.to_string()));
    }
    if let Some(to) = to {
        pairs.push(("to", to.to_string()));
    }
    url_with_query(&api_url("/transactions/export.csv"), &pairs)
}

pub async fn last_payment_failure() -> Result<json::PaymentDiagnosis, ApiError> {
    get(&api_url("/payments/last-failure")).await
}

pub async fn call_code() -> Result<json::CallCode, ApiError> {
    post_empty("/support/call-code").await
}

fn transaction_query_pairs(query: &json::TransactionQuery) -> Vec<(&'static str, String)> {
    let mut pairs = Vec::new();
    if let Some(kind) = query.kind {
        pairs.push(("type", kind.as_str().to_string()));
    }
    if let Some(status) = query.status {
        pairs.push(("status", status.as_str().to_string()));
    }
    if let Some(currency) = query.currency {
        pairs.push(("currency", currency.code().to_string()));
    }
    if let Some(from) = query.from {
        pairs.push(("from", from.to_string()));
    }
    if let Some(to) = query.to {
        pairs.push(("to", to.to_string()));
    }
    if let Some(q) = query.q.clone().filter(|q| !q.trim().is_empty()) {
        pairs.push(("q", q));
    }
    if let Some(cursor) = query.cursor.clone() {
        pairs.push(("cursor", cursor));
    }
    if let Some(limit) = query.limit {
        pairs.push(("limit", limit.to_string()));
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use wallet_api::{ErrorDetail, LockReason};

    #[test]
    fn an_error_body_keeps_its_detail_and_gives_it_when_asked() {
        let body = r#"{"code":"ACCOUNT_LOCKED","message":"locked","detail":{"kind":"locked","reason":"failed_attempts","until":1900000000}}"#;
        let error: ServerError = serde_json::from_str(body).unwrap();
        assert_eq!(error.code, ErrorCode::AccountLocked);
        assert_eq!(error.detail(), Some(ErrorDetail::Locked { reason: LockReason::FailedAttempts, until: 1_900_000_000 }));
    }

    #[test]
    fn an_error_body_without_detail_or_with_an_unknown_kind_has_none() {
        let bare: ServerError = serde_json::from_str(r#"{"code":"NOT_FOUND","message":"no","field":"id"}"#).unwrap();
        assert_eq!((bare.detail(), bare.field.as_deref()), (None, Some("id")));
        let unknown: ServerError =
            serde_json::from_str(r#"{"code":"NOT_FOUND","message":"no","detail":{"kind":"from_the_future"}}"#).unwrap();
        assert_eq!(unknown.detail(), None);
    }
}
