use serde_json::json;
use wallet_api::{
    Currency, ErrorCode, ErrorDetail, Money, Transaction, TransactionKind, TransactionPage, TransactionStatus, WithdrawalLimitKind,
    WithdrawalRules, WithdrawalState,
};

use super::*;
use crate::accounts::browser::expect_error;
use crate::money::{admin as money_admin, assert_ledger_sound, balance};

#[tokio::test]
async fn a_withdrawal_holds_amount_and_fee_at_once_and_shows_them() {
    let app = app().await;
    let mut user = withdrawer(&app, "hold@example.com", 100_000).await;
    let rules: WithdrawalRules = user.browser.get("/api/v1/withdrawals/rules").await.json().await.unwrap();
    assert_eq!((rules.minimum_minor, rules.fee_fixed_minor, rules.fee_bps), (1_000, 200, 10));
    assert!(rules.two_factor);
    let fee = rules.fee(Money::new(50_000, Currency::CNY));
    assert_eq!(fee.minor, 250, "2.00 fixed + 0.1 % of 500.00");

    let done = user.withdraw_ok("w1", 50_000).await;
    let w = &done.withdrawal;
    assert_eq!((w.state, w.amount.minor, w.fee.minor, w.total.minor), (WithdrawalState::Submitted, 50_000, 250, 50_250));
    assert!(w.cancellable && !w.needs_review);
    assert_eq!(w.bank_account.masked_number, "•••• 4242");
    assert_eq!(balance(&mut user.browser, Currency::CNY).await, 100_000 - 50_250);
    let rules: WithdrawalRules = user.browser.get("/api/v1/withdrawals/rules").await.json().await.unwrap();
    assert_eq!(rules.daily_left(Currency::CNY).minor, 5_000_000 - 50_000);

    let page: TransactionPage = user.browser.get("/api/v1/transactions?type=withdrawal").await.json().await.unwrap();
    assert_eq!(page.items.len(), 1);
    let listed: &Transaction = &page.items[0];
    assert_eq!((listed.id.as_str(), listed.kind, listed.status), (w.id.as_str(), TransactionKind::Withdrawal, TransactionStatus::Pending));
    assert_eq!((listed.fee.minor, listed.counterparty.id.as_str()), (250, "•••• 4242"));
    assert_ledger_sound(&app).await;
}

#[tokio::test]
async fn withdrawals_are_refused_until_two_factor_is_on() {
    let app = app().await;
    let mut browser = crate::money::funded(&app, "no2fa@example.com", 100_000).await;
    let bank: BankAccount =
        add_bank(&mut browser, json!({ "currency": "CNY", "holder_name": HOLDER, "account_number": CNY_NUMBER })).await.json().await.unwrap();
    let body = json!({ "bank_account_id": bank.id, "amount": cny(5_000), "code": "123456" });
    expect_error(withdraw(&mut browser, "k", body).await, 403, ErrorCode::TwoFactorRequired).await;
    let rules: WithdrawalRules = browser.get("/api/v1/withdrawals/rules").await.json().await.unwrap();
    assert!(!rules.two_factor);
    assert_eq!(balance(&mut browser, Currency::CNY).await, 100_000);
}

