use serde_json::json;
use wallet_api::{ErrorCode, ErrorDetail, MessageKind, PasswordProblem};

use super::browser::*;
use crate::helpers::{spawn_app, spawn_app_with};

#[tokio::test]
async fn sign_up_then_the_emailed_code_verifies_and_signs_in() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);

    let response = sign_up(&mut browser, "ann@example.com").await;
    assert_eq!(response.status(), 202);
    let sent: wallet_api::VerificationSent = response.json().await.unwrap();
    assert_eq!(sent.sent_to, "an***@example.com");

    let code = latest_code(&app, "ann@example.com").await;
    let response = browser.post("/api/v1/auth/verify-email", json!({ "email": "ann@example.com", "code": code })).await;
    let info = browser.take_session(response).await;
    assert_eq!(info.user.email, "ann@example.com");
    assert_eq!(info.user.phone_masked, "*** **** 8000");
    assert!(!info.user.two_factor);

    let messages: wallet_api::MessageList = browser.get("/api/v1/messages").await.json().await.unwrap();
    assert_eq!(messages.messages[0].kind, MessageKind::Welcome);
}

#[tokio::test]
async fn an_unverified_account_cannot_sign_in_even_with_the_right_password() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    sign_up(&mut browser, "ann@example.com").await;

    expect_error(browser.sign_in("ann@example.com", PASSWORD).await, 403, ErrorCode::EmailNotVerified).await;
}

#[tokio::test]
async fn a_weak_password_is_refused_with_its_problems() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    for (password, problem) in [
        ("short", PasswordProblem::TooShort),
        ("password1234", PasswordProblem::Common),
        ("aaaaaaaaaaaaaaa", PasswordProblem::Repetitive),
    ] {
        let response = browser
            .post(
                "/api/v1/auth/sign-up",
                json!({ "email": "ann@example.com", "phone": PHONE, "display_name": "Ann", "password": password, "lang": "en" }),
            )
            .await;
        let error = expect_error(response, 422, ErrorCode::PasswordTooWeak).await;
        assert_eq!(error.field.as_deref(), Some("password"));
        let Some(ErrorDetail::WeakPassword { problems }) = error.detail else { panic!("no problems listed") };
        assert!(problems.contains(&problem), "{password}: {problems:?}");
    }
    let long = "Ab1!".repeat(33);
    let response = browser
        .post("/api/v1/auth/sign-up", json!({ "email": "a@example.com", "phone": PHONE, "display_name": "Ann", "password": long, "lang": "en" }))
        .await;
    expect_error(response, 422, ErrorCode::PasswordTooWeak).await;
}

#[tokio::test]
async fn a_bad_field_is_named_in_the_error() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    for (email, phone, name, field) in [
        ("not-an-email", PHONE, "Ann", "email"),
        ("ann@example.com", "12", "Ann", "phone"),
        ("ann@example.com", PHONE, "  ", "display_name"),
    ] {
        let response = browser
            .post("/api/v1/auth/sign-up", json!({ "email": email, "phone": phone, "display_name": name, "password": PASSWORD, "lang": "en" }))
            .await;
        let error = expect_error(response, 422, ErrorCode::ValidationFailed).await;
        assert_eq!(error.field.as_deref(), Some(field));
    }
}

#[tokio::test]
async fn signing_up_a_verified_address_again_changes_nothing_and_tells_its_owner_by_mail() {
    let app = spawn_app().await;
    signed_up(&app, "ann@example.com").await;
    let mut stranger = Browser::new(&app);

    // The same answer as for a new address: the stranger learns nothing.
    assert_eq!(sign_up(&mut stranger, "Ann@Example.com").await.status(), 202);

    let mails = mails_to(&app, "ann@example.com").await;
    assert_eq!(mails.first().unwrap().subject, "Someone tried to sign up with your address");
    Browser::new(&app).sign_in_ok("ann@example.com", PASSWORD).await;
}

#[tokio::test]
async fn a_wrong_code_says_how_many_tries_are_left_and_the_fifth_spends_it() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    sign_up(&mut browser, "ann@example.com").await;
    let right = latest_code(&app, "ann@example.com").await;
    let wrong = if right == "000000" { "111111" } else { "000000" };

    for tries_left in (1..=4).rev() {
        let response = browser.post("/api/v1/auth/verify-email", json!({ "email": "ann@example.com", "code": wrong })).await;
        let error = expect_error(response, 422, ErrorCode::InvalidCode).await;
        assert_eq!(error.detail, Some(ErrorDetail::TriesLeft { tries: tries_left }));
    }
    let response = browser.post("/api/v1/auth/verify-email", json!({ "email": "ann@example.com", "code": wrong })).await;
    expect_error(response, 422, ErrorCode::CodeExpired).await;
    let response = browser.post("/api/v1/auth/verify-email", json!({ "email": "ann@example.com", "code": right })).await;
    expect_error(response, 422, ErrorCode::CodeExpired).await;
}

