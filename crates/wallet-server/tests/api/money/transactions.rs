use wallet_api::{Transaction, TransactionKind, TransactionPage, TransactionStatus};

use super::*;
use crate::accounts::browser::expect_error;
use crate::helpers::spawn_app;

async fn page(browser: &mut Browser<'_>, query: &str) -> TransactionPage {
    let response = browser.get(&format!("/api/v1/transactions?{query}")).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

#[tokio::test]
async fn transactions_filter_by_type_status_and_date_and_page_with_a_cursor() {
    let app = spawn_app().await;
    let mut user = demo(&app, DEMO).await;
    for i in 0..5 {
        assert_eq!(pay_cny(&mut user, &format!("p{i}"), FRIEND, 100 + i).await.status(), 201);
    }
    app.clock.advance(60);
    let mut user = demo(&app, DEMO).await;
    let _ = pay_cny(&mut user, "fail", "M10002", 100).await;
    let all = page(&mut user, "").await;
    assert_eq!(all.items.len(), 2 + 5 + 1, "two starting top-ups, five payments, one failure");
    let sent = page(&mut user, "type=payment_sent&status=completed").await;
    assert_eq!(sent.items.len(), 5);
    assert!(sent.items.iter().all(|t| t.kind == TransactionKind::PaymentSent && t.status == TransactionStatus::Completed));
    let failed = page(&mut user, "status=failed").await;
    assert_eq!(failed.items[0].counterparty.id, "M10002");
    let usd = page(&mut user, "currency=USD").await;
    assert_eq!(usd.items.len(), 1);
    let later = page(&mut user, &format!("from={}", app.clock_now())).await;
    assert_eq!(later.items.len(), 1, "only what happened after the minute passed");

    let first = page(&mut user, "limit=3").await;
    let cursor = first.next_cursor.clone().expect("more pages");
    let second = page(&mut user, &format!("limit=3&cursor={cursor}")).await;
    let third = page(&mut user, &format!("limit=3&cursor={}", second.next_cursor.clone().unwrap())).await;
    assert!(third.next_cursor.is_none());
    let ids: Vec<String> = [first, second, third].iter().flat_map(|p| p.items.iter().map(|t| t.id.clone())).collect();
    let all_ids: Vec<String> = all.items.iter().map(|t| t.id.clone()).collect();
    assert_eq!(ids, all_ids, "pages are the list in order, nothing missed or repeated");
}

#[tokio::test]
async fn search_finds_a_transaction_by_its_id_or_its_counterparty() {
    let app = spawn_app().await;
    let mut user = demo(&app, DEMO).await;
    let paid: Transaction = pay_cny(&mut user, "s", "M10001", 2_500).await.json().await.unwrap();
    assert_eq!(pay_cny(&mut user, "s2", FRIEND, 2_500).await.status(), 201);
    let by_id = page(&mut user, &format!("q={}", paid.id.to_lowercase())).await;
    assert_eq!(by_id.items.iter().map(|t| t.id.clone()).collect::<Vec<_>>(), vec![paid.id.clone()]);
    let by_name = page(&mut user, "q=lantern").await;
    assert_eq!(by_name.items.len(), 1);
    assert_eq!(by_name.items[0].counterparty.masked_name, "Lantern Coffee");
}

#[tokio::test]
async fn nobody_else_can_read_a_transaction_and_a_payee_never_sees_a_failed_one() {
    let app = spawn_app().await;
    let mut payer = demo(&app, DEMO).await;
    let paid: Transaction = pay_cny(&mut payer, "a", FRIEND, 1_000).await.json().await.unwrap();
    let failed = pay_cny(&mut payer, "b", FRIEND, 900_000).await;
    let failed_id = failed.json::<wallet_api::ApiError>().await.unwrap().detail.unwrap().transaction_id().unwrap().to_string();
    let mut stranger = funded(&app, "stranger@example.com", 0).await;
    expect_error(stranger.get(&format!("/api/v1/transactions/{}", paid.id)).await, 404, wallet_api::ErrorCode::NotFound).await;
    let mut payee = demo(&app, FRIEND).await;
    assert_eq!(payee.get(&format!("/api/v1/transactions/{}", paid.id)).await.status(), 200);
    assert_eq!(payee.get(&format!("/api/v1/transactions/{failed_id}")).await.status(), 404);
}

#[tokio::test]
async fn the_csv_export_streams_the_date_range_with_a_header_row() {
    let app = spawn_app().await;
    let mut user = demo(&app, DEMO).await;
    app.clock.advance(1); // after the starting top-ups
    let note = "=SUM(A1), \"quoted\"";
    let body = serde_json::json!({ "recipient": FRIEND, "amount": cny(1_234), "note": note });
    let paid: Transaction = pay(&mut user, "csv", body).await.json().await.unwrap();
    let response = user.get(&format!("/api/v1/transactions/export.csv?from={}", app.clock_now())).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    assert!(response.headers()["content-disposition"].to_str().unwrap().contains("attachment"));
    let text = response.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "id,created_at,type,status,amount,fee,currency,counterparty,counterparty_name,failure,note");
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[1].starts_with(&format!("{},2026-11-26T02:30:16Z,payment_sent,completed,12.34,0.02,CNY,", paid.id)), "{}", lines[1]);
    assert!(lines[1].ends_with("\"'=SUM(A1), \"\"quoted\"\"\""), "{}", lines[1]);
    let everything = user.get("/api/v1/transactions/export.csv").await.text().await.unwrap();
    assert_eq!(everything.lines().count(), 1 + 3);
}

#[tokio::test]
async fn the_csv_export_survives_compression_to_its_last_byte() {
    let app = spawn_app().await;
    let mut user = demo(&app, DEMO).await;
    for i in 0..3 {
        assert_eq!(pay_cny(&mut user, &format!("z{i}"), FRIEND, 100).await.status(), 201);
    }
    let response = user
        .request_with(reqwest::Method::GET, "/api/v1/transactions/export.csv", None, &[("accept-encoding", "gzip")])
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-encoding"], "gzip");
    let body = response.bytes().await.expect("the whole body arrives");
    assert!(body.len() > 20);
}

#[tokio::test]
async fn the_chart_gives_each_day_its_closing_balance() {
    let app = spawn_app().await;
    let mut user = demo(&app, DEMO).await;
    assert_eq!(pay_cny(&mut user, "c1", FRIEND, 10_000).await.status(), 201);
    let today = overview(&mut user).await;
    let cny = |o: &wallet_api::Overview| o.chart.iter().find(|s| s.currency == wallet_api::Currency::CNY).unwrap().points.clone();
    assert_eq!(today.days.len(), 30);
    let points = cny(&today);
    assert_eq!(points[29], 200_000 - 10_010, "today closes at the balance now");
    assert_eq!(points[28], 0, "yesterday the account held nothing");
    app.clock.advance(24 * 60 * 60);
    let mut user = demo(&app, DEMO).await;
    let points = cny(&overview(&mut user).await);
    assert_eq!(&points[27..], &[0, 189_990, 189_990]);
}
