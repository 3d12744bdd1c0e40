//! Trying to get money out that is not there, to someone else's account, twice, or back after
//! it left.

use reqwest::Method;
use serde_json::json;
use wallet_api::{Currency, ErrorCode, WithdrawalState};

use super::*;
use crate::accounts::browser::expect_error;
use crate::money::{assert_ledger_sound, balance};

#[tokio::test]
async fn a_zero_negative_huge_or_foreign_currency_amount_moves_nothing() {
    let app = app().await;
    let mut user = withdrawer(&app, "amounts@example.com", 100_000).await;
    for (minor, currency) in [(0, "CNY"), (-5_000, "CNY"), (i64::MAX, "CNY"), (5_000, "USD"), (5_000, "EUR")] {
        let code = user.fresh_code();
        let body = json!({ "bank_account_id": user.bank.id, "amount": { "minor": minor, "currency": currency }, "code": code });
        let response = withdraw(&mut user.browser, &format!("{minor}{currency}"), body).await;
        assert_eq!(response.status(), 422, "{minor} {currency}");
        let error: wallet_api::ApiError = response.json().await.unwrap();
        assert!([ErrorCode::InvalidAmount, ErrorCode::ValidationFailed].contains(&error.code), "{error:?}");
    }
    assert_eq!(balance(&mut user.browser, Currency::CNY).await, 100_000);
    assert_ledger_sound(&app).await;
}

#[tokio::test]
async fn a_removed_bank_account_receives_nothing_but_its_old_withdrawals_still_show_it() {
    let app = app().await;
    let mut user = withdrawer(&app, "removed@example.com", 100_000).await;
    let id = user.withdraw_ok("before", 5_000).await.withdrawal.id;
    let removed = user.browser.request(Method::DELETE, &format!("/api/v1/bank-accounts/{}", user.bank.id), None).await;
    assert_eq!(removed.status(), 204);
    expect_error(user.withdraw("after", 5_000).await, 404, ErrorCode::NotFound).await;
    assert_eq!(detail(&mut user.browser, &id).await.withdrawal.bank_account.masked_number, "•••• 4242");
}

#[tokio::test]
async fn an_operator_cannot_reject_or_approve_a_withdrawal_the_bank_already_has_or_paid() {
    let app = app().await;
    let mut user = withdrawer(&app, "late-reject@example.com", 100_000).await;
    let id = user.withdraw_ok("w", 10_000).await.withdrawal.id;
    app.clock.advance(60 + 600);
    assert_eq!(state_of(&mut user.browser, &id).await, WithdrawalState::Processing);
    let reject = wallet_server::WithdrawalsCommand::Reject { id: id.clone(), reason: "OTHER".into() };
    assert!(admin(&app, reject.clone()).await.is_err(), "the bank has it: no money comes back twice");
    app.clock.advance(7_200);
    assert_eq!(state_of(&mut user.browser, &id).await, WithdrawalState::Completed);
    assert!(admin(&app, reject).await.is_err());
    assert!(admin(&app, wallet_server::WithdrawalsCommand::Approve { id }).await.is_err());
    assert_eq!(balance(&mut user.browser, Currency::CNY).await, 100_000 - 10_210);
    assert_ledger_sound(&app).await;
}

#[tokio::test]
async fn a_retry_with_the_same_key_after_a_cancellation_does_not_withdraw_again() {
    let app = app().await;
    let mut user = withdrawer(&app, "retry-after-cancel@example.com", 100_000).await;
    let code = user.fresh_code();
    let body = json!({ "bank_account_id": user.bank.id, "amount": cny(10_000), "code": code });
    let first: WithdrawalDetail = withdraw(&mut user.browser, "once", body.clone()).await.json().await.unwrap();
    let cancelled = user.browser.post_empty(&format!("/api/v1/withdrawals/{}/cancel", first.withdrawal.id)).await;
    assert_eq!(cancelled.status(), 200);
    let again: WithdrawalDetail = withdraw(&mut user.browser, "once", body).await.json().await.unwrap();
    assert_eq!(again.withdrawal.id, first.withdrawal.id, "the first answer, not a new hold");
    assert_eq!(balance(&mut user.browser, Currency::CNY).await, 100_000);
    let list: Vec<wallet_api::Withdrawal> = user.browser.get("/api/v1/withdrawals").await.json().await.unwrap();
    assert_eq!(list.len(), 1);
    assert_ledger_sound(&app).await;
}

#[tokio::test]
async fn withdrawals_are_in_the_csv_export_with_their_bank_account_masked() {
    let app = app().await;
    let mut user = withdrawer(&app, "csv@example.com", 100_000).await;
    let id = user.withdraw_ok("w", 10_000).await.withdrawal.id;
    let csv = user.browser.get("/api/v1/transactions/export.csv").await.text().await.unwrap();
    let line = csv.lines().find(|l| l.starts_with(&id)).expect("the withdrawal is exported");
    assert!(line.contains(",withdrawal,pending,") && line.contains("•••• 4242"), "{line}");
    assert!(!csv.contains("4242424242424242"));
}
