//! E-mail: every mail is written to the outbox table first; a sender delivers it by SMTP when
//! one is configured. Without SMTP the outbox is the record (and, in demo mode, readable
//! through `/api/v1/demo/outbox`).

use lettre::message::header::ContentType;
use lettre::message::MultiPart;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sqlx::{SqliteConnection, SqlitePool};
use std::sync::Arc;
use std::time::Duration;
use wallet_api::{Lang, MessageFacts, MessageKind};

use crate::accounts::secrets;
use crate::clock::Clock;
use crate::config::MailConfig;

/// What a mail says. Codes are the only secrets mails carry, and they are never logged.
pub enum Mail<'a> {
    /// A sign-up's code; the mail names who the sign-up is for, so the address's owner can
    /// tell a sign-up that is not theirs.
    VerifyEmail { code: &'a str, minutes: i64, name: &'a str },
    /// Someone tried to sign up with an address that already has an account.
    AlreadyRegistered,
    ResetPassword { code: &'a str, minutes: i64 },
    UnlockCode { code: &'a str, minutes: i64 },
    Notice { kind: MessageKind, facts: &'a MessageFacts },
}

pub struct Recipient<'a> {
    pub email: &'a str,
    pub lang: Lang,
    pub anti_phishing_phrase: Option<&'a str>,
    /// The account's IANA time zone, for the times the mail gives (UTC without one).
    pub time_zone: Option<&'a str>,
}

/// Writes a mail to the outbox, on the caller's connection (so a mail can be part of the
/// transaction whose effect it reports). A mail carrying a code is kept readable only until
/// the code expires (`expires_at`); after that the outbox keeps it without the code.
pub async fn queue(conn: &mut SqliteConnection, now: i64, to: &Recipient<'_>, mail: Mail<'_>) -> anyhow::Result<()> {
    let code_expires_at = mail.code_lifetime().map(|minutes| now + minutes * 60);
    let (subject, text) = compose(to.lang, to.time_zone, &mail);
    let phrase = match (to.anti_phishing_phrase, to.lang) {
        (Some(p), Lang::ZhCn) => format!("\n\n您的防钓鱼短语：{p}\n没有这句短语的邮件不是我们发的。"),
        (Some(p), Lang::En) => {
            format!("\n\nYour anti-phishing phrase: {p}\nA mail without this phrase is not from us.")
        }
        (None, _) => String::new(),
    };
    let footer = match to.lang {
        Lang::ZhCn => "\n\n我们的工作人员绝不会向您索要密码、验证码或恢复码。",
        Lang::En => "\n\nOur staff will never ask you for your password, codes or recovery codes.",
    };
    let body = format!("{text}{phrase}{footer}");
    let html = html_part(to.lang, &subject, &body);
    sqlx::query(
        "INSERT INTO outbox (id, to_addr, subject, body, body_html, created_at, code_expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
        .bind(secrets::new_id())
        .bind(to.email)
        .bind(subject)
        .bind(body)
        .bind(html)
        .bind(now)
        .bind(code_expires_at)
        .execute(conn)
        .await?;
    Ok(())
}

impl Mail<'_> {
    /// Minutes the code in this mail is valid, for mails that carry one.
    fn code_lifetime(&self) -> Option<i64> {
        match self {
            Mail::VerifyEmail { minutes, .. } | Mail::ResetPassword { minutes, .. } | Mail::UnlockCode { minutes, .. } => {
                Some(*minutes)
            }
            Mail::AlreadyRegistered | Mail::Notice { .. } => None,
        }
    }
}

/// Mails whose code has expired keep their subject and recipient but lose their text: a
/// copy of the outbox must not hold codes longer than they work.
pub async fn drop_expired_codes(db: &SqlitePool, now: i64) -> anyhow::Result<()> {
    sqlx::query(
        "UPDATE outbox SET body = '(this mail carried a one-time code, removed after it expired)', body_html = NULL,
            code_expires_at = NULL
         WHERE code_expires_at IS NOT NULL AND code_expires_at <= ?",
    )
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// The HTML part: the plain text's paragraphs (escaped, line breaks kept) in a small document
/// in the mail's language, so a mail reader that prefers HTML shows the same words, the
/// anti-phishing phrase included.
pub fn html_part(lang: Lang, subject: &str, text: &str) -> String {
    let paragraphs: String = text
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| format!("<p>{}</p>\n", escape_html(p).replace('\n', "<br>")))
        .collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head>\n<body style=\"font-family: sans-serif; line-height: 1.5\">\n{paragraphs}</body></html>\n",
        lang.tag(),
        escape_html(subject)
    )
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn compose(lang: Lang, zone: Option<&str>, mail: &Mail<'_>) -> (String, String) {
    let zh = lang == Lang::ZhCn;
    let (subject, body) = match mail {
        Mail::VerifyEmail { code, minutes, name } => if zh {
            ("验证您的邮箱".into(), format!("有人用此邮箱为“{name}”注册账户。您的验证码是 {code}，{minutes} 分钟内有效。如果不是您本人注册，请不要把验证码告诉任何人，忽略本邮件即可。"))
        } else {
            ("Verify your e-mail address".into(), format!("A sign-up for \"{name}\" was started with this address. Your code is {code}. It is valid for {minutes} minutes. If you did not sign up, do not share the code with anyone; just ignore this mail."))
        },
        Mail::AlreadyRegistered => if zh {
            ("有人尝试用您的邮箱注册".into(), "有人尝试用此邮箱注册新账户，但此邮箱已有账户。如果是您本人，请直接登录；忘记密码可在登录页选择“忘记密码”。如果不是您，无需任何操作，您的账户没有变化。".to_string())
        } else {
            ("Someone tried to sign up with your address".into(), "Someone tried to create an account with this address, which already has one. If it was you, just sign in; if you forgot the password, choose \"Forgot password\" on the sign-in page. If it was not you, there is nothing to do: your account has not changed.".to_string())
        },
        Mail::ResetPassword { code, minutes } => if zh {
            ("重置密码".into(), format!("您的重置密码验证码是 {code}，{minutes} 分钟内有效。如果不是您本人操作，请忽略本邮件。"))
        } else {
            ("Reset your password".into(), format!("Your password reset code is {code}. It is valid for {minutes} minutes. If you did not ask for it, ignore this mail."))
        },
        Mail::UnlockCode { code, minutes } => if zh {
            ("自助解锁验证码".into(), format!("您的解锁验证码是 {code}，{minutes} 分钟内有效。"))
        } else {
            ("Your unlock code".into(), format!("Your unlock code is {code}. It is valid for {minutes} minutes."))
        },
        Mail::Notice { kind, facts } => notice(zh, zone, *kind, facts),
    };
    (subject, body)
}

fn notice(zh: bool, zone: Option<&str>, kind: MessageKind, facts: &MessageFacts) -> (String, String) {
    let lang = if zh { wallet_api::Lang::ZhCn } else { wallet_api::Lang::En };
    let until = facts.until.map(|at| crate::zone::time_text(at, zone, lang)).unwrap_or_default();
    let ip = facts.ip.clone().unwrap_or_default();
    let device = facts.device.clone().unwrap_or_default();
    let amount = facts.amount.map(|a| a.format(lang)).unwrap_or_default();
    let id = facts.transaction_id.clone().unwrap_or_default();
    let bank = facts.bank_account.clone().unwrap_or_default();
    let (subject, body): (&str, String) = match (kind, zh) {
        (MessageKind::AccountLocked, true) => ("账户已锁定", format!("由于连续多次输入错误的密码或验证码，您的账户已被锁定，至 {until} 解锁。您可以在登录页选择“立即解锁”自助解锁。")),
        (MessageKind::AccountLocked, false) => ("Your account is locked", format!("After too many wrong passwords or codes in a row, your account is locked until {until}. You can unlock it yourself: choose \"Unlock now\" on the sign-in page.")),
        (MessageKind::AccountUnlocked, true) => ("账户已解锁", "您的账户已解锁，密码已更新。建议开启双重验证。".to_string()),
        (MessageKind::AccountUnlocked, false) => ("Your account is unlocked", "Your account is unlocked and your password has been changed. We recommend turning on two-factor authentication.".to_string()),
        (MessageKind::NewDeviceSignIn, true) => ("新设备登录提醒", format!("您的账户在新设备上登录：{device}，IP {ip}。如果不是您本人，请在“安全检查”中选择“不是我本人”。")),
        (MessageKind::NewDeviceSignIn, false) => ("New sign-in to your account", format!("Your account was signed in from a new device: {device}, IP {ip}. If this wasn't you, choose \"This wasn't me\" in your security check-up.")),
        (MessageKind::PasswordChanged, true) => ("密码已修改", "您的密码已修改，其他设备已退出登录。".to_string()),
        (MessageKind::PasswordChanged, false) => ("Your password was changed", "Your password was changed and your other sessions were signed out.".to_string()),
        (MessageKind::TwoFactorEnabled, true) => ("已开启双重验证", "您的账户已开启双重验证。".to_string()),
        (MessageKind::TwoFactorEnabled, false) => ("Two-factor authentication is on", "Two-factor authentication is now on for your account.".to_string()),
        (MessageKind::TwoFactorDisabled, true) => ("已关闭双重验证", "您的账户已关闭双重验证。如果不是您本人操作，请立即联系客服。".to_string()),
        (MessageKind::TwoFactorDisabled, false) => ("Two-factor authentication is off", "Two-factor authentication was turned off. If this wasn't you, call us now.".to_string()),
        (MessageKind::RecoveryCodesRegenerated, true) => ("恢复码已重新生成", "您已生成新的恢复码，旧的恢复码已失效。".to_string()),
        (MessageKind::RecoveryCodesRegenerated, false) => ("New recovery codes", "New recovery codes were made; the old ones no longer work.".to_string()),
        (MessageKind::SignInReported, true) => ("已处理可疑登录", "您报告了一次可疑登录。所有设备已退出登录，请用我们发送的验证码重置密码。".to_string()),
        (MessageKind::SignInReported, false) => ("You reported a sign-in", "You reported a sign-in that was not yours. Every session was signed out; reset your password with the code we sent.".to_string()),
        (MessageKind::Welcome, true) => ("欢迎", "您的邮箱已验证，欢迎使用。".to_string()),
        (MessageKind::Welcome, false) => ("Welcome", "Your e-mail address is verified. Welcome.".to_string()),
        (MessageKind::PaymentReceived, true) => ("收到付款", format!("您收到一笔 {amount} 的付款，交易号 {id}。")),
        (MessageKind::PaymentReceived, false) => ("You received a payment", format!("You received {amount}. Transaction {id}.")),
        (MessageKind::TopUpCompleted, true) => ("充值成功", format!("{amount} 已充值到您的余额，交易号 {id}。")),
        (MessageKind::TopUpCompleted, false) => ("Top-up completed", format!("{amount} was added to your balance. Transaction {id}.")),
        (MessageKind::TopUpFailed, true) => ("充值失败", format!("{amount} 的充值被发卡方拒绝，余额未变动。交易号 {id}。")),
        (MessageKind::TopUpFailed, false) => ("Top-up failed", format!("Your card issuer declined the top-up of {amount}; your balance did not change. Transaction {id}.")),
        (MessageKind::BankAccountAdded, true) => ("已添加银行账户", format!("您的账户添加了银行账户 {bank}。新账户需等待冷静期结束后才能接收提现。如果不是您本人操作，请立即联系客服。")),
        (MessageKind::BankAccountAdded, false) => ("A bank account was added", format!("The bank account {bank} was added to your account. A new bank account can receive withdrawals once its cooling-off period is over. If this wasn't you, call us now.")),
        (MessageKind::WithdrawalUpdate, _) => return withdrawal_notice(zh, &amount, &id, facts),
    };
    (subject.to_string(), body)
}

/// A withdrawal's change of state.
fn withdrawal_notice(zh: bool, amount: &str, id: &str, facts: &MessageFacts) -> (String, String) {
    use wallet_api::WithdrawalState as S;
    let reason = reason_text(zh, facts.reason.unwrap_or(wallet_api::RejectionReason::Other));
    let state = facts.state.unwrap_or(S::Submitted);
    let (subject, body) = match (state, zh) {
        (S::Submitted, true) => ("提现已提交", format!("您的 {amount} 提现申请已提交，资金已冻结。交易号 {id}。")),
        (S::Submitted, false) => ("Withdrawal submitted", format!("Your withdrawal of {amount} was submitted and the funds are held. Transaction {id}.")),
        (S::UnderReview, true) => ("提现审核中", format!("您的 {amount} 提现正在审核中。交易号 {id}。")),
        (S::UnderReview, false) => ("Withdrawal under review", format!("Your withdrawal of {amount} is under review. Transaction {id}.")),
        (S::Processing, true) => ("提现处理中", format!("您的 {amount} 提现已通过审核，正在由银行处理。交易号 {id}。")),
        (S::Processing, false) => ("Withdrawal processing", format!("Your withdrawal of {amount} passed review and is with the bank. Transaction {id}.")),
        (S::Completed, true) => ("提现成功", format!("您的 {amount} 提现已到账。交易号 {id}。")),
        (S::Completed, false) => ("Withdrawal completed", format!("Your withdrawal of {amount} was paid to your bank account. Transaction {id}.")),
        (S::Rejected, true) => ("提现被拒绝", format!("您的 {amount} 提现被拒绝，资金已退回您的余额。原因：{reason}交易号 {id}。")),
        (S::Rejected, false) => ("Withdrawal rejected", format!("Your withdrawal of {amount} was rejected and the funds were returned to your balance. Why: {reason} Transaction {id}.")),
        (S::Cancelled, true) => ("提现已取消", format!("您已取消 {amount} 的提现，资金已退回您的余额。交易号 {id}。")),
        (S::Cancelled, false) => ("Withdrawal cancelled", format!("You cancelled your withdrawal of {amount}; the funds were returned to your balance. Transaction {id}.")),
    };
    (subject.to_string(), body)
}

/// Why a withdrawal was rejected and what to do, in words (the app's own texts say the same).
fn reason_text(zh: bool, reason: wallet_api::RejectionReason) -> &'static str {
    use wallet_api::RejectionReason as R;
    match (reason, zh) {
        (R::BankRejected, true) => "银行拒绝了该账号。请核对银行账户信息。",
        (R::BankRejected, false) => "The bank refused the account number. Check the bank account's details.",
        (R::AccountDetailsInvalid, true) => "银行账户信息无效。请核对，或重新添加这个账户。",
        (R::AccountDetailsInvalid, false) => "The bank account's details are not valid. Check them, or add the account again.",
        (R::ComplianceReview, true) => "未通过合规审核。",
        (R::ComplianceReview, false) => "It did not pass our compliance review.",
        (R::SuspiciousActivity, true) => "为保护您的账户，这笔提现因异常活动被拦截。",
        (R::SuspiciousActivity, false) => "It was stopped to protect your account from unusual activity.",
        (R::Other, true) => "无法完成出款。详情请致电客服热线。",
        (R::Other, false) => "It could not be paid out. Call our hotline for details.",
    }
}


