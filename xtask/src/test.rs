//! `cargo xtask test`: every test, in the order that fails fastest.

use anyhow::{bail, Context};
use std::path::PathBuf;
use std::process::Command;

use crate::build;
use crate::server::Server;
use crate::process::{cargo, root, run, tool_path};
use crate::tools::{self, CHROMEDRIVER, CHROMIUM};

pub fn run_all() -> anyhow::Result<()> {
    tools::ensure_test_tools()?;

    // 1. Native: the contract, the server's unit and black-box tests, the app's pure logic.
    run(cargo().args(["test", "--workspace"]))?;

    // The API against its own OpenAPI document (schemathesis): only documented answers.
    crate::fuzz::run_fuzz(&[])?;

    // Acknowledged payments survive kill -9 of the release server.
    crate::crash::run_test()?;

    // 2. Components mounted in headless Chromium (wasm-bindgen-test).
    run(cargo()
        .args(["test", "--package", "wallet-web", "--target", "wasm32-unknown-unknown"])
        .env("CHROMEDRIVER", CHROMEDRIVER)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120"))?;

    // 3. The release app: every page within its first-load budget, then the journeys on it.
    crate::bench::size()?;
    journeys(&[])?;

    // Last: 300 concurrent sign-ins against the release server, memory bounded.
    crate::load::run_test()
}

/// The Playwright journeys alone: the release app served by the real server on a fresh
/// database.
pub fn journeys(filters: &[&str]) -> anyhow::Result<()> {
    tools::ensure_test_tools()?;
    let dist = build::app_release()?;
    run(cargo().args(["build", "--quiet", "--package", "wallet-server"]))?;
    let work = scratch_folder()?;
    let brand = work.join("brand.json");
    std::fs::copy(root().join("public/brand.json"), &brand).context("copying brand.json")?;
    let binary = root().join("target/debug/wallet-server");
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

