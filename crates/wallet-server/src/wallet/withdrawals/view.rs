//! A withdrawal as stored, and as the user sees it: its state, and the timeline of its stages
//! with the expected time of those still ahead.

use wallet_api as json;
use wallet_api::{Currency, Money, RejectionReason, StageStatus, WithdrawalStage, WithdrawalState};

use super::super::bank_accounts::BankAccountRow;
use crate::config::WithdrawalConfig;

pub const SELECT: &str = "SELECT w.id, w.user_id, w.bank_account_id, w.state, w.reason, w.needs_review, w.due_at,
        w.stage_secs, w.submitted_at, w.under_review_at, w.processing_at, w.completed_at, w.rejected_at,
        w.cancelled_at, w.updated_at, t.currency, t.amount, t.fee
    FROM withdrawals w JOIN transfers t ON t.id = w.id";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WithdrawalRow {
    pub id: String,
    pub user_id: String,
    pub bank_account_id: String,
    pub state: String,
    pub reason: Option<String>,
    pub needs_review: bool,
    pub due_at: Option<i64>,
    pub stage_secs: i64,
    pub submitted_at: i64,
    pub under_review_at: Option<i64>,
    pub processing_at: Option<i64>,
    pub completed_at: Option<i64>,
    pub rejected_at: Option<i64>,
    pub cancelled_at: Option<i64>,
    pub updated_at: i64,
    pub currency: String,
    pub amount: i64,
    pub fee: i64,
}

impl WithdrawalRow {
    pub fn state(&self) -> WithdrawalState {
        WithdrawalState::parse(&self.state).unwrap_or(WithdrawalState::Submitted)
    }

    pub fn currency(&self) -> Currency {
        Currency::parse(&self.currency).unwrap_or(Currency::CNY)
    }

    pub fn amount(&self) -> Money {
        Money::new(self.amount, self.currency())
    }

    pub fn total(&self) -> Money {
        Money::new(self.amount + self.fee, self.currency())
    }

    pub fn reason(&self) -> Option<RejectionReason> {
        self.reason.as_deref().and_then(RejectionReason::parse)
    }

    /// When `state` began, if it did.
    pub fn at(&self, state: WithdrawalState) -> Option<i64> {
        match state {
            WithdrawalState::Submitted => Some(self.submitted_at),
            WithdrawalState::UnderReview => self.under_review_at,
            WithdrawalState::Processing => self.processing_at,
            WithdrawalState::Completed => self.completed_at,
            WithdrawalState::Rejected => self.rejected_at,
            WithdrawalState::Cancelled => self.cancelled_at,
        }
    }

    /// The current stage's expected end, while the withdrawal is on its way.
    fn expected_end(&self, config: &WithdrawalConfig) -> Option<i64> {
        let state = self.state();
        let start = self.at(state).unwrap_or(self.submitted_at);
        (!state.is_final()).then(|| stage_end(config, state, self.needs_review, start, self.stage_secs))
    }

    pub fn late(&self, config: &WithdrawalConfig, now: i64) -> bool {
        self.expected_end(config).is_some_and(|end| now > end)
    }

    pub fn to_json(&self, bank: &BankAccountRow, config: &WithdrawalConfig, now: i64) -> json::Withdrawal {
        let currency = self.currency();
        json::Withdrawal {
            id: self.id.clone(),
            state: self.state(),
            amount: self.amount(),
            fee: Money::new(self.fee, currency),
            total: self.total(),
            bank_account: bank.to_json(),
            reason: self.reason(),
            needs_review: self.needs_review,
            cancellable: self.state().is_cancellable(),
            late: self.late(config, now),
            created_at: self.submitted_at,
            updated_at: self.updated_at,
        }
    }

    /// Every stage: done ones with their time; the current one with its expected end; those
    /// ahead with the time they are expected to be reached (from the configured delays and,
    /// for an operator's review, the review desk's hours). A
    /// rejected or cancelled withdrawal ends with that stage.
    pub fn timeline(&self, config: &WithdrawalConfig, now: i64) -> Vec<WithdrawalStage> {
        let state = self.state();
        let mut stages = Vec::new();
        if state.is_final() {
            for stage in WithdrawalState::PATH {
                if let Some(at) = self.at(stage) {
                    stages.push(WithdrawalStage { state: stage, status: StageStatus::Done, at: Some(at), expected_at: None, late: false });
                }
            }
            if state != WithdrawalState::Completed {
                stages.push(WithdrawalStage { state, status: StageStatus::Done, at: self.at(state), expected_at: None, late: false });
            }
            return stages;
        }
        let mut cursor = 0;
        for stage in WithdrawalState::PATH {
            let position = |s: WithdrawalState| WithdrawalState::PATH.iter().position(|p| *p == s).unwrap_or(0);
            if position(stage) < position(state) {
                stages.push(WithdrawalStage { state: stage, status: StageStatus::Done, at: self.at(stage), expected_at: None, late: false });
            } else if stage == state {
                let end = self.expected_end(config).unwrap_or(now);
                stages.push(WithdrawalStage { state, status: StageStatus::Current, at: self.at(state), expected_at: Some(end), late: now > end });
                cursor = end.max(now);
            } else {
                stages.push(WithdrawalStage { state: stage, status: StageStatus::Ahead, at: None, expected_at: Some(cursor), late: false });
                cursor = stage_end(config, stage, self.needs_review, cursor, expected_secs(config, stage, self.needs_review));
            }
        }
        stages
    }
}

/// When a stage that began at `start` and takes `secs` is expected to end: an operator's
/// review counts the review desk's open hours only.
fn stage_end(config: &WithdrawalConfig, stage: WithdrawalState, needs_review: bool, start: i64, secs: i64) -> i64 {
    if stage == WithdrawalState::UnderReview && needs_review {
        super::hours::add_business_time(config, start, secs)
    } else {
        start + secs
    }
}

/// How long `stage` is expected to take.
pub fn expected_secs(config: &WithdrawalConfig, stage: WithdrawalState, needs_review: bool) -> i64 {
    match stage {
        WithdrawalState::Submitted => config.withdrawal_submitted_secs,
        WithdrawalState::UnderReview if needs_review => config.withdrawal_operator_review_secs,
        WithdrawalState::UnderReview => config.withdrawal_review_secs,
        WithdrawalState::Processing => config.withdrawal_processing_secs,
        _ => 0,
    }
}
