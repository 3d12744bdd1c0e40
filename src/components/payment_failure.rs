//! Why a payment or a top-up did not go through, and what fixes it: the translated reason, the
//! facts the server sent (what is missing, which limit, the merchant's contact, the
//! restriction), the link that leads to the fix and the failed transaction it was recorded as.
//! Also the "we do not know whether it went through" panel of a lost connection, whose retry
//! sends the same request with the same idempotency key.

use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::components::A;
use wallet_api::{
    ErrorCode, ErrorDetail, LimitKind, LockReason, MerchantInfo, MerchantStatus, Money, Restriction, RestrictionScope,
    Timestamp,
};

use crate::api::ApiError;
use crate::components::error_notice::{code_message, error_message};
use crate::components::money_input::top_up_href;
use crate::components::text_field::fill_in;
use crate::i18n::*;
use crate::prefs::lang_of;
use crate::routes::Page;
use crate::session::Session;
use crate::time::format_timestamp;

/// What was being tried: the texts differ, the explanations are the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Attempt {
    #[default]
    Payment,
    TopUp,
}

/// The help article (slug) that explains a refusal of this code.
pub fn help_article(code: ErrorCode, attempt: Attempt) -> &'static str {
    match code {
        ErrorCode::InsufficientFunds => "payment-insufficient-balance",
        ErrorCode::LimitExceeded => "payment-limits",
        ErrorCode::MerchantUnavailable => "payment-merchant-unavailable",
        ErrorCode::AccountRestricted => "account-restricted",
        ErrorCode::AccountLocked => "account-locked",
        _ if attempt == Attempt::TopUp => "top-up",
        _ => "payment-failed",
    }
}

/// Whether simply trying again (as a new attempt) can work: a merchant that comes back, a
/// busy service, another card. Not for a balance, limit or restriction, which need a fix first.
pub fn trying_again_may_help(code: ErrorCode) -> bool {
    matches!(
        code,
        ErrorCode::MerchantUnavailable
            | ErrorCode::CardDeclined
            | ErrorCode::ServiceUnavailable
            | ErrorCode::ServiceBusy
            | ErrorCode::Internal
            | ErrorCode::RateLimited
            | ErrorCode::IdempotencyKeyReused
            | ErrorCode::Unknown
    )
}

pub fn help_href(slug: &str) -> String {
    Page::HelpArticle(slug.to_string()).path()
}

fn format_money(i18n: I18nContext<Locale>, money: Money) -> String {
    money.format(lang_of(i18n.get_locale()))
}

pub fn merchant_status_text(i18n: I18nContext<Locale>, status: MerchantStatus) -> &'static str {
    match status {
        MerchantStatus::Available => t_string!(i18n, payment_failure.status_available),
        MerchantStatus::Unavailable => t_string!(i18n, payment_failure.status_unavailable),
    }
}

/// A refused payment or top-up (the server's error body), explained with its fix. `retry`
/// starts a new attempt; it is offered only where trying again may work.
#[component]
pub fn PaymentFailure(
    error: crate::api::ServerError,
    #[prop(optional)] attempt: Attempt,
    #[prop(into, optional)] retry: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let code = error.code;
    let heading = move || match attempt {
        Attempt::Payment => t_string!(i18n, payment_failure.payment_heading),
        Attempt::TopUp => t_string!(i18n, payment_failure.top_up_heading),
    };
    let detail = error.detail();
    let transaction = detail.as_ref().and_then(ErrorDetail::transaction_id).map(|id| {
        let href = Page::Transaction(id.to_string()).path();
        let id = id.to_string();
        view! {
            <p class="failure-transaction">
                {t!(i18n, payment_failure.recorded)} " "
                <A href=href attr:data-testid="failed-transaction-link">{id}</A>
            </p>
        }
    });
    let retry_button = retry.filter(|_| trying_again_may_help(code)).map(|retry| {
        let label = move || match code {
            ErrorCode::CardDeclined => t_string!(i18n, payment_failure.another_card),
            _ => t_string!(i18n, payment_failure.try_again),
        };
        view! {
            <button type="button" class="button" on:click=move |_| retry.run(()) data-testid="try-again">
                {label}
            </button>
        }
    });
    let help = match code {
        ErrorCode::AccountRestricted => view! {
            <A href=Page::Restrictions.path() attr:data-testid="restrictions-link">
                {t!(i18n, payment_failure.restrictions_link)}
            </A>
        }
        .into_any(),
        _ => view! {
            <A href=help_href(help_article(code, attempt)) attr:data-testid="failure-help-link">
                {t!(i18n, payment_failure.help)}
            </A>
        }
        .into_any(),
    };
    view! {
        <section class="card payment-failure" role="alert" data-testid="payment-failure" data-code=code.as_str()>
            <h2>{heading}</h2>
            <p class="failure-reason">{move || code_message(i18n, code)}</p>
            <FailureFacts detail=detail.clone() />
            {transaction}
            <div class="failure-actions">
                {retry_button}
                <p>{help}</p>
            </div>
        </section>
    }
}

