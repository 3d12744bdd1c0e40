use reqwest::header::AUTHORIZATION;
use serde_json::json;
use wallet_api::{CallCode, CallCodeResult, ErrorCode, CSRF_HEADER};

use super::*;
use crate::accounts::browser::expect_error;
use crate::helpers::{spawn_app, spawn_app_with};

async fn check(app: &TestApp, token: &str, code: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/support/call-code/check"))
        .header(AUTHORIZATION, format!("Bearer {token}"))
        .header(CSRF_HEADER, "1")
        .json(&json!({ "code": code }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_call_code_tells_the_agent_whose_it_is_once() {
    let app = spawn_app().await;
    let mut user = demo(&app, DEMO).await;
    let code: CallCode = user.post_empty("/api/v1/support/call-code").await.json().await.unwrap();
    assert_eq!(code.code.len(), 6);
    assert_eq!(code.expires_at, app.clock_now() + 3600);
    expect_error(check(&app, "wrong-token", &code.code).await, 401, ErrorCode::Unauthenticated).await;
    let result: CallCodeResult = check(&app, "demo-support-token", &code.code).await.json().await.unwrap();
    assert!(result.valid);
    assert_eq!(result.masked_email.as_deref(), Some("d***@wallet.example"));
    assert_eq!(result.wallet_id, Some(overview(&mut user).await.wallet_id));
    let again: CallCodeResult = check(&app, "demo-support-token", &code.code).await.json().await.unwrap();
    assert!(!again.valid, "a code checks once");
}

#[tokio::test]
async fn a_call_code_expires_after_an_hour() {
    let app = spawn_app().await;
    let mut user = demo(&app, DEMO).await;
    let code: CallCode = user.post_empty("/api/v1/support/call-code").await.json().await.unwrap();
    app.clock.advance(3600);
    let result: CallCodeResult = check(&app, "demo-support-token", &code.code).await.json().await.unwrap();
    assert!(!result.valid);
}

#[tokio::test]
async fn without_a_support_token_the_check_does_not_exist() {
    let app = spawn_app_with(|config| config.demo = false).await;
    expect_error(check(&app, "", "123456").await, 404, ErrorCode::NotFound).await;
}
