//! `cargo xtask test crash`: acknowledged payments survive a crash. Drives payments from many
//! concurrent clients against the server (the debug build the other tests use), kills it with SIGKILL mid-load, restarts it
//! on the same database and checks that every payment answered 201 is there and completed,
//! that every unanswered one happened exactly once or not at all (its retry with the same
//! `Idempotency-Key` settles it), that the balances match the payments and that
//! `admin check-ledger` passes. Five kills in one run.

use anyhow::{bail, ensure, Context};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::http::{self, Failure, Session, DEMO_EMAIL, DEMO_PASSWORD, FRIEND_EMAIL};
use crate::server::Server;

const KILLS: u32 = 5;
/// Concurrent payment clients, half paying from each account.
const CLIENTS: usize = 16;
/// Each client's bound per round (the kill normally comes long before).
const MAX_PAYMENTS_PER_CLIENT: u32 = 5_000;
/// Both demo accounts start with CNY 2,000.00.
const STARTING_CNY_MINOR: i64 = 200_000;
/// The accounts that pay, each to the other.
const PAYERS: [(&str, &str); 2] = [(DEMO_EMAIL, FRIEND_EMAIL), (FRIEND_EMAIL, DEMO_EMAIL)];

pub fn run_test() -> anyhow::Result<()> {
    let binary = crate::server::test_binary()?;
    let started = Instant::now();
    let work = scratch_folder("crash")?;
    let result = kill_rounds(&binary, &work);
    if result.is_ok() {
        let _ = std::fs::remove_dir_all(&work);
    } else {
        eprintln!("xtask: the crash test's database is kept in {}", work.display());
    }
    let ledger = result?;
    println!("{ledger}");
    println!("crash test: {KILLS} kills with SIGKILL mid-load, nothing lost or half-done ({:.0} s after the build)", started.elapsed().as_secs_f64());
    Ok(())
}

