//! The "my payment failed" wizard's signed-in diagnosis: the failed payment (the one the
//! reader came about, else the most recent one), why it failed, and the fix for that reason
//! with the facts as they are now: the balance, the merchant's status, the restrictions.
//!
//! It is shown above the wizard's questions and never holds them up: while it loads, or when
//! the API does not answer, the questions work as they do signed out.

use leptos::prelude::*;
use leptos_router::components::A;
use wallet_api::{
    ErrorCode, MerchantInfo, MerchantStatus, Money, PaymentDiagnosis, Transaction, TransactionKind, TransactionStatus,
};

use crate::api::{self, ApiError};
use crate::components::error_notice::code_message;
use crate::components::payment_failure::MerchantContact;
use crate::i18n::*;
use crate::prefs::lang_of;
use crate::routes::Page;
use crate::time;

/// What to do about a failed payment, now.
#[derive(Debug, Clone, PartialEq)]
pub enum Fix {
    /// The balance is still short: top up `missing` (= `needed` − `available`).
    TopUp { available: Money, needed: Money, missing: Money },
    /// The balance covers the payment now: pay again.
    PayAgain { available: Money, needed: Money },
    /// The merchant is taking payments again.
    MerchantBack(MerchantInfo),
    /// The merchant is still down: its contact details.
    MerchantDown(MerchantInfo),
    /// A restriction on payments is still in force.
    Restricted,
    /// The restriction has been lifted since.
    RestrictionLifted,
    /// Over the per-payment or daily limit: how the limits work.
    Limits,
    /// A fact the fix needs is missing, or an unexpected reason: the article on it.
    Read(&'static str),
}

pub const LIMITS_ARTICLE: &str = "payment-limits";

/// The fix for the diagnosed payment; `None` when there is no failed payment.
pub fn choose_fix(diagnosis: &PaymentDiagnosis) -> Option<Fix> {
    let payment = diagnosis.failed.as_ref()?;
    let fix = match payment.failure {
        Some(ErrorCode::InsufficientFunds) => {
            let needed = diagnosis.needed.or_else(|| payment.amount.checked_add(payment.fee));
            match (diagnosis.available, needed) {
                (Some(available), Some(needed)) => match needed.checked_sub(available) {
                    Some(missing) if missing.minor > 0 => Fix::TopUp { available, needed, missing },
                    Some(_) => Fix::PayAgain { available, needed },
                    None => Fix::Read("payment-insufficient-balance"),
                },
                _ => Fix::Read("payment-insufficient-balance"),
            }
        }
        Some(ErrorCode::MerchantUnavailable) => match &diagnosis.merchant {
            Some(merchant) if merchant.status == MerchantStatus::Available => Fix::MerchantBack(merchant.clone()),
            Some(merchant) => Fix::MerchantDown(merchant.clone()),
            None => Fix::Read("payment-merchant-unavailable"),
        },
        Some(ErrorCode::AccountRestricted) => {
            if diagnosis.restrictions.iter().any(|r| r.scope.blocks_payments()) {
                Fix::Restricted
            } else {
                Fix::RestrictionLifted
            }
        }
        Some(ErrorCode::LimitExceeded) => Fix::Limits,
        _ => Fix::Read("payment-failed"),
    };
    Some(fix)
}

pub use crate::components::money_input::top_up_href;

/// The payment form with the failed payment's recipient filled in.
pub fn pay_again_href(recipient_id: &str) -> String {
    Page::Pay.with_query(&[("to", recipient_id)])
}


pub fn is_failed_payment(transaction: &Transaction) -> bool {
    transaction.kind == TransactionKind::PaymentSent && transaction.status == TransactionStatus::Failed
}

/// What the reader's `?transaction=` turned out to be, when it is not diagnosed itself.
#[derive(Debug, Clone, PartialEq)]
pub enum ReferenceNote {
    NotAFailedPayment(Transaction),
    NotFound(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub diagnosis: PaymentDiagnosis,
    /// The diagnosis is about the reader's `?transaction=` (else about the last failure).
    pub about_reference: bool,
    pub note: Option<ReferenceNote>,
}

/// The reader's transaction when it is a failed payment, else the last failed payment.
async fn find(reference: Option<String>) -> Result<Found, ApiError> {
    let mut note = None;
    if let Some(id) = reference {
        match api::transaction(id.clone()).await {
            Ok(payment) if is_failed_payment(&payment) => {
                let diagnosis = diagnose(payment).await?;
                return Ok(Found { diagnosis, about_reference: true, note: None });
            }
            Ok(other) => note = Some(ReferenceNote::NotAFailedPayment(other)),
            Err(error) if error.code() == Some(ErrorCode::NotFound) => note = Some(ReferenceNote::NotFound(id)),
            Err(error) => return Err(error),
        }
    }
    let diagnosis = api::last_payment_failure().await?;
    Ok(Found { diagnosis, about_reference: false, note })
}

/// The facts now about any failed payment, as the server gives them for the last one: only
/// those its failure needs.
async fn diagnose(payment: Transaction) -> Result<PaymentDiagnosis, ApiError> {
    let mut diagnosis = PaymentDiagnosis {
        failed: None,
        available: None,
        needed: payment.amount.checked_add(payment.fee),
        merchant: None,
        restrictions: Vec::new(),
    };
    match payment.failure {
        Some(ErrorCode::InsufficientFunds | ErrorCode::AccountRestricted) => {
            let overview = api::overview().await?;
            diagnosis.available = overview
                .balances
                .iter()
                .map(|balance| balance.available)
                .find(|available| available.currency == payment.amount.currency);
            diagnosis.restrictions = overview.restrictions;
        }
        Some(ErrorCode::MerchantUnavailable) => {
            diagnosis.merchant = api::find_recipient(payment.counterparty.id.clone()).await?.merchant;
        }
        _ => {}
    }
    diagnosis.failed = Some(payment);
    Ok(diagnosis)
}

/// The diagnosis, for a signed-in reader.
#[component]
pub fn PaymentDiagnosisPanel(reference: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let found = LocalResource::new(move || find(reference.clone()));
    let content = move || match found.get() {
        None => view! { <p class="muted">{t!(i18n, help.diagnosis_checking)}</p> }.into_any(),
        Some(Ok(found)) => view! { <Findings found /> }.into_any(),
        Some(Err(_)) => view! { <p class="notice">{t!(i18n, help.diagnosis_unavailable)}</p> }.into_any(),
    };
    view! {
        <section class="card diagnosis" aria-labelledby="diagnosis-heading">
            <h2 id="diagnosis-heading">{t!(i18n, help.diagnosis_heading)}</h2>
            <div aria-live="polite">{content}</div>
        </section>
    }
}

#[component]
fn Findings(found: Found) -> impl IntoView {
    let i18n = use_i18n();
    let note = found.note.map(|note| view! { <ReferenceNoteView note /> });
    let fix = choose_fix(&found.diagnosis);
    let (Some(fix), Some(payment)) = (fix, found.diagnosis.failed) else {
        return view! {
            {note}
            <div data-testid="payment-diagnosis">
                <p>{t!(i18n, help.diagnosis_none)}</p>
            </div>
        }
        .into_any();
    };
    let code = payment.failure.unwrap_or(ErrorCode::Unknown);
    let pay_again = pay_again_href(&payment.counterparty.id);
    let heading = move || {
        if found.about_reference { t_string!(i18n, help.diagnosis_reported) } else { t_string!(i18n, help.diagnosis_last) }
    };
    view! {
        {note}
        <div data-testid="payment-diagnosis" data-code=code.as_str()>
            <h3>{heading}</h3>
            <FailedPayment payment />
            <FixView fix pay_again />
            <p class="muted">{t!(i18n, help.diagnosis_not_this)}</p>
        </div>
    }
    .into_any()
}

/// "Payment T… of ¥… to *三丰 on … failed: …"
#[component]
fn FailedPayment(payment: Transaction) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let code = payment.failure.unwrap_or(ErrorCode::Unknown);
    let amount = move || payment.amount.format(lang());
    let date = move || time::format_timestamp(lang(), payment.created_at);
    let reason = move || code_message(i18n, code);
    let id = payment.id.clone();
    let name = payment.counterparty.masked_name.clone();
    view! { <p class="diagnosis-summary">{t!(i18n, help.diagnosis_failed, id, amount, name, date, reason)}</p> }
}

/// The fix for the failure; `pay_again` is the payment form for the same recipient.
#[component]
fn FixView(fix: Fix, pay_again: String) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let pay_again = move || {
        view! {
            <A href=pay_again.clone() attr:class="button" attr:data-testid="diagnosis-fix">{t!(i18n, help.fix_pay_again)}</A>
        }
    };
    match fix {
        Fix::TopUp { available, needed, missing } => {
            let (available, needed) = (move || available.format(lang()), move || needed.format(lang()));
            let missing_text = move || missing.format(lang());
            view! {
                <p>{t!(i18n, help.fix_top_up, available, needed, missing = missing_text)}</p>
                <A href=top_up_href(missing) attr:class="button" attr:data-testid="diagnosis-fix">
                    {t!(i18n, help.fix_top_up_action, missing = missing_text)}
                </A>
            }
            .into_any()
        }
        Fix::PayAgain { available, needed } => {
            let (available, needed) = (move || available.format(lang()), move || needed.format(lang()));
            view! {
                <p>{t!(i18n, help.fix_covered, available, needed)}</p>
                {pay_again()}
            }
            .into_any()
        }
        Fix::MerchantBack(merchant) => {
            let name = merchant.name.clone();
            view! {
                <p>{t!(i18n, help.fix_merchant_back, merchant = name)}</p>
                {pay_again()}
            }
            .into_any()
        }
        Fix::MerchantDown(merchant) => {
            let name = merchant.name.clone();
            view! {
                <p>{t!(i18n, help.fix_merchant_down, merchant = name)}</p>
                <div data-testid="diagnosis-fix"><MerchantContact merchant /></div>
            }
            .into_any()
        }
        Fix::Restricted => view! {
            <p>{t!(i18n, help.fix_restricted)}</p>
            <A href=Page::Restrictions.path() attr:class="button" attr:data-testid="diagnosis-fix">
                {t!(i18n, help.fix_view_restrictions)}
            </A>
        }
        .into_any(),
        Fix::RestrictionLifted => view! {
            <p>{t!(i18n, help.fix_restriction_lifted)}</p>
            {pay_again()}
        }
        .into_any(),
        Fix::Limits => view! {
            <p>{t!(i18n, help.fix_limits)}</p>
            <A href=Page::HelpArticle(LIMITS_ARTICLE.into()).path() attr:class="button" attr:data-testid="diagnosis-fix">
                {t!(i18n, help.fix_limits_action)}
            </A>
        }
        .into_any(),
        Fix::Read(slug) => view! {
            <A href=Page::HelpArticle(slug.into()).path() attr:class="button" attr:data-testid="diagnosis-fix">
                {t!(i18n, help.fix_read)}
            </A>
        }
        .into_any(),
    }
}

