use serde_json::json;
use wallet_api::{ErrorCode, ErrorDetail, MessageKind};

use super::browser::*;
use crate::helpers::spawn_app;

const NEW_PASSWORD: &str = "Granite-Meadow-Falcon-19";

async fn locked_account(app: &crate::helpers::TestApp) {
    signed_up(app, "ann@example.com").await;
    let mut browser = Browser::new(app);
    for _ in 0..5 {
        browser.sign_in("ann@example.com", "Wrong-Password-Entirely-1").await;
    }
}

#[tokio::test]
async fn self_service_unlock_needs_the_emailed_code_and_the_phone_then_a_new_password() {
    let app = spawn_app().await;
    locked_account(&app).await;
    let mut browser = Browser::new(&app);

    assert_eq!(browser.post("/api/v1/unlock/start", json!({ "email": "ann@example.com" })).await.status(), 202);
    let code = latest_code(&app, "ann@example.com").await;
    let response = browser
        .post("/api/v1/unlock/verify", json!({ "email": "ann@example.com", "code": code, "phone_last4": PHONE_LAST4 }))
        .await;
    assert_eq!(response.status(), 200);
    let ticket: wallet_api::UnlockTicket = response.json().await.unwrap();
    let response = browser.post("/api/v1/unlock/complete", json!({ "ticket": ticket.ticket, "new_password": NEW_PASSWORD })).await;
    assert_eq!(response.status(), 204);

    expect_error(browser.sign_in("ann@example.com", PASSWORD).await, 401, ErrorCode::InvalidCredentials).await;
    let info = browser.sign_in_ok("ann@example.com", NEW_PASSWORD).await;
    assert!(info.suggest_two_factor, "the user is prompted to turn on 2FA");
    let list: wallet_api::MessageList = browser.get("/api/v1/messages").await.json().await.unwrap();
    assert!(list.messages.iter().any(|m| m.kind == MessageKind::AccountUnlocked));
    // A ticket works once.
    let again = browser.post("/api/v1/unlock/complete", json!({ "ticket": ticket.ticket, "new_password": "Another-Long-Phrase-88" })).await;
    expect_error(again, 422, ErrorCode::CodeExpired).await;
}

#[tokio::test]
async fn a_wrong_phone_costs_a_try_like_a_wrong_code() {
    let app = spawn_app().await;
    locked_account(&app).await;
    let mut browser = Browser::new(&app);
    browser.post("/api/v1/unlock/start", json!({ "email": "ann@example.com" })).await;
    let code = latest_code(&app, "ann@example.com").await;

    let response = browser
        .post("/api/v1/unlock/verify", json!({ "email": "ann@example.com", "code": code, "phone_last4": "1234" }))
        .await;

    let error = expect_error(response, 422, ErrorCode::InvalidCode).await;
    assert_eq!(error.detail, Some(ErrorDetail::TriesLeft { tries: 4 }));
}

#[tokio::test]
async fn an_unlock_code_lasts_ten_minutes() {
    let app = spawn_app().await;
    locked_account(&app).await;
    let mut browser = Browser::new(&app);
    browser.post("/api/v1/unlock/start", json!({ "email": "ann@example.com" })).await;
    let code = latest_code(&app, "ann@example.com").await;

    app.clock.advance(10 * 60);

    let response = browser
        .post("/api/v1/unlock/verify", json!({ "email": "ann@example.com", "code": code, "phone_last4": PHONE_LAST4 }))
        .await;
    expect_error(response, 422, ErrorCode::CodeExpired).await;
}

#[tokio::test]
async fn no_unlock_code_is_sent_for_an_account_that_is_not_locked() {
    let app = spawn_app().await;
    signed_up(&app, "ann@example.com").await;
    let before = mails_to(&app, "ann@example.com").await.len();
    let mut browser = Browser::new(&app);

    let response = browser.post("/api/v1/unlock/start", json!({ "email": "ann@example.com" })).await;

    assert_eq!(response.status(), 202);
    assert_eq!(mails_to(&app, "ann@example.com").await.len(), before);
}

#[tokio::test]
async fn the_new_password_must_pass_the_strength_check() {
    let app = spawn_app().await;
    locked_account(&app).await;
    let mut browser = Browser::new(&app);
    browser.post("/api/v1/unlock/start", json!({ "email": "ann@example.com" })).await;
    let code = latest_code(&app, "ann@example.com").await;
    let ticket: wallet_api::UnlockTicket = browser
        .post("/api/v1/unlock/verify", json!({ "email": "ann@example.com", "code": code, "phone_last4": PHONE_LAST4 }))
        .await
        .json()
        .await
        .unwrap();

    let response = browser.post("/api/v1/unlock/complete", json!({ "ticket": ticket.ticket, "new_password": "ann@example.com1" })).await;

    expect_error(response, 422, ErrorCode::PasswordTooWeak).await;
}
