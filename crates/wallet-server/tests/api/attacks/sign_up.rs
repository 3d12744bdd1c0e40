//! Pre-verification account takeover: a second sign-up for an address must never change what
//! the first one set, and only an attempt's own code makes it an account.

use serde_json::json;
use wallet_api::{ErrorCode, VerificationSent};

use crate::accounts::browser::*;
use crate::helpers::spawn_app;

const VICTIM: &str = "victim@example.com";
const ATTACKER_PASSWORD: &str = "Tangerine-Glacier-Mosaic-19";

async fn start(browser: &mut Browser<'_>, password: &str, name: &str, phone: &str) -> VerificationSent {
    let body = json!({ "email": VICTIM, "phone": phone, "display_name": name, "password": password, "lang": "en" });
    let response = browser.post("/api/v1/auth/sign-up", body).await;
    assert_eq!(response.status(), 202);
    response.json().await.unwrap()
}

#[tokio::test]
async fn a_second_sign_up_for_an_unverified_address_cannot_take_over_the_first() {
    let app = spawn_app().await;
    let mut victim = Browser::new(&app);
    let mut attacker = Browser::new(&app);

    let victims = start(&mut victim, PASSWORD, "Ann Lee", PHONE).await;
    let victims_code = latest_code(&app, VICTIM).await;
    // The attacker signs up again with the victim's address before the victim verifies.
    start(&mut attacker, ATTACKER_PASSWORD, "Mallory", "+86 139 0000 1111").await;
    let mails = mails_to(&app, VICTIM).await;
    assert!(mails.first().unwrap().body.contains("Mallory"), "the owner can tell whose sign-up a code is for");

    // The victim verifies with their own code, from their own sign-up.
    let body = json!({ "email": VICTIM, "code": victims_code, "attempt": victims.attempt });
    let verified = victim.post("/api/v1/auth/verify-email", body).await;
    let session = victim.take_session(verified).await;
    assert_eq!(session.user.display_name, "Ann Lee");
    assert!(session.user.phone_masked.ends_with(PHONE_LAST4));

    Browser::new(&app).sign_in_ok(VICTIM, PASSWORD).await;
    expect_error(Browser::new(&app).sign_in(VICTIM, ATTACKER_PASSWORD).await, 401, ErrorCode::InvalidCredentials).await;
}

#[tokio::test]
async fn a_code_verifies_only_the_sign_up_it_was_sent_for() {
    let app = spawn_app().await;
    let mut victim = Browser::new(&app);
    let mut attacker = Browser::new(&app);
    let victims = start(&mut victim, PASSWORD, "Ann Lee", PHONE).await;
    start(&mut attacker, ATTACKER_PASSWORD, "Mallory", "+86 139 0000 1111").await;
    let attackers_code = latest_code(&app, VICTIM).await;

    // The attacker's code, sent with the victim's attempt, does not verify it.
    let body = json!({ "email": VICTIM, "code": attackers_code, "attempt": victims.attempt });
    expect_error(victim.post("/api/v1/auth/verify-email", body).await, 422, ErrorCode::InvalidCode).await;
}
