//! `cargo xtask bench lighthouse`: Lighthouse's simulated mobile run (slow 4G, 4x CPU
//! slowdown) of the key pages against the server (the tests' build: it only sends the built
//! files), three runs each, medians against each page's target score: below one, it fails.
//!
//! Lighthouse comes from `tools/lighthouse` (`npm ci` on a fresh machine, see
//! `tools::ensure_lighthouse`); its package.json pins, by `overrides`, the two packages one of
//! Lighthouse's dependencies asks for as `latest`, or `npm ci` refuses the lock as soon as
//! either publishes a new version. The browser is Debian's Chromium, headless.

use anyhow::Context;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::build;
use crate::process::root;

/// Pages whose speed matters most, with the performance score (median, simulated mobile) each
/// should reach: help must be readable fast on a poor phone connection.
const PAGES: [(&str, f64); 5] = [
    ("/", 0.90),
    ("/help", 0.95),
    ("/help/account-locked", 0.95),
    ("/contact", 0.90),
    ("/sign-in", 0.90),
];

/// Runs per page: one run's score moves by a few points with the machine's load.
const RUNS: usize = 3;

/// One Lighthouse run never takes this long; a hung Chromium is killed after it.
const RUN_TIMEOUT: Duration = Duration::from_secs(240);

const CHROME_FLAGS: &str = "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage \
     --disable-background-networking --disable-component-update --disable-sync --no-first-run";

/// What one run measured.
struct Run {
    score: f64,
    fcp_ms: f64,
    lcp_ms: f64,
    bytes: f64,
    benchmark_index: f64,
    warnings: Vec<String>,
}

pub fn lighthouse() -> anyhow::Result<()> {
    let dist = build::app_release()?;
    crate::tools::ensure_lighthouse()?;
    let server = crate::server::test_binary()?;
    let root = root();
    let binary = root.join("tools/lighthouse/node_modules/.bin/lighthouse");
    let version = crate::process::output(&binary.to_string_lossy(), &["--version"]).unwrap_or_else(|| "?".into());
    let chromium = crate::process::output(crate::tools::CHROMIUM, &["--version"]).unwrap_or_else(|| "?".into());
    let work = std::env::temp_dir().join(format!("wallet-web-bench-lighthouse-{}", std::process::id()));
    std::fs::create_dir_all(&work)?;
    let result = measure(&binary, &server, &dist, &work);
    let _ = std::fs::remove_dir_all(&work);
    let pages = result?;

    println!();
    println!("cargo xtask bench lighthouse");
    println!(
        "Lighthouse {version}, {chromium} (headless), simulated mobile (slow 4G, 4x CPU slowdown), performance only; \
         server on this machine; {RUNS} runs per page, medians"
    );
    println!(
        "{:<22} {:>6} {:>7} {:>16} {:>8} {:>8} {:>8} {:>9} {:>6}",
        "page", "score", "target", "runs", "FCP ms", "LCP ms", "LCP/FCP", "bytes", "bench"
    );
    let mut below = Vec::new();
    for (page, target, runs) in &pages {
        let score = median(runs.iter().map(|r| r.score));
        let fcp = median(runs.iter().map(|r| r.fcp_ms));
        let lcp = median(runs.iter().map(|r| r.lcp_ms));
        let scores = runs.iter().map(|r| format!("{:.2}", r.score)).collect::<Vec<_>>().join(" ");
        let mark = if score >= *target { "" } else { " below" };
        println!(
            "{page:<22} {score:>6.2} {:>7} {scores:>16} {fcp:>8.0} {lcp:>8.0} {:>8.2} {:>9.0} {:>6.0}{mark}",
            format!("≥{target:.2}"),
            lcp / fcp,
            median(runs.iter().map(|r| r.bytes)),
            median(runs.iter().map(|r| r.benchmark_index)),
        );
        if score < *target {
            below.push(*page);
        }
    }
    println!("(bench: Lighthouse's benchmark index of this machine during the runs, median; a busy machine scores lower)");
    let mut warnings: Vec<&String> = pages.iter().flat_map(|(_, _, runs)| runs.iter().flat_map(|r| &r.warnings)).collect();
    warnings.sort();
    warnings.dedup();
    for warning in warnings {
        println!("Lighthouse warned: {warning}");
    }
    anyhow::ensure!(below.is_empty(), "below their Lighthouse target: {}", below.join(", "));
    println!("every page meets its target");
    Ok(())
}

