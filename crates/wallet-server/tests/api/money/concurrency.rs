use futures::future::join_all;
use wallet_api::{Currency, ErrorCode, Transaction};

use super::*;
use crate::helpers::spawn_app;

#[tokio::test]
async fn many_concurrent_payments_from_one_balance_never_overdraw_it() {
    let app = spawn_app().await;
    let payer = funded(&app, "racer@example.com", 10_000).await;
    // 20 payments of 10.00 (+0.01 fee) at once from 100.00: exactly 9 fit.
    let attempts = (0..20).map(|i| {
        let mut browser = Browser { app: &app, cookie: payer.cookie.clone(), csrf: payer.csrf.clone(), user_agent: payer.user_agent.clone() };
        async move { pay_cny(&mut browser, &format!("race-{i}"), FRIEND, 1_000).await }
    });
    let mut paid = 0;
    for response in join_all(attempts).await {
        match response.status().as_u16() {
            201 => paid += 1,
            422 => assert_eq!(response.json::<wallet_api::ApiError>().await.unwrap().code, ErrorCode::InsufficientFunds),
            other => panic!("unexpected status {other}"),
        }
    }
    assert_eq!(paid, 9);
    let mut payer = payer;
    assert_eq!(balance(&mut payer, Currency::CNY).await, 10_000 - 9 * 1_001);
    assert_ledger_sound(&app).await;
}

#[tokio::test]
async fn a_hundred_concurrent_submits_with_one_key_make_exactly_one_payment() {
    let app = spawn_app().await;
    let payer = demo(&app, DEMO).await;
    let attempts = (0..100).map(|_| {
        let mut browser = Browser { app: &app, cookie: payer.cookie.clone(), csrf: payer.csrf.clone(), user_agent: payer.user_agent.clone() };
        async move { pay_cny(&mut browser, "one-key", FRIEND, 4_200).await }
    });
    let mut ids = std::collections::HashSet::new();
    for response in join_all(attempts).await {
        assert_eq!(response.status(), 201);
        ids.insert(response.json::<Transaction>().await.unwrap().id);
    }
    assert_eq!(ids.len(), 1, "every answer names the same single payment");
    let mut payer = payer;
    assert_eq!(balance(&mut payer, Currency::CNY).await, 200_000 - 4_200 - 5);
    let mut friend = demo(&app, FRIEND).await;
    assert_eq!(balance(&mut friend, Currency::CNY).await, 200_000 + 4_200);
    assert_ledger_sound(&app).await;
}
