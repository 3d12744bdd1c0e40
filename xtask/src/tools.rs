//! Installs what a fresh machine lacks: the wasm target, the wasm-bindgen CLI matching
//! Cargo.lock, wasm-opt from npm, (for tests) Chromium, chromedriver and Playwright, and (for
//! `bench api`) oha.
//! Each step checks first, so a second run costs a few version queries.

use anyhow::{bail, Context};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::process::{cargo, output, root, run, tool_path};

pub fn ensure_build_tools() -> anyhow::Result<()> {
    ensure_wasm_target()?;
    ensure_wasm_bindgen()?;
    ensure_npm_packages(&root().join("tools"), "node_modules/.bin/wasm-opt")?;
    Ok(())
}

pub fn ensure_test_tools() -> anyhow::Result<()> {
    ensure_build_tools()?;
    ensure_chromium()?;
    ensure_npm_packages(&root().join("tests/e2e"), "node_modules/@playwright/test/package.json")?;
    Ok(())
}

fn ensure_wasm_target() -> anyhow::Result<()> {
    let installed = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed.lines().any(|t| t.trim() == "wasm32-unknown-unknown") {
        return Ok(());
    }
    run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

/// The `wasm-bindgen` version Cargo.lock resolved: the CLI must be exactly this one.
pub fn locked_wasm_bindgen_version() -> anyhow::Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).context("reading Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == r#"name = "wasm-bindgen""# {
            if let Some(version) = lines.next().and_then(|l| l.trim().strip_prefix("version = ")) {
                return Ok(version.trim_matches('"').to_string());
            }
        }
    }
    bail!("Cargo.lock has no wasm-bindgen package")
}

fn installed_version(program: &str) -> Option<String> {
    let found = Command::new(program).arg("--version").env("PATH", tool_path()).output().ok()?;
    let text = String::from_utf8_lossy(&found.stdout);
    text.split_whitespace().nth(1).map(str::to_string)
}

fn ensure_wasm_bindgen() -> anyhow::Result<()> {
    let wanted = locked_wasm_bindgen_version()?;
    let runner_matches = installed_version("wasm-bindgen-test-runner").as_deref() == Some(wanted.as_str());
    if installed_version("wasm-bindgen").as_deref() == Some(wanted.as_str()) && runner_matches {
        return Ok(());
    }
    // Not --locked: the CLI's own lock file pins a crate version the registry no longer has.
    run(cargo().args(["install", "wasm-bindgen-cli", "--version", &wanted, "--force"]))
}

pub fn ensure_lighthouse() -> anyhow::Result<()> {
    ensure_chromium()?;
    ensure_npm_packages(&root().join("tools/lighthouse"), "node_modules/.bin/lighthouse")
}

/// oha, the HTTP load generator of `bench api`, from crates.io.
pub const OHA_VERSION: &str = "1.16.0";

/// Installs oha into `tools/oha` (gitignored) unless that version is there; answers its path.
pub fn ensure_oha() -> anyhow::Result<PathBuf> {
    let folder = root().join("tools/oha");
    let binary = folder.join("bin/oha");
    if installed_version(&binary.to_string_lossy()).as_deref() == Some(OHA_VERSION) {
        return Ok(binary);
    }
    run(cargo().args(["install", "oha", "--version", OHA_VERSION, "--locked", "--root"]).arg(&folder))?;
    Ok(binary)
}

fn ensure_npm_packages(folder: &Path, marker: &str) -> anyhow::Result<()> {
    if folder.join(marker).exists() {
        return Ok(());
    }
    if output("npm", &["--version"]).is_none() {
        bail!("npm is needed to install {}: install Node.js 20 or newer (Debian: apt-get install nodejs npm)", folder.display());
    }
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(folder)
        // Playwright drives Debian's Chromium; it must never download a browser of its own.
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"))
}

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Chinese text renders in headless Chromium only with a CJK font (journeys measure its
/// layout; screenshots show it).
const CJK_FONT: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

fn ensure_chromium() -> anyhow::Result<()> {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() && Path::new(CJK_FONT).exists() {
        return Ok(());
    }
    let is_root = output("id", &["-u"]).as_deref() == Some("0");
    if !is_root || output("apt-get", &["--version"]).is_none() {
        bail!(
            "the browser tests need Debian's Chromium and chromedriver at {CHROMIUM} and {CHROMEDRIVER}: \
             and a CJK font: run `sudo apt-get install chromium chromium-driver fonts-noto-cjk` and try again"
        );
    }
    run(Command::new("apt-get").arg("update").arg("-qq"))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "-qq", "chromium", "chromium-driver", "fonts-noto-cjk"])
        .env("DEBIAN_FRONTEND", "noninteractive"))
}
