//! The account's time zone (IANA, from the browser): mails give times in it, with the zone
//! named, instead of in UTC.

use jiff::tz::TimeZone;
use wallet_api::Lang;

/// Longer names are not zones (the longest IANA name is about 32 characters).
const MAX_NAME: usize = 64;

/// Whether `name` is a time zone this server knows (`Asia/Shanghai`, `Europe/London`, `UTC`).
pub fn is_known(name: &str) -> bool {
    name.len() <= MAX_NAME && TimeZone::get(name).is_ok()
}

/// `unix_secs` as a date and time in `zone` with its offset and name, in `lang`'s punctuation:
/// `2026-11-26 11:00 (UTC+08:00, Asia/Shanghai)`; in UTC when there is no known zone.
pub fn time_text(unix_secs: i64, zone: Option<&str>, lang: Lang) -> String {
    let known = zone.and_then(|name| Some((name, TimeZone::get(name).ok()?)));
    let (Some((name, tz)), Ok(at)) = (known, jiff::Timestamp::from_second(unix_secs)) else {
        return utc_text(unix_secs);
    };
    let local = at.to_zoned_datetime(tz);
    let (when, offset) = (local.strftime("%Y-%m-%d %H:%M"), local.strftime("%:z"));
    match lang {
        Lang::ZhCn => format!("{when}（UTC{offset}，{name}）"),
        Lang::En => format!("{when} (UTC{offset}, {name})"),
    }
}

/// `2026-11-26 04:30 UTC`: for an account whose time zone is not known, and for operators.
pub fn utc_text(unix_secs: i64) -> String {
    let t = crate::clock::UtcTime::at(unix_secs);
    format!("{:04}-{:02}-{:02} {:02}:{:02} UTC", t.year, t.month, t.day, t.hour, t.minute)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_text_writes_the_calendar_date() {
        assert_eq!(utc_text(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc_text(1_795_660_200), "2026-11-26 02:30 UTC");
        assert_eq!(utc_text(951_782_400), "2000-02-29 00:00 UTC");
    }

    const LOCK_END: i64 = 1_795_660_200; // 2026-11-26 02:30 UTC

    #[test]
    fn a_time_is_written_in_the_accounts_zone_with_its_offset_and_name() {
        assert_eq!(time_text(LOCK_END, Some("Asia/Shanghai"), Lang::ZhCn), "2026-11-26 10:30（UTC+08:00，Asia/Shanghai）");
        assert_eq!(time_text(LOCK_END, Some("America/New_York"), Lang::En), "2026-11-25 21:30 (UTC-05:00, America/New_York)");
    }

    #[test]
    fn without_a_known_zone_the_time_is_in_utc() {
        assert_eq!(time_text(LOCK_END, None, Lang::En), "2026-11-26 02:30 UTC");
        assert_eq!(time_text(LOCK_END, Some("Mars/Olympus_Mons"), Lang::ZhCn), "2026-11-26 02:30 UTC");
    }

    #[test]
    fn only_real_zones_of_a_sane_length_are_known() {
        assert!(is_known("Asia/Shanghai"));
        assert!(is_known("UTC"));
        assert!(!is_known("Asia/Atlantis"));
        assert!(!is_known(&"A".repeat(200)));
        assert!(!is_known("../../etc/passwd"));
    }
}
