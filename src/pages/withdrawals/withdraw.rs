//! `/wallet/withdraw`: choose a bank account, type the amount (checked live against the
//! conditions of `GET /withdrawals/rules`: minimum, fee, total, what is left of the daily and
//! monthly limits, the available balance), review, type the 2FA code, confirm. Each attempt
//! carries one idempotency key (see `components::attempt_key`): a double click or a retry after
//! a lost connection withdraws once.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::components::A;
use wallet_api::{BankAccount, Currency, ErrorCode, ErrorDetail, Money, WithdrawalDetail, WithdrawalLimitKind, WithdrawalRequest, WithdrawalRules};

use crate::api::{self, ApiError};
use crate::components::attempt_key::{outcome_unknown, AttemptKey};
use crate::components::code_input::{code_error_message, CodeInput};
use crate::components::error_notice::error_message;
use crate::components::form::{code_problem, focus_first_invalid, in_language, Message, Say};
use crate::components::load_error::load_error;
use crate::components::money_input::{available_in_money, currency_name, money_error_message, typed_amount, MoneyInput};
use crate::components::require_sign_in::RequireSignIn;
use crate::components::text_field::fill_in;
use crate::i18n::*;
use crate::prefs::lang_of;
use crate::routes::Page;
use crate::time::{format_timestamp, now_millis};

type WithdrawAction = Action<(WithdrawalRequest, String), Result<WithdrawalDetail, ApiError>>;

/// The form's state, kept outside `RequireSignIn` (which builds its content again when the
/// session is re-read).
#[derive(Clone, Copy)]
struct WithdrawForm {
    account_id: RwSignal<String>,
    amount_text: RwSignal<String>,
    currency: RwSignal<Currency>,
    submitted: RwSignal<bool>,
    /// The reviewed withdrawal: bank account, amount, fee, total.
    review: RwSignal<Option<(BankAccount, Money, Money, Money)>>,
    code: RwSignal<String>,
    code_message: Message,
    key: AttemptKey,
    /// The last request sent with its key: what "Try again" sends, unchanged.
    sent: RwSignal<Option<(WithdrawalRequest, String)>>,
}

/// What the live check of the typed amount found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountCheck {
    Fine,
    BelowMinimum { minimum: Money },
    OverBalance { total: Money, available: Money },
    OverDaily { left: Money },
    OverMonthly { left: Money },
    WrongCurrency { currency: Currency },
}

/// The conditions a withdrawal of `amount` to an account in `account_currency` must meet,
/// checked in the order the server checks them.
pub fn check_amount(amount: Money, account_currency: Currency, rules: &WithdrawalRules) -> AmountCheck {
    if amount.currency != account_currency {
        return AmountCheck::WrongCurrency { currency: account_currency };
    }
    if amount.minor < rules.minimum_minor {
        return AmountCheck::BelowMinimum { minimum: Money::new(rules.minimum_minor, amount.currency) };
    }
    let left = rules.daily_left(amount.currency);
    if amount.minor > left.minor {
        return AmountCheck::OverDaily { left };
    }
    let left = rules.monthly_left(amount.currency);
    if amount.minor > left.minor {
        return AmountCheck::OverMonthly { left };
    }
    let total = Money::new(amount.minor.saturating_add(rules.fee(amount).minor), amount.currency);
    let available = available_in_money(&rules.available, amount.currency);
    if total.minor > available.minor {
        return AmountCheck::OverBalance { total, available };
    }
    AmountCheck::Fine
}

/// A refusal about the 2FA code, said at the code field.
fn is_code_refusal(error: &ApiError) -> bool {
    matches!(
        error.code(),
        Some(ErrorCode::SecondFactorRequired | ErrorCode::InvalidCode | ErrorCode::CodeAlreadyUsed | ErrorCode::CodeExpired)
    )
}

fn now_secs() -> i64 {
    (now_millis() / 1000.0) as i64
}

