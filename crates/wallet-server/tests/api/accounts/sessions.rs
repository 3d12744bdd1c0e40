use reqwest::Method;
use serde_json::json;
use wallet_api::{ErrorCode, SessionSummary, CSRF_HEADER};

use super::browser::*;
use crate::helpers::spawn_app;

#[tokio::test]
async fn the_session_cookie_is_host_only_httponly_secure_and_strict() {
    let app = spawn_app().await;
    signed_up(&app, "ann@example.com").await;
    let mut browser = Browser::new(&app);

    let response = browser.sign_in("ann@example.com", PASSWORD).await;

    let cookie = response.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("__Host-wallet_session="), "{cookie}");
    for flag in ["; Path=/", "; HttpOnly", "; SameSite=Strict", "; Secure"] {
        assert!(cookie.contains(flag), "{flag} missing in {cookie}");
    }
    assert!(!cookie.contains("Domain="), "{cookie}");
    let token = cookie.split(';').next().unwrap().split('=').nth(1).unwrap();
    assert!(token.len() >= 22, "128 bits need 22 base64 characters: {token}");
}

#[tokio::test]
async fn signing_in_again_replaces_the_session_token() {
    let app = spawn_app().await;
    let mut browser = signed_up(&app, "ann@example.com").await;
    let before = browser.cookie.clone();

    browser.sign_in_ok("ann@example.com", PASSWORD).await;

    assert_ne!(browser.cookie, before);
    let mut old = Browser::new(&app);
    old.cookie = before;
    expect_error(old.get("/api/v1/sessions").await, 401, ErrorCode::SessionExpired).await;
    assert_eq!(browser.get("/api/v1/sessions").await.status(), 200);
}

#[tokio::test]
async fn a_session_idle_for_fifteen_minutes_has_expired() {
    let app = spawn_app().await;
    let mut browser = signed_up(&app, "ann@example.com").await;

    app.clock.advance(15 * 60 - 1);
    assert_eq!(browser.get("/api/v1/sessions").await.status(), 200, "any request keeps it alive");
    app.clock.advance(15 * 60 - 1);
    assert_eq!(browser.get("/api/v1/sessions").await.status(), 200);
    app.clock.advance(15 * 60);

    expect_error(browser.get("/api/v1/sessions").await, 401, ErrorCode::SessionExpired).await;
}

#[tokio::test]
async fn a_session_ends_after_twelve_hours_however_active() {
    let app = spawn_app().await;
    let mut browser = signed_up(&app, "ann@example.com").await;

    for _ in 0..(12 * 6 - 1) {
        app.clock.advance(10 * 60);
        assert_eq!(browser.get("/api/v1/sessions").await.status(), 200);
    }
    app.clock.advance(10 * 60);

    expect_error(browser.get("/api/v1/sessions").await, 401, ErrorCode::SessionExpired).await;
}

#[tokio::test]
async fn without_a_session_the_answer_is_unauthenticated() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);

    expect_error(browser.get("/api/v1/sessions").await, 401, ErrorCode::Unauthenticated).await;
}

#[tokio::test]
async fn asking_who_is_signed_in_is_not_an_error_when_nobody_is() {
    let app = spawn_app().await;
    let mut browser = signed_up(&app, "ann@example.com").await;
    assert_eq!(current_session(&mut browser).await.user.email, "ann@example.com");

    app.clock.advance(15 * 60);

    let response = browser.get("/api/v1/session").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.json::<serde_json::Value>().await.unwrap(), serde_json::json!({ "session": null }));
    let response = Browser::new(&app).get("/api/v1/session").await;
    assert_eq!(response.json::<serde_json::Value>().await.unwrap(), serde_json::json!({ "session": null }));
}

