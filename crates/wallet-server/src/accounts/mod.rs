//! Accounts and their security: users, passwords, sessions, 2FA, locks, e-mailed codes and
//! the message centre. The HTTP handlers in `routes/` are thin over these.

pub mod codes;
pub mod demo;
pub mod guard;
pub mod history;
pub mod messages;
pub mod password;
pub mod secrets;
pub mod sessions;
pub mod sign_ups;
pub mod throttle;
pub mod totp;
pub mod two_factor;
pub mod users;
