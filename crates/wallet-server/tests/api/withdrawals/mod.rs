//! Withdrawals: bank accounts and their checks, the conditions, the request with its hold,
//! 2FA and idempotency, the payout processor driven by the manual clock, cancellation, the
//! operator's review, and races. Every test that moves money ends by checking the ledger.

mod attacks;
mod bank_accounts;
mod concurrency;
mod processor;
mod requests;

use reqwest::{Method, Response};
use serde_json::{json, Value};
use wallet_api::{BankAccount, WithdrawalDetail, WithdrawalState, IDEMPOTENCY_HEADER};

use crate::accounts::browser::{enable_two_factor, totp, Browser, PASSWORD};
use crate::helpers::{spawn_app_with, TestApp};
use crate::money::funded;

/// A Luhn-valid CNY card number (the Visa test number).
pub const CNY_NUMBER: &str = "4242 4242 4242 4242";
/// The name `signed_up` gives every new account.
pub const HOLDER: &str = "Ann Lee";

/// A server with no bank-account cooling-off (tests of the cooling-off set their own), and
/// sessions that outlast the hours the tests move the clock through.
pub async fn app() -> TestApp {
    spawn_app_with(|config| {
        config.withdrawals.bank_account_cooling_off_secs = 0;
        long_sessions(config);
    })
    .await
}

pub fn long_sessions(config: &mut wallet_server::Config) {
    config.security.idle_timeout_secs = 3 * 24 * 60 * 60;
    config.security.absolute_timeout_secs = 3 * 24 * 60 * 60;
}

/// A signed-in user with `minor` CNY, 2FA on, and one CNY bank account.
pub struct Withdrawer<'a> {
    pub browser: Browser<'a>,
    pub secret: String,
    pub bank: BankAccount,
}

pub async fn withdrawer<'a>(app: &'a TestApp, email: &str, minor: i64) -> Withdrawer<'a> {
    let mut browser = funded(app, email, minor).await;
    let response = add_bank(&mut browser, json!({ "currency": "CNY", "holder_name": HOLDER, "account_number": CNY_NUMBER })).await;
    assert_eq!(response.status(), 201);
    let bank = response.json().await.unwrap();
    let (secret, _) = enable_two_factor(&mut browser).await;
    Withdrawer { browser, secret, bank }
}

impl Withdrawer<'_> {
    /// The next 30-second step's code (each code is accepted once).
    pub fn fresh_code(&self) -> String {
        self.browser.app.clock.advance(30);
        totp(&self.secret, self.browser.app.clock_now())
    }

    /// Withdraws `minor` CNY to the bank account with a fresh code.
    pub async fn withdraw(&mut self, key: &str, minor: i64) -> Response {
        let code = self.fresh_code();
        let body = json!({ "bank_account_id": self.bank.id, "amount": cny(minor), "code": code });
        withdraw(&mut self.browser, key, body).await
    }

    /// Adds a bank account, re-authenticating with the password and a fresh code.
    pub async fn add_bank(&mut self, body: Value) -> Response {
        let code = self.fresh_code();
        assert_eq!(self.browser.reauth(PASSWORD, Some(code)).await.status(), 200);
        self.browser.post("/api/v1/bank-accounts", body).await
    }

    pub async fn withdraw_ok(&mut self, key: &str, minor: i64) -> WithdrawalDetail {
        let response = self.withdraw(key, minor).await;
        assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
        response.json().await.unwrap()
    }
}

/// Another tab of the same signed-in browser.
pub fn tab<'a>(browser: &Browser<'a>) -> Browser<'a> {
    Browser { app: browser.app, cookie: browser.cookie.clone(), csrf: browser.csrf.clone(), user_agent: browser.user_agent.clone() }
}

pub fn cny(minor: i64) -> Value {
    json!({ "minor": minor, "currency": "CNY" })
}

/// Adds a bank account after re-authenticating with the password.
pub async fn add_bank(browser: &mut Browser<'_>, body: Value) -> Response {
    assert_eq!(browser.reauth(PASSWORD, None).await.status(), 200);
    browser.post("/api/v1/bank-accounts", body).await
}

pub async fn withdraw(browser: &mut Browser<'_>, key: &str, body: Value) -> Response {
    browser.request_with(Method::POST, "/api/v1/withdrawals", Some(body), &[(IDEMPOTENCY_HEADER, key)]).await
}

pub async fn detail(browser: &mut Browser<'_>, id: &str) -> WithdrawalDetail {
    let response = browser.get(&format!("/api/v1/withdrawals/{id}")).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

pub async fn state_of(browser: &mut Browser<'_>, id: &str) -> WithdrawalState {
    detail(browser, id).await.withdrawal.state
}

/// Runs `wallet-server admin withdrawals ...` on the test's database at the server's time.
pub async fn admin(app: &TestApp, command: wallet_server::WithdrawalsCommand) -> anyhow::Result<bool> {
    let config = wallet_server::Config::for_tests(app.database.clone(), app.folder().join("dist"));
    wallet_server::admin::run_at(&config, &wallet_server::AdminCommand::Withdrawals(command), app.clock_now()).await
}
