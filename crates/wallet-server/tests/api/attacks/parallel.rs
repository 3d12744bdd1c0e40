//! Parallel guesses: every try is counted before it is checked, so a burst of requests gets
//! no more tries than one request at a time would.

use futures::future::join_all;
use serde_json::json;
use wallet_api::{ErrorCode, SignInResult};

use crate::accounts::browser::*;
use crate::helpers::spawn_app;

const WRONG: &str = "Wrong-Password-Entirely-1";

#[tokio::test]
async fn fifty_parallel_wrong_passwords_lock_after_exactly_five_counted_failures() {
    let app = spawn_app().await;
    let mut owner = signed_up(&app, "ann@example.com").await;

    let guesses = (0..50).map(|_| {
        let app = &app;
        async move { Browser::new(app).sign_in("ann@example.com", WRONG).await.status().as_u16() }
    });
    let statuses = join_all(guesses).await;

    assert_eq!(statuses.iter().filter(|s| **s == 401).count(), 4, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == 401 || *s == 423), "{statuses:?}");
    let history: Vec<wallet_api::SignInEvent> = owner.get("/api/v1/account/sign-ins").await.json().await.unwrap();
    assert_eq!(history.iter().filter(|e| e.result == SignInResult::WrongPassword).count(), 5);
    expect_error(Browser::new(&app).sign_in("ann@example.com", PASSWORD).await, 423, ErrorCode::AccountLocked).await;
}

#[tokio::test]
async fn fifty_parallel_wrong_reset_codes_use_at_most_the_allowed_tries_and_the_right_code_then_fails() {
    // The address throttle would stop the fiftieth guess on its own: this is about the code.
    let app = crate::helpers::spawn_app_with(|config| config.security.ip_failure_limit = 1_000).await;
    signed_up(&app, "ann@example.com").await;
    let mut browser = Browser::new(&app);
    assert_eq!(browser.post("/api/v1/auth/forgot-password", json!({ "email": "ann@example.com" })).await.status(), 202);
    let right = latest_code(&app, "ann@example.com").await;
    let wrong = if right == "000000" { "111111" } else { "000000" };

    let guesses = (0..50).map(|_| {
        let app = &app;
        async move {
            let body = json!({ "email": "ann@example.com", "code": wrong, "new_password": "Another-Long-Passphrase-88" });
            let response = Browser::new(app).post("/api/v1/auth/reset-password", body).await;
            response.json::<wallet_api::ApiError>().await.unwrap().code
        }
    });
    let codes = join_all(guesses).await;

    assert_eq!(codes.iter().filter(|c| **c == ErrorCode::InvalidCode).count(), 4, "{codes:?}");
    let body = json!({ "email": "ann@example.com", "code": right, "new_password": "Another-Long-Passphrase-88" });
    expect_error(browser.post("/api/v1/auth/reset-password", body).await, 422, ErrorCode::CodeExpired).await;
    Browser::new(&app).sign_in_ok("ann@example.com", PASSWORD).await;
}

#[tokio::test]
async fn codes_are_sent_at_most_five_times_an_hour_to_one_address_known_or_not() {
    let app = spawn_app().await;
    signed_up(&app, "ann@example.com").await;
    for email in ["ann@example.com", "nobody@example.com"] {
        let mut browser = Browser::new(&app);
        for _ in 0..5 {
            assert_eq!(browser.post("/api/v1/auth/forgot-password", json!({ "email": email })).await.status(), 202);
        }
        expect_error(browser.post("/api/v1/auth/forgot-password", json!({ "email": email })).await, 429, ErrorCode::RateLimited).await;
    }
    app.clock.advance(3600);
    assert_eq!(Browser::new(&app).post("/api/v1/auth/forgot-password", json!({ "email": "ann@example.com" })).await.status(), 202);
}
