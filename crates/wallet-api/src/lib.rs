//! The wallet REST API contract.
//!
//! Serde-only types that both the browser app and the server compile, so the two can never
//! disagree on a field name, an amount's encoding or an error code. The server imports it as
//! `use wallet_api as json;`.

mod account;
mod error;
mod health;
mod lang;
mod money;
mod redact;
mod wallet;
mod withdrawal;

pub use account::*;
pub use error::{ApiError, ErrorCode};
pub use health::{Health, ServiceStatus};
pub use lang::{prerendered_folder, Lang, HOME_FOLDER};
pub use money::{Currency, Money, MoneyError};
pub use wallet::*;
pub use withdrawal::*;

/// The path prefix every endpoint of this version lives under.
pub const API_PREFIX: &str = "/api/v1";

/// The header every state-changing request must carry (CSRF defence on top of
/// `SameSite=Strict`): a cross-site form cannot set it, and a cross-site script cannot send it
/// without a CORS preflight that the server never grants.
pub const CSRF_HEADER: &str = "x-wallet-csrf";
