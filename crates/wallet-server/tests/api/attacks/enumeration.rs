//! Account enumeration: every endpoint that takes an address without a session answers an
//! address with an account exactly as one without (same status, code, field, detail and body
//! shape).

use serde_json::{json, Value};

use crate::accounts::browser::*;
use crate::helpers::spawn_app;

const KNOWN: &str = "ann@example.com";
const UNKNOWN: &str = "bob@example.com";

/// The endpoints and their bodies for an address; the password of a sign-up is strong, that
/// of a reset weak (a weak password must be refused alike).
fn requests(email: &str) -> Vec<(&'static str, Value)> {
    vec![
        ("/api/v1/auth/sign-up", json!({ "email": email, "phone": "+86 139 1234 5678", "display_name": "Zhou Min", "password": "Marble-Sparrow-Tundra-305", "lang": "en" })),
        ("/api/v1/auth/resend-verification", json!({ "email": email })),
        ("/api/v1/auth/verify-email", json!({ "email": email, "code": "123456" })),
        ("/api/v1/auth/sign-in", json!({ "email": email, "password": "Wrong-Password-Entirely-1" })),
        ("/api/v1/auth/forgot-password", json!({ "email": email })),
        ("/api/v1/auth/reset-password", json!({ "email": email, "code": "123456", "new_password": "password" })),
        ("/api/v1/auth/reset-password", json!({ "email": email, "code": "123456", "new_password": "Marble-Lee-Sparrow-9041" })),
        ("/api/v1/unlock/start", json!({ "email": email })),
        ("/api/v1/unlock/verify", json!({ "email": email, "code": "123456", "phone_last4": "0000" })),
        ("/api/v1/help/lock-status", json!({ "email": email, "phone_last4": "0000" })),
    ]
}

/// What must not differ: status, and the body with the address's own mask left out.
async fn answer(browser: &mut Browser<'_>, path: &str, body: Value) -> (u16, Value) {
    let response = browser.post(path, body).await;
    let status = response.status().as_u16();
    let mut body: Value = response.json().await.unwrap_or(Value::Null);
    if let Some(object) = body.as_object_mut() {
        object.remove("message");
        for masked in ["sent_to", "attempt"] {
            if let Some(value) = object.get_mut(masked) {
                *value = json!(value.is_string());
            }
        }
    }
    (status, body)
}

#[tokio::test]
async fn every_unauthenticated_endpoint_answers_a_known_and_an_unknown_address_alike() {
    let app = spawn_app().await;
    signed_up(&app, KNOWN).await;

    for ((path, known), (_, unknown)) in requests(KNOWN).into_iter().zip(requests(UNKNOWN)) {
        let for_known = answer(&mut Browser::new(&app), path, known).await;
        let for_unknown = answer(&mut Browser::new(&app), path, unknown).await;
        assert_eq!(for_known, for_unknown, "{path} tells the addresses apart");
    }
}

#[tokio::test]
async fn looking_up_recipients_by_address_is_rate_limited_per_user() {
    let app = spawn_app().await;
    let mut browser = signed_up(&app, KNOWN).await;
    for i in 0..30 {
        browser.get(&format!("/api/v1/recipients?query=someone{i}%40example.com")).await;
    }
    let refused = browser.get("/api/v1/recipients?query=friend%40wallet.example").await;
    expect_error(refused, 429, wallet_api::ErrorCode::RateLimited).await;
}