#[tokio::test]
async fn an_emailed_code_expires_after_ten_minutes() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);
    sign_up(&mut browser, "ann@example.com").await;
    let code = latest_code(&app, "ann@example.com").await;

    app.clock.advance(10 * 60);

    let response = browser.post("/api/v1/auth/verify-email", json!({ "email": "ann@example.com", "code": code })).await;
    expect_error(response, 422, ErrorCode::CodeExpired).await;
}

#[tokio::test]
async fn forgot_password_resets_it_with_the_emailed_code_and_signs_out_everywhere() {
    let app = spawn_app().await;
    let mut old_session = signed_up(&app, "ann@example.com").await;
    let mut browser = Browser::new(&app);

    let response = browser.post("/api/v1/auth/forgot-password", json!({ "email": "ann@example.com" })).await;
    assert_eq!(response.status(), 202);
    let code = latest_code(&app, "ann@example.com").await;
    let new_password = "Granite-Meadow-Falcon-19";
    let response = browser
        .post("/api/v1/auth/reset-password", json!({ "email": "ann@example.com", "code": code, "new_password": new_password }))
        .await;
    assert_eq!(response.status(), 204);

    expect_error(old_session.get("/api/v1/sessions").await, 401, ErrorCode::SessionExpired).await;
    expect_error(browser.sign_in("ann@example.com", PASSWORD).await, 401, ErrorCode::InvalidCredentials).await;
    browser.sign_in_ok("ann@example.com", new_password).await;
}

#[tokio::test]
async fn forgot_password_answers_the_same_for_an_address_without_an_account() {
    let app = spawn_app().await;
    signed_up(&app, "ann@example.com").await;
    let mut browser = Browser::new(&app);

    let known = browser.post("/api/v1/auth/forgot-password", json!({ "email": "ann@example.com" })).await;
    let unknown = browser.post("/api/v1/auth/forgot-password", json!({ "email": "bob@example.com" })).await;

    assert_eq!(known.status(), unknown.status());
    let known: serde_json::Value = known.json().await.unwrap();
    let unknown: serde_json::Value = unknown.json().await.unwrap();
    assert_eq!(known["expires_at"], unknown["expires_at"]);
    assert!(mails_to(&app, "bob@example.com").await.is_empty());
}

#[tokio::test]
async fn the_outbox_endpoint_does_not_exist_without_demo_mode() {
    let app = spawn_app_with(|config| config.demo = false).await;

    let response = app.get("/api/v1/demo/outbox").await;

    assert_eq!(response.status(), 404);
    let openapi: serde_json::Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    assert!(openapi["paths"].get("/api/v1/demo/outbox").is_none());
}

#[tokio::test]
async fn demo_mode_seeds_an_account_with_2fa_and_one_without() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);

    browser.sign_in_ok("demo@wallet.example", "Lantern-Harbour-Sunrise-42").await;
    let outcome: serde_json::Value =
        browser.sign_in("demo-2fa@wallet.example", "Lantern-Harbour-Sunrise-42").await.json().await.unwrap();
    assert_eq!(outcome["outcome"], "second_factor_required");
}

#[tokio::test]
async fn mail_shows_the_anti_phishing_phrase_once_it_is_set() {
    let app = spawn_app().await;
    let mut browser = signed_up(&app, "ann@example.com").await;
    let phrase = || Some(json!({ "phrase": "blue otter 7" }));
    // Changing it needs the password again: a stolen session cannot make phishing mail look right.
    let refused = browser.request(reqwest::Method::PUT, "/api/v1/account/anti-phishing-phrase", phrase()).await;
    expect_error(refused, 403, ErrorCode::ReauthRequired).await;
    assert_eq!(browser.reauth(PASSWORD, None).await.status(), 200);
    let response = browser.request(reqwest::Method::PUT, "/api/v1/account/anti-phishing-phrase", phrase()).await;
    assert_eq!(response.status(), 204);

    browser.post("/api/v1/auth/forgot-password", json!({ "email": "ann@example.com" })).await;

    let mail = &mails_to(&app, "ann@example.com").await[0];
    assert!(mail.body.contains("blue otter 7"), "{}", mail.body);
    assert_eq!(current_session(&mut browser).await.user.anti_phishing_phrase.as_deref(), Some("blue otter 7"));
}

#[tokio::test]
async fn nobody_can_read_an_address_phrase_before_proving_its_password() {
    let app = spawn_app().await;
    let mut browser = Browser::new(&app);

    // The endpoint that told anyone an address's phrase is gone.
    let asked = browser.post("/api/v1/auth/anti-phishing-phrase", json!({ "email": "demo-2fa@wallet.example" })).await;
    assert_eq!(asked.status(), 404);
    // A wrong password shows nothing; the right one (with 2FA on) shows it with the challenge.
    let wrong: serde_json::Value = browser.sign_in("demo-2fa@wallet.example", "Wrong-Password-Entirely-1").await.json().await.unwrap();
    assert!(!wrong.to_string().contains("phrase"), "{wrong}");
}
