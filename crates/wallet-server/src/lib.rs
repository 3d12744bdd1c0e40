//! The reference wallet REST API server.
//!
//! `Application::build` wires configuration, the SQLite database and the router; `app` builds
//! the router alone so tests can drive it. API resources live in `routes/`, one module each;
//! `web` serves the built single-page app.

mod accounts;
pub mod admin;
pub mod clock;
mod config;
mod cookies;
mod mail;
mod db;
mod error;
mod keys;
mod routes;
mod startup;
mod state;
pub mod telemetry;
mod wallet;
mod web;
mod zone;

pub use config::{AdminCommand, Command, Config, MailConfig, SecurityConfig, WalletConfig, WithdrawalConfig, WithdrawalsCommand};
pub use accounts::secrets::SecretKey;
pub use error::AppError;
pub use startup::{app, AppState, Application};
