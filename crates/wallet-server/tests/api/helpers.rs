use std::path::{Path, PathBuf};
use std::sync::Arc;
use tempfile::TempDir;
use wallet_server::clock::ManualClock;
use wallet_server::{Application, Config};

/// A running server with its own database and a small stand-in for Trunk's `dist/`.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub database: PathBuf,
    /// The server's clock: tests move it instead of sleeping.
    pub clock: ManualClock,
    _dir: TempDir,
}

/// 2026-11-26 02:30 UTC, in the middle of a 30-second TOTP step.
pub const START: i64 = 1_795_660_215;

pub const WASM_FILE: &str = "wallet-web-00a1b2c3d4e5f607_bg.wasm";
pub const JS_FILE: &str = "wallet-web-00a1b2c3d4e5f607.js";
pub const INDEX_MARKER: &str = "<!-- the app shell -->";

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Starts a server after `adjust` has changed its configuration (which lives in the temporary
/// folder, so files written there by `adjust` exist for the server).
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    let dir = tempfile::tempdir().expect("temporary folder");
    let dist = dir.path().join("dist");
    write_dist(&dist);
    let database = dir.path().join("data").join("wallet.db");
    let mut config = Config::for_tests(database.clone(), dist);
    // Demo mode exposes the e-mail outbox, where tests read the codes the server sends.
    config.demo = true;
    adjust(&mut config);

    let clock = ManualClock::starting_at(START);
    let app = Application::build_with_clock(config, Arc::new(clock.clone())).await.expect("the server starts");
    let address = app.url();
    tokio::spawn(app.run_until_stopped());
    TestApp { address, client: reqwest::Client::new(), database, clock, _dir: dir }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("request sent")
    }

    pub fn clock_now(&self) -> i64 {
        use wallet_server::clock::Clock;
        self.clock.now()
    }

    pub fn folder(&self) -> &Path {
        self._dir.path()
    }
}

fn write_dist(dist: &Path) {
    std::fs::create_dir_all(dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        format!("<!doctype html><html><head></head><body>{INDEX_MARKER}</body></html>"),
    )
    .unwrap();
    // The wasm magic number and version: enough for a content-type check.
    std::fs::write(dist.join(WASM_FILE), [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]).unwrap();
    std::fs::write(dist.join(JS_FILE), "export default function init() {}\n".repeat(20)).unwrap();
    std::fs::write(dist.join("brand.json"), r#"{"product_name":{"en":"Built-in"}}"#).unwrap();
}