/// The facts of a refusal and the step that fixes it.
#[component]
fn FailureFacts(detail: Option<ErrorDetail>) -> impl IntoView {
    let i18n = use_i18n();
    match detail {
        Some(ErrorDetail::Shortfall { available, needed, missing, .. }) => view! {
            <p>
                {move || {
                    let text = t_string!(i18n, payment_failure.shortfall);
                    let text = fill_in(text, "available", format_money(i18n, available));
                    fill_in(&text, "needed", format_money(i18n, needed))
                }}
            </p>
            <p>
                <A href=top_up_href(missing) attr:class="button" attr:data-testid="top-up-link">
                    {move || fill_in(t_string!(i18n, payment_failure.top_up_missing), "missing", format_money(i18n, missing))}
                </A>
            </p>
        }
        .into_any(),
        Some(ErrorDetail::Limit { limit, size, remaining, .. }) => view! {
            <p data-testid="failure-limit" data-limit=limit_name(limit)>
                {move || fill_in(limit_text(i18n, limit), "size", format_money(i18n, size))}
            </p>
            {(remaining != size).then(|| view! {
                <p>{move || fill_in(t_string!(i18n, payment_failure.limit_remaining), "remaining", format_money(i18n, remaining))}</p>
            })}
        }
        .into_any(),
        Some(ErrorDetail::Merchant { merchant, .. }) => view! { <MerchantDown merchant /> }.into_any(),
        Some(ErrorDetail::Restricted { restriction, .. }) => view! { <RestrictionFacts restriction /> }.into_any(),
        Some(ErrorDetail::Declined { .. }) => view! { <p>{t!(i18n, payment_failure.card_declined_fix)}</p> }.into_any(),
        Some(ErrorDetail::Locked { reason, until }) => view! { <LockedFacts reason until /> }.into_any(),
        _ => ().into_any(),
    }
}

fn limit_name(limit: LimitKind) -> &'static str {
    match limit {
        LimitKind::PerPayment => "per_payment",
        LimitKind::Daily => "daily",
        LimitKind::TopUp => "top_up",
    }
}

/// Which limit, with `{size}` to fill in.
pub fn limit_text(i18n: I18nContext<Locale>, limit: LimitKind) -> &'static str {
    match limit {
        LimitKind::PerPayment => t_string!(i18n, payment_failure.limit_per_payment),
        LimitKind::Daily => t_string!(i18n, payment_failure.limit_daily),
        LimitKind::TopUp => t_string!(i18n, payment_failure.limit_top_up),
    }
}

/// A merchant that cannot take payments now: who, its status, what to do and how to reach it.
#[component]
pub fn MerchantDown(merchant: MerchantInfo) -> impl IntoView {
    let i18n = use_i18n();
    let (name, id, status) = (merchant.name.clone(), merchant.id.clone(), merchant.status);
    view! {
        <p>
            {move || fill_in(&fill_in(t_string!(i18n, payment_failure.merchant), "name", &name), "id", &id)}
            " "
            <strong data-testid="failure-merchant-status" data-status=merchant_status_name(status)>
                {move || merchant_status_text(i18n, status)}
            </strong>
        </p>
        <p>{t!(i18n, payment_failure.merchant_fix)}</p>
        <MerchantContact merchant />
    }
}

pub fn merchant_status_name(status: MerchantStatus) -> &'static str {
    match status {
        MerchantStatus::Available => "available",
        MerchantStatus::Unavailable => "unavailable",
    }
}

/// A merchant's phone (a `tel:` link) and e-mail address (a `mailto:` link).
#[component]
pub fn MerchantContact(merchant: MerchantInfo) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <dl class="facts merchant-contact">
            <dt>{t!(i18n, payment_failure.phone)}</dt>
            <dd><a href=crate::brand_file::tel_href(&merchant.contact_phone) data-testid="merchant-phone">{merchant.contact_phone.clone()}</a></dd>
            <dt>{t!(i18n, payment_failure.email)}</dt>
            <dd>
                <a href=format!("mailto:{}", merchant.contact_email) data-testid="merchant-email">
                    {merchant.contact_email.clone()}
                </a>
            </dd>
        </dl>
    }
}

