use serde_json::json;
use wallet_api::{BankAccount, BankNumberProblem, ErrorCode, ErrorDetail, MessageKind};

use super::*;
use crate::accounts::browser::{expect_error, mails_to, signed_up};

async fn refused_number(browser: &mut Browser<'_>, body: Value, problem: BankNumberProblem) {
    let error = expect_error(add_bank(browser, body).await, 422, ErrorCode::BankAccountInvalid).await;
    assert_eq!(error.detail, Some(ErrorDetail::BankNumber { problem }), "{error:?}");
    assert_eq!(error.field.as_deref(), Some(problem.field()));
}

#[tokio::test]
async fn a_cny_account_needs_16_to_19_digits_passing_the_luhn_check() {
    let app = app().await;
    let mut user = signed_up(&app, "cny@example.com").await;
    let cny = |number: &str| json!({ "currency": "CNY", "holder_name": HOLDER, "account_number": number });
    refused_number(&mut user, cny("4242 4242 4242 4241"), BankNumberProblem::CardNumber).await;
    refused_number(&mut user, cny("424242424242"), BankNumberProblem::CardNumber).await;
    refused_number(&mut user, cny("4242-4242-4242-424X"), BankNumberProblem::CardNumber).await;
    let added: BankAccount = add_bank(&mut user, cny("6222 0210 0000 0400 01")).await.json().await.unwrap();
    assert_eq!(added.masked_number, "•••• 0001");
    assert!(added.is_default, "the first account is the default");
}

#[tokio::test]
async fn a_usd_account_needs_a_routing_number_with_a_valid_aba_checksum() {
    let app = app().await;
    let mut user = signed_up(&app, "usd@example.com").await;
    let usd = |routing: &str, number: &str| {
        json!({ "currency": "USD", "holder_name": HOLDER, "account_number": number, "routing_number": routing })
    };
    refused_number(&mut user, usd("021000022", "123456789"), BankNumberProblem::RoutingNumber).await;
    refused_number(&mut user, usd("02100002", "123456789"), BankNumberProblem::RoutingNumber).await;
    refused_number(&mut user, usd("021000021", "12"), BankNumberProblem::AccountNumber).await;
    for (routing, number) in [("011000015", "000123456789"), ("021000021", "9876543210")] {
        let response = add_bank(&mut user, usd(routing, number)).await;
        assert_eq!(response.status(), 201);
        let added: BankAccount = response.json().await.unwrap();
        assert_eq!(added.routing_number.as_deref(), Some(routing));
    }
}

#[tokio::test]
async fn a_eur_account_needs_an_iban_with_right_check_digits() {
    let app = app().await;
    let mut user = signed_up(&app, "eur@example.com").await;
    let eur = |iban: &str| json!({ "currency": "EUR", "holder_name": HOLDER, "account_number": iban });
    refused_number(&mut user, eur("DE89 3704 0044 0532 0130 01"), BankNumberProblem::Iban).await;
    refused_number(&mut user, eur("GB82WEST1234569876543"), BankNumberProblem::Iban).await;
    refused_number(&mut user, eur("not an iban"), BankNumberProblem::Iban).await;
    for iban in ["DE89 3704 0044 0532 0130 00", "gb82west12345698765432"] {
        assert_eq!(add_bank(&mut user, eur(iban)).await.status(), 201, "{iban}");
    }
    let listed: Vec<BankAccount> = user.get("/api/v1/bank-accounts").await.json().await.unwrap();
    let masks: Vec<&str> = listed.iter().map(|b| b.masked_number.as_str()).collect();
    assert_eq!(masks, ["•••• 3000", "•••• 5432"]);
    let raw = user.get("/api/v1/bank-accounts").await.text().await.unwrap();
    assert!(!raw.contains("0532013000"), "the whole number is never sent back: {raw}");
}

#[tokio::test]
async fn the_holder_must_be_the_accounts_verified_name() {
    let app = app().await;
    let mut user = signed_up(&app, "name@example.com").await;
    let body = |name: &str| json!({ "currency": "CNY", "holder_name": name, "account_number": CNY_NUMBER });
    let error = expect_error(add_bank(&mut user, body("Someone Else")).await, 422, ErrorCode::HolderNameMismatch).await;
    assert_eq!(error.field.as_deref(), Some("holder_name"));
    assert_eq!(add_bank(&mut user, body("  ann   LEE ")).await.status(), 201, "spacing and case do not matter");
}