#[component]
pub fn WithdrawPage() -> impl IntoView {
    let form = WithdrawForm {
        account_id: RwSignal::new(String::new()),
        amount_text: RwSignal::new(String::new()),
        currency: RwSignal::new(Currency::CNY),
        submitted: RwSignal::new(false),
        review: RwSignal::new(None),
        code: RwSignal::new(String::new()),
        code_message: RwSignal::new(None),
        key: AttemptKey::new(),
        sent: RwSignal::new(None),
    };
    let withdraw: WithdrawAction = Action::new_local(move |(request, key): &(WithdrawalRequest, String)| {
        let (request, key) = (request.clone(), key.clone());
        async move {
            let result = api::withdraw(request, key).await;
            form.key.settle(&result);
            if let Err(error) = &result {
                if is_code_refusal(error) {
                    let error = error.clone();
                    form.code_message.set(Some(Say::new(move |i18n| code_error_message(i18n, &error))));
                    focus_first_invalid();
                }
            }
            result
        }
    });
    view! {
        <RequireSignIn>
            <WithdrawContent form withdraw />
        </RequireSignIn>
    }
}

#[component]
fn WithdrawContent(form: WithdrawForm, withdraw: WithdrawAction) -> impl IntoView {
    let i18n = use_i18n();
    let rules = LocalResource::new(move || {
        withdraw.version().get();
        api::withdrawal_rules()
    });
    let accounts = LocalResource::new(api::bank_accounts);
    let content = move || {
        Suspend::new(async move {
            let rules = rules.await?;
            let accounts = accounts.await?;
            Ok::<_, ApiError>(view! { <WithdrawConditions form withdraw rules accounts /> })
        })
    };
    view! {
        <Title text=move || t_string!(i18n, withdraw.title).to_string() />
        <h1>{t!(i18n, withdraw.title)}</h1>
        <p class="lead">{t!(i18n, withdraw.intro)}</p>
        <Transition fallback=move || view! { <p>{t!(i18n, app.loading)}</p> }>
            <ErrorBoundary fallback=load_error>{content}</ErrorBoundary>
        </Transition>
    }
}

