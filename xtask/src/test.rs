//! `cargo xtask test`: every test, in the order that fails fastest.

use anyhow::{bail, Context};
use std::path::PathBuf;
use std::process::Command;

use crate::build;
use crate::server::Server;
use crate::process::{cargo, root, run, tool_path};
use crate::tools::{self, CHROMEDRIVER, CHROMIUM};

pub fn run_all() -> anyhow::Result<()> {
    let mut clock = StageClock::default();
    clock.stage("tools", tools::ensure_test_tools)?;

    // 1. Native: the contract, the server's unit and black-box tests, the app's pure logic.
    clock.stage("native tests", native_tests)?;

    // The API against its own OpenAPI document (schemathesis): only documented answers.
    clock.stage("fuzz", || crate::fuzz::run_fuzz(&[]))?;

    // Acknowledged payments survive kill -9 of the server.
    clock.stage("crash", crate::crash::run_test)?;

    // 2. Components mounted in headless Chromium (wasm-bindgen-test).
    clock.stage("components", || {
        run(cargo()
            .args(["test", "--package", "wallet-web", "--target", "wasm32-unknown-unknown"])
            .env("CHROMEDRIVER", CHROMEDRIVER)
            .env("WASM_BINDGEN_TEST_TIMEOUT", "120"))
    })?;

    // 3. The release app: every page within its first-load budget, then the journeys on it.
    clock.stage("release app", || build::app_release().map(drop))?;
    clock.stage("size budgets", crate::bench::size)?;
    clock.stage("journeys", || journeys(&[]))?;

    // Last: 300 concurrent sign-ins against the server, memory bounded.
    clock.stage("load", crate::load::run_test)?;
    clock.report();
    Ok(())
}

/// Every crate's own tests. The app's run natively with `ssr`, the features the pre-renderer
/// is built with: the build that tests them is the one `cargo xtask build` then runs, instead
/// of a second native build of the framework (`csr` natively adds nothing the wasm tests and
/// the journeys do not cover).
pub fn native_tests() -> anyhow::Result<()> {
    run(cargo().args(["test", "--workspace", "--exclude", "wallet-web"]))?;
    run(cargo().args(["test", "--package", "wallet-web", "--no-default-features", "--features", "ssr"]))
}

/// How long each stage took, printed at the end so a slow CI run says where its time went.
#[derive(Default)]
struct StageClock {
    stages: Vec<(&'static str, std::time::Duration)>,
}

impl StageClock {
    fn stage(&mut self, name: &'static str, work: impl FnOnce() -> anyhow::Result<()>) -> anyhow::Result<()> {
        let started = std::time::Instant::now();
        let outcome = work();
        self.stages.push((name, started.elapsed()));
        if outcome.is_err() {
            self.report();
        }
        outcome
    }

    fn report(&self) {
        eprintln!("[xtask] time per stage:");
        for (name, took) in &self.stages {
            eprintln!("[xtask]   {name:<14} {:>6.0} s", took.as_secs_f64());
        }
        let total: std::time::Duration = self.stages.iter().map(|(_, took)| *took).sum();
        eprintln!("[xtask]   {:<14} {:>6.0} s", "total", total.as_secs_f64());
    }
}

/// The Playwright journeys alone: the release app served by the real server on a fresh
/// database.
pub fn journeys(filters: &[&str]) -> anyhow::Result<()> {
    playwright(filters, &[])
}

/// A PNG of every page at 390 and 1280 px wide, in both languages, signed out and in, into
/// `target/screenshots/` (the phone-layout journey, asked to keep its pictures).
pub fn screenshots() -> anyhow::Result<()> {
    let folder = root().join("target/screenshots");
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder)?;
    playwright(&["specs/phone-layout.spec.ts"], &[("SCREENSHOTS_DIR", folder.to_str().context("folder name")?)])?;
    let count = std::fs::read_dir(&folder)?.count();
    println!("screenshots: {count} pictures in {}", folder.display());
    Ok(())
}

fn playwright(filters: &[&str], extra_env: &[(&str, &str)]) -> anyhow::Result<()> {
    tools::ensure_test_tools()?;
    let dist = build::app_release()?;
    let binary = crate::server::test_binary()?;
    let work = scratch_folder()?;
    let brand = work.join("brand.json");
    std::fs::copy(root().join("public/brand.json"), &brand).context("copying brand.json")?;
    let mut server = Server::start(&binary, &dist, &work.join("wallet.db"), Some(&brand))?;
    let journeys = Command::new("npx")
        .args(["playwright", "test"])
        .args(filters)
        .current_dir(root().join("tests/e2e"))
        .env("PATH", tool_path())
        .env("BASE_URL", &server.url)
        .env("BRAND_FILE", &brand)
        .env("CHROMIUM", CHROMIUM)
        // For journeys that start (and stop) a server of their own.
        .env("WALLET_SERVER", &binary)
        .env("WALLET_DIST", &dist)
        .envs(extra_env.iter().copied())
        .status()
        .context("starting Playwright");
    server.stop();
    let journeys = journeys?;
    if !journeys.success() {
        bail!("Playwright journeys failed ({journeys}); the report is in tests/e2e/playwright-report");
    }
    // Everything the journeys did with money must still balance.
    run(Command::new(&binary).args(["admin", "check-ledger", "--database"]).arg(work.join("wallet.db")))
        .context("admin check-ledger after the journeys")?;
    let _ = std::fs::remove_dir_all(&work);
    Ok(())
}


fn scratch_folder() -> anyhow::Result<PathBuf> {
    let folder = std::env::temp_dir().join(format!("wallet-web-e2e-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder)?;
    Ok(folder)
}

