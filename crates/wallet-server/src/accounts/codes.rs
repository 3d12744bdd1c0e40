//! E-mailed 6-digit codes: one live code per subject and purpose, a lifetime and a number of
//! tries, stored hashed. The subject is what the code proves: an address (password reset,
//! unlock) or one pending sign-up (verification), so a code never proves anything else.

use sqlx::SqliteConnection;
use wallet_api::{ErrorCode, ErrorDetail};

use super::secrets;
use super::throttle::{self, Rate};
use crate::config::SecurityConfig;
use crate::mail::{self, Mail};
use crate::AppError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    VerifyEmail,
    ResetPassword,
    Unlock,
}

impl Purpose {
    fn name(self) -> &'static str {
        match self {
            Purpose::VerifyEmail => "verify_email",
            Purpose::ResetPassword => "reset_password",
            Purpose::Unlock => "unlock",
        }
    }
}

/// At most this many codes per address and purpose in an hour, mailed or not.
const CODES_PER_HOUR: Rate = Rate { limit: 5, window_secs: 3600 };

fn db(error: sqlx::Error) -> AppError {
    AppError::Internal(error.into())
}

/// A new code for `subject` (replacing any earlier one for the same purpose) and when it
/// expires. Refused with `RATE_LIMITED` past five an hour for one address, whether or not an
/// account has it.
pub async fn issue(
    conn: &mut SqliteConnection,
    rules: &SecurityConfig,
    subject: &str,
    email: &str,
    purpose: Purpose,
    now: i64,
) -> Result<(String, i64), AppError> {
    throttle::hit(conn, &format!("code:{}:{email}", purpose.name()), CODES_PER_HOUR, now).await?;
    let code = secrets::new_email_code();
    let expires_at = now + rules.email_code_secs;
    sqlx::query("UPDATE one_time_codes SET used_at = ? WHERE subject = ? AND purpose = ? AND used_at IS NULL")
        .bind(now)
        .bind(subject)
        .bind(purpose.name())
        .execute(&mut *conn)
        .await
        .map_err(db)?;
    sqlx::query(
        "INSERT INTO one_time_codes (subject, email, purpose, code_hash, expires_at, tries_left, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(subject)
    .bind(email)
    .bind(purpose.name())
    .bind(secrets::hash(&code))
    .bind(expires_at)
    .bind(rules.email_code_tries)
    .bind(now)
    .execute(conn)
    .await
    .map_err(db)?;
    Ok((code, expires_at))
}

/// A spent code, for giving it back when what it was spent on cannot happen after all.
#[derive(Debug)]
pub struct Spent {
    id: i64,
    pub subject: String,
}

impl Spent {
    pub async fn give_back(self, conn: &mut SqliteConnection) -> Result<(), AppError> {
        sqlx::query("UPDATE one_time_codes SET used_at = NULL WHERE id = ?").bind(self.id).execute(conn).await.map_err(db)?;
        Ok(())
    }
}

/// Spends the live code of one of `subjects` that `typed` matches. Each check first takes a
/// try from every live code it could be (one statement, so parallel guesses cannot use more
/// tries than there are); the answer says how many are left. With none left, or after its
/// lifetime, a code is expired. `also_right` is a second condition checked like the code (the
/// phone digits of an unlock), so a wrong answer to it costs a try too and the two cannot be
/// guessed apart.
pub async fn redeem(
    conn: &mut SqliteConnection,
    subjects: &[String],
    purpose: Purpose,
    typed: &str,
    also_right: bool,
    now: i64,
) -> Result<Spent, AppError> {
    let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    let typed_hash = secrets::hash(&typed);
    let mut tries_left = None;
    for subject in subjects {
        let taken: Option<(i64, String, i64)> = sqlx::query_as(
            "UPDATE one_time_codes SET tries_left = tries_left - 1
             WHERE id = (SELECT id FROM one_time_codes WHERE subject = ? AND purpose = ? AND used_at IS NULL
                         ORDER BY id DESC LIMIT 1)
               AND tries_left > 0 AND expires_at > ?
             RETURNING id, code_hash, tries_left",
        )
        .bind(subject)
        .bind(purpose.name())
        .bind(now)
        .fetch_optional(&mut *conn)
        .await
        .map_err(db)?;
        let Some((id, code_hash, left)) = taken else { continue };
        if also_right && secrets::constant_time_eq(&typed_hash, &code_hash) {
            let spent = sqlx::query("UPDATE one_time_codes SET used_at = ? WHERE id = ? AND used_at IS NULL")
                .bind(now)
                .bind(id)
                .execute(&mut *conn)
                .await
                .map_err(db)?;
            if spent.rows_affected() == 1 {
                return Ok(Spent { id, subject: subject.clone() });
            }
        }
        tries_left = tries_left.max(Some(left));
    }
    match tries_left {
        Some(tries) if tries > 0 => Err(AppError::field(ErrorCode::InvalidCode, "code", "the code is not right")
            .with_detail(ErrorDetail::TriesLeft { tries: tries as u32 })),
        _ => Err(AppError::field(ErrorCode::CodeExpired, "code", "the code has expired or was tried too often: ask for a new one")),
    }
}

/// Issues a code for `purpose` to `user`'s address and mails it; answers when it expires.
pub async fn send(
    conn: &mut SqliteConnection,
    rules: &SecurityConfig,
    user: &super::users::UserRow,
    purpose: Purpose,
    now: i64,
) -> Result<i64, AppError> {
    let (code, expires_at) = issue(conn, rules, &user.email, &user.email, purpose, now).await?;
    let minutes = rules.email_code_secs / 60;
    let mail = match purpose {
        Purpose::VerifyEmail => Mail::VerifyEmail { code: &code, minutes, name: &user.display_name },
        Purpose::ResetPassword => Mail::ResetPassword { code: &code, minutes },
        Purpose::Unlock => Mail::UnlockCode { code: &code, minutes },
    };
    mail::queue(conn, now, &user.recipient(), mail).await?;
    Ok(expires_at)
}

/// Counts a request for a code to an address that gets none (no account, or not locked), so
/// it is throttled exactly like one that does and the answers cannot be told apart.
pub async fn send_nothing(
    conn: &mut SqliteConnection,
    rules: &SecurityConfig,
    email: &str,
    purpose: Purpose,
    now: i64,
) -> Result<i64, AppError> {
    let (_, expires_at) = issue(conn, rules, email, email, purpose, now).await?;
    Ok(expires_at)
}
