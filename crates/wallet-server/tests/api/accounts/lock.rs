use serde_json::json;
use wallet_api::{ErrorCode, ErrorDetail, LockReason, MessageKind, SignInResult};

use super::browser::*;
use crate::helpers::{spawn_app, spawn_app_with, START};

const WRONG: &str = "Wrong-Password-Entirely-1";

#[tokio::test]
async fn the_fifth_wrong_password_locks_the_account_and_the_fourth_does_not() {
    let app = spawn_app().await;
    signed_up(&app, "ann@example.com").await;
    let mut browser = Browser::new(&app);

    for _ in 0..4 {
        expect_error(browser.sign_in("ann@example.com", WRONG).await, 401, ErrorCode::InvalidCredentials).await;
    }
    let error = expect_error(browser.sign_in("ann@example.com", WRONG).await, 423, ErrorCode::AccountLocked).await;

    assert_eq!(error.detail, Some(ErrorDetail::Locked { reason: LockReason::FailedAttempts, until: START + 30 * 60 }));
    // Locked means locked: the right password does not get in either.
    expect_error(browser.sign_in("ann@example.com", PASSWORD).await, 423, ErrorCode::AccountLocked).await;
}

#[tokio::test]
async fn from_the_third_wrong_password_on_the_answer_says_how_many_tries_are_left() {
    let app = spawn_app().await;
    signed_up(&app, "ann@example.com").await;
    let mut browser = Browser::new(&app);

    let mut details = Vec::new();
    for _ in 0..4 {
        details.push(expect_error(browser.sign_in("ann@example.com", WRONG).await, 401, ErrorCode::InvalidCredentials).await.detail);
    }

    let warning = |left| Some(ErrorDetail::AttemptsLeft { attempts_left: left, lock_minutes: 30 });
    assert_eq!(details, vec![None, None, warning(2), warning(1)]);
}

#[tokio::test]
async fn a_success_in_between_starts_the_count_again() {
    let app = spawn_app().await;
    signed_up(&app, "ann@example.com").await;
    let mut browser = Browser::new(&app);

    for _ in 0..4 {
        browser.sign_in("ann@example.com", WRONG).await;
    }
    browser.sign_in_ok("ann@example.com", PASSWORD).await;
    for _ in 0..4 {
        expect_error(browser.sign_in("ann@example.com", WRONG).await, 401, ErrorCode::InvalidCredentials).await;
    }
}

#[tokio::test]
async fn the_lock_ends_after_thirty_minutes() {
    let app = spawn_app().await;
    signed_up(&app, "ann@example.com").await;
    let mut browser = Browser::new(&app);
    for _ in 0..5 {
        browser.sign_in("ann@example.com", WRONG).await;
    }

    app.clock.advance(30 * 60 - 1);
    expect_error(browser.sign_in("ann@example.com", PASSWORD).await, 423, ErrorCode::AccountLocked).await;
    app.clock.advance(1);
    browser.sign_in_ok("ann@example.com", PASSWORD).await;
}

#[tokio::test]
async fn a_lock_posts_a_message_and_an_email_with_the_reason() {
    let app = spawn_app().await;
    let mut owner = signed_up(&app, "ann@example.com").await;
    let mut attacker = Browser::new(&app);
    for _ in 0..5 {
        attacker.sign_in("ann@example.com", WRONG).await;
    }

    let mail = &mails_to(&app, "ann@example.com").await[0];
    assert_eq!(mail.subject, "Your account is locked");
    assert!(mail.body.contains("2026-11-26 03:00 UTC"), "{}", mail.body);
    // The owner's session goes on (a stranger's lock must not throw them out); the message is
    // waiting when the lock has ended.
    assert_eq!(owner.get("/api/v1/sessions").await.status(), 200);
    app.clock.advance(30 * 60);
    owner.sign_in_ok("ann@example.com", PASSWORD).await;
    let list: wallet_api::MessageList = owner.get("/api/v1/messages").await.json().await.unwrap();
    let lock = list.messages.iter().find(|m| m.kind == MessageKind::AccountLocked).expect("a lock message");
    assert_eq!(lock.facts.until, Some(START + 30 * 60));
    let history: Vec<wallet_api::SignInEvent> = owner.get("/api/v1/account/sign-ins").await.json().await.unwrap();
    assert_eq!(history.iter().filter(|e| e.result == SignInResult::WrongPassword).count(), 5);
}

#[tokio::test]
async fn an_address_without_an_account_answers_exactly_like_one_with_an_account() {
    let app = spawn_app().await;
    signed_up(&app, "ann@example.com").await;
    let mut browser = Browser::new(&app);

    for _ in 0..4 {
        let known = error_of(browser.sign_in("ann@example.com", WRONG).await, 401).await;
        let unknown = error_of(browser.sign_in("nobody@example.com", WRONG).await, 401).await;
        assert_eq!(known, unknown);
    }
    let known = error_of(browser.sign_in("ann@example.com", WRONG).await, 423).await;
    let unknown = error_of(browser.sign_in("nobody@example.com", WRONG).await, 423).await;
    assert_eq!(known, unknown);
}

