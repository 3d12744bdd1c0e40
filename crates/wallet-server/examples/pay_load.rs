//! A load generator for real payments: keeps exactly `--concurrency` `POST /api/v1/payments`
//! in flight, each with a fresh `Idempotency-Key` (a general-purpose tool such as oha sends one
//! fixed set of headers, so every request after the first would be a replay). Records each
//! request's latency, checks every answer is 201 and prints one JSON line:
//! `{"requests", "seconds", "per_second", "p50_ms", "p99_ms", "errors", "first_error"}`.
//! Exits non-zero when any answer was not 201. `cargo xtask bench api` runs it:
//!
//! ```text
//! cargo run --release --example pay_load -p wallet-server -- --url http://127.0.0.1:PORT \
//!     --cookie '__Host-wallet_session=...' --csrf CSRF --concurrency 16 --seconds 10 --count 90000
//! ```
//!
//! It stops at `--count` payments or after `--seconds`, whichever comes first (payments
//! already started then are finished and counted). Each pays 0.01 CNY to
//! friend@wallet.example unless `--recipient` / `--minor` say otherwise.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

struct Args {
    url: String,
    cookie: String,
    csrf: String,
    concurrency: usize,
    count: u64,
    seconds: Option<f64>,
    recipient: String,
    minor: i64,
}

const USAGE: &str = "usage: pay_load --url URL --cookie COOKIE --csrf TOKEN --concurrency N \
                     [--count N] [--seconds S] [--recipient EMAIL] [--minor N]";

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        url: String::new(),
        cookie: String::new(),
        csrf: String::new(),
        concurrency: 16,
        count: u64::MAX,
        seconds: None,
        recipient: "friend@wallet.example".to_string(),
        minor: 1,
    };
    let mut given = std::env::args().skip(1);
    while let Some(flag) = given.next() {
        let value = given.next().ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        match flag.as_str() {
            "--url" => args.url = value.trim_end_matches('/').to_string(),
            "--cookie" => args.cookie = value,
            "--csrf" => args.csrf = value,
            "--concurrency" => args.concurrency = number(&flag, &value)?,
            "--count" => args.count = number(&flag, &value)?,
            "--seconds" => args.seconds = Some(number(&flag, &value)?),
            "--recipient" => args.recipient = value,
            "--minor" => args.minor = number(&flag, &value)?,
            _ => return Err(format!("unknown flag {flag}\n{USAGE}")),
        }
    }
    if args.url.is_empty() || args.cookie.is_empty() || args.csrf.is_empty() {
        return Err(format!("--url, --cookie and --csrf are required\n{USAGE}"));
    }
    if args.concurrency == 0 || (args.count == u64::MAX && args.seconds.is_none()) {
        return Err(format!("--concurrency must be at least 1, and --count or --seconds is needed\n{USAGE}"));
    }
    Ok(args)
}

fn number<T: std::str::FromStr>(flag: &str, value: &str) -> Result<T, String>
where
    T::Err: std::fmt::Display,
{
    value.parse().map_err(|error| format!("{flag} {value}: {error}"))
}

/// What one worker saw.
#[derive(Default)]
struct Tally {
    latencies: Vec<Duration>,
    errors: u64,
    first_error: Option<String>,
}

/// The nearest-rank percentile of sorted values: the smallest value with at least `p` % of
/// the values at or below it.
fn percentile(sorted: &[Duration], p: u64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = (p * sorted.len() as u64).div_ceil(100).max(1) as usize;
    sorted[rank - 1]
}

#[tokio::main]
async fn main() {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .pool_max_idle_per_host(args.concurrency)
        .build()
        .expect("an HTTP client");
    let endpoint = Arc::new(format!("{}/api/v1/payments", args.url));
    let body = Arc::new(
        serde_json::json!({ "recipient": args.recipient, "amount": { "minor": args.minor, "currency": "CNY" } }).to_string(),
    );
    let cookie = Arc::new(args.cookie);
    let csrf = Arc::new(args.csrf);
    // Unique across runs on one database: the keys of an earlier run would be replays.
    let run_id = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    let next = Arc::new(AtomicU64::new(0));
    let count = args.count;
    let started = Instant::now();
    let deadline = args.seconds.map(|s| started + Duration::from_secs_f64(s));

    let workers: Vec<_> = (0..args.concurrency)
        .map(|_| {
            let (client, endpoint, body, cookie, csrf, next) =
                (client.clone(), endpoint.clone(), body.clone(), cookie.clone(), csrf.clone(), next.clone());
            tokio::spawn(async move {
                let mut tally = Tally::default();
                loop {
                    if deadline.is_some_and(|d| Instant::now() >= d) {
                        break;
                    }
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    if index >= count {
                        break;
                    }
                    let sent = Instant::now();
                    let answer = client
                        .post(endpoint.as_str())
                        .header("cookie", cookie.as_str())
                        .header("x-wallet-csrf", csrf.as_str())
                        .header("idempotency-key", format!("pay-load-{run_id}-{index}"))
                        .header("content-type", "application/json")
                        .body(body.as_str().to_owned())
                        .send()
                        .await;
                    let problem = match answer {
                        Ok(response) => {
                            let status = response.status();
                            // Read the whole answer: that is part of what the payer waits for.
                            let text = response.text().await;
                            match text {
                                Ok(_) if status.as_u16() == 201 => None,
                                Ok(text) => Some(format!("{status}: {}", text.chars().take(300).collect::<String>())),
                                Err(error) => Some(format!("{status}, body unreadable: {error}")),
                            }
                        }
                        Err(error) => Some(format!("request failed: {error}")),
                    };
                    tally.latencies.push(sent.elapsed());
                    if let Some(problem) = problem {
                        tally.errors += 1;
                        tally.first_error.get_or_insert(problem);
                    }
                }
                tally
            })
        })
        .collect();

    let mut all = Tally::default();
    for worker in workers {
        let tally = worker.await.expect("a worker panicked");
        all.latencies.extend(tally.latencies);
        all.errors += tally.errors;
        if all.first_error.is_none() {
            all.first_error = tally.first_error;
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    all.latencies.sort_unstable();
    let requests = all.latencies.len();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let report = serde_json::json!({
        "requests": requests,
        "seconds": seconds,
        "per_second": requests as f64 / seconds,
        "p50_ms": ms(percentile(&all.latencies, 50)),
        "p99_ms": ms(percentile(&all.latencies, 99)),
        "errors": all.errors,
        "first_error": all.first_error,
    });
    println!("{report}");
    if all.errors > 0 {
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let values: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&values, 50), Duration::from_millis(50));
        assert_eq!(percentile(&values, 99), Duration::from_millis(99));
        assert_eq!(percentile(&values[..1], 99), Duration::from_millis(1));
        assert_eq!(percentile(&values[..10], 99), Duration::from_millis(10));
        assert_eq!(percentile(&[], 50), Duration::ZERO);
    }
}
