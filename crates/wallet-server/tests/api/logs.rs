//! No secrets in logs: the real server binary, logging everything (`RUST_LOG=trace`), goes
//! through sign-up, 2FA enrolment, sign-in with a code, a payment and a password reset; none
//! of the passwords, codes, tokens, the TOTP secret or the recovery codes may appear in what it
//! printed.

use reqwest::header::{COOKIE, SET_COOKIE};
use reqwest::Method;
use serde_json::{json, Value};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use wallet_api::CSRF_HEADER;

use crate::accounts::browser::{totp, PASSWORD, PHONE};

const EMAIL: &str = "secret-keeper@example.com";
const NEW_PASSWORD: &str = "Amber-Glacier-Pocket-Violin-31";
const CARD: &str = "4242424242424242";
/// Sent in a query string, which the request log shows: proves the check sees the log.
const CANARY: &str = "log-canary-7f3a9c";

/// The server binary, its output going to files in `folder`.
struct LoggedServer {
    child: Child,
    address: String,
}

impl LoggedServer {
    fn start(folder: &Path) -> LoggedServer {
        let dist = folder.join("dist");
        std::fs::create_dir_all(&dist).unwrap();
        std::fs::write(dist.join("index.html"), "<!doctype html><title>wallet</title>").unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_wallet-server"))
            .args(["--demo", "--bind", "127.0.0.1:0", "--database"])
            .arg(folder.join("wallet.db"))
            .arg("--dist")
            .arg(&dist)
            .env("RUST_LOG", "trace")
            .stdout(Stdio::from(std::fs::File::create(folder.join("stdout.log")).unwrap()))
            .stderr(Stdio::from(std::fs::File::create(folder.join("stderr.log")).unwrap()))
            .spawn()
            .expect("the server binary starts");
        let mut server = LoggedServer { child, address: String::new() };
        let deadline = Instant::now() + Duration::from_secs(60);
        while server.address.is_empty() {
            assert!(Instant::now() < deadline, "the server did not say where it listens");
            assert!(server.child.try_wait().unwrap().is_none(), "the server exited: {}", output(folder));
            std::thread::sleep(Duration::from_millis(50));
            let stdout = std::fs::read_to_string(folder.join("stdout.log")).unwrap_or_default();
            if let Some(line) = stdout.lines().find_map(|line| line.strip_prefix("wallet-server listening on ")) {
                server.address = line.trim().to_string();
            }
        }
        server
    }
}

impl Drop for LoggedServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Everything the server printed.
fn output(folder: &Path) -> String {
    let read = |name: &str| std::fs::read_to_string(folder.join(name)).unwrap_or_default();
    format!("{}{}", read("stdout.log"), read("stderr.log"))
}

/// A browser stand-in for a server on the real clock (`browser::Browser` needs the in-process
/// `TestApp`).
struct Visitor {
    client: reqwest::Client,
    address: String,
    cookie: Option<String>,
    csrf: Option<String>,
}

impl Visitor {
    async fn send(&mut self, method: Method, path: &str, body: Option<Value>, headers: &[(&str, &str)]) -> (u16, Value) {
        let mut request = self.client.request(method.clone(), format!("{}{path}", self.address));
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
        let status = response.status().as_u16();
        let text = response.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn post(&mut self, path: &str, body: Value) -> (u16, Value) {
        self.send(Method::POST, path, Some(body), &[]).await
    }

    /// The 6-digit code in the newest mail to `EMAIL`.
    async fn mailed_code(&mut self) -> String {
        let (status, mails) = self.send(Method::GET, &format!("/api/v1/demo/outbox?to={EMAIL}"), None, &[]).await;
        assert_eq!(status, 200);
        let body = mails[0]["body"].as_str().expect("a mail");
        body.split(|c: char| !c.is_ascii_digit()).find(|w| w.len() == 6).expect("a 6-digit code").to_string()
    }

    /// The session cookie's value: the session token itself.
    fn session_token(&self) -> String {
        let cookie = self.cookie.as_deref().expect("a session cookie");
        cookie.split_once('=').expect("name=value").1.to_string()
    }

    fn keep_csrf(&mut self, session: &Value) -> String {
        let csrf = session["csrf_token"].as_str().expect("a CSRF token").to_string();
        self.csrf = Some(csrf.clone());
        csrf
    }
}

fn unix_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64
}