#[tokio::test]
async fn a_missing_wrong_or_replayed_code_withdraws_nothing() {
    let app = app().await;
    let mut user = withdrawer(&app, "codes@example.com", 100_000).await;
    let body = |code: &str| json!({ "bank_account_id": user.bank.id, "amount": cny(5_000), "code": code });
    let (missing, wrong) = (body(""), body("000000"));
    expect_error(withdraw(&mut user.browser, "a", missing).await, 422, ErrorCode::SecondFactorRequired).await;
    expect_error(withdraw(&mut user.browser, "b", wrong).await, 422, ErrorCode::InvalidCode).await;
    let code = user.fresh_code();
    let right = json!({ "bank_account_id": user.bank.id, "amount": cny(5_000), "code": code });
    // The wrong code was final for its key: the right code with that key gets the same answer.
    expect_error(withdraw(&mut user.browser, "b", right.clone()).await, 422, ErrorCode::InvalidCode).await;
    assert_eq!(withdraw(&mut user.browser, "c", right.clone()).await.status(), 201);
    let replayed = json!({ "bank_account_id": user.bank.id, "amount": cny(6_000), "code": code });
    expect_error(withdraw(&mut user.browser, "d", replayed).await, 422, ErrorCode::CodeAlreadyUsed).await;
    assert_eq!(balance(&mut user.browser, Currency::CNY).await, 100_000 - 5_000 - 205);
    assert_ledger_sound(&app).await;
}

#[tokio::test]
async fn the_same_key_and_request_hold_once_and_another_request_with_it_is_refused() {
    let app = app().await;
    let mut user = withdrawer(&app, "retry@example.com", 100_000).await;
    let code = user.fresh_code();
    let body = json!({ "bank_account_id": user.bank.id, "amount": cny(20_000), "code": code });
    let first: WithdrawalDetail = withdraw(&mut user.browser, "same", body.clone()).await.json().await.unwrap();
    let again = withdraw(&mut user.browser, "same", body).await;
    assert_eq!(again.status(), 201);
    let again: WithdrawalDetail = again.json().await.unwrap();
    assert_eq!(again.withdrawal.id, first.withdrawal.id);
    let other = json!({ "bank_account_id": user.bank.id, "amount": cny(30_000), "code": user.fresh_code() });
    expect_error(withdraw(&mut user.browser, "same", other).await, 409, ErrorCode::IdempotencyKeyReused).await;
    let list: Vec<wallet_api::Withdrawal> = user.browser.get("/api/v1/withdrawals").await.json().await.unwrap();
    assert_eq!(list.len(), 1, "one hold");
    assert_eq!(balance(&mut user.browser, Currency::CNY).await, 100_000 - 20_220);
    assert_ledger_sound(&app).await;
}

#[tokio::test]
async fn an_amount_below_the_minimum_or_above_the_balance_is_refused() {
    let app = app().await;
    let mut user = withdrawer(&app, "minimum@example.com", 10_000).await;
    let error = expect_error(user.withdraw("small", 999).await, 422, ErrorCode::AmountBelowMinimum).await;
    assert_eq!(error.detail, Some(ErrorDetail::Minimum { minimum: Money::new(1_000, Currency::CNY) }));
    assert_eq!(user.withdraw("exact", 1_000).await.status(), 201, "10.00 is allowed");
    let error = expect_error(user.withdraw("big", 9_000).await, 422, ErrorCode::InsufficientFunds).await;
    let Some(ErrorDetail::Shortfall { available, needed, .. }) = error.detail else { panic!("{error:?}") };
    assert_eq!((available.minor, needed.minor), (10_000 - 1_201, 9_000 + 209));
    assert_ledger_sound(&app).await;
}

#[tokio::test]
async fn the_daily_and_monthly_limits_are_kept_and_say_what_is_left() {
    let app = spawn_app_with(|config| {
        config.withdrawals.bank_account_cooling_off_secs = 0;
        config.withdrawals.withdrawal_daily_limit_minor = 30_000;
        config.withdrawals.withdrawal_monthly_limit_minor = 50_000;
        config.security.idle_timeout_secs = 3 * 24 * 60 * 60;
        config.security.absolute_timeout_secs = 3 * 24 * 60 * 60;
    })
    .await;
    let mut user = withdrawer(&app, "limits@example.com", 200_000).await;
    user.withdraw_ok("a", 20_000).await;
    let error = expect_error(user.withdraw("b", 10_001).await, 422, ErrorCode::LimitExceeded).await;
    assert_eq!(
        error.detail,
        Some(ErrorDetail::WithdrawalLimit {
            limit: WithdrawalLimitKind::Daily,
            size: Money::new(30_000, Currency::CNY),
            remaining: Money::new(10_000, Currency::CNY)
        })
    );
    user.withdraw_ok("c", 10_000).await;
    // A day later the daily limit is free again, the monthly one is not.
    app.clock.advance(24 * 60 * 60);
    let error = expect_error(user.withdraw("d", 20_001).await, 422, ErrorCode::LimitExceeded).await;
    let Some(ErrorDetail::WithdrawalLimit { limit, remaining, .. }) = error.detail else { panic!("{error:?}") };
    assert_eq!((limit, remaining.minor), (WithdrawalLimitKind::Monthly, 20_000));
    assert_ledger_sound(&app).await;
}

