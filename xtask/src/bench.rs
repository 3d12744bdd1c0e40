//! `cargo xtask bench size`: what the browser downloads; `bench lighthouse`: how fast key pages
//! show; `bench api`: payments and balance reads per second against the release server, and
//! a storm of wrong sign-ins.

use anyhow::Context;
use std::path::Path;

use crate::build;
use crate::tree::files;
use crate::pages::PAGES;
use wallet_api::prerendered_folder;
use crate::wasm;
use crate::compress;
use crate::http::{DEMO_EMAIL, DEMO_PASSWORD};
pub use crate::lighthouse::lighthouse;

/// Every file of the build with its sizes, then each page's first load (the files the browser
/// needs before the page is interactive) against its budget; fails when a page is over.
pub fn size() -> anyhow::Result<()> {
    let dist = build::app_release()?;
    println!("{:<60} {:>10} {:>10} {:>10}", "file", "raw", "gzip", "brotli");
    for path in files(&dist)? {
        let name = path.strip_prefix(&dist)?.to_string_lossy().to_string();
        if name.ends_with(".br") || name.ends_with(".gz") || name.starts_with('.') {
            continue;
        }
        let bytes = std::fs::read(&path)?;
        let (raw, gz, br) = (bytes.len(), compress::gzip(&bytes).len(), compress::brotli(&bytes).len());
        println!("{name:<60} {raw:>10} {gz:>10} {br:>10}");
    }
    let over = first_load_table(&dist)?;
    anyhow::ensure!(over.is_empty(), "over their first-load budget: {}", over.join(", "));
    Ok(())
}

/// Prints each page's first load and answers the pages over budget.
pub fn first_load_table(dist: &Path) -> anyhow::Result<Vec<String>> {
    let bundle = wasm::Bundle::load(dist)?;
    let shared = shared_first_load(dist, &bundle)?;
    println!("\nfirst load per page (brotli bytes): html + css + scripts + main wasm + the page's chunks");
    println!("{:<36} {:>8} {:>8} {:>8} {:>8} {:>8}", "page", "html", "chunks", "total", "budget", "target");
    let mut over = Vec::new();
    for page in PAGES {
        let prerendered = dist.join(prerendered_folder(page.path)).join("index.html");
        let html = if prerendered.is_file() { prerendered } else { dist.join("index.html") };
        let html_bytes = brotli_size(&html)?;
        let chunks = page.area.map(|a| bundle.chunks_of_area(a)).unwrap_or_default();
        let mut chunk_bytes = 0;
        for chunk in &chunks {
            chunk_bytes += brotli_size(&dist.join(chunk.trim_start_matches('/')))?;
        }
        let total = shared + html_bytes + chunk_bytes;
        let verdict = if total > page.budget() {
            "  OVER BUDGET"
        } else if total > page.target() {
            "  (over target)"
        } else {
            ""
        };
        println!(
            "{:<36} {html_bytes:>8} {chunk_bytes:>8} {total:>8} {:>8} {:>8}{verdict}",
            page.path,
            page.budget(),
            page.target()
        );
        if total > page.budget() {
            over.push(format!("{} ({total} > {})", page.path, page.budget()));
        }
    }
    println!("(shared by every page: {shared} B: css, boot.js, prefs.js, brand.json, main js + wasm, split loader)");
    Ok(over)
}

/// What every page loads whatever its route: the stylesheet, the two small scripts, the brand
/// file the header reads, and the bundle's main module with its JS and the chunk loader.
fn shared_first_load(dist: &Path, bundle: &wasm::Bundle) -> anyhow::Result<usize> {
    let mut paths = vec![dist.join("boot.js"), dist.join("prefs.js"), dist.join("brand.json")];
    for url in [bundle.main_js(), bundle.main_wasm(), bundle.split_loader()] {
        paths.push(dist.join(url.trim_start_matches('/')));
    }
    for path in files(dist)? {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if name.starts_with("style-") && name.ends_with(".css") {
            paths.push(path);
        }
    }
    paths.iter().map(|p| brotli_size(p)).sum()
}

