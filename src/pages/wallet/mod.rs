//! The wallet's money pages: dashboard, top-up, pay, transactions and the restriction page.

pub mod dashboard;
pub mod pay;
pub mod restrictions;
pub mod top_up;
pub mod transaction;
pub mod transactions;
