//! Guessing or avoiding the 2FA code on payments.

use serde_json::json;
use wallet_api::{Currency, ErrorCode, ErrorDetail, SignInResult};

use crate::accounts::browser::*;
use crate::helpers::{spawn_app, spawn_app_with};
use crate::money::{balance, cny, funded, pay, pay_cny, FRIEND};

#[tokio::test]
async fn a_locked_account_cannot_pay_quote_or_top_up_even_with_the_right_code() {
    let app = spawn_app().await;
    let mut payer = funded(&app, "guessed@example.com", 500_000).await;
    let (secret, _) = enable_two_factor(&mut payer).await;
    app.clock.advance(30);
    let wrong = json!({ "recipient": FRIEND, "amount": cny(200_000), "code": "000000" });
    for attempt in 0..5 {
        pay(&mut payer, &format!("g{attempt}"), wrong.clone()).await;
    }

    let right = json!({ "recipient": FRIEND, "amount": cny(200_000), "code": totp(&secret, app.clock_now()) });
    let error = expect_error(pay(&mut payer, "after-lock", right).await, 423, ErrorCode::AccountLocked).await;
    assert!(matches!(error.detail, Some(ErrorDetail::Locked { .. })), "{error:?}");
    expect_error(pay_cny(&mut payer, "small", FRIEND, 100).await, 423, ErrorCode::AccountLocked).await;
    let quote = payer.post("/api/v1/payments/quote", json!({ "recipient": FRIEND, "amount": cny(100) })).await;
    expect_error(quote, 423, ErrorCode::AccountLocked).await;
    let top_up = crate::money::top_up(&mut payer, "t", 1_000, crate::money::GOOD_CARD).await;
    expect_error(top_up, 423, ErrorCode::AccountLocked).await;
    assert_eq!(balance(&mut payer, Currency::CNY).await, 500_000, "nothing moved");
}

#[tokio::test]
async fn one_idempotency_key_cannot_be_used_to_guess_codes() {
    let app = spawn_app().await;
    let mut payer = funded(&app, "guessed@example.com", 500_000).await;
    let (secret, _) = enable_two_factor(&mut payer).await;
    app.clock.advance(30);
    let with_code = |code: &str| json!({ "recipient": FRIEND, "amount": cny(200_000), "code": code });

    expect_error(pay(&mut payer, "one-key", with_code("000000")).await, 422, ErrorCode::InvalidCode).await;
    // The key is spent on that wrong guess: the right code with it gets the first answer again.
    let right = totp(&secret, app.clock_now());
    expect_error(pay(&mut payer, "one-key", with_code(&right)).await, 422, ErrorCode::InvalidCode).await;
    assert_eq!(balance(&mut payer, Currency::CNY).await, 500_000);
    // A new attempt (new key) with the right code pays.
    assert_eq!(pay(&mut payer, "next-key", with_code(&right)).await.status(), 201);
}

#[tokio::test]
async fn wrong_payment_codes_count_with_wrong_passwords_towards_one_lock_and_the_history() {
    let app = spawn_app().await;
    let mut payer = funded(&app, "guessed@example.com", 500_000).await;
    enable_two_factor(&mut payer).await;
    let mut stranger = Browser::new(&app);
    for _ in 0..3 {
        stranger.sign_in("guessed@example.com", "Wrong-Password-Entirely-1").await;
    }
    let wrong = json!({ "recipient": FRIEND, "amount": cny(200_000), "code": "000000" });
    expect_error(pay(&mut payer, "a", wrong.clone()).await, 422, ErrorCode::InvalidCode).await;
    // 3 wrong passwords + 2 wrong codes: the fifth failure in a row locks.
    expect_error(pay(&mut payer, "b", wrong).await, 423, ErrorCode::AccountLocked).await;
    let history: Vec<wallet_api::SignInEvent> = payer.get("/api/v1/account/sign-ins").await.json().await.unwrap();
    assert_eq!(history.iter().filter(|e| e.result == SignInResult::WrongCode).count(), 2);
}

#[tokio::test]
async fn splitting_a_large_amount_into_small_payments_does_not_avoid_the_code() {
    let app = spawn_app_with(|config| {
        config.wallet.per_payment_limit_minor = 1_000_000_000;
        config.wallet.daily_limit_minor = 1_000_000_000;
    })
    .await;
    let mut payer = funded(&app, "splitter@example.com", 5_000_000).await;
    crate::money::top_up(&mut payer, "more", 5_000_000, crate::money::GOOD_CARD).await;
    enable_two_factor(&mut payer).await;

    // 200 payments of 1,000.00 (the threshold): without a code, only the first passes.
    let mut paid_without_code = 0;
    for attempt in 0..200 {
        let response = pay_cny(&mut payer, &format!("split-{attempt}"), FRIEND, 100_000).await;
        match response.status().as_u16() {
            201 => paid_without_code += 1,
            422 => {
                let error: wallet_api::ApiError = response.json().await.unwrap();
                assert_eq!(error.code, ErrorCode::SecondFactorRequired);
            }
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(paid_without_code, 1, "everything past the threshold in 24 hours needs the code");
    let rules: wallet_api::PaymentRules = payer.get("/api/v1/wallet/rules").await.json().await.unwrap();
    assert!(rules.needs_second_factor(wallet_api::Money::new(1, Currency::CNY)), "the form knows it too");
}