#[tokio::test]
async fn a_state_change_without_the_csrf_header_is_refused() {
    let app = spawn_app().await;
    let browser = signed_up(&app, "ann@example.com").await;
    let cookie = browser.cookie.clone().unwrap();
    let url = app.url("/api/v1/sessions/sign-out-others");

    let without = app.client.post(&url).header("cookie", &cookie).send().await.unwrap();
    expect_error(without, 403, ErrorCode::CsrfRejected).await;
    let wrong = app.client.post(&url).header("cookie", &cookie).header(CSRF_HEADER, "1").send().await.unwrap();
    expect_error(wrong, 403, ErrorCode::CsrfRejected).await;
    let signed_out = app.client.post(app.url("/api/v1/auth/sign-in")).json(&json!({})).send().await.unwrap();
    expect_error(signed_out, 403, ErrorCode::CsrfRejected).await;
}

#[tokio::test]
async fn another_session_can_be_signed_out_from_this_one() {
    let app = spawn_app().await;
    let mut laptop = signed_up(&app, "ann@example.com").await;
    let mut phone = Browser::new(&app);
    phone.user_agent = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/604.1".into();
    phone.sign_in_ok("ann@example.com", PASSWORD).await;

    let sessions: Vec<SessionSummary> = laptop.get("/api/v1/sessions").await.json().await.unwrap();
    assert_eq!(sessions.len(), 2);
    assert!(sessions[0].current);
    let other = sessions.iter().find(|s| !s.current).unwrap();
    assert!(other.device.contains("iPhone"));
    assert_eq!(other.ip, "127.0.0.1");

    let response = laptop.request(Method::DELETE, &format!("/api/v1/sessions/{}", other.id), None).await;
    assert_eq!(response.status(), 204);

    expect_error(phone.get("/api/v1/sessions").await, 401, ErrorCode::SessionExpired).await;
    assert_eq!(laptop.get("/api/v1/sessions").await.status(), 200);
}

#[tokio::test]
async fn sign_out_others_keeps_only_this_session() {
    let app = spawn_app().await;
    let mut laptop = signed_up(&app, "ann@example.com").await;
    let mut phone = Browser::new(&app);
    phone.sign_in_ok("ann@example.com", PASSWORD).await;

    assert_eq!(laptop.post_empty("/api/v1/sessions/sign-out-others").await.status(), 204);

    expect_error(phone.get("/api/v1/sessions").await, 401, ErrorCode::SessionExpired).await;
    let sessions: Vec<SessionSummary> = laptop.get("/api/v1/sessions").await.json().await.unwrap();
    assert_eq!(sessions.len(), 1);
}

#[tokio::test]
async fn sign_out_ends_the_session_and_clears_the_cookie() {
    let app = spawn_app().await;
    let mut browser = signed_up(&app, "ann@example.com").await;
    let cookie = browser.cookie.clone();

    let response = browser.post_empty("/api/v1/auth/sign-out").await;

    assert_eq!(response.status(), 204);
    assert!(browser.cookie.is_none());
    browser.cookie = cookie;
    expect_error(browser.get("/api/v1/sessions").await, 401, ErrorCode::SessionExpired).await;
}

#[tokio::test]
async fn changing_the_password_needs_a_recent_reauthentication() {
    let app = spawn_app().await;
    let mut browser = signed_up(&app, "ann@example.com").await;
    let change = json!({ "new_password": "Granite-Meadow-Falcon-19" });

    expect_error(browser.post("/api/v1/account/password", change.clone()).await, 403, ErrorCode::ReauthRequired).await;
    let wrong = browser.reauth("Not-The-Password-At-All", None).await;
    expect_error(wrong, 401, ErrorCode::InvalidCredentials).await;
    assert_eq!(browser.reauth(PASSWORD, None).await.status(), 200);
    app.clock.advance(5 * 60);
    expect_error(browser.post("/api/v1/account/password", change.clone()).await, 403, ErrorCode::ReauthRequired).await;

    assert_eq!(browser.reauth(PASSWORD, None).await.status(), 200);
    assert_eq!(browser.post("/api/v1/account/password", change).await.status(), 204);
    browser.sign_in_ok("ann@example.com", "Granite-Meadow-Falcon-19").await;
}

