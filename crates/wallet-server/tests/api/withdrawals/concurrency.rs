use futures::future::join_all;
use serde_json::json;
use wallet_api::{Currency, WithdrawalState};

use super::*;
use crate::money::{assert_ledger_sound, balance, pay_cny, FRIEND};


#[tokio::test]
async fn parallel_withdrawals_with_one_code_hold_once() {
    let app = app().await;
    let mut user = withdrawer(&app, "race-code@example.com", 100_000).await;
    let code = user.fresh_code();
    let body = json!({ "bank_account_id": user.bank.id, "amount": cny(10_000), "code": code });
    let answers = join_all((0..6).map(|i| {
        let mut tab = tab(&user.browser);
        let body = body.clone();
        async move { withdraw(&mut tab, &format!("k{i}"), body).await.status().as_u16() }
    }))
    .await;
    assert_eq!(answers.iter().filter(|s| **s == 201).count(), 1, "{answers:?}");
    // The others replayed the code (CODE_ALREADY_USED), which counts towards the lock like any
    // wrong code: the fifth in a row locks the account.
    assert!(answers.iter().all(|s| [201, 422, 423].contains(s)), "{answers:?}");
    assert_eq!(balance(&mut user.browser, Currency::CNY).await, 100_000 - 10_210);
    assert_ledger_sound(&app).await;
}

#[tokio::test]
async fn withdrawals_payments_and_cancellations_racing_on_one_balance_never_overdraw_it() {
    let app = app().await;
    let mut user = withdrawer(&app, "race@example.com", 100_000).await;
    let mut earlier = Vec::new();
    for i in 0..3 {
        earlier.push(user.withdraw_ok(&format!("early-{i}"), 20_000).await.withdrawal.id);
    }
    assert_eq!(balance(&mut user.browser, Currency::CNY).await, 100_000 - 3 * 20_220);
    let code = user.fresh_code();
    let withdrawal = {
        let mut tab = tab(&user.browser);
        let body = json!({ "bank_account_id": user.bank.id, "amount": cny(30_000), "code": code });
        async move { withdraw(&mut tab, "racing", body).await.status().as_u16() }
    };
    let payments = join_all((0..6).map(|i| {
        let mut tab = tab(&user.browser);
        async move { pay_cny(&mut tab, &format!("pay-{i}"), FRIEND, 15_000).await.status().as_u16() }
    }));
    let cancels = join_all(earlier.iter().flat_map(|id| [id.clone(), id.clone()]).map(|id| {
        let mut tab = tab(&user.browser);
        async move { tab.post_empty(&format!("/api/v1/withdrawals/{id}/cancel")).await.status().as_u16() }
    }));
    let (withdrawn, paid, cancelled) = tokio::join!(withdrawal, payments, cancels);
    assert_eq!(cancelled.iter().filter(|s| **s == 200).count(), 3, "each cancelled once: {cancelled:?}");
    assert!(cancelled.iter().all(|s| [200, 409].contains(s)), "{cancelled:?}");
    let paid_ok = paid.iter().filter(|s| **s == 201).count() as i64;
    assert!(paid.iter().all(|s| [201, 422].contains(s)), "{paid:?}");
    let withdrawal_total = if withdrawn == 201 { 30_000 + 230 } else { 0 };
    let payment_total = paid_ok * (15_000 + 15); // fee 0.1 %
    let left = balance(&mut user.browser, Currency::CNY).await;
    assert!(left >= 0);
    assert_eq!(left, 100_000 - withdrawal_total - payment_total, "{withdrawn} {paid:?}");
    let list: Vec<wallet_api::Withdrawal> = user.browser.get("/api/v1/withdrawals").await.json().await.unwrap();
    assert_eq!(list.iter().filter(|w| w.state == WithdrawalState::Cancelled).count(), 3);
    assert_ledger_sound(&app).await;
}
