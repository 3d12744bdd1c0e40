use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::components::A;
use wallet_api::{SecurityCheckup, SignInResult};

use crate::api;
use crate::components::error_notice::{error_message, ErrorNotice};
use crate::components::form::focus_first_invalid;
use crate::components::load_error::load_error;
use crate::components::reauth_dialog::{Reauth, ReauthDialog};
use crate::components::require_sign_in::RequireSignIn;
use crate::components::text_field::fill_in;
use crate::components::text_field::TextField;
use crate::i18n::*;
use crate::pages::security::sessions::SignInTable;
use crate::routes::Page;
use crate::session::use_session;
use crate::time;

/// The longest anti-phishing phrase, in characters.
pub const PHRASE_MAX_CHARS: usize = 40;
/// Past this age a password is worth changing (a nudge, not a rule).
const PASSWORD_OLD_DAYS: i64 = 365;
/// Recovery codes left at which we suggest making new ones.
pub const FEW_RECOVERY_CODES: u32 = 3;

/// The security check-up: what is in good shape, what needs attention and where to act; the
/// recent sign-ins; and the anti-phishing phrase.
#[component]
pub fn SecurityPage() -> impl IntoView {
    // Kept outside `RequireSignIn`, which builds its content again whenever the session is re-read.
    let phrase_outcome = RwSignal::new(None::<PhraseOutcome>);
    view! {
        <RequireSignIn>
            <SecurityContent phrase_outcome />
        </RequireSignIn>
    }
}

#[component]
fn SecurityContent(phrase_outcome: RwSignal<Option<PhraseOutcome>>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    // Changing the phrase is a sensitive change: the password (and 2FA code) is confirmed first
    // when the last confirmation has lapsed.
    let reauth = Reauth::new();
    let save_phrase = Action::new_local(move |phrase: &String| {
        let phrase = phrase.clone();
        async move {
            let result = reauth.run(|| api::set_anti_phishing_phrase(phrase.clone())).await;
            if result.is_ok() {
                phrase_outcome.set(Some(if phrase.is_empty() { PhraseOutcome::Removed } else { PhraseOutcome::Saved }));
                session.reload();
            }
            result
        }
    });
    let checkup = LocalResource::new(move || {
        save_phrase.version().get();
        api::security_checkup()
    });
    let content = move || {
        Suspend::new(async move {
            checkup.await.map(|checkup| {
                let recent = checkup.recent_sign_ins.iter().take(5).cloned().collect::<Vec<_>>();
                view! {
                    <CheckList checkup />
                    <section class="card" aria-labelledby="recent-heading" data-testid="recent-sign-ins">
                        <h2 id="recent-heading">{t!(i18n, security.recent_heading)}</h2>
                        <SignInTable events=recent />
                        <p><A href=Page::Sessions.path()>{t!(i18n, security.recent_all)}</A></p>
                    </section>
                }
            })
        })
    };
    view! {
        <Title text=move || t_string!(i18n, security.title).to_string() />
        <h1>{t!(i18n, security.title)}</h1>
        <p class="lead">{t!(i18n, security.intro)}</p>
        <Transition fallback=move || view! { <p>{t!(i18n, app.loading)}</p> }>
            <ErrorBoundary fallback=load_error>{content}</ErrorBoundary>
        </Transition>
        <PhraseForm save_phrase outcome=phrase_outcome />
        <section class="card" aria-labelledby="channels-heading">
            <h2 id="channels-heading">{t!(i18n, security.channels_heading)}</h2>
            <p>{t!(i18n, security.channels_intro)}</p>
            <p><A href=Page::OfficialChannels.path()>{t!(i18n, security.channels_link)}</A></p>
        </section>
        <section class="card" aria-labelledby="restrictions-link-heading">
            <h2 id="restrictions-link-heading">{t!(i18n, security.restrictions_heading)}</h2>
            <p>{t!(i18n, security.restrictions_intro)}</p>
            <p><A href=Page::Restrictions.path() attr:data-testid="restrictions-link">{t!(i18n, security.restrictions_link)}</A></p>
        </section>
        <ReauthDialog reauth />
    }
}