/// Delivers queued mail by SMTP, forever, when SMTP is configured.
pub fn start_sender(db: SqlitePool, config: &MailConfig, clock: Arc<dyn Clock>) -> anyhow::Result<()> {
    let Some(url) = &config.smtp_url else {
        tracing::info!("no SMTP configured: e-mail stays in the outbox");
        return Ok(());
    };
    let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?.build();
    let from: lettre::message::Mailbox = config.mail_from.parse()?;
    tokio::spawn(async move {
        loop {
            if let Err(error) = deliver_pending(&db, &transport, &from, clock.as_ref()).await {
                tracing::warn!(error = %format!("{error:#}"), "sending e-mail failed; will retry");
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });
    Ok(())
}

async fn deliver_pending(
    db: &SqlitePool,
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    from: &lettre::message::Mailbox,
    clock: &dyn Clock,
) -> anyhow::Result<()> {
    let pending: Vec<(String, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT id, to_addr, subject, body, body_html FROM outbox WHERE sent_at IS NULL AND attempts < 10 ORDER BY created_at LIMIT 20",
    )
    .fetch_all(db)
    .await?;
    for (id, to, subject, body, html) in pending {
        sqlx::query("UPDATE outbox SET attempts = attempts + 1 WHERE id = ?").bind(&id).execute(db).await?;
        let builder = Message::builder().from(from.clone()).to(to.parse()?).subject(subject);
        let message = match html {
            Some(html) => builder.multipart(MultiPart::alternative_plain_html(body, html))?,
            None => builder.header(ContentType::TEXT_PLAIN).body(body)?,
        };
        transport.send(message).await?;
        sqlx::query("UPDATE outbox SET sent_at = ? WHERE id = ?").bind(clock.now()).bind(&id).execute(db).await?;
        // The recipient is personal data: the log names the mail, not the person.
        tracing::info!(mail = %id, "e-mail sent");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;


    #[test]
    fn the_html_part_says_what_the_text_says_escaped_in_the_mails_language() {
        let text = "Your account is locked until 11:00.\n\nYour anti-phishing phrase: <b>Blue & kite</b>\nA mail without this phrase is not from us.";
        let html = html_part(Lang::ZhCn, "账户已锁定", text);
        assert!(html.contains("<html lang=\"zh-CN\">"), "{html}");
        assert!(html.contains("<title>账户已锁定</title>"), "{html}");
        assert!(html.contains("<p>Your account is locked until 11:00.</p>"), "{html}");
        assert!(html.contains("<p>Your anti-phishing phrase: &lt;b&gt;Blue &amp; kite&lt;/b&gt;<br>A mail without this phrase is not from us.</p>"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
    }

    /// Every text of the app, in `lang`, as the reader sees it.
    fn app_texts(lang: Lang) -> Vec<String> {
        fn walk(value: &serde_json::Value, out: &mut Vec<String>) {
            match value {
                serde_json::Value::String(text) => out.push(text.trim_end_matches(['?', '？']).to_string()),
                serde_json::Value::Object(map) => map.values().for_each(|v| walk(v, out)),
                _ => {}
            }
        }
        let json = match lang {
            Lang::ZhCn => include_str!("../../../locales/zh-CN.json"),
            Lang::En => include_str!("../../../locales/en.json"),
        };
        let mut texts = Vec::new();
        walk(&serde_json::from_str(json).unwrap(), &mut texts);
        texts
    }

    /// The quoted names in `body` (“…” in Chinese, "…" in English).
    fn quoted(body: &str, lang: Lang) -> Vec<String> {
        let pieces: Vec<&str> = match lang {
            Lang::ZhCn => body.split(['“', '”']).collect(),
            Lang::En => body.split('"').collect(),
        };
        pieces.iter().skip(1).step_by(2).map(|s| s.to_string()).collect()
    }

    #[test]
    fn every_button_or_page_a_mail_names_is_named_as_the_app_shows_it_in_that_language() {
        use wallet_api::MessageKind as K;
        let kinds = [
            K::AccountLocked, K::AccountUnlocked, K::NewDeviceSignIn, K::PasswordChanged, K::TwoFactorEnabled,
            K::TwoFactorDisabled, K::RecoveryCodesRegenerated, K::SignInReported, K::Welcome, K::PaymentReceived,
            K::TopUpCompleted, K::TopUpFailed, K::BankAccountAdded, K::WithdrawalUpdate,
        ];
        let facts = MessageFacts::default();
        for lang in [Lang::ZhCn, Lang::En] {
            let texts = app_texts(lang);
            let mut mails: Vec<Mail<'_>> = kinds.iter().map(|&kind| Mail::Notice { kind, facts: &facts }).collect();
            mails.push(Mail::AlreadyRegistered);
            mails.push(Mail::ResetPassword { code: "123456", minutes: 10 });
            mails.push(Mail::UnlockCode { code: "123456", minutes: 10 });
            let mut named = 0;
            for mail in &mails {
                let body = compose(lang, None, mail).1;
                for name in quoted(&body, lang) {
                    named += 1;
                    assert!(texts.contains(&name), "{lang:?} mail names {name:?}, which the app never shows: {body}");
                }
            }
            assert!(named >= 3, "{lang:?}: the mails name the app's buttons ({named} found)");
        }
    }

    fn rejected(lang: Lang, reason: Option<wallet_api::RejectionReason>) -> String {
        let facts = MessageFacts {
            state: Some(wallet_api::WithdrawalState::Rejected),
            reason,
            transaction_id: Some("TABCDEF123456".into()),
            ..MessageFacts::default()
        };
        compose(lang, None, &Mail::Notice { kind: MessageKind::WithdrawalUpdate, facts: &facts }).1
    }

    #[test]
    fn a_rejected_withdrawal_mail_says_why_in_words_in_either_language_never_by_its_code() {
        use wallet_api::RejectionReason as R;
        for reason in R::ALL {
            for lang in [Lang::En, Lang::ZhCn] {
                let body = rejected(lang, Some(reason));
                assert!(body.contains(reason_text(lang == Lang::ZhCn, reason)), "{lang:?} {reason:?}: {body}");
                assert!(!body.contains(reason.as_str()), "{lang:?} {reason:?} shows its code: {body}");
            }
        }
        assert!(rejected(Lang::En, Some(R::BankRejected)).contains("The bank refused the account number."));
        assert!(rejected(Lang::ZhCn, Some(R::BankRejected)).contains("银行拒绝了该账号"));
        // Every reason has words of its own, and a rejection without one still says what to do.
        let texts: std::collections::HashSet<_> = R::ALL.iter().map(|r| reason_text(false, *r)).collect();
        assert_eq!(texts.len(), R::ALL.len());
        assert!(rejected(Lang::En, None).contains(reason_text(false, R::Other)));
    }
}
