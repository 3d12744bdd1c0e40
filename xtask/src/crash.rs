//! `cargo xtask test crash`: acknowledged payments survive a crash. Drives payments from many
//! concurrent clients against the server (the debug build the other tests use), kills it with SIGKILL mid-load, restarts it
//! on the same database and checks that every payment answered 201 is there and completed,
//! that every unanswered one happened exactly once or not at all (its retry with the same
//! `Idempotency-Key` settles it), that the balances match the payments and that
//! `admin check-ledger` passes. Five kills in one run.
//!
//! Alongside, the demo account with 2FA withdraws (with a fresh TOTP code each time, as many as
//! the round's 30-second steps allow) on a server whose payout stages take seconds: every
//! withdrawal answered 201 must be there exactly once after the restart, and, since each was
//! still on its way when the server was killed, must move on to completed after the restart
//! (the payout processor resumes from the deadlines in the database).

use anyhow::{bail, ensure, Context};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::http::{self, Failure, Session, DEMO_EMAIL, DEMO_PASSWORD, FRIEND_EMAIL};
use crate::server::Server;
use crate::totp::Authenticator;

const KILLS: u32 = 5;
/// Concurrent payment clients, half paying from each account.
const CLIENTS: usize = 16;
/// Each client's bound per round (the kill normally comes long before).
const MAX_PAYMENTS_PER_CLIENT: u32 = 5_000;
/// Both demo accounts start with CNY 2,000.00.
const STARTING_CNY_MINOR: i64 = 200_000;
/// The accounts that pay, each to the other.
const PAYERS: [(&str, &str); 2] = [(DEMO_EMAIL, FRIEND_EMAIL), (FRIEND_EMAIL, DEMO_EMAIL)];
/// The account that withdraws (withdrawals need 2FA), its authenticator's secret and the amount
/// of each withdrawal (it starts with CNY 2,000.00 too).
const WITHDRAWER: &str = "demo-2fa@wallet.example";
const WITHDRAWER_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const WITHDRAWAL_MINOR: i64 = 2_000;
/// Payout stages of seconds (configuration, as the journeys use): a withdrawal made during a
/// round (the kill comes at most 2.4 s in) is completed 5 s after it was made at the earliest.
const SHORT_STAGES: &[&str] =
    &["--withdrawal-submitted-secs", "1", "--withdrawal-review-secs", "1", "--withdrawal-processing-secs", "3"];
/// How long a withdrawal may take to complete after the restart.
const WITHDRAWAL_PATIENCE: Duration = Duration::from_secs(30);

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
    let mut server = Server::start_with_flags(binary, &dist, &database, SHORT_STAGES)?;
    let mut fee_minor = None;
    // Every key ever sent, and the transaction it ended as.
    let mut settled: Vec<Attempt> = Vec::new();
    // The withdrawer's session lives in the database: it outlives the kills.
    let mut authenticator = Authenticator::new(WITHDRAWER_SECRET);
    let withdrawer = sign_in_with_code(server.address(), WITHDRAWER, &mut authenticator)?;
    let bank = default_bank_account(server.address(), &withdrawer)?;
    let mut withdrawals: Vec<Withdrawal> = Vec::new();
    let mut ledger = String::new();
    for round in 1..=KILLS {
        let sessions = sign_in_payers(server.address())?;
        // Vary the moment of the kill: 0.8 s to 2.4 s into the load.
        let kill_after = Duration::from_millis(400 + 400 * u64::from(round));
        let codes: Vec<String> = std::iter::from_fn(|| authenticator.fresh_code()).collect();
        let withdrawing = Withdrawing { session: withdrawer.clone(), bank: bank.clone(), codes, round };
        let (attempts, withdrawal_attempts) = load_then_kill(&mut server, &sessions, withdrawing, round, kill_after)?;
        let answered = attempts.iter().filter(|a| a.paid.is_some()).count();
        let unanswered = attempts.len() - answered;
        ensure!(answered > 0, "round {round}: no payment was answered before the kill");
        ensure!(unanswered > 0, "round {round}: no payment was in flight at the kill");

        let restarted_at = unix_now();
        server = Server::start_with_flags(binary, &dist, &database, SHORT_STAGES)?;
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
        let made = settle_withdrawals(server.address(), &withdrawer, withdrawal_attempts, round)?;
        let resumed = wait_for_completion(server.address(), &withdrawer, &made, restarted_at, round)?;
        withdrawals.extend(made);
        check_withdrawals(server.address(), &withdrawer, &withdrawals)?;
        ledger = check_ledger(binary, &database)?;
        eprintln!(
            "xtask: crash round {round}: killed {} ms into the load; {answered} payments answered 201 and found; \
             {unanswered} unanswered, settled by their retry ({replayed} of them had happened); \
             {resumed} withdrawals on their way at the kill completed after the restart; ledger sound",
            kill_after.as_millis()
        );
    }
    server.stop();
    ensure!(
        withdrawals.iter().any(|w| w.answered_before_kill),
        "no withdrawal was answered before a kill: the test saw none resume (were there no fresh codes?)"
    );
    Ok(ledger)
}

