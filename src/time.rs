//! Clocks and time zones through the browser's `Intl`, so that the hotline's hours (in its own
//! time zone) can be compared with now and shown in the reader's time zone and language.
//! Natively (the pre-renderer) there is no clock worth rendering: these answer "unknown".

use js_sys::{Array, Date, Function, Intl, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wallet_api::Lang;

use crate::hours::{WeekMinute, Weekday};

fn options(pairs: &[(&str, &str)]) -> Object {
    let object = Object::new();
    for (key, value) in pairs {
        let _ = Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    object
}

/// `new Intl.DateTimeFormat(locale, options)`, or `None` where it throws (an unknown time zone
/// in the brand file must not take the page down).
fn date_time_format(locale: &str, pairs: &[(&str, &str)]) -> Option<Intl::DateTimeFormat> {
    let intl = Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let constructor: Function = Reflect::get(&intl, &"DateTimeFormat".into()).ok()?.dyn_into().ok()?;
    let arguments = Array::of2(&JsValue::from_str(locale), &options(pairs));
    Reflect::construct(&constructor, &arguments).ok().map(JsCast::unchecked_into)
}

fn parts(locale: &str, pairs: &[(&str, &str)], at: &Date) -> Vec<(String, String)> {
    let Some(format) = date_time_format(locale, pairs) else {
        return Vec::new();
    };
    format
        .format_to_parts(at)
        .iter()
        .filter_map(|part| {
            let kind = Reflect::get(&part, &"type".into()).ok()?.as_string()?;
            let value = Reflect::get(&part, &"value".into()).ok()?.as_string()?;
            Some((kind, value))
        })
        .collect()
}

const IN_BROWSER: bool = cfg!(target_arch = "wasm32");

/// The reader's own IANA time zone (`Asia/Shanghai`), for the times in the account's mails.
pub fn browser_time_zone() -> Option<String> {
    if !IN_BROWSER {
        return None;
    }
    let format = date_time_format("en-US", &[])?;
    Reflect::get(&format.resolved_options(), &"timeZone".into()).ok()?.as_string()
}

pub fn now_millis() -> f64 {
    if IN_BROWSER { Date::now() } else { 0.0 }
}

fn date(millis: f64) -> Date {
    Date::new(&JsValue::from_f64(millis))
}

/// The moment of the week `at` is in `time_zone`, or `None` for a zone the browser does not
/// know.
pub fn week_minute_in(time_zone: &str, at_millis: f64) -> Option<WeekMinute> {
    if !IN_BROWSER {
        return None;
    }
    let at = &date(at_millis);
    let pairs = [
        ("timeZone", time_zone),
        ("weekday", "short"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
        ("hourCycle", "h23"),
    ];
    let found = parts("en-US", &pairs, at);
    let get = |kind: &str| found.iter().find(|(k, _)| k == kind).map(|(_, v)| v.clone());
    let day = Weekday::from_short_english(&get("weekday")?)?;
    let hour: u32 = get("hour")?.parse().ok()?;
    let minute: u32 = get("minute")?.parse().ok()?;
    Some(WeekMinute::new(day, hour % 24, minute))
}

/// `at` as a time of day in the reader's own time zone, with the weekday when it is not today.
pub fn format_local_time(at_millis: f64, now_millis: f64, lang: Lang) -> String {
    if !IN_BROWSER {
        return String::new();
    }
    let (at, now) = (&date(at_millis), &date(now_millis));
    let same_day = at.get_date() == now.get_date() && at.get_month() == now.get_month();
    let mut pairs = vec![("hour", "2-digit"), ("minute", "2-digit"), ("hourCycle", "h23")];
    if !same_day {
        pairs.push(("weekday", "short"));
    }
    parts(lang.tag(), &pairs, at).into_iter().map(|(_, v)| v).collect()
}

/// The long name of `time_zone` ("China Standard Time", "中国标准时间"); the reader's own zone
/// when `None`.
pub fn zone_name(time_zone: Option<&str>, lang: Lang) -> String {
    if !IN_BROWSER {
        return time_zone.unwrap_or_default().to_string();
    }
    let mut pairs = vec![("timeZoneName", "long")];
    if let Some(zone) = time_zone {
        pairs.push(("timeZone", zone));
    }
    let at = Date::new_0();
    parts(lang.tag(), &pairs, &at)
        .into_iter()
        .find(|(k, _)| k == "timeZoneName")
        .map(|(_, v)| v)
        .unwrap_or_else(|| time_zone.unwrap_or_default().to_string())
}

/// A Unix-seconds timestamp as a date and time in the reader's own time zone and language,
/// with the zone's short name (a lock's end, a sign-in's time). Empty natively.
pub fn format_timestamp(lang: Lang, secs: i64) -> String {
    if !IN_BROWSER {
        return String::new();
    }
    let pairs = [
        ("year", "numeric"),
        ("month", "short"),
        ("day", "numeric"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
        ("hourCycle", "h23"),
        ("timeZoneName", "short"),
    ];
    parts(lang.tag(), &pairs, &date(secs as f64 * 1000.0)).into_iter().map(|(_, v)| v).collect()
}

/// A `YYYY-MM-DD` date (what `<input type=date>` gives) as year, month and day, if it names a
/// real calendar day.
pub fn parse_date(text: &str) -> Option<(u32, u32, u32)> {
    let mut fields = text.split('-');
    let (year, month, day) = (fields.next()?, fields.next()?, fields.next()?);
    if fields.next().is_some() || year.len() != 4 || month.len() != 2 || day.len() != 2 {
        return None;
    }
    let number = |digits: &str| digits.bytes().all(|b| b.is_ascii_digit()).then(|| digits.parse::<u32>().ok()).flatten();
    let (year, month, day) = (number(year)?, number(month)?, number(day)?);
    let valid = year >= 1000 && (1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day);
    valid.then_some((year, month, day))
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Unix seconds of the reader's local midnight `days_later` days after the start of `date`
/// (`YYYY-MM-DD`); `None` for a non-date, and natively.
fn local_midnight(date: &str, days_later: u32) -> Option<i64> {
    let (year, month, day) = parse_date(date)?;
    if !IN_BROWSER {
        return None;
    }
    // JavaScript rolls day 32 over into the next month (and year), in local time.
    let at = Date::new_with_year_month_day(year, month as i32 - 1, (day + days_later) as i32);
    Some((at.get_time() / 1000.0).floor() as i64)
}

/// The start of a local calendar day, as the inclusive `from` of a date range.
pub fn local_day_start(date: &str) -> Option<i64> {
    local_midnight(date, 0)
}

/// The start of the local day after `date`: the exclusive `to` of a range ending on `date`.
pub fn local_day_end(date: &str) -> Option<i64> {
    local_midnight(date, 1)
}

/// The UTC calendar day that ends at the midnight `end_secs` ("3 Mar", "3月3日"), in the
/// reader's language: the balance chart's points are the closing balances of UTC days, each
/// given by its end. Empty natively.
pub fn format_utc_day_ending(lang: Lang, end_secs: i64) -> String {
    if !IN_BROWSER {
        return String::new();
    }
    let pairs = [("timeZone", "UTC"), ("month", "short"), ("day", "numeric")];
    let last_second = (end_secs - 1) as f64 * 1000.0;
    parts(lang.tag(), &pairs, &date(last_second)).into_iter().map(|(_, v)| v).collect()
}

/// A Unix-seconds timestamp as a date alone in the reader's time zone ("3 Mar 2025").
pub fn format_date(lang: Lang, secs: i64) -> String {
    if !IN_BROWSER {
        return String::new();
    }
    let pairs = [("year", "numeric"), ("month", "short"), ("day", "numeric")];
    parts(lang.tag(), &pairs, &date(secs as f64 * 1000.0)).into_iter().map(|(_, v)| v).collect()
}

#[cfg(test)]
mod date_tests {
    use super::*;

    #[test]
    fn a_date_input_value_is_read_as_year_month_and_day() {
        assert_eq!(parse_date("2025-03-09"), Some((2025, 3, 9)));
        assert_eq!(parse_date("2024-02-29"), Some((2024, 2, 29)));
    }

    #[test]
    fn text_that_is_not_a_calendar_day_is_not_a_date() {
        for text in ["", "2025-3-9", "2025-02-29", "2100-02-29", "2025-13-01", "2025-04-31", "2025-01-00", "+025-01-01", "2025-01-01-01", "0999-01-01"] {
            assert_eq!(parse_date(text), None, "{text}");
        }
    }

    #[test]
    fn natively_there_is_no_local_midnight() {
        assert_eq!(local_day_start("2025-03-09"), None);
        assert_eq!(local_day_end("not a date"), None);
    }
}
