//! Transfers as people see them: one row per top-up or payment, shown to each side as a
//! `Transaction` (the payer sees "payment sent", the payee "payment received").

use rand::Rng;
use sqlx::{QueryBuilder, Sqlite};
use wallet_api as json;
use wallet_api::{Counterparty, Currency, ErrorCode, Money, PartyKind, TransactionKind, TransactionStatus};

use super::{db_error, Conn};
use crate::AppError;

/// `T` and 12 characters from an alphabet without look-alikes: easy to read out on the phone.
pub fn new_transaction_id() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rngs::OsRng;
    let body: String = (0..12).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect();
    format!("T{body}")
}

/// A transfer joined with what its sides may show.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TransferRow {
    pub seq: i64,
    pub id: String,
    pub kind: String,
    pub status: String,
    pub payer_user_id: String,
    pub payee_user_id: Option<String>,
    pub payee_merchant_id: Option<String>,
    pub card_last4: Option<String>,
    pub currency: String,
    pub amount: i64,
    pub fee: i64,
    pub note: Option<String>,
    pub failure: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub payer_wallet_id: Option<String>,
    pub payer_name: Option<String>,
    pub payee_wallet_id: Option<String>,
    pub payee_name: Option<String>,
    pub merchant_name: Option<String>,
    pub bank_number: Option<String>,
    pub bank_holder: Option<String>,
}

pub const SELECT: &str = "SELECT t.seq, t.id, t.kind, t.status, t.payer_user_id, t.payee_user_id,
        t.payee_merchant_id, t.card_last4, t.currency, t.amount, t.fee, t.note, t.failure,
        t.created_at, t.updated_at,
        payer.wallet_id AS payer_wallet_id, payer.display_name AS payer_name,
        payee.wallet_id AS payee_wallet_id, payee.display_name AS payee_name,
        m.name AS merchant_name, b.account_number AS bank_number, b.holder_name AS bank_holder
    FROM transfers t
    JOIN users payer ON payer.id = t.payer_user_id
    LEFT JOIN users payee ON payee.id = t.payee_user_id
    LEFT JOIN merchants m ON m.id = t.payee_merchant_id
    LEFT JOIN withdrawals w ON w.id = t.id
    LEFT JOIN bank_accounts b ON b.id = w.bank_account_id";

/// Rows `user_id` may see: everything they started, and payments they received (completed
/// ones only: a payee never learns of a payment that failed).
pub const VISIBLE_TO: &str =
    "(t.payer_user_id = ?1 OR (t.payee_user_id = ?1 AND t.status = 'completed'))";

impl TransferRow {
    pub fn currency(&self) -> Currency {
        Currency::parse(&self.currency).unwrap_or(Currency::CNY)
    }

    pub fn status(&self) -> TransactionStatus {
        TransactionStatus::parse(&self.status).unwrap_or(TransactionStatus::Failed)
    }

