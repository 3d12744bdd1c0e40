use serde_json::json;
use wallet_api::{
    Currency, ErrorCode, ErrorDetail, LimitKind, PaymentDiagnosis, PaymentQuote, Recipient, Transaction,
    TransactionStatus,
};

use super::*;
use crate::accounts::browser::{enable_two_factor, expect_error, totp};
use crate::helpers::{spawn_app, spawn_app_with};

#[tokio::test]
async fn a_payment_moves_the_amount_to_the_payee_and_the_fee_to_the_platform() {
    let app = spawn_app().await;
    let mut payer = demo(&app, DEMO).await;
    let mut payee = demo(&app, FRIEND).await;
    let response = pay(&mut payer, "k1", json!({ "recipient": FRIEND, "amount": cny(10_000), "note": "lunch" })).await;
    assert_eq!(response.status(), 201);
    let payment: Transaction = response.json().await.unwrap();
    assert_eq!(payment.status, TransactionStatus::Completed);
    assert_eq!(payment.fee.minor, 10, "0.1 % of 100.00");
    assert_eq!(payment.counterparty.masked_name, "*三丰");
    assert_eq!(balance(&mut payer, Currency::CNY).await, 200_000 - 10_010);
    assert_eq!(balance(&mut payee, Currency::CNY).await, 200_000 + 10_000);
    let received: Transaction = payee.get(&format!("/api/v1/transactions/{}", payment.id)).await.json().await.unwrap();
    assert_eq!(received.kind, wallet_api::TransactionKind::PaymentReceived);
    assert_eq!(received.fee.minor, 0, "the payee pays no fee");
    let messages: wallet_api::MessageList = payee.get("/api/v1/messages").await.json().await.unwrap();
    assert_eq!(messages.messages[0].kind, wallet_api::MessageKind::PaymentReceived);
    assert_ledger_sound(&app).await;
}

#[tokio::test]
async fn a_retry_with_the_same_key_and_request_answers_the_first_answer_and_pays_once() {
    let app = spawn_app().await;
    let mut payer = demo(&app, DEMO).await;
    let first: Transaction = pay_cny(&mut payer, "same", FRIEND, 5_000).await.json().await.unwrap();
    let again = pay_cny(&mut payer, "same", FRIEND, 5_000).await;
    assert_eq!(again.status(), 201);
    let second: Transaction = again.json().await.unwrap();
    assert_eq!(second, first);
    assert_eq!(balance(&mut payer, Currency::CNY).await, 200_000 - 5_005);
    assert_ledger_sound(&app).await;
}

#[tokio::test]
async fn the_same_key_with_another_request_is_refused() {
    let app = spawn_app().await;
    let mut payer = demo(&app, DEMO).await;
    assert_eq!(pay_cny(&mut payer, "once", FRIEND, 5_000).await.status(), 201);
    let error = expect_error(pay_cny(&mut payer, "once", FRIEND, 6_000).await, 409, ErrorCode::IdempotencyKeyReused).await;
    assert_eq!(error.field.as_deref(), Some("idempotency_key"));
    assert_eq!(balance(&mut payer, Currency::CNY).await, 200_000 - 5_005);
}

#[tokio::test]
async fn a_payment_without_an_idempotency_key_is_refused_at_that_field() {
    let app = spawn_app().await;
    let mut payer = demo(&app, DEMO).await;
    let response = payer.post("/api/v1/payments", json!({ "recipient": FRIEND, "amount": cny(100) })).await;
    let error = expect_error(response, 422, ErrorCode::ValidationFailed).await;
    assert_eq!(error.field.as_deref(), Some("idempotency_key"));
}

#[tokio::test]
async fn a_payment_above_the_balance_fails_with_the_missing_amount_and_is_recorded() {
    let app = spawn_app().await;
    let mut payer = demo(&app, DEMO).await;
    let error = expect_error(pay_cny(&mut payer, "big", FRIEND, 300_000).await, 422, ErrorCode::InsufficientFunds).await;
    let Some(ErrorDetail::Shortfall { available, needed, missing, transaction_id }) = error.detail else { panic!("{error:?}") };
    assert_eq!((available.minor, needed.minor, missing.minor), (200_000, 300_300, 100_300));
    let id = transaction_id.expect("recorded");
    let failed: Transaction = payer.get(&format!("/api/v1/transactions/{id}")).await.json().await.unwrap();
    assert_eq!((failed.status, failed.failure), (TransactionStatus::Failed, Some(ErrorCode::InsufficientFunds)));
    let diagnosis: PaymentDiagnosis = payer.get("/api/v1/payments/last-failure").await.json().await.unwrap();
    assert_eq!(diagnosis.failed.map(|t| t.id), Some(id));
    assert_eq!(diagnosis.needed.map(|m| m.minor), Some(300_300));
    assert_eq!(balance(&mut payer, Currency::CNY).await, 200_000, "nothing moved");
    assert_ledger_sound(&app).await;
}

