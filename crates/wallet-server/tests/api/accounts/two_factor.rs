use serde_json::{json, Value};
use wallet_api::ErrorCode;

use super::browser::*;
use crate::helpers::spawn_app;

async fn challenge(browser: &mut Browser<'_>) -> String {
    let outcome: Value = browser.sign_in("ann@example.com", PASSWORD).await.json().await.unwrap();
    assert_eq!(outcome["outcome"], "second_factor_required", "{outcome}");
    outcome["challenge"].as_str().unwrap().to_string()
}

async fn second_factor(browser: &mut Browser<'_>, challenge: &str, kind: &str, code: &str) -> reqwest::Response {
    browser.post("/api/v1/auth/second-factor", json!({ "challenge": challenge, "kind": kind, "code": code })).await
}

#[tokio::test]
async fn turning_on_2fa_needs_reauthentication_and_a_first_code() {
    let app = spawn_app().await;
    let mut browser = signed_up(&app, "ann@example.com").await;

    expect_error(browser.post_empty("/api/v1/account/two-factor/enrol").await, 403, ErrorCode::ReauthRequired).await;
    let (_, codes) = enable_two_factor(&mut browser).await;

    assert_eq!(codes.len(), 10);
    let info = current_session(&mut browser).await;
    assert!(info.user.two_factor);
    assert_eq!(info.user.recovery_codes_left, 10);
}

#[tokio::test]
async fn the_enrolment_uri_carries_the_secret_for_the_qr_code() {
    let app = spawn_app().await;
    let mut browser = signed_up(&app, "ann@example.com").await;
    browser.reauth(PASSWORD, None).await;

    let enrolment: wallet_api::TwoFactorEnrolment = browser.post_empty("/api/v1/account/two-factor/enrol").await.json().await.unwrap();

    assert!(enrolment.otpauth_uri.starts_with("otpauth://totp/Wallet:ann@example.com?secret="));
    assert!(enrolment.otpauth_uri.contains(&enrolment.secret));
    assert_eq!(data_encoding::BASE32_NOPAD.decode(enrolment.secret.as_bytes()).unwrap().len(), 20);
}

#[tokio::test]
async fn with_2fa_on_sign_in_needs_the_code_and_a_code_works_once() {
    let app = spawn_app().await;
    let mut browser = signed_up(&app, "ann@example.com").await;
    let (secret, _) = enable_two_factor(&mut browser).await;
    app.clock.advance(30);
    let mut other = Browser::new(&app);

    let code = totp(&secret, app.clock_now());
    let first = challenge(&mut other).await;
    let response = second_factor(&mut other, &first, "totp", &code).await;
    other.take_session(response).await;

    let mut replay = Browser::new(&app);
    let second = challenge(&mut replay).await;
    expect_error(second_factor(&mut replay, &second, "totp", &code).await, 422, ErrorCode::CodeAlreadyUsed).await;
    let history: Vec<wallet_api::SignInEvent> = other.get("/api/v1/account/sign-ins").await.json().await.unwrap();
    assert_eq!(history[0].result, wallet_api::SignInResult::ReplayedCode, "the replay is recorded");
}

#[tokio::test]
async fn a_code_from_the_previous_or_next_step_is_accepted() {
    let app = spawn_app().await;
    let mut browser = signed_up(&app, "ann@example.com").await;
    let (secret, _) = enable_two_factor(&mut browser).await;
    app.clock.advance(120);

    let late = totp(&secret, app.clock_now() - 30);
    let mut one = Browser::new(&app);
    let c = challenge(&mut one).await;
    assert_eq!(second_factor(&mut one, &c, "totp", &late).await.status(), 200);

    let early = totp(&secret, app.clock_now() + 30);
    let c = challenge(&mut one).await;
    assert_eq!(second_factor(&mut one, &c, "totp", &early).await.status(), 200);

    let too_old = totp(&secret, app.clock_now() - 90);
    let c = challenge(&mut one).await;
    expect_error(second_factor(&mut one, &c, "totp", &too_old).await, 422, ErrorCode::InvalidCode).await;
}

#[tokio::test]
async fn a_recovery_code_signs_in_once() {
    let app = spawn_app().await;
    let mut browser = signed_up(&app, "ann@example.com").await;
    let (_, codes) = enable_two_factor(&mut browser).await;
    let mut other = Browser::new(&app);

    let c = challenge(&mut other).await;
    let response = second_factor(&mut other, &c, "recovery_code", &codes[3].to_uppercase()).await;
    let info = other.take_session(response).await;
    assert_eq!(info.user.recovery_codes_left, 9);

    let c = challenge(&mut other).await;
    expect_error(second_factor(&mut other, &c, "recovery_code", &codes[3]).await, 422, ErrorCode::InvalidCode).await;
}

#[tokio::test]
async fn five_wrong_codes_lock_the_account() {
    let app = spawn_app().await;
    let mut browser = signed_up(&app, "ann@example.com").await;
    enable_two_factor(&mut browser).await;
    let mut other = Browser::new(&app);

    let c = challenge(&mut other).await;
    for _ in 0..4 {
        expect_error(second_factor(&mut other, &c, "totp", "000000").await, 422, ErrorCode::InvalidCode).await;
    }
    expect_error(second_factor(&mut other, &c, "totp", "000000").await, 423, ErrorCode::AccountLocked).await;
    expect_error(other.sign_in("ann@example.com", PASSWORD).await, 423, ErrorCode::AccountLocked).await;
}

#[tokio::test]
async fn the_second_step_expires() {
    let app = spawn_app().await;
    let mut browser = signed_up(&app, "ann@example.com").await;
    let (secret, _) = enable_two_factor(&mut browser).await;
    let mut other = Browser::new(&app);
    let c = challenge(&mut other).await;

    app.clock.advance(5 * 60);

    let code = totp(&secret, app.clock_now());
    expect_error(second_factor(&mut other, &c, "totp", &code).await, 422, ErrorCode::CodeExpired).await;
}

#[tokio::test]
async fn turning_off_or_regenerating_codes_needs_reauthentication_with_a_code() {
    let app = spawn_app().await;
    let mut browser = signed_up(&app, "ann@example.com").await;
    let (secret, old_codes) = enable_two_factor(&mut browser).await;
    app.clock.advance(5 * 60);

    expect_error(browser.post_empty("/api/v1/account/recovery-codes").await, 403, ErrorCode::ReauthRequired).await;
    expect_error(browser.reauth(PASSWORD, None).await, 422, ErrorCode::InvalidCode).await;
    assert_eq!(browser.reauth(PASSWORD, Some(totp(&secret, app.clock_now()))).await.status(), 200);
    let fresh: wallet_api::RecoveryCodes = browser.post_empty("/api/v1/account/recovery-codes").await.json().await.unwrap();
    assert!(fresh.codes.iter().all(|c| !old_codes.contains(c)));

    assert_eq!(browser.post_empty("/api/v1/account/two-factor/disable").await.status(), 204);
    let info = current_session(&mut browser).await;
    assert!(!info.user.two_factor);
    assert_eq!(info.user.recovery_codes_left, 0);
}

#[tokio::test]
async fn a_recovery_code_can_confirm_a_reauthentication_when_the_phone_is_lost() {
    let app = spawn_app().await;
    let mut browser = signed_up(&app, "ann@example.com").await;
    let (_, codes) = enable_two_factor(&mut browser).await;
    app.clock.advance(5 * 60);

    assert_eq!(browser.reauth(PASSWORD, Some(codes[0].clone())).await.status(), 200);
    assert_eq!(browser.post_empty("/api/v1/account/two-factor/disable").await.status(), 204);
}
