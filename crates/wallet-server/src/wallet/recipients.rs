//! Who a payment goes to: a user by wallet ID or e-mail, or a merchant by merchant ID.

use wallet_api as json;
use wallet_api::{ErrorCode, MerchantStatus, PartyKind};

use super::{db_error, Conn};
use crate::AppError;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MerchantRow {
    pub id: String,
    pub name: String,
    pub status: String,
    pub contact_phone: String,
    pub contact_email: String,
}

impl MerchantRow {
    pub fn info(&self) -> json::MerchantInfo {
        json::MerchantInfo {
            id: self.id.clone(),
            name: self.name.clone(),
            status: if self.status == "available" { MerchantStatus::Available } else { MerchantStatus::Unavailable },
            contact_phone: self.contact_phone.clone(),
            contact_email: self.contact_email.clone(),
        }
    }

    pub fn is_available(&self) -> bool {
        self.status == "available"
    }
}

#[derive(Debug, Clone)]
pub enum Payee {
    User { id: String, wallet_id: String, name: String },
    Merchant(MerchantRow),
}

impl Payee {
    pub fn to_json(&self) -> json::Recipient {
        match self {
            Payee::User { wallet_id, name, .. } => json::Recipient {
                kind: PartyKind::User,
                id: wallet_id.clone(),
                masked_name: json::mask_name(name),
                merchant: None,
            },
            Payee::Merchant(merchant) => json::Recipient {
                kind: PartyKind::Merchant,
                id: merchant.id.clone(),
                masked_name: merchant.name.clone(),
                merchant: Some(merchant.info()),
            },
        }
    }

    /// The ID payments to this payee are recorded and compared under.
    pub fn key(&self) -> String {
        match self {
            Payee::User { wallet_id, .. } => wallet_id.clone(),
            Payee::Merchant(merchant) => merchant.id.clone(),
        }
    }
}

pub async fn merchant(conn: &mut Conn, id: &str) -> Result<Option<MerchantRow>, AppError> {
    sqlx::query_as("SELECT id, name, status, contact_phone, contact_email FROM merchants WHERE id = ?")
        .bind(id)
        .fetch_optional(conn)
        .await
        .map_err(db_error)
}

/// Resolves what the payer typed. Only verified accounts can be paid; paying yourself is
/// refused at the field.
pub async fn resolve(conn: &mut Conn, typed: &str, payer_id: &str) -> Result<Payee, AppError> {
    let typed = typed.trim();
    let not_found = || AppError::field(ErrorCode::RecipientNotFound, "recipient", "no wallet or merchant has this ID or e-mail");
    let upper = typed.to_ascii_uppercase();
    let digits = |s: &str, n: usize| s.len() == n && s.chars().all(|c| c.is_ascii_digit());
    let user: Option<(String, String, String)> = if let Some(rest) = upper.strip_prefix('M').filter(|r| digits(r, 5)) {
        let merchant = merchant(conn, &format!("M{rest}")).await?.ok_or_else(not_found)?;
        return Ok(Payee::Merchant(merchant));
    } else if upper.strip_prefix('W').is_some_and(|r| digits(r, 8)) {
        sqlx::query_as("SELECT id, wallet_id, display_name FROM users WHERE wallet_id = ? AND email_verified_at IS NOT NULL")
            .bind(&upper)
            .fetch_optional(&mut *conn)
            .await
            .map_err(db_error)?
    } else if typed.contains('@') {
        sqlx::query_as("SELECT id, wallet_id, display_name FROM users WHERE email = ? AND email_verified_at IS NOT NULL")
            .bind(crate::accounts::users::normalise_email(typed))
            .fetch_optional(&mut *conn)
            .await
            .map_err(db_error)?
    } else {
        return Err(AppError::field(
            ErrorCode::ValidationFailed,
            "recipient",
            "enter a wallet ID (W and 8 digits), a merchant ID (M and 5 digits) or an e-mail address",
        ));
    };
    let (id, wallet_id, name) = user.ok_or_else(not_found)?;
    if id == payer_id {
        return Err(AppError::field(ErrorCode::ValidationFailed, "recipient", "you cannot pay yourself"));
    }
    Ok(Payee::User { id, wallet_id, name })
}