fn sign_in_payers(address: &str) -> anyhow::Result<Vec<Session>> {
    PAYERS.iter().map(|(email, _)| Session::sign_in(address, email, DEMO_PASSWORD)).collect()
}

fn payment_body(payer: usize) -> String {
    serde_json::json!({ "recipient": PAYERS[payer].1, "amount": { "minor": 1, "currency": "CNY" } }).to_string()
}

/// How one payment or withdrawal request ended.
enum Sent {
    Created(http::Answer),
    /// 429 or 503: the server asks to come back later with the same key.
    Busy,
    /// Sent, but no answer: the payment may or may not have happened.
    NoAnswer,
    /// The connection was refused: the server is down and never saw the request.
    Refused,
}

/// One request with an `Idempotency-Key`; an answer other than 201, 429 or 503 is an error.
fn send(address: &str, session: &Session, path: &str, body: &str, key: &str) -> anyhow::Result<Sent> {
    let headers = [("cookie", session.cookie.as_str()), ("x-wallet-csrf", session.csrf.as_str()), ("idempotency-key", key)];
    match http::request(address, "POST", path, &headers, Some(body), Duration::from_secs(30)) {
        Ok(answer) if answer.status == 201 => Ok(Sent::Created(answer)),
        Ok(answer) if matches!(answer.status, 429 | 503) => Ok(Sent::Busy),
        Ok(answer) => bail!("POST {path} with key {key} answered {}: {}", answer.status, answer.body),
        Err(Failure::NoAnswer(_)) => Ok(Sent::NoAnswer),
        Err(Failure::NotSent(_)) => Ok(Sent::Refused),
    }
}

/// Sends each `(key, body)` until the server dies or `stop`: each until it is answered 201
/// (again after a 429 or 503); the first one left without an answer ends it. Answers each
/// key sent (or that may have been) with its 201 answer, if it got one.
fn send_until_killed(
    address: &str,
    session: &Session,
    path: &str,
    requests: impl Iterator<Item = (String, String)>,
    stop: &AtomicBool,
) -> anyhow::Result<Vec<(String, Option<http::Answer>)>> {
    let mut sent = Vec::new();
    for (key, body) in requests {
        if stop.load(Ordering::Relaxed) {
            break;
        }
        loop {
            match send(address, session, path, &body, &key)? {
                Sent::Created(answer) => {
                    sent.push((key, Some(answer)));
                    break;
                }
                Sent::Busy if !stop.load(Ordering::Relaxed) => std::thread::sleep(Duration::from_millis(50)),
                Sent::Busy | Sent::NoAnswer => {
                    sent.push((key, None));
                    return Ok(sent);
                }
                Sent::Refused => return Ok(sent),
            }
        }
    }
    Ok(sent)
}