#[tokio::test]
async fn this_wasnt_me_signs_out_everywhere_and_mails_a_reset_code() {
    let app = spawn_app().await;
    let mut owner = signed_up(&app, "ann@example.com").await;
    let mut intruder = Browser::new(&app);
    intruder.user_agent = "curl/8.0".into();
    intruder.sign_in_ok("ann@example.com", PASSWORD).await;
    let history: Vec<wallet_api::SignInEvent> = owner.get("/api/v1/account/sign-ins").await.json().await.unwrap();
    let theirs = history.iter().find(|e| e.device == "curl/8.0").unwrap();

    let response = owner.post_empty(&format!("/api/v1/account/sign-ins/{}/not-me", theirs.id)).await;

    assert_eq!(response.status(), 204);
    expect_error(intruder.get("/api/v1/sessions").await, 401, ErrorCode::SessionExpired).await;
    assert!(owner.cookie.is_none(), "this session ends too");
    assert_eq!(mails_to(&app, "ann@example.com").await[1].subject, "Reset your password");
}

#[tokio::test]
async fn a_new_device_sign_in_posts_a_message() {
    let app = spawn_app().await;
    let mut owner = signed_up(&app, "ann@example.com").await;
    let mut other = Browser::new(&app);
    other.user_agent = "Mozilla/5.0 (Windows NT 10.0) Firefox/130.0".into();

    other.sign_in_ok("ann@example.com", PASSWORD).await;

    let list: wallet_api::MessageList = owner.get("/api/v1/messages").await.json().await.unwrap();
    let message = list.messages.iter().find(|m| m.kind == wallet_api::MessageKind::NewDeviceSignIn).expect("a message");
    assert!(message.facts.device.as_deref().unwrap().contains("Firefox"));
    assert_eq!(list.unread, 2, "welcome and the new sign-in");
    assert_eq!(owner.post_empty("/api/v1/messages/read-all").await.status(), 204);
    let list: wallet_api::MessageList = owner.get("/api/v1/messages").await.json().await.unwrap();
    assert_eq!(list.unread, 0);
}

#[tokio::test]
async fn a_second_session_of_ones_own_needs_no_attention_and_one_on_a_new_device_does() {
    let app = spawn_app().await;
    let mut laptop = signed_up(&app, "ann@example.com").await;
    let mut second_tab = Browser::new(&app);
    second_tab.sign_in_ok("ann@example.com", PASSWORD).await;

    let checkup: wallet_api::SecurityCheckup = laptop.get("/api/v1/account/security").await.json().await.unwrap();
    assert_eq!((checkup.active_sessions, checkup.new_device_sessions), (2, 0));

    let mut stranger = Browser::new(&app);
    stranger.user_agent = "Mozilla/5.0 (Windows NT 10.0) Firefox/130.0".into();
    stranger.sign_in_ok("ann@example.com", PASSWORD).await;

    let checkup: wallet_api::SecurityCheckup = laptop.get("/api/v1/account/security").await.json().await.unwrap();
    assert_eq!((checkup.active_sessions, checkup.new_device_sessions), (3, 1));
    let sessions: Vec<SessionSummary> = laptop.get("/api/v1/sessions").await.json().await.unwrap();
    let flagged: Vec<&str> = sessions.iter().filter(|s| s.new_device).map(|s| s.device.as_str()).collect();
    assert_eq!(flagged, vec!["Mozilla/5.0 (Windows NT 10.0) Firefox/130.0"]);
    // Seen from the new device itself, its own session is not "another device".
    let own: wallet_api::SecurityCheckup = stranger.get("/api/v1/account/security").await.json().await.unwrap();
    assert_eq!(own.new_device_sessions, 0);
    let own_list: Vec<SessionSummary> = stranger.get("/api/v1/sessions").await.json().await.unwrap();
    assert!(own_list.iter().all(|s| !s.new_device));
}