/// Starts the server and runs Lighthouse `RUNS` times on each page, each in a fresh Chromium
/// profile (so nothing is cached and no service worker is installed).
fn measure(binary: &Path, server: &Path, dist: &Path, work: &Path) -> anyhow::Result<Vec<(&'static str, f64, Vec<Run>)>> {
    let server = crate::server::Server::start(server, dist, &work.join("wallet.db"), None)?;
    let mut pages = Vec::new();
    for (page, target) in PAGES {
        let mut runs = Vec::new();
        for number in 1..=RUNS {
            eprintln!("xtask: lighthouse {page} ({number}/{RUNS})");
            let report = work.join(format!("run-{}.json", pages.len() * RUNS + number));
            // Lighthouse now and then fails to record a trace (NO_NAVSTART): try again twice.
            let mut attempt = 1;
            let run = loop {
                match run_once(binary, &format!("{}{page}", server.url), &report) {
                    Ok(run) => break run,
                    Err(error) if attempt < 3 => eprintln!("xtask: lighthouse {page}: {error:#}; once more"),
                    Err(error) => return Err(error.context(format!("lighthouse on {page}, run {number}"))),
                }
                attempt += 1;
            };
            runs.push(run);
        }
        pages.push((page, target, runs));
    }
    Ok(pages)
}

/// One Lighthouse run of `url`, its JSON report written to `report_path`.
fn run_once(binary: &Path, url: &str, report_path: &Path) -> anyhow::Result<Run> {
    let mut child = Command::new(binary)
        .arg(url)
        .args(["--output=json", "--quiet", "--only-categories=performance"])
        .arg(format!("--output-path={}", report_path.display()))
        .arg(CHROME_FLAGS)
        .env("CHROME_PATH", crate::tools::CHROMIUM)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .context("starting lighthouse")?;
    // Read stderr on a thread so a chatty failure never blocks on a full pipe.
    let stderr = child.stderr.take().context("lighthouse stderr")?;
    let errors = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if started.elapsed() > RUN_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            anyhow::bail!("no report after {} s", RUN_TIMEOUT.as_secs());
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let errors = errors.join().unwrap_or_default();
    anyhow::ensure!(status.success(), "lighthouse failed ({status}): {errors}");
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(report_path).context("reading Lighthouse's report")?).context("Lighthouse's JSON report")?;
    if let Some(error) = report.get("runtimeError") {
        anyhow::bail!("Lighthouse could not measure the page: {error}");
    }
    let audit = |id: &str| report["audits"][id]["numericValue"].as_f64().with_context(|| format!("the report has no {id}"));
    Ok(Run {
        score: report["categories"]["performance"]["score"].as_f64().context("the report has no performance score")?,
        fcp_ms: audit("first-contentful-paint")?,
        lcp_ms: audit("largest-contentful-paint")?,
        bytes: audit("total-byte-weight")?,
        benchmark_index: report["environment"]["benchmarkIndex"].as_f64().unwrap_or(f64::NAN),
        warnings: report["runWarnings"]
            .as_array()
            .map(|w| w.iter().filter_map(|w| w.as_str().map(str::to_string)).collect())
            .unwrap_or_default(),
    })
}

/// The median of an odd number of values (the lower middle one of an even number).
fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut values: Vec<f64> = values.collect();
    values.sort_by(f64::total_cmp);
    values.get((values.len().saturating_sub(1)) / 2).copied().unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn median_of_three_is_the_middle_one() {
        assert_eq!(median([0.91, 0.88, 0.97].into_iter()), 0.91);
        assert_eq!(median([1200.0, 900.0, 1000.0].into_iter()), 1000.0);
    }
}