#[tokio::test]
async fn too_many_failures_from_one_address_are_slowed_down() {
    let app = spawn_app_with(|config| config.security.ip_failure_limit = 3).await;
    let mut browser = Browser::new(&app);
    for n in 0..3 {
        browser.sign_in(&format!("user{n}@example.com"), WRONG).await;
    }

    let error = expect_error(browser.sign_in("other@example.com", WRONG).await, 429, ErrorCode::RateLimited).await;

    assert_eq!(error.detail, Some(ErrorDetail::RetryAfter { seconds: 15 * 60 }));
    app.clock.advance(15 * 60);
    expect_error(browser.sign_in("other@example.com", WRONG).await, 401, ErrorCode::InvalidCredentials).await;
}

#[tokio::test]
async fn the_help_diagnosis_tells_the_lock_only_to_someone_who_knows_the_phone() {
    let app = spawn_app().await;
    signed_up(&app, "ann@example.com").await;
    let mut browser = Browser::new(&app);
    let ask = |email: &str, last4: &str| json!({ "email": email, "phone_last4": last4 });

    let status: serde_json::Value = browser.post("/api/v1/help/lock-status", ask("ann@example.com", PHONE_LAST4)).await.json().await.unwrap();
    assert_eq!(status, json!({ "state": "not_locked" }));

    for _ in 0..5 {
        browser.sign_in("ann@example.com", WRONG).await;
    }
    let status: serde_json::Value = browser.post("/api/v1/help/lock-status", ask("ann@example.com", PHONE_LAST4)).await.json().await.unwrap();
    assert_eq!(status, json!({ "state": "locked", "reason": "failed_attempts", "until": START + 30 * 60 }));

    let wrong_phone: serde_json::Value = browser.post("/api/v1/help/lock-status", ask("ann@example.com", "1234")).await.json().await.unwrap();
    let no_account: serde_json::Value = browser.post("/api/v1/help/lock-status", ask("bob@example.com", PHONE_LAST4)).await.json().await.unwrap();
    assert_eq!(wrong_phone, json!({ "state": "unconfirmed" }));
    assert_eq!(no_account, wrong_phone);
}

#[tokio::test]
async fn a_lock_mail_follows_the_language_picked_later_and_the_zone_of_the_last_sign_in() {
    let app = spawn_app().await;
    let mut owner = signed_up(&app, "ann@example.com").await; // signed up in English
    let signed_in = owner
        .post("/api/v1/auth/sign-in", json!({ "email": "ann@example.com", "password": PASSWORD, "time_zone": "Asia/Shanghai" }))
        .await;
    owner.take_session_of_sign_in(signed_in).await;
    let picked = owner.request(reqwest::Method::PUT, "/api/v1/account/preferences", Some(json!({ "lang": "zh-CN" }))).await;
    assert_eq!(picked.status(), 204);
    assert_eq!(owner.reauth(PASSWORD, None).await.status(), 200);
    let phrase = owner.request(reqwest::Method::PUT, "/api/v1/account/anti-phishing-phrase", Some(json!({ "phrase": "蓝色风筝" }))).await;
    assert_eq!(phrase.status(), 204);

    let mut attacker = Browser::new(&app);
    for _ in 0..5 {
        attacker.sign_in("ann@example.com", WRONG).await;
    }

    let mail = &mails_to(&app, "ann@example.com").await[0];
    assert_eq!(mail.subject, "账户已锁定");
    // 03:00 UTC is 11:00 in Shanghai, and the mail says which zone it means.
    assert!(mail.body.contains("2026-11-26 11:00（UTC+08:00，Asia/Shanghai）"), "{}", mail.body);
    // Both parts carry the words and the anti-phishing phrase.
    let html = mail.html.as_deref().expect("an HTML part");
    for part in [mail.body.as_str(), html] {
        assert!(part.contains("您的防钓鱼短语：蓝色风筝"), "{part}");
        assert!(part.contains("Asia/Shanghai"), "{part}");
    }
    assert!(html.contains("<html lang=\"zh-CN\">"), "{html}");
}

#[tokio::test]
async fn a_time_zone_the_server_does_not_know_is_refused_at_its_field_and_ignored_at_sign_in() {
    let app = spawn_app().await;
    let mut owner = signed_up(&app, "ann@example.com").await;

    let refused = owner
        .request(reqwest::Method::PUT, "/api/v1/account/preferences", Some(json!({ "lang": "en", "time_zone": "Mars/Base" })))
        .await;
    let error = expect_error(refused, 422, ErrorCode::ValidationFailed).await;
    assert_eq!(error.field.as_deref(), Some("time_zone"));

    let mut other = Browser::new(&app);
    let signed_in = other
        .post("/api/v1/auth/sign-in", json!({ "email": "ann@example.com", "password": PASSWORD, "time_zone": "x".repeat(500) }))
        .await;
    assert_eq!(signed_in.status(), 200, "a strange zone never stops a sign-in");
}
