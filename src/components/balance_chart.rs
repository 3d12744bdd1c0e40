//! The dashboard's 30-day balance chart: one small line chart per currency (their sizes differ
//! too much to share an axis), each with a spoken summary and its numbers as a hidden table.

use leptos::prelude::*;
use wallet_api::{BalanceSeries, Money, Timestamp};

use crate::components::amount::{Amount, HIDDEN_AMOUNT};
use crate::components::hide_amounts::use_hide_amounts;
use crate::components::text_field::fill_in;
use crate::i18n::*;
use crate::prefs::lang_of;
use crate::time::format_utc_day_ending;

/// The drawing's size in SVG units; CSS scales it to the column.
const VIEW_WIDTH: f64 = 360.0;
const VIEW_HEIGHT: f64 = 150.0;
/// Where the line is drawn: right of the amount labels, above the day labels.
const PLOT: Plot = Plot { left: 92.0, top: 12.0, width: 260.0, height: 100.0 };
const DAY_LABEL_Y: f64 = 136.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Plot {
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
}

/// The vertical range drawn: from zero (or the lowest balance, if below zero) to the highest,
/// so that a small change does not look like a fall off a cliff.
pub fn value_range(points: &[i64]) -> (i64, i64) {
    let low = points.iter().copied().min().unwrap_or(0).min(0);
    let high = points.iter().copied().max().unwrap_or(0).max(low + 1);
    (low, high)
}

/// Each point's position in the plot: days evenly left to right, the range bottom to top
/// (SVG's y grows downwards). A single day sits in the middle.
pub fn chart_coordinates(points: &[i64], plot: Plot) -> Vec<(f64, f64)> {
    let (low, high) = value_range(points);
    let span = (high - low) as f64;
    let steps = points.len().saturating_sub(1);
    points
        .iter()
        .enumerate()
        .map(|(i, &value)| {
            let x = if steps == 0 { plot.left + plot.width / 2.0 } else { plot.left + plot.width * i as f64 / steps as f64 };
            let y = plot.top + plot.height * (1.0 - (value - low) as f64 / span);
            (x, y)
        })
        .collect()
}

/// The `points` attribute of an SVG polyline.
pub fn polyline_points(coordinates: &[(f64, f64)]) -> String {
    coordinates.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect::<Vec<_>>().join(" ")
}

/// Every currency's chart; `days` are the ends (UTC midnights) of the days the points close.
#[component]
pub fn BalanceChart(days: Vec<Timestamp>, series: Vec<BalanceSeries>) -> impl IntoView {
    let i18n = use_i18n();
    if days.is_empty() || series.is_empty() {
        return view! { <p class="muted" data-testid="balance-chart">{t!(i18n, wallet.chart_empty)}</p> }.into_any();
    }
    let charts = series.into_iter().map(|series| view! { <CurrencyChart days=days.clone() series /> }).collect_view();
    view! { <div class="balance-charts" data-testid="balance-chart">{charts}</div> }.into_any()
}

