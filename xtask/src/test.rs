//! `cargo xtask test`: every test, in the order that fails fastest.

use anyhow::{bail, Context};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::build;
use crate::process::{cargo, root, run, tool_path};
use crate::tools::{self, CHROMEDRIVER, CHROMIUM};

pub fn run_all() -> anyhow::Result<()> {
    tools::ensure_test_tools()?;

    // 1. Native: the contract, the server's unit and black-box tests, the app's pure logic.
    run(cargo().args(["test", "--workspace"]))?;

    // 2. Components mounted in headless Chromium (wasm-bindgen-test).
    run(cargo()
        .args(["test", "--package", "wallet-web", "--target", "wasm32-unknown-unknown"])
        .env("CHROMEDRIVER", CHROMEDRIVER)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120"))?;

    journeys()
}

/// The Playwright journeys alone: the release app served by the real server on a fresh
/// database.
pub fn journeys() -> anyhow::Result<()> {
    tools::ensure_test_tools()?;
    let dist = build::app_release()?;
    run(cargo().args(["build", "--quiet", "--package", "wallet-server"]))?;
    let work = scratch_folder()?;
    let brand = work.join("brand.json");
    std::fs::copy(root().join("public/brand.json"), &brand).context("copying brand.json")?;
    let mut server = Server::start(&dist, &work, &brand)?;
    let journeys = Command::new("npx")
        .args(["playwright", "test"])
        .current_dir(root().join("tests/e2e"))
        .env("PATH", tool_path())
        .env("BASE_URL", &server.url)
        .env("BRAND_FILE", &brand)
        .env("CHROMIUM", CHROMIUM)
        .status()
        .context("starting Playwright");
    server.stop();
    let journeys = journeys?;
    if !journeys.success() {
        bail!("Playwright journeys failed ({journeys}); the report is in tests/e2e/playwright-report");
    }
    let _ = std::fs::remove_dir_all(&work);
    Ok(())
}


fn scratch_folder() -> anyhow::Result<PathBuf> {
    let folder = std::env::temp_dir().join(format!("wallet-web-e2e-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder)?;
    Ok(folder)
}

/// The debug server on a free port with a fresh database, in demo mode.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(dist: &Path, work: &Path, brand: &Path) -> anyhow::Result<Server> {
        let mut child = Command::new(root().join("target/debug/wallet-server"))
            .args(["--bind", "127.0.0.1:0", "--demo"])
            .arg("--database")
            .arg(work.join("wallet.db"))
            .arg("--dist")
            .arg(dist)
            .arg("--brand")
            .arg(brand)
            .stdout(Stdio::piped())
            .spawn()
            .context("starting wallet-server")?;
        let stdout = child.stdout.take().context("server stdout")?;
        let mut lines = BufReader::new(stdout).lines();
        let url = loop {
            match lines.next() {
                Some(Ok(line)) => {
                    if let Some(url) = line.strip_prefix("wallet-server listening on ") {
                        break url.trim().to_string();
                    }
                }
                _ => {
                    let _ = child.kill();
                    bail!("wallet-server exited before listening");
                }
            }
        };
        // Keep draining its output so the server never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        eprintln!("xtask: server for the journeys at {url}");
        Ok(Server { child, url })
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}
