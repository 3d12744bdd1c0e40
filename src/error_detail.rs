//! Reads an error body's `detail` (`wallet_api::ErrorDetail`, tagged by `kind`) through one
//! flat record of optional fields instead of serde's tagged-enum support, which buffers the
//! whole value and made the parser several times bigger than the data it reads. The test
//! below writes every kind with the contract's own serializer and reads it back.

use serde::Deserialize;
use serde_json::value::RawValue;
use wallet_api::{
    BankNumberProblem, ErrorDetail, LockReason, MerchantInfo, Money, PasswordProblem, Restriction,
    Timestamp,
};

#[derive(Deserialize)]
struct Fields {
    kind: String,
    reason: Option<LockReason>,
    until: Option<Timestamp>,
    seconds: Option<i64>,
    problems: Option<Vec<PasswordProblem>>,
    tries: Option<u32>,
    attempts_left: Option<u32>,
    lock_minutes: Option<u32>,
    available: Option<Money>,
    needed: Option<Money>,
    missing: Option<Money>,
    size: Option<Money>,
    remaining: Option<Money>,
    minimum: Option<Money>,
    transaction_id: Option<String>,
    /// A payment limit or a withdrawal limit, by `kind`.
    limit: Option<Box<RawValue>>,
    merchant: Option<MerchantInfo>,
    restriction: Option<Restriction>,
    problem: Option<BankNumberProblem>,
}

/// The detail in `json`, or `None` when it is malformed or of a kind this app does not know.
pub fn parse(json: &str) -> Option<ErrorDetail> {
    let f: Fields = serde_json::from_str(json).ok()?;
    let transaction_id = f.transaction_id;
    Some(match f.kind.as_str() {
        "locked" => ErrorDetail::Locked {
            reason: f.reason?,
            until: f.until?,
        },
        "retry_after" => ErrorDetail::RetryAfter {
            seconds: f.seconds?,
        },
        "weak_password" => ErrorDetail::WeakPassword {
            problems: f.problems?,
        },
        "tries_left" => ErrorDetail::TriesLeft { tries: f.tries? },
        "attempts_left" => ErrorDetail::AttemptsLeft {
            attempts_left: f.attempts_left?,
            lock_minutes: f.lock_minutes?,
        },
        "shortfall" => ErrorDetail::Shortfall {
            available: f.available?,
            needed: f.needed?,
            missing: f.missing?,
            transaction_id,
        },
        "limit" => ErrorDetail::Limit {
            limit: read(f.limit)?,
            size: f.size?,
            remaining: f.remaining?,
            transaction_id,
        },
        "merchant" => ErrorDetail::Merchant {
            merchant: f.merchant?,
            transaction_id,
        },
        "restricted" => ErrorDetail::Restricted {
            restriction: f.restriction?,
            transaction_id,
        },
        "declined" => ErrorDetail::Declined {
            transaction_id: transaction_id?,
        },
        "minimum" => ErrorDetail::Minimum {
            minimum: f.minimum?,
        },
        "withdrawal_limit" => ErrorDetail::WithdrawalLimit {
            limit: read(f.limit)?,
            size: f.size?,
            remaining: f.remaining?,
        },
        "cooling_off" => ErrorDetail::CoolingOff { until: f.until? },
        "bank_number" => ErrorDetail::BankNumber {
            problem: f.problem?,
        },
        _ => return None,
    })
}

fn read<T: serde::de::DeserializeOwned>(raw: Option<Box<RawValue>>) -> Option<T> {
    serde_json::from_str(raw?.get()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wallet_api::{Currency, LimitKind, MerchantStatus, RestrictionScope, WithdrawalLimitKind};

    fn every_kind() -> Vec<ErrorDetail> {
        let money = |minor| Money::new(minor, Currency::CNY);
        let restriction = Restriction {
            scope: RestrictionScope::Payments,
            reason_code: "unusual_activity".into(),
            reason: "Unusual activity".into(),
            since: 1_700_000_000,
        };
        let merchant = MerchantInfo {
            id: "M00001".into(),
            name: "Tea House".into(),
            status: MerchantStatus::Unavailable,
            contact_phone: "400-000-0000".into(),
            contact_email: "help@tea.example".into(),
        };
        vec![
            ErrorDetail::Locked {
                reason: LockReason::FailedAttempts,
                until: 1_900_000_000,
            },
            ErrorDetail::RetryAfter { seconds: 30 },
            ErrorDetail::WeakPassword {
                problems: vec![PasswordProblem::Common, PasswordProblem::TooShort],
            },
            ErrorDetail::TriesLeft { tries: 2 },
            ErrorDetail::Shortfall {
                available: money(1),
                needed: money(3),
                missing: money(2),
                transaction_id: None,
            },
            ErrorDetail::Limit {
                limit: LimitKind::Daily,
                size: money(5),
                remaining: money(1),
                transaction_id: Some("TABC".into()),
            },
            ErrorDetail::Merchant {
                merchant,
                transaction_id: Some("TDEF".into()),
            },
            ErrorDetail::Restricted {
                restriction,
                transaction_id: None,
            },
            ErrorDetail::Declined {
                transaction_id: "TGHI".into(),
            },
            ErrorDetail::Minimum {
                minimum: money(1_000),
            },
            ErrorDetail::WithdrawalLimit {
                limit: WithdrawalLimitKind::Monthly,
                size: money(9),
                remaining: money(0),
            },
            ErrorDetail::CoolingOff {
                until: 1_800_000_000,
            },
            ErrorDetail::BankNumber {
                problem: BankNumberProblem::Iban,
            },
            ErrorDetail::AttemptsLeft {
                attempts_left: 2,
                lock_minutes: 30,
            },
        ]
    }

    /// Fails to compile when the contract gains a kind: add it to `every_kind` and to `parse`.
    fn listed(detail: &ErrorDetail) -> usize {
        match detail {
            ErrorDetail::Locked { .. } => 0,
            ErrorDetail::RetryAfter { .. } => 1,
            ErrorDetail::WeakPassword { .. } => 2,
            ErrorDetail::TriesLeft { .. } => 3,
            ErrorDetail::Shortfall { .. } => 4,
            ErrorDetail::Limit { .. } => 5,
            ErrorDetail::Merchant { .. } => 6,
            ErrorDetail::Restricted { .. } => 7,
            ErrorDetail::Declined { .. } => 8,
            ErrorDetail::Minimum { .. } => 9,
            ErrorDetail::WithdrawalLimit { .. } => 10,
            ErrorDetail::CoolingOff { .. } => 11,
            ErrorDetail::BankNumber { .. } => 12,
            ErrorDetail::AttemptsLeft { .. } => 13,
        }
    }

    #[test]
    fn every_detail_kind_the_server_writes_is_read_back_unchanged() {
        let kinds: Vec<usize> = every_kind().iter().map(listed).collect();
        assert_eq!(kinds, (0..14).collect::<Vec<_>>());
        for detail in every_kind() {
            let json = serde_json::to_string(&detail).unwrap();
            assert_eq!(parse(&json).as_ref(), Some(&detail), "{json}");
        }
    }

    #[test]
    fn a_detail_of_an_unknown_kind_or_missing_its_facts_is_none() {
        assert_eq!(parse(r#"{"kind":"from_the_future","seconds":3}"#), None);
        assert_eq!(parse(r#"{"kind":"retry_after"}"#), None);
        assert_eq!(parse("not json"), None);
    }
}
