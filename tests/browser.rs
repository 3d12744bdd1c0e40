//! Components mounted in a real browser (wasm-bindgen-test in headless Chromium).
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlSelectElement};

use wallet_web::components::{hotline_status::HotlineStatus, lang_picker::LanguagePicker};
use wallet_web::hours::{ClockTime, OpeningHours, Weekday};
use wallet_web::i18n::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn container() -> HtmlElement {
    let element: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&element).unwrap();
    element
}

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

async fn choose(select: &HtmlSelectElement, value: &str) {
    select.set_value(value);
    select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    leptos::task::tick().await;
}

#[wasm_bindgen_test]
async fn choosing_a_language_translates_the_page_and_is_remembered() {
    storage().remove_item("wallet.lang").unwrap();
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), || {
        view! { <I18nContextProvider><LanguagePicker /></I18nContextProvider> }
    });
    leptos::task::tick().await;
    let select: HtmlSelectElement = root.query_selector("select").unwrap().unwrap().unchecked_into();

    choose(&select, "zh-CN").await;

    let label = root.query_selector("label").unwrap().unwrap().text_content().unwrap();
    assert_eq!(label, "语言");
    assert_eq!(storage().get_item("wallet.lang").unwrap().as_deref(), Some("zh-CN"));
    assert_eq!(document().document_element().unwrap().get_attribute("lang").as_deref(), Some("zh-CN"));

    choose(&select, "en").await;

    let label = root.query_selector("label").unwrap().unwrap().text_content().unwrap();
    assert_eq!(label, "Language");
    assert_eq!(storage().get_item("wallet.lang").unwrap().as_deref(), Some("en"));
}

fn office_hours() -> Vec<OpeningHours> {
    vec![OpeningHours {
        days: vec![Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri],
        open: ClockTime::parse("09:00").unwrap(),
        close: ClockTime::parse("21:00").unwrap(),
    }]
}

/// Thursday 26 November 2026, 11:00 in Shanghai (03:00 UTC).
const THURSDAY_MORNING_IN_SHANGHAI: f64 = 1_795_662_000_000.0;

/// Mounts a hotline's status for office hours in `time_zone` and returns its element.
async fn mount_status(time_zone: &'static str, now: Signal<f64>) -> web_sys::Element {
    let root = container();
    let mounted = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <I18nContextProvider>
                <HotlineStatus
                    hotline_id="test".to_string()
                    hours=office_hours()
                    time_zone=time_zone.to_string()
                    now=now
                />
            </I18nContextProvider>
        }
    });
    mounted.forget();
    leptos::task::tick().await;
    root.query_selector("[data-testid=open-now]").unwrap().unwrap()
}

#[wasm_bindgen_test]
async fn a_hotline_is_shown_open_or_closed_by_the_clock_in_its_own_time_zone() {
    let now = RwSignal::new(THURSDAY_MORNING_IN_SHANGHAI);
    let status = mount_status("Asia/Shanghai", now.into()).await;
    assert_eq!(status.get_attribute("data-state").as_deref(), Some("open"));

    // Twelve hours later it is 23:00 in Shanghai: closed until Friday 09:00.
    now.set(THURSDAY_MORNING_IN_SHANGHAI + 12.0 * 3_600_000.0);
    leptos::task::tick().await;
    assert_eq!(status.get_attribute("data-state").as_deref(), Some("closed"));
}

#[wasm_bindgen_test]
async fn an_unknown_time_zone_in_the_brand_file_makes_no_claim() {
    let status = mount_status("Mars/Olympus_Mons", Signal::stored(THURSDAY_MORNING_IN_SHANGHAI)).await;
    assert_eq!(status.get_attribute("data-state").as_deref(), Some("unknown"));
}

#[wasm_bindgen_test]
async fn an_insufficient_balance_failure_offers_a_top_up_of_exactly_the_missing_amount() {
    use wallet_api::{Currency, ErrorCode, ErrorDetail, Money};
    use wallet_web::components::payment_failure::PaymentFailure;
    storage().set_item("wallet.lang", "en").unwrap();
    let error = wallet_web::api::ServerError::new(ErrorCode::InsufficientFunds, "short").with_detail(&ErrorDetail::Shortfall {
        available: Money::new(1_000, Currency::CNY),
        needed: Money::new(3_003, Currency::CNY),
        missing: Money::new(2_003, Currency::CNY),
        transaction_id: Some("TABCDEFGHJKLM".into()),
    });
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <I18nContextProvider>
                <leptos_router::components::Router>
                    <PaymentFailure error=error.clone() />
                </leptos_router::components::Router>
            </I18nContextProvider>
        }
    });
    leptos::task::tick().await;

    let failure = root.query_selector("[data-testid=payment-failure]").unwrap().expect("the failure is shown");
    assert_eq!(failure.get_attribute("data-code").as_deref(), Some("INSUFFICIENT_FUNDS"));
    let link = root.query_selector("[data-testid=top-up-link]").unwrap().expect("a top-up link");
    assert_eq!(link.get_attribute("href").as_deref(), Some("/wallet/top-up?amount=20.03&currency=CNY"));
    assert!(link.text_content().unwrap().contains("20.03"), "{:?}", link.text_content());
}

