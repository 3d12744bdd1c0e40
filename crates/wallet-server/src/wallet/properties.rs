//! Property tests of the ledger: random sequences of top-ups (succeeding, declined, timing
//! out and settling later), payments (to users and merchants, some over the balance or a
//! limit, some to a merchant that is down) never break its invariants.

use proptest::prelude::*;
use sqlx::SqlitePool;
use wallet_api::{Currency, Money, TransactionQuery, TEST_CARDS};

use super::ledger::{self, Owner};
use super::{payments, recipients, top_ups, transfers};
use crate::accounts::users::{self, UserRow};
use crate::config::WalletConfig;

const USERS: usize = 3;
const MERCHANTS: [&str; 2] = ["M10001", "M10002"];

#[derive(Debug, Clone)]
enum Step {
    TopUp { user: usize, minor: i64, card: usize },
    PayUser { from: usize, to: usize, minor: i64 },
    PayMerchant { from: usize, merchant: usize, minor: i64 },
    FlipMerchant { merchant: usize },
    Later { secs: i64 },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0..USERS, 1..60_000i64, 0..TEST_CARDS.len()).prop_map(|(user, minor, card)| Step::TopUp { user, minor, card }),
        (0..USERS, 0..USERS, 1..80_000i64).prop_map(|(from, to, minor)| Step::PayUser { from, to, minor }),
        (0..USERS, 0..MERCHANTS.len(), 1..30_000i64).prop_map(|(from, merchant, minor)| Step::PayMerchant { from, merchant, minor }),
        (0..MERCHANTS.len()).prop_map(|merchant| Step::FlipMerchant { merchant }),
        (1..40_000i64).prop_map(|secs| Step::Later { secs }),
    ]
}

fn config() -> WalletConfig {
    WalletConfig { per_payment_limit_minor: 50_000, daily_limit_minor: 120_000, ..WalletConfig::default() }
}

async fn setup() -> (tempfile::TempDir, SqlitePool, Vec<UserRow>) {
    let dir = tempfile::tempdir().unwrap();
    let db = crate::db::connect(&dir.path().join("wallet.db")).await.unwrap();
    super::demo::seed_merchants(&db).await.unwrap();
    let mut rows = Vec::new();
    for i in 0..USERS {
        let id = format!("user{i}");
        sqlx::query(
            "INSERT INTO users (id, email, phone, display_name, lang, password_hash, password_changed_at,
                email_verified_at, created_at, wallet_id) VALUES (?, ?, '+8613800000000', 'Li Wei', 'en', 'x', 0, 0, 0, ?)",
        )
        .bind(&id)
        .bind(format!("user{i}@example.com"))
        .bind(format!("W1000000{i}"))
        .execute(&db)
        .await
        .unwrap();
        rows.push(users::by_id(&db, &id).await.unwrap());
    }
    (dir, db, rows)
}

/// Runs one step in its own transaction, keeping what the real handlers keep: the effect or
/// the recorded failure; anything else is rolled back.
async fn run(db: &SqlitePool, users: &[UserRow], step: &Step, now: &mut i64) {
    let wallet = config();
    let config = crate::Config {
        wallet: wallet.clone(),
        ..crate::Config::for_tests(std::path::PathBuf::new(), std::path::PathBuf::new())
    };
    let client = crate::accounts::sessions::Client { ip: "127.0.0.1".into(), user_agent: "proptest".into() };
    let mut tx = db.begin_with("BEGIN IMMEDIATE").await.unwrap();
    let outcome = match step {
        Step::TopUp { user, minor, card } => {
            let request = wallet_api::TopUpRequest { amount: Money::new(*minor, Currency::CNY), card_number: TEST_CARDS[*card].0.into() };
            let checked = top_ups::check(&wallet, &request).unwrap();
            top_ups::top_up(&mut tx, &wallet, &users[*user], checked, *now).await.map(|_| ())
        }
        Step::PayUser { from, to, minor } => {
            let target = format!("user{to}@example.com");
            match payments::check(&mut tx, &wallet, &users[*from], &target, Money::new(*minor, Currency::CNY), None).await {
                Ok(checked) => {
                    let payer = payments::Payer { user: &users[*from], client: &client, code: None };
                    payments::pay(&mut tx, &config, payer, checked, *now).await.map(|_| ())
                }
                Err(error) => Err(error), // paying yourself
            }
        }
        Step::PayMerchant { from, merchant, minor } => {
            let checked =
                payments::check(&mut tx, &wallet, &users[*from], MERCHANTS[*merchant], Money::new(*minor, Currency::CNY), None)
                    .await
                    .unwrap();
            let payer = payments::Payer { user: &users[*from], client: &client, code: None };
            payments::pay(&mut tx, &config, payer, checked, *now).await.map(|_| ())
        }
        Step::FlipMerchant { merchant } => {
            let row = recipients::merchant(&mut tx, MERCHANTS[*merchant]).await.unwrap().unwrap();
            let next = if row.is_available() { "unavailable" } else { "available" };
            sqlx::query("UPDATE merchants SET status = ? WHERE id = ?").bind(next).bind(&row.id).execute(&mut *tx).await.unwrap();
            Ok(())
        }
        Step::Later { secs } => {
            *now += secs;
            Ok(())
        }
    };
    match outcome {
        Err(error) if !error.is_recorded_failure() => tx.rollback().await.unwrap(),
        _ => tx.commit().await.unwrap(),
    }
    top_ups::settle_due(db, *now).await.unwrap();
}

async fn check_invariants(db: &SqlitePool, users: &[UserRow]) {
    assert_eq!(ledger::check(db).await.unwrap(), Vec::<String>::new());
    let total: i64 = sqlx::query_scalar("SELECT COALESCE(SUM(balance), 0) FROM ledger_accounts").fetch_one(db).await.unwrap();
    assert_eq!(total, 0, "money is neither made nor lost");
    let mut conn = db.acquire().await.unwrap();
    for user in users {
        let balance = ledger::balance(&mut conn, &Owner::User(user.id.clone()), Currency::CNY).await.unwrap();
        assert!(balance.minor >= 0);
        // What the user sees in their list adds up to their balance.
        let seen = transfers::filtered(&mut conn, &user.id, &TransactionQuery::default(), None, 10_000).await.unwrap();
        let from_list: i64 = seen.iter().map(|row| row.view_for(&user.id).balance_change().minor).sum();
        assert_eq!(from_list, balance.minor, "{}", user.id);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn random_money_movements_keep_the_ledger_balanced_and_never_overdraw(steps in prop::collection::vec(step(), 1..30)) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let (_dir, db, users) = setup().await;
            let mut now = 1_795_660_215;
            for step in &steps {
                run(&db, &users, step, &mut now).await;
            }
            now += 3600; // every pending top-up settles
            top_ups::settle_due(&db, now).await.unwrap();
            check_invariants(&db, &users).await;
        });
    }
}