/// The brotli size of a file: its `.br` beside it when the build wrote one (what the server
/// sends), else compressed here.
fn brotli_size(path: &Path) -> anyhow::Result<usize> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    if let Ok(precompressed) = std::fs::metadata(path.with_file_name(format!("{name}.br"))) {
        return Ok(precompressed.len() as usize);
    }
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(compress::brotli(&bytes).len())
}

/// Requests kept in flight in every `bench api` scenario.
const API_CONCURRENCY: usize = 16;
/// How long each `bench api` scenario runs.
const API_SECONDS: u64 = 10;
/// At most this many payments: each costs 0.02 (0.01 and the fee) of the demo account's
/// 2,000.00, so 100,000 would empty it.
const API_MAX_PAYMENTS: u64 = 90_000;
const PAYMENT_BODY: &str = r#"{"recipient":"friend@wallet.example","amount":{"minor":1,"currency":"CNY"}}"#;

/// One row of the `bench api` table.
struct ApiRow {
    scenario: &'static str,
    requests: u64,
    per_second: f64,
    p50_ms: f64,
    p99_ms: f64,
}

/// The REST API under load, against the release server on this machine: payments per second
/// (each with a new `Idempotency-Key`, by the `pay_load` example), a retried payment (one key,
/// replayed, by oha) and balance reads (`GET /wallet/overview`, by oha), each with
/// `API_CONCURRENCY` requests in flight; then the ledger check on the database.
pub fn api() -> anyhow::Result<()> {
    let oha = crate::tools::ensure_oha()?;
    crate::process::run(crate::process::cargo().args([
        "build", "--release", "--quiet", "--package", "wallet-server", "--bin", "wallet-server", "--example", "pay_load",
    ]))?;
    let root = crate::process::root();
    let server_binary = root.join("target/release/wallet-server");
    let work = std::env::temp_dir().join(format!("wallet-web-bench-api-{}", std::process::id()));
    std::fs::create_dir_all(&work)?;
    let database = work.join("wallet.db");
    // API only: the app's files are not needed, an empty folder will do.
    let dist = work.join("dist");
    std::fs::create_dir_all(&dist)?;
    let result = api_runs(&oha, &server_binary, &dist, &database);
    // On a fresh server: the storm locks the addresses it uses.
    let storm = result.as_ref().ok().map(|_| -> anyhow::Result<_> {
        let server = crate::server::Server::start(&server_binary, &dist, &work.join("storm.db"), None)?;
        eprintln!("xtask: {} concurrent sign-ins with a wrong password", crate::load::STORM_REQUESTS);
        crate::load::sign_in_storm(&server)
    });
    let _ = std::fs::remove_dir_all(&work);
    let (rows, commands, ledger) = result?;
    let storm = storm.context("no storm")??;

    println!();
    println!("cargo xtask bench api");
    println!(
        "wallet-server (release, SQLite) and the load generators on this machine ({} CPUs), {API_CONCURRENCY} requests in flight, {API_SECONDS} s per scenario",
        std::thread::available_parallelism().map_or(0, usize::from)
    );
    println!("{:<36} {:>11} {:>9} {:>11} {:>8} {:>8}", "scenario", "concurrency", "requests", "per second", "p50 ms", "p99 ms");
    for row in &rows {
        println!(
            "{:<36} {:>11} {:>9} {:>11.0} {:>8.2} {:>8.2}",
            row.scenario, API_CONCURRENCY, row.requests, row.per_second, row.p50_ms, row.p99_ms
        );
    }
    println!("{ledger}");
    println!();
    println!(
        "sign-in storm: {} concurrent POST /api/v1/auth/sign-in with a wrong password (spread over 6 addresses) on a fresh server, {:.1} s",
        crate::load::STORM_REQUESTS,
        storm.seconds
    );
    println!("  statuses: {}", storm.statuses_text());
    println!("  latency:  p50 {:.0} ms, p99 {:.0} ms", storm.p50_ms, storm.p99_ms);
    println!("  server peak memory (VmHWM): {:.0} MiB (before the storm: {:.0} MiB)", storm.peak_after_mib, storm.peak_before_mib);
    println!();
    println!("commands (URL, COOKIE and CSRF from a sign-in as {DEMO_EMAIL}):");
    for command in commands {
        println!("  {command}");
    }
    Ok(())
}

