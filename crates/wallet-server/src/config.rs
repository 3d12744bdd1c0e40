use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Server configuration, from flags or the environment (`WALLET_*`).
#[derive(Debug, Clone, Parser)]
#[command(name = "wallet-server", version, about = "The wallet REST API and web app server")]
pub struct Config {
    /// Address to listen on; port 0 picks a free port (tests do this).
    #[arg(long, env = "WALLET_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// SQLite database file; created, with its folder, when missing.
    #[arg(long, env = "WALLET_DATABASE", default_value = "data/wallet.db")]
    pub database: PathBuf,

    /// Folder of the built app (Trunk's `dist/`).
    #[arg(long, env = "WALLET_DIST", default_value = "dist")]
    pub dist: PathBuf,

    /// The brand file served as `/brand.json`; by default the one in `dist/`. Operators point
    /// this at their own file to rebrand without rebuilding the app.
    #[arg(long, env = "WALLET_BRAND")]
    pub brand: Option<PathBuf>,

    /// Demo mode: seeds demo data and exposes demo-only helpers. Never in production.
    #[arg(long, env = "WALLET_DEMO")]
    pub demo: bool,
}

impl Config {
    /// A configuration for tests: port 0 on loopback, the given database and dist folder.
    pub fn for_tests(database: PathBuf, dist: PathBuf) -> Config {
        Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            database,
            dist,
            brand: None,
            demo: false,
        }
    }
}