/// A locked account (money endpoints answer `ACCOUNT_LOCKED` while the owner stays signed in):
/// why, until when in the reader's time zone, and the self-service unlock.
#[component]
fn LockedFacts(reason: LockReason, until: Timestamp) -> impl IntoView {
    let i18n = use_i18n();
    // The address for the unlock form, when signed in (as on the money pages).
    let email = use_context::<Session>().and_then(|session| session.user()).map(|user| user.email).unwrap_or_default();
    let unlock_href = if email.is_empty() { Page::Unlock.path() } else { Page::Unlock.with_query(&[("email", email.as_str())]) };
    let why = move || match reason {
        LockReason::FailedAttempts => t_string!(i18n, sign_in.locked_failed_attempts),
        LockReason::ReportedSignIn => t_string!(i18n, sign_in.locked_reported),
    };
    let until_text = move || format_timestamp(lang_of(i18n.get_locale()), until);
    view! {
        <p data-testid="failure-lock-until">{move || fill_in(t_string!(i18n, payment_failure.locked_until), "until", until_text())}</p>
        <p data-testid="failure-lock-reason">{why}</p>
        <p>{t!(i18n, sign_in.unlock_now_hint)}</p>
        <p>
            <A href=unlock_href attr:class="button" attr:data-testid="unlock-link">{t!(i18n, payment_failure.unlock_now)}</A>
        </p>
    }
}

/// The restriction in force: what it blocks, the operator's reason and since when.
#[component]
fn RestrictionFacts(restriction: Restriction) -> impl IntoView {
    let i18n = use_i18n();
    let Restriction { scope, reason, since, .. } = restriction;
    let scope_text = move || match scope {
        RestrictionScope::Payments => t_string!(i18n, payment_failure.scope_payments),
        RestrictionScope::Withdrawals => t_string!(i18n, payment_failure.scope_withdrawals),
        RestrictionScope::All => t_string!(i18n, payment_failure.scope_all),
    };
    view! {
        <p data-testid="failure-restriction" data-scope=scope.as_str()>{scope_text}</p>
        <dl class="facts">
            <dt>{t!(i18n, payment_failure.restriction_reason)}</dt>
            <dd>{reason}</dd>
            <dt>{t!(i18n, payment_failure.restriction_since)}</dt>
            <dd>{move || format_timestamp(lang_of(i18n.get_locale()), since)}</dd>
        </dl>
    }
}

/// No answer came (or not the server's): the money may or may not have moved. The retry sends
/// the same request with the same key, so it cannot go through twice.
#[component]
pub fn PaymentUncertain(
    error: ApiError,
    #[prop(optional)] attempt: Attempt,
    #[prop(into)] retry: Callback<()>,
    #[prop(into)] pending: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let what = move || match attempt {
        Attempt::Payment => t_string!(i18n, payment_failure.uncertain_payment),
        Attempt::TopUp => t_string!(i18n, payment_failure.uncertain_top_up),
    };
    let reason = move || match &error {
        ApiError::Network => t_string!(i18n, payment_failure.connection_lost).to_string(),
        // A 5xx: the server may have done it before failing ("nothing was changed" would not
        // be known to be true), except when it says it was too busy to start.
        ApiError::Server { error, .. }
            if !matches!(error.code, ErrorCode::ServiceBusy | ErrorCode::ServiceUnavailable) =>
        {
            t_string!(i18n, payment_failure.server_error).to_string()
        }
        other => error_message(i18n, other),
    };
    view! {
        <section class="card payment-failure" role="alert" data-testid="payment-uncertain">
            <h2>{t!(i18n, payment_failure.uncertain_heading)}</h2>
            <p class="failure-reason">{reason}</p>
            <p>{what}</p>
            <p>{t!(i18n, payment_failure.uncertain_safe)}</p>
            <div class="failure-actions">
                <button
                    type="button"
                    class="button"
                    disabled=move || pending.get()
                    on:click=move |_| retry.run(())
                    data-testid="retry-payment"
                >
                    {t!(i18n, payment_failure.retry)}
                </button>
                <p>
                    <A href=help_href("payment-network-error") attr:data-testid="failure-help-link">
                        {t!(i18n, payment_failure.help)}
                    </A>
                </p>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_money_refusal_leads_to_the_article_that_explains_it() {
        assert_eq!(help_article(ErrorCode::InsufficientFunds, Attempt::Payment), "payment-insufficient-balance");
        assert_eq!(help_article(ErrorCode::LimitExceeded, Attempt::TopUp), "payment-limits");
        assert_eq!(help_article(ErrorCode::MerchantUnavailable, Attempt::Payment), "payment-merchant-unavailable");
        assert_eq!(help_article(ErrorCode::CardDeclined, Attempt::TopUp), "top-up");
        assert_eq!(help_article(ErrorCode::Internal, Attempt::Payment), "payment-failed");
        assert_eq!(help_article(ErrorCode::AccountLocked, Attempt::TopUp), "account-locked");
    }

    #[test]
    fn trying_again_is_offered_for_a_merchant_that_may_come_back_but_not_for_a_short_balance() {
        assert!(trying_again_may_help(ErrorCode::MerchantUnavailable));
        assert!(trying_again_may_help(ErrorCode::CardDeclined));
        assert!(!trying_again_may_help(ErrorCode::InsufficientFunds));
        assert!(!trying_again_may_help(ErrorCode::LimitExceeded));
        assert!(!trying_again_may_help(ErrorCode::AccountRestricted));
        assert!(!trying_again_may_help(ErrorCode::AccountLocked));
    }
}