/// Starts the server, signs in, runs the three scenarios and checks the ledger. Answers the
/// table's rows, the commands that made them and the ledger check's line.
fn api_runs(
    oha: &Path,
    server_binary: &Path,
    dist: &Path,
    database: &Path,
) -> anyhow::Result<(Vec<ApiRow>, Vec<String>, String)> {
    let mut server = crate::server::Server::start(server_binary, dist, database, None)?;
    let address = server.url.strip_prefix("http://").context("the server's URL is not http://")?.to_string();

    let crate::http::Session { cookie, csrf } = crate::http::Session::sign_in(&address, DEMO_EMAIL, DEMO_PASSWORD)?;

    let concurrency = API_CONCURRENCY.to_string();
    let duration = format!("{API_SECONDS}s");
    let cookie_header = format!("cookie: {cookie}");
    let csrf_header = format!("x-wallet-csrf: {csrf}");

    // Balance reads first, while the account holds only the demo data: the overview's 30-day
    // chart sums, for each day, the ledger entries made since, so it slows as the payments
    // below add entries (about ten times slower after 2,000 payments in one day).
    eprintln!("xtask: oha: {API_SECONDS} s of balance reads (GET /api/v1/wallet/overview)");
    let overview_url = format!("{}/api/v1/wallet/overview", server.url);
    let reads = oha_run(oha, &["-c", &concurrency, "-z", &duration, "-w", "-H", &cookie_header, &overview_url], 200)?;

    eprintln!("xtask: pay_load: {API_SECONDS} s of payments, each with a new Idempotency-Key");
    let output = crate::process::cargo()
        .args(["run", "--release", "--quiet", "--package", "wallet-server", "--example", "pay_load", "--"])
        .args(["--url", server.url.as_str(), "--cookie", cookie.as_str(), "--csrf", csrf.as_str()])
        .args(["--concurrency", concurrency.as_str(), "--seconds", &API_SECONDS.to_string(), "--count", &API_MAX_PAYMENTS.to_string()])
        .output()
        .context("running the pay_load example")?;
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).with_context(|| {
        format!("pay_load printed no report ({}): {}", output.status, String::from_utf8_lossy(&output.stderr))
    })?;
    anyhow::ensure!(
        output.status.success() && report["errors"].as_u64() == Some(0),
        "pay_load: {} of {} payments were not 201; the first: {}",
        report["errors"],
        report["requests"],
        report["first_error"]
    );
    let number = |key: &str| report[key].as_f64().with_context(|| format!("pay_load's report has no {key}"));
    let payments = ApiRow {
        scenario: "payment (new key each)",
        requests: report["requests"].as_u64().context("pay_load's report has no requests")?,
        per_second: number("per_second")?,
        p50_ms: number("p50_ms")?,
        p99_ms: number("p99_ms")?,
    };

    // A retried payment: the first answer is stored with its key; every later request with the
    // same key and body gets it back without moving money again.
    let key = "bench-api-replay";
    let payment_headers = [("cookie", cookie.as_str()), ("x-wallet-csrf", csrf.as_str()), ("idempotency-key", key)];
    let first = crate::http::call(&address, "POST", "/api/v1/payments", &payment_headers, Some(PAYMENT_BODY))?;
    anyhow::ensure!(first.status == 201, "the payment to replay answered {}: {}", first.status, first.body);
    eprintln!("xtask: oha: {API_SECONDS} s of one payment retried (POST /api/v1/payments, one Idempotency-Key)");
    let key_header = format!("idempotency-key: {key}");
    let payments_url = format!("{}/api/v1/payments", server.url);
    let replays = oha_run(
        oha,
        &[
            "-c", &concurrency, "-z", &duration, "-w", "-m", "POST", "-H", &cookie_header, "-H", &csrf_header, "-H", &key_header,
            "-T", "application/json", "-d", PAYMENT_BODY, &payments_url,
        ],
        201,
    )?;

    let rows = vec![
        payments,
        ApiRow { scenario: "payment retry (same key, replayed)", ..replays },
        ApiRow { scenario: "balance read (overview)", ..reads },
    ];
    let oha = shown(oha);
    let mut commands = vec![
        format!(
            "cargo run --release --example pay_load -p wallet-server -- --url URL --cookie COOKIE --csrf CSRF --concurrency {concurrency} --seconds {API_SECONDS} --count {API_MAX_PAYMENTS}"
        ),
        format!(
            "{oha} --no-tui --output-format json -c {concurrency} -z {duration} -w -m POST -H 'cookie: COOKIE' -H 'x-wallet-csrf: CSRF' -H 'idempotency-key: {key}' -T application/json -d '{PAYMENT_BODY}' URL/api/v1/payments   (after one payment with that key: every request is a replay)"
        ),
        format!(
            "{oha} --no-tui --output-format json -c {concurrency} -z {duration} -w -H 'cookie: COOKIE' URL/api/v1/wallet/overview   (run first, before the payments)"
        ),
    ];

    server.stop();
    let check = std::process::Command::new(server_binary)
        .args(["admin", "check-ledger", "--database"])
        .arg(database)
        .output()
        .context("running wallet-server admin check-ledger")?;
    let ledger = String::from_utf8_lossy(&check.stdout).trim().to_string();
    anyhow::ensure!(check.status.success(), "the ledger does not balance after the load:\n{ledger}");
    commands.push(format!("{} admin check-ledger --database DB", shown(server_binary)));
    Ok((rows, commands, ledger))
}

