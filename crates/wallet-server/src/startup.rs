use axum::Router;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

use crate::clock::{Clock, SystemClock};
pub use crate::state::AppState;
use crate::{accounts, db, mail, routes, wallet, web, Config};

/// In demo mode, the bearer token of `POST /support/call-code/check` unless one is configured.
pub const DEMO_SUPPORT_TOKEN: &str = "demo-support-token";


/// The whole HTTP surface: the API under `/api/v1`, the app and its files everywhere else,
/// security headers and compression on every response.
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(routes::router(state.clone()))
        .fallback_service(web::service(&state.config))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::map_response(web::add_security_headers))
        .layer(TraceLayer::new_for_http())
}

pub struct Application {
    listener: TcpListener,
    router: Router,
    address: SocketAddr,
    demo_notes: Vec<String>,
}

impl Application {
    /// Opens the database (running migrations), builds the router and binds the listener.
    /// With port 0 the system picks a free port: `port()` tells which.
    pub async fn build(config: Config) -> anyhow::Result<Application> {
        Application::build_with_clock(config, Arc::new(SystemClock)).await
    }

    /// As `build`, reading the time from `clock` (tests move a manual clock).
    pub async fn build_with_clock(mut config: Config, clock: Arc<dyn Clock>) -> anyhow::Result<Application> {
        refuse_unsafe_demo(&config)?;
        if config.security.secrets_key.is_none() {
            config.security.secrets_key = Some(crate::keys::load_or_create(&config.database)?);
        }
        let pool = db::connect(&config.database).await?;
        let mut demo_notes = Vec::new();
        if config.demo {
            tracing::warn!("demo mode: never use it with real users");
            demo_notes = accounts::demo::seed(&pool, config.security.key(), clock.now()).await?;
            if config.wallet.support_token.is_none() {
                config.wallet.support_token = Some(DEMO_SUPPORT_TOKEN.to_string());
            }
            demo_notes.push(format!("demo support token (checks call codes): {DEMO_SUPPORT_TOKEN}"));
        }
        mail::start_sender(pool.clone(), &config.mail, clock.clone())?;
        wallet::start_background(pool.clone(), clock.clone());
        let processor = wallet::withdrawals::stages::Processor { config: config.withdrawals.clone(), demo: config.demo };
        wallet::withdrawals::stages::start(pool.clone(), processor, clock.clone());
        let listener = TcpListener::bind(config.bind).await?;
        let address = listener.local_addr()?;
        let state = AppState { db: pool, config: Arc::new(config), clock };
        Ok(Application { listener, router: app(state), address, demo_notes })
    }

    /// What to tell a person trying the demo (accounts, the outbox); empty outside demo mode.
    pub fn demo_notes(&self) -> &[String] {
        &self.demo_notes
    }

    pub fn port(&self) -> u16 {
        self.address.port()
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let service = self.router.into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(self.listener, service).with_graceful_shutdown(shutdown_signal()).await
    }
}

/// Ctrl-C or SIGTERM (what service managers send) ends the server after in-flight requests.
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

/// Demo mode publishes its accounts' passwords and exposes the outbox: it stays on this
/// machine, with no real mail, unless `--demo-public` says otherwise on purpose.
fn refuse_unsafe_demo(config: &Config) -> anyhow::Result<()> {
    if !config.demo || config.demo_public {
        return Ok(());
    }
    if !config.bind.ip().is_loopback() {
        anyhow::bail!("--demo serves accounts whose passwords are public: bind it to a loopback address, or add --demo-public on purpose");
    }
    if config.mail.smtp_url.is_some() {
        anyhow::bail!("--demo with SMTP would mail codes from demo accounts to real addresses: drop --smtp-url, or add --demo-public on purpose");
    }
    Ok(())
}