#[tokio::test]
async fn a_payment_to_a_merchant_whose_interface_is_down_fails_with_its_status_and_contact() {
    let app = spawn_app().await;
    let mut payer = demo(&app, DEMO).await;
    let merchant: Recipient = payer.get("/api/v1/recipients?query=m10002").await.json().await.unwrap();
    assert_eq!(merchant.merchant.as_ref().map(|m| m.status), Some(wallet_api::MerchantStatus::Unavailable));
    let error = expect_error(pay_cny(&mut payer, "m", "M10002", 1_000).await, 422, ErrorCode::MerchantUnavailable).await;
    let Some(ErrorDetail::Merchant { merchant, .. }) = error.detail else { panic!("{error:?}") };
    assert_eq!(merchant.name, "Harbour Books");
    assert!(!merchant.contact_phone.is_empty() && merchant.contact_email.contains('@'));
    let diagnosis: PaymentDiagnosis = payer.get("/api/v1/payments/last-failure").await.json().await.unwrap();
    assert_eq!(diagnosis.merchant.map(|m| m.id).as_deref(), Some("M10002"));
    // Back up: the same payment, as a new attempt, goes through.
    assert!(admin(&app, wallet_server::AdminCommand::MerchantStatus { id: "M10002".into(), status: "available".into() }).await);
    assert_eq!(pay_cny(&mut payer, "m2", "M10002", 1_000).await.status(), 201);
    assert_ledger_sound(&app).await;
}

#[tokio::test]
async fn a_payment_over_the_per_payment_or_the_daily_limit_is_refused_with_what_is_left() {
    let app = spawn_app_with(|config| {
        config.wallet.per_payment_limit_minor = 50_000;
        config.wallet.daily_limit_minor = 80_000;
    })
    .await;
    let mut payer = demo(&app, DEMO).await;
    let error = expect_error(pay_cny(&mut payer, "a", FRIEND, 50_001).await, 422, ErrorCode::LimitExceeded).await;
    assert!(matches!(error.detail, Some(ErrorDetail::Limit { limit: LimitKind::PerPayment, .. })), "{error:?}");
    assert_eq!(pay_cny(&mut payer, "b", FRIEND, 50_000).await.status(), 201);
    let error = expect_error(pay_cny(&mut payer, "c", FRIEND, 30_001).await, 422, ErrorCode::LimitExceeded).await;
    let Some(ErrorDetail::Limit { limit: LimitKind::Daily, remaining, .. }) = error.detail else { panic!("{error:?}") };
    assert_eq!(remaining.minor, 30_000);
    assert_eq!(pay_cny(&mut payer, "d", FRIEND, 30_000).await.status(), 201);
    // A day later the allowance is back.
    app.clock.advance(24 * 60 * 60);
    let mut payer = demo(&app, DEMO).await;
    assert_eq!(pay_cny(&mut payer, "e", FRIEND, 30_000).await.status(), 201);
}

#[tokio::test]
async fn a_restricted_account_cannot_pay_until_the_restriction_is_lifted() {
    let app = spawn_app().await;
    let mut payer = demo(&app, DEMO).await;
    let restrict = wallet_server::AdminCommand::Restrict {
        email: DEMO.into(),
        scope: "payments".into(),
        reason_code: "unusual_activity".into(),
        reason: "Unusual activity is being reviewed".into(),
    };
    assert!(admin(&app, restrict).await);
    let error = expect_error(pay_cny(&mut payer, "r", FRIEND, 1_000).await, 403, ErrorCode::AccountRestricted).await;
    let Some(ErrorDetail::Restricted { restriction, transaction_id }) = error.detail else { panic!("{error:?}") };
    assert_eq!(restriction.scope, wallet_api::RestrictionScope::Payments);
    assert!(transaction_id.is_some());
    assert_eq!(overview(&mut payer).await.restrictions.len(), 1);
    assert!(admin(&app, wallet_server::AdminCommand::Lift { email: DEMO.into() }).await);
    assert_eq!(pay_cny(&mut payer, "r2", FRIEND, 1_000).await.status(), 201);
}

#[tokio::test]
async fn an_unknown_recipient_is_not_found_and_paying_yourself_is_refused() {
    let app = spawn_app().await;
    let mut payer = demo(&app, DEMO).await;
    for who in ["nobody@wallet.example", "W00000001", "M99999"] {
        let error = expect_error(pay_cny(&mut payer, who, who, 100).await, 404, ErrorCode::RecipientNotFound).await;
        assert_eq!(error.field.as_deref(), Some("recipient"));
    }
    let error = expect_error(pay_cny(&mut payer, "me", DEMO, 100).await, 422, ErrorCode::ValidationFailed).await;
    assert_eq!(error.field.as_deref(), Some("recipient"));
    let error = expect_error(pay_cny(&mut payer, "zero", FRIEND, 0).await, 422, ErrorCode::InvalidAmount).await;
    assert_eq!(error.field.as_deref(), Some("amount"));
}