#[tokio::test]
async fn the_server_logs_no_password_code_token_or_secret() {
    let folder = tempfile::tempdir().unwrap();
    let server = LoggedServer::start(folder.path());
    let mut visitor = Visitor { client: reqwest::Client::new(), address: server.address.clone(), cookie: None, csrf: None };
    // (what, the secret) for the failure message.
    let mut secrets: Vec<(&str, String)> = vec![("password", PASSWORD.into()), ("new password", NEW_PASSWORD.into()), ("card number", CARD.into())];

    // Sign-up and e-mail verification.
    let sign_up = json!({ "email": EMAIL, "phone": PHONE, "display_name": "Ann Lee", "password": PASSWORD, "lang": "en" });
    assert_eq!(visitor.post("/api/v1/auth/sign-up", sign_up).await.0, 202);
    let code = visitor.mailed_code().await;
    secrets.push(("verification code", code.clone()));
    let (status, session) = visitor.post("/api/v1/auth/verify-email", json!({ "email": EMAIL, "code": code })).await;
    assert_eq!(status, 200, "{session}");
    secrets.push(("CSRF token", visitor.keep_csrf(&session)));
    secrets.push(("session token", visitor.session_token()));

    // 2FA enrolment.
    assert_eq!(visitor.post("/api/v1/session/reauth", json!({ "password": PASSWORD, "code": null })).await.0, 200);
    let (status, enrolment) = visitor.send(Method::POST, "/api/v1/account/two-factor/enrol", None, &[]).await;
    assert_eq!(status, 200, "{enrolment}");
    let secret = enrolment["secret"].as_str().unwrap().to_string();
    let enrolled_at = unix_now();
    let first_code = totp(&secret, enrolled_at);
    let (status, recovery) = visitor.post("/api/v1/account/two-factor/confirm", json!({ "code": first_code })).await;
    assert_eq!(status, 200, "{recovery}");
    secrets.push(("TOTP secret", secret.clone()));
    secrets.push(("TOTP code", first_code));
    for code in recovery["codes"].as_array().unwrap() {
        secrets.push(("recovery code", code.as_str().unwrap().to_string()));
    }

    // Sign out, then in again with a code: the next step's after the one spent above (the
    // server accepts one step of drift, so it is good for the next minute).
    assert_eq!(visitor.send(Method::POST, "/api/v1/auth/sign-out", None, &[]).await.0, 204);
    visitor.csrf = None;
    let (status, outcome) = visitor.post("/api/v1/auth/sign-in", json!({ "email": EMAIL, "password": PASSWORD })).await;
    assert_eq!((status, outcome["outcome"].as_str()), (200, Some("second_factor_required")), "{outcome}");
    let sign_in_code = totp(&secret, enrolled_at + 30);
    let challenge = json!({ "challenge": outcome["challenge"], "kind": "totp", "code": sign_in_code });
    let (status, session) = visitor.post("/api/v1/auth/second-factor", challenge).await;
    assert_eq!(status, 200, "{session}");
    secrets.push(("TOTP code", sign_in_code));
    secrets.push(("CSRF token", visitor.keep_csrf(&session)));
    secrets.push(("session token", visitor.session_token()));

    // A top-up and a payment.
    let top_up = json!({ "amount": { "minor": 10_000, "currency": "CNY" }, "card_number": CARD });
    let (status, answer) = visitor.send(Method::POST, "/api/v1/top-ups", Some(top_up), &[("idempotency-key", "logs-top-up")]).await;
    assert_eq!(status, 201, "{answer}");
    let payment = json!({ "recipient": "friend@wallet.example", "amount": { "minor": 100, "currency": "CNY" } });
    let (status, answer) = visitor.send(Method::POST, "/api/v1/payments", Some(payment), &[("idempotency-key", "logs-payment")]).await;
    assert_eq!(status, 201, "{answer}");

    // Forgotten password, reset by an e-mailed code.
    assert_eq!(visitor.send(Method::POST, "/api/v1/auth/sign-out", None, &[]).await.0, 204);
    visitor.csrf = None;
    assert_eq!(visitor.post("/api/v1/auth/forgot-password", json!({ "email": EMAIL })).await.0, 202);
    let reset_code = visitor.mailed_code().await;
    let reset = json!({ "email": EMAIL, "code": reset_code, "new_password": NEW_PASSWORD });
    assert_eq!(visitor.post("/api/v1/auth/reset-password", reset).await.0, 204);
    secrets.push(("reset code", reset_code));

    visitor.send(Method::GET, &format!("/api/v1/health?probe={CANARY}"), None, &[]).await;
    std::thread::sleep(Duration::from_millis(200));
    drop(server);

    let logged = output(folder.path()).to_lowercase();
    assert!(logged.contains("trace"), "RUST_LOG=trace took effect");
    assert!(logged.contains(CANARY), "the request log is captured");
    let found: Vec<String> = secrets
        .iter()
        .filter(|(_, secret)| {
            let secret = secret.to_lowercase();
            if secret.chars().all(|c| c.is_ascii_digit()) {
                contains_number(&logged, &secret)
            } else {
                logged.contains(&secret)
            }
        })
        .map(|(what, secret)| format!("{what} {secret}"))
        .collect();
    assert!(found.is_empty(), "the server logged secrets: {found:?}");
}

/// The digits `needle` in `text`, not as part of a longer number (a 6-digit code inside a
/// timestamp is not that code).
fn contains_number(text: &str, needle: &str) -> bool {
    text.match_indices(needle).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + needle.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_digit()) && !after.is_some_and(|c| c.is_ascii_digit())
    })
}
