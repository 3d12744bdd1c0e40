use tracing_subscriber::EnvFilter;

/// Logs to stderr, filtered by `RUST_LOG` (default: info for the server, warn for the rest).
pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("warn,wallet_server=info,tower_http=info"));
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();
}