#[tokio::test]
async fn a_wallet_id_finds_its_owner_with_a_masked_name() {
    let app = spawn_app().await;
    let mut friend = demo(&app, FRIEND).await;
    let wallet_id = overview(&mut friend).await.wallet_id;
    assert!(wallet_id.starts_with('W') && wallet_id.len() == 9, "{wallet_id}");
    let mut payer = demo(&app, DEMO).await;
    let found: Recipient = payer.get(&format!("/api/v1/recipients?query={wallet_id}")).await.json().await.unwrap();
    assert_eq!((found.id, found.masked_name), (wallet_id, "*三丰".to_string()));
}

#[tokio::test]
async fn a_payment_above_the_threshold_needs_the_2fa_code_which_works_once() {
    let app = spawn_app().await;
    let mut payer = funded(&app, "careful@example.com", 500_000).await;
    let (secret, _) = enable_two_factor(&mut payer).await;
    app.clock.advance(30);
    let quote: PaymentQuote =
        payer.post("/api/v1/payments/quote", json!({ "recipient": FRIEND, "amount": cny(100_001) })).await.json().await.unwrap();
    assert!(quote.needs_second_factor);
    let error = expect_error(pay_cny(&mut payer, "t1", FRIEND, 100_001).await, 422, ErrorCode::SecondFactorRequired).await;
    assert_eq!(error.field.as_deref(), Some("code"));
    let body = |code: &str| json!({ "recipient": FRIEND, "amount": cny(100_001), "code": code });
    expect_error(pay(&mut payer, "t1b", body("000000")).await, 422, ErrorCode::InvalidCode).await;
    let code = totp(&secret, app.clock_now());
    // The missing code left the key free; the wrong guess spent its own key.
    assert_eq!(pay(&mut payer, "t1", body(&code)).await.status(), 201);
    expect_error(pay(&mut payer, "t2", body(&code)).await, 422, ErrorCode::CodeAlreadyUsed).await;
    let small = pay_cny(&mut payer, "t3", FRIEND, 100_000).await;
    assert_eq!(small.status(), 201, "at the threshold no code is needed");
}

#[tokio::test]
async fn the_quote_gives_fee_and_total_and_flags_the_same_payment_within_ten_minutes() {
    let app = spawn_app().await;
    let mut payer = demo(&app, DEMO).await;
    let quote_of = |minor| json!({ "recipient": FRIEND, "amount": cny(minor) });
    let quote: PaymentQuote = payer.post("/api/v1/payments/quote", quote_of(12_345)).await.json().await.unwrap();
    assert_eq!((quote.fee.minor, quote.total.minor, quote.available.minor), (13, 12_358, 200_000));
    assert!(quote.recent_duplicate.is_none());
    let paid: Transaction = pay_cny(&mut payer, "q", FRIEND, 12_345).await.json().await.unwrap();
    let quote: PaymentQuote = payer.post("/api/v1/payments/quote", quote_of(12_345)).await.json().await.unwrap();
    assert_eq!(quote.recent_duplicate.map(|t| t.id), Some(paid.id));
    let other: PaymentQuote = payer.post("/api/v1/payments/quote", quote_of(12_346)).await.json().await.unwrap();
    assert!(other.recent_duplicate.is_none(), "another amount is not a duplicate");
    app.clock.advance(10 * 60 + 1);
    let mut payer = demo(&app, DEMO).await;
    let later: PaymentQuote = payer.post("/api/v1/payments/quote", quote_of(12_345)).await.json().await.unwrap();
    assert!(later.recent_duplicate.is_none());
}

#[tokio::test]
async fn a_body_that_is_not_a_payment_gets_a_typed_error() {
    let app = spawn_app().await;
    let mut payer = demo(&app, DEMO).await;
    let response = pay(&mut payer, "x", json!({ "recipient": FRIEND, "amount": { "minor": "ten", "currency": "CNY" } })).await;
    let error = expect_error(response, 422, ErrorCode::ValidationFailed).await;
    assert!(!error.message.is_empty());
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_bad_request_with_a_typed_error() {
    let app = spawn_app().await;
    let payer = demo(&app, DEMO).await;
    let response = app
        .client
        .post(app.url("/api/v1/payments"))
        .header("cookie", payer.cookie.clone().unwrap())
        .header(wallet_api::CSRF_HEADER, payer.csrf.clone().unwrap())
        .header(wallet_api::IDEMPOTENCY_HEADER, "k")
        .header("content-type", "text/plain")
        .body("pay them please")
        .send()
        .await
        .unwrap();
    expect_error(response, 400, ErrorCode::BadRequest).await;
}

#[tokio::test]
async fn wrong_2fa_codes_on_payments_count_towards_the_lock() {
    let app = spawn_app().await;
    let mut payer = funded(&app, "guessed@example.com", 500_000).await;
    enable_two_factor(&mut payer).await;
    let body = json!({ "recipient": FRIEND, "amount": cny(200_000), "code": "000000" });
    for attempt in 0..4 {
        expect_error(pay(&mut payer, &format!("g{attempt}"), body.clone()).await, 422, ErrorCode::InvalidCode).await;
    }
    expect_error(pay(&mut payer, "g4", body).await, 423, ErrorCode::AccountLocked).await;
    assert_eq!(balance(&mut payer, Currency::CNY).await, 500_000, "nothing moved");
}
