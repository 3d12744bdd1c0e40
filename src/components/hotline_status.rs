use leptos::prelude::*;

use crate::hours::{status, LineStatus, OpeningHours};
use crate::i18n::*;
use crate::prefs::lang_of;
use crate::time;

/// "Open now · closes at 21:00 your time": whether a hotline answers at `now`, judged in the
/// hotline's time zone and told in the reader's.
#[component]
pub fn HotlineStatus(
    hotline_id: String,
    hours: Vec<OpeningHours>,
    time_zone: String,
    #[prop(into)] now: Signal<f64>,
) -> impl IntoView {
    let i18n = use_i18n();
    let current = Memo::new(move |_| {
        time::week_minute_in(&time_zone, now.get()).map(|minute| status(&hours, minute))
    });
    let change_time = move |minutes: u32| {
        let now = now.get();
        time::format_local_time(now + f64::from(minutes) * 60_000.0, now, lang_of(i18n.get_locale()))
    };
    let state = move || match current.get() {
        Some(LineStatus::AlwaysOpen | LineStatus::Open { .. }) => "open",
        Some(LineStatus::Closed { .. } | LineStatus::NeverOpen) => "closed",
        None => "unknown",
    };
    view! {
        <p class="line-status" data-testid="open-now" data-hotline=hotline_id data-state=state>
            <span class="line-status-dot" aria-hidden="true"></span>
            {move || match current.get() {
                Some(LineStatus::AlwaysOpen) => {
                    view! {
                        <strong>{t!(i18n, contact.open_now)}</strong>
                        <span>{t!(i18n, contact.open_always)}</span>
                    }
                        .into_any()
                }
                Some(LineStatus::Open { closes_in_minutes }) => {
                    let time = change_time(closes_in_minutes);
                    view! {
                        <strong>{t!(i18n, contact.open_now)}</strong>
                        <span>{t!(i18n, contact.closes_at, time)}</span>
                    }
                        .into_any()
                }
                Some(LineStatus::Closed { opens_in_minutes }) => {
                    let time = change_time(opens_in_minutes);
                    view! {
                        <strong>{t!(i18n, contact.closed_now)}</strong>
                        <span>{t!(i18n, contact.opens_at, time)}</span>
                    }
                        .into_any()
                }
                Some(LineStatus::NeverOpen) => {
                    view! { <strong>{t!(i18n, contact.closed_now)}</strong> }.into_any()
                }
                // A time zone the browser does not know: better no claim than a wrong one.
                None => ().into_any(),
            }}
        </p>
    }
}