/// One client's payments until the server dies or `stop`.
fn pay_until_killed(address: &str, session: &Session, payer: usize, keys: impl Iterator<Item = String>, stop: &AtomicBool) -> anyhow::Result<Vec<Attempt>> {
    let requests = keys.map(|key| (key, payment_body(payer)));
    send_until_killed(address, session, "/api/v1/payments", requests, stop)?
        .into_iter()
        .map(|(key, answer)| Ok(Attempt { payer, paid: answer.as_ref().map(transaction_id).transpose()?, key }))
        .collect()
}

/// Keeps `CLIENTS` clients paying and one withdrawing, kills the server with SIGKILL after
/// `kill_after`, and answers every key that was sent (or may have been), with its transaction
/// when answered 201.
fn load_then_kill(
    server: &mut Server,
    sessions: &[Session],
    withdrawing: Withdrawing,
    round: u32,
    kill_after: Duration,
) -> anyhow::Result<(Vec<Attempt>, Vec<WithdrawalAttempt>)> {
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
    let withdrawer = {
        let (address, stop) = (server.address().to_string(), stop.clone());
        std::thread::spawn(move || withdraw_until_killed(&address, withdrawing, &stop))
    };
    std::thread::sleep(kill_after);
    server.stop();
    stop.store(true, Ordering::Relaxed);
    let mut attempts = Vec::new();
    for client in clients {
        attempts.extend(client.join().map_err(|_| anyhow::anyhow!("a payment client panicked"))??);
    }
    let withdrawals = withdrawer.join().map_err(|_| anyhow::anyhow!("the withdrawing client panicked"))??;
    Ok((attempts, withdrawals))
}

fn transaction_id(answer: &http::Answer) -> anyhow::Result<String> {
    let transaction: serde_json::Value = serde_json::from_str(&answer.body).context("a payment's answer")?;
    ensure!(transaction["status"] == "completed", "a payment answered 201 but not completed: {}", answer.body);
    Ok(transaction["id"].as_str().context("a payment's answer has no id")?.to_string())
}