/// Whole days from `since` to `now` (Unix seconds), never negative.
pub fn days_since(since: i64, now: i64) -> i64 {
    ((now - since) / 86_400).max(0)
}

/// One line of the check-up, with what it found.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Check {
    TwoFactor { on: bool },
    RecoveryCodes { left: u32 },
    Password { days: i64 },
    /// Live sessions, and how many of the others are on a device the account had not used.
    Sessions { count: u32, new_devices: u32 },
    SignIns { failed: usize },
    Phrase { set: bool },
}

impl Check {
    fn all(checkup: &SecurityCheckup, now: i64) -> Vec<Check> {
        let recent = checkup.recent_sign_ins.iter().take(5);
        let mut checks = vec![Check::TwoFactor { on: checkup.two_factor }];
        if checkup.two_factor {
            checks.push(Check::RecoveryCodes { left: checkup.recovery_codes_left });
        }
        checks.extend([
            Check::Password { days: days_since(checkup.password_changed_at, now) },
            Check::Sessions { count: checkup.active_sessions, new_devices: checkup.new_device_sessions },
            Check::SignIns { failed: recent.filter(|e| e.result != SignInResult::Success || e.reported).count() },
            Check::Phrase { set: checkup.anti_phishing_phrase.is_some() },
        ]);
        checks
    }

    fn good(self) -> bool {
        match self {
            Check::TwoFactor { on } => on,
            Check::RecoveryCodes { left } => left > FEW_RECOVERY_CODES,
            Check::Password { days } => days <= PASSWORD_OLD_DAYS,
            Check::Sessions { new_devices, .. } => new_devices == 0,
            Check::SignIns { failed } => failed == 0,
            Check::Phrase { set } => set,
        }
    }

    fn testid(self) -> &'static str {
        match self {
            Check::TwoFactor { .. } => "check-two-factor",
            Check::RecoveryCodes { .. } => "check-recovery-codes",
            Check::Password { .. } => "check-password",
            Check::Sessions { .. } => "check-sessions",
            Check::SignIns { .. } => "check-sign-ins",
            Check::Phrase { .. } => "check-phrase",
        }
    }

    /// Where to act on it.
    fn href(self) -> String {
        match self {
            Check::TwoFactor { .. } | Check::RecoveryCodes { .. } => Page::TwoFactor.path(),
            Check::Password { .. } => Page::ChangePassword.path(),
            Check::Sessions { .. } | Check::SignIns { .. } => Page::Sessions.path(),
            Check::Phrase { .. } => "#anti-phishing".to_string(),
        }
    }

    fn title(self, i18n: I18nContext<Locale>) -> &'static str {
        match self {
            Check::TwoFactor { .. } => t_string!(i18n, security.two_factor_title),
            Check::RecoveryCodes { .. } => t_string!(i18n, security.codes_title),
            Check::Password { .. } => t_string!(i18n, security.password_title),
            Check::Sessions { .. } => t_string!(i18n, security.sessions_title),
            Check::SignIns { .. } => t_string!(i18n, security.sign_ins_title),
            Check::Phrase { .. } => t_string!(i18n, security.phrase_title),
        }
    }

    fn detail(self, i18n: I18nContext<Locale>) -> String {
        let good = self.good();
        match self {
            Check::TwoFactor { on: true } => t_string!(i18n, security.two_factor_on).to_string(),
            Check::TwoFactor { on: false } => t_string!(i18n, security.two_factor_off).to_string(),
            Check::RecoveryCodes { left } if good => fill_in(t_string!(i18n, security.codes_left), "count", left),
            Check::RecoveryCodes { left } => fill_in(t_string!(i18n, security.codes_few), "count", left),
            Check::Password { days: 0 } => t_string!(i18n, security.password_today).to_string(),
            Check::Password { days: 1 } => t_string!(i18n, security.password_one_day).to_string(),
            Check::Password { days } => fill_in(t_string!(i18n, security.password_days), "days", days),
            Check::Sessions { count: 0 | 1, .. } if good => t_string!(i18n, security.sessions_only_this).to_string(),
            Check::Sessions { count, .. } if good => fill_in(t_string!(i18n, security.sessions_known), "count", count),
            Check::Sessions { new_devices, .. } => fill_in(t_string!(i18n, security.sessions_new_device), "count", new_devices),
            Check::SignIns { .. } if good => t_string!(i18n, security.sign_ins_fine).to_string(),
            Check::SignIns { failed } => fill_in(t_string!(i18n, security.sign_ins_failed), "count", failed),
            Check::Phrase { set: true } => t_string!(i18n, security.phrase_set).to_string(),
            Check::Phrase { set: false } => t_string!(i18n, security.phrase_unset).to_string(),
        }
    }

    fn action(self, i18n: I18nContext<Locale>) -> &'static str {
        match self {
            Check::TwoFactor { on: true } => t_string!(i18n, security.two_factor_manage),
            Check::TwoFactor { on: false } => t_string!(i18n, security.two_factor_turn_on),
            Check::RecoveryCodes { .. } => t_string!(i18n, security.codes_action),
            Check::Password { .. } => t_string!(i18n, security.password_action),
            Check::Sessions { .. } => t_string!(i18n, security.sessions_action),
            Check::SignIns { .. } => t_string!(i18n, security.sign_ins_action),
            Check::Phrase { .. } => t_string!(i18n, security.phrase_action),
        }
    }
}