#[component]
fn WithdrawConditions(form: WithdrawForm, withdraw: WithdrawAction, rules: WithdrawalRules, accounts: Vec<BankAccount>) -> impl IntoView {
    let i18n = use_i18n();
    if !rules.two_factor {
        return view! {
            <section class="notice notice-warning" data-testid="withdraw-needs-2fa" aria-labelledby="needs-2fa-heading">
                <h2 id="needs-2fa-heading">{t!(i18n, withdraw.needs_2fa_heading)}</h2>
                <p>{t!(i18n, withdraw.needs_2fa_body)}</p>
                <p>
                    <A href=Page::TwoFactor.with_query(&[("suggested", "1")]) attr:class="button" attr:data-testid="turn-on-2fa">
                        {t!(i18n, withdraw.turn_on_2fa)}
                    </A>
                </p>
            </section>
        }
        .into_any();
    }
    if let Some(restriction) = rules.restrictions.iter().find(|r| r.scope.blocks_withdrawals()).cloned() {
        let since = restriction.since;
        return view! {
            <section class="notice notice-error" data-testid="withdraw-restricted" aria-labelledby="restricted-heading">
                <h2 id="restricted-heading">{t!(i18n, withdraw.restricted_heading)}</h2>
                <p>{move || fill_in(t_string!(i18n, withdraw.restricted_body), "since", format_timestamp(lang_of(i18n.get_locale()), since))}</p>
                <p><A href=Page::Restrictions.path() attr:data-testid="restrictions-link">{t!(i18n, withdraw.restricted_link)}</A></p>
            </section>
        }
        .into_any();
    }
    if accounts.is_empty() {
        return view! {
            <section class="card" data-testid="withdraw-no-accounts">
                <p>{t!(i18n, withdraw.no_accounts)}</p>
                <p><A href=Page::BankAccounts.path() attr:class="button" attr:data-testid="add-bank-account-link">{t!(i18n, withdraw.add_account)}</A></p>
            </section>
        }
        .into_any();
    }
    if form.account_id.get_untracked().is_empty() || !accounts.iter().any(|a| a.id == form.account_id.get_untracked()) {
        let first = accounts.iter().find(|a| a.is_default).or(accounts.first()).map(|a| a.id.clone()).unwrap_or_default();
        form.account_id.set(first);
    }
    let rules = StoredValue::new(rules);
    let accounts = StoredValue::new(accounts);
    let lang = move || lang_of(i18n.get_locale());
    let account = Memo::new(move |_| {
        let id = form.account_id.get();
        accounts.with_value(|all| all.iter().find(|a| a.id == id).cloned())
    });
    // The bank account's currency is the one to withdraw in.
    let currency = Memo::new(move |_| account.get().map_or(Currency::CNY, |a| a.currency));
    // Only when it changes: this view is built again when the rules are read again (after a
    // withdrawal), and a needless write would count as an edit and drop the outcome.
    Effect::new(move |_| {
        let currency = currency.get();
        if form.currency.get_untracked() != currency {
            form.currency.set(currency);
        }
    });
    let amount = Memo::new(move |_| typed_amount(&form.amount_text.get(), form.currency.get(), form.submitted.get()));
    let check = Memo::new(move |_| match amount.get() {
        Some(Ok(amount)) => rules.with_value(|rules| check_amount(amount, currency.get(), rules)),
        _ => AmountCheck::Fine,
    });
    let cooling_until = Memo::new(move |_| account.get().map(|a| a.usable_from).filter(|until| *until > now_secs()));
    // Any edit drops the review (and its key): what comes next is a new attempt.
    Effect::new(move |first_run: Option<()>| {
        form.account_id.track();
        form.amount_text.track();
        form.currency.track();
        if first_run.is_some() {
            untrack(|| {
                form.review.set(None);
                form.key.forget();
                withdraw.value().set(None);
            });
        }
    });
    let options = move || {
        accounts.with_value(|all| {
            all.iter()
                .map(|a| {
                    let id = a.id.clone();
                    let selected = id.clone();
                    let text = format!("{} {} · {}", a.currency.code(), a.masked_number, a.holder_name);
                    let default = a.is_default;
                    view! {
                        <option value=id prop:selected=move || form.account_id.get() == selected>
                            {text}
                            {move || default.then(|| format!(" ({})", t_string!(i18n, bank_accounts.default_badge)))}
                        </option>
                    }
                })
                .collect_view()
        })
    };
    let facts = move || {
        let currency = currency.get();
        rules.with_value(|rules| {
            let minimum = Money::new(rules.minimum_minor, currency);
            let available = available_in_money(&rules.available, currency);
            let daily = rules.daily_left(currency);
            let monthly = rules.monthly_left(currency);
            let typed = amount.get().and_then(Result::ok).filter(|a| a.currency == currency);
            let fee = typed.map(|a| rules.fee(a));
            let total = typed.zip(fee).map(|(a, f)| Money::new(a.minor.saturating_add(f.minor), currency));
            let dash = || "—".to_string();
            view! {
                <dl class="facts" data-testid="withdraw-conditions">
                    <dt>{t!(i18n, withdraw.available)}</dt>
                    <dd data-testid="withdraw-available">{available.format(lang())}</dd>
                    <dt>{t!(i18n, withdraw.minimum)}</dt>
                    <dd data-testid="withdraw-minimum">{minimum.format(lang())}</dd>
                    <dt>{t!(i18n, withdraw.daily_left)}</dt>
                    <dd data-testid="withdraw-daily-left">{daily.format(lang())}</dd>
                    <dt>{t!(i18n, withdraw.monthly_left)}</dt>
                    <dd data-testid="withdraw-monthly-left">{monthly.format(lang())}</dd>
                    <dt>{t!(i18n, withdraw.fee)}</dt>
                    <dd data-testid="withdraw-fee">{fee.map(|f| f.format(lang())).unwrap_or_else(dash)}</dd>
                    <dt>{t!(i18n, withdraw.total)}</dt>
                    <dd data-testid="withdraw-total"><strong>{total.map(|t| t.format(lang())).unwrap_or_else(dash)}</strong></dd>
                </dl>
            }
        })
    };
    let message = move || match amount.get() {
        Some(Err(error)) => Some(money_error_message(i18n, error)),
        Some(Ok(_)) => check_text(i18n, check.get()),
        None => None,
    };
    let on_review = move |event: SubmitEvent| {
        event.prevent_default();
        if withdraw.pending().get_untracked() {
            return;
        }
        form.submitted.set(true);
        let Some(account) = account.get_untracked() else { return };
        if cooling_until.get_untracked().is_some() {
            return;
        }
        match typed_amount(&form.amount_text.get_untracked(), form.currency.get_untracked(), true) {
            Some(Ok(amount)) if check.get_untracked() == AmountCheck::Fine => {
                let fee = rules.with_value(|rules| rules.fee(amount));
                let total = Money::new(amount.minor.saturating_add(fee.minor), amount.currency);
                form.code.set(String::new());
                form.code_message.set(None);
                form.key.start();
                form.review.set(Some((account, amount, fee, total)));
            }
            _ => focus_first_invalid(),
        }
    };
    let invalid = move || matches!(amount.get(), Some(Err(_))) || check.get() != AmountCheck::Fine;
    view! {
        <section class="card withdraw-step" aria-labelledby="withdraw-details-heading">
            <h2 id="withdraw-details-heading">{t!(i18n, withdraw.details_heading)}</h2>
            <form class="withdraw-details" on:submit=on_review novalidate>
                <div class="field">
                    <label for="bank-account-select">{t!(i18n, withdraw.account_label)}</label>
                    <select
                        id="bank-account-select"
                        name="bank-account-select"
                        data-testid="bank-account-select"
                        on:change=move |event| form.account_id.set(event_target_value(&event))
                    >
                        {options}
                    </select>
                    <p class="field-hint">
                        <A href=Page::BankAccounts.path() attr:data-testid="manage-bank-accounts">{t!(i18n, withdraw.manage_accounts)}</A>
                    </p>
                </div>
                <div aria-live="polite">
                    {move || cooling_until.get().map(|until| view! {
                        <p class="notice notice-warning" data-testid="withdraw-cooling-off">
                            {move || fill_in(t_string!(i18n, withdraw.cooling_off), "until", format_timestamp(lang(), until))}
                        </p>
                    })}
                </div>
                <MoneyInput
                    id="withdraw-amount"
                    currency_id="withdraw-currency"
                    label=move || t_string!(i18n, money_input.amount_label).to_string()
                    text=form.amount_text
                    currency=form.currency
                    invalid=Signal::derive(invalid)
                    message_testid="withdraw-amount-message"
                >
                    {message}
                </MoneyInput>
                {facts}
                <button
                    type="submit"
                    class="button"
                    disabled=move || withdraw.pending().get() || cooling_until.get().is_some()
                    data-testid="withdraw-review"
                >
                    {t!(i18n, withdraw.review)}
                </button>
            </form>
        </section>
        {move || form.review.get().map(|review| view! { <WithdrawReview form withdraw review /> })}
    }
    .into_any()
}

