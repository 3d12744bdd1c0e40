use leptos::prelude::*;

use crate::components::text_field::fill_in;
use crate::i18n::*;
use crate::prefs::lang_of;
use crate::time;

const WIDTH: u32 = 480;
const PLOT_HEIGHT: u32 = 120;
const BAR: u32 = WIDTH / 24;

/// Expected waiting time for each hour of the day as a bar chart, the current hour marked,
/// with the same numbers as a table for screen readers and for reading exact values.
#[component]
pub fn WaitChart(minutes: Vec<u32>, time_zone: String, #[prop(into)] now: Signal<f64>) -> impl IntoView {
    let i18n = use_i18n();
    let zone = time_zone.clone();
    let time_zone_for_summary = time_zone.clone();
    let current_hour = Memo::new(move |_| {
        time::week_minute_in(&zone, now.get()).map(|m| (m.0 % (24 * 60)) / 60)
    });
    let highest = minutes.iter().copied().max().unwrap_or(1).max(1);
    let bars = minutes
        .iter()
        .enumerate()
        .map(|(hour, &wait)| {
            let hour = hour as u32;
            let height = (wait * PLOT_HEIGHT / highest).max(2);
            view! {
                <rect
                    class="wait-bar"
                    class:wait-bar-now=move || current_hour.get() == Some(hour)
                    x=(hour * BAR + 2).to_string()
                    y=(PLOT_HEIGHT - height + 10).to_string()
                    width=(BAR - 4).to_string()
                    height=height.to_string()
                >
                    <title>{format!("{hour:02}:00 · ")}{t!(i18n, contact.wait_minutes, minutes = wait)}</title>
                </rect>
            }
        })
        .collect_view();
    let ticks = (0..24u32)
        .step_by(3)
        .map(|hour| {
            view! {
                <text class="wait-tick" x=(hour * BAR + BAR / 2).to_string() y=(PLOT_HEIGHT + 28).to_string()>
                    {format!("{hour:02}")}
                </text>
            }
        })
        .collect_view();
    let rows = minutes
        .iter()
        .enumerate()
        .map(|(hour, &wait)| {
            view! {
                <tr>
                    <td>{format!("{hour:02}:00")}</td>
                    <td>{t!(i18n, contact.wait_minutes, minutes = wait)}</td>
                </tr>
            }
        })
        .collect_view();
    let summary_minutes = minutes.clone();
    view! {
        <WaitSummary minutes=summary_minutes time_zone=time_zone_for_summary now />
        <figure class="wait-chart" data-testid="wait-chart">
            <svg viewBox=format!("0 0 {WIDTH} {}", PLOT_HEIGHT + 36) role="img" aria-labelledby="wait-heading">
                {bars}
                {ticks}
            </svg>
            <details>
                <summary>{t!(i18n, contact.wait_table)}</summary>
                <table class="hours">
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, contact.wait_hour)}</th>
                            <th scope="col">{t!(i18n, contact.wait_expected)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </details>
        </figure>
    }
}

/// The first hour a quiet window may start, and the last (calls are about daytime matters).
const QUIET_FROM: u32 = 8;
const QUIET_LAST_START: u32 = 20;
const QUIET_HOURS: u32 = 2;

/// The quietest two-hour window starting at `from_hour` or later (daytime only): its first
/// hour and its average wait in minutes. Ties go to the earliest.
pub fn quiet_window(minutes: &[u32], from_hour: u32) -> Option<(u32, u32)> {
    (from_hour.max(QUIET_FROM)..=QUIET_LAST_START)
        .filter(|start| ((start + QUIET_HOURS) as usize) <= minutes.len())
        .map(|start| {
            let window = &minutes[start as usize..(start + QUIET_HOURS) as usize];
            (start, window.iter().sum::<u32>() / QUIET_HOURS)
        })
        .min_by_key(|&(start, wait)| (wait, start))
}

/// The waiting time in words: now, and the quietest time still ahead today (or tomorrow),
/// in the reader's own time.
#[component]
fn WaitSummary(minutes: Vec<u32>, time_zone: String, now: Signal<f64>) -> impl IntoView {
    let i18n = use_i18n();
    let text = move || {
        let lang = lang_of(i18n.get_locale());
        let at = now.get();
        let here = time::week_minute_in(&time_zone, at)?;
        let minute_of_day = here.0 % (24 * 60);
        let hour = minute_of_day / 60;
        let now_text = fill_in(t_string!(i18n, contact.wait_now_words), "minutes", minutes.get(hour as usize)?);
        let (window, tomorrow) = match quiet_window(&minutes, hour + 1) {
            Some(window) => (window, false),
            None => (quiet_window(&minutes, 0)?, true),
        };
        let (start, wait) = window;
        // The window's start and end as moments, shown in the reader's own zone.
        let day_offset = if tomorrow { 24 * 60 } else { 0 };
        let moment = |hour: u32| at + f64::from(day_offset + hour * 60) * 60_000.0 - f64::from(minute_of_day) * 60_000.0;
        let from = time::format_local_time(moment(start), moment(start), lang);
        let to = time::format_local_time(moment(start + QUIET_HOURS), moment(start + QUIET_HOURS), lang);
        let quiet = if tomorrow { t_string!(i18n, contact.wait_quiet_tomorrow) } else { t_string!(i18n, contact.wait_quiet_today) };
        let quiet = fill_in(&fill_in(&fill_in(quiet, "from", from), "to", to), "minutes", wait);
        // Chinese sentences follow each other without a space.
        let gap = if lang == wallet_api::Lang::ZhCn { "" } else { " " };
        Some(format!("{now_text}{gap}{quiet}"))
    };
    view! { <p class="wait-summary" data-testid="wait-summary">{text}</p> }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: [u32; 24] = [2, 1, 1, 1, 1, 1, 2, 4, 9, 15, 18, 16, 12, 14, 17, 15, 12, 10, 11, 13, 10, 7, 4, 3];

    #[test]
    fn the_quietest_window_is_the_daytime_pair_of_hours_with_the_shortest_wait() {
        // The night is quieter still, but only daytime windows are offered.
        assert_eq!(quiet_window(&DAY, 0), Some((20, 8)));
        let mut afternoon = [10; 24];
        afternoon[14] = 3;
        afternoon[15] = 5;
        assert_eq!(quiet_window(&afternoon, 9), Some((14, 4)));
        // Only what is still ahead counts.
        assert_eq!(quiet_window(&afternoon, 15), Some((15, 7)));
    }

    #[test]
    fn after_the_last_daytime_window_has_started_there_is_none_left_today() {
        assert_eq!(quiet_window(&DAY, 21), None);
    }

    #[test]
    fn too_few_hours_of_data_give_no_window_rather_than_a_panic() {
        assert_eq!(quiet_window(&[3, 4], 0), None);
    }
}