#[component]
fn CheckList(checkup: SecurityCheckup) -> impl IntoView {
    let i18n = use_i18n();
    let now = (time::now_millis() / 1000.0) as i64;
    let items = Check::all(&checkup, now).into_iter().map(|check| view! { <CheckItem check /> }).collect_view();
    view! {
        <section aria-labelledby="checks-heading">
            <h2 id="checks-heading">{t!(i18n, security.checks_heading)}</h2>
            <ul class="check-list">{items}</ul>
        </section>
    }
}

/// One check: its state in words (not only colour), what was found, and where to act.
#[component]
fn CheckItem(check: Check) -> impl IntoView {
    let i18n = use_i18n();
    let good = check.good();
    let action = move || check.action(i18n);
    let href = check.href();
    let link = if href.starts_with('#') {
        view! { <a href=href>{action}</a> }.into_any()
    } else {
        view! { <A href=href>{action}</A> }.into_any()
    };
    view! {
        <li class="card check" data-state=if good { "good" } else { "attention" } data-testid=check.testid()>
            <span class="check-icon" aria-hidden="true">{if good { "✓" } else { "!" }}</span>
            <div class="check-text">
                <h3>{move || check.title(i18n)}</h3>
                <p class="check-state">
                    {move || if good { t_string!(i18n, security.state_good) } else { t_string!(i18n, security.state_attention) }}
                </p>
                <p>{move || check.detail(i18n)}</p>
                <p>{link}</p>
            </div>
        </li>
    }
}

#[derive(Clone, Copy, PartialEq)]
enum PhraseOutcome {
    Saved,
    Removed,
}

/// Whether a phrase can be saved: at most [`PHRASE_MAX_CHARS`] characters (not bytes).
pub fn phrase_fits(phrase: &str) -> bool {
    phrase.chars().count() <= PHRASE_MAX_CHARS
}

