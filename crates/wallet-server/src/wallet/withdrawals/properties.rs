//! Property test: random sequences of payments, withdrawals (one user's bank refuses every
//! payout), cancellations, operators' approvals and rejections, and time passing with the
//! payout processor, never overdraw a balance, never make or lose money, and keep every
//! user's held funds equal to their withdrawals on their way (`ledger::check`).

use proptest::prelude::*;
use sqlx::SqlitePool;
use wallet_api::{Currency, Money, RejectionReason, TransactionQuery, WithdrawalRequest};

use super::super::ledger::{self, Owner};
use super::super::{payments, top_ups, transfers};
use super::stages::{self, Processor};
use crate::accounts::totp;
use crate::accounts::users::{self, UserRow};

const USERS: usize = 3;
const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
/// User 0's bank refuses payouts (demo mode); the others' pay out.
const NUMBERS: [&str; USERS] = ["622202100000030002", "622202100000040001", "4242424242424242"];

#[derive(Debug, Clone)]
enum Step {
    Pay { from: usize, to: usize, minor: i64 },
    Withdraw { user: usize, minor: i64 },
    Cancel { user: usize, nth: usize },
    Reject { nth: usize },
    Approve { nth: usize },
    Later { secs: i64 },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0..USERS, 0..USERS, 1..60_000i64).prop_map(|(from, to, minor)| Step::Pay { from, to, minor }),
        (0..USERS, 500..700_000i64).prop_map(|(user, minor)| Step::Withdraw { user, minor }),
        (0..USERS, 0..6usize).prop_map(|(user, nth)| Step::Cancel { user, nth }),
        (0..10usize).prop_map(|nth| Step::Reject { nth }),
        (0..10usize).prop_map(|nth| Step::Approve { nth }),
        (1..10_000i64).prop_map(|secs| Step::Later { secs }),
    ]
}

fn config() -> crate::Config {
    let mut config = crate::Config::for_tests(std::path::PathBuf::new(), std::path::PathBuf::new());
    config.demo = true;
    config.security.secrets_key = Some(crate::accounts::secrets::SecretKey::random());
    config.withdrawals.bank_account_cooling_off_secs = 0;
    config.wallet.daily_limit_minor = 1_000_000_000;
    config
}

async fn setup() -> (tempfile::TempDir, SqlitePool) {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::db::connect(&dir.path().join("wallet.db")).await.unwrap();
    for (i, number) in NUMBERS.iter().enumerate() {
        let id = format!("user{i}");
        sqlx::query(
            "INSERT INTO users (id, email, phone, display_name, lang, password_hash, password_changed_at,
                email_verified_at, totp_secret, created_at, wallet_id) VALUES (?, ?, '+8613800000000', 'Li Wei', 'en', 'x', 0, 0, ?, 0, ?)",
        )
        .bind(&id)
        .bind(format!("user{i}@example.com"))
        .bind(SECRET)
        .bind(format!("W1000000{i}"))
        .execute(&db)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO bank_accounts (id, user_id, currency, holder_name, account_number, is_default, created_at, usable_from)
             VALUES (?, ?, 'CNY', 'Li Wei', ?, 1, 0, 0)",
        )
        .bind(format!("bank{i}"))
        .bind(&id)
        .bind(number)
        .execute(&db)
        .await
        .unwrap();
        let mut tx = db.begin().await.unwrap();
        let top_up = top_ups::NewTopUp {
            id: &format!("T{i}"),
            status: "completed",
            user_id: &id,
            card_last4: "4242",
            amount: Money::new(1_000_000, Currency::CNY),
            failure: None,
            settles_at: None,
        };
        top_ups::insert(&mut tx, &top_up, 0).await.unwrap();
        top_ups::credit(&mut tx, &id, &format!("T{i}"), Money::new(1_000_000, Currency::CNY), 0).await.unwrap();
        tx.commit().await.unwrap();
    }
    (dir, db)
}

async fn user(db: &SqlitePool, i: usize) -> UserRow {
    users::by_id(db, &format!("user{i}")).await.unwrap()
}

async fn nth_withdrawal(db: &SqlitePool, user: Option<usize>, nth: usize) -> Option<String> {
    let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM withdrawals WHERE ?1 IS NULL OR user_id = ?1 ORDER BY rowid")
        .bind(user.map(|u| format!("user{u}")))
        .fetch_all(db)
        .await
        .unwrap();
    ids.get(nth).cloned()
}

