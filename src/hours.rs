//! Opening hours of a hotline, as written in `brand.json`, and whether it is open at a given
//! moment of the week. Pure logic: the clock and time zones are the caller's (see `time`).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    pub const ALL: [Weekday; 7] =
        [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];

    pub fn index(self) -> u32 {
        self as u32
    }

    /// From the English short name `Intl` gives in the `en-US` locale ("Mon", "Tue", ...).
    pub fn from_short_english(name: &str) -> Option<Weekday> {
        const NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        NAMES.iter().position(|n| *n == name).map(|i| Weekday::ALL[i])
    }
}

/// A time of day, `00:00` to `24:00` inclusive (`24:00` closes at the end of the day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ClockTime(u16);

const DAY: u32 = 24 * 60;
/// Minutes in a week.
pub const WEEK: u32 = 7 * DAY;

impl ClockTime {
    pub fn parse(text: &str) -> Option<ClockTime> {
        let (h, m) = text.split_once(':')?;
        if h.len() != 2 || m.len() != 2 {
            return None;
        }
        let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
        let minutes = h * 60 + m;
        (m < 60 && u32::from(minutes) <= DAY).then_some(ClockTime(minutes))
    }

    pub fn minutes(self) -> u32 {
        u32::from(self.0)
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

impl Serialize for ClockTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        ClockTime::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("{text:?} is not a time HH:MM")))
    }
}

/// The line is open from `open` to `close` on each of `days`. A `close` earlier than `open`
/// runs past midnight into the next day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpeningHours {
    pub days: Vec<Weekday>,
    pub open: ClockTime,
    pub close: ClockTime,
}

impl OpeningHours {
    pub fn is_all_day(&self) -> bool {
        self.open.minutes() == 0 && self.close.minutes() == DAY
    }
}

/// A moment of the week in the hotline's time zone: minutes since Monday 00:00.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeekMinute(pub u32);

impl WeekMinute {
    pub fn new(day: Weekday, hour: u32, minute: u32) -> WeekMinute {
        WeekMinute((day.index() * DAY + hour * 60 + minute) % WEEK)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineStatus {
    AlwaysOpen,
    Open { closes_in_minutes: u32 },
    Closed { opens_in_minutes: u32 },
    NeverOpen,
}

pub fn status(hours: &[OpeningHours], now: WeekMinute) -> LineStatus {
    let open = open_minutes(hours);
    if open.iter().all(|&o| o) {
        return LineStatus::AlwaysOpen;
    }
    if !open.iter().any(|&o| o) {
        return LineStatus::NeverOpen;
    }
    let is_open_now = open[now.0 as usize];
    let minutes_until_change = (1..WEEK)
        .find(|step| open[((now.0 + step) % WEEK) as usize] != is_open_now)
        .unwrap_or(WEEK);
    if is_open_now {
        LineStatus::Open { closes_in_minutes: minutes_until_change }
    } else {
        LineStatus::Closed { opens_in_minutes: minutes_until_change }
    }
}

/// Which minutes of the week the line is open.
fn open_minutes(hours: &[OpeningHours]) -> Vec<bool> {
    let mut open = vec![false; WEEK as usize];
    for entry in hours {
        let (start, end) = (entry.open.minutes(), entry.close.minutes());
        if end == start {
            continue;
        }
        let length = if end > start { end - start } else { DAY - start + end };
        for day in &entry.days {
            let first = day.index() * DAY + start;
            for minute in first..first + length {
                open[(minute % WEEK) as usize] = true;
            }
        }
    }
    open
}

/// Consecutive runs of days, for labels such as "Mon–Fri".
pub fn day_ranges(days: &[Weekday]) -> Vec<(Weekday, Weekday)> {
    let mut sorted = days.to_vec();
    sorted.sort();
    sorted.dedup();
    let mut ranges: Vec<(Weekday, Weekday)> = Vec::new();
    for day in sorted {
        match ranges.last_mut() {
            Some((_, last)) if last.index() + 1 == day.index() => *last = day,
            _ => ranges.push((day, day)),
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hours(days: &[Weekday], open: &str, close: &str) -> OpeningHours {
        OpeningHours {
            days: days.to_vec(),
            open: ClockTime::parse(open).unwrap(),
            close: ClockTime::parse(close).unwrap(),
        }
    }

    const WEEKDAYS: [Weekday; 5] = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri];

    #[test]
    fn a_line_open_all_day_every_day_is_always_open() {
        let line = [hours(&Weekday::ALL, "00:00", "24:00")];
        assert_eq!(status(&line, WeekMinute::new(Weekday::Sun, 23, 59)), LineStatus::AlwaysOpen);
    }

    #[test]
    fn during_office_hours_the_line_is_open_until_closing_time() {
        let line = [hours(&WEEKDAYS, "09:00", "21:00")];
        assert_eq!(
            status(&line, WeekMinute::new(Weekday::Thu, 11, 0)),
            LineStatus::Open { closes_in_minutes: 10 * 60 }
        );
    }

    #[test]
    fn on_friday_night_the_line_opens_again_on_monday_morning() {
        let line = [hours(&WEEKDAYS, "09:00", "21:00")];
        assert_eq!(
            status(&line, WeekMinute::new(Weekday::Fri, 21, 0)),
            LineStatus::Closed { opens_in_minutes: (3 + 48 + 9) * 60 }
        );
    }

    #[test]
    fn on_sunday_night_the_week_wraps_to_monday() {
        let line = [hours(&WEEKDAYS, "09:00", "21:00")];
        assert_eq!(
            status(&line, WeekMinute::new(Weekday::Sun, 23, 30)),
            LineStatus::Closed { opens_in_minutes: 9 * 60 + 30 }
        );
    }

    #[test]
    fn hours_past_midnight_run_into_the_next_day() {
        let line = [hours(&[Weekday::Sat], "20:00", "02:00")];
        assert_eq!(
            status(&line, WeekMinute::new(Weekday::Sun, 1, 0)),
            LineStatus::Open { closes_in_minutes: 60 }
        );
    }

    #[test]
    fn adjoining_entries_are_one_opening() {
        let line = [hours(&[Weekday::Mon], "08:00", "12:00"), hours(&[Weekday::Mon], "12:00", "18:00")];
        assert_eq!(
            status(&line, WeekMinute::new(Weekday::Mon, 10, 0)),
            LineStatus::Open { closes_in_minutes: 8 * 60 }
        );
    }

    #[test]
    fn a_line_without_hours_is_never_open() {
        assert_eq!(status(&[], WeekMinute::new(Weekday::Mon, 10, 0)), LineStatus::NeverOpen);
    }

    #[test]
    fn times_are_read_strictly() {
        assert_eq!(ClockTime::parse("24:00").map(|t| t.minutes()), Some(1440));
        for bad in ["24:01", "9:00", "09:60", "ab:cd", "0900"] {
            assert_eq!(ClockTime::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn consecutive_days_are_grouped() {
        let days = [Weekday::Sat, Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Sun];
        assert_eq!(
            day_ranges(&days),
            vec![(Weekday::Mon, Weekday::Wed), (Weekday::Sat, Weekday::Sun)]
        );
    }
}