/// Set, change or remove the anti-phishing phrase, with what it is for.
#[component]
fn PhraseForm(
    save_phrase: Action<String, Result<api::NoContent, api::ApiError>>,
    outcome: RwSignal<Option<PhraseOutcome>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let current = move || session.user().and_then(|user| user.anti_phishing_phrase);
    let phrase = RwSignal::new(current().unwrap_or_default());
    let too_long = RwSignal::new(false);
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let value = phrase.get_untracked().trim().to_string();
        too_long.set(!phrase_fits(&value));
        if too_long.get_untracked() {
            focus_first_invalid();
        } else {
            outcome.set(None);
            save_phrase.dispatch_local(value);
        }
    };
    let remove = move |_| {
        phrase.set(String::new());
        too_long.set(false);
        outcome.set(None);
        save_phrase.dispatch_local(String::new());
    };
    let count = move || phrase.with(|p| p.trim().chars().count());
    let server_error = move || save_phrase.value().get().and_then(Result::err);
    let at_field = |error: &api::ApiError| error.field() == Some("phrase");
    let field_error = Signal::derive(move || {
        if too_long.get() {
            return Some(fill_in(t_string!(i18n, security.phrase_too_long), "max", PHRASE_MAX_CHARS));
        }
        server_error().filter(at_field).map(|error| error_message(i18n, &error))
    });
    view! {
        <section id="anti-phishing" class="card" aria-labelledby="phrase-heading" data-testid="phrase-section">
            <h2 id="phrase-heading">{t!(i18n, security.phrase_heading)}</h2>
            <p>{t!(i18n, security.phrase_explain)}</p>
            <p>{t!(i18n, security.phrase_warning)}</p>
            <p class="phrase" data-testid="current-phrase">
                {move || match current() {
                    Some(phrase) => view! { <strong>{fill_in(t_string!(i18n, security.phrase_current), "phrase", &phrase)}</strong> }.into_any(),
                    None => view! { <span>{t_string!(i18n, security.phrase_none)}</span> }.into_any(),
                }}
            </p>
            <form class="stack" on:submit=on_submit novalidate>
                <TextField
                    id="phrase-input"
                    label=Signal::derive(move || t_string!(i18n, security.phrase_label).to_string())
                    value=phrase
                    hint=Signal::derive(move || fill_in(&fill_in(t_string!(i18n, security.phrase_hint), "count", count()), "max", PHRASE_MAX_CHARS))
                    error=field_error
                    autocomplete="off"
                />
                <div class="button-row">
                    <button type="submit" class="primary" disabled=move || save_phrase.pending().get() data-testid="phrase-save">
                        {t!(i18n, security.phrase_save)}
                    </button>
                    <Show when=move || current().is_some()>
                        <button type="button" disabled=move || save_phrase.pending().get() on:click=remove data-testid="phrase-remove">
                            {t!(i18n, security.phrase_remove)}
                        </button>
                    </Show>
                </div>
                <div aria-live="polite" data-testid="phrase-result">
                    {move || server_error().filter(|e| !at_field(e)).map(|error| view! { <ErrorNotice error /> })}
                    {move || outcome.get().map(|done| view! {
                        <p class="notice notice-ok">
                            {move || match done {
                                PhraseOutcome::Saved => t_string!(i18n, security.phrase_saved).to_string(),
                                PhraseOutcome::Removed => t_string!(i18n, security.phrase_removed).to_string(),
                            }}
                        </p>
                    })}
                </div>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phrase_of_forty_chinese_characters_fits_but_forty_one_does_not() {
        assert!(phrase_fits(&"安".repeat(40)));
        assert!(!phrase_fits(&"安".repeat(41)));
        assert!(phrase_fits(""));
    }

    fn checkup(two_factor: bool, recovery_codes_left: u32) -> SecurityCheckup {
        SecurityCheckup {
            two_factor,
            recovery_codes_left,
            password_changed_at: 0,
            active_sessions: 1,
            new_device_sessions: 0,
            recent_sign_ins: Vec::new(),
            anti_phishing_phrase: None,
        }
    }

    #[test]
    fn recovery_codes_are_checked_only_when_two_factor_is_on() {
        let off = Check::all(&checkup(false, 0), 0);
        assert!(!off.iter().any(|c| matches!(c, Check::RecoveryCodes { .. })));
        assert_eq!(off[0], Check::TwoFactor { on: false });
        assert!(!off[0].good());
        let on = Check::all(&checkup(true, 10), 0);
        assert_eq!(on[1], Check::RecoveryCodes { left: 10 });
    }

    #[test]
    fn two_sessions_of_ones_own_are_fine_and_one_on_a_new_device_needs_attention() {
        assert!(Check::Sessions { count: 2, new_devices: 0 }.good());
        assert!(!Check::Sessions { count: 2, new_devices: 1 }.good());
    }

    #[test]
    fn three_recovery_codes_left_need_attention_and_four_do_not() {
        assert!(!Check::RecoveryCodes { left: 3 }.good());
        assert!(Check::RecoveryCodes { left: 4 }.good());
    }

    #[test]
    fn a_password_changed_forty_days_ago_is_forty_days_old() {
        let now = 1_800_000_000;
        assert_eq!(days_since(now - 40 * 86_400 - 5, now), 40);
        assert_eq!(days_since(now + 100, now), 0);
    }
}
