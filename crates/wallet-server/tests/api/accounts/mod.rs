//! Accounts and security, one rule per test. Time moves with the server's manual clock.

pub mod browser;
mod mail;
mod lock;
mod sessions;
mod sign_up;
mod two_factor;
mod unlock;