/// A temporary folder with an empty app (the server needs only an index.html to serve).
pub fn scratch_folder(name: &str) -> anyhow::Result<PathBuf> {
    let folder = std::env::temp_dir().join(format!("wallet-web-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(folder.join("dist"))?;
    std::fs::write(folder.join("dist/index.html"), "<!doctype html><title>wallet</title>")?;
    Ok(folder)
}

/// What the test knows of one `Idempotency-Key`.
struct Attempt {
    payer: usize,
    key: String,
    /// The transaction ID, once the server answered 201.
    paid: Option<String>,
}

/// Runs the kill rounds on one database; answers the last `check-ledger` line.
fn kill_rounds(binary: &Path, work: &Path) -> anyhow::Result<String> {
    let database = work.join("wallet.db");
    let dist = work.join("dist");
    let mut server = Server::start(binary, &dist, &database, None)?;
    let mut fee_minor = None;
    // Every key ever sent, and the transaction it ended as.
    let mut settled: Vec<Attempt> = Vec::new();
    let mut ledger = String::new();
    for round in 1..=KILLS {
        let sessions = sign_in_payers(server.address())?;
        // Vary the moment of the kill: 0.8 s to 2.4 s into the load.
        let kill_after = Duration::from_millis(400 + 400 * u64::from(round));
        let attempts = load_then_kill(&mut server, &sessions, round, kill_after)?;
        let answered = attempts.iter().filter(|a| a.paid.is_some()).count();
        let unanswered = attempts.len() - answered;
        ensure!(answered > 0, "round {round}: no payment was answered before the kill");
        ensure!(unanswered > 0, "round {round}: no payment was in flight at the kill");

        server = Server::start(binary, &dist, &database, None)?;
        let sessions = sign_in_payers(server.address())?;
        // Before any retry: what survived the crash.
        let survived: Vec<HashMap<String, String>> =
            sessions.iter().map(|session| sent_payments(server.address(), session)).collect::<anyhow::Result<_>>()?;
        for attempt in &attempts {
            if let Some(id) = &attempt.paid {
                ensure!(
                    survived[attempt.payer].get(id).map(String::as_str) == Some("completed"),
                    "round {round}: payment {id} was answered 201 before the kill but is {:?} after the restart",
                    survived[attempt.payer].get(id)
                );
            }
        }
        let mut replayed = 0;
        for mut attempt in attempts {
            let session = &sessions[attempt.payer];
            let (id, fee) = pay_until_answered(server.address(), session, attempt.payer, &attempt.key)?;
            if let Some(before) = &attempt.paid {
                ensure!(
                    &id == before,
                    "round {round}: key {} was answered 201 with {before} before the kill and {id} after",
                    attempt.key,
                );
            } else if survived[attempt.payer].contains_key(&id) {
                replayed += 1;
            }
            fee_minor.get_or_insert(fee);
            attempt.paid = Some(id);
            settled.push(attempt);
        }
        check_payments(server.address(), &sessions, &settled, fee_minor.unwrap_or(0))?;
        ledger = check_ledger(binary, &database)?;
        eprintln!(
            "xtask: crash round {round}: killed {} ms into the load; {answered} payments answered 201 and found; \
             {unanswered} unanswered, settled by their retry ({replayed} of them had happened); ledger sound",
            kill_after.as_millis()
        );
    }
    server.stop();
    Ok(ledger)
}

fn sign_in_payers(address: &str) -> anyhow::Result<Vec<Session>> {
    PAYERS.iter().map(|(email, _)| Session::sign_in(address, email, DEMO_PASSWORD)).collect()
}

fn payment_body(payer: usize) -> String {
    serde_json::json!({ "recipient": PAYERS[payer].1, "amount": { "minor": 1, "currency": "CNY" } }).to_string()
}

/// How one payment request ended.
enum Sent {
    Paid(http::Answer),
    /// 429 or 503: the server asks to come back later with the same key.
    Busy,
    /// Sent, but no answer: the payment may or may not have happened.
    NoAnswer,
    /// The connection was refused: the server is down and never saw the request.
    Refused,
}

/// One payment request; an answer other than 201, 429 or 503 is an error.
fn pay(address: &str, session: &Session, payer: usize, key: &str) -> anyhow::Result<Sent> {
    let headers = [("cookie", session.cookie.as_str()), ("x-wallet-csrf", session.csrf.as_str()), ("idempotency-key", key)];
    let body = payment_body(payer);
    match http::request(address, "POST", "/api/v1/payments", &headers, Some(&body), Duration::from_secs(30)) {
        Ok(answer) if answer.status == 201 => Ok(Sent::Paid(answer)),
        Ok(answer) if matches!(answer.status, 429 | 503) => Ok(Sent::Busy),
        Ok(answer) => bail!("payment {key} answered {}: {}", answer.status, answer.body),
        Err(Failure::NoAnswer(_)) => Ok(Sent::NoAnswer),
        Err(Failure::NotSent(_)) => Ok(Sent::Refused),
    }
}

/// One client's payments until the server dies or `stop`: each key is sent until it is
/// answered 201 (again after a 429 or 503); the first key left without an answer ends it.
fn pay_until_killed(address: &str, session: &Session, payer: usize, keys: impl Iterator<Item = String>, stop: &AtomicBool) -> anyhow::Result<Vec<Attempt>> {
    let mut attempts = Vec::new();
    for key in keys {
        if stop.load(Ordering::Relaxed) {
            break;
        }
        loop {
            match pay(address, session, payer, &key)? {
                Sent::Paid(answer) => {
                    attempts.push(Attempt { payer, paid: Some(transaction_id(&answer)?), key });
                    break;
                }
                Sent::Busy if !stop.load(Ordering::Relaxed) => std::thread::sleep(Duration::from_millis(50)),
                Sent::Busy | Sent::NoAnswer => {
                    attempts.push(Attempt { payer, key, paid: None });
                    return Ok(attempts);
                }
                Sent::Refused => return Ok(attempts),
            }
        }
    }
    Ok(attempts)
}

/// Keeps `CLIENTS` clients paying, kills the server with SIGKILL after `kill_after`, and
/// answers every key that was sent (or may have been), with its transaction when answered 201.
fn load_then_kill(server: &mut Server, sessions: &[Session], round: u32, kill_after: Duration) -> anyhow::Result<Vec<Attempt>> {
    let stop = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|client| {
            let (address, session, stop) = (server.address().to_string(), sessions[client % 2].clone(), stop.clone());
            std::thread::spawn(move || {
                let keys = (0..MAX_PAYMENTS_PER_CLIENT).map(|n| format!("crash-{round}-{client}-{n}"));
                pay_until_killed(&address, &session, client % 2, keys, &stop)
            })
        })
        .collect();
    std::thread::sleep(kill_after);
    server.stop();
    stop.store(true, Ordering::Relaxed);
    let mut attempts = Vec::new();
    for client in clients {
        attempts.extend(client.join().map_err(|_| anyhow::anyhow!("a payment client panicked"))??);
    }
    Ok(attempts)
}

fn transaction_id(answer: &http::Answer) -> anyhow::Result<String> {
    let transaction: serde_json::Value = serde_json::from_str(&answer.body).context("a payment's answer")?;
    ensure!(transaction["status"] == "completed", "a payment answered 201 but not completed: {}", answer.body);
    Ok(transaction["id"].as_str().context("a payment's answer has no id")?.to_string())
}

/// Sends a key again until the restarted server answers 201 (a few tries for 429/503);
/// answers the transaction's ID and fee.
fn pay_until_answered(address: &str, session: &Session, payer: usize, key: &str) -> anyhow::Result<(String, i64)> {
    for _ in 0..50 {
        if let Sent::Paid(answer) = pay(address, session, payer, key)? {
            let transaction: serde_json::Value = serde_json::from_str(&answer.body)?;
            let fee = transaction["fee"]["minor"].as_i64().context("a payment without a fee")?;
            return Ok((transaction_id(&answer)?, fee));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    bail!("the retry of payment {key} got no 201 after the restart")
}

/// Every key's transaction is there and completed, there is no other payment, and each
/// account's balance is what those payments leave.
fn check_payments(address: &str, sessions: &[Session], settled: &[Attempt], fee_minor: i64) -> anyhow::Result<()> {
    let mut sent_counts = [0i64; 2];
    for (payer, session) in sessions.iter().enumerate() {
        let listed = sent_payments(address, session)?;
        let ours: HashSet<&str> = settled.iter().filter(|a| a.payer == payer).filter_map(|a| a.paid.as_deref()).collect();
        ensure!(ours.len() == settled.iter().filter(|a| a.payer == payer).count(), "two keys were answered with one transaction");
        for id in &ours {
            match listed.get(*id).map(String::as_str) {
                Some("completed") => {}
                Some(status) => bail!("payment {id} from {} is {status}, not completed", PAYERS[payer].0),
                None => bail!("payment {id} from {} was answered 201 but is not there", PAYERS[payer].0),
            }
        }
        let extra: Vec<&String> = listed.keys().filter(|id| !ours.contains(id.as_str())).collect();
        ensure!(extra.is_empty(), "{} has payments no key was answered with: {extra:?}", PAYERS[payer].0);
        sent_counts[payer] = ours.len() as i64;
    }
    for (payer, session) in sessions.iter().enumerate() {
        let expected = STARTING_CNY_MINOR - sent_counts[payer] * (1 + fee_minor) + sent_counts[1 - payer];
        let balance = cny_balance(address, session)?;
        ensure!(
            balance == expected,
            "{} holds CNY {balance} minor; its {} payments and the {} it received leave {expected}",
            PAYERS[payer].0,
            sent_counts[payer],
            sent_counts[1 - payer]
        );
    }
    Ok(())
}

/// Every payment an account sent: ID -> status, through all pages.
fn sent_payments(address: &str, session: &Session) -> anyhow::Result<HashMap<String, String>> {
    let mut payments = HashMap::new();
    let mut cursor: Option<String> = None;
    for _ in 0..10_000 {
        let mut path = "/api/v1/transactions?type=payment_sent&limit=100".to_string();
        if let Some(cursor) = &cursor {
            path.push_str(&format!("&cursor={cursor}"));
        }
        let answer = session.get(address, &path)?;
        ensure!(answer.status == 200, "GET {path} answered {}: {}", answer.status, answer.body);
        let page: serde_json::Value = serde_json::from_str(&answer.body).context("a transactions page")?;
        for item in page["items"].as_array().context("a page without items")? {
            let id = item["id"].as_str().context("a transaction without an id")?;
            payments.insert(id.to_string(), item["status"].as_str().unwrap_or("?").to_string());
        }
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_string()),
            None => return Ok(payments),
        }
    }
    bail!("more than 10,000 pages of transactions")
}

fn cny_balance(address: &str, session: &Session) -> anyhow::Result<i64> {
    let answer = session.get(address, "/api/v1/wallet/overview")?;
    ensure!(answer.status == 200, "the overview answered {}: {}", answer.status, answer.body);
    let overview: serde_json::Value = serde_json::from_str(&answer.body).context("the overview")?;
    overview["balances"]
        .as_array()
        .and_then(|balances| balances.iter().find(|b| b["available"]["currency"] == "CNY"))
        .and_then(|balance| balance["available"]["minor"].as_i64())
        .context("the overview has no CNY balance")
}

/// `wallet-server admin check-ledger` on the database (the server may be running: WAL lets
/// both use the file); answers its report.
pub fn check_ledger(binary: &Path, database: &Path) -> anyhow::Result<String> {
    let check = std::process::Command::new(binary)
        .args(["admin", "check-ledger", "--database"])
        .arg(database)
        .output()
        .context("running wallet-server admin check-ledger")?;
    let report = String::from_utf8_lossy(&check.stdout).trim().to_string();
    ensure!(check.status.success(), "admin check-ledger failed ({}):\n{report}\n{}", check.status, String::from_utf8_lossy(&check.stderr));
    Ok(report)
}
