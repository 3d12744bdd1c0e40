//! What every handler can reach. Its own module so that the domain (`accounts`, `wallet`),
//! the handlers (`routes`) and the wiring (`startup`) all depend on it and not on each other.

use sqlx::SqlitePool;
use std::sync::Arc;

use crate::clock::Clock;
use crate::Config;

#[derive(Clone)]
pub struct AppState {
    pub db: SqlitePool,
    pub config: Arc<Config>,
    pub clock: Arc<dyn Clock>,
}
