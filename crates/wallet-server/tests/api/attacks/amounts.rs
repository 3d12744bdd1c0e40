//! Extreme amounts: every money endpoint answers a typed 4xx, never a 500, a panic or a
//! wrapped sum; and an "all" restriction stops money coming in too.

use proptest::prelude::*;
use serde_json::json;
use wallet_api::{Currency, ErrorCode, IDEMPOTENCY_HEADER};

use crate::accounts::browser::*;
use crate::helpers::spawn_app;
use crate::money::{balance, demo, DEMO, FRIEND, GOOD_CARD};

const EXTREMES: [i64; 8] = [i64::MAX, i64::MAX - 1, i64::MIN, -1, 0, 1_000_000_000_001, 9_007_199_254_740_993, 4_611_686_018_427_387_904];

#[tokio::test]
async fn the_largest_amounts_are_refused_by_quote_pay_and_top_up_with_a_typed_error() {
    let app = spawn_app().await;
    let mut payer = demo(&app, DEMO).await;
    for (i, minor) in EXTREMES.into_iter().enumerate() {
        let amount = json!({ "minor": minor, "currency": "CNY" });
        let quote = payer.post("/api/v1/payments/quote", json!({ "recipient": FRIEND, "amount": amount })).await;
        let key = format!("extreme-{i}");
        let pay = payer
            .request_with(reqwest::Method::POST, "/api/v1/payments", Some(json!({ "recipient": FRIEND, "amount": amount })), &[(IDEMPOTENCY_HEADER, &key)])
            .await;
        let top_up = payer
            .request_with(reqwest::Method::POST, "/api/v1/top-ups", Some(json!({ "amount": amount, "card_number": GOOD_CARD })), &[(IDEMPOTENCY_HEADER, &key)])
            .await;
        for response in [quote, pay, top_up] {
            let error = expect_error(response, 422, ErrorCode::InvalidAmount).await;
            assert_eq!(error.field.as_deref(), Some("amount"), "{minor}");
        }
    }
    assert_eq!(balance(&mut payer, Currency::CNY).await, 200_000);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn any_amount_gets_an_answer_below_500(minor in any::<i64>(), which in 0..3usize) {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async {
            let app = spawn_app().await;
            let mut payer = demo(&app, DEMO).await;
            let amount = json!({ "minor": minor, "currency": "USD" });
            let response = match which {
                0 => payer.post("/api/v1/payments/quote", json!({ "recipient": FRIEND, "amount": amount })).await,
                1 => payer.request_with(reqwest::Method::POST, "/api/v1/payments", Some(json!({ "recipient": FRIEND, "amount": amount })), &[(IDEMPOTENCY_HEADER, "p")]).await,
                _ => payer.request_with(reqwest::Method::POST, "/api/v1/top-ups", Some(json!({ "amount": amount, "card_number": GOOD_CARD })), &[(IDEMPOTENCY_HEADER, "t")]).await,
            };
            let status = response.status().as_u16();
            assert!(status < 500, "{minor}: {status}");
            if status >= 400 {
                let _: wallet_api::ApiError = response.json().await.expect("a typed error");
            }
            crate::money::assert_ledger_sound(&app).await;
        });
    }
}

#[tokio::test]
async fn an_all_restriction_also_stops_top_ups() {
    let app = spawn_app().await;
    let mut user = demo(&app, DEMO).await;
    let restrict = wallet_server::AdminCommand::Restrict {
        email: DEMO.into(),
        scope: "all".into(),
        reason_code: "legal_request".into(),
        reason: "A legal request is being handled".into(),
    };
    assert!(crate::money::admin(&app, restrict).await);
    let refused = crate::money::top_up(&mut user, "t", 1_000, GOOD_CARD).await;
    expect_error(refused, 403, ErrorCode::AccountRestricted).await;
    assert_eq!(balance(&mut user, Currency::CNY).await, 200_000);
}