fn check_text(i18n: I18nContext<Locale>, check: AmountCheck) -> Option<String> {
    let lang = lang_of(i18n.get_locale());
    Some(match check {
        AmountCheck::Fine => return None,
        AmountCheck::BelowMinimum { minimum } => fill_in(t_string!(i18n, withdraw.below_minimum), "minimum", minimum.format(lang)),
        AmountCheck::OverBalance { total, available } => {
            fill_in(&fill_in(t_string!(i18n, withdraw.over_balance), "total", total.format(lang)), "available", available.format(lang))
        }
        AmountCheck::OverDaily { left } => fill_in(t_string!(i18n, withdraw.over_daily), "left", left.format(lang)),
        AmountCheck::OverMonthly { left } => fill_in(t_string!(i18n, withdraw.over_monthly), "left", left.format(lang)),
        AmountCheck::WrongCurrency { currency } => {
            fill_in(t_string!(i18n, withdraw.wrong_currency), "currency", currency_name(i18n, currency))
        }
    })
}

/// The review: what leaves the balance, the 2FA code, "Confirm withdrawal"; then the outcome.
#[component]
fn WithdrawReview(form: WithdrawForm, withdraw: WithdrawAction, review: (BankAccount, Money, Money, Money)) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let (account, amount, fee, total) = review;
    let account_text = format!("{} {} · {}", account.currency.code(), account.masked_number, account.holder_name);
    let account_id = StoredValue::new(account.id.clone());
    let unknown = move || withdraw.value().with(|v| v.as_ref().is_some_and(outcome_unknown));
    let done = move || withdraw.value().with(|v| matches!(v, Some(Ok(_))));
    let on_confirm = move |event: SubmitEvent| {
        event.prevent_default();
        if withdraw.pending().get_untracked() || unknown() || done() {
            return;
        }
        let code = form.code.get_untracked();
        if let Some(problem) = code_problem(&code) {
            form.code_message.set(Some(problem));
            focus_first_invalid();
            return;
        }
        form.code_message.set(None);
        let request = WithdrawalRequest { bank_account_id: account_id.get_value(), amount, code };
        let key = form.key.current();
        form.sent.set(Some((request.clone(), key.clone())));
        withdraw.value().set(None);
        withdraw.dispatch_local((request, key));
    };
    let retry = move |_| {
        if withdraw.pending().get_untracked() {
            return;
        }
        if let Some(sent) = form.sent.get_untracked() {
            withdraw.dispatch_local(sent);
        }
    };
    let outcome = move || {
        withdraw.value().get().map(|result| match result {
            Ok(detail) => {
                let id = detail.withdrawal.id.clone();
                view! {
                    <div class="notice notice-ok" data-testid="withdraw-done">
                        <p>{move || fill_in(t_string!(i18n, withdraw.done), "id", &id)}</p>
                        <p>
                            <A href=Page::Withdrawal(detail.withdrawal.id.clone()).path() attr:data-testid="withdrawal-link">
                                {t!(i18n, withdraw.track)}
                            </A>
                        </p>
                    </div>
                }
                .into_any()
            }
            Err(error) if outcome_unknown(&Err::<(), _>(error.clone())) => view! {
                <div class="notice notice-warning" data-testid="withdraw-unknown">
                    <p>{t!(i18n, withdraw.unknown)}</p>
                    <button type="button" class="button" on:click=retry disabled=move || withdraw.pending().get() data-testid="withdraw-retry">
                        {t!(i18n, withdraw.retry)}
                    </button>
                </div>
            }
            .into_any(),
            Err(error) if is_code_refusal(&error) => ().into_any(),
            Err(error) => view! { <WithdrawRefusal error /> }.into_any(),
        })
    };
    view! {
        <section class="card withdraw-step review-panel" data-testid="withdraw-review-panel" aria-labelledby="withdraw-review-heading">
            <h2 id="withdraw-review-heading" tabindex="-1">{t!(i18n, withdraw.review_heading)}</h2>
            <dl class="facts">
                <dt>{t!(i18n, withdraw.to)}</dt>
                <dd data-testid="review-account">{account_text}</dd>
                <dt>{t!(i18n, withdraw.amount)}</dt>
                <dd data-testid="review-amount">{move || amount.format(lang())}</dd>
                <dt>{t!(i18n, withdraw.fee)}</dt>
                <dd data-testid="review-fee">{move || fee.format(lang())}</dd>
                <dt>{t!(i18n, withdraw.total)}</dt>
                <dd data-testid="review-total"><strong>{move || total.format(lang())}</strong></dd>
            </dl>
            <p class="muted">{t!(i18n, withdraw.held_note)}</p>
            <Show when=move || !done()>
                <form class="review-confirm" on:submit=on_confirm novalidate>
                    <CodeInput
                        id="withdraw-code"
                        label=move || t_string!(i18n, withdraw.code_label).to_string()
                        value=form.code
                        error=in_language(i18n, form.code_message)
                        hint=Signal::derive(move || t_string!(i18n, withdraw.code_hint).to_string())
                    />
                    <button
                        type="submit"
                        class="button"
                        disabled=move || withdraw.pending().get() || unknown()
                        data-testid="confirm-withdraw"
                    >
                        {t!(i18n, withdraw.confirm)}
                    </button>
                </form>
            </Show>
            <div aria-live="polite" data-testid="withdraw-outcome">{outcome}</div>
        </section>
    }
}