/// What the reader's transaction is, when it is not a failed payment.
#[component]
fn ReferenceNoteView(note: ReferenceNote) -> impl IntoView {
    let i18n = use_i18n();
    let text = match note {
        ReferenceNote::NotFound(id) => t!(i18n, help.reference_not_found, id).into_any(),
        ReferenceNote::NotAFailedPayment(transaction) => {
            let id = transaction.id.clone();
            match transaction.status {
                TransactionStatus::Completed => t!(i18n, help.reference_completed, id).into_any(),
                TransactionStatus::Pending => t!(i18n, help.reference_pending, id).into_any(),
                TransactionStatus::Failed => t!(i18n, help.reference_failed_top_up, id).into_any(),
            }
        }
    };
    view! { <p class="notice" data-testid="diagnosis-reference-note">{text}</p> }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wallet_api::{Counterparty, Currency, PartyKind, Restriction, RestrictionScope};

    fn cny(minor: i64) -> Money {
        Money::new(minor, Currency::CNY)
    }

    fn failed(code: ErrorCode) -> Transaction {
        Transaction {
            id: "TABCDEF123456".into(),
            kind: TransactionKind::PaymentSent,
            status: TransactionStatus::Failed,
            amount: cny(250_000),
            fee: cny(250),
            counterparty: Counterparty { kind: PartyKind::Merchant, id: "M10002".into(), masked_name: "Harbour Books".into() },
            note: None,
            failure: Some(code),
            created_at: 1_700_000_000,
            updated_at: 1_700_000_000,
        }
    }

    fn diagnosis(code: ErrorCode) -> PaymentDiagnosis {
        PaymentDiagnosis { failed: Some(failed(code)), available: None, needed: None, merchant: None, restrictions: Vec::new() }
    }

    fn merchant(status: MerchantStatus) -> MerchantInfo {
        MerchantInfo {
            id: "M10002".into(),
            name: "Harbour Books".into(),
            status,
            contact_phone: "+86 21 5555 0102".into(),
            contact_email: "pay@harbour-books.example".into(),
        }
    }

    fn restriction(scope: RestrictionScope) -> Restriction {
        Restriction { scope, reason_code: "unusual_activity".into(), reason: "Unusual activity".into(), since: 0 }
    }

    #[test]
    fn no_failed_payment_means_no_fix() {
        let none = PaymentDiagnosis { failed: None, available: None, needed: None, merchant: None, restrictions: Vec::new() };
        assert_eq!(choose_fix(&none), None);
    }

    #[test]
    fn a_balance_still_short_asks_to_top_up_the_missing_amount() {
        let d = PaymentDiagnosis { available: Some(cny(200_000)), needed: Some(cny(250_250)), ..diagnosis(ErrorCode::InsufficientFunds) };
        assert_eq!(
            choose_fix(&d),
            Some(Fix::TopUp { available: cny(200_000), needed: cny(250_250), missing: cny(50_250) })
        );
    }

    #[test]
    fn without_the_needed_amount_it_is_the_payments_amount_plus_its_fee() {
        let d = PaymentDiagnosis { available: Some(cny(250_000)), ..diagnosis(ErrorCode::InsufficientFunds) };
        assert_eq!(choose_fix(&d), Some(Fix::TopUp { available: cny(250_000), needed: cny(250_250), missing: cny(250) }));
    }

    #[test]
    fn a_balance_that_covers_the_payment_now_offers_to_pay_again() {
        for available in [250_250, 900_000] {
            let d = PaymentDiagnosis { available: Some(cny(available)), needed: Some(cny(250_250)), ..diagnosis(ErrorCode::InsufficientFunds) };
            assert_eq!(choose_fix(&d), Some(Fix::PayAgain { available: cny(available), needed: cny(250_250) }), "{available}");
        }
    }

    #[test]
    fn an_unknown_balance_or_another_currency_leads_to_the_article_instead_of_a_wrong_amount() {
        assert_eq!(choose_fix(&diagnosis(ErrorCode::InsufficientFunds)), Some(Fix::Read("payment-insufficient-balance")));
        let other_currency = PaymentDiagnosis {
            available: Some(Money::new(30_000, Currency::USD)),
            needed: Some(cny(250_250)),
            ..diagnosis(ErrorCode::InsufficientFunds)
        };
        assert_eq!(choose_fix(&other_currency), Some(Fix::Read("payment-insufficient-balance")));
    }

    #[test]
    fn a_merchant_that_is_back_offers_to_pay_again_and_one_still_down_gives_its_contact() {
        let back = PaymentDiagnosis { merchant: Some(merchant(MerchantStatus::Available)), ..diagnosis(ErrorCode::MerchantUnavailable) };
        assert_eq!(choose_fix(&back), Some(Fix::MerchantBack(merchant(MerchantStatus::Available))));
        let down = PaymentDiagnosis { merchant: Some(merchant(MerchantStatus::Unavailable)), ..diagnosis(ErrorCode::MerchantUnavailable) };
        assert_eq!(choose_fix(&down), Some(Fix::MerchantDown(merchant(MerchantStatus::Unavailable))));
        assert_eq!(choose_fix(&diagnosis(ErrorCode::MerchantUnavailable)), Some(Fix::Read("payment-merchant-unavailable")));
    }

    #[test]
    fn a_restriction_on_payments_still_in_force_links_to_the_restrictions_and_a_lifted_one_offers_to_pay_again() {
        let still = PaymentDiagnosis { restrictions: vec![restriction(RestrictionScope::All)], ..diagnosis(ErrorCode::AccountRestricted) };
        assert_eq!(choose_fix(&still), Some(Fix::Restricted));
        let withdrawals_only =
            PaymentDiagnosis { restrictions: vec![restriction(RestrictionScope::Withdrawals)], ..diagnosis(ErrorCode::AccountRestricted) };
        assert_eq!(choose_fix(&withdrawals_only), Some(Fix::RestrictionLifted));
        assert_eq!(choose_fix(&diagnosis(ErrorCode::AccountRestricted)), Some(Fix::RestrictionLifted));
    }

    #[test]
    fn a_limit_leads_to_the_payment_limits_article_and_anything_else_to_the_general_one() {
        assert_eq!(choose_fix(&diagnosis(ErrorCode::LimitExceeded)), Some(Fix::Limits));
        assert_eq!(choose_fix(&diagnosis(ErrorCode::Internal)), Some(Fix::Read("payment-failed")));
    }

    #[test]
    fn the_top_up_link_carries_the_missing_amount_as_a_plain_number_and_its_currency() {
        assert_eq!(top_up_href(cny(50_250)), "/wallet/top-up?amount=502.50&currency=CNY");
        assert_eq!(top_up_href(Money::new(5, Currency::USD)), "/wallet/top-up?amount=0.05&currency=USD");
    }

    #[test]
    fn paying_again_fills_in_the_same_recipient() {
        assert_eq!(pay_again_href("M10002"), "/wallet/pay?to=M10002");
    }

    #[test]
    fn only_a_payment_sent_that_failed_is_diagnosed() {
        assert!(is_failed_payment(&failed(ErrorCode::InsufficientFunds)));
        let completed = Transaction { status: TransactionStatus::Completed, ..failed(ErrorCode::InsufficientFunds) };
        assert!(!is_failed_payment(&completed));
        let top_up = Transaction { kind: TransactionKind::TopUp, ..failed(ErrorCode::CardDeclined) };
        assert!(!is_failed_payment(&top_up));
    }
}
