//! Secrets at rest and the demo mode's reach: a copy of the database holds no usable TOTP
//! secret, recovery code or expired mailed code, and demo mode stays on this machine.

use crate::accounts::browser::*;
use crate::helpers::{spawn_app, spawn_app_with};

async fn database(app: &crate::helpers::TestApp) -> sqlx::SqlitePool {
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(&app.database);
    sqlx::SqlitePool::connect_with(options).await.unwrap()
}

#[tokio::test]
async fn the_totp_secret_and_recovery_codes_are_not_in_the_database_in_a_usable_form() {
    let app = spawn_app().await;
    let mut browser = signed_up(&app, "ann@example.com").await;
    let (secret, codes) = enable_two_factor(&mut browser).await;

    let db = database(&app).await;
    let stored: String = sqlx::query_scalar("SELECT totp_secret FROM users WHERE email = 'ann@example.com'").fetch_one(&db).await.unwrap();
    assert!(!stored.contains(&secret), "the secret is stored encrypted");
    let hashes: Vec<String> = sqlx::query_scalar("SELECT code_hash FROM recovery_codes").fetch_all(&db).await.unwrap();
    for code in &codes {
        let plain_sha256 = data_encoding::HEXLOWER.encode(&<sha2::Sha256 as sha2::Digest>::digest(code.as_bytes()));
        assert!(!hashes.contains(&plain_sha256), "recovery codes are hashed with a key");
    }
    // And they still work.
    app.clock.advance(30);
    assert_eq!(browser.reauth(PASSWORD, Some(totp(&secret, app.clock_now()))).await.status(), 200);
    assert_eq!(browser.reauth(PASSWORD, Some(codes[0].clone())).await.status(), 200);
}

#[tokio::test]
async fn demo_mode_refuses_a_public_address_or_smtp_unless_said_on_purpose() {
    let dir = tempfile::tempdir().unwrap();
    let config = |bind: &str, smtp: Option<&str>, public: bool| {
        let mut config = wallet_server::Config::for_tests(dir.path().join("wallet.db"), dir.path().join("dist"));
        config.demo = true;
        config.demo_public = public;
        config.bind = bind.parse().unwrap();
        config.mail.smtp_url = smtp.map(str::to_string);
        config
    };
    assert!(wallet_server::Application::build(config("0.0.0.0:0", None, false)).await.is_err());
    assert!(wallet_server::Application::build(config("127.0.0.1:0", Some("smtp://127.0.0.1:1"), false)).await.is_err());
    assert!(wallet_server::Application::build(config("0.0.0.0:0", None, true)).await.is_ok());
}

#[tokio::test]
async fn a_mailed_code_is_gone_from_the_outbox_once_it_has_expired() {
    let app = spawn_app_with(|_| {}).await;
    let mut browser = Browser::new(&app);
    sign_up(&mut browser, "ann@example.com").await;
    let code = latest_code(&app, "ann@example.com").await;
    app.clock.advance(10 * 60 + 1);
    // The background task runs every second.
    tokio::time::sleep(std::time::Duration::from_millis(1_500)).await;
    let mails = mails_to(&app, "ann@example.com").await;
    assert!(mails.iter().all(|m| !m.body.contains(&code)), "{mails:?}");
}
