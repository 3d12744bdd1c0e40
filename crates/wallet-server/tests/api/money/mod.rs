//! Money: top-ups, payments and their idempotency, limits and failures, transactions, the
//! CSV export, the overview and call codes. Every test ends by checking the ledger.

mod concurrency;
mod payments;
mod support;
mod top_ups;
mod transactions;

use reqwest::{Method, Response};
use serde_json::{json, Value};
use wallet_api::{Currency, Overview, IDEMPOTENCY_HEADER};

use crate::accounts::browser::{Browser, PASSWORD};
use crate::helpers::TestApp;

pub const DEMO: &str = "demo@wallet.example";
pub const FRIEND: &str = "friend@wallet.example";
pub const DEMO_PASSWORD: &str = "Lantern-Harbour-Sunrise-42";
pub const GOOD_CARD: &str = "4242 4242 4242 4242";
pub const DECLINED_CARD: &str = "4000000000000002";
pub const SLOW_CARD: &str = "4000000000009995";

/// A demo account (CNY 2,000.00 and USD 300.00 to start), signed in.
pub async fn demo<'a>(app: &'a TestApp, email: &str) -> Browser<'a> {
    let mut browser = Browser::new(app);
    browser.sign_in_ok(email, DEMO_PASSWORD).await;
    browser
}

pub fn cny(minor: i64) -> Value {
    json!({ "minor": minor, "currency": "CNY" })
}

pub async fn pay(browser: &mut Browser<'_>, key: &str, body: Value) -> Response {
    browser.request_with(Method::POST, "/api/v1/payments", Some(body), &[(IDEMPOTENCY_HEADER, key)]).await
}

pub async fn pay_cny(browser: &mut Browser<'_>, key: &str, to: &str, minor: i64) -> Response {
    pay(browser, key, json!({ "recipient": to, "amount": cny(minor) })).await
}

pub async fn top_up(browser: &mut Browser<'_>, key: &str, minor: i64, card: &str) -> Response {
    let body = json!({ "amount": cny(minor), "card_number": card });
    browser.request_with(Method::POST, "/api/v1/top-ups", Some(body), &[(IDEMPOTENCY_HEADER, key)]).await
}

pub async fn overview(browser: &mut Browser<'_>) -> Overview {
    let response = browser.get("/api/v1/wallet/overview").await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

/// The available balance in `currency`, in minor units.
pub async fn balance(browser: &mut Browser<'_>, currency: Currency) -> i64 {
    overview(browser).await.balances.iter().find(|b| b.available.currency == currency).map_or(0, |b| b.available.minor)
}

/// A new verified account with `minor` CNY topped up from the test card.
pub async fn funded<'a>(app: &'a TestApp, email: &str, minor: i64) -> Browser<'a> {
    let mut browser = crate::accounts::browser::signed_up(app, email).await;
    assert_eq!(browser.sign_in_ok(email, PASSWORD).await.user.email, email);
    if minor > 0 {
        assert_eq!(top_up(&mut browser, &format!("fund-{email}"), minor, GOOD_CARD).await.status(), 201);
    }
    browser
}

/// Runs `wallet-server admin <command>` on the test's database; true when it succeeded.
pub async fn admin(app: &TestApp, command: wallet_server::AdminCommand) -> bool {
    let config = wallet_server::Config::for_tests(app.database.clone(), app.folder().join("dist"));
    wallet_server::admin::run(&config, &command).await.expect("the admin command runs")
}

pub async fn assert_ledger_sound(app: &TestApp) {
    assert!(admin(app, wallet_server::AdminCommand::CheckLedger).await, "admin check-ledger found problems");
}
