//! The sign-in storm: many concurrent sign-ins with a wrong password against the server,
//! which hashes each one with argon2 (19 MiB). `cargo xtask bench api` reports it;
//! `cargo xtask test load` holds the server to a memory bound and an answer for every request.

use anyhow::ensure;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use crate::http::{self, Failure, DEMO_EMAIL, FRIEND_EMAIL};
use crate::server::Server;

pub const STORM_REQUESTS: usize = 300;
/// A request still unanswered after this long counts as a hang.
pub const STORM_TIMEOUT: Duration = Duration::from_secs(60);
/// The peak resident memory the server may reach during the storm.
const MAX_PEAK_MIB: u64 = 300;
/// Answers that keep the server safe: wrong password, locked, rate-limited, busy.
const ACCEPTED: [u16; 4] = [401, 423, 429, 503];

/// The e-mail addresses the storm is spread over: two real accounts and made-up ones (failures
/// are counted per address, so one address would be locked after 5).
const STORM_EMAILS: [&str; 6] =
    [DEMO_EMAIL, FRIEND_EMAIL, "storm-1@wallet.example", "storm-2@wallet.example", "storm-3@wallet.example", "storm-4@wallet.example"];

/// What the storm saw.
pub struct StormReport {
    /// Status -> count; `0` counts requests that got no answer within `STORM_TIMEOUT`.
    pub statuses: BTreeMap<u16, usize>,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub seconds: f64,
    /// The server's peak resident memory (VmHWM) before and after the storm, in MiB.
    pub peak_before_mib: f64,
    pub peak_after_mib: f64,
    /// A sample of an answer that got no status, to say why.
    pub first_failure: Option<String>,
}

impl StormReport {
    pub fn statuses_text(&self) -> String {
        let parts: Vec<String> = self
            .statuses
            .iter()
            .map(|(status, count)| if *status == 0 { format!("no answer: {count}") } else { format!("{status}: {count}") })
            .collect();
        parts.join(", ")
    }
}

/// `STORM_REQUESTS` sign-ins with a wrong password, all sent at once, each on its own
/// connection.
pub fn sign_in_storm(server: &Server) -> anyhow::Result<StormReport> {
    let peak_before_mib = server.peak_memory_kib()? as f64 / 1024.0;
    let start = std::sync::Arc::new(std::sync::Barrier::new(STORM_REQUESTS));
    let began = Instant::now();
    let requests: Vec<_> = (0..STORM_REQUESTS)
        .map(|n| {
            let (address, start) = (server.address().to_string(), start.clone());
            std::thread::spawn(move || {
                let email = STORM_EMAILS[n % STORM_EMAILS.len()];
                let body = serde_json::json!({ "email": email, "password": format!("Wrong-Password-{n:04}") }).to_string();
                start.wait();
                let sent = Instant::now();
                let answer = http::request(&address, "POST", "/api/v1/auth/sign-in", &[("x-wallet-csrf", "1")], Some(&body), STORM_TIMEOUT);
                (answer, sent.elapsed())
            })
        })
        .collect();
    let mut statuses = BTreeMap::new();
    let mut latencies = Vec::new();
    let mut first_failure = None;
    for request in requests {
        let (answer, latency) = request.join().map_err(|_| anyhow::anyhow!("a sign-in thread panicked"))?;
        let status = match answer {
            Ok(answer) => answer.status,
            Err(failure @ (Failure::NotSent(_) | Failure::NoAnswer(_))) => {
                first_failure.get_or_insert(failure.to_string());
                0
            }
        };
        *statuses.entry(status).or_insert(0) += 1;
        latencies.push(latency);
    }
    let seconds = began.elapsed().as_secs_f64();
    latencies.sort();
    let percentile = |p: f64| latencies[((latencies.len() as f64 * p).ceil() as usize).clamp(1, latencies.len()) - 1].as_secs_f64() * 1000.0;
    Ok(StormReport {
        statuses,
        p50_ms: percentile(0.50),
        p99_ms: percentile(0.99),
        seconds,
        peak_before_mib,
        peak_after_mib: server.peak_memory_kib()? as f64 / 1024.0,
        first_failure,
    })
}

/// `cargo xtask test load`: a fresh server survives the sign-in storm within
/// `MAX_PEAK_MIB` of memory, answering every request with one of `ACCEPTED` in time.
pub fn run_test() -> anyhow::Result<()> {
    let binary = crate::server::test_binary()?;
    let work = crate::crash::scratch_folder("load")?;
    let server = Server::start(&binary, &work.join("dist"), &work.join("wallet.db"), None)?;
    let report = sign_in_storm(&server);
    drop(server);
    let _ = std::fs::remove_dir_all(&work);
    let report = report?;
    println!(
        "load test: {STORM_REQUESTS} concurrent wrong sign-ins in {:.1} s: {}; p50 {:.0} ms, p99 {:.0} ms; server peak memory {:.0} MiB (before: {:.0} MiB)",
        report.seconds,
        report.statuses_text(),
        report.p50_ms,
        report.p99_ms,
        report.peak_after_mib,
        report.peak_before_mib
    );
    let refused: usize = report.statuses.iter().filter(|(status, _)| !ACCEPTED.contains(status)).map(|(_, count)| count).sum();
    ensure!(
        refused == 0,
        "{refused} of {STORM_REQUESTS} sign-ins got no answer within {} s or an answer other than {ACCEPTED:?}: {}{}",
        STORM_TIMEOUT.as_secs(),
        report.statuses_text(),
        report.first_failure.as_deref().map(|f| format!(" (first: {f})")).unwrap_or_default()
    );
    ensure!(
        report.peak_after_mib < MAX_PEAK_MIB as f64,
        "the server's peak memory reached {:.0} MiB under {STORM_REQUESTS} concurrent sign-ins (limit {MAX_PEAK_MIB} MiB)",
        report.peak_after_mib
    );
    Ok(())
}