async fn run(db: &SqlitePool, step: &Step, now: &mut i64) {
    let config = config();
    let processor = Processor::of(&config);
    let client = crate::accounts::sessions::Client { ip: "127.0.0.1".into(), user_agent: "proptest".into() };
    match step {
        Step::Pay { from, to, minor } => {
            let payer = user(db, *from).await;
            let mut tx = db.begin_with("BEGIN IMMEDIATE").await.unwrap();
            let target = format!("user{to}@example.com");
            let outcome = match payments::check(&mut tx, &config.wallet, &payer, &target, Money::new(*minor, Currency::CNY), None).await {
                Ok(checked) => {
                    let who = payments::Payer { user: &payer, client: &client, code: None };
                    payments::pay(&mut tx, &config, who, checked, *now).await.map(|_| ())
                }
                Err(error) => Err(error),
            };
            match outcome {
                Err(error) if !error.is_recorded_failure() => tx.rollback().await.unwrap(),
                _ => tx.commit().await.unwrap(),
            }
        }
        Step::Withdraw { user: u, minor } => {
            *now += 30; // a fresh code
            let who_row = user(db, *u).await;
            let code = totp::code_for_step(&totp::decode_secret(SECRET).unwrap(), totp::step_at(*now));
            let request = WithdrawalRequest { bank_account_id: format!("bank{u}"), amount: Money::new(*minor, Currency::CNY), code: code.clone() };
            let mut tx = db.begin_with("BEGIN IMMEDIATE").await.unwrap();
            let outcome = match super::check(&mut tx, &config, &who_row, &request).await {
                Ok(checked) => {
                    let who = payments::Payer { user: &who_row, client: &client, code: Some(&code) };
                    super::withdraw(&mut tx, &config, who, checked, *now).await.map(|_| ())
                }
                Err(error) => Err(error),
            };
            match outcome {
                Err(error) if !error.is_recorded_failure() => tx.rollback().await.unwrap(),
                _ => tx.commit().await.unwrap(),
            }
        }
        Step::Cancel { user: u, nth } => {
            if let Some(id) = nth_withdrawal(db, Some(*u), *nth).await {
                let _ = super::cancel(db, &config.withdrawals, &user(db, *u).await, &id, *now).await;
            }
        }
        Step::Reject { nth } => {
            if let Some(id) = nth_withdrawal(db, None, *nth).await {
                let _ = stages::reject(db, &id, RejectionReason::ComplianceReview, *now).await;
            }
        }
        Step::Approve { nth } => {
            if let Some(id) = nth_withdrawal(db, None, *nth).await {
                let _ = processor.approve(db, &id, *now).await;
            }
        }
        Step::Later { secs } => *now += secs,
    }
    processor.advance_due(db, *now).await.unwrap();
}

async fn check_invariants(db: &SqlitePool) {
    assert_eq!(ledger::check(db).await.unwrap(), Vec::<String>::new());
    let total: i64 = sqlx::query_scalar("SELECT COALESCE(SUM(balance), 0) FROM ledger_accounts").fetch_one(db).await.unwrap();
    assert_eq!(total, 0, "money is neither made nor lost");
    let mut conn = db.acquire().await.unwrap();
    for i in 0..USERS {
        let id = format!("user{i}");
        let balance = ledger::balance(&mut conn, &Owner::User(id.clone()), Currency::CNY).await.unwrap();
        assert!(balance.minor >= 0);
        let seen = transfers::filtered(&mut conn, &id, &TransactionQuery::default(), None, 10_000).await.unwrap();
        let from_list: i64 = seen.iter().map(|row| row.view_for(&id).balance_change().minor).sum();
        assert_eq!(from_list, balance.minor, "{id}: the list adds up to the balance");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn random_payments_withdrawals_cancellations_and_rejections_keep_the_ledger_and_holds_sound(
        steps in prop::collection::vec(step(), 1..30)
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let (_dir, db) = setup().await;
            let mut now = 1_795_660_215;
            for step in &steps {
                run(&db, step, &mut now).await;
                check_invariants(&db).await;
            }
            now += 10 * 24 * 3600; // everything on its way finishes (or waits for review)
            Processor::of(&config()).advance_due(&db, now).await.unwrap();
            check_invariants(&db).await;
        });
    }
}
