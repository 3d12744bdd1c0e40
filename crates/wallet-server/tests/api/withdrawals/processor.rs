use std::sync::Arc;

use serde_json::json;
use wallet_api::{
    Currency, ErrorCode, MessageKind, RejectionReason, StageStatus, TransactionStatus, WithdrawalState,
};

use super::*;
use crate::accounts::browser::{expect_error, mails_to};
use crate::money::{assert_ledger_sound, balance};

use WithdrawalState::*;

#[tokio::test]
async fn the_processor_moves_a_withdrawal_through_every_stage_by_the_clock_with_a_timeline() {
    let app = app().await;
    let mut user = withdrawer(&app, "stages@example.com", 100_000).await;
    let done = user.withdraw_ok("w", 50_000).await;
    let id = done.withdrawal.id.clone();
    let submitted_at = done.withdrawal.created_at;
    let states: Vec<_> = done.timeline.iter().map(|s| (s.state, s.status)).collect();
    assert_eq!(
        states,
        [(Submitted, StageStatus::Current), (UnderReview, StageStatus::Ahead), (Processing, StageStatus::Ahead), (Completed, StageStatus::Ahead)]
    );
    // Expected: 60 s submitted, 10 min automatic review, 2 h processing (the defaults).
    let expected: Vec<i64> = done.timeline.iter().map(|s| s.expected_at.unwrap() - submitted_at).collect();
    assert_eq!(expected, [60, 60, 60 + 600, 60 + 600 + 7_200]);

    app.clock.advance(60);
    assert_eq!(state_of(&mut user.browser, &id).await, UnderReview);
    app.clock.advance(600);
    assert_eq!(state_of(&mut user.browser, &id).await, Processing);
    assert_eq!(balance(&mut user.browser, Currency::CNY).await, 100_000 - 50_250, "still held");
    app.clock.advance(7_200);
    let finished = detail(&mut user.browser, &id).await;
    assert_eq!(finished.withdrawal.state, Completed);
    assert!(finished.timeline.iter().all(|s| s.status == StageStatus::Done && s.at.is_some()), "{:?}", finished.timeline);
    let times: Vec<i64> = finished.timeline.iter().map(|s| s.at.unwrap() - submitted_at).collect();
    assert_eq!(times, [0, 60, 660, 7_860]);
    assert_eq!(balance(&mut user.browser, Currency::CNY).await, 100_000 - 50_250);

    let messages: wallet_api::MessageList = user.browser.get("/api/v1/messages").await.json().await.unwrap();
    let told: Vec<_> = messages.messages.iter().filter(|m| m.kind == MessageKind::WithdrawalUpdate).filter_map(|m| m.facts.state).collect();
    assert_eq!(told, [Completed, Processing, UnderReview, Submitted], "a message at each change, newest first");
    let mails = mails_to(&app, "stages@example.com").await;
    for subject in ["Withdrawal submitted", "Withdrawal under review", "Withdrawal processing", "Withdrawal completed"] {
        assert!(mails.iter().any(|m| m.subject == subject), "a mail: {subject}");
    }
    let listed: wallet_api::Transaction = user.browser.get(&format!("/api/v1/transactions/{id}")).await.json().await.unwrap();
    assert_eq!(listed.status, TransactionStatus::Completed);
    assert_ledger_sound(&app).await;
}

