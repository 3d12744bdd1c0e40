//! A committed payment must never be answered as a failure: the payee's notice is part of the
//! payment's own transaction, so either everything happened (201) or nothing did.

use serde_json::json;
use wallet_api::Currency;

use crate::helpers::spawn_app;
use crate::money::{assert_ledger_sound, balance, demo, pay_cny, DEMO, FRIEND};

async fn sql(app: &crate::helpers::TestApp, statement: &str) {
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(&app.database);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    sqlx::query(statement).execute(&pool).await.unwrap();
    pool.close().await;
}

#[tokio::test]
async fn when_the_payee_notice_fails_the_payment_fails_whole_and_a_retry_pays_once() {
    let app = spawn_app().await;
    let mut payer = demo(&app, DEMO).await;
    let mut payee = demo(&app, FRIEND).await;
    let before = (balance(&mut payer, Currency::CNY).await, balance(&mut payee, Currency::CNY).await);
    // Fault injection: writing the payee's message fails.
    sql(&app, "CREATE TRIGGER no_notices BEFORE INSERT ON messages WHEN NEW.kind = 'payment_received'
               BEGIN SELECT RAISE(ABORT, 'injected fault'); END").await;

    let failed = pay_cny(&mut payer, "lost", FRIEND, 1_000).await;
    assert_eq!(failed.status(), 500);
    assert_eq!(balance(&mut payer, Currency::CNY).await, before.0, "a 500 means nothing moved");

    sql(&app, "DROP TRIGGER no_notices").await;
    // The app retries a 5xx with the same key: it pays, once.
    assert_eq!(pay_cny(&mut payer, "lost", FRIEND, 1_000).await.status(), 201);
    assert_eq!(pay_cny(&mut payer, "lost", FRIEND, 1_000).await.status(), 201);
    assert_eq!(balance(&mut payer, Currency::CNY).await, before.0 - 1_001);
    assert_eq!(balance(&mut payee, Currency::CNY).await, before.1 + 1_000);
    let messages: serde_json::Value = payee.get("/api/v1/messages").await.json().await.unwrap();
    let received = messages["messages"].as_array().unwrap().iter().filter(|m| m["kind"] == json!("payment_received")).count();
    assert_eq!(received, 1);
    assert_ledger_sound(&app).await;
}
