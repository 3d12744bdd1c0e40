use leptos::prelude::*;
use leptos_meta::Title;
use std::time::Duration;

use crate::brand::use_brand;
use crate::brand_file::{Brand, Hotline};
use crate::components::call_checklist::CallChecklist;
use crate::components::call_notes_panel::CallNotesPanel;
use crate::components::hotline_status::HotlineStatus;
use crate::components::wait_chart::WaitChart;
use crate::hours::{day_ranges, OpeningHours, Weekday};
use crate::i18n::*;
use crate::prefs::lang_of;
use crate::time;

/// The hotlines with click-to-call links, their hours and whether they are open now.
#[component]
pub fn ContactPage() -> impl IntoView {
    let i18n = use_i18n();
    let brand = use_brand();
    let now = RwSignal::new(time::now_millis());
    if cfg!(target_arch = "wasm32") {
        if let Ok(handle) = set_interval_with_handle(move || now.set(time::now_millis()), Duration::from_secs(30)) {
            on_cleanup(move || handle.clear());
        }
    }
    let content = move || match brand.get() {
        Some(Ok(brand)) => view! { <ContactDetails brand now=now.into() /> }.into_any(),
        Some(Err(_)) => view! {
            <p class="notice notice-error" role="alert">{t!(i18n, contact.brand_unavailable)}</p>
        }
        .into_any(),
        None => view! { <p>{t!(i18n, app.loading)}</p> }.into_any(),
    };
    view! {
        <Title text=move || t_string!(i18n, contact.title).to_string() />
        <h1>{t!(i18n, contact.title)}</h1>
        <p class="lead">{t!(i18n, contact.intro)}</p>
        {content}
    }
}

#[component]
fn ContactDetails(brand: Brand, now: Signal<f64>) -> impl IntoView {
    let i18n = use_i18n();
    let zone = brand.time_zone.clone();
    let zone_name = move || time::zone_name(Some(&zone), lang_of(i18n.get_locale()));
    let email = brand.support_email.clone();
    let wait_zone = zone_name.clone();
    let wait = (!brand.expected_wait_minutes.is_empty()).then(|| {
        view! {
            <section class="card" aria-labelledby="wait-heading">
                <h2 id="wait-heading">{t!(i18n, contact.wait_heading)}</h2>
                <p>{t!(i18n, contact.wait_intro, zone = wait_zone.clone())}</p>
                <WaitChart minutes=brand.expected_wait_minutes.clone() time_zone=brand.time_zone.clone() now />
            </section>
        }
    });
    let lines = brand
        .hotlines
        .into_iter()
        .map(|line| view! { <HotlineCard line time_zone=brand.time_zone.clone() now /> })
        .collect_view();
    view! {
        <section aria-labelledby="hotlines-heading">
            <h2 id="hotlines-heading">{t!(i18n, contact.hotlines_heading)}</h2>
            <p class="muted">{t!(i18n, contact.hours_in_zone, zone = zone_name)}</p>
            <div class="hotline-grid">{lines}</div>
        </section>
        {wait}
        <BeforeYouCall />
        <section class="card" aria-labelledby="email-heading">
            <h2 id="email-heading">{t!(i18n, contact.email_heading)}</h2>
            <p>{t!(i18n, contact.email_intro)}</p>
            <p><a href=format!("mailto:{email}")>{email.clone()}</a></p>
        </section>
        <CallNotesPanel />
    }
}

/// What the agent will ask for (filled in when signed in), and how to make the call go well.
#[component]
fn BeforeYouCall() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="two-columns">
            <CallChecklist />
            <section class="card" aria-labelledby="tips-heading">
                <h2 id="tips-heading">{t!(i18n, contact.tips_heading)}</h2>
                <ul>
                    <li>{t!(i18n, contact.tip_clear)}</li>
                    <li>{t!(i18n, contact.tip_peak)}</li>
                    <li>{t!(i18n, contact.tip_hold)}</li>
                    <li>{t!(i18n, contact.tip_notes)}</li>
                    <li><strong>{t!(i18n, contact.tip_never)}</strong></li>
                </ul>
            </section>
        </div>
    }
}

#[component]
fn HotlineCard(line: Hotline, time_zone: String, now: Signal<f64>) -> impl IntoView {
    let i18n = use_i18n();
    let heading_id = format!("hotline-{}", line.id);
    let labelled_by = heading_id.clone();
    let label = line.label.clone();
    let number = line.number.clone();
    let rows = line.hours.iter().cloned().map(|hours| view! { <HoursRow hours /> }).collect_view();
    view! {
        <article class="card hotline" aria-labelledby=labelled_by data-testid="hotline">
            <h3 id=heading_id>{move || label.get(lang_of(i18n.get_locale())).to_string()}</h3>
            <a class="hotline-number" href=line.tel_href() data-testid="hotline-call">
                <span class="visually-hidden">{t!(i18n, contact.call, number = number.clone())}</span>
                <span aria-hidden="true">{line.number.clone()}</span>
            </a>
            <HotlineStatus hotline_id=line.id.clone() hours=line.hours.clone() time_zone now />
            <table class="hours">
                <caption>{t!(i18n, contact.hours_heading)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, contact.hours_days)}</th>
                        <th scope="col">{t!(i18n, contact.hours_hotline_time)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </article>
    }
}

#[component]
fn HoursRow(hours: OpeningHours) -> impl IntoView {
    let i18n = use_i18n();
    let day_name = move |day: Weekday| match day {
        Weekday::Mon => t_string!(i18n, days.mon),
        Weekday::Tue => t_string!(i18n, days.tue),
        Weekday::Wed => t_string!(i18n, days.wed),
        Weekday::Thu => t_string!(i18n, days.thu),
        Weekday::Fri => t_string!(i18n, days.fri),
        Weekday::Sat => t_string!(i18n, days.sat),
        Weekday::Sun => t_string!(i18n, days.sun),
    };
    let days = day_ranges(&hours.days)
        .into_iter()
        .map(|(from, to)| {
            if from == to {
                view! { <span class="day-range">{move || day_name(from)}</span> }.into_any()
            } else {
                let (from, to) = (move || day_name(from), move || day_name(to));
                view! { <span class="day-range">{t!(i18n, days.range, from, to)}</span> }.into_any()
            }
        })
        .collect_view();
    let all_day = hours.is_all_day();
    let span = format!("{}–{}", hours.open, hours.close);
    view! {
        <tr>
            <td>{days}</td>
            <td>{move || if all_day { t_string!(i18n, contact.all_day).to_string() } else { span.clone() }}</td>
        </tr>
    }
}