#[tokio::test]
async fn a_restriction_of_withdrawals_or_everything_refuses_and_one_of_payments_does_not() {
    let app = app().await;
    let mut user = withdrawer(&app, "restricted@example.com", 100_000).await;
    let restrict = |scope: &str| wallet_server::AdminCommand::Restrict {
        email: "restricted@example.com".into(),
        scope: scope.into(),
        reason_code: "unusual_activity".into(),
        reason: "checking".into(),
    };
    let lift = || wallet_server::AdminCommand::Lift { email: "restricted@example.com".into() };
    for scope in ["withdrawals", "all"] {
        assert!(money_admin(&app, restrict(scope)).await);
        let error = expect_error(user.withdraw(&format!("r-{scope}"), 5_000).await, 403, ErrorCode::AccountRestricted).await;
        assert!(matches!(error.detail, Some(ErrorDetail::Restricted { .. })), "{error:?}");
        let rules: WithdrawalRules = user.browser.get("/api/v1/withdrawals/rules").await.json().await.unwrap();
        assert_eq!(rules.restrictions.len(), 1);
        assert!(money_admin(&app, lift()).await);
    }
    assert!(money_admin(&app, restrict("payments")).await);
    assert_eq!(user.withdraw("ok", 5_000).await.status(), 201);
    assert_eq!(balance(&mut user.browser, Currency::CNY).await, 100_000 - 5_205);
}

#[tokio::test]
async fn a_locked_account_cannot_withdraw() {
    let app = app().await;
    let mut user = withdrawer(&app, "locked@example.com", 100_000).await;
    let mut stranger = Browser::new(&app);
    for _ in 0..5 {
        stranger.sign_in("locked@example.com", "Wrong-Password-Entirely-1").await;
    }
    expect_error(user.withdraw("l", 5_000).await, 423, ErrorCode::AccountLocked).await;
    assert_eq!(balance(&mut user.browser, Currency::CNY).await, 100_000);
}

#[tokio::test]
async fn another_users_withdrawal_or_bank_account_is_not_found() {
    let app = app().await;
    let mut owner = withdrawer(&app, "owner@example.com", 100_000).await;
    let done = owner.withdraw_ok("o", 5_000).await;
    let mut other = withdrawer(&app, "other@example.com", 100_000).await;
    let id = &done.withdrawal.id;
    expect_error(other.browser.get(&format!("/api/v1/withdrawals/{id}")).await, 404, ErrorCode::NotFound).await;
    expect_error(other.browser.post_empty(&format!("/api/v1/withdrawals/{id}/cancel")).await, 404, ErrorCode::NotFound).await;
    expect_error(other.browser.get(&format!("/api/v1/transactions/{id}")).await, 404, ErrorCode::NotFound).await;
    let code = other.fresh_code();
    let body = json!({ "bank_account_id": owner.bank.id, "amount": cny(5_000), "code": code });
    expect_error(withdraw(&mut other.browser, "x", body).await, 404, ErrorCode::NotFound).await;
    assert_eq!(state_of(&mut owner.browser, id).await, WithdrawalState::Submitted);
    assert_eq!(balance(&mut other.browser, Currency::CNY).await, 100_000);
}
