use wallet_api::{Health, ServiceStatus};

use crate::helpers::spawn_app;

#[tokio::test]
async fn health_reports_the_service_and_its_database_as_ok() {
    let app = spawn_app().await;

    let response = app.get("/api/v1/health").await;

    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let health: Health = response.json().await.unwrap();
    assert_eq!(health.status, ServiceStatus::Ok);
    assert_eq!(health.database, ServiceStatus::Ok);
    assert_eq!(health.version, env!("CARGO_PKG_VERSION"));
}

#[tokio::test]
async fn start_up_creates_the_database_in_wal_mode_with_its_schema() {
    let app = spawn_app().await;

    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(&app.database);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    let mode: (String,) = sqlx::query_as("PRAGMA journal_mode").fetch_one(&pool).await.unwrap();
    let created: (String,) = sqlx::query_as("SELECT value FROM meta WHERE key = 'created_at'")
        .fetch_one(&pool)
        .await
        .unwrap();

    assert_eq!(mode.0, "wal");
    assert!(created.0.parse::<i64>().unwrap() > 1_600_000_000);
}

#[tokio::test]
async fn a_second_server_starts_on_an_existing_database() {
    let first = spawn_app().await;
    let database = first.database.clone();

    let second = crate::helpers::spawn_app_with(|config| config.database = database).await;

    assert_eq!(second.get("/api/v1/health").await.status(), 200);
    assert_eq!(first.get("/api/v1/health").await.status(), 200);
}