#[component]
fn CurrencyChart(days: Vec<Timestamp>, series: BalanceSeries) -> impl IntoView {
    let i18n = use_i18n();
    let hide = use_hide_amounts();
    let currency = series.currency;
    let count = days.len().min(series.points.len());
    let (days, points) = (days[..count].to_vec(), series.points[..count].to_vec());
    let line = polyline_points(&chart_coordinates(&points, PLOT));
    let (low, high) = value_range(&points);
    let (first_day, last_day) = (days.first().copied().unwrap_or_default(), days.last().copied().unwrap_or_default());
    let (start, end) = (points.first().copied().unwrap_or_default(), points.last().copied().unwrap_or_default());
    let money = move |minor: i64| Money::new(minor, currency);
    let lang = move || lang_of(i18n.get_locale());
    let shown = move |minor: i64| if hide.hidden() { HIDDEN_AMOUNT.to_string() } else { money(minor).format(lang()) };
    let summary = move || {
        let (from, to) = (format_utc_day_ending(lang(), first_day), format_utc_day_ending(lang(), last_day));
        let text = if hide.hidden() {
            t_string!(i18n, wallet.chart_summary_hidden).to_string()
        } else {
            let text = fill_in(t_string!(i18n, wallet.chart_summary), "start", money(start).format(lang()));
            let text = fill_in(&text, "end", money(end).format(lang()));
            fill_in(&text, "highest", money(high).format(lang()))
        };
        fill_in(&fill_in(&fill_in(&text, "currency", currency.code()), "from", from), "to", to)
    };
    let title_id = format!("balance-chart-title-{}", currency.code());
    let labelled_by = title_id.clone();
    let rows = days
        .iter()
        .zip(points.iter())
        .map(|(&day, &minor)| {
            view! {
                <tr>
                    <th scope="row">{move || format_utc_day_ending(lang(), day)}</th>
                    <td><Amount money=money(minor) /></td>
                </tr>
            }
        })
        .collect_view();
    let bottom = PLOT.top + PLOT.height;
    view! {
        <figure class="balance-chart" data-currency=currency.code()>
            <figcaption class="balance-chart-caption">{currency.code()}</figcaption>
            <svg
                viewBox=format!("0 0 {VIEW_WIDTH} {VIEW_HEIGHT}")
                role="img"
                aria-labelledby=labelled_by
                focusable="false"
            >
                <title id=title_id>{summary}</title>
                <line class="chart-grid" x1=PLOT.left y1=PLOT.top x2=PLOT.left + PLOT.width y2=PLOT.top />
                <line class="chart-axis" x1=PLOT.left y1=bottom x2=PLOT.left + PLOT.width y2=bottom />
                <text class="chart-label chart-label-value" x=PLOT.left - 6.0 y=PLOT.top + 4.0>{move || shown(high)}</text>
                <text class="chart-label chart-label-value" x=PLOT.left - 6.0 y=bottom + 4.0>{move || shown(low)}</text>
                <polyline class="balance-line" points=line />
                <text class="chart-label chart-label-start" x=PLOT.left y=DAY_LABEL_Y>
                    {move || format_utc_day_ending(lang(), first_day)}
                </text>
                <text class="chart-label chart-label-end" x=PLOT.left + PLOT.width y=DAY_LABEL_Y>
                    {move || format_utc_day_ending(lang(), last_day)}
                </text>
            </svg>
            // Hidden by its wrapper: a table grows to fit its cells whatever its own width.
            <div class="visually-hidden">
            <table>
                <caption>{summary}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, wallet.chart_day)}</th>
                        <th scope="col">{t!(i18n, wallet.chart_balance)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            </div>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOX: Plot = Plot { left: 10.0, top: 0.0, width: 100.0, height: 50.0 };

    #[test]
    fn the_range_runs_from_zero_to_the_highest_balance() {
        assert_eq!(value_range(&[200_000, 150_000, 180_000]), (0, 200_000));
        assert_eq!(value_range(&[-500, 1_000]), (-500, 1_000));
    }

    #[test]
    fn an_empty_or_all_zero_series_still_has_a_range_to_divide_by() {
        assert_eq!(value_range(&[]), (0, 1));
        assert_eq!(value_range(&[0, 0]), (0, 1));
    }

    #[test]
    fn the_first_day_is_drawn_at_the_left_and_the_last_at_the_right() {
        let points = chart_coordinates(&[0, 50, 100], BOX);
        assert_eq!(points, vec![(10.0, 50.0), (60.0, 25.0), (110.0, 0.0)]);
    }

    #[test]
    fn a_zero_balance_lies_on_the_bottom_edge() {
        let points = chart_coordinates(&[0, 0], BOX);
        assert_eq!(points, vec![(10.0, 50.0), (110.0, 50.0)]);
    }

    #[test]
    fn a_single_day_is_drawn_in_the_middle() {
        assert_eq!(chart_coordinates(&[7], BOX), vec![(60.0, 0.0)]);
    }

    #[test]
    fn coordinates_become_a_polyline_attribute() {
        assert_eq!(polyline_points(&[(10.0, 50.0), (60.26, 0.0)]), "10.0,50.0 60.3,0.0");
    }
}