#[tokio::test]
async fn the_background_processor_moves_withdrawals_without_anyone_reading_them() {
    let app = app().await;
    let mut user = withdrawer(&app, "background@example.com", 100_000).await;
    let id = user.withdraw_ok("w", 10_000).await.withdrawal.id;
    app.clock.advance(60 + 600 + 7_200);
    let db = sqlx::SqlitePool::connect(&format!("sqlite://{}", app.database.display())).await.unwrap();
    let mut state = String::new();
    for _ in 0..50 {
        state = sqlx::query_scalar("SELECT state FROM withdrawals WHERE id = ?").bind(&id).fetch_one(&db).await.unwrap();
        if state == "completed" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(state, "completed");
}

#[tokio::test]
async fn a_user_cancels_before_processing_and_gets_the_funds_back_but_not_after() {
    let app = app().await;
    let mut user = withdrawer(&app, "cancel@example.com", 100_000).await;
    let first = user.withdraw_ok("a", 20_000).await.withdrawal.id;
    let second = user.withdraw_ok("b", 30_000).await.withdrawal.id;
    assert_eq!(balance(&mut user.browser, Currency::CNY).await, 100_000 - 20_220 - 30_230);

    let cancelled: WithdrawalDetail = user.browser.post_empty(&format!("/api/v1/withdrawals/{first}/cancel")).await.json().await.unwrap();
    assert_eq!(cancelled.withdrawal.state, Cancelled);
    assert!(!cancelled.withdrawal.cancellable);
    assert_eq!(cancelled.timeline.last().map(|s| (s.state, s.status)), Some((Cancelled, StageStatus::Done)));
    assert_eq!(balance(&mut user.browser, Currency::CNY).await, 100_000 - 30_230, "amount and fee returned");
    expect_error(user.browser.post_empty(&format!("/api/v1/withdrawals/{first}/cancel")).await, 409, ErrorCode::WithdrawalNotCancellable).await;

    app.clock.advance(60 + 600);
    assert_eq!(state_of(&mut user.browser, &second).await, Processing);
    expect_error(user.browser.post_empty(&format!("/api/v1/withdrawals/{second}/cancel")).await, 409, ErrorCode::WithdrawalNotCancellable).await;
    assert_eq!(balance(&mut user.browser, Currency::CNY).await, 100_000 - 30_230);
    let rules: wallet_api::WithdrawalRules = user.browser.get("/api/v1/withdrawals/rules").await.json().await.unwrap();
    assert_eq!(rules.daily_left(Currency::CNY).minor, 5_000_000 - 30_000, "a cancelled withdrawal does not count");
    assert_ledger_sound(&app).await;
}

#[tokio::test]
async fn an_amount_above_the_review_threshold_waits_for_an_operator_who_approves_it() {
    let app = app().await;
    let mut user = withdrawer(&app, "review@example.com", 1_000_000).await;
    let done = user.withdraw_ok("big", 600_000).await;
    assert!(done.withdrawal.needs_review);
    let id = done.withdrawal.id;
    app.clock.advance(24 * 60 * 60 - 600);
    let waiting = detail(&mut user.browser, &id).await;
    assert_eq!(waiting.withdrawal.state, UnderReview, "no deadline: it waits for an operator");
    assert!(waiting.withdrawal.late, "past the expected 4 h of a review");
    assert!(waiting.timeline[1].late);

    assert!(admin(&app, wallet_server::WithdrawalsCommand::List { all: false }).await.unwrap());
    assert!(admin(&app, wallet_server::WithdrawalsCommand::Approve { id: id.clone() }).await.unwrap());
    assert_eq!(state_of(&mut user.browser, &id).await, Processing);
    app.clock.advance(7_200);
    assert_eq!(state_of(&mut user.browser, &id).await, Completed);
    assert_ledger_sound(&app).await;
}

#[tokio::test]
async fn an_operators_rejection_returns_the_funds_with_its_reason() {
    let app = app().await;
    let mut user = withdrawer(&app, "rejected@example.com", 1_000_000).await;
    let id = user.withdraw_ok("big", 600_000).await.withdrawal.id;
    app.clock.advance(60);
    let reject = |id: &str| wallet_server::WithdrawalsCommand::Reject { id: id.into(), reason: "COMPLIANCE_REVIEW".into() };
    assert!(admin(&app, reject(&id)).await.unwrap());
    let rejected = detail(&mut user.browser, &id).await;
    assert_eq!((rejected.withdrawal.state, rejected.withdrawal.reason), (Rejected, Some(RejectionReason::ComplianceReview)));
    assert_eq!(balance(&mut user.browser, Currency::CNY).await, 1_000_000);
    assert!(admin(&app, reject(&id)).await.is_err(), "only once, and only before processing");
    let messages: wallet_api::MessageList = user.browser.get("/api/v1/messages").await.json().await.unwrap();
    assert_eq!(messages.messages[0].facts.reason, Some(RejectionReason::ComplianceReview));
    assert_ledger_sound(&app).await;
}

#[tokio::test]
async fn in_demo_mode_the_bank_rejects_an_account_ending_0002_and_is_late_for_one_ending_0003() {
    let app = app().await;
    let mut user = withdrawer(&app, "demo-banks@example.com", 100_000).await;
    let mut ids = Vec::new();
    for (key, number) in [("r", "622202100000030002"), ("l", "622202100000020003")] {
        let bank: BankAccount =
            user.add_bank(json!({ "currency": "CNY", "holder_name": HOLDER, "account_number": number })).await.json().await.unwrap();
        user.bank = bank;
        ids.push(user.withdraw_ok(key, 10_000).await.withdrawal.id);
    }
    app.clock.advance(60 + 600 + 7_200 + 60);
    let rejected = detail(&mut user.browser, &ids[0]).await;
    assert_eq!((rejected.withdrawal.state, rejected.withdrawal.reason), (Rejected, Some(RejectionReason::BankRejected)));
    assert!(rejected.timeline.iter().any(|s| s.state == Processing && s.status == StageStatus::Done));
    let late = detail(&mut user.browser, &ids[1]).await;
    assert_eq!(late.withdrawal.state, Processing);
    assert!(late.withdrawal.late);
    assert_eq!(balance(&mut user.browser, Currency::CNY).await, 100_000 - 10_210, "the rejected one came back");
    let mails = mails_to(&app, "demo-banks@example.com").await;
    let mail = mails.iter().find(|m| m.subject == "Withdrawal rejected").expect("a mail about the rejection");
    assert!(mail.body.contains("The bank refused the account number. Check the bank account's details."), "{}", mail.body);
    assert!(!mail.body.contains("BANK_REJECTED"), "the reason in words, not its code: {}", mail.body);
    app.clock.advance(4 * 7_200);
    assert_eq!(state_of(&mut user.browser, &ids[1]).await, Completed);
    assert_ledger_sound(&app).await;
}

#[tokio::test]
async fn a_restarted_server_resumes_a_withdrawal_mid_stage_from_the_database() {
    let app = app().await;
    let mut user = withdrawer(&app, "restart@example.com", 100_000).await;
    let id = user.withdraw_ok("w", 10_000).await.withdrawal.id;
    app.clock.advance(60 + 600);
    assert_eq!(state_of(&mut user.browser, &id).await, Processing);

    // A second server on the same database, its clock past the deadline: the first one (whose
    // clock stands still) is the process that was killed.
    let mut config = wallet_server::Config::for_tests(app.database.clone(), app.folder().join("dist"));
    config.demo = true;
    let later = wallet_server::clock::ManualClock::starting_at(app.clock_now() + 7_200);
    let restarted = wallet_server::Application::build_with_clock(config, Arc::new(later)).await.unwrap();
    let url = restarted.url();
    tokio::spawn(restarted.run_until_stopped());
    let db = sqlx::SqlitePool::connect(&format!("sqlite://{}", app.database.display())).await.unwrap();
    let mut state = String::new();
    for _ in 0..50 {
        state = sqlx::query_scalar("SELECT state FROM withdrawals WHERE id = ?").bind(&id).fetch_one(&db).await.unwrap();
        if state == "completed" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(state, "completed", "resumed by {url}");
    assert_ledger_sound(&app).await;
}

#[tokio::test]
async fn an_operators_review_is_expected_within_the_review_desks_hours() {
    let app = app().await;
    let mut user = withdrawer(&app, "late-review@example.com", 1_000_000).await;
    // The clock starts on a Thursday at 10:30 China time: move it to about 17:00.
    app.clock.advance(6 * 3600 + 1800);
    let done = user.withdraw_ok("big", 600_000).await;
    let (review, processing) = (&done.timeline[1], &done.timeline[2]);
    assert_eq!((review.state, processing.state), (UnderReview, Processing));
    // 4 hours of review: one before the desk closes at 18:00, three from 09:00 on Friday.
    assert_eq!(processing.expected_at.unwrap() - review.expected_at.unwrap(), 4 * 3600 + 15 * 3600);
    let small = user.withdraw_ok("small", 10_000).await;
    assert_eq!(small.timeline[2].expected_at.unwrap() - small.timeline[1].expected_at.unwrap(), 600, "an automatic review runs around the clock");
}