    /// The transaction as `user_id` sees it.
    pub fn view_for(&self, user_id: &str) -> json::Transaction {
        let currency = self.currency();
        let received = self.payee_user_id.as_deref() == Some(user_id) && self.payer_user_id != user_id;
        let kind = match (self.kind.as_str(), received) {
            ("top_up", _) => TransactionKind::TopUp,
            ("withdrawal", _) => TransactionKind::Withdrawal,
            (_, true) => TransactionKind::PaymentReceived,
            _ => TransactionKind::PaymentSent,
        };
        let counterparty = match kind {
            TransactionKind::TopUp => Counterparty {
                kind: PartyKind::Card,
                id: format!("•••• {}", self.card_last4.as_deref().unwrap_or("")),
                masked_name: String::new(),
            },
            TransactionKind::Withdrawal => Counterparty {
                kind: PartyKind::BankAccount,
                id: json::mask_bank_number(self.bank_number.as_deref().unwrap_or("")),
                masked_name: json::mask_name(self.bank_holder.as_deref().unwrap_or("")),
            },
            TransactionKind::PaymentReceived => Counterparty {
                kind: PartyKind::User,
                id: self.payer_wallet_id.clone().unwrap_or_default(),
                masked_name: json::mask_name(self.payer_name.as_deref().unwrap_or("")),
            },
            TransactionKind::PaymentSent => match &self.payee_merchant_id {
                // Merchants are businesses: their trading name is public.
                Some(merchant) => Counterparty {
                    kind: PartyKind::Merchant,
                    id: merchant.clone(),
                    masked_name: self.merchant_name.clone().unwrap_or_default(),
                },
                None => Counterparty {
                    kind: PartyKind::User,
                    id: self.payee_wallet_id.clone().unwrap_or_default(),
                    masked_name: json::mask_name(self.payee_name.as_deref().unwrap_or("")),
                },
            },
        };
        let fee = if matches!(kind, TransactionKind::PaymentSent | TransactionKind::Withdrawal) { self.fee } else { 0 };
        json::Transaction {
            id: self.id.clone(),
            kind,
            status: self.status(),
            amount: Money::new(self.amount, currency),
            fee: Money::new(fee, currency),
            counterparty,
            note: self.note.clone(),
            failure: self.failure.as_deref().and_then(failure_code),
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

fn failure_code(text: &str) -> Option<ErrorCode> {
    serde_json::from_value(serde_json::Value::String(text.to_string())).ok()
}

/// The transfer `id` if `user_id` may see it.
pub async fn visible(conn: &mut Conn, user_id: &str, id: &str) -> Result<Option<TransferRow>, AppError> {
    sqlx::query_as(&format!("{SELECT} WHERE t.id = ?2 AND {VISIBLE_TO}"))
        .bind(user_id)
        .bind(id.trim().to_ascii_uppercase())
        .fetch_optional(conn)
        .await
        .map_err(db_error)
}

/// A page of `user_id`'s transactions, newest first, matching `query`.
pub async fn page(conn: &mut Conn, user_id: &str, query: &json::TransactionQuery) -> Result<json::TransactionPage, AppError> {
    let limit = i64::from(query.limit.unwrap_or(20).clamp(1, 100));
    let cursor = match &query.cursor {
        Some(cursor) => Some(
            cursor.parse::<i64>().map_err(|_| AppError::field(ErrorCode::ValidationFailed, "cursor", "not a cursor"))?,
        ),
        None => None,
    };
    let mut rows = filtered(conn, user_id, query, cursor, limit + 1).await?;
    let next_cursor = (rows.len() as i64 > limit).then(|| {
        rows.truncate(limit as usize);
        rows.last().map(|row| row.seq.to_string()).unwrap_or_default()
    });
    Ok(json::TransactionPage { items: rows.iter().map(|row| row.view_for(user_id)).collect(), next_cursor })
}

/// Rows matching `query` with `seq` below `before`, newest first, at most `limit`.
pub async fn filtered(
    conn: &mut Conn,
    user_id: &str,
    query: &json::TransactionQuery,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<TransferRow>, AppError> {
    let mut sql: QueryBuilder<Sqlite> = QueryBuilder::new(SELECT);
    sql.push(" WHERE (t.payer_user_id = ").push_bind(user_id.to_string());
    sql.push(" OR (t.payee_user_id = ").push_bind(user_id.to_string()).push(" AND t.status = 'completed'))");
    match query.kind {
        Some(TransactionKind::TopUp) => {
            sql.push(" AND t.kind = 'top_up'");
        }
        Some(TransactionKind::PaymentSent) => {
            sql.push(" AND t.kind = 'payment' AND t.payer_user_id = ").push_bind(user_id.to_string());
        }
        Some(TransactionKind::PaymentReceived) => {
            sql.push(" AND t.kind = 'payment' AND t.payee_user_id = ").push_bind(user_id.to_string());
        }
        Some(TransactionKind::Withdrawal) => {
            sql.push(" AND t.kind = 'withdrawal'");
        }
        None => {}
    }
    if let Some(status) = query.status {
        sql.push(" AND t.status = ").push_bind(status.as_str());
    }
    if let Some(currency) = query.currency {
        sql.push(" AND t.currency = ").push_bind(currency.code());
    }
    if let Some(from) = query.from {
        sql.push(" AND t.created_at >= ").push_bind(from);
    }
    if let Some(to) = query.to {
        sql.push(" AND t.created_at < ").push_bind(to);
    }
    if let Some(q) = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let like = format!("%{}%", q.replace(['%', '_'], ""));
        sql.push(" AND (t.id = ").push_bind(q.to_ascii_uppercase());
        sql.push(" OR payer.wallet_id LIKE ").push_bind(like.clone());
        sql.push(" OR payee.wallet_id LIKE ").push_bind(like.clone());
        sql.push(" OR t.payee_merchant_id LIKE ").push_bind(like.clone());
        sql.push(" OR m.name LIKE ").push_bind(like.clone());
        sql.push(" OR t.card_last4 = ").push_bind(q.to_string());
        sql.push(")");
    }
    if let Some(before) = before {
        sql.push(" AND t.seq < ").push_bind(before);
    }
    sql.push(" ORDER BY t.seq DESC LIMIT ").push_bind(limit);
    sql.build_query_as().fetch_all(conn).await.map_err(db_error)
}