/// A refused withdrawal: why, and what to do.
#[component]
fn WithdrawRefusal(error: ApiError) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || lang_of(i18n.get_locale());
    let detail = match &error {
        ApiError::Server { error, .. } => error.detail(),
        _ => None,
    };
    let code = error.code();
    let extra = move || -> Option<AnyView> {
        match (code, detail.clone()) {
            (Some(ErrorCode::TwoFactorRequired), _) => Some(
                view! { <A href=Page::TwoFactor.with_query(&[("suggested", "1")]) attr:data-testid="turn-on-2fa">{t!(i18n, withdraw.turn_on_2fa)}</A> }.into_any(),
            ),
            (_, Some(ErrorDetail::CoolingOff { until })) => {
                Some(view! { <span>{move || fill_in(t_string!(i18n, withdraw.cooling_off), "until", format_timestamp(lang(), until))}</span> }.into_any())
            }
            (_, Some(ErrorDetail::Minimum { minimum })) => {
                Some(view! { <span>{move || fill_in(t_string!(i18n, withdraw.below_minimum), "minimum", minimum.format(lang()))}</span> }.into_any())
            }
            (_, Some(ErrorDetail::WithdrawalLimit { limit, remaining, .. })) => Some(
                view! {
                    <span>
                        {move || match limit {
                            WithdrawalLimitKind::Daily => fill_in(t_string!(i18n, withdraw.over_daily), "left", remaining.format(lang())),
                            WithdrawalLimitKind::Monthly => fill_in(t_string!(i18n, withdraw.over_monthly), "left", remaining.format(lang())),
                        }}
                    </span>
                }
                .into_any(),
            ),
            (Some(ErrorCode::AccountRestricted), _) => Some(
                view! { <A href=Page::Restrictions.path() attr:data-testid="restrictions-link">{t!(i18n, withdraw.restricted_link)}</A> }.into_any(),
            ),
            _ => None,
        }
    };
    let text = error.clone();
    view! {
        <div class="notice notice-error" role="alert" data-testid="withdraw-refused" data-code=code.map(|c| c.as_str().to_string())>
            <p>{move || error_message(i18n, &text)}</p>
            <p>{extra}</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> WithdrawalRules {
        WithdrawalRules {
            minimum_minor: 1_000,
            fee_fixed_minor: 200,
            fee_bps: 10,
            daily_limit_minor: 5_000_00,
            monthly_limit_minor: 20_000_00,
            review_above_minor: 0,
            cooling_off_secs: 0,
            two_factor: true,
            withdrawn_today: vec![Money::new(4_000_00, Currency::CNY)],
            withdrawn_this_month: vec![],
            available: vec![Money::new(2_000_00, Currency::CNY)],
            restrictions: vec![],
        }
    }

    #[test]
    fn an_amount_under_the_minimum_is_refused_with_the_minimum() {
        let check = check_amount(Money::new(999, Currency::CNY), Currency::CNY, &rules());
        assert_eq!(check, AmountCheck::BelowMinimum { minimum: Money::new(1_000, Currency::CNY) });
    }

    #[test]
    fn an_amount_over_what_is_left_of_today_says_what_is_left() {
        let check = check_amount(Money::new(1_500_00, Currency::CNY), Currency::CNY, &rules());
        assert_eq!(check, AmountCheck::OverDaily { left: Money::new(1_000_00, Currency::CNY) });
    }

    #[test]
    fn the_fee_counts_against_the_balance() {
        let mut rules = rules();
        rules.withdrawn_today.clear();
        let check = check_amount(Money::new(2_000_00, Currency::CNY), Currency::CNY, &rules);
        assert!(matches!(check, AmountCheck::OverBalance { .. }), "{check:?}");
        assert_eq!(check_amount(Money::new(100_00, Currency::CNY), Currency::CNY, &rules), AmountCheck::Fine);
    }

    #[test]
    fn an_amount_in_another_currency_than_the_account_is_refused() {
        let check = check_amount(Money::new(100_00, Currency::USD), Currency::CNY, &rules());
        assert_eq!(check, AmountCheck::WrongCurrency { currency: Currency::CNY });
    }
}
