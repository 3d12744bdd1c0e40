use wallet_api::{Currency, ErrorCode, ErrorDetail, MessageKind, Transaction, TransactionStatus};

use super::*;
use crate::accounts::browser::expect_error;
use crate::helpers::spawn_app;

#[tokio::test]
async fn a_top_up_with_the_good_test_card_adds_to_the_balance_at_once() {
    let app = spawn_app().await;
    let mut user = demo(&app, DEMO).await;
    let response = top_up(&mut user, "t", 12_345, GOOD_CARD).await;
    assert_eq!(response.status(), 201);
    let done: Transaction = response.json().await.unwrap();
    assert_eq!(done.status, TransactionStatus::Completed);
    assert_eq!(done.counterparty.id, "•••• 4242");
    assert_eq!(balance(&mut user, Currency::CNY).await, 200_000 + 12_345);
    assert_ledger_sound(&app).await;
}

#[tokio::test]
async fn a_declined_card_is_refused_recorded_and_told() {
    let app = spawn_app().await;
    let mut user = demo(&app, DEMO).await;
    let error = expect_error(top_up(&mut user, "d", 5_000, DECLINED_CARD).await, 422, ErrorCode::CardDeclined).await;
    let Some(ErrorDetail::Declined { transaction_id }) = error.detail else { panic!("{error:?}") };
    let failed: Transaction = user.get(&format!("/api/v1/transactions/{transaction_id}")).await.json().await.unwrap();
    assert_eq!(failed.status, TransactionStatus::Failed);
    let messages: wallet_api::MessageList = user.get("/api/v1/messages").await.json().await.unwrap();
    assert_eq!(messages.messages[0].kind, MessageKind::TopUpFailed);
    assert_eq!(balance(&mut user, Currency::CNY).await, 200_000);
    // A retry of the same attempt is the same answer, not a second charge attempt.
    let again = expect_error(top_up(&mut user, "d", 5_000, DECLINED_CARD).await, 422, ErrorCode::CardDeclined).await;
    assert_eq!(again.detail, Some(ErrorDetail::Declined { transaction_id }));
}

#[tokio::test]
async fn a_top_up_that_times_out_stays_pending_until_the_provider_answers() {
    let app = spawn_app().await;
    let mut user = demo(&app, DEMO).await;
    let pending: Transaction = top_up(&mut user, "slow", 7_000, SLOW_CARD).await.json().await.unwrap();
    assert_eq!(pending.status, TransactionStatus::Pending);
    let before = overview(&mut user).await;
    let cny = before.balances.iter().find(|b| b.available.currency == Currency::CNY).unwrap();
    assert_eq!((cny.available.minor, cny.pending.minor), (200_000, 7_000));
    app.clock.advance(20);
    let after = overview(&mut user).await;
    let cny = after.balances.iter().find(|b| b.available.currency == Currency::CNY).unwrap();
    assert_eq!((cny.available.minor, cny.pending.minor), (207_000, 0));
    let settled: Transaction = user.get(&format!("/api/v1/transactions/{}", pending.id)).await.json().await.unwrap();
    assert_eq!(settled.status, TransactionStatus::Completed);
    let messages: wallet_api::MessageList = user.get("/api/v1/messages").await.json().await.unwrap();
    assert!(messages.messages.iter().any(|m| m.kind == MessageKind::TopUpCompleted));
    assert_ledger_sound(&app).await;
}

#[tokio::test]
async fn a_mistyped_card_number_or_an_amount_over_the_limit_is_refused_at_its_field() {
    let app = spawn_app().await;
    let mut user = demo(&app, DEMO).await;
    let error = expect_error(top_up(&mut user, "typo", 5_000, "4242 4242 4242 4241").await, 422, ErrorCode::ValidationFailed).await;
    assert_eq!(error.field.as_deref(), Some("card_number"));
    let error = expect_error(top_up(&mut user, "huge", 5_000_001, GOOD_CARD).await, 422, ErrorCode::LimitExceeded).await;
    assert_eq!(error.field.as_deref(), Some("amount"));
    assert_eq!(balance(&mut user, Currency::CNY).await, 200_000);
}