/// A path as the workspace-relative name a reader can type.
fn shown(path: &Path) -> String {
    path.strip_prefix(crate::process::root()).unwrap_or(path).display().to_string()
}

/// Runs oha (`args` without the output flags) and reads its JSON summary; every answer must
/// have `status` and no request may have failed.
fn oha_run(oha: &Path, args: &[&str], status: u16) -> anyhow::Result<ApiRow> {
    let output = std::process::Command::new(oha)
        .args(["--no-tui", "--output-format", "json"])
        .args(args)
        .output()
        .context("running oha")?;
    anyhow::ensure!(output.status.success(), "oha failed: {}", String::from_utf8_lossy(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).context("oha's JSON summary")?;
    let statuses = report["statusCodeDistribution"].as_object().context("oha's summary has no statusCodeDistribution")?;
    let requests: u64 = statuses.values().filter_map(serde_json::Value::as_u64).sum();
    let wanted = statuses.get(&status.to_string()).and_then(serde_json::Value::as_u64).unwrap_or(0);
    let failed = report["errorDistribution"].as_object().map_or(0, |errors| errors.values().filter_map(serde_json::Value::as_u64).sum::<u64>());
    anyhow::ensure!(
        requests > 0 && wanted == requests && failed == 0,
        "oha: expected every answer to be {status}; statuses {}, errors {}",
        report["statusCodeDistribution"],
        report["errorDistribution"]
    );
    let seconds = report["summary"]["total"].as_f64().context("oha's summary has no total")?;
    let latency = &report["metrics"]["latency_ms"];
    Ok(ApiRow {
        scenario: "",
        requests,
        per_second: requests as f64 / seconds,
        p50_ms: latency["p50"].as_f64().context("oha's summary has no p50")?,
        p99_ms: latency["p99"].as_f64().context("oha's summary has no p99")?,
    })
}
