//! Withdrawals to a bank account: the withdrawal form, one withdrawal's timeline, and the
//! bank accounts. Their own lazily loaded area (`withdrawals_area` in `lazy_routes.rs`), so
//! the pages that do not use them do not grow.

pub mod bank_accounts;
pub mod detail;
pub mod withdraw;
