//! A browser stand-in: keeps its session cookie and CSRF token like the app does, and sends
//! the CSRF header on every state change.

use reqwest::header::{COOKIE, SET_COOKIE, USER_AGENT};
use reqwest::{Method, Response};
use serde_json::{json, Value};
use wallet_api::{ApiError, ErrorCode, SessionInfo, CSRF_HEADER};

use crate::helpers::TestApp;

pub const PASSWORD: &str = "Violet-Copper-Kettle-Orbit-77";
pub const PHONE: &str = "+86 138 0013 8000";
pub const PHONE_LAST4: &str = "8000";

pub struct Browser<'a> {
    pub app: &'a TestApp,
    pub cookie: Option<String>,
    pub csrf: Option<String>,
    pub user_agent: String,
}

impl<'a> Browser<'a> {
    pub fn new(app: &'a TestApp) -> Browser<'a> {
        Browser { app, cookie: None, csrf: None, user_agent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36".into() }
    }

    pub async fn request(&mut self, method: Method, path: &str, body: Option<Value>) -> Response {
        self.request_with(method, path, body, &[]).await
    }

    /// A request with extra headers (such as `Idempotency-Key`).
    pub async fn request_with(&mut self, method: Method, path: &str, body: Option<Value>, headers: &[(&str, &str)]) -> Response {
        let mut request = self.app.client.request(method.clone(), self.app.url(path)).header(USER_AGENT, &self.user_agent);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(cookie) = &self.cookie {
            request = request.header(COOKIE, cookie);
        }
        if method != Method::GET {
            request = request.header(CSRF_HEADER, self.csrf.clone().unwrap_or_else(|| "1".into()));
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request sent");
        if let Some(set) = response.headers().get(SET_COOKIE).and_then(|v| v.to_str().ok()) {
            let pair = set.split(';').next().unwrap_or_default().to_string();
            self.cookie = if pair.ends_with('=') { None } else { Some(pair) };
        }
        response
    }

    pub async fn post(&mut self, path: &str, body: Value) -> Response {
        self.request(Method::POST, path, Some(body)).await
    }

    pub async fn post_empty(&mut self, path: &str) -> Response {
        self.request(Method::POST, path, None).await
    }

    pub async fn get(&mut self, path: &str) -> Response {
        self.request(Method::GET, path, None).await
    }

    /// Keeps the CSRF token of a session the server just started.
    pub async fn take_session(&mut self, response: Response) -> SessionInfo {
        assert_eq!(response.status(), 200, "expected a session");
        let info: SessionInfo = response.json().await.unwrap();
        self.csrf = Some(info.csrf_token.clone());
        info
    }

    pub async fn sign_in(&mut self, email: &str, password: &str) -> Response {
        self.post("/api/v1/auth/sign-in", json!({ "email": email, "password": password })).await
    }

    /// Signs in an account without 2FA and keeps the session.
    pub async fn sign_in_ok(&mut self, email: &str, password: &str) -> SessionInfo {
        let response = self.sign_in(email, password).await;
        self.take_session_of_sign_in(response).await
    }

    /// Keeps the session a sign-in without 2FA answered with.
    pub async fn take_session_of_sign_in(&mut self, response: Response) -> SessionInfo {
        assert_eq!(response.status(), 200);
        let outcome: Value = response.json().await.unwrap();
        assert_eq!(outcome["outcome"], "signed_in", "{outcome}");
        let info: SessionInfo = serde_json::from_value(outcome["session"].clone()).unwrap();
        self.csrf = Some(info.csrf_token.clone());
        info
    }

    pub async fn reauth(&mut self, password: &str, code: Option<String>) -> Response {
        self.post("/api/v1/session/reauth", json!({ "password": password, "code": code })).await
    }
}

/// The error body of a failed call, checking its status.
pub async fn error_of(response: Response, status: u16) -> ApiError {
    assert_eq!(response.status(), status, "unexpected status");
    response.json().await.expect("an error body")
}

pub async fn expect_error(response: Response, status: u16, code: ErrorCode) -> ApiError {
    let error = error_of(response, status).await;
    assert_eq!(error.code, code, "{error:?}");
    error
}

/// The 6-digit code in the newest mail to `email` (read from the demo outbox).
pub async fn latest_code(app: &TestApp, email: &str) -> String {
    let mails: Vec<wallet_api::OutboxMail> =
        app.get(&format!("/api/v1/demo/outbox?to={email}")).await.json().await.unwrap();
    let body = &mails.first().expect("a mail was sent").body;
    body.split(|c: char| !c.is_ascii_digit()).find(|w| w.len() == 6).expect("a 6-digit code").to_string()
}

pub async fn mails_to(app: &TestApp, email: &str) -> Vec<wallet_api::OutboxMail> {
    app.get(&format!("/api/v1/demo/outbox?to={email}")).await.json().await.unwrap()
}

pub async fn sign_up(browser: &mut Browser<'_>, email: &str) -> Response {
    browser
        .post(
            "/api/v1/auth/sign-up",
            json!({ "email": email, "phone": PHONE, "display_name": "Ann Lee", "password": PASSWORD, "lang": "en" }),
        )
        .await
}

/// A new, verified account, signed in in the returned browser.
pub async fn signed_up<'a>(app: &'a TestApp, email: &str) -> Browser<'a> {
    let mut browser = Browser::new(app);
    assert_eq!(sign_up(&mut browser, email).await.status(), 202);
    let code = latest_code(app, email).await;
    let response = browser.post("/api/v1/auth/verify-email", json!({ "email": email, "code": code })).await;
    browser.take_session(response).await;
    browser
}

/// RFC 6238 (SHA-1, 6 digits, 30 s), written again here so the tests do not trust the
/// server's own implementation.
pub fn totp(secret_base32: &str, unix_secs: i64) -> String {
    use hmac::{Hmac, Mac};
    let secret = data_encoding::BASE32_NOPAD.decode(secret_base32.as_bytes()).unwrap();
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(&secret).unwrap();
    mac.update(&((unix_secs / 30) as u64).to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = (digest[19] & 0x0f) as usize;
    let value = u32::from_be_bytes(digest[offset..offset + 4].try_into().unwrap()) & 0x7fff_ffff;
    format!("{:06}", value % 1_000_000)
}

/// Turns 2FA on for a signed-in browser; returns the secret and the recovery codes.
pub async fn enable_two_factor(browser: &mut Browser<'_>) -> (String, Vec<String>) {
    assert_eq!(browser.reauth(PASSWORD, None).await.status(), 200);
    let enrolment: wallet_api::TwoFactorEnrolment =
        browser.post_empty("/api/v1/account/two-factor/enrol").await.json().await.unwrap();
    let code = totp(&enrolment.secret, browser.app.clock_now());
    let response = browser.post("/api/v1/account/two-factor/confirm", json!({ "code": code })).await;
    assert_eq!(response.status(), 200);
    let codes: wallet_api::RecoveryCodes = response.json().await.unwrap();
    (enrolment.secret, codes.codes)
}

/// The live session's facts, as the app reads them at start.
pub async fn current_session(browser: &mut Browser<'_>) -> SessionInfo {
    let current: wallet_api::CurrentSession = browser.get("/api/v1/session").await.json().await.unwrap();
    current.session.expect("a live session")
}
