//! A lock keeps strangers out; it must not throw the owner out, nor be extended by the
//! attempts it refuses. The client address comes from a proxy only when that proxy is trusted.

use serde_json::json;
use wallet_api::{ErrorCode, SignInResult};

use crate::accounts::browser::*;
use crate::helpers::{spawn_app, spawn_app_with};

const WRONG: &str = "Wrong-Password-Entirely-1";

#[tokio::test]
async fn a_lock_started_by_a_stranger_does_not_end_the_owners_sessions() {
    let app = spawn_app().await;
    let mut owner = signed_up(&app, "ann@example.com").await;
    let mut stranger = Browser::new(&app);
    for _ in 0..5 {
        stranger.sign_in("ann@example.com", WRONG).await;
    }

    let sessions = owner.get("/api/v1/sessions").await;
    assert_eq!(sessions.status(), 200, "the owner is still signed in");
    // Still locked for new sign-ins and for money.
    expect_error(Browser::new(&app).sign_in("ann@example.com", PASSWORD).await, 423, ErrorCode::AccountLocked).await;
}

#[tokio::test]
async fn attempts_refused_by_the_lock_are_not_counted_again() {
    let app = spawn_app_with(|config| config.security.account_hourly_failure_limit = 8).await;
    signed_up(&app, "ann@example.com").await;
    let mut stranger = Browser::new(&app);
    for _ in 0..5 {
        stranger.sign_in("ann@example.com", WRONG).await;
    }
    // Twenty more during the lock: refused, and not failures.
    for _ in 0..20 {
        expect_error(stranger.sign_in("ann@example.com", WRONG).await, 423, ErrorCode::AccountLocked).await;
    }
    app.clock.advance(30 * 60);
    // The hourly limit (8) saw only the 5 real failures: the owner gets in.
    let mut owner = Browser::new(&app);
    owner.sign_in_ok("ann@example.com", PASSWORD).await;
    let history: Vec<wallet_api::SignInEvent> = owner.get("/api/v1/account/sign-ins").await.json().await.unwrap();
    assert_eq!(history.iter().filter(|e| e.result == SignInResult::WrongPassword).count(), 5);
}

async fn sign_in_from(app: &crate::helpers::TestApp, forwarded_for: &str) -> u16 {
    let body = json!({ "email": "nobody@example.com", "password": WRONG });
    let response = app
        .client
        .post(app.url("/api/v1/auth/sign-in"))
        .header("x-wallet-csrf", "1")
        .header("x-forwarded-for", forwarded_for)
        .json(&body)
        .send()
        .await
        .unwrap();
    response.status().as_u16()
}

#[tokio::test]
async fn a_forged_forwarded_for_header_does_not_escape_the_address_throttle() {
    let app = spawn_app_with(|config| {
        config.security.ip_failure_limit = 3;
        config.security.lock_after_failures = 1000;
    })
    .await;
    for i in 0..3 {
        assert_eq!(sign_in_from(&app, &format!("203.0.113.{i}")).await, 401);
    }
    // Claiming yet another address does not help: the header is not believed.
    assert_eq!(sign_in_from(&app, "203.0.113.99").await, 429);
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_throttle() {
    let app = spawn_app_with(|config| {
        config.security.ip_failure_limit = 3;
        config.security.lock_after_failures = 1000;
        config.security.trusted_proxy = vec!["127.0.0.1".parse().unwrap()];
    })
    .await;
    for _ in 0..3 {
        assert_eq!(sign_in_from(&app, "198.51.100.7").await, 401);
    }
    assert_eq!(sign_in_from(&app, "198.51.100.7").await, 429);
    // The proxy appends the real client last; what a client put before it is not believed.
    assert_eq!(sign_in_from(&app, "198.51.100.7, 198.51.100.8").await, 401);
}

#[tokio::test]
async fn a_burst_of_sign_ins_from_one_address_is_turned_away_before_any_password_is_checked() {
    let app = spawn_app_with(|config| config.security.auth_requests_per_minute = 10).await;
    let statuses = futures::future::join_all((0..15).map(|_| sign_in_from(&app, ""))).await;
    assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 5, "{statuses:?}");
    assert!(statuses.iter().all(|s| [401, 423, 429].contains(s)), "{statuses:?}");
}