#[wasm_bindgen_test]
async fn a_payment_refused_by_a_lock_says_until_when_why_and_links_to_the_unlock() {
    use wallet_api::{ErrorCode, ErrorDetail, LockReason};
    use wallet_web::components::payment_failure::PaymentFailure;
    storage().set_item("wallet.lang", "en").unwrap();
    let error = wallet_web::api::ServerError::new(ErrorCode::AccountLocked, "locked")
        .with_detail(&ErrorDetail::Locked { reason: LockReason::FailedAttempts, until: 1_900_000_000 });
    let root = container();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <I18nContextProvider>
                <leptos_router::components::Router>
                    <PaymentFailure error=error.clone() />
                </leptos_router::components::Router>
            </I18nContextProvider>
        }
    });
    leptos::task::tick().await;

    let failure = root.query_selector("[data-testid=payment-failure]").unwrap().expect("the failure is shown");
    assert_eq!(failure.get_attribute("data-code").as_deref(), Some("ACCOUNT_LOCKED"));
    let until = root.query_selector("[data-testid=failure-lock-until]").unwrap().expect("until when").text_content().unwrap();
    assert!(until.contains("locked until") && until.contains("2030"), "{until}");
    let why = root.query_selector("[data-testid=failure-lock-reason]").unwrap().expect("why").text_content().unwrap();
    assert!(why.contains("too many wrong passwords"), "{why}");
    let unlock = root.query_selector("[data-testid=unlock-link]").unwrap().expect("the unlock link");
    assert_eq!(unlock.get_attribute("href").as_deref(), Some("/unlock"));
    assert!(root.query_selector("a[href='/help/account-locked']").unwrap().is_some(), "the article on locks");
    assert!(root.query_selector("[data-testid=try-again]").unwrap().is_none(), "no retry while locked");
}

/// Its children, in `locale` (set once mounted, after the provider has chosen its own).
#[component]
fn InLocale(locale: Locale, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| i18n.set_locale(locale));
    children()
}

/// Mounts one stage of a withdrawal's timeline in `locale`, expected by Thursday 26 November
/// 2026, 13:00 in Shanghai, and returns its element.
async fn mount_stage(
    locale: Locale,
    state: wallet_api::WithdrawalState,
    status: wallet_api::StageStatus,
    at: Option<i64>,
    late: bool,
) -> web_sys::Element {
    use wallet_web::pages::withdrawals::detail::Stage;
    let stage = wallet_api::WithdrawalStage { state, status, at, expected_at: Some(1_795_669_200), late };
    let root = container();
    let mounted = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <I18nContextProvider>
                <InLocale locale>
                    <leptos_router::components::Router>
                        <Stage stage=stage.clone() id="TABCDEFGHJKLM".to_string() />
                    </leptos_router::components::Router>
                </InLocale>
            </I18nContextProvider>
        }
    });
    mounted.forget();
    leptos::task::tick().await;
    leptos::task::tick().await;
    root.query_selector("[data-testid=stage]").unwrap().expect("the stage is shown")
}

#[wasm_bindgen_test]
async fn a_late_withdrawal_stage_is_the_current_step_marked_late_with_the_wizard_for_this_withdrawal() {
    use wallet_api::{StageStatus, WithdrawalState};
    let stage = mount_stage(Locale::en, WithdrawalState::Processing, StageStatus::Current, Some(1_795_662_000), true).await;

    assert_eq!(stage.get_attribute("data-status").as_deref(), Some("current"));
    assert_eq!(stage.get_attribute("aria-current").as_deref(), Some("step"));
    let text = stage.text_content().unwrap();
    assert!(text.contains("Processing by the bank") && text.contains("(now)") && text.contains("since "), "{text}");
    let late = stage.query_selector("[data-testid=stage-late]").unwrap().expect("marked late");
    assert_eq!(late.text_content().as_deref(), Some("Late"));
    let help = stage.query_selector("a").unwrap().expect("the wizard's link");
    assert_eq!(help.get_attribute("href").as_deref(), Some("/help/wizard/withdrawal?transaction=TABCDEFGHJKLM"));
}

#[wasm_bindgen_test]
async fn a_withdrawal_stage_ahead_says_in_chinese_when_it_is_expected_and_is_not_marked_late() {
    use wallet_api::{StageStatus, WithdrawalState};
    let stage = mount_stage(Locale::zh_CN, WithdrawalState::Completed, StageStatus::Ahead, None, false).await;

    assert_eq!(stage.get_attribute("data-status").as_deref(), Some("ahead"));
    assert_eq!(stage.get_attribute("aria-current"), None);
    let text = stage.text_content().unwrap();
    assert!(text.contains("已完成") && text.contains("尚未开始") && text.contains("预计"), "{text}");
    assert!(stage.query_selector("[data-testid=stage-late]").unwrap().is_none(), "not late");
    assert!(stage.query_selector("a").unwrap().is_none(), "no help link when on time");
}
