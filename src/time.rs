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