#[tokio::test]
async fn adding_a_bank_account_needs_re_authentication_and_posts_a_security_message() {
    let app = app().await;
    let mut user = signed_up(&app, "reauth@example.com").await;
    let body = json!({ "currency": "CNY", "holder_name": HOLDER, "account_number": CNY_NUMBER });
    expect_error(user.post("/api/v1/bank-accounts", body.clone()).await, 403, ErrorCode::ReauthRequired).await;
    assert_eq!(add_bank(&mut user, body.clone()).await.status(), 201);
    let messages: wallet_api::MessageList = user.get("/api/v1/messages").await.json().await.unwrap();
    let added = messages.messages.iter().find(|m| m.kind == MessageKind::BankAccountAdded).expect("a security message");
    assert_eq!(added.facts.bank_account.as_deref(), Some("•••• 4242"));
    assert!(mails_to(&app, "reauth@example.com").await.iter().any(|m| m.subject == "A bank account was added"));
    expect_error(add_bank(&mut user, body).await, 409, ErrorCode::Conflict).await;
}

#[tokio::test]
async fn bank_accounts_are_removed_and_made_default_only_by_their_owner() {
    let app = app().await;
    let mut owner = signed_up(&app, "owner@example.com").await;
    let first: BankAccount =
        add_bank(&mut owner, json!({ "currency": "CNY", "holder_name": HOLDER, "account_number": CNY_NUMBER })).await.json().await.unwrap();
    let second: BankAccount = add_bank(&mut owner, json!({ "currency": "EUR", "holder_name": HOLDER, "account_number": "DE89370400440532013000" }))
        .await
        .json()
        .await
        .unwrap();
    assert!(!second.is_default);
    let mut other = signed_up(&app, "other@example.com").await;
    expect_error(other.post_empty(&format!("/api/v1/bank-accounts/{}/default", second.id)).await, 404, ErrorCode::NotFound).await;
    expect_error(other.request(Method::DELETE, &format!("/api/v1/bank-accounts/{}", first.id), None).await, 404, ErrorCode::NotFound).await;

    assert_eq!(owner.post_empty(&format!("/api/v1/bank-accounts/{}/default", second.id)).await.status(), 204);
    let listed: Vec<BankAccount> = owner.get("/api/v1/bank-accounts").await.json().await.unwrap();
    assert_eq!((listed[0].id.as_str(), listed[0].is_default, listed[1].is_default), (second.id.as_str(), true, false));
    assert_eq!(owner.request(Method::DELETE, &format!("/api/v1/bank-accounts/{}", second.id), None).await.status(), 204);
    let listed: Vec<BankAccount> = owner.get("/api/v1/bank-accounts").await.json().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].is_default, "the one left becomes the default");
}

#[tokio::test]
async fn a_new_bank_account_cannot_receive_a_withdrawal_until_its_cooling_off_is_over() {
    let app = spawn_app_with(|config| config.withdrawals.bank_account_cooling_off_secs = 600).await;
    let mut user = withdrawer(&app, "cool@example.com", 100_000).await;
    assert_eq!(user.bank.usable_from, user.bank.added_at + 600);
    let error = expect_error(user.withdraw("early", 5_000).await, 422, ErrorCode::BankAccountCoolingOff).await;
    assert_eq!(error.detail, Some(ErrorDetail::CoolingOff { until: user.bank.usable_from }));
    app.clock.advance(600);
    assert_eq!(user.withdraw("later", 5_000).await.status(), 201);
}

#[tokio::test]
async fn demo_accounts_have_bank_accounts_past_their_cooling_off_including_the_rejected_and_the_late_one() {
    let app = crate::helpers::spawn_app().await;
    let mut user = crate::money::demo(&app, crate::money::DEMO).await;
    let listed: Vec<BankAccount> = user.get("/api/v1/bank-accounts").await.json().await.unwrap();
    let masks: Vec<&str> = listed.iter().map(|b| b.masked_number.as_str()).collect();
    assert_eq!(masks, ["•••• 0001", "•••• 0002", "•••• 0003", "•••• 6789"]);
    assert!(listed.iter().all(|b| b.usable_from <= app.clock_now() && b.holder_name == "Demo User"));
    assert!(listed[0].is_default);
}

#[tokio::test]
async fn the_same_bank_account_added_in_parallel_is_added_once() {
    let app = app().await;
    let mut user = signed_up(&app, "parallel-bank@example.com").await;
    assert_eq!(user.reauth(crate::accounts::browser::PASSWORD, None).await.status(), 200);
    let body = json!({ "currency": "CNY", "holder_name": HOLDER, "account_number": CNY_NUMBER });
    let answers = futures::future::join_all((0..6).map(|_| {
        let mut tab = tab(&user);
        let body = body.clone();
        async move { tab.post("/api/v1/bank-accounts", body).await.status().as_u16() }
    }))
    .await;
    assert_eq!(answers.iter().filter(|s| **s == 201).count(), 1, "{answers:?}");
    assert!(answers.iter().all(|s| [201, 409].contains(s)), "{answers:?}");
    let listed: Vec<BankAccount> = user.get("/api/v1/bank-accounts").await.json().await.unwrap();
    assert_eq!(listed.len(), 1);
}
