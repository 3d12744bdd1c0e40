use leptos::prelude::*;

use crate::i18n::*;
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
            let label = format!("{hour:02}:00 · {wait} min");
            view! {
                <rect
                    class="wait-bar"
                    class:wait-bar-now=move || current_hour.get() == Some(hour)
                    x=(hour * BAR + 2).to_string()
                    y=(PLOT_HEIGHT - height + 10).to_string()
                    width=(BAR - 4).to_string()
                    height=height.to_string()
                >
                    <title>{label}</title>
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
    view! {
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