/// Sends a key again until the restarted server answers 201 (a few tries for 429/503).
fn send_until_answered(address: &str, session: &Session, path: &str, body: &str, key: &str) -> anyhow::Result<http::Answer> {
    for _ in 0..50 {
        if let Sent::Created(answer) = send(address, session, path, body, key)? {
            return Ok(answer);
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    bail!("the retry of {path} with key {key} got no 201 after the restart")
}

/// A payment's key sent again after the restart; answers the transaction's ID and fee.
fn pay_until_answered(address: &str, session: &Session, payer: usize, key: &str) -> anyhow::Result<(String, i64)> {
    let answer = send_until_answered(address, session, "/api/v1/payments", &payment_body(payer), key)?;
    let transaction: serde_json::Value = serde_json::from_str(&answer.body)?;
    let fee = transaction["fee"]["minor"].as_i64().context("a payment without a fee")?;
    Ok((transaction_id(&answer)?, fee))
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

/// What the withdrawing client needs for one round.
struct Withdrawing {
    session: Session,
    /// The bank account's ID.
    bank: String,
    /// Fresh codes, one per withdrawal (the round's share of 30-second steps).
    codes: Vec<String>,
    round: u32,
}

/// What the test knows of one withdrawal's `Idempotency-Key`.
struct WithdrawalAttempt {
    key: String,
    /// Its request (with its code): a retry sends the same.
    body: String,
    /// The withdrawal's ID, once answered 201.
    id: Option<String>,
}

/// A withdrawal the server answered 201 for, and whether that was before a kill.
struct Withdrawal {
    id: String,
    answered_before_kill: bool,
}

fn unix_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or_default()
}

/// Signs in an account with 2FA: the password, then a code from `authenticator`.
fn sign_in_with_code(address: &str, email: &str, authenticator: &mut Authenticator) -> anyhow::Result<Session> {
    let body = serde_json::json!({ "email": email, "password": DEMO_PASSWORD }).to_string();
    let answer = http::call(address, "POST", "/api/v1/auth/sign-in", &[("x-wallet-csrf", "1")], Some(&body))?;
    ensure!(answer.status == 200, "sign-in as {email} answered {}: {}", answer.status, answer.body);
    let outcome: serde_json::Value = serde_json::from_str(&answer.body).context("sign-in answer")?;
    let challenge = outcome["challenge"].as_str().with_context(|| format!("sign-in as {email} asked for no code: {outcome}"))?;
    let body = serde_json::json!({ "challenge": challenge, "kind": "totp", "code": authenticator.next_code() }).to_string();
    let answer = http::call(address, "POST", "/api/v1/auth/second-factor", &[("x-wallet-csrf", "1")], Some(&body))?;
    ensure!(answer.status == 200, "the code for {email} answered {}: {}", answer.status, answer.body);
    let cookie = http::session_cookie(&answer)?;
    let session: serde_json::Value = serde_json::from_str(&answer.body).context("second-factor answer")?;
    let csrf = session["csrf_token"].as_str().context("the second-factor answer has no csrf_token")?.to_string();
    Ok(Session { cookie, csrf })
}

/// The ID of the account's default bank account (a demo account's is a CNY one).
fn default_bank_account(address: &str, session: &Session) -> anyhow::Result<String> {
    let answer = session.get(address, "/api/v1/bank-accounts")?;
    ensure!(answer.status == 200, "the bank accounts answered {}: {}", answer.status, answer.body);
    let accounts: serde_json::Value = serde_json::from_str(&answer.body).context("the bank accounts")?;
    let default = accounts.as_array().and_then(|list| list.iter().find(|a| a["is_default"] == true)).context("no default bank account")?;
    ensure!(default["currency"] == "CNY", "the default bank account is not in CNY: {default}");
    Ok(default["id"].as_str().context("a bank account without an id")?.to_string())
}

fn withdrawal_body(bank: &str, code: &str) -> String {
    serde_json::json!({ "bank_account_id": bank, "amount": { "minor": WITHDRAWAL_MINOR, "currency": "CNY" }, "code": code }).to_string()
}

fn withdrawal_id(answer: &http::Answer) -> anyhow::Result<String> {
    let detail: serde_json::Value = serde_json::from_str(&answer.body).context("a withdrawal's answer")?;
    Ok(detail["withdrawal"]["id"].as_str().context("a withdrawal's answer has no id")?.to_string())
}

/// The round's withdrawals, one per code, until the server dies or `stop`.
fn withdraw_until_killed(address: &str, withdrawing: Withdrawing, stop: &AtomicBool) -> anyhow::Result<Vec<WithdrawalAttempt>> {
    let Withdrawing { session, bank, codes, round } = withdrawing;
    let requests: Vec<(String, String)> =
        codes.iter().enumerate().map(|(n, code)| (format!("crash-withdrawal-{round}-{n}"), withdrawal_body(&bank, code))).collect();
    let bodies: HashMap<String, String> = requests.iter().cloned().collect();
    send_until_killed(address, &session, "/api/v1/withdrawals", requests.into_iter(), stop)?
        .into_iter()
        .map(|(key, answer)| {
            let body = bodies[&key].clone();
            Ok(WithdrawalAttempt { id: answer.as_ref().map(withdrawal_id).transpose()?, key, body })
        })
        .collect()
}

/// Sends every withdrawal key of the round again on the restarted server (the same request):
/// one answered 201 before the kill must be answered with the same withdrawal; one without an
/// answer is settled by its retry. Answers the withdrawals they are.
fn settle_withdrawals(address: &str, session: &Session, attempts: Vec<WithdrawalAttempt>, round: u32) -> anyhow::Result<Vec<Withdrawal>> {
    let mut made = Vec::new();
    for attempt in attempts {
        let answer = send_until_answered(address, session, "/api/v1/withdrawals", &attempt.body, &attempt.key)?;
        let id = withdrawal_id(&answer)?;
        if let Some(before) = &attempt.id {
            ensure!(&id == before, "round {round}: withdrawal key {} was answered with {before} before the kill and {id} after", attempt.key);
        }
        made.push(Withdrawal { id, answered_before_kill: attempt.id.is_some() });
    }
    Ok(made)
}

/// Waits until each of the round's withdrawals is completed; each answered before the kill was
/// on its way then, and must have completed after the restart. Answers how many those were.
fn wait_for_completion(address: &str, session: &Session, made: &[Withdrawal], restarted_at: i64, round: u32) -> anyhow::Result<usize> {
    let started = Instant::now();
    for withdrawal in made {
        let path = format!("/api/v1/withdrawals/{}", withdrawal.id);
        let detail = loop {
            let answer = session.get(address, &path)?;
            ensure!(answer.status == 200, "GET {path} answered {}: {}", answer.status, answer.body);
            let detail: serde_json::Value = serde_json::from_str(&answer.body).context("a withdrawal")?;
            if detail["withdrawal"]["state"] == "completed" {
                break detail;
            }
            ensure!(
                started.elapsed() < WITHDRAWAL_PATIENCE,
                "round {round}: withdrawal {} is still {} {} s after the restart: the processor did not resume it",
                withdrawal.id,
                detail["withdrawal"]["state"],
                WITHDRAWAL_PATIENCE.as_secs()
            );
            std::thread::sleep(Duration::from_millis(200));
        };
        let completed_at = detail["timeline"]
            .as_array()
            .and_then(|stages| stages.iter().find(|s| s["state"] == "completed"))
            .and_then(|stage| stage["at"].as_i64())
            .context("a completed withdrawal without its completion time")?;
        if withdrawal.answered_before_kill {
            ensure!(
                completed_at >= restarted_at,
                "round {round}: withdrawal {} completed at {completed_at}, before the restart at {restarted_at}: it was not on its way at the kill",
                withdrawal.id
            );
        }
    }
    Ok(made.iter().filter(|w| w.answered_before_kill).count())
}

/// The withdrawer has exactly the withdrawals answered 201, each once and completed, and its
/// balance is what they leave.
fn check_withdrawals(address: &str, session: &Session, withdrawals: &[Withdrawal]) -> anyhow::Result<()> {
    let answer = session.get(address, "/api/v1/withdrawals")?;
    ensure!(answer.status == 200, "the withdrawals answered {}: {}", answer.status, answer.body);
    let listed: serde_json::Value = serde_json::from_str(&answer.body).context("the withdrawals")?;
    let listed = listed.as_array().context("the withdrawals are not a list")?;
    let mut ids: Vec<&str> = listed.iter().filter_map(|w| w["id"].as_str()).collect();
    ids.sort_unstable();
    let mut ours: Vec<&str> = withdrawals.iter().map(|w| w.id.as_str()).collect();
    ours.sort_unstable();
    ensure!(ids == ours, "the withdrawals listed {ids:?} are not the ones answered 201 {ours:?}");
    let mut spent = 0;
    for withdrawal in listed {
        ensure!(withdrawal["state"] == "completed", "withdrawal {} is {}", withdrawal["id"], withdrawal["state"]);
        spent += withdrawal["total"]["minor"].as_i64().context("a withdrawal without a total")?;
    }
    let balance = cny_balance(address, session)?;
    ensure!(
        balance == STARTING_CNY_MINOR - spent,
        "{WITHDRAWER} holds CNY {balance} minor; its {} withdrawals of {spent} minor in all leave {}",
        withdrawals.len(),
        STARTING_CNY_MINOR - spent
    );
    Ok(())
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
