//! `cargo xtask bench size`: what the browser downloads.

use crate::build::{self, files, is_fingerprinted};
use crate::compress;

pub fn size() -> anyhow::Result<()> {
    let dist = build::app_release()?;
    println!("{:<52} {:>10} {:>10} {:>10}", "file", "raw", "gzip", "brotli");
    let mut first_load = (0, 0, 0);
    let mut article_readable = (0, 0, 0);
    for path in files(&dist)? {
        let name = path.strip_prefix(&dist)?.to_string_lossy().to_string();
        if name.ends_with(".br") || name.ends_with(".gz") || name.starts_with('.') {
            continue;
        }
        let bytes = std::fs::read(&path)?;
        let (raw, gz, br) = (bytes.len(), compress::gzip(&bytes).len(), compress::brotli(&bytes).len());
        println!("{name:<52} {raw:>10} {gz:>10} {br:>10}");
        if is_first_load(&name) && !name.contains('/') {
            first_load = (first_load.0 + raw, first_load.1 + gz, first_load.2 + br);
        }
        if name == ARTICLE || (name.ends_with(".css") && !name.contains('/')) {
            article_readable = (article_readable.0 + raw, article_readable.1 + gz, article_readable.2 + br);
        }
    }
    println!(
        "{:<52} {:>10} {:>10} {:>10}",
        "first load (html + js + wasm + css + brand)", first_load.0, first_load.1, first_load.2
    );
    println!(
        "{:<52} {:>10} {:>10} {:>10}",
        "article readable (pre-rendered html + css)", article_readable.0, article_readable.1, article_readable.2
    );
    Ok(())
}

/// A pre-rendered article: readable once its HTML and the (render-blocking) CSS have arrived;
/// the scripts are modules and preloads, which do not block it.
const ARTICLE: &str = "help/account-locked/index.html";

/// What the browser fetches before the first page shows: the shell, its scripts, the
/// fingerprinted JS, wasm and CSS, and the brand file the header reads.
fn is_first_load(name: &str) -> bool {
    matches!(name, "index.html" | "boot.js" | "prefs.js" | "brand.json") || is_fingerprinted(name)
}

/// Pages whose speed matters most: help must be readable fast, on a poor phone connection.
const LIGHTHOUSE_PAGES: [&str; 4] = ["/", "/contact", "/help", "/help/account-locked"];

/// Lighthouse's simulated mobile run (slow 4G, 4x CPU slowdown) against the release server.
pub fn lighthouse() -> anyhow::Result<()> {
    let dist = build::app_release()?;
    crate::tools::ensure_lighthouse()?;
    crate::process::run(crate::process::cargo().args(["build", "--release", "--quiet", "--package", "wallet-server"]))?;
    let root = crate::process::root();
    let work = std::env::temp_dir().join(format!("wallet-web-bench-{}", std::process::id()));
    std::fs::create_dir_all(&work)?;
    let server = crate::server::Server::start(
        &root.join("target/release/wallet-server"),
        &dist,
        &work.join("wallet.db"),
        None,
    )?;
    println!("{:<24} {:>6} {:>9} {:>9} {:>12}", "page", "score", "FCP ms", "LCP ms", "bytes");
    for page in LIGHTHOUSE_PAGES {
        let output = std::process::Command::new(root.join("tools/lighthouse/node_modules/.bin/lighthouse"))
            .arg(format!("{}{page}", server.url))
            .args(["--output=json", "--output-path=stdout", "--quiet", "--only-categories=performance"])
            .arg("--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking --disable-component-update --disable-sync --no-first-run")
            .env("CHROME_PATH", crate::tools::CHROMIUM)
            .output()?;
        anyhow::ensure!(output.status.success(), "lighthouse failed on {page}: {}", String::from_utf8_lossy(&output.stderr));
        let report: serde_json::Value = serde_json::from_slice(&output.stdout)?;
        let audit = |id: &str| report["audits"][id]["numericValue"].as_f64().unwrap_or(f64::NAN);
        println!(
            "{:<24} {:>6.2} {:>9.0} {:>9.0} {:>12.0}",
            page,
            report["categories"]["performance"]["score"].as_f64().unwrap_or(f64::NAN),
            audit("first-contentful-paint"),
            audit("largest-contentful-paint"),
            audit("total-byte-weight"),
        );
    }
    drop(server);
    let _ = std::fs::remove_dir_all(&work);
    Ok(())
}
