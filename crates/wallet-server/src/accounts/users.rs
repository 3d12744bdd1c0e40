//! The users table and the checks on what people type into sign-up.

use sqlx::SqlitePool;
use wallet_api as json;
use wallet_api::{ErrorCode, Lang};

use crate::AppError;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: String,
    pub email: String,
    pub phone: String,
    pub display_name: String,
    pub lang: String,
    pub password_hash: String,
    pub password_changed_at: i64,
    pub email_verified_at: Option<i64>,
    pub totp_secret: Option<String>,
    pub totp_pending_secret: Option<String>,
    pub totp_last_step: Option<i64>,
    pub anti_phishing_phrase: Option<String>,
    pub suggest_two_factor: bool,
    pub wallet_id: Option<String>,
    /// IANA name, from the browser at sign-up, sign-in and a change of preferences.
    pub time_zone: Option<String>,
}

impl UserRow {
    pub fn lang(&self) -> Lang {
        Lang::from_tag(&self.lang).unwrap_or(Lang::En)
    }

    /// Where and how this user's mail is written.
    pub fn recipient(&self) -> crate::mail::Recipient<'_> {
        crate::mail::Recipient {
            email: &self.email,
            lang: self.lang(),
            anti_phishing_phrase: self.anti_phishing_phrase.as_deref(),
            time_zone: self.time_zone.as_deref(),
        }
    }

    pub fn two_factor(&self) -> bool {
        self.totp_secret.is_some()
    }

    pub fn phone_last4(&self) -> String {
        let digits: Vec<char> = self.phone.chars().filter(char::is_ascii_digit).collect();
        digits[digits.len().saturating_sub(4)..].iter().collect()
    }

    pub async fn to_json(&self, db: &SqlitePool) -> Result<json::User, AppError> {
        Ok(json::User {
            id: self.id.clone(),
            email: self.email.clone(),
            display_name: self.display_name.clone(),
            phone_masked: format!("*** **** {}", self.phone_last4()),
            lang: self.lang(),
            two_factor: self.two_factor(),
            recovery_codes_left: recovery_codes_left(db, &self.id).await?,
            anti_phishing_phrase: self.anti_phishing_phrase.clone(),
        })
    }
}

/// A new wallet ID: `W` and 8 digits, what people give others to be paid.
pub fn new_wallet_id() -> String {
    use rand::Rng;
    format!("W{}", rand::rngs::OsRng.gen_range(10_000_000..100_000_000))
}

pub async fn by_email<'c>(db: impl sqlx::Executor<'c, Database = sqlx::Sqlite>, email: &str) -> Result<Option<UserRow>, AppError> {
    let row = sqlx::query_as::<_, UserRow>("SELECT * FROM users WHERE email = ?")
        .bind(normalise_email(email))
        .fetch_optional(db)
        .await
        .map_err(anyhow::Error::from)?;
    Ok(row)
}

pub async fn by_id<'c>(db: impl sqlx::Executor<'c, Database = sqlx::Sqlite>, id: &str) -> Result<UserRow, AppError> {
    let row = sqlx::query_as::<_, UserRow>("SELECT * FROM users WHERE id = ?")
        .bind(id)
        .fetch_one(db)
        .await
        .map_err(anyhow::Error::from)?;
    Ok(row)
}

pub async fn recovery_codes_left(db: &SqlitePool, user_id: &str) -> Result<u32, AppError> {
    let left: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL")
            .bind(user_id)
            .fetch_one(db)
            .await
            .map_err(anyhow::Error::from)?;
    Ok(left as u32)
}

pub async fn set_password(db: &SqlitePool, user_id: &str, hash: &str, now: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?")
        .bind(hash)
        .bind(now)
        .bind(user_id)
        .execute(db)
        .await
        .map_err(anyhow::Error::from)?;
    Ok(())
}

pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// A plausible address: one `@`, something before it, a dotted domain after it, no spaces.
pub fn parse_email(email: &str) -> Result<String, AppError> {
    let email = normalise_email(email);
    let valid = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && email.len() <= 254
                && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    };
    if valid { Ok(email) } else { Err(AppError::field(ErrorCode::ValidationFailed, "email", "not an e-mail address")) }
}

/// Digits with spaces, dashes, dots and brackets allowed between them and a leading `+`;
/// 6 to 20 digits. Kept as `+` and digits.
pub fn parse_phone(phone: &str) -> Result<String, AppError> {
    let trimmed = phone.trim();
    let allowed = trimmed
        .chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || " -.()".contains(c) || (i == 0 && c == '+'));
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    if !allowed || !(6..=20).contains(&digits.len()) {
        return Err(AppError::field(ErrorCode::ValidationFailed, "phone", "not a phone number"));
    }
    Ok(if trimmed.starts_with('+') { format!("+{digits}") } else { digits })
}

pub fn parse_display_name(name: &str) -> Result<String, AppError> {
    let name = name.trim();
    let length = name.chars().count();
    if length == 0 || length > 60 || name.chars().any(char::is_control) {
        return Err(AppError::field(ErrorCode::ValidationFailed, "display_name", "1 to 60 characters"));
    }
    Ok(name.to_string())
}

/// Masks an address for display: `an***@example.com`.
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let shown: String = local.chars().take(2).collect();
            format!("{shown}***@{domain}")
        }
        None => "***".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_is_trimmed_and_lower_cased() {
        assert_eq!(parse_email("  Ann@Example.COM ").unwrap(), "ann@example.com");
    }

    #[test]
    fn addresses_without_a_dotted_domain_are_refused() {
        for bad in ["ann", "ann@", "@example.com", "ann@example", "ann@.com", "a b@example.com", "a@b@c.com"] {
            assert!(parse_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_phone_keeps_its_plus_and_digits() {
        assert_eq!(parse_phone("+86 138-0013 8000").unwrap(), "+8613800138000");
        assert!(parse_phone("12345").is_err());
        assert!(parse_phone("call me").is_err());
        assert!(parse_phone("138+0013").is_err());
    }

    #[test]
    fn a_masked_email_shows_two_letters_and_the_domain() {
        assert_eq!(mask_email("ann.lee@example.com"), "an***@example.com");
    }
}

/// Keeps the browser's time zone for the account's mails, when it is one this server knows
/// (anything else is ignored: an old browser must not stop a sign-in). Answers the zone kept.
pub async fn remember_time_zone(
    conn: &mut sqlx::SqliteConnection,
    user_id: &str,
    zone: Option<&str>,
) -> Result<Option<String>, AppError> {
    let Some(zone) = zone.filter(|z| crate::zone::is_known(z)) else { return Ok(None) };
    sqlx::query("UPDATE users SET time_zone = ? WHERE id = ?")
        .bind(zone)
        .bind(user_id)
        .execute(conn)
        .await
        .map_err(anyhow::Error::from)?;
    Ok(Some(zone.to_string()))
}
